"""Settings: change my passphrase, make a new recovery key; after unlock, a file changed
outside the app is said plainly before the workspace opens."""

from __future__ import annotations

import os
import re
import sqlite3
from pathlib import Path

import pytest
from helpers.values import TODAY
from PySide6.QtWidgets import QLabel, QWidget
from pytestqt.qtbot import QtBot
from test_gui_flow import PASSPHRASE, MakeWindow, create_first_profile, settle, unlock

from parentrus_desktop.gui.keys_dialog import CHANGE_PASSPHRASE, NEW_RECOVERY_KEY, KeysDialog
from parentrus_desktop.gui.unlock import FileChangedNotice, PickerScreen
from parentrus_desktop.gui.window import MentorWindow
from parentrus_desktop.operations.demo_data import DemoSize, demo_records
from parentrus_desktop.store.profiles import LockedProfile, create_profile
from parentrus_desktop.vault.errors import WrongPassphrase, WrongRecoveryKey
from parentrus_desktop.vault.kdf import KdfParameters

NEW_PASSPHRASE = "a new sentence for the spring"
KEY = re.compile(r"^[A-Z2-7]{4}(-[A-Z2-7]{4}){8}$")


def _open_keys(qtbot: QtBot, window: MentorWindow, mode: str) -> KeysDialog:
    workspace = window.workspace
    assert workspace is not None
    workspace.show_page(workspace.settings_page)
    button = workspace.settings_page.findChild(
        QWidget, "change-passphrase" if mode == CHANGE_PASSPHRASE else "new-recovery-key"
    )
    assert button is not None and button.isVisible()
    button.click()  # type: ignore[attr-defined]
    dialog = workspace.settings_page.keys_dialog
    assert isinstance(dialog, KeysDialog) and dialog.isVisible()
    dialog._make_kdf = lambda: KdfParameters(salt=os.urandom(16))  # the floor, for speed
    return dialog


def _shown_key(qtbot: QtBot, dialog: KeysDialog) -> str:
    qtbot.waitUntil(lambda: dialog.key_page is not None, timeout=20_000)
    assert dialog.key_page is not None
    label = dialog.key_page.step.findChild(QLabel, "recovery-key")
    assert label is not None and KEY.match(label.text())
    return label.text()


def _keep_and_close(dialog: KeysDialog) -> None:
    assert dialog.key_page is not None
    step = dialog.key_page.step
    dialog.reject()  # Escape does not lose a key shown only once
    assert dialog.isVisible()
    step.confirm.setChecked(True)
    step.start.click()
    assert not dialog.isVisible()


def test_changing_the_passphrase_shows_a_new_recovery_key_once(
    qtbot: QtBot, make_window: MakeWindow
) -> None:
    window = make_window()
    create_first_profile(qtbot, window)
    assert window.records is not None
    path = window.records.profile.path
    dialog = _open_keys(qtbot, window, CHANGE_PASSPHRASE)
    dialog.current.setText(PASSPHRASE)
    dialog.new.setText(NEW_PASSPHRASE)
    dialog.again.setText(NEW_PASSPHRASE + " typo")
    dialog.go.click()
    assert dialog.key_page is None  # the two new passphrases differ: nothing started
    dialog.again.setText(NEW_PASSPHRASE)
    dialog.go.click()
    new_key = _shown_key(qtbot, dialog)
    _keep_and_close(dialog)
    window.lock()
    settle(qtbot)
    with pytest.raises(WrongPassphrase):
        LockedProfile(path).unlock(PASSPHRASE)
    LockedProfile(path).unlock_with_recovery_key(new_key).lock()
    unlock(qtbot, window, NEW_PASSPHRASE)
    assert not window.is_locked


def test_a_wrong_current_passphrase_is_said_next_to_it(
    qtbot: QtBot, make_window: MakeWindow
) -> None:
    window = make_window()
    create_first_profile(qtbot, window)
    dialog = _open_keys(qtbot, window, NEW_RECOVERY_KEY)
    assert not dialog.new.isVisible()  # the passphrase stays the same
    dialog.current.setText("not my passphrase at all")
    dialog.go.click()
    settle(qtbot)
    shown = [w.text() for w in dialog.findChildren(QLabel, "problem") if w.isVisible()]
    assert shown == ["That passphrase does not open this profile. Please check it and try again."]
    assert dialog.key_page is None and dialog.go.isEnabled()


def test_a_new_recovery_key_replaces_the_old_one(qtbot: QtBot, make_window: MakeWindow) -> None:
    window = make_window()
    first = window.current_screen
    keys: list[str] = []
    first.create_step.created.connect(lambda _profile, key: keys.append(key))  # type: ignore[attr-defined]
    create_first_profile(qtbot, window)
    assert window.records is not None
    path = window.records.profile.path
    dialog = _open_keys(qtbot, window, NEW_RECOVERY_KEY)
    dialog.current.setText(PASSPHRASE)
    dialog.go.click()
    new_key = _shown_key(qtbot, dialog)
    assert new_key != keys[0]
    _keep_and_close(dialog)
    window.lock()
    settle(qtbot)
    with pytest.raises(WrongRecoveryKey):
        LockedProfile(path).unlock_with_recovery_key(keys[0])
    LockedProfile(path).unlock_with_recovery_key(new_key).lock()
    unlock(qtbot, window, PASSPHRASE)
    assert not window.is_locked


def test_a_file_changed_outside_the_app_is_said_before_the_workspace(
    qtbot: QtBot, make_window: MakeWindow, data_dir: Path
) -> None:
    profile, _ = create_profile(
        data_dir, "Hodan", PASSPHRASE, kdf=KdfParameters(salt=os.urandom(16))
    )
    profile.save(*demo_records(DemoSize(families=4, sessions=20), seed=2, today=TODAY))
    profile.lock()
    conn = sqlite3.connect(profile.path)
    (consents,) = conn.execute("SELECT count(*) FROM records WHERE kind = 'consent'").fetchone()
    conn.execute("DELETE FROM records WHERE kind = 'consent'")
    conn.commit()
    conn.close()
    window = make_window()
    picker = window.current_screen
    assert isinstance(picker, PickerScreen)
    unlock(qtbot, window)
    notice = picker.notice
    assert isinstance(notice, FileChangedNotice) and notice.isVisible()
    assert window.is_locked  # the workspace waits until the mentor has read it
    said = [w.text() for w in notice.findChildren(QLabel, "what-changed")]
    assert said == [f"Removed from this file outside the app: {consents} consent records."]
    button = notice.findChild(QWidget, "understood")
    assert button is not None
    button.click()  # type: ignore[attr-defined]
    assert not window.is_locked  # the mentor can still read every record left


def test_the_picker_shows_a_profile_with_bad_key_settings_as_damaged(
    qtbot: QtBot, make_window: MakeWindow, data_dir: Path
) -> None:
    for name in ("Amina", "Hodan"):
        create_profile(data_dir, name, PASSPHRASE, kdf=KdfParameters(salt=os.urandom(16)))[0].lock()
    amina = next(
        p for p in data_dir.glob("*.parentrus") if LockedProfile(p).display_name == "Amina"
    )
    conn = sqlite3.connect(amina)
    conn.execute("UPDATE vault SET kdf = '[1, 2, 3]'")
    conn.commit()
    conn.close()
    window = make_window()
    picker = window.current_screen
    assert isinstance(picker, PickerScreen)
    rows = [picker.profiles.item(i).text() for i in range(picker.profiles.count())]
    assert f"{amina.name} (cannot be opened)" in rows and "Hodan" in rows
    picker.profiles.setCurrentRow(rows.index(f"{amina.name} (cannot be opened)"))
    shown = [w.text() for w in picker.findChildren(QLabel, "problem") if w.isVisible()]
    assert len(shown) == 1 and "settings needed to open it cannot be read" in shown[0]
    assert not picker.unlock_button.isEnabled()
    picker.profiles.setCurrentRow(rows.index("Hodan"))
    unlock(qtbot, window)
    assert not window.is_locked
