"""Restoring: checked in full before anything is replaced, never over newer work unasked."""

from __future__ import annotations

import sqlite3
from dataclasses import replace
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from helpers.planted import planted_family, planted_session
from helpers.values import PASSPHRASE

from parentrus_desktop.domain import Family
from parentrus_desktop.operations.backups import back_up_to, restore
from parentrus_desktop.store import backup as backups
from parentrus_desktop.store.profile_lock import ProfileInUse
from parentrus_desktop.store.profiles import LockedProfile, create_profile, list_profiles
from parentrus_desktop.store.restore import (
    BackupOfAnotherProfile,
    ChangedBackup,
    DamagedBackup,
    NotABackup,
    ProfileIsNewer,
)
from parentrus_desktop.store.unlocked import UnlockedProfile
from parentrus_desktop.vault.errors import VaultError, WrongPassphrase, WrongRecoveryKey
from parentrus_desktop.vault.kdf import KdfParameters

NOW = datetime(2026, 12, 2, 12, 0, tzinfo=UTC)  # 2 December in every time zone but the farthest


def _with_passphrase(passphrase: str = PASSPHRASE):  # type: ignore[no-untyped-def]
    return lambda locked: locked.unlock(passphrase)


def _everything(folder: Path) -> dict[str, bytes]:
    """Every file under a folder and its bytes: 'nothing changed' is checked with it."""
    if not folder.exists():
        return {}
    return {str(p.relative_to(folder)): p.read_bytes() for p in folder.rglob("*") if p.is_file()}


@pytest.fixture
def backed_up(
    created: tuple[UnlockedProfile, str], tmp_path: Path
) -> tuple[UnlockedProfile, Path, dict[str, object]]:
    """Hodan's profile with a family, sessions and a school's device key, backed up."""
    profile = created[0]
    family = planted_family()
    profile.save(family, *(planted_session(family, note=f"visit {n}") for n in range(5)))
    profile.secret("device-key|abc123")
    usb = tmp_path / "usb"
    usb.mkdir()
    made = back_up_to(profile, usb, datetime.now(UTC)).result
    return profile, made, {r.id: r for r in profile}


def test_round_trip_on_a_new_laptop_keeps_every_record_and_the_device_key(
    backed_up: tuple[UnlockedProfile, Path, dict[str, object]], tmp_path: Path
) -> None:
    profile, made, records = backed_up
    device_key = profile.secret("device-key|abc123")
    new_laptop = tmp_path / "new-laptop"
    done = restore(new_laptop, made, _with_passphrase(), NOW)
    restored = done.result
    assert restored.display_name == "Hodan" and restored.replaced_kept_at is None
    assert sorted(p.name for p in new_laptop.iterdir()) == [restored.path.name]  # nothing else
    assert [e.display_name for e in list_profiles(new_laptop)] == ["Hodan"]
    opened = LockedProfile(restored.path).unlock(PASSPHRASE)
    assert {r.id: r for r in opened} == records
    assert opened.secret("device-key|abc123") == device_key  # reports carry on
    assert opened.integrity.ok
    assert backups.profile_identity(opened) == backups.profile_identity(profile)
    opened.lock()


def test_the_recovery_key_restores_too(
    created: tuple[UnlockedProfile, str],
    backed_up: tuple[UnlockedProfile, Path, dict[str, object]],
    tmp_path: Path,
) -> None:
    _profile, made, records = backed_up
    with pytest.raises(WrongRecoveryKey):
        restore(tmp_path / "a", made, lambda p: p.unlock_with_recovery_key("A" * 36), NOW)
    assert not list_profiles(tmp_path / "a")
    done = restore(tmp_path / "b", made, lambda p: p.unlock_with_recovery_key(created[1]), NOW)
    opened = LockedProfile(done.result.path).unlock(PASSPHRASE)
    assert {r.id for r in opened} == set(records)
    opened.lock()


def test_a_newer_profile_is_not_replaced_unasked_and_the_replaced_one_is_kept(
    backed_up: tuple[UnlockedProfile, Path, dict[str, object]],
) -> None:
    profile, made, records = backed_up
    family = next(r for r in records.values() if isinstance(r, Family))
    profile.save(replace(family, notes="written after the backup"))
    path = profile.path
    profile.lock()
    data_dir = path.parent
    before = _everything(data_dir)
    later = datetime.now(UTC) + timedelta(minutes=1)
    with pytest.raises(ProfileIsNewer) as refused:
        restore(data_dir, made, _with_passphrase(), later)
    assert "holds work that is not in this backup" in refused.value.message
    after = _everything(data_dir)
    assert {k for k in after if after[k] != before.get(k)} == set()
    assert _everything(data_dir) == before  # nothing changed

    done = restore(data_dir, made, _with_passphrase(), later, replace_newer=True)
    assert done.result.path == path
    kept = done.result.replaced_kept_at
    assert kept is not None and kept.parent == backups.local_backup_folder(path)
    kept_family = LockedProfile(kept).unlock(PASSPHRASE)
    assert kept_family.get(family.id).notes == "written after the backup"  # type: ignore[union-attr]
    kept_family.lock()
    reopened = LockedProfile(path).unlock(PASSPHRASE)
    assert {r.id: r for r in reopened} == records
    reopened.lock()


def test_an_older_profile_is_replaced_without_asking(
    data_dir: Path, floor_kdf: KdfParameters, tmp_path: Path
) -> None:
    profile, _ = create_profile(data_dir, "Hodan", PASSPHRASE, kdf=floor_kdf)
    family = planted_family()
    profile.save(family)
    usb = tmp_path / "usb"
    usb.mkdir()
    old_copy = back_up_to(profile, usb, NOW - timedelta(days=1)).result
    old_copy = old_copy.rename(usb / "old.parentrus-backup")
    path = profile.path
    profile.lock()
    # The profile goes back to yesterday's copy (say the laptop's file was lost) ...
    restore(data_dir, old_copy, _with_passphrase(), NOW, replace_newer=True)
    opened = LockedProfile(path).unlock(PASSPHRASE)
    opened.save(planted_session(family))
    newer = back_up_to(opened, usb, datetime.now(UTC)).result
    opened.lock()
    # ... and a backup made later than any change to it replaces it without a question.
    stale_time = (datetime.now(UTC) - timedelta(hours=1)).timestamp()
    import os

    os.utime(path, (stale_time, stale_time))
    done = restore(data_dir, newer, _with_passphrase(), datetime.now(UTC))
    assert done.result.path == path and done.result.replaced_kept_at is not None


@pytest.mark.parametrize("how", ["flipped", "truncated at a page", "truncated mid-page", "empty"])
def test_a_damaged_or_truncated_backup_is_refused_and_nothing_changes(
    backed_up: tuple[UnlockedProfile, Path, dict[str, object]], how: str
) -> None:
    profile, made, _records = backed_up
    data = bytearray(made.read_bytes())
    if how == "flipped":
        for at in range(4096 + 100, len(data) - 100, 997):  # every page but the first
            data[at] ^= 0x5A
    elif how == "truncated at a page":
        data = data[: (len(data) // 4096 // 2) * 4096]
    elif how == "truncated mid-page":
        data = data[: len(data) // 2 + 123]
    else:
        data = bytearray()
    made.write_bytes(bytes(data))
    data_dir = profile.path.parent
    profile.lock()
    before = _everything(data_dir)
    with pytest.raises((DamagedBackup, NotABackup)) as refused:
        restore(data_dir, made, _with_passphrase(), NOW, replace_newer=True)
    assert "Nothing has been changed" in refused.value.message
    assert _everything(data_dir) == before


def test_a_backup_changed_outside_the_app_is_refused(
    backed_up: tuple[UnlockedProfile, Path, dict[str, object]], tmp_path: Path
) -> None:
    _profile, made, _records = backed_up
    with sqlite3.connect(made) as conn:
        conn.execute("DELETE FROM records WHERE kind = 'session'")  # a sealed row removed
    conn.close()
    with pytest.raises(ChangedBackup):
        restore(tmp_path / "new", made, _with_passphrase(), NOW)
    assert _everything(tmp_path / "new") == {}


def test_another_mentors_backup_is_refused_and_nothing_changes(
    data_dir: Path,
    floor_kdf: KdfParameters,
    backed_up: tuple[UnlockedProfile, Path, dict[str, object]],
    tmp_path: Path,
) -> None:
    hodan, _made, _records = backed_up
    amina, _ = create_profile(data_dir, "Amina", "amina's own long passphrase", kdf=floor_kdf)
    amina.save(planted_family("AAA-BB"))
    usb = tmp_path / "amina-usb"
    usb.mkdir()
    aminas = back_up_to(amina, usb, NOW).result
    amina.lock()
    hodan_path = hodan.path
    hodan.lock()
    before = _everything(data_dir)
    with pytest.raises(WrongPassphrase):  # Hodan's passphrase does not open Amina's backup
        restore(data_dir, aminas, _with_passphrase(), NOW, only_for=hodan_path)
    with pytest.raises(BackupOfAnotherProfile) as refused:
        restore(
            data_dir,
            aminas,
            _with_passphrase("amina's own long passphrase"),
            NOW,
            only_for=hodan_path,
        )
    assert "Amina" in refused.value.message and "Hodan" in refused.value.message
    assert _everything(data_dir) == before


def test_a_profile_open_in_a_window_is_not_replaced(
    backed_up: tuple[UnlockedProfile, Path, dict[str, object]],
) -> None:
    profile, made, _records = backed_up
    data_dir = profile.path.parent
    before = {k: v for k, v in _everything(data_dir).items() if "-wal" not in k}
    with pytest.raises(ProfileInUse):
        restore(data_dir, made, _with_passphrase(), NOW, replace_newer=True)
    after = {k: v for k, v in _everything(data_dir).items() if "-wal" not in k}
    assert after.keys() == before.keys()


def test_a_file_that_is_not_a_backup_is_refused(tmp_path: Path) -> None:
    text = tmp_path / "notes.txt"
    text.write_text("hello " * 100)
    for wrong in (text, tmp_path / "missing.parentrus-backup", tmp_path):
        with pytest.raises(VaultError) as refused:
            restore(tmp_path / "data", wrong, _with_passphrase(), NOW)
        assert isinstance(refused.value, NotABackup)
    assert list_profiles(tmp_path / "data") == []
