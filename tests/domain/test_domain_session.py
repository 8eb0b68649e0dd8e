"""Sessions: who came, whether it happened, and taking a family out of one."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, date, datetime, time
from typing import Any

import pytest

from parentrus_desktop.domain import InvalidRecord, Record, Session, new_record_id
from parentrus_desktop.domain.session import SINGLE_FAMILY_KINDS
from parentrus_desktop.domain.vocabulary import (
    NonAttendanceReason,
    SessionKind,
    SessionStatus,
    Topic,
)

Build = Callable[..., Record]


def _session(build: Build, **overrides: Any) -> Session:
    record = build("session", **overrides)
    assert isinstance(record, Session)
    return record


def test_a_one_to_one_session_is_valid(build: Build, family_id: str) -> None:
    session = _session(build)
    assert session.families == (family_id,)
    assert session.status is SessionStatus.HELD
    assert session.minutes == 60
    assert not session.is_group
    assert session.family_id == family_id
    assert session.families_mentioned() == (family_id,)


def test_a_full_session_is_valid_and_normalised(build: Build, family_id: str) -> None:
    other = new_record_id()
    session = _session(
        build,
        session_kind="group",
        venue_category="library",
        venue=new_record_id(),
        starts_at=time(10, 30),
        minutes=90,
        families=(family_id, other, family_id),
        others=4,
        languages=("ur", "en", "ur"),
        interpreter_used=True,
        topics=("reading", Topic.HOMEWORK, "reading"),
        topic_other="  Phonics  ",
        notes=" 读书很好 ",
        entered_on=date(2024, 3, 20),
    )
    assert session.session_kind is SessionKind.GROUP
    assert session.families == (family_id, other)  # each family once, in the order given
    assert session.languages == ("ur", "en")
    assert session.topics == (Topic.READING, Topic.HOMEWORK)
    assert session.topic_other == "Phonics"
    assert session.notes == "读书很好"
    assert session.is_group
    assert session.family_id is None  # a group belongs to the profile key, not one family
    assert session.families_mentioned() == (family_id, other)
    assert session.searchable_text() == "Phonics\n读书很好"


@pytest.mark.parametrize("kind", sorted(SINGLE_FAMILY_KINDS))
def test_a_single_family_session_with_two_families_is_refused(build: Build, kind: str) -> None:
    with pytest.raises(InvalidRecord) as caught:
        _session(build, session_kind=kind, families=(new_record_id(), new_record_id()))
    assert caught.value.field == "families"


@pytest.mark.parametrize("kind", sorted(SINGLE_FAMILY_KINDS))
def test_a_single_family_session_with_no_family_is_refused(build: Build, kind: str) -> None:
    with pytest.raises(InvalidRecord) as caught:
        _session(build, session_kind=kind, families=())
    assert caught.value.field == "families"


def test_the_same_family_twice_counts_once(build: Build, family_id: str) -> None:
    session = _session(build, families=(family_id, family_id))
    assert session.families == (family_id,)


@pytest.mark.parametrize("kind", sorted(SINGLE_FAMILY_KINDS))
def test_a_single_family_session_has_no_others(build: Build, kind: str) -> None:
    with pytest.raises(InvalidRecord) as caught:
        _session(build, session_kind=kind, others=1)
    assert caught.value.field == "others"


def test_a_group_session_with_no_family_is_refused(build: Build) -> None:
    with pytest.raises(InvalidRecord) as caught:
        _session(build, session_kind=SessionKind.GROUP, families=(), others=6)
    assert caught.value.field == "families"


def test_a_forum_needs_someone(build: Build) -> None:
    with pytest.raises(InvalidRecord) as caught:
        _session(build, session_kind=SessionKind.PARENTS_FORUM, families=(), others=0)
    assert caught.value.field == "families"
    forum = _session(build, session_kind=SessionKind.PARENTS_FORUM, families=(), others=12)
    assert forum.others == 12
    assert forum.families == ()
    assert forum.is_group


def test_did_not_attend_needs_a_reason(build: Build) -> None:
    with pytest.raises(InvalidRecord) as caught:
        _session(build, status=SessionStatus.DID_NOT_ATTEND)
    assert caught.value.field == "non_attendance_reason"
    session = _session(build, status="did_not_attend", non_attendance_reason="childcare")
    assert session.non_attendance_reason is NonAttendanceReason.CHILDCARE


@pytest.mark.parametrize("status", ["held", "planned", "cancelled"])
def test_a_reason_is_refused_unless_they_did_not_attend(build: Build, status: str) -> None:
    with pytest.raises(InvalidRecord) as caught:
        _session(build, status=status, non_attendance_reason=NonAttendanceReason.ILLNESS)
    assert caught.value.field == "non_attendance_reason"


def test_an_unknown_reason_is_refused(build: Build) -> None:
    with pytest.raises(InvalidRecord) as caught:
        _session(build, status="did_not_attend", non_attendance_reason="raining")
    assert caught.value.field == "non_attendance_reason"


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"session_kind": "webinar"}, "session_kind"),
        ({"venue_category": "street_address"}, "venue_category"),
        ({"venue": "The Old Library"}, "venue"),
        ({"on": datetime(2024, 3, 14, 10, 0)}, "on"),
        ({"on": date(1999, 1, 1)}, "on"),
        ({"starts_at": "10:30"}, "starts_at"),
        ({"starts_at": time(10, 30, tzinfo=UTC)}, "starts_at"),
        ({"starts_at": datetime(2024, 3, 14, 10, 30)}, "starts_at"),
        ({"minutes": 0}, "minutes"),
        ({"minutes": 12 * 60 + 1}, "minutes"),
        ({"minutes": 30.5}, "minutes"),
        ({"families": ("family-one",)}, "families"),
        ({"session_kind": "group", "others": 501}, "others"),
        ({"session_kind": "group", "others": -1}, "others"),
        ({"languages": ("EN",)}, "languages"),
        ({"interpreter_used": 1}, "interpreter_used"),
        ({"topics": ("gardening",)}, "topics"),
        ({"topic_other": "x" * 501}, "topic_other"),
        ({"notes": "x" * 20_001}, "notes"),
        ({"notes": "\x00"}, "notes"),
        ({"status": "postponed"}, "status"),
        ({"entered_on": "yesterday"}, "entered_on"),
    ],
)
def test_an_invalid_session_names_the_field(
    build: Build, overrides: dict[str, Any], field: str
) -> None:
    with pytest.raises(InvalidRecord) as caught:
        _session(build, **overrides)
    assert caught.value.field == field


def test_session_length_limits_are_inclusive(build: Build) -> None:
    assert _session(build, minutes=1).minutes == 1
    assert _session(build, minutes=12 * 60).minutes == 12 * 60
    assert _session(build, session_kind="group", others=500).others == 500


@pytest.mark.parametrize(
    ("given", "kept"),
    [
        (time(10, 30, 45), time(10, 30)),
        (time(10, 30, 0, 999_999), time(10, 30)),
        (time(23, 59, 59, 999_999), time(23, 59)),
        (time(0, 0), time(0, 0)),
    ],
)
def test_a_start_time_keeps_whole_minutes(build: Build, given: time, kept: time) -> None:
    # Sessions are planned to the minute, and the saved form keeps only hours and minutes.
    session = _session(build, starts_at=given)
    assert session.starts_at == kept
    assert session.starts_at is not None
    assert (session.starts_at.second, session.starts_at.microsecond) == (0, 0)


# --- without_family ------------------------------------------------------------------------


def test_taking_the_only_family_out_of_a_one_to_one_leaves_nothing(
    build: Build, family_id: str
) -> None:
    assert _session(build).without_family(family_id) is None


def test_taking_out_a_family_that_was_not_there_changes_nothing(build: Build) -> None:
    session = _session(build)
    assert session.without_family(new_record_id()) == session


def test_taking_one_family_out_of_a_group_keeps_the_rest(build: Build, family_id: str) -> None:
    second, third = new_record_id(), new_record_id()
    group = _session(
        build, session_kind="group", families=(second, family_id, third), others=2, notes="Maths"
    )
    rest = group.without_family(family_id)
    assert rest is not None
    assert rest.families == (second, third)
    assert (rest.id, rest.others, rest.notes, rest.on) == (group.id, 2, "Maths", group.on)
    assert group.families == (second, family_id, third)  # the original is unchanged


def test_a_group_left_with_one_family_is_still_a_group(build: Build, family_id: str) -> None:
    second = new_record_id()
    group = _session(build, session_kind="group", families=(family_id, second))
    rest = group.without_family(family_id)
    assert rest is not None
    assert rest.session_kind is SessionKind.GROUP
    assert rest.families == (second,)
    assert rest.family_id is None  # still sealed under the profile key


def test_taking_the_last_family_out_of_a_group_leaves_nothing(build: Build, family_id: str) -> None:
    group = _session(build, session_kind="group", families=(family_id,), others=5)
    assert group.without_family(family_id) is None


def test_a_forum_with_others_survives_losing_its_last_family(build: Build, family_id: str) -> None:
    forum = _session(build, session_kind="parents_forum", families=(family_id,), others=8)
    rest = forum.without_family(family_id)
    assert rest is not None
    assert rest.families == ()
    assert rest.others == 8


def test_a_forum_with_no_others_does_not_survive_losing_its_last_family(
    build: Build, family_id: str
) -> None:
    forum = _session(build, session_kind="parents_forum", families=(family_id,))
    assert forum.without_family(family_id) is None
