"""The codec: records to plain JSON-ready dictionaries and back (checked), and to the
positional rows held inside sealed values and back (trusted when whole)."""

from __future__ import annotations

import dataclasses
import json
from collections.abc import Callable
from datetime import date, time
from typing import Any

import pytest
from hypothesis import example, given
from hypothesis import strategies as st

from parentrus_desktop.domain import (
    Agency,
    Celebration,
    CheckIn,
    Child,
    Consent,
    Contact,
    EngagementPlan,
    Family,
    FollowUp,
    InvalidRecord,
    MentorLogEntry,
    Record,
    Referral,
    School,
    Session,
    StaffMember,
    TalkThrough,
    Venue,
    new_record_id,
)
from parentrus_desktop.domain.codec import RECORD_TYPES, record_from_dict, record_to_dict
from parentrus_desktop.domain.family import _CODE_ALPHABET, LATEST_YEAR_GROUP
from parentrus_desktop.domain.row_form import field_order, record_from_row, record_to_row
from parentrus_desktop.domain.safeguarding import PassedOnTo, WorryPassedOn
from parentrus_desktop.domain.session import LONGEST_SESSION_MINUTES, SINGLE_FAMILY_KINDS
from parentrus_desktop.domain.validation import LONGEST_SHORT_TEXT
from parentrus_desktop.domain.vocabulary import (
    ActionOwner,
    AgencyCategory,
    Barrier,
    CelebrationCategory,
    CheckInQuestion,
    ConsentMethod,
    ConsentScope,
    ContactMethod,
    FamilyStatus,
    FollowUpStatus,
    MentorLogKind,
    NonAttendanceReason,
    ReferralStatus,
    SessionKind,
    SessionStatus,
    StaffRole,
    Topic,
    VenueCategory,
)

FAMILY = "a" * 32
OTHER_FAMILY = "b" * 32


def _rich_records() -> dict[str, Record]:
    """One record of every kind with every optional field filled in."""
    day = date(2024, 3, 14)
    return {
        "family": Family(
            id=new_record_id(),
            code="K7Q-4M",
            carers=("Amina", "محمد"),
            children=(
                Child(
                    first_name="Zoë",
                    school_id="c" * 32,
                    year_group=2,
                    class_teacher="7" * 32,
                    key_contact="8" * 32,
                ),
                Child(first_name="Ravi"),
            ),
            languages=("ar", "en", "pa-Arab"),
            interpreter_needed=True,
            contact=Contact(
                method=ContactMethod.TEXT_MESSAGE, phone="+44 7700 900123", best_times="After 3pm"
            ),
            aspirations="Read together every night",
            barriers=(Barrier.LANGUAGE, Barrier.TRANSPORT),
            barrier_other="Night shifts",
            status=FamilyStatus.CLOSED,
            joined_on=date(2023, 9, 1),
            closed_on=day,
            plan=EngagementPlan(
                goals="Parents' evening", strategies="Go together", review_on=date(2024, 4, 1)
            ),
            notes="家庭笔记\nसाथ में पढ़ना",
        ),
        "consent": Consent(
            id=new_record_id(),
            family=FAMILY,
            scope=ConsentScope.REFERRAL,
            agreed=True,
            wording_version="2024-01",
            language="ur",
            given_on=day,
            method=ConsentMethod.WITH_INTERPRETER,
            school_contact_limits="Only the SENCo",
            referral="d" * 32,
            withdrawn_on=date(2024, 5, 1),
        ),
        "session": Session(
            id=new_record_id(),
            session_kind=SessionKind.GROUP,
            venue_category=VenueCategory.COMMUNITY_CENTRE,
            venue="e" * 32,
            on=day,
            starts_at=time(18, 45),
            minutes=95,
            families=(FAMILY, OTHER_FAMILY),
            others=3,
            languages=("so", "en"),
            interpreter_used=True,
            topics=(Topic.READING, Topic.OTHER),
            topic_other="Library cards",
            notes="Κείμενο",
            status=SessionStatus.DID_NOT_ATTEND,
            non_attendance_reason=NonAttendanceReason.WORK,
            entered_on=date(2024, 3, 20),
        ),
        "follow_up": FollowUp(
            id=new_record_id(),
            family=FAMILY,
            session="f" * 32,
            owner=ActionOwner.SCHOOL,
            what="Ask for a translated report",
            due_on=day,
            status=FollowUpStatus.DONE,
            school="c" * 32,
            school_answer="Sent in Arabic",
            answered_on=day,
            done_on=day,
            raised_on=date(2024, 3, 1),
            school_role=StaffRole.SPECIAL_NEEDS_COORDINATOR,
        ),
        "referral": Referral(
            id=new_record_id(),
            family=FAMILY,
            category=AgencyCategory.LANGUAGE_CLASSES,
            agency="1" * 32,
            made_on=day,
            consent_given=True,
            status=ReferralStatus.IN_TOUCH,
            notes="ESOL on Tuesdays",
        ),
        "celebration": Celebration(
            id=new_record_id(),
            family=FAMILY,
            category=CelebrationCategory.FIRST_SCHOOL_MEETING,
            on=day,
            notes="¡Lo logró!",
        ),
        "check_in": CheckIn(
            id=new_record_id(),
            family=FAMILY,
            on=day,
            answers={q: i % 5 + 1 for i, q in enumerate(CheckInQuestion)},
            notes="Mostly 4s",
        ),
        "mentor_log": MentorLogEntry(
            id=new_record_id(),
            entry_kind=MentorLogKind.WELLBEING,
            on=day,
            minutes=30,
            notes="Walk",
        ),
        "venue": Venue(id=new_record_id(), name="Café Rouge", category=VenueCategory.CAFE),
        "agency": Agency(
            id=new_record_id(),
            name="Shelter",
            category=AgencyCategory.HOUSING,
            how_to_reach="0808 800 4444",
        ),
        "school": School(
            id=new_record_id(),
            name="Oakfield Primary",
            hub_address="https://hub.oakfield.example",
            staff=(
                StaffMember(
                    id="7" * 32,
                    role=StaffRole.CLASS_TEACHER,
                    name="Mrs Okafor",
                    how_to_reach="Office phone, Tuesday mornings",
                ),
                StaffMember(id="8" * 32, role=StaffRole.KEY_CONTACT, name="Mr Diallo"),
            ),
        ),
        "worry_passed_on": WorryPassedOn(
            id=new_record_id(),
            family=FAMILY,
            on=day,
            at=time(16, 5),
            to=PassedOnTo.CHILDRENS_SOCIAL_CARE,
            words="Told the duty desk, ref. 4471",
        ),
        "talk_through": TalkThrough(
            id=new_record_id(),
            family=FAMILY,
            session=new_record_id(),
            words="Dad said the landlord shouts at the children. هل هذا مقلق؟",
            raised_on=day,
            talked_on=date(2024, 4, 2),
        ),
    }


def _through_json(plain: dict[str, Any]) -> dict[str, Any]:
    """What comes back after the dictionary is written out as JSON and read in again."""
    result = json.loads(json.dumps(plain, ensure_ascii=False))
    assert isinstance(result, dict)
    return result


def _row_through_json(row: list[Any]) -> list[Any]:
    """What comes back after a sealed row is written out as JSON and read in again."""
    result = json.loads(json.dumps(row, ensure_ascii=False, separators=(",", ":")))
    assert isinstance(result, list)
    return result


def _assert_round_trips(record: Record) -> None:
    plain = _through_json(record_to_dict(record))
    checked = record_from_dict(record.kind, plain)
    assert checked == record
    assert type(checked) is type(record)
    assert record_to_dict(checked) == record_to_dict(record)
    row = _row_through_json(record_to_row(record))
    rebuilt = record_from_row(record.kind, row)
    assert rebuilt == record
    assert type(rebuilt) is type(record)
    assert record_to_row(rebuilt) == row
    assert record_to_dict(rebuilt) == record_to_dict(record)


def test_every_kind_has_a_rich_example() -> None:
    assert set(_rich_records()) == set(RECORD_TYPES)


@pytest.mark.parametrize("kind", sorted(RECORD_TYPES))
def test_every_kind_round_trips(kind: str) -> None:
    _assert_round_trips(_rich_records()[kind])


@pytest.mark.parametrize("kind", sorted(RECORD_TYPES))
def test_every_minimal_record_round_trips(kind: str, build: Callable[..., Record]) -> None:
    _assert_round_trips(build(kind))


def test_the_plain_form_is_plain() -> None:
    plain = record_to_dict(_rich_records()["session"])
    assert plain["on"] == "2024-03-14"
    assert plain["starts_at"] == "18:45"
    assert plain["session_kind"] == "group"
    assert type(plain["session_kind"]) is str
    assert plain["topics"] == ["reading", "other"]
    assert plain["families"] == [FAMILY, OTHER_FAMILY]
    assert plain["venue"] == "e" * 32
    assert "kind" not in plain  # the kind is stored in the clear beside the sealed value
    family = record_to_dict(_rich_records()["family"])
    assert family["contact"] == {
        "method": "text_message",
        "phone": "+44 7700 900123",
        "best_times": "After 3pm",
    }
    assert family["children"][1] == {
        "first_name": "Ravi",
        "school_id": None,
        "year_group": None,
        "class_teacher": None,
        "key_contact": None,
    }
    check_in = record_to_dict(_rich_records()["check_in"])
    assert list(check_in["answers"]) == [q.value for q in CheckInQuestion]
    assert all(type(k) is str for k in check_in["answers"])


# --- Property-based round trips ---------------------------------------------------------------

_NON_LATIN = (
    "مرحبا بالعائلة",  # Arabic
    "שלום",  # Hebrew
    "家庭作业",  # Chinese
    "पढ़ाई",  # Devanagari with combining marks
    "ਪੰਜਾਬੀ",  # Gurmukhi
    "Ελληνικά",  # Greek
    "Українська",  # Cyrillic
    "😀👨‍👩‍👧",  # emoji with joiners
    "a\u0301",  # a letter and a combining accent
)

_letters = st.characters(exclude_characters="\x00", exclude_categories=("Cs",))


def _texts(longest: int, *, required: bool = False) -> st.SearchStrategy[str]:
    """Text as validation leaves it: no NUL, already trimmed, within the limit."""
    free = st.text(_letters, max_size=min(longest, 60))
    scripts = st.lists(st.sampled_from(_NON_LATIN), max_size=4).map(" ".join)
    words = st.one_of(free, scripts).map(str.strip).filter(lambda s: len(s) <= longest)
    return words.filter(bool) if required else words


_ids = st.binary(min_size=16, max_size=16).map(bytes.hex)
_days = st.dates(min_value=date(2000, 1, 1), max_value=date(2100, 12, 31))
_codes = st.text(st.sampled_from(_CODE_ALPHABET), min_size=5, max_size=5).map(
    lambda s: f"{s[:3]}-{s[3:]}"
)
_languages = st.lists(
    st.sampled_from(["en", "ar", "ur", "pa-Arab", "pa-Guru", "pt-BR", "es-419", "zh-Hant", "so"]),
    max_size=4,
    unique=True,
).map(tuple)
_phones = st.one_of(
    st.just(""),
    st.builds(
        lambda plus, digits: plus + digits,
        st.sampled_from(["", "+"]),
        st.from_regex(r"[0-9][0-9 ()\-]{3,30}[0-9]", fullmatch=True),
    ),
)
_children = st.builds(
    Child,
    first_name=_texts(LONGEST_SHORT_TEXT, required=True),
    school_id=st.none() | _ids,
    year_group=st.none() | st.integers(0, LATEST_YEAR_GROUP),
)


@st.composite
def _families(draw: st.DrawFn) -> Family:
    joined_on = draw(_days)
    status = draw(st.sampled_from(FamilyStatus))
    closed_on = draw(st.dates(min_value=joined_on, max_value=date(2100, 12, 31)))
    if status is not FamilyStatus.CLOSED and draw(st.booleans()):
        closed_on = None
    return Family(
        id=draw(_ids),
        code=draw(_codes),
        carers=tuple(
            draw(st.lists(_texts(LONGEST_SHORT_TEXT, required=True), min_size=1, max_size=3))
        ),
        children=tuple(draw(st.lists(_children, max_size=3))),
        languages=draw(_languages),
        interpreter_needed=draw(st.booleans()),
        contact=Contact(
            method=draw(st.sampled_from(ContactMethod)),
            phone=draw(_phones),
            best_times=draw(_texts(LONGEST_SHORT_TEXT)),
        ),
        aspirations=draw(_texts(20_000)),
        barriers=tuple(draw(st.lists(st.sampled_from(Barrier), max_size=4))),
        barrier_other=draw(_texts(500)),
        status=status,
        joined_on=joined_on,
        closed_on=closed_on,
        plan=EngagementPlan(
            goals=draw(_texts(20_000)),
            strategies=draw(_texts(20_000)),
            review_on=draw(st.none() | _days),
        ),
        notes=draw(_texts(20_000)),
    )


@st.composite
def _sessions(draw: st.DrawFn) -> Session:
    kind = draw(st.sampled_from(SessionKind))
    if kind in SINGLE_FAMILY_KINDS:
        families, others = [draw(_ids)], 0
    else:
        families = draw(st.lists(_ids, min_size=kind is SessionKind.GROUP, max_size=6))
        others = draw(st.integers(0 if families else 1, 500))
    status = draw(st.sampled_from(SessionStatus))
    reason = (
        draw(st.sampled_from(NonAttendanceReason))
        if status is SessionStatus.DID_NOT_ATTEND
        else None
    )
    return Session(
        id=draw(_ids),
        session_kind=kind,
        venue_category=draw(st.sampled_from(VenueCategory)),
        venue=draw(st.none() | _ids),
        on=draw(_days),
        # Any time of day: the session keeps whole minutes, which is what the codec saves.
        starts_at=draw(st.none() | st.times()),
        minutes=draw(st.integers(1, LONGEST_SESSION_MINUTES)),
        families=tuple(families),
        others=others,
        languages=draw(_languages),
        interpreter_used=draw(st.booleans()),
        topics=tuple(draw(st.lists(st.sampled_from(Topic), max_size=5))),
        topic_other=draw(_texts(500)),
        notes=draw(_texts(20_000)),
        status=status,
        non_attendance_reason=reason,
        entered_on=draw(st.none() | _days),
    )


@given(_families())
def test_any_family_round_trips(family: Family) -> None:
    _assert_round_trips(family)


@given(_sessions())
def test_any_session_round_trips(session: Session) -> None:
    _assert_round_trips(session)


@given(notes=_texts(20_000), carer=_texts(LONGEST_SHORT_TEXT, required=True))
@example(notes="ملاحظات الأسرة", carer="فاطمة")
@example(notes="ضبط: مُحَمَّد", carer="张伟")
@example(notes="x" * 20_000, carer="y" * LONGEST_SHORT_TEXT)
def test_generated_text_survives_validation_and_the_codec(notes: str, carer: str) -> None:
    family = Family(
        id=new_record_id(), code="K7Q-4M", carers=(carer,), joined_on=date(2024, 1, 1), notes=notes
    )
    assert family.notes == notes
    assert family.carers == (carer,)
    back = record_from_dict("family", _through_json(record_to_dict(family)))
    assert isinstance(back, Family)
    assert back.notes == notes
    assert back.carers == (carer,)


@given(
    answers=st.dictionaries(st.sampled_from(CheckInQuestion), st.integers(1, 5), min_size=1),
    notes=_texts(20_000),
    on=_days,
)
def test_any_check_in_round_trips(
    answers: dict[CheckInQuestion, int], notes: str, on: date
) -> None:
    _assert_round_trips(
        CheckIn(id=new_record_id(), family=FAMILY, on=on, answers=answers, notes=notes)
    )


# --- Checked decoding refuses bad input ---------------------------------------------------------


def test_an_unknown_kind_is_refused() -> None:
    plain = record_to_dict(_rich_records()["venue"])
    for kind in ("", "Venue", "venues", "secret_kind"):
        with pytest.raises(InvalidRecord) as caught:
            record_from_dict(kind, plain)
        assert caught.value.field == "kind"


@pytest.mark.parametrize("plain", [None, [], "family", 42])
def test_a_record_that_is_not_a_mapping_is_refused(plain: Any) -> None:
    with pytest.raises(InvalidRecord) as caught:
        record_from_dict("family", plain)
    assert caught.value.field == "record"


@pytest.mark.parametrize("missing", ["id", "code", "carers", "joined_on"])
def test_a_missing_required_field_is_refused(missing: str) -> None:
    plain = record_to_dict(_rich_records()["family"])
    del plain[missing]
    with pytest.raises(InvalidRecord) as caught:
        record_from_dict("family", plain)
    assert caught.value.field == "record"


def test_missing_optional_fields_take_their_defaults() -> None:
    plain = {"id": FAMILY, "code": "K7Q-4M", "carers": ["Amina"], "joined_on": "2024-01-09"}
    family = record_from_dict("family", plain)
    assert family == Family(id=FAMILY, code="K7Q-4M", carers=("Amina",), joined_on=date(2024, 1, 9))


@pytest.mark.parametrize(
    ("kind", "field", "bad"),
    [
        ("family", "joined_on", 20240109),
        ("family", "joined_on", "9 January 2024"),
        ("family", "closed_on", "2024-02-30"),
        ("family", "interpreter_needed", "no"),
        ("family", "children", "Zoë"),
        ("family", "children", [None]),
        ("family", "contact", None),
        ("family", "plan", 3),
        ("family", "notes", 5),
        ("family", "barriers", [["language"]]),
        ("session", "on", [2024, 3, 14]),
        ("session", "starts_at", "half ten"),
        ("session", "starts_at", 1030),
        ("session", "minutes", "60"),
        ("session", "families", "a" * 32),
        ("session", "families", 5),
        ("session", "session_kind", ["group"]),
        ("session", "languages", ["en", 5]),
        ("session", "interpreter_used", None),
        ("check_in", "answers", []),
        ("check_in", "answers", {"feels_welcome": "4"}),
        ("check_in", "answers", {"feels_welcome": 4.0}),
        ("consent", "given_on", None),
        ("consent", "agreed", "true"),
        ("referral", "consent_given", 1),
        ("follow_up", "due_on", "2024-02-30"),
        ("mentor_log", "minutes", None),
        ("venue", "name", ["Library"]),
        ("school", "hub_address", 8443),
        ("agency", "category", {"housing": True}),
    ],
)
def test_a_wrong_type_in_a_field_is_refused(kind: str, field: str, bad: Any) -> None:
    plain = record_to_dict(_rich_records()[kind])
    assert field in plain
    plain[field] = bad
    with pytest.raises(InvalidRecord) as caught:
        record_from_dict(kind, plain)
    assert caught.value.field == field


@pytest.mark.parametrize(
    ("kind", "field", "bad"),
    [
        ("session", "session_kind", "webinar"),
        ("session", "status", "postponed"),
        ("family", "status", "gone"),
        ("family", "barriers", ["no_such_barrier"]),
        ("check_in", "answers", {"happiness": 4}),
        ("venue", "category", "street"),
    ],
)
def test_an_unknown_choice_is_refused(kind: str, field: str, bad: Any) -> None:
    plain = record_to_dict(_rich_records()[kind])
    plain[field] = bad
    with pytest.raises(InvalidRecord) as caught:
        record_from_dict(kind, plain)
    assert caught.value.field == field


@pytest.mark.parametrize(
    ("field", "bad"),
    [
        ("contact", ""),
        ("contact", []),
        ("contact", ["text_message", "+44 7700 900123", ""]),
        ("plan", "none"),
        ("plan", 3),
        ("carers", "Amina"),
        ("languages", "en"),
        ("barriers", "language"),
        ("children", "Zoë"),
        ("children", {"first_name": "Zoë"}),
    ],
)
def test_a_wrong_shape_is_refused(field: str, bad: Any) -> None:
    plain = record_to_dict(_rich_records()["family"])
    plain[field] = bad
    with pytest.raises(InvalidRecord) as caught:
        record_from_dict("family", plain)
    assert caught.value.field == field


@pytest.mark.parametrize(
    ("field", "bad", "named"),
    [
        ("contact", {"phone": 7700900123}, "phone"),
        ("contact", {"phone": "call me"}, "phone"),
        ("contact", {"method": "carrier_pigeon"}, "method"),
        ("children", [{"first_name": 5}], "child_first_name"),
        ("children", [{"first_name": "Zoë", "school_id": "Oakfield"}], "child_school"),
        ("children", [{"first_name": "Zoë", "year_group": 99}], "year_group"),
        ("plan", {"review_on": "next week"}, "review_on"),
    ],
)
def test_a_bad_value_inside_a_nested_record_is_named_by_its_own_field(
    field: str, bad: Any, named: str
) -> None:
    plain = record_to_dict(_rich_records()["family"])
    plain[field] = bad
    with pytest.raises(InvalidRecord) as caught:
        record_from_dict("family", plain)
    assert caught.value.field == named


def test_a_start_time_with_seconds_round_trips() -> None:
    session = Session(
        id=new_record_id(),
        session_kind=SessionKind.ONE_TO_ONE,
        venue_category=VenueCategory.CAFE,
        on=date(2024, 3, 14),
        starts_at=time(10, 30, 45),
        families=(FAMILY,),
    )
    assert session.starts_at == time(10, 30)  # seconds are dropped when the session is made
    assert record_from_dict("session", record_to_dict(session)) == session
    assert record_from_row("session", _row_through_json(record_to_row(session))) == session


def test_checked_decoding_runs_the_record_rules() -> None:
    plain = record_to_dict(_rich_records()["referral"])
    plain["consent_given"] = False
    with pytest.raises(InvalidRecord) as caught:
        record_from_dict("referral", plain)
    assert caught.value.field == "consent_given"


# --- The row form inside sealed values -------------------------------------------------------

# The order of every record's fields is part of the stored schema: a sealed value holds
# its fields by position, not by name. New fields go at the END of a record type (older
# rows are then padded with their defaults); reordering, renaming into another slot or
# removing a field needs a migration of every stored row. Change this table only with one.
STORED_FIELD_ORDER: dict[str, tuple[str, ...]] = {
    "family": (
        "id",
        "code",
        "carers",
        "children",
        "languages",
        "interpreter_needed",
        "contact",
        "aspirations",
        "barriers",
        "barrier_other",
        "status",
        "joined_on",
        "closed_on",
        "plan",
        "notes",
    ),
    "consent": (
        "id",
        "family",
        "scope",
        "agreed",
        "wording_version",
        "language",
        "given_on",
        "method",
        "school_contact_limits",
        "referral",
        "withdrawn_on",
    ),
    "session": (
        "id",
        "session_kind",
        "venue_category",
        "venue",
        "on",
        "starts_at",
        "minutes",
        "families",
        "others",
        "languages",
        "interpreter_used",
        "topics",
        "topic_other",
        "notes",
        "status",
        "non_attendance_reason",
        "entered_on",
    ),
    "follow_up": (
        "id",
        "family",
        "session",
        "owner",
        "what",
        "due_on",
        "status",
        "school",
        "school_answer",
        "answered_on",
        "done_on",
        "raised_on",
        "school_role",
    ),
    "referral": (
        "id",
        "family",
        "category",
        "agency",
        "made_on",
        "consent_given",
        "status",
        "notes",
    ),
    "celebration": ("id", "family", "category", "on", "notes"),
    "check_in": ("id", "family", "on", "answers", "notes"),
    "mentor_log": ("id", "entry_kind", "on", "minutes", "notes"),
    "venue": ("id", "name", "category"),
    "agency": ("id", "name", "category", "how_to_reach"),
    "school": ("id", "name", "hub_address", "staff"),
    "worry_passed_on": ("id", "family", "on", "at", "to", "words"),
    "talk_through": ("id", "family", "session", "words", "raised_on", "talked_on"),
}


def test_the_stored_field_order_of_every_kind_is_pinned() -> None:
    assert set(STORED_FIELD_ORDER) == set(RECORD_TYPES)
    for kind, order in STORED_FIELD_ORDER.items():
        assert field_order(kind) == order, f"{kind}: the stored field order changed"


@pytest.mark.parametrize("kind", sorted(RECORD_TYPES))
def test_a_row_holds_the_plain_values_in_field_order(kind: str) -> None:
    record = _rich_records()[kind]
    plain = record_to_dict(record)
    row = record_to_row(record)
    assert type(row) is list
    assert row == [plain[name] for name in field_order(kind)]
    assert list(plain) == list(field_order(kind))


def test_a_row_carries_no_field_names() -> None:
    text = json.dumps(record_to_row(_rich_records()["session"]), ensure_ascii=False)
    for name in ("session_kind", "starts_at", "families", "non_attendance_reason"):
        assert name not in text


@pytest.mark.parametrize("kind", sorted(RECORD_TYPES))
def test_a_full_row_from_json_round_trips(kind: str, build: Callable[..., Record]) -> None:
    for record in (_rich_records()[kind], build(kind)):
        row = _row_through_json(record_to_row(record))
        assert len(row) == len(field_order(kind))
        rebuilt = record_from_row(kind, row)
        assert rebuilt == record
        assert type(rebuilt) is type(record)


@st.composite
def _any_records(draw: st.DrawFn) -> Record:
    """A record of any kind: generated families and sessions, or a rich example."""
    return draw(
        st.one_of(_families(), _sessions(), st.sampled_from(list(_rich_records().values())))
    )


@given(_any_records())
def test_any_record_round_trips_through_its_row(record: Record) -> None:
    row = _row_through_json(record_to_row(record))
    assert record_from_row(record.kind, row) == record


def _last_required(kind: str) -> int:
    """The position of the last field without a default."""
    fields = {f.name: f for f in dataclasses.fields(RECORD_TYPES[kind])}
    order = field_order(kind)
    return max(
        number
        for number, name in enumerate(order)
        if fields[name].default is dataclasses.MISSING
        and fields[name].default_factory is dataclasses.MISSING
    )


@pytest.mark.parametrize("kind", sorted(RECORD_TYPES))
def test_a_shorter_row_from_an_older_version_gets_the_defaults(
    kind: str, build: Callable[..., Record]
) -> None:
    record = build(kind)
    row = _row_through_json(record_to_row(record))
    fields = {f.name: f for f in dataclasses.fields(RECORD_TYPES[kind])}
    for length in range(_last_required(kind) + 1, len(row)):
        lacking = {}
        for name in field_order(kind)[length:]:
            default = fields[name].default
            if default is dataclasses.MISSING:
                default = fields[name].default_factory()  # type: ignore[operator]
            lacking[name] = default
        assert record_from_row(kind, row[:length]) == dataclasses.replace(record, **lacking)


@pytest.mark.parametrize("kind", sorted(RECORD_TYPES))
def test_a_shorter_row_is_read_like_checked_data_with_those_fields(kind: str) -> None:
    # An older row is validated as a new record would be: the same outcome as decoding
    # a dictionary of the fields it has.
    row = _row_through_json(record_to_row(_rich_records()[kind]))
    order = field_order(kind)
    for length in range(_last_required(kind) + 1, len(row)):
        plain = dict(zip(order[:length], row[:length], strict=True))
        try:
            expected: Record | None = record_from_dict(kind, plain)
        except InvalidRecord:
            expected = None
        if expected is None:
            with pytest.raises(InvalidRecord):
                record_from_row(kind, row[:length])
        else:
            assert record_from_row(kind, row[:length]) == expected


def test_a_shorter_row_gets_the_defaults_of_the_fields_it_lacks() -> None:
    family = Family(
        id=FAMILY,
        code="K7Q-4M",
        carers=("Amina",),
        languages=("ur", "en"),
        contact=Contact(method=ContactMethod.PHONE_CALL, phone="07700 900123"),
        joined_on=date(2024, 1, 9),
        plan=EngagementPlan(goals="Meet the teacher"),
        notes="Written by a newer version",
    )
    row = _row_through_json(record_to_row(family))
    older = row[: field_order("family").index("joined_on") + 1]  # no closed_on, plan, notes
    first = record_from_row("family", older)
    second = record_from_row("family", older)
    assert isinstance(first, Family)
    assert first == dataclasses.replace(family, plan=EngagementPlan(), notes="")
    assert first.closed_on is None
    assert first.plan == EngagementPlan()
    assert first.notes == ""
    assert first.languages == ("ur", "en")
    assert first.contact == family.contact
    assert first == second


def test_a_shorter_row_is_validated() -> None:
    plain = record_to_dict(_rich_records()["referral"])
    plain["consent_given"] = False  # a referral needs the family's consent
    row = [plain[name] for name in field_order("referral")]
    with pytest.raises(InvalidRecord):
        record_from_row("referral", row[:-1])


def test_a_full_row_is_trusted_and_not_validated_again() -> None:
    # Only rows the vault has just proved unchanged reach record_from_row, and this
    # version wrote them from validated records, so the rules are not run twice.
    plain = record_to_dict(_rich_records()["referral"])
    plain["consent_given"] = False
    row = [plain[name] for name in field_order("referral")]
    trusted = record_from_row("referral", row)
    assert isinstance(trusted, Referral)
    assert trusted.consent_given is False


@pytest.mark.parametrize("kind", sorted(RECORD_TYPES))
def test_a_row_missing_a_required_trailing_field_is_refused(
    kind: str, build: Callable[..., Record]
) -> None:
    row = _row_through_json(record_to_row(build(kind)))
    for length in range(_last_required(kind) + 1):
        with pytest.raises(InvalidRecord) as caught:
            record_from_row(kind, row[:length])
        assert caught.value.field == "record"


@pytest.mark.parametrize("kind", sorted(RECORD_TYPES))
@pytest.mark.parametrize("extra", [[None], [""], [None, None]])
def test_a_longer_row_is_refused(kind: str, extra: list[Any]) -> None:
    row = _row_through_json(record_to_row(_rich_records()[kind]))
    with pytest.raises(InvalidRecord) as caught:
        record_from_row(kind, row + extra)
    assert caught.value.field == "record"


@pytest.mark.parametrize(
    "row",
    [
        None,
        "family",
        42,
        {"id": FAMILY},
        b"[]",
        ("a" * 32, "K7Q-4M", ["Amina"]),
    ],
)
def test_a_row_that_is_not_a_list_is_refused(row: Any) -> None:
    with pytest.raises(InvalidRecord) as caught:
        record_from_row("family", row)
    assert caught.value.field == "record"


def test_a_whole_row_as_a_tuple_is_refused() -> None:
    row = tuple(record_to_row(_rich_records()["venue"]))
    with pytest.raises(InvalidRecord) as caught:
        record_from_row("venue", row)  # the annotation says Sequence; only a list is taken
    assert caught.value.field == "record"


@pytest.mark.parametrize("kind", ["", "Venue", "venues", "secret_kind", "__class__"])
def test_a_row_of_an_unknown_kind_is_refused(kind: str) -> None:
    row = _row_through_json(record_to_row(_rich_records()["venue"]))
    with pytest.raises(InvalidRecord) as caught:
        record_from_row(kind, row)
    assert caught.value.field == "record"


@pytest.mark.parametrize(
    ("field", "bad"),
    [
        ("on", "not a date"),
        ("on", 5),
        ("on", None),
        ("session_kind", "webinar"),
        ("session_kind", ["group"]),
        ("starts_at", "soon"),
        ("starts_at", 1030),
        ("non_attendance_reason", "raining"),
        ("topics", 3),
        ("topics", "reading"),
        ("topics", ["reading", "gardening"]),
        ("families", "a" * 32),
        ("entered_on", "2024-02-30"),
    ],
)
def test_a_row_with_a_malformed_value_is_refused(field: str, bad: Any) -> None:
    row = _row_through_json(record_to_row(_rich_records()["session"]))
    row[field_order("session").index(field)] = bad
    with pytest.raises(InvalidRecord) as caught:
        record_from_row("session", row)
    assert caught.value.field == "record"


@pytest.mark.parametrize(
    ("field", "bad"),
    [
        ("contact", "text_message"),
        ("contact", {"method": "carrier_pigeon"}),
        ("children", [{"first_name": 5}]),
        ("children", ["Zoë"]),
        ("plan", {"review_on": "soon"}),
        ("status", "gone"),
        ("barriers", ["no_such_barrier"]),
        ("closed_on", 20240314),
    ],
)
def test_a_family_row_with_a_malformed_value_is_refused(field: str, bad: Any) -> None:
    row = _row_through_json(record_to_row(_rich_records()["family"]))
    row[field_order("family").index(field)] = bad
    with pytest.raises(InvalidRecord):
        record_from_row("family", row)


@pytest.mark.parametrize("answers", [[], "feels_welcome", {"happiness": 4}, None])
def test_a_check_in_row_with_malformed_answers_is_refused(answers: Any) -> None:
    row = _row_through_json(record_to_row(_rich_records()["check_in"]))
    row[field_order("check_in").index("answers")] = answers
    with pytest.raises(InvalidRecord):
        record_from_row("check_in", row)
