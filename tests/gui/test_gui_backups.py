"""The app makes the day's automatic backup when the profile locks, and closing locks."""

from __future__ import annotations

import os
import stat
from dataclasses import replace
from datetime import UTC, datetime, timedelta
from pathlib import Path

from helpers.leak_scan import find_planted
from helpers.planted import PLANTED_FAMILY, PLANTED_STRINGS, planted_family
from helpers.values import TODAY
from pytestqt.qtbot import QtBot
from test_gui_flow import (
    PASSPHRASE,
    MakeWindow,
    add_family,
    create_first_profile,
    settle,
    unlock,
)

from parentrus_desktop.domain import Family
from parentrus_desktop.gui.backups import BackupSection
from parentrus_desktop.gui.context import AppContext
from parentrus_desktop.gui.first_run import FirstRunScreen
from parentrus_desktop.gui.preferences import Preferences
from parentrus_desktop.gui.unlock import PickerScreen
from parentrus_desktop.gui.window import MentorWindow
from parentrus_desktop.gui.workspace import Workspace
from parentrus_desktop.operations.backups import back_up_to
from parentrus_desktop.store.backup import local_backups
from parentrus_desktop.store.profiles import LockedProfile, list_profiles
from parentrus_desktop.vault.kdf import KdfParameters


def make_window_on(qtbot: QtBot, data_dir: Path) -> MentorWindow:
    """A second laptop: the main window on another data folder."""
    data_dir.mkdir(parents=True, exist_ok=True)
    preferences = Preferences(data_dir)
    preferences.set("language", "en")
    context = AppContext(
        data_dir=data_dir,
        preferences=preferences,
        make_kdf=lambda: KdfParameters(salt=os.urandom(16)),
        today=lambda: TODAY,
    )
    window = MentorWindow(context)
    qtbot.addWidget(window, before_close_func=lambda w: w.is_locked or w.lock())
    window.show()
    return window


def test_locking_makes_one_sealed_backup_a_day(qtbot: QtBot, make_window: MakeWindow) -> None:
    window = make_window()
    workspace = create_first_profile(qtbot, window)
    add_family(qtbot, workspace, PLANTED_FAMILY["carer"], PLANTED_FAMILY["note"])
    assert window.records is not None
    path = window.records.profile.path
    assert local_backups(path) == []
    window.lock()
    (made,) = local_backups(path)
    assert stat.S_IMODE(made.stat().st_mode) == 0o600
    assert find_planted(PLANTED_STRINGS, made.parent) == []
    opened = LockedProfile(made).unlock(PASSPHRASE)
    assert [f.carers for f in opened.all(Family)] == [(PLANTED_FAMILY["carer"],)]
    opened.lock()
    # At most one a day: locking again the same day makes no other.
    unlock(qtbot, window)
    assert not window.is_locked
    window.close()  # closing the app locks too
    assert window.is_locked and len(local_backups(path)) == 1


def test_back_up_now_in_settings_saves_to_the_chosen_folder(
    qtbot: QtBot, make_window: MakeWindow, tmp_path: Path
) -> None:
    window = make_window()
    workspace = create_first_profile(qtbot, window)
    add_family(qtbot, workspace, PLANTED_FAMILY["carer"])
    # Today reminds: never backed up. Its line leads to Back up now.
    reminder = workspace.today_page.backup_reminder
    assert reminder is not None and "never been backed up" in reminder.text()
    reminder.click()
    assert workspace.pages.currentWidget() is workspace.settings_page
    section = workspace.settings_page.backups
    assert section.last.text() == "No backup to a USB stick or folder yet."
    usb = tmp_path / "usb"
    usb.mkdir()
    section.chooser = lambda _parent: usb
    section.back_up_button.click()
    settle(qtbot)
    (made,) = usb.iterdir()
    assert made.name.endswith(".parentrus-backup") and made.name.startswith("Hodan ")
    assert made.name in section.result.text()
    assert section.last.text().startswith("Last backup to a USB stick or folder:")
    workspace.today_page.refresh()
    assert workspace.today_page.backup_reminder is None  # made today: no reminder
    workspace.show_page(workspace.settings_page)
    workspace.resize(1366, 768)
    workspace.grab().save(str(tmp_path / "settings.png"))

    # A folder that went away (the stick was pulled out): said plainly, nothing saved.
    section.chooser = lambda _parent: tmp_path / "gone"
    section.back_up_button.click()
    settle(qtbot)
    assert "cannot be found" in section.result.text()
    assert section.back_up_button.isEnabled()


def test_restore_from_the_picker_then_unlock(
    qtbot: QtBot, make_window: MakeWindow, tmp_path: Path, data_dir: Path
) -> None:
    window = make_window()
    workspace = create_first_profile(qtbot, window)
    family = add_family(qtbot, workspace, PLANTED_FAMILY["carer"])
    assert window.records is not None
    profile = window.records.profile
    usb = tmp_path / "usb"
    usb.mkdir()
    backup = back_up_to(profile, usb, datetime.now(UTC)).result
    window.lock()

    # A new laptop: the first-run screen offers to restore.
    other = tmp_path / "new-laptop"
    new_window = make_window_on(qtbot, other)
    first = new_window.current_screen
    assert isinstance(first, FirstRunScreen)
    dialog = first.create_step.open_restore()
    dialog.chooser = lambda _parent: backup
    dialog.choose()
    dialog.secret.setText("not the passphrase at all")
    dialog.restore_button.click()
    settle(qtbot)
    assert "passphrase does not open" in dialog.problem.text()
    assert list_profiles(other) == []
    dialog.secret.setText(PASSPHRASE)
    dialog.restore_button.click()
    settle(qtbot)
    assert "profile is restored" in dialog.outcome.text()
    dialog.grab().save(str(tmp_path / "restored.png"))
    dialog.restore_button.click()  # Close
    picker = new_window.current_screen
    assert isinstance(picker, PickerScreen)
    unlock(qtbot, new_window)
    assert new_window.records is not None
    assert new_window.records.profile.get(family.id) == family


def test_restoring_over_newer_work_asks_first(
    qtbot: QtBot, make_window: MakeWindow, tmp_path: Path
) -> None:
    window = make_window()
    workspace = create_first_profile(qtbot, window)
    assert window.records is not None
    usb = tmp_path / "usb"
    usb.mkdir()
    backup = back_up_to(window.records.profile, usb, datetime.now(UTC)).result
    add_family(qtbot, workspace, "Agnieszka")  # after the backup
    window.lock()
    picker = window.current_screen
    assert isinstance(picker, PickerScreen)
    dialog = picker.open_restore()
    dialog.chooser = lambda _parent: backup
    dialog.choose()
    dialog.secret.setText(PASSPHRASE)
    dialog.restore_button.click()
    settle(qtbot)
    assert "holds work that is not in this backup" in dialog.problem.text()
    assert dialog.restore_button.text() == "Restore it anyway"
    dialog.grab().save(str(tmp_path / "newer.png"))
    dialog.restore_button.click()
    settle(qtbot)
    assert "kept as a backup" in dialog.outcome.text()


def _saved_family(qtbot: QtBot, workspace: Workspace, code: str) -> Family:
    family = replace(planted_family(code), id=planted_family().id, code=code)
    workspace.records.save(family, owner=workspace)
    settle(qtbot)
    return family


def _erase(qtbot: QtBot, workspace: Workspace, family: Family) -> None:
    dialog = workspace.ask_erase(family)
    dialog.code.setText(family.code)
    dialog.erase_button.click()
    settle(qtbot)


def _lines(section: BackupSection) -> list[str]:
    return [line.text() for line in section.history_lines]


def test_settings_lists_the_usb_backups_and_which_still_hold_erased_families(
    qtbot: QtBot, make_window: MakeWindow, tmp_path: Path
) -> None:
    window = make_window()
    workspace = create_first_profile(qtbot, window)
    first = _saved_family(qtbot, workspace, "K7Q-4M")
    second = _saved_family(qtbot, workspace, "ABC-DE")
    section = workspace.settings_page.backups
    assert _lines(section) == []  # none made yet: no list
    usb, other = tmp_path / "usb", tmp_path / "other"
    usb.mkdir()
    other.mkdir()
    section.chooser = lambda _parent: usb
    section.back_up_button.click()
    settle(qtbot)
    (older,) = usb.iterdir()
    _erase(qtbot, workspace, first)
    section.chooser = lambda _parent: other
    section.back_up_button.click()
    settle(qtbot)
    (newer,) = other.iterdir()
    _erase(qtbot, workspace, second)
    lines = _lines(section)
    assert lines[0] == "Your backups to USB sticks and folders, newest first:"
    assert newer.name in lines[1] and str(other) in lines[1]
    assert lines[1].endswith(
        "Made before you erased 1 family (ABC-DE): it still holds it until you replace "
        "it or delete it."
    )
    assert older.name in lines[2] and str(usb) in lines[2]
    assert lines[2].endswith(
        "Made before you erased 2 families (ABC-DE, K7Q-4M): it still holds them until "
        "you replace it or delete it."
    )
    assert "still holds families you have erased since" in section.last.text()
    # A new backup holds neither: its line says nothing more, and the warning goes.
    section.back_up_button.click()
    settle(qtbot)
    lines = _lines(section)
    assert len(lines) == 3  # the same file again: listed once, the newest
    assert lines[1].count("\n") == 0 and newer.name in lines[1]
    assert "still holds" not in section.last.text()
    assert "(ABC-DE, K7Q-4M)" in lines[2]
    workspace.show_page(workspace.settings_page)
    window.resize(1366, 768)
    workspace.settings_page.show_backups()
    settle(qtbot)
    window.grab().save(str(tmp_path / "settings-backups.png"))


def test_the_reminder_interval_is_chosen_in_settings_and_today_follows_it(
    qtbot: QtBot, make_window: MakeWindow, tmp_path: Path
) -> None:
    window = make_window()
    workspace = create_first_profile(qtbot, window)
    usb = tmp_path / "usb"
    usb.mkdir()
    profile = workspace.records.profile
    back_up_to(profile, usb, datetime.now(UTC) - timedelta(days=10))
    workspace.today_page.refresh()
    assert workspace.today_page.backup_reminder is None  # 10 days: within 2 weeks
    box = workspace.settings_page.backups.remind
    assert [box.itemText(i) for i in range(box.count())] == [
        "every week",
        "every 2 weeks",
        "every month",
        "never remind me",
    ]
    assert box.currentText() == "every 2 weeks"
    box.setCurrentIndex(box.findText("every week"))
    settle(qtbot)
    workspace.today_page.refresh()
    reminder = workspace.today_page.backup_reminder
    assert reminder is not None and "Back up now" in reminder.text()
    box.setCurrentIndex(box.findText("never remind me"))
    settle(qtbot)
    workspace.today_page.refresh()
    assert workspace.today_page.backup_reminder is None
    # Kept in this profile: still chosen after locking and unlocking.
    window.lock()
    unlock(qtbot, window)
    assert window.workspace is not None
    assert window.workspace.settings_page.backups.remind.currentText() == "never remind me"
    assert window.workspace.today_page.backup_reminder is None


def test_removing_my_profile_from_settings_asks_the_passphrase_then_empties_the_laptop(
    qtbot: QtBot, make_window: MakeWindow, tmp_path: Path
) -> None:
    window = make_window()
    workspace = create_first_profile(qtbot, window)
    add_family(qtbot, workspace, PLANTED_FAMILY["carer"], PLANTED_FAMILY["note"])
    assert window.records is not None
    path = window.records.profile.path
    window.lock()  # the day's backup on this laptop
    assert len(local_backups(path)) == 1
    unlock(qtbot, window)
    assert window.workspace is not None
    settings = window.workspace.settings_page
    window.workspace.show_page(settings)
    settings.remove_button.click()
    dialog = settings.remove_dialog
    assert dialog is not None and dialog.isVisible()
    assert "never backed up this profile to a USB stick" in dialog.last_backup.text()
    dialog.passphrase.setText("not the passphrase at all")
    dialog.remove.click()
    qtbot.waitUntil(lambda: dialog.problem.isVisible(), timeout=10_000)
    assert "passphrase" in dialog.problem.text() and path.exists()
    dialog.grab().save(str(tmp_path / "remove-profile.png"))
    dialog.passphrase.setText(PASSPHRASE)
    dialog.remove.click()
    qtbot.waitUntil(lambda: window.is_locked, timeout=10_000)
    settle(qtbot)
    assert not path.exists() and local_backups(path) == []
    assert isinstance(window.current_screen, FirstRunScreen)  # no profile left
    assert find_planted(PLANTED_STRINGS, path.parent) == []
