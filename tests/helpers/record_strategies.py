"""Hypothesis strategies for valid records of every kind, built through the domain's own
validation, with references only to records the caller says exist.

Each strategy takes the ids it may refer to (families, schools, venues...), so a test can
save those first in a real profile. Record ids are fresh random ones, as the app makes them
(shrinking them to 000... would make records of different kinds share an id).
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, time

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
    MentorLogEntry,
    Referral,
    School,
    Session,
    StaffMember,
    TalkThrough,
    Venue,
    new_record_id,
)
from parentrus_desktop.domain.family import _CODE_ALPHABET, LATEST_YEAR_GROUP
from parentrus_desktop.domain.safeguarding import LONGEST_WORDS, PassedOnTo, WorryPassedOn
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

S = st.SearchStrategy

#: Days a mentor's records plausibly fall on.
FIRST_DAY = date(2015, 1, 1)
LAST_DAY = date(2040, 12, 31)
days = st.dates(min_value=FIRST_DAY, max_value=LAST_DAY)
fresh_ids: S[str] = st.builds(new_record_id)

#: Words in scripts mentors write in, whole, so combining marks stay on their letters.
WORDS = (
    "مرحبا بالعائلة",  # Arabic
    "שלום",  # Hebrew
    "家庭作业",  # Chinese
    "पढ़ाई",  # Devanagari with combining marks
    "ਪੰਜਾਬੀ",  # Gurmukhi
    "Soomaali",
    "Українська",  # Cyrillic
    "😀👨‍👩‍👧",  # emoji with joiners
    "a\u0301",  # a letter and a combining accent
    "O'Brien-Smith, Jr.",
    "«\u00a0oui\u00a0»",  # French quotes, kept on the line by no-break spaces
    "١٢\u00a0ساعة",  # Arabic digits and a no-break space
)
# Text a person types: no control characters (a form's text box keeps a line break, not a
# carriage return or a NUL), no lone surrogates, no Unicode line or paragraph separators.
# Nor U+FEFF, U+FFFE or U+FFFF: PySide reads a string that starts with one of them as a
# byte-order mark, dropping it or swapping every byte after it, in every Qt text field.
_NOT_TYPED = "\ufeff\ufffe\uffff"
_typed = st.characters(exclude_categories=("Cc", "Cs", "Zl", "Zp"), exclude_characters=_NOT_TYPED)
_typed_lines = st.one_of(_typed, st.sampled_from("\n\t"))


def texts(longest: int = 400, *, required: bool = False, lines: bool = False) -> S[str]:
    """Text as validation leaves it: trimmed, within ``longest``; ``lines`` allows line
    breaks (for notes), else one line (for a name)."""
    free = st.text(_typed_lines if lines else _typed, max_size=min(longest, 80))
    words = st.lists(st.sampled_from(WORDS), max_size=4).map((" \n" if lines else " ").join)
    text = st.one_of(free, words).map(str.strip).filter(lambda s: len(s) <= longest)
    return text.filter(bool) if required else text


def names() -> S[str]:
    return texts(LONGEST_SHORT_TEXT, required=True)


def notes(longest: int = 20_000) -> S[str]:
    return texts(longest, lines=True)


def maybe(ids: Sequence[str]) -> S[str | None]:
    """None, or one of the given ids."""
    return st.none() | st.sampled_from(ids) if ids else st.none()


codes = st.text(st.sampled_from(_CODE_ALPHABET), min_size=5, max_size=5).map(
    lambda s: f"{s[:3]}-{s[3:]}"
)
languages = st.lists(
    st.sampled_from(["en", "ar", "ur", "so", "pa-Arab", "pa-Guru", "pt-BR", "es-419", "zh-Hant"]),
    max_size=4,
    unique=True,
).map(tuple)
phones = st.just("") | st.builds(
    lambda plus, digits: plus + digits,
    st.sampled_from(["", "+"]),
    st.from_regex(r"[0-9][0-9 ()\-]{3,30}[0-9]", fullmatch=True),
)


# --- Directories -------------------------------------------------------------------------


def staff_members() -> S[StaffMember]:
    return st.builds(
        StaffMember,
        id=fresh_ids,
        role=st.sampled_from(StaffRole),
        name=names(),
        how_to_reach=texts(LONGEST_SHORT_TEXT),
    )


def schools() -> S[School]:
    return st.builds(
        School,
        id=fresh_ids,
        name=names(),
        hub_address=st.just("") | texts(500, required=True),
        staff=st.lists(staff_members(), max_size=5, unique_by=lambda m: m.id).map(tuple),
    )


def venues() -> S[Venue]:
    return st.builds(Venue, id=fresh_ids, name=names(), category=st.sampled_from(VenueCategory))


def agencies() -> S[Agency]:
    return st.builds(
        Agency,
        id=fresh_ids,
        name=names(),
        category=st.sampled_from(AgencyCategory),
        how_to_reach=notes(1000),
    )


# --- Families ----------------------------------------------------------------------------


def children(school_ids: Sequence[str] = (), staff_ids: Sequence[str] = ()) -> S[Child]:
    """Children at one of the schools, or none; their class teacher and key contact among
    ``staff_ids`` (of any school: a child may have moved since), or someone not listed."""
    staff = maybe(staff_ids) | fresh_ids
    return st.builds(
        Child,
        first_name=names(),
        school_id=maybe(school_ids),
        year_group=st.none() | st.integers(0, LATEST_YEAR_GROUP),
        class_teacher=st.none() | staff,
        key_contact=st.none() | staff,
    )


@st.composite
def families(
    draw: st.DrawFn, school_ids: Sequence[str] = (), staff_ids: Sequence[str] = ()
) -> Family:
    joined_on = draw(days)
    status = draw(st.sampled_from(FamilyStatus))
    closed_on = draw(st.dates(min_value=joined_on, max_value=LAST_DAY))
    if status is not FamilyStatus.CLOSED and draw(st.booleans()):
        closed_on = None  # (a family that was closed and opened again may keep its date)
    return Family(
        id=draw(fresh_ids),
        code=draw(codes),
        carers=tuple(draw(st.lists(names(), min_size=1, max_size=3))),
        children=tuple(draw(st.lists(children(school_ids, staff_ids), max_size=4))),
        languages=draw(languages),
        interpreter_needed=draw(st.booleans()),
        contact=Contact(
            method=draw(st.sampled_from(ContactMethod)),
            phone=draw(phones),
            best_times=draw(texts(LONGEST_SHORT_TEXT)),
        ),
        aspirations=draw(notes()),
        barriers=tuple(draw(st.lists(st.sampled_from(Barrier), max_size=4))),
        barrier_other=draw(texts(500)),
        status=status,
        joined_on=joined_on,
        closed_on=closed_on,
        plan=EngagementPlan(
            goals=draw(notes()), strategies=draw(notes()), review_on=draw(st.none() | days)
        ),
        notes=draw(notes()),
    )


# --- What happens next -------------------------------------------------------------------


@st.composite
def follow_ups(
    draw: st.DrawFn,
    family_ids: Sequence[str],
    school_ids: Sequence[str] = (),
    session_ids: Sequence[str] = (),
) -> FollowUp:
    owner = draw(st.sampled_from(ActionOwner))
    status = draw(st.sampled_from(FollowUpStatus))
    done_on = draw(days) if status is FollowUpStatus.DONE else draw(st.none() | days)
    return FollowUp(
        id=draw(fresh_ids),
        family=draw(maybe(family_ids)),
        session=draw(maybe(session_ids)),
        owner=owner,
        what=draw(texts(2000, required=True, lines=True)),
        due_on=draw(days),
        status=status,
        school=draw(maybe(school_ids)),
        school_answer=draw(texts(2000, lines=True)),
        answered_on=draw(st.none() | days) if owner is ActionOwner.SCHOOL else None,
        done_on=done_on,
        raised_on=draw(st.none() | days),
        school_role=draw(st.none() | st.sampled_from(StaffRole)),
    )


@st.composite
def referrals(
    draw: st.DrawFn, family_ids: Sequence[str], agency_ids: Sequence[str] = ()
) -> Referral:
    status = draw(st.sampled_from(ReferralStatus))
    consent = True if status is not ReferralStatus.SUGGESTED else draw(st.booleans())
    return Referral(
        id=draw(fresh_ids),
        family=draw(st.sampled_from(family_ids)),
        category=draw(st.sampled_from(AgencyCategory)),
        agency=draw(maybe(agency_ids)),
        made_on=draw(days),
        consent_given=consent,
        status=status,
        notes=draw(notes()),
    )


# --- Progress, consent and the mentor's log ----------------------------------------------


def celebrations(family_ids: Sequence[str]) -> S[Celebration]:
    return st.builds(
        Celebration,
        id=fresh_ids,
        family=st.sampled_from(family_ids),
        category=st.sampled_from(CelebrationCategory),
        on=days,
        notes=notes(),
    )


def check_ins(family_ids: Sequence[str]) -> S[CheckIn]:
    return st.builds(
        CheckIn,
        id=fresh_ids,
        family=st.sampled_from(family_ids),
        on=days,
        answers=st.dictionaries(st.sampled_from(CheckInQuestion), st.integers(1, 5), min_size=1),
        notes=notes(),
    )


@st.composite
def consents(
    draw: st.DrawFn, family_ids: Sequence[str], referral_ids: Sequence[str] = ()
) -> Consent:
    scopes = [s for s in ConsentScope if s is not ConsentScope.REFERRAL or referral_ids]
    scope = draw(st.sampled_from(scopes))
    given_on = draw(days)
    referral = (
        draw(st.sampled_from(referral_ids))
        if scope is ConsentScope.REFERRAL
        else draw(maybe(referral_ids))
    )
    return Consent(
        id=draw(fresh_ids),
        family=draw(st.sampled_from(family_ids)),
        scope=scope,
        agreed=draw(st.booleans()),
        wording_version=draw(texts(40, required=True)),
        language=draw(st.sampled_from(["en", "ar", "ur", "so", "pa-Arab", "pt-BR", "ti"])),
        given_on=given_on,
        method=draw(st.sampled_from(ConsentMethod)),
        school_contact_limits=draw(notes(2000)),
        referral=referral,
        withdrawn_on=draw(st.none() | st.dates(min_value=given_on, max_value=LAST_DAY)),
    )


def mentor_log_entries() -> S[MentorLogEntry]:
    return st.builds(
        MentorLogEntry,
        id=fresh_ids,
        entry_kind=st.sampled_from(MentorLogKind),
        on=days,
        minutes=st.integers(0, 24 * 60),
        notes=notes(),
    )


@st.composite
def talk_throughs(
    draw: st.DrawFn, family_ids: Sequence[str], session_ids: Sequence[str] = ()
) -> TalkThrough:
    raised_on = draw(days)
    return TalkThrough(
        id=draw(fresh_ids),
        family=draw(st.sampled_from(family_ids)),
        session=draw(maybe(session_ids)),
        words=draw(texts(2000, required=True, lines=True)),
        raised_on=raised_on,
        talked_on=draw(st.none() | st.dates(min_value=raised_on, max_value=LAST_DAY)),
    )


# --- Sessions (for the session form's own round trip) ------------------------------------


@st.composite
def sessions(
    draw: st.DrawFn,
    family_ids: Sequence[str],
    venue_ids: Sequence[str] = (),
    on: S[date] = days,
) -> Session:
    """A valid session about the given families, at one of the given venues or none.
    ``on`` narrows its day (the session form refuses a day more than a year away)."""
    kind = draw(st.sampled_from(SessionKind))
    if kind in SINGLE_FAMILY_KINDS:
        families_, others = [draw(st.sampled_from(family_ids))], 0
    else:
        families_ = draw(
            st.lists(
                st.sampled_from(family_ids),
                min_size=1 if kind is SessionKind.GROUP else 0,
                max_size=min(6, len(family_ids)),
                unique=True,
            )
        )
        others = draw(st.integers(0 if families_ else 1, 500))
    status = draw(st.sampled_from(SessionStatus))
    reason = (
        draw(st.sampled_from(NonAttendanceReason))
        if status is SessionStatus.DID_NOT_ATTEND
        else None
    )
    return Session(
        id=draw(fresh_ids),
        session_kind=kind,
        venue_category=draw(st.sampled_from(VenueCategory)),
        venue=draw(maybe(venue_ids)),
        on=draw(on),
        starts_at=draw(st.none() | st.times().map(lambda t: time(t.hour, t.minute))),
        minutes=draw(st.integers(1, LONGEST_SESSION_MINUTES)),
        families=tuple(families_),
        others=others,
        languages=draw(languages),
        interpreter_used=draw(st.booleans()),
        topics=tuple(draw(st.lists(st.sampled_from(Topic), max_size=5))),
        topic_other=draw(texts(500, lines=True)),
        notes=draw(notes()),
        status=status,
        non_attendance_reason=reason,
        entered_on=draw(st.none() | days),
    )


def worries_passed_on(family_ids: Sequence[str]) -> S[WorryPassedOn]:
    """A worry about a child's safety passed on (domain/safeguarding.py)."""
    return st.builds(
        WorryPassedOn,
        id=fresh_ids,
        family=st.sampled_from(family_ids),
        on=days,
        at=st.times().map(lambda t: time(t.hour, t.minute)),
        to=st.sampled_from(PassedOnTo),
        words=notes(LONGEST_WORDS),
    )
