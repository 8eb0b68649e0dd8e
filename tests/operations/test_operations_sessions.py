"""Saying how a planned session went, without Qt: held, or missed with its follow-up
saved in the same action; and which sessions Today asks about."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, time, timedelta

import pytest
from helpers.values import TODAY

from parentrus_desktop.domain import Family, FollowUp, Session, new_record_id
from parentrus_desktop.domain.rules import follow_ups_for
from parentrus_desktop.domain.validation import InvalidRecord
from parentrus_desktop.domain.vocabulary import (
    NonAttendanceReason,
    SessionKind,
    SessionStatus,
    VenueCategory,
)
from parentrus_desktop.operations import records as actions
from parentrus_desktop.operations.sessions import mark_held, mark_missed
from parentrus_desktop.operations.today import what_is_on
from parentrus_desktop.store.unlocked import UnlockedProfile


def planned(*families: str, on: date = TODAY - timedelta(days=1), **fields: object) -> Session:
    return Session(
        id=new_record_id(),
        session_kind=SessionKind.ONE_TO_ONE if len(families) == 1 else SessionKind.GROUP,
        venue_category=VenueCategory.COMMUNITY_CENTRE,
        on=on,
        families=families,
        status=SessionStatus.PLANNED,
        **fields,  # type: ignore[arg-type]
    )


def test_mark_held_saves_the_session_as_it_is_now(profile: UnlockedProfile, family: Family) -> None:
    session = planned(family.id)
    profile.save(session)
    # Changed since the screen showed it: the saved version is the one marked.
    changed = replace(session, notes="moved to the small room")
    profile.save(changed)
    done = mark_held(profile, session.id, TODAY)
    assert done.result.session == replace(changed, status=SessionStatus.HELD)
    assert done.changed == {"session"}
    assert profile.get(session.id) == done.result.session
    assert profile.all(FollowUp) == []


def test_mark_missed_saves_the_follow_up_as_logging_does(
    profile: UnlockedProfile, family: Family
) -> None:
    other = replace(family, id=new_record_id(), code="B3X-9P")
    profile.save(other)
    session = planned(family.id, other.id)
    profile.save(session)
    done = mark_missed(profile, session.id, NonAttendanceReason.ILLNESS, TODAY)
    missed = replace(
        session,
        status=SessionStatus.DID_NOT_ATTEND,
        non_attendance_reason=NonAttendanceReason.ILLNESS,
    )
    assert done.result.session == missed == profile.get(session.id)
    assert done.changed == {"session", "follow_up"}
    logged = follow_ups_for(missed, TODAY)
    saved = sorted(profile.all(FollowUp), key=lambda f: f.family or "")
    assert [replace(f, id="0" * 32) for f in saved] == sorted(
        (replace(f, id="0" * 32) for f in logged), key=lambda f: f.family or ""
    )
    assert sorted(done.result.follow_ups, key=lambda f: f.id) == sorted(saved, key=lambda f: f.id)


def test_only_a_planned_session_whose_day_has_come_can_be_marked(
    profile: UnlockedProfile, family: Family
) -> None:
    ahead = planned(family.id, on=TODAY + timedelta(days=1))
    profile.save(ahead)
    with pytest.raises(InvalidRecord, match="future can only be planned"):
        mark_held(profile, ahead.id, TODAY)
    today = planned(family.id, on=TODAY)
    profile.save(today)
    mark_missed(profile, today.id, NonAttendanceReason.UNKNOWN, TODAY)
    # Marked twice (two screens, one click each): refused, and no second follow-up.
    with pytest.raises(InvalidRecord, match="no longer planned"):
        mark_missed(profile, today.id, NonAttendanceReason.WORK, TODAY)
    assert len(profile.all(FollowUp)) == 1
    with pytest.raises(InvalidRecord, match="no longer in your records"):
        mark_held(profile, new_record_id(), TODAY)
    assert profile.get(ahead.id) == ahead


def test_today_asks_about_planned_sessions_whose_day_has_passed(family: Family) -> None:
    last_week = planned(family.id, on=TODAY - timedelta(days=7))
    yesterday_late = planned(family.id, starts_at=time(18, 0))
    yesterday_early = planned(family.id, starts_at=time(9, 0))
    today = planned(family.id, on=TODAY)
    held = replace(planned(family.id), status=SessionStatus.HELD)
    shown = what_is_on([family, last_week, yesterday_early, today, held, yesterday_late], TODAY)
    assert shown.did_this_happen == [yesterday_late, yesterday_early, last_week]
    assert shown.sessions_today == [today]


def test_undoing_a_missed_mark_puts_the_session_back_as_planned_without_its_follow_up(
    profile: UnlockedProfile, family: Family
) -> None:
    session = planned(family.id)
    profile.save(session)
    done = mark_missed(profile, session.id, NonAttendanceReason.ILLNESS, TODAY)
    assert len(done.result.follow_ups) == 1 and len(profile.all(FollowUp)) == 1
    actions.restore(profile, done.result.undo)
    assert profile.get(session.id) == session
    assert profile.all(FollowUp) == []
    held = mark_held(profile, session.id, TODAY)
    actions.restore(profile, held.result.undo)
    assert profile.get(session.id) == session
