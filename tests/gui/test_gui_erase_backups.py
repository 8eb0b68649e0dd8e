"""Erasing families due for erasure in one step from Today, with the laptop's own backups
reached in the background: the window answers, a plain line says the backups are still
being cleaned, and locking half way leaves the rest to the next unlock."""

from __future__ import annotations

import sqlite3
import threading
from collections.abc import Callable, Iterator
from dataclasses import replace
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from helpers.planted import planted_family, planted_session
from pytestqt.qtbot import QtBot
from test_gui_flow import create_first_profile, settle, unlock

from parentrus_desktop.domain import Family
from parentrus_desktop.domain.vocabulary import FamilyStatus
from parentrus_desktop.gui.erase_dialog import EraseFamiliesDialog, EraseFamilyDialog
from parentrus_desktop.gui.window import MentorWindow
from parentrus_desktop.gui.workspace import Workspace
from parentrus_desktop.store import backup as backups

MakeWindow = Callable[..., MentorWindow]
CLEANING = "Still removing erased families from the backups on this laptop. You can keep working."


def _closed(code: str, carer: str) -> Family:
    return replace(
        planted_family(code),
        carers=(carer,),
        joined_on=date(2024, 1, 8),
        status=FamilyStatus.CLOSED,
        closed_on=date(2025, 3, 1),  # TODAY is 2026-11-22: due under the 12-month rule
    )


def _in_file(path: Path, record_id: str) -> bool:
    conn = sqlite3.connect(path.resolve().as_uri() + "?mode=ro", uri=True)
    try:
        return (
            conn.execute("SELECT 1 FROM records WHERE id = ?", (record_id,)).fetchone() is not None
        )
    finally:
        conn.close()


def _with_backups(qtbot: QtBot, workspace: Workspace, *families: Family) -> list[Path]:
    records = workspace.records
    records.save(*families, *(planted_session(f) for f in families), owner=workspace)
    settle(qtbot)
    for days in (3, 2, 1):
        backups.automatic_backup(records.profile, datetime.now(UTC) - timedelta(days=days))
    made = backups.local_backups(records.profile.path)
    assert len(made) == 3 and all(_in_file(p, f.id) for p in made for f in families)
    return made


@pytest.fixture
def gate(monkeypatch: pytest.MonkeyPatch) -> Iterator[threading.Event]:
    """Holds the real erasing from the backups until the test opens the gate, so the
    test can look at the window while it runs (it always runs off the UI thread)."""
    opened = threading.Event()
    real = backups.erase_from_local_backups

    def held(*args: Any, **kwargs: Any) -> backups.BackupsReached:
        assert threading.current_thread() is not threading.main_thread()
        opened.wait(30)
        return real(*args, **kwargs)

    monkeypatch.setattr(backups, "erase_from_local_backups", held)
    yield opened
    opened.set()


def _cleaning_line_shown(workspace: Workspace) -> bool:
    line = workspace.today_page.backups_cleaning_line
    return line is not None and line.text() == CLEANING


def test_erasing_the_families_due_in_one_step_leaves_the_window_answering(
    qtbot: QtBot, make_window: MakeWindow, gate: threading.Event
) -> None:
    window = make_window()
    workspace = create_first_profile(qtbot, window)
    families = [_closed("K7Q-4M", "Ottilie"), _closed("ABC-DE", "Wilhelmina")]
    made = _with_backups(qtbot, workspace, *families)
    workspace.show_page(workspace.today_page)
    erase_all = workspace.today_page.erase_all_due
    assert erase_all is not None and erase_all.text() == "Erase these 2 families…"
    erase_all.click()
    dialog = workspace.findChild(EraseFamiliesDialog)
    assert dialog is not None and dialog.isVisible()
    assert not dialog.erase_button.isEnabled()
    dialog.count.setText("3")
    assert not dialog.erase_button.isEnabled()  # the wrong number erases nothing
    dialog.count.setText("2")
    dialog.erase_button.click()

    # The families go from the profile at once; the backups are still being reached,
    # and meanwhile the window answers (the line appears, the mentor can move on).
    profile = workspace.records.profile
    qtbot.waitUntil(lambda: all(profile.get(f.id) is None for f in families), timeout=10_000)
    qtbot.waitUntil(lambda: _cleaning_line_shown(workspace), timeout=10_000)
    assert workspace.records.cleaning_backups
    assert "2 families are erased" in workspace.message_bar.text()
    workspace.show_page(workspace.families_page)
    assert workspace.pages.currentWidget() is workspace.families_page
    assert all(_in_file(p, f.id) for p in made for f in families)  # not reached yet

    gate.set()
    qtbot.waitUntil(lambda: not workspace.records.cleaning_backups, timeout=30_000)
    settle(qtbot)
    assert workspace.today_page.backups_cleaning_line is None
    assert not any(_in_file(p, f.id) for p in made for f in families)
    assert backups.still_to_erase(profile) == []


def test_locking_while_the_backups_are_cleaned_the_next_unlock_finishes(
    qtbot: QtBot, make_window: MakeWindow, gate: threading.Event
) -> None:
    window = make_window()
    workspace = create_first_profile(qtbot, window)
    family = _closed("K7Q-4M", "Ottilie")
    made = _with_backups(qtbot, workspace, family)
    dialog = workspace.ask_erase(family)
    assert isinstance(dialog, EraseFamilyDialog)
    dialog.code.setText(family.code)
    dialog.erase_button.click()
    qtbot.waitUntil(lambda: _cleaning_line_shown(workspace), timeout=10_000)

    # The mentor locks while the backups are being reached: it stops before the first.
    threading.Timer(0.3, gate.set).start()
    window.lock()
    settle(qtbot)
    assert all(_in_file(p, family.id) for p in made)  # left for the next unlock

    unlock(qtbot, window)
    records = window.records
    assert records is not None
    qtbot.waitUntil(lambda: not records.cleaning_backups, timeout=30_000)
    assert not any(_in_file(p, family.id) for p in made)
    assert backups.still_to_erase(records.profile) == []
