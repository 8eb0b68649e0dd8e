"""The mentor's day in the desktop app: first run, families, sessions, lock and unlock."""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import shiboken6
from helpers.leak_scan import find_planted
from helpers.planted import PLANTED_FAMILY, PLANTED_STRINGS
from PySide6.QtCore import QCoreApplication, QEvent
from PySide6.QtWidgets import QWidget
from pytestqt.qtbot import QtBot

from parentrus_desktop.domain import Family, FollowUp, Session
from parentrus_desktop.domain.vocabulary import SessionKind, SessionStatus
from parentrus_desktop.gui.background import wait_for_background_work
from parentrus_desktop.gui.first_run import FirstRunScreen, RecoveryKeyStep
from parentrus_desktop.gui.keys_dialog import NewRecoveryKeyDialog
from parentrus_desktop.gui.unlock import PickerScreen
from parentrus_desktop.gui.window import MentorWindow
from parentrus_desktop.gui.workspace import Workspace

PASSPHRASE = "we meet for tea on fridays"
MakeWindow = Callable[..., MentorWindow]


def settle(qtbot: QtBot) -> None:
    """Let background work finish and its results reach the screens."""
    wait_for_background_work()
    qtbot.wait(20)
    wait_for_background_work()
    QCoreApplication.processEvents()


def create_first_profile(qtbot: QtBot, window: MentorWindow) -> Workspace:
    first = window.current_screen
    assert isinstance(first, FirstRunScreen)
    step = first.create_step
    step.name.setText("Hodan")
    step.passphrase.setText(PASSPHRASE)
    step.again.setText(PASSPHRASE)
    step.create_button.click()
    qtbot.waitUntil(lambda: isinstance(first.currentWidget(), RecoveryKeyStep), timeout=10_000)
    key_step = first.currentWidget()
    assert isinstance(key_step, RecoveryKeyStep)
    assert not key_step.start.isEnabled()  # not before the mentor says the key is kept
    key_step.confirm.setChecked(True)
    key_step.start.click()
    assert isinstance(window.workspace, Workspace)
    return window.workspace


def add_family(qtbot: QtBot, workspace: Workspace, carers: str, notes: str = "") -> Family:
    form = workspace.edit_family(None)
    form.carers.setText(carers)
    form.phone.setText(PLANTED_FAMILY["phone"])
    form.notes.setPlainText(notes)
    form.languages.tick("ar")
    form.save_button.click()
    qtbot.waitUntil(lambda: form.saved != [], timeout=10_000)
    (family,) = form.saved
    assert isinstance(family, Family)
    return family


def unlock(qtbot: QtBot, window: MentorWindow, passphrase: str = PASSPHRASE) -> None:
    picker = window.current_screen
    assert isinstance(picker, PickerScreen)
    picker.passphrase.setText(passphrase)
    picker.unlock_button.click()
    settle(qtbot)


def test_first_run_to_group_session_then_lock_and_unlock(
    qtbot: QtBot, make_window: MakeWindow, data_dir: Path, temp_folder: Path
) -> None:
    window = make_window()
    assert window.windowTitle() == "Parent'R'Us Mentor"
    workspace = create_first_profile(qtbot, window)
    first = add_family(qtbot, workspace, PLANTED_FAMILY["carer"], PLANTED_FAMILY["note"])
    second = add_family(qtbot, workspace, "Agnieszka")
    assert workspace.family_page is not None and workspace.family_page.family_id == second.id

    form = workspace.log_session()
    form.kind.choose(SessionKind.GROUP)
    form.families.tick(first.id)
    form.families.tick(second.id)
    form.notes.setPlainText(PLANTED_FAMILY["session_note"])
    form.save_button.click()
    qtbot.waitUntil(lambda: form.saved != [], timeout=10_000)
    assert window.windowTitle() == "Parent'R'Us Mentor"  # never a name

    window.lock()
    assert window.is_locked and window.workspace is None
    unlock(qtbot, window, "not the passphrase")
    picker = window.current_screen
    assert isinstance(picker, PickerScreen) and window.is_locked
    unlock(qtbot, window)
    assert window.records is not None
    profile = window.records.profile
    sessions = profile.all(Session)
    assert [set(s.families) for s in sessions] == [{first.id, second.id}]
    assert sessions[0].notes == PLANTED_FAMILY["session_note"]
    assert {f.carers[0] for f in profile.all(Family)} == {PLANTED_FAMILY["carer"], "Agnieszka"}

    window.lock()
    settle(qtbot)
    found = find_planted(PLANTED_STRINGS, data_dir, temp_folder)
    assert found == []
    assert (data_dir / "settings.ini").is_file()  # scanned above, with the profile files


def test_a_wrong_passphrase_says_so_plainly(qtbot: QtBot, make_window: MakeWindow) -> None:
    window = make_window()
    create_first_profile(qtbot, window)
    window.lock()
    unlock(qtbot, window, "tea on the wrong day")
    picker = window.current_screen
    assert isinstance(picker, PickerScreen)
    shown = [w.text() for w in picker.findChildren(QWidget, "problem") if w.isVisible()]
    assert shown == ["That passphrase does not open this profile. Please check it and try again."]


def test_the_recovery_key_opens_and_sets_a_new_passphrase(
    qtbot: QtBot, make_window: MakeWindow
) -> None:
    window = make_window()
    first = window.current_screen
    assert isinstance(first, FirstRunScreen)
    keys: list[str] = []
    first.create_step.created.connect(lambda _profile, key: keys.append(key))
    create_first_profile(qtbot, window)
    window.lock()
    picker = window.current_screen
    assert isinstance(picker, PickerScreen)
    picker.forgot.click()
    assert picker.recovery.isVisible()
    picker.recovery.key.setText(keys[0].lower())
    picker.recovery.new.setText("a brand new sentence to remember")
    picker.recovery.recover()
    settle(qtbot)
    # New keys, so a new recovery key, shown once before the workspace opens.
    notice = picker.notice
    assert isinstance(notice, NewRecoveryKeyDialog) and window.is_locked
    assert notice.page.step.findChild(QWidget, "recovery-key").text() != keys[0]  # type: ignore[union-attr]
    notice.page.step.confirm.setChecked(True)
    notice.page.step.start.click()
    assert not window.is_locked
    window.lock()
    unlock(qtbot, window, "a brand new sentence to remember")
    assert not window.is_locked


def test_did_not_attend_creates_a_follow_up_shown_today(
    qtbot: QtBot, make_window: MakeWindow
) -> None:
    window = make_window()
    workspace = create_first_profile(qtbot, window)
    family = add_family(qtbot, workspace, "Saima")
    form = workspace.log_session(family)
    form.status.choose(SessionStatus.DID_NOT_ATTEND)
    assert form.reason.isEnabled()
    form.save_button.click()
    qtbot.waitUntil(lambda: form.saved != [], timeout=10_000)
    assert window.records is not None
    (follow_up,) = window.records.profile.all(FollowUp)
    assert follow_up.family == family.id
    to_call = workspace.today_page.findChild(QWidget, "to-call")
    assert to_call is not None and to_call.count() == 1  # type: ignore[attr-defined]
    assert "Saima" in to_call.item(0).text()  # type: ignore[attr-defined]


def test_impossible_fields_are_explained_and_nothing_is_lost(
    qtbot: QtBot, make_window: MakeWindow
) -> None:
    window = make_window()
    workspace = create_first_profile(qtbot, window)
    form = workspace.log_session()
    form.kind.choose(SessionKind.GROUP)
    form.notes.setPlainText("words the mentor does not want to lose")
    form.save_button.click()
    problems = [w.text() for w in form.findChildren(QWidget, "problem") if w.isVisible()]
    assert problems == ["A group session needs at least one family."]
    assert form.isVisible() and form.saved == []
    assert form.notes.toPlainText() == "words the mentor does not want to lose"
    form.discard()


def test_search_finds_a_note_phrase(qtbot: QtBot, make_window: MakeWindow) -> None:
    window = make_window()
    workspace = create_first_profile(qtbot, window)
    family = add_family(qtbot, workspace, "Rahima", "worried about the spelling test")
    search = workspace.open_search()
    qtbot.keyClicks(search.query, "SPELLING")
    texts = [search.results.item(i).text() for i in range(search.results.count())]
    assert texts == [f"Rahima (\u2066{family.code}\u2069)"]  # the code keeps its order in Arabic
    search.results.setCurrentRow(0)
    search.query.returnPressed.emit()
    assert workspace.family_page is not None and workspace.family_page.family_id == family.id


def test_idle_lock_drops_every_widget_that_showed_records(
    qtbot: QtBot, make_window: MakeWindow, clock: object
) -> None:
    window = make_window()
    workspace = create_first_profile(qtbot, window)
    add_family(qtbot, workspace, PLANTED_FAMILY["carer"])
    showed_names = [workspace, workspace.families_page.table, workspace.today_page]
    clock.advance(4 * 60)  # type: ignore[attr-defined]
    window.idle.check()
    assert not window.is_locked
    clock.advance(61)  # type: ignore[attr-defined]
    window.idle.check()
    assert window.is_locked
    QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
    assert not any(shiboken6.isValid(w) for w in showed_names)
    texts = [
        w.text()
        for w in window.findChildren(QWidget)
        if hasattr(w, "text") and isinstance(w.text(), str)
    ]
    assert not any(PLANTED_FAMILY["carer"] in t for t in texts)


def test_exit_after_start_shows_the_first_screen_and_exits(tmp_path: Path) -> None:
    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "parentrus_desktop.gui.app",
            "--data-dir",
            str(tmp_path / "d"),
            "--exit-after-start",
        ],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert done.returncode == 0, done.stderr


def test_sleep_or_screen_lock_locks_the_profile(qtbot: QtBot, make_window: MakeWindow) -> None:
    window = make_window()
    create_first_profile(qtbot, window)
    window.system_lock.changed(False)  # waking up, or the screen saver ending
    assert not window.is_locked
    window.system_lock.changed(True)  # logind: about to sleep; screen saver: locked
    assert window.is_locked
