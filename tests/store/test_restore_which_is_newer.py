"""A restore knows which copy holds the newest work from the profile's change counts, not
from file times; it brings a write-ahead log beside the chosen file, notes itself in the
activity log, says when the backup's passphrase comes back, and clears old leftovers."""

from __future__ import annotations

import os
import shutil
import time
from dataclasses import replace
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from helpers.planted import planted_family, planted_session
from helpers.values import PASSPHRASE

from parentrus_desktop.domain import Family
from parentrus_desktop.operations.activity import (
    BACKUP_RESTORED,
    activity_log,
    activity_words,
)
from parentrus_desktop.operations.backups import back_up_to, restore
from parentrus_desktop.operations.retention import at_unlock
from parentrus_desktop.store.profiles import LockedProfile, change_passphrase, create_profile
from parentrus_desktop.store.restore import (
    BackupPassphraseWrong,
    DamagedBackup,
    ProfileHasOtherKeys,
    ProfileIsNewer,
)
from parentrus_desktop.store.unlocked import UnlockedProfile
from parentrus_desktop.vault.kdf import KdfParameters

NEW_PASSPHRASE = "a quite different passphrase for later"


def _open(locked: LockedProfile) -> UnlockedProfile:
    return locked.unlock(PASSPHRASE)


def _now() -> datetime:
    return datetime.now(UTC)


def _family(profile: UnlockedProfile) -> Family:
    return next(r for r in profile if isinstance(r, Family))


@pytest.fixture
def laptop_a(data_dir: Path, floor_kdf: KdfParameters) -> Path:
    """Hodan's profile on the first laptop, with a family and two sessions; locked."""
    profile, _ = create_profile(data_dir, "Hodan", PASSPHRASE, kdf=floor_kdf)
    family = planted_family()
    profile.save(family, planted_session(family), planted_session(family))
    path = profile.path
    profile.lock()
    return path


def _backup(path: Path, usb: Path) -> Path:
    usb.mkdir(exist_ok=True)
    opened = LockedProfile(path).unlock(PASSPHRASE)
    try:
        made = back_up_to(opened, usb, _now()).result
    finally:
        opened.lock()
    # Two backups in one second would share a name: give each its own.
    return made.rename(usb / f"{time.monotonic_ns()}.parentrus-backup")


def _change(path: Path, notes: str) -> None:
    opened = LockedProfile(path).unlock(PASSPHRASE)
    try:
        opened.save(replace(_family(opened), notes=notes))
    finally:
        opened.lock()


def test_work_moved_to_a_second_laptop_and_back_replaces_the_first_without_a_question(
    laptop_a: Path, tmp_path: Path
) -> None:
    usb = tmp_path / "usb"
    to_b = _backup(laptop_a, usb)
    on_b = restore(tmp_path / "laptop-b", to_b, _open, _now()).result.path
    _change(on_b, "written on the second laptop")
    back_to_a = _backup(on_b, usb)
    # The first laptop is opened once more (what an unlock writes, the activity log and
    # the clock it saw, is written after the second laptop's backup was made) without
    # any new work.
    opened = LockedProfile(laptop_a).unlock(PASSPHRASE)
    at_unlock(opened, _now().date())
    opened.lock()

    done = restore(laptop_a.parent, back_to_a, _open, _now()).result
    assert done.path == laptop_a
    reopened = LockedProfile(laptop_a).unlock(PASSPHRASE)
    assert _family(reopened).notes == "written on the second laptop"
    reopened.lock()


def test_work_done_after_the_backup_is_never_replaced_unasked_whatever_the_file_time(
    laptop_a: Path, tmp_path: Path
) -> None:
    backup = _backup(laptop_a, tmp_path / "usb")
    _change(laptop_a, "written after the backup")
    # The laptop's clock was behind: the file looks older than the backup.
    an_hour_ago = (_now() - timedelta(hours=1)).timestamp()
    for path in laptop_a.parent.glob(laptop_a.name + "*"):
        os.utime(path, (an_hour_ago, an_hour_ago))

    with pytest.raises(ProfileIsNewer):
        restore(laptop_a.parent, backup, _open, _now())
    opened = LockedProfile(laptop_a).unlock(PASSPHRASE)
    assert _family(opened).notes == "written after the backup"
    opened.lock()


def test_two_laptops_restored_from_one_backup_keep_their_own_work_apart(
    laptop_a: Path, tmp_path: Path
) -> None:
    backup = _backup(laptop_a, tmp_path / "usb")
    on_b = restore(tmp_path / "laptop-b", backup, _open, _now()).result.path
    on_c = restore(tmp_path / "laptop-c", backup, _open, _now()).result.path
    _change(on_b, "on b")
    _change(on_c, "on c")
    from_b = _backup(on_b, tmp_path / "usb")
    with pytest.raises(ProfileIsNewer):
        restore(on_c.parent, from_b, _open, _now())  # c's own change is not in b's backup


def test_a_write_ahead_log_beside_the_chosen_file_is_restored_with_it(
    data_dir: Path, floor_kdf: KdfParameters, tmp_path: Path
) -> None:
    profile, _ = create_profile(data_dir, "Hodan", PASSPHRASE, kdf=floor_kdf)
    family = planted_family()
    profile.save(family, *(planted_session(family, note=f"visit {n}") for n in range(3)))
    wal = profile.path.with_name(profile.path.name + "-wal")
    assert wal.stat().st_size > 0  # the latest saves are only in the log yet
    # The whole data folder copied to a stick while the app was open.
    stick = tmp_path / "stick"
    stick.mkdir()
    copied = stick / profile.path.name
    shutil.copyfile(profile.path, copied)
    shutil.copyfile(wal, stick / wal.name)
    expected = {r.id: r for r in profile}
    profile.lock()

    restored = restore(tmp_path / "new-laptop", copied, _open, _now()).result
    opened = LockedProfile(restored.path).unlock(PASSPHRASE)
    assert {r.id: r for r in opened} == expected
    opened.lock()


def test_a_restore_is_in_the_restored_profiles_activity_log(laptop_a: Path, tmp_path: Path) -> None:
    backup = _backup(laptop_a, tmp_path / "usb")
    made_on = _now().astimezone().date()
    restored = restore(tmp_path / "new-laptop", backup, _open, _now()).result
    opened = LockedProfile(restored.path).unlock(PASSPHRASE)
    entries = [a for a in activity_log(opened) if a.kind == BACKUP_RESTORED]
    opened.lock()
    assert len(entries) == 1
    assert entries[0].details == {"day": made_on.isoformat()}
    assert activity_words(entries[0]).startswith("Restored from a backup made on ")


def test_restoring_over_a_changed_passphrase_says_which_passphrase_opens_it_now(
    laptop_a: Path, tmp_path: Path, floor_kdf: KdfParameters
) -> None:
    backup = _backup(laptop_a, tmp_path / "usb")
    same = restore(laptop_a.parent, backup, _open, _now()).result
    assert same.replaced_kept_at is not None and not same.keys_from_backup

    opened = LockedProfile(laptop_a).unlock(PASSPHRASE)
    change_passphrase(opened, NEW_PASSPHRASE, kdf=floor_kdf)
    opened.lock()
    with pytest.raises(ProfileHasOtherKeys) as asked:  # which is newer cannot be told
        restore(laptop_a.parent, backup, _open, _now())
    assert "opens with another passphrase than this backup" in asked.value.message
    done = restore(laptop_a.parent, backup, _open, _now(), replace_newer=True).result
    assert done.keys_from_backup
    LockedProfile(laptop_a).unlock(PASSPHRASE).lock()  # the backup's passphrase opens it


def test_copies_left_by_a_restore_that_never_finished_are_removed_at_the_next(
    laptop_a: Path, tmp_path: Path
) -> None:
    data_dir = laptop_a.parent
    old = data_dir / "0123456789abcdef.parentrus-restoring"
    old.write_bytes(b"sealed pages of a restore cut short")
    old.with_name(old.name + "-wal").write_bytes(b"its log")
    a_day_ago = (_now() - timedelta(days=1)).timestamp()
    os.utime(old, (a_day_ago, a_day_ago))
    busy = data_dir / "fedcba9876543210.parentrus-restoring"  # another window at work
    busy.write_bytes(b"a restore going on now")

    restore(data_dir, _backup(laptop_a, tmp_path / "usb"), _open, _now())
    assert not old.exists() and not old.with_name(old.name + "-wal").exists()
    assert busy.exists()


def test_what_is_not_work_names_the_kinds_the_app_really_writes() -> None:
    from parentrus_desktop.operations.activity import ACTIVITY
    from parentrus_desktop.operations.retention import CLOCK
    from parentrus_desktop.store.backup import STATE_KIND, STILL_TO_ERASE_KIND
    from parentrus_desktop.store.backup_history import EXTERNAL_KIND
    from parentrus_desktop.store.changes import KIND, NOT_WORK

    assert {KIND, ACTIVITY, CLOCK, STATE_KIND, EXTERNAL_KIND, STILL_TO_ERASE_KIND} == NOT_WORK


def test_a_wrong_passphrase_or_an_unreadable_value_gets_plain_words(
    laptop_a: Path, tmp_path: Path
) -> None:
    backup = _backup(laptop_a, tmp_path / "usb")
    with pytest.raises(BackupPassphraseWrong) as wrong:
        restore(tmp_path / "new", backup, lambda locked: locked.unlock("not it at all"), _now())
    assert "does not open this backup" in wrong.value.message
    # A sealed value turned into text SQLite cannot read back: damage, not a traceback.
    import sqlite3

    with sqlite3.connect(backup) as conn:
        conn.execute(
            "UPDATE records SET sealed = CAST(x'ff00fe' AS TEXT) WHERE id = "
            "(SELECT id FROM records WHERE kind = 'family' LIMIT 1)"
        )
    conn.close()
    with pytest.raises(DamagedBackup):
        restore(tmp_path / "new", backup, _open, _now())
    assert list((tmp_path / "new").glob("*.parentrus")) == []
