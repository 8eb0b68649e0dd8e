"""Keeping records: Today's "due for erasure" list (erase or keep), the retention rule in
Settings with "erase automatically", the activity log, and "Save my log…"."""

from __future__ import annotations

import csv
from collections.abc import Callable
from dataclasses import replace
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

from helpers.planted import PLANTED_STRINGS, planted_family, planted_session
from helpers.values import TODAY
from PySide6.QtCore import QDate, QPoint, QPointF, Qt
from PySide6.QtGui import QWheelEvent
from PySide6.QtWidgets import QApplication, QLabel, QPushButton, QWidget
from pytestqt.qtbot import QtBot
from test_gui_flow import PASSPHRASE, create_first_profile, settle, unlock

from parentrus_desktop.domain import Family
from parentrus_desktop.domain.vocabulary import FamilyStatus
from parentrus_desktop.gui.erase_dialog import EraseFamilyDialog
from parentrus_desktop.gui.keep_dialog import KeepFamilyDialog
from parentrus_desktop.gui.keeping_records import KeepingRecordsSection
from parentrus_desktop.gui.window import MentorWindow
from parentrus_desktop.gui.workspace import Workspace
from parentrus_desktop.operations.activity import BACKUP_MADE, log_activity
from parentrus_desktop.operations.kept import KeepReason, kept_families
from parentrus_desktop.operations.retention import (
    RetentionRule,
    keep_family,
    note_clock_seen,
    retention_rule,
)

MakeWindow = Callable[..., MentorWindow]
DUE_TITLE = "Closed more than 12 months ago: due for erasure"


def _closed_families(qtbot: QtBot, workspace: Workspace) -> tuple[Family, Family, Family]:
    """Two closed long ago (TODAY is 2026-11-22), one closed recently."""
    old = replace(
        planted_family("K7Q-4M"),
        joined_on=date(2024, 1, 8),
        status=FamilyStatus.CLOSED,
        closed_on=date(2025, 6, 30),
    )
    older = replace(
        planted_family("ABC-DE"),
        carers=("Ottilie",),
        joined_on=date(2024, 1, 8),
        status=FamilyStatus.CLOSED,
        closed_on=date(2025, 3, 1),
    )
    recent = replace(older, id=planted_family().id, code="MNP-QR", closed_on=date(2026, 1, 5))
    workspace.records.save(old, older, recent, planted_session(old), owner=workspace)
    settle(qtbot)
    return old, older, recent


def _section_texts(workspace: Workspace) -> list[str]:
    return [
        label.text()
        for label in workspace.today_page.findChildren(QLabel)
        if label.objectName() == "section"
    ]


def _due_codes(workspace: Workspace) -> list[str]:
    return [family.code for family, _erase, _keep in workspace.today_page.due_for_erasure]


def test_today_lists_families_due_and_erases_one_with_the_usual_question(
    qtbot: QtBot, make_window: MakeWindow
) -> None:
    window = make_window()
    workspace = create_first_profile(qtbot, window)
    old, _older, _recent = _closed_families(qtbot, workspace)
    workspace.show_page(workspace.today_page)
    assert DUE_TITLE in _section_texts(workspace)
    assert _due_codes(workspace) == ["ABC-DE", "K7Q-4M"]  # the longest due first

    (erase,) = [e for f, e, _k in workspace.today_page.due_for_erasure if f.id == old.id]
    erase.click()
    dialog = workspace.findChild(EraseFamilyDialog)
    assert dialog is not None and dialog.isVisible()
    assert not dialog.erase_button.isEnabled()  # nothing erased without the code typed
    dialog.code.setText(old.code)
    dialog.erase_button.click()
    settle(qtbot)
    profile = workspace.records.profile
    assert profile.get(old.id) is None and profile.about_family(old.id) == []
    assert _due_codes(workspace) == ["ABC-DE"]
    assert workspace.pages.currentWidget() is workspace.today_page  # the mentor stays
    activity = workspace.settings_page.keeping_records.open_activity()
    qtbot.waitUntil(lambda: activity.loaded, timeout=10_000)
    shown = [activity.entries.item(i).text() for i in range(activity.entries.count())]
    assert shown[0].endswith(" · Erased family K7Q-4M")
    assert not any(p in line for line in shown for p in PLANTED_STRINGS)


def test_keeping_a_family_takes_it_off_the_list_until_the_new_date(
    qtbot: QtBot, make_window: MakeWindow
) -> None:
    window = make_window()
    workspace = create_first_profile(qtbot, window)
    old, _older, _recent = _closed_families(qtbot, workspace)
    (keep,) = [k for f, _e, k in workspace.today_page.due_for_erasure if f.id == old.id]
    keep.click()
    dialog = workspace.findChild(KeepFamilyDialog)
    assert dialog is not None and dialog.isVisible()
    dialog.reason.setCurrentIndex(dialog.reason.findData(KeepReason.FAMILY_ASKED.value))
    dialog.until.setDate(QDate(2027, 3, 1))
    dialog.keep_button.click()
    settle(qtbot)
    assert _due_codes(workspace) == ["ABC-DE"]
    decision = kept_families(workspace.records.profile)[old.id]
    assert decision.until == date(2027, 3, 1) and decision.reason is KeepReason.FAMILY_ASKED
    assert "Family K7Q-4M is kept until" in workspace.message_bar.text()


def test_a_day_gone_by_is_refused_in_plain_words(qtbot: QtBot, make_window: MakeWindow) -> None:
    window = make_window()
    workspace = create_first_profile(qtbot, window)
    old, _older, _recent = _closed_families(qtbot, workspace)
    dialog = workspace.ask_keep(old)
    dialog.until.setDate(QDate(2026, 1, 1))
    dialog.keep_button.click()
    settle(qtbot)
    assert dialog.isVisible() and dialog.problem.text() == "Choose a day after today."
    assert kept_families(workspace.records.profile) == {}


def turn_on_erase_automatically(qtbot: QtBot, section: KeepingRecordsSection) -> None:
    """Tick "erase automatically" and say yes to the question it asks first."""
    section.automatically.setChecked(True)
    ask = section.confirm_dialog
    assert ask is not None and ask.isVisible()
    ask.findChild(QPushButton, "erase-automatically-yes").click()
    settle(qtbot)


def test_erase_automatically_asks_first_in_plain_words(
    qtbot: QtBot, make_window: MakeWindow, tmp_path: Path
) -> None:
    window = make_window()
    workspace = create_first_profile(qtbot, window)
    _closed_families(qtbot, workspace)
    workspace.show_page(workspace.settings_page)
    section = workspace.settings_page.keeping_records
    section.automatically.setChecked(True)
    settle(qtbot)
    ask = section.confirm_dialog
    assert ask is not None and ask.isVisible()
    said = ask.text() + " " + ask.informativeText()
    assert "without asking you first" in said
    assert "closed more than 12 months ago" in said
    assert "cannot be undone" in said
    assert "Backups you make after that will not have those families" in said
    # Not on while the mentor reads, and not on when the mentor says no.
    assert not section.automatically.isChecked()
    assert not retention_rule(workspace.records.profile).erase_automatically
    window.resize(1366, 768)
    ask.grab().save(str(tmp_path / "ask.png"))
    assert ask.width() <= 1366 and ask.height() <= 768
    ask.findChild(QPushButton, "erase-automatically-no").click()
    settle(qtbot)
    assert not section.automatically.isChecked()
    assert not retention_rule(workspace.records.profile).erase_automatically
    # Yes turns it on; turning it off again asks nothing.
    turn_on_erase_automatically(qtbot, section)
    assert section.automatically.isChecked()
    assert retention_rule(workspace.records.profile) == RetentionRule(12, True)
    section.automatically.setChecked(False)
    settle(qtbot)
    assert section.confirm_dialog is None
    assert retention_rule(workspace.records.profile) == RetentionRule(12, False)


def test_erase_automatically_at_unlock_is_logged_with_the_wrong_passphrases(
    qtbot: QtBot, make_window: MakeWindow
) -> None:
    window = make_window()
    workspace = create_first_profile(qtbot, window)
    old, older, recent = _closed_families(qtbot, workspace)
    section = workspace.settings_page.keeping_records
    section.months.setValue(18)
    settle(qtbot)
    assert _due_codes(workspace) == ["ABC-DE"]  # closed 20 months ago; K7Q-4M 17
    turn_on_erase_automatically(qtbot, section)
    assert retention_rule(workspace.records.profile) == RetentionRule(18, True)
    window.lock()
    unlock(qtbot, window, "not my passphrase at all")
    assert window.workspace is None
    unlock(qtbot, window, PASSPHRASE)
    workspace = window.workspace
    assert isinstance(workspace, Workspace)
    profile = workspace.records.profile
    assert profile.get(older.id) is None  # erased at unlock, as the mentor asked
    assert profile.get(old.id) is not None and profile.get(recent.id) is not None
    assert _due_codes(workspace) == []
    # Told at once, in plain words, with the code (the activity log has it too).
    assert workspace.message_bar.isVisible()
    assert workspace.message_bar.text() == (
        "1 closed family was erased automatically, as you chose in Settings (closed longer "
        "ago than you keep records): ABC-DE. The activity log lists it."
    )
    activity = workspace.settings_page.keeping_records.open_activity()
    qtbot.waitUntil(lambda: activity.loaded, timeout=10_000)
    shown = [activity.entries.item(i).text().split(" · ", 1)[1] for i in range(3)]
    assert shown == [
        "Erased family ABC-DE automatically (closed more than 18 months ago)",
        "Unlocked",
        "Someone typed a wrong passphrase",
    ]


def test_save_my_log_writes_the_csv_without_names(
    qtbot: QtBot, make_window: MakeWindow, tmp_path: Path
) -> None:
    window = make_window()
    workspace = create_first_profile(qtbot, window)
    _closed_families(qtbot, workspace)
    section = workspace.settings_page.keeping_records
    out = tmp_path / "hours.csv"
    section.save_my_log(out)
    settle(qtbot)
    with out.open(encoding="utf-8", newline="") as file:
        rows = list(csv.reader(file))
    assert rows == [
        ["date", "family_codes", "kind", "minutes", "place_kind"],
        ["2026-11-02", "K7Q-4M", "one_to_one", "60", "library"],
    ]
    assert not any(p in out.read_text(encoding="utf-8") for p in PLANTED_STRINGS)
    assert section.saved_words.text() == (
        "Saved 1 line to hours.csv. It has family codes but no names."
    )


def _looks(qtbot: QtBot, make_window: MakeWindow, language: str, tmp_path: Path) -> None:
    window = make_window(language)
    window.resize(1366, 768)
    workspace = create_first_profile(qtbot, window)
    old, _older, _recent = _closed_families(qtbot, workspace)
    workspace.show_page(workspace.today_page)
    settle(qtbot)
    shots = tmp_path  # looked at by hand: pytest --basetemp=DIR keeps them
    window.grab().save(str(shots / f"today-{language}.png"))
    workspace.show_page(workspace.settings_page)
    settle(qtbot)
    window.grab().save(str(shots / f"settings-{language}.png"))
    # Everything in Settings is within the window: nothing cut off at 768 pixels high.
    section = workspace.settings_page.keeping_records
    bottom = section.save_log.mapTo(window, section.save_log.rect().bottomLeft()).y()
    assert bottom <= window.height()
    log_activity(workspace.records.profile, BACKUP_MADE)  # as the backup code will
    keep_family(
        workspace.records.profile, old.id, date(2027, 1, 5), KeepReason.MAY_COME_BACK, TODAY
    )
    activity = section.open_activity()
    qtbot.waitUntil(lambda: activity.loaded, timeout=10_000)
    assert activity.entries.count() == 2
    activity.grab().save(str(shots / f"activity-{language}.png"))
    keep = workspace.ask_keep(old)
    keep.grab().save(str(shots / f"keep-{language}.png"))
    assert isinstance(keep, QWidget) and keep.width() <= 1366


def test_the_new_screens_fit_in_english(
    qtbot: QtBot, make_window: MakeWindow, tmp_path: Path
) -> None:
    _looks(qtbot, make_window, "en", tmp_path)


def test_the_new_screens_fit_in_arabic(
    qtbot: QtBot, make_window: MakeWindow, tmp_path: Path
) -> None:
    _looks(qtbot, make_window, "ar", tmp_path)


def test_a_wheel_rolling_past_the_months_does_not_change_the_rule(
    qtbot: QtBot, make_window: MakeWindow
) -> None:
    """Settings scrolls: a mouse wheel turned over the months box on the way down the
    page scrolls the page, and never shortens how long families are kept."""
    workspace = create_first_profile(qtbot, make_window())
    workspace.show_page(workspace.settings_page)
    months = workspace.settings_page.keeping_records.months
    start = months.value()
    workspace.setFocus()
    assert not months.hasFocus()
    down = QWheelEvent(
        QPointF(5, 5), QPointF(5, 5), QPoint(0, 0), QPoint(0, -120),
        Qt.MouseButton.NoButton, Qt.KeyboardModifier.NoModifier,
        Qt.ScrollPhase.NoScrollPhase, False,
    )  # fmt: skip
    for _ in range(5):
        QApplication.sendEvent(months, down)
    settle(qtbot)
    assert months.value() == start
    assert retention_rule(workspace.records.profile).months == start


def test_a_wrong_clock_at_unlock_erases_nothing_and_the_mentor_is_told(
    qtbot: QtBot, make_window: MakeWindow, tmp_path: Path
) -> None:
    window = make_window()
    workspace = create_first_profile(qtbot, window)
    _closed_families(qtbot, workspace)
    turn_on_erase_automatically(qtbot, workspace.settings_page.keeping_records)
    # The profile was last used a week after the laptop's clock says it is now.
    note_clock_seen(workspace.records.profile, datetime.now(UTC) + timedelta(days=7))
    window.lock()
    unlock(qtbot, window, PASSPHRASE)
    workspace = window.workspace
    assert isinstance(workspace, Workspace)
    assert _due_codes(workspace) == ["ABC-DE", "K7Q-4M"]  # still there, for the mentor
    said = workspace.message_bar.text()
    assert workspace.message_bar.isVisible()
    assert "the clock looks wrong, so no family was erased automatically" in said
    assert said.endswith("2 families are due for erasure: they are on Today, to erase or keep.")
    window.resize(1366, 768)
    window.grab().save(str(tmp_path / "clock.png"))
