"""Sessions can be corrected: opened from a family's timeline, Today and search, changed
and saved to the file; a planned one marked held or missed in one step; Today asks
"Did this happen?" about planned sessions whose day has passed."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from datetime import time, timedelta

import pytest
from helpers.values import TODAY
from PySide6.QtCore import Qt
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QListWidget, QMenu, QWidget
from pytestqt.qtbot import QtBot
from test_gui_flow import add_family, create_first_profile, settle, unlock
from test_gui_more_records import save

from parentrus_desktop.domain import FollowUp, Record, Session, Venue, new_record_id
from parentrus_desktop.domain.rules import MISSED_SESSION_FOLLOW_UP
from parentrus_desktop.domain.vocabulary import (
    NonAttendanceReason,
    SessionKind,
    SessionStatus,
    Topic,
    VenueCategory,
)
from parentrus_desktop.gui.session_form import SessionForm
from parentrus_desktop.gui.session_lines import OutcomeButtons
from parentrus_desktop.gui.window import MentorWindow
from parentrus_desktop.gui.workspace import Workspace
from parentrus_desktop.i18n import format_day, format_day_and_weekday
from parentrus_desktop.store.unlocked import UnlockedProfile

MakeWindow = Callable[..., MentorWindow]


def a_session(*families: str, **fields: object) -> Session:
    kind = SessionKind.ONE_TO_ONE if len(families) == 1 else SessionKind.GROUP
    values: dict[str, object] = {
        "id": new_record_id(),
        "session_kind": kind,
        "venue_category": VenueCategory.LIBRARY,
        "on": TODAY - timedelta(days=3),
        "families": families,
        "notes": "first words",
    }
    return Session(**{**values, **fields})  # type: ignore[arg-type]


def put(window: MentorWindow, *records: Record) -> None:
    """Records saved elsewhere (an import, another screen): every page hears of it."""
    assert window.records is not None
    window.records.profile.save(*records)
    window.records.changed.emit({r.kind for r in records})


def session_forms(workspace: Workspace) -> list[SessionForm]:
    return [d for d in workspace._dialogs if isinstance(d, SessionForm)]


def reopened(qtbot: QtBot, window: MentorWindow) -> UnlockedProfile:
    """Lock and unlock: the records are read again from the profile file."""
    window.lock()
    unlock(qtbot, window)
    assert window.records is not None
    return window.records.profile


def press_enter_on(qtbot: QtBot, listing: QListWidget, text: str) -> None:
    (row,) = [i for i in range(listing.count()) if text in listing.item(i).text()]
    listing.setCurrentRow(row)
    qtbot.keyClick(listing, Qt.Key.Key_Return)


def did_this_happen(workspace: Workspace) -> list[tuple[Session, OutcomeButtons]]:
    return workspace.today_page.to_confirm


def test_a_session_opens_from_the_family_timeline_and_the_change_reaches_the_file(
    qtbot: QtBot, make_window: MakeWindow
) -> None:
    window = make_window()
    workspace = create_first_profile(qtbot, window)
    family = add_family(qtbot, workspace, "Saima")
    older = a_session(family.id, on=TODAY - timedelta(days=10), notes="older words")
    session = a_session(family.id, topics=(Topic.READING,))
    put(window, older, session)
    page = workspace.family_page
    assert page is not None
    timeline = page.findChild(QListWidget, "timeline")
    assert isinstance(timeline, QListWidget)
    press_enter_on(qtbot, timeline, format_day(session.on))
    (form,) = session_forms(workspace)
    assert form.windowTitle() == "Change a session" and form.session == session
    assert form.notes.toPlainText() == "first words"
    assert form.topics.ticked() == [Topic.READING]
    form.notes.setPlainText("better words")
    form.minutes.setValue(90)
    (saved,) = save(qtbot, form)
    assert saved == replace(session, notes="better words", minutes=90)
    profile = reopened(qtbot, window)
    assert sorted(profile.all(Session), key=lambda s: s.on) == [older, saved]


def test_session_lines_on_today_open_that_session(qtbot: QtBot, make_window: MakeWindow) -> None:
    window = make_window()
    workspace = create_first_profile(qtbot, window)
    family = add_family(qtbot, workspace, "Nadia")
    today = a_session(family.id, on=TODAY, starts_at=time(14, 0), status=SessionStatus.PLANNED)
    later = a_session(family.id, on=TODAY + timedelta(days=2), status=SessionStatus.PLANNED)
    put(window, today, later)
    workspace.show_page(workspace.today_page)
    week = workspace.today_page.findChild(QListWidget, "sessions-week")
    assert isinstance(week, QListWidget)
    press_enter_on(qtbot, week, format_day_and_weekday(later.on))
    (form,) = session_forms(workspace)
    assert form.session == later
    form.discard()
    settle(qtbot)
    listing = workspace.today_page.findChild(QListWidget, "sessions-today")
    assert isinstance(listing, QListWidget)
    item = listing.item(0)
    where = listing.visualItemRect(item).center()
    qtbot.mouseClick(listing.viewport(), Qt.MouseButton.LeftButton, pos=where)
    qtbot.mouseDClick(
        listing.viewport(),
        Qt.MouseButton.LeftButton,
        pos=where,
    )
    form = session_forms(workspace)[-1]
    assert form.session == today
    # Said in one step in the form: it happened.
    assert form.outcome is not None
    form.outcome.held.click()
    qtbot.waitUntil(lambda: form.saved != [], timeout=10_000)
    profile = reopened(qtbot, window)
    assert profile.get(today.id) == replace(today, status=SessionStatus.HELD)
    assert profile.get(later.id) == later


def test_a_session_found_by_search_opens_in_the_form_and_is_saved(
    qtbot: QtBot, make_window: MakeWindow
) -> None:
    window = make_window()
    workspace = create_first_profile(qtbot, window)
    family = add_family(qtbot, workspace, "Rahima")
    other = a_session(family.id, notes="the school trip")
    wanted = a_session(family.id, notes="worried about the spelling test")
    put(window, other, wanted)
    search = workspace.open_search()
    qtbot.keyClicks(search.query, "spelling")
    assert search.results.count() == 1
    search.query.returnPressed.emit()
    (form,) = session_forms(workspace)
    assert form.session == wanted
    form.topics.tick(Topic.HOMEWORK)
    (saved,) = save(qtbot, form)
    profile = reopened(qtbot, window)
    assert profile.get(wanted.id) == replace(wanted, topics=(Topic.HOMEWORK,)) == saved
    assert profile.get(other.id) == other


def test_did_this_happen_on_today_marks_held_or_missed_in_one_step(
    qtbot: QtBot, make_window: MakeWindow
) -> None:
    window = make_window()
    workspace = create_first_profile(qtbot, window)
    first = add_family(qtbot, workspace, "Amina")
    second = add_family(qtbot, workspace, "Bogdan")
    group = a_session(
        first.id, second.id, on=TODAY - timedelta(days=1), status=SessionStatus.PLANNED
    )
    alone = a_session(first.id, on=TODAY - timedelta(days=2), status=SessionStatus.PLANNED)
    planned_ahead = a_session(first.id, on=TODAY, status=SessionStatus.PLANNED)
    held = a_session(second.id, on=TODAY - timedelta(days=4))
    put(window, group, alone, planned_ahead, held)
    workspace.show_page(workspace.today_page)
    # Only planned sessions whose day has passed, newest first.
    assert [s for s, _b in did_this_happen(workspace)] == [group, alone]
    section = workspace.today_page.findChild(QWidget, "did-this-happen")
    assert section is not None and section.isVisible()

    did_this_happen(workspace)[0][1].held.click()
    qtbot.waitUntil(lambda: len(did_this_happen(workspace)) == 1, timeout=10_000)

    (session, buttons), *_ = did_this_happen(workspace)
    assert session == alone
    menu = buttons.missed.menu()
    assert isinstance(menu, QMenu)
    reason = menu.findChild(QAction, "reason-childcare")
    assert isinstance(reason, QAction)
    reason.trigger()
    qtbot.waitUntil(lambda: did_this_happen(workspace) == [], timeout=10_000)
    assert workspace.today_page.findChild(QWidget, "did-this-happen") is None
    to_call = workspace.today_page.findChild(QListWidget, "to-call")
    assert isinstance(to_call, QListWidget) and to_call.count() == 1

    profile = reopened(qtbot, window)
    assert profile.get(group.id) == replace(group, status=SessionStatus.HELD)
    assert profile.get(alone.id) == replace(
        alone,
        status=SessionStatus.DID_NOT_ATTEND,
        non_attendance_reason=NonAttendanceReason.CHILDCARE,
    )
    (follow_up,) = profile.all(FollowUp)
    assert follow_up.session == alone.id and follow_up.family == first.id
    assert follow_up.what == MISSED_SESSION_FOLLOW_UP
    assert profile.get(planned_ahead.id) == planned_ahead and profile.get(held.id) == held

    # Opened again and saved without a change: still the one follow-up.
    assert window.workspace is not None
    form = window.workspace.open_session(alone.id)
    assert form is not None
    form.save_button.click()
    qtbot.waitUntil(lambda: form.saved != [], timeout=10_000)
    assert form.saved == [profile.get(alone.id)]
    assert len(reopened(qtbot, window).all(FollowUp)) == 1


# The offscreen platform cannot raise a pop-up menu or give it the keyboard; not our warning.
@pytest.mark.qt_log_ignore("This plugin does not support raise", "does not support grabbing")
def test_the_timeline_menu_marks_a_planned_session_missed(
    qtbot: QtBot, make_window: MakeWindow
) -> None:
    window = make_window()
    workspace = create_first_profile(qtbot, window)
    family = add_family(qtbot, workspace, "Layla")
    planned = a_session(family.id, on=TODAY, status=SessionStatus.PLANNED)
    put(window, planned)
    page = workspace.family_page
    assert page is not None
    timeline = page.findChild(QListWidget, "timeline")
    assert isinstance(timeline, QListWidget)
    (row,) = [i for i in range(timeline.count()) if format_day(TODAY) in timeline.item(i).text()]
    timeline.customContextMenuRequested.emit(timeline.visualItemRect(timeline.item(row)).center())
    (menu,) = timeline.findChildren(QMenu, "")
    (reason,) = [a for a in menu.findChildren(QAction) if a.objectName() == "reason-transport"]
    reason.trigger()
    settle(qtbot)
    profile = reopened(qtbot, window)
    assert profile.get(planned.id) == replace(
        planned,
        status=SessionStatus.DID_NOT_ATTEND,
        non_attendance_reason=NonAttendanceReason.TRANSPORT,
    )
    (follow_up,) = profile.all(FollowUp)
    assert follow_up.session == planned.id


def test_choosing_a_saved_place_fills_where_with_its_kind(
    qtbot: QtBot, make_window: MakeWindow
) -> None:
    window = make_window()
    workspace = create_first_profile(qtbot, window)
    cafe = Venue(id=new_record_id(), name="Corner café", category=VenueCategory.CAFE)
    library = Venue(id=new_record_id(), name="Library", category=VenueCategory.LIBRARY)
    put(window, cafe, library)
    form = workspace.log_session()
    assert form.venue_category.chosen() is not VenueCategory.CAFE
    form.venue.setCurrentIndex(form.venue.findData(cafe.id))
    assert form.venue_category.chosen() is VenueCategory.CAFE
    form.venue.setCurrentIndex(form.venue.findData(library.id))
    assert form.venue_category.chosen() is VenueCategory.LIBRARY
    form.discard()


def test_the_timeline_buttons_mark_the_chosen_planned_session_held(
    qtbot: QtBot, make_window: MakeWindow
) -> None:
    window = make_window()
    workspace = create_first_profile(qtbot, window)
    family = add_family(qtbot, workspace, "Hana")
    held = a_session(family.id, on=TODAY - timedelta(days=9))
    planned = a_session(family.id, status=SessionStatus.PLANNED)
    put(window, held, planned)
    page = workspace.family_page
    assert page is not None and page.outcome is not None
    timeline = page.findChild(QListWidget, "timeline")
    assert isinstance(timeline, QListWidget)
    buttons = page.outcome
    (row,) = [i for i in range(timeline.count()) if format_day(held.on) in timeline.item(i).text()]
    timeline.setCurrentRow(row)
    assert not buttons.isEnabled()  # a session that already happened
    (row,) = [
        i for i in range(timeline.count()) if format_day(planned.on) in timeline.item(i).text()
    ]
    timeline.setCurrentRow(row)
    assert buttons.isEnabled()
    buttons.held.click()
    qtbot.waitUntil(lambda: page.outcome is None, timeout=10_000)  # nothing left to mark
    profile = reopened(qtbot, window)
    assert profile.get(planned.id) == replace(planned, status=SessionStatus.HELD)
    assert profile.get(held.id) == held


def test_with_the_privacy_screen_on_a_session_opens_without_its_notes_and_keeps_them(
    qtbot: QtBot, make_window: MakeWindow
) -> None:
    window = make_window()
    workspace = create_first_profile(qtbot, window)
    family = add_family(qtbot, workspace, "Yusuf")
    session = a_session(family.id, notes="her brother Tariq is in hospital")
    put(window, session)
    workspace.privacy.setChecked(True)
    form = workspace.open_session(session.id)
    assert form is not None
    assert form.notes.toPlainText() == "" and not form.notes.isEnabled()
    assert all("Yusuf" not in form.families.item(i).text() for i in range(form.families.count()))
    form.minutes.setValue(45)
    (saved,) = save(qtbot, form)
    assert reopened(qtbot, window).get(session.id) == replace(session, minutes=45) == saved


def test_a_one_click_mark_says_what_it_did_and_undo_takes_it_back_with_its_follow_up(
    qtbot: QtBot, make_window: MakeWindow
) -> None:
    window = make_window()
    workspace = create_first_profile(qtbot, window)
    family = add_family(qtbot, workspace, "Amina")
    first = a_session(family.id, on=TODAY - timedelta(days=1), status=SessionStatus.PLANNED)
    second = a_session(family.id, on=TODAY - timedelta(days=2), status=SessionStatus.PLANNED)
    put(window, first, second)
    workspace.show_page(workspace.today_page)
    profile = workspace.records.profile
    bar = workspace.message_bar

    (session, buttons), *_ = did_this_happen(workspace)
    assert session == first
    menu = buttons.missed.menu()
    assert isinstance(menu, QMenu)
    reason = menu.findChild(QAction, "reason-work")
    assert isinstance(reason, QAction)
    reason.trigger()  # a misclick: they did come
    qtbot.waitUntil(
        lambda: bar.text() == "Marked as missed; a follow-up was added.", timeout=10_000
    )
    assert len(profile.all(FollowUp)) == 1 and bar.undo_button.isVisible()
    bar.undo_button.click()
    qtbot.waitUntil(lambda: profile.get(first.id) == first, timeout=10_000)
    settle(qtbot)
    assert profile.all(FollowUp) == []  # the follow-up it added went with it
    assert [s for s, _b in did_this_happen(workspace)] == [first, second]  # asked again

    did_this_happen(workspace)[1][1].held.click()
    qtbot.waitUntil(lambda: bar.text() == "Marked as happened.", timeout=10_000)
    assert profile.get(second.id) == replace(second, status=SessionStatus.HELD)
    # The bar closed with its ×: Ctrl+Z still undoes it, and says what it undid.
    bar.close_button.click()
    assert not bar.isVisible()
    workspace.activateWindow()
    qtbot.waitUntil(workspace.isActiveWindow, timeout=5_000)
    qtbot.keyClick(workspace, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: profile.get(second.id) == second, timeout=10_000)
    settle(qtbot)
    assert bar.isVisible() and bar.text() == "Undone: Session is as it was before."
    assert len(reopened(qtbot, window).all(Session)) == 2
