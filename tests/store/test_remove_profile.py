"""Removing a profile from this laptop: the profile and this laptop's own backups of it go,
and bytes of them still on the disk open with nothing, not even the passphrase."""

from __future__ import annotations

import os
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from helpers.planted import planted_family, planted_session
from helpers.values import PASSPHRASE

from parentrus_desktop.operations.backups import back_up_at_lock
from parentrus_desktop.operations.remove_profile import check_before_removing, remove
from parentrus_desktop.store.backup import local_backup_folder, local_backups
from parentrus_desktop.store.profile_lock import ProfileInUse
from parentrus_desktop.store.profiles import LockedProfile, create_profile, list_profiles
from parentrus_desktop.vault.errors import VaultError, WrongPassphrase
from parentrus_desktop.vault.kdf import KdfParameters


@pytest.fixture
def two_mentors(data_dir: Path, floor_kdf: KdfParameters) -> tuple[Path, Path]:
    """Hodan's profile with two days of local backups, and Amina's beside it; locked."""
    hodan, _ = create_profile(data_dir, "Hodan", PASSPHRASE, kdf=floor_kdf)
    family = planted_family()
    hodan.save(family, planted_session(family, note="a note only Hodan wrote"))
    day = datetime(2026, 11, 30, 12, tzinfo=UTC)
    back_up_at_lock(hodan, day)
    back_up_at_lock(hodan, day + timedelta(days=1))
    assert len(local_backups(hodan.path)) == 2
    hodan_path = hodan.path
    hodan.lock()
    amina, _ = create_profile(data_dir, "Amina", PASSPHRASE, kdf=floor_kdf)
    amina.save(planted_family("W3X-7P"))
    amina_path = amina.path
    amina.lock()
    return hodan_path, amina_path


def test_the_profile_and_its_backups_go_and_their_bytes_open_with_nothing(
    two_mentors: tuple[Path, Path], tmp_path: Path
) -> None:
    hodan, amina = two_mentors
    # Hard links stand for the bytes a disk tool could bring back after the delete.
    on_disk = tmp_path / "left-on-disk"
    on_disk.mkdir()
    kept = []
    for n, file in enumerate([hodan, *local_backups(hodan)]):
        os.link(file, on_disk / f"{n}.bytes")
        kept.append(on_disk / f"{n}.bytes")

    assert remove(hodan).result == 3
    assert not hodan.exists() and not local_backup_folder(hodan).exists()
    assert [p.name for p in hodan.parent.iterdir() if p.name.startswith(hodan.stem)] == []
    assert [e.display_name for e in list_profiles(hodan.parent)] == ["Amina"]
    for left in kept:
        with pytest.raises(VaultError):
            LockedProfile(left).unlock(PASSPHRASE)
    LockedProfile(amina).unlock(PASSPHRASE).lock()  # the other mentor's is untouched


def test_the_passphrase_is_checked_again_and_an_open_profile_is_not_removed(
    two_mentors: tuple[Path, Path],
) -> None:
    hodan, _amina = two_mentors
    opened = LockedProfile(hodan).unlock(PASSPHRASE)
    try:
        with pytest.raises(WrongPassphrase):
            check_before_removing(opened, "not the passphrase at all")
        check_before_removing(opened, PASSPHRASE)
        with pytest.raises(ProfileInUse):
            remove(hodan)  # still open in a window
    finally:
        opened.lock()
    LockedProfile(hodan).unlock(PASSPHRASE).lock()  # nothing was changed
    assert len(local_backups(hodan)) == 2


def test_a_backup_thinned_out_by_the_rolling_rule_opens_with_nothing_either(
    data_dir: Path, floor_kdf: KdfParameters, tmp_path: Path
) -> None:
    profile, _ = create_profile(data_dir, "Hodan", PASSPHRASE, kdf=floor_kdf)
    profile.save(planted_family())
    first = datetime(2026, 11, 2, 12, tzinfo=UTC)  # a Monday
    oldest = back_up_at_lock(profile, first)
    assert oldest is not None
    left_on_disk = tmp_path / "left-on-disk"
    os.link(oldest, left_on_disk)  # stands for the bytes a disk tool could bring back
    for day in range(1, 30):
        back_up_at_lock(profile, first + timedelta(days=day))
    profile.lock()
    assert not oldest.exists()
    with pytest.raises(VaultError):
        LockedProfile(left_on_disk).unlock(PASSPHRASE)
