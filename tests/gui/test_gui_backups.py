"""The app makes the day's automatic backup when the profile locks, and closing locks."""

from __future__ import annotations

import stat

from helpers.leak_scan import find_planted
from helpers.planted import PLANTED_FAMILY, PLANTED_STRINGS
from pytestqt.qtbot import QtBot
from test_gui_flow import PASSPHRASE, MakeWindow, add_family, create_first_profile, unlock

from parentrus_desktop.domain import Family
from parentrus_desktop.store.backup import local_backups
from parentrus_desktop.store.profiles import LockedProfile


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
