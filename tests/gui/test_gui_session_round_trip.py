"""Opening a saved session and saving it without a change gives back exactly the same
session, and asks for no second follow-up: whatever the session holds."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

import pytest
from helpers.planted import planted_family
from helpers.session_strategies import sessions
from helpers.values import TODAY
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from pytestqt.qtbot import QtBot

from parentrus_desktop.domain import Family, FollowUp, Session, Venue, new_record_id
from parentrus_desktop.domain.rules import follow_ups_for
from parentrus_desktop.domain.session import LONGEST_SESSION_MINUTES
from parentrus_desktop.domain.vocabulary import (
    FamilyStatus,
    SessionKind,
    SessionStatus,
    VenueCategory,
)
from parentrus_desktop.gui.records import OpenRecords
from parentrus_desktop.gui.session_form import SessionForm
from parentrus_desktop.operations.session_defaults import (
    last_length,
    last_place_with,
    quarter_hour_before,
    remember_length,
)
from parentrus_desktop.store.unlocked import UnlockedProfile


@pytest.fixture
def directory(profile: UnlockedProfile) -> tuple[UnlockedProfile, list[str], list[str]]:
    """A real profile with four families (one of them closed) and two saved places."""
    families = [planted_family(code) for code in ("K7Q-4M", "B3X-9P", "H4N-7C")]
    closed = replace(
        planted_family("W9R-3D"), status=FamilyStatus.CLOSED, closed_on=date(2026, 10, 1)
    )
    venues = [
        Venue(id=new_record_id(), name="Library", category=VenueCategory.LIBRARY),
        Venue(id=new_record_id(), name="Jamia", category=VenueCategory.FAITH_VENUE),
    ]
    profile.save(*families, closed, *venues)
    return profile, [f.id for f in profile.all(Family)], [v.id for v in venues]


@settings(max_examples=120, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=st.data())
def test_a_session_saved_again_unchanged_is_the_same_session(
    qtbot: QtBot, directory: tuple[UnlockedProfile, list[str], list[str]], data: st.DataObject
) -> None:
    profile, family_ids, venue_ids = directory
    session = data.draw(sessions(family_ids, venue_ids))
    # Saved as logging saves it: a missed session with its follow-ups.
    profile.save(session, *follow_ups_for(session, TODAY))
    # A new session's defaults (the last length, now, the places of other sessions with
    # these families) never reach a saved one.
    remember_length(profile, data.draw(st.integers(1, LONGEST_SESSION_MINUTES)))
    others = sessions(family_ids, venue_ids).filter(lambda other: other.id != session.id)
    profile.save(*data.draw(st.lists(others, max_size=3)))
    follow_ups_before = len(profile.all(FollowUp))
    records = OpenRecords(profile, privacy=data.draw(st.booleans()))
    form = SessionForm(
        records,
        TODAY,
        session=profile.get(session.id),  # type: ignore[arg-type]
        now=data.draw(st.times()),
    )
    try:
        assert form.windowTitle() == "Change a session"
        assert form.build() == [session]
        assert form.build()[0] == profile.get(session.id)
        assert len(profile.all(FollowUp)) == follow_ups_before
    finally:
        form.discard()
        form.deleteLater()
        records.deleteLater()


def test_a_planned_session_changed_to_missed_gets_one_follow_up_per_family(
    qtbot: QtBot, directory: tuple[UnlockedProfile, list[str], list[str]]
) -> None:
    """The other side of the property: a real change to 'could not come' asks once."""
    profile, family_ids, _venues = directory
    planned = Session(
        id=new_record_id(),
        session_kind=SessionKind.GROUP,
        venue_category=VenueCategory.LIBRARY,
        on=TODAY,
        families=(family_ids[2], family_ids[0]),
        others=3,
        status=SessionStatus.PLANNED,
    )
    profile.save(planned)
    records = OpenRecords(profile, privacy=False)
    form = SessionForm(records, TODAY, session=planned)
    form.status.choose(SessionStatus.DID_NOT_ATTEND)
    built = form.build()
    assert built[0] == replace(
        planned,
        status=SessionStatus.DID_NOT_ATTEND,
        non_attendance_reason=form.reason.chosen(),
    )
    follow_ups = built[1:]
    assert all(isinstance(f, FollowUp) and f.session == planned.id for f in follow_ups)
    assert sorted(f.family for f in follow_ups) == sorted(planned.families)  # type: ignore[attr-defined]
    form.discard()
    form.deleteLater()


@settings(max_examples=60, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=st.data())
def test_a_new_session_starts_from_its_defaults_and_saved_unchanged_keeps_them(
    qtbot: QtBot, directory: tuple[UnlockedProfile, list[str], list[str]], data: st.DataObject
) -> None:
    """Whatever sessions are on file: a new session for a family starts now (rounded down
    to the quarter hour), at the last length, in the family's languages, at the place
    last used with it; built untouched, it is exactly that; opened again, the same."""
    profile, family_ids, venue_ids = directory
    on_file = data.draw(st.lists(sessions(family_ids, venue_ids), max_size=4))
    profile.save(*on_file)
    remember_length(profile, data.draw(st.integers(1, LONGEST_SESSION_MINUTES)))
    family = profile.get(data.draw(st.sampled_from(family_ids)))
    assert isinstance(family, Family)
    now = data.draw(st.times())
    records = OpenRecords(profile, privacy=data.draw(st.booleans()))
    form = SessionForm(records, TODAY, family=family, now=now)
    again: SessionForm | None = None
    try:
        (session,) = form.build()
        assert isinstance(session, Session)
        place = last_place_with(profile, family.id)
        assert session.families == (family.id,)
        assert session.starts_at == quarter_hour_before(now)
        assert session.minutes == last_length(profile)
        assert set(session.languages) == set(family.languages)
        if place is not None:
            assert (session.venue_category, session.venue) == (place.category, place.venue)
        else:
            assert session.venue is None
        assert session.status is SessionStatus.HELD and session.on == TODAY
        profile.save(session)
        on_file.append(session)
        again = SessionForm(records, TODAY, session=session, now=data.draw(st.times()))
        assert again.build() == [session]
    finally:
        # Each example starts from the same records: none depends on an earlier one.
        profile.delete(*{s.id: s for s in on_file}.values())
        for opened in (form, again):
            if opened is not None:
                opened.discard()
                opened.deleteLater()
        records.deleteLater()
