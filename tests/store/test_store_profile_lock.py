"""One window at a time per profile: a second unlock is refused until the first locks."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from helpers.planted import planted_session
from helpers.values import PASSPHRASE

from parentrus_desktop.domain import Family
from parentrus_desktop.store.profile_lock import ProfileInUse
from parentrus_desktop.store.profiles import LockedProfile, change_passphrase
from parentrus_desktop.store.unlocked import UnlockedProfile
from parentrus_desktop.vault.kdf import KdfParameters


def test_a_second_window_cannot_open_a_profile_that_is_open(
    profile: UnlockedProfile, family: Family
) -> None:
    with pytest.raises(ProfileInUse):
        LockedProfile(profile.path).unlock(PASSPHRASE)
    profile.lock()
    again = LockedProfile(profile.path).unlock(PASSPHRASE)  # free once the first locked
    assert again.get(family.id) == family
    again.lock()


def test_another_process_is_refused_and_a_crashed_one_leaves_it_free(
    profile: UnlockedProfile, family: Family
) -> None:
    # parentrus-admin (another process) while the app holds the profile: refused, and
    # the file is not touched.
    before = profile.path.read_bytes()
    child = subprocess.run(
        [sys.executable, "-c", _TRY_UNLOCK, str(profile.path), PASSPHRASE],
        capture_output=True,
        text=True,
        check=False,
    )
    assert child.stdout.strip() == "in use", child.stderr
    assert profile.path.read_bytes() == before
    profile.lock()
    # A process that dies holding the profile frees it: the system drops its lock.
    crashed = subprocess.run(
        [sys.executable, "-c", _UNLOCK_AND_DIE, str(profile.path), PASSPHRASE],
        capture_output=True,
        text=True,
        check=False,
    )
    assert crashed.returncode == 9, crashed.stderr
    LockedProfile(profile.path).unlock(PASSPHRASE).lock()


def test_the_reviewers_case_no_records_lost_to_a_passphrase_change_elsewhere(
    profile: UnlockedProfile, family: Family, floor_kdf: KdfParameters
) -> None:
    """Before the lock: window B changed the passphrase while window A stayed open; A's
    next saves were sealed with keys no longer in the file, and lost at the next unlock."""
    with pytest.raises(ProfileInUse):
        LockedProfile(profile.path).unlock(PASSPHRASE)
    profile.save(planted_session(family))
    change_passphrase(profile, "a brand new passphrase", kdf=floor_kdf)
    profile.lock()
    reopened = LockedProfile(profile.path).unlock("a brand new passphrase")
    assert reopened.damaged == []
    assert reopened.integrity.ok
    reopened.lock()


def test_the_lock_file_is_the_owners_alone_and_holds_nothing(profile: UnlockedProfile) -> None:
    lock_file = Path(str(profile.path) + "-lock")
    assert lock_file.stat().st_mode & 0o777 == 0o600
    assert lock_file.read_bytes() == b""


_TRY_UNLOCK = """
import sys
from pathlib import Path
from parentrus_desktop.store.profile_lock import ProfileInUse
from parentrus_desktop.store.profiles import LockedProfile
try:
    LockedProfile(Path(sys.argv[1])).unlock(sys.argv[2]).lock()
except ProfileInUse:
    print("in use")
else:
    print("opened")
"""

_UNLOCK_AND_DIE = """
import os, sys
from pathlib import Path
from parentrus_desktop.store.profiles import LockedProfile
LockedProfile(Path(sys.argv[1])).unlock(sys.argv[2])
os._exit(9)
"""
