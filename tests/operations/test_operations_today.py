"""The Today screen's lists, worked out from records and a date."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, time, timedelta

from helpers.planted import planted_family, planted_session
from helpers.values import TODAY

from parentrus_desktop.domain import CheckIn, Child, FollowUp, School, new_record_id
from parentrus_desktop.domain.rules import follow_ups_for
from parentrus_desktop.domain.vocabulary import (
    ActionOwner,
    CheckInQuestion,
    FamilyStatus,
    NonAttendanceReason,
    SessionStatus,
)
from parentrus_desktop.operations.today import what_is_on


def test_today_gathers_what_needs_doing() -> None:
    family = planted_family("AAA-BB")
    checked = planted_family("CCC-DD")
    closed = replace(planted_family("EEE-FF"), status=FamilyStatus.CLOSED, closed_on=TODAY)
    later_today = replace(
        planted_session(family), on=TODAY, starts_at=time(15), status=SessionStatus.PLANNED
    )
    earlier_today = replace(later_today, id=new_record_id(), starts_at=time(9))
    in_three_days = replace(later_today, id=new_record_id(), on=TODAY + timedelta(days=3))
    next_month = replace(later_today, id=new_record_id(), on=TODAY + timedelta(days=30))
    missed = replace(
        planted_session(family),
        on=TODAY - timedelta(days=1),
        status=SessionStatus.DID_NOT_ATTEND,
        non_attendance_reason=NonAttendanceReason.ILLNESS,
    )
    call = follow_ups_for(missed, TODAY - timedelta(days=1))
    overdue = FollowUp(
        id=new_record_id(),
        family=family.id,
        owner=ActionOwner.PARENT,
        what="Bring the reading book",
        due_on=TODAY - timedelta(days=2),
    )
    not_yet = replace(overdue, id=new_record_id(), due_on=TODAY + timedelta(days=2))
    asked_school = FollowUp(
        id=new_record_id(),
        family=family.id,
        owner=ActionOwner.SCHOOL,
        what="Meeting with the class teacher",
        due_on=TODAY + timedelta(1),
    )
    recent = CheckIn(
        id=new_record_id(),
        family=checked.id,
        on=TODAY - timedelta(days=10),
        answers={CheckInQuestion.FEELS_WELCOME: 3},
    )
    shown = what_is_on(
        [
            family,
            checked,
            closed,
            later_today,
            earlier_today,
            in_three_days,
            next_month,
            missed,
            *call,
            overdue,
            not_yet,
            asked_school,
            recent,
        ],
        TODAY,
    )
    assert shown.sessions_today == [earlier_today, later_today]
    assert shown.sessions_this_week == [in_three_days]
    assert shown.families_to_call == call
    assert shown.overdue_follow_ups == [overdue]
    assert shown.school_requests_waiting == [asked_school]
    assert shown.check_ins_due == [family]  # no check-in yet; 'checked' had one recently


def test_a_check_in_is_due_again_after_three_months() -> None:
    family = planted_family()
    old = CheckIn(
        id=new_record_id(),
        family=family.id,
        on=date(2026, 8, 1),
        answers={CheckInQuestion.FEELS_WELCOME: 2},
    )
    assert what_is_on([family, old], TODAY).check_ins_due == [family]
    assert what_is_on([family, old], date(2026, 9, 1)).check_ins_due == []


def test_families_whose_children_are_at_no_known_school_are_listed() -> None:
    """A family is counted for a school only through a child at that school: one with
    no child at a school in the directory (or no child written down) is counted nowhere,
    so Today asks."""
    school = School(id=new_record_id(), name="Riverside Primary")
    at_school = planted_family("AAA-BB")
    at_school = replace(
        at_school,
        children=(
            Child(first_name="Idil"),  # one child at the school is enough
            Child(first_name="Ayaan", school_id=school.id, year_group=3),
        ),
    )
    no_school = replace(planted_family("CCC-DD"), joined_on=date(2026, 10, 1))
    school_gone = replace(  # the school it names is no longer in the directory
        planted_family("EEE-FF"),
        joined_on=date(2026, 9, 1),
        children=(Child(first_name="Sara", school_id=new_record_id()),),
    )
    no_children = replace(planted_family("GGG-HH"), children=(), joined_on=date(2026, 8, 1))
    closed = replace(planted_family("JJJ-KK"), status=FamilyStatus.CLOSED, closed_on=TODAY)
    paused = replace(planted_family("MMM-NN"), status=FamilyStatus.PAUSED)
    shown = what_is_on(
        [school, at_school, no_school, school_gone, no_children, closed, paused], TODAY
    )
    # Oldest first: they have gone uncounted longest.
    assert shown.school_unknown == [no_children, school_gone, paused, no_school]
    # Without the school's record, a child's school is not one the mentor can be counted for.
    assert what_is_on([at_school, no_school], TODAY).school_unknown == [at_school, no_school]
