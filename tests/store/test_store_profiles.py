"""Profiles: creating, listing, unlocking, recovery, changing the passphrase, isolation."""

from __future__ import annotations

import sqlite3
import stat
from pathlib import Path

import pytest
from helpers.planted import planted_family, planted_session
from helpers.values import PASSPHRASE

from parentrus_desktop.domain import Family, Session
from parentrus_desktop.store.profiles import (
    LockedProfile,
    change_passphrase,
    create_profile,
    find_profile,
    list_profiles,
)
from parentrus_desktop.store.unlocked import UnlockedProfile
from parentrus_desktop.vault.errors import WrongPassphrase, WrongRecoveryKey
from parentrus_desktop.vault.kdf import KdfParameters
from parentrus_desktop.vault.throttle import UnlockThrottle


def test_profile_file_and_folder_are_owner_only(profile: UnlockedProfile, family: Family) -> None:
    assert stat.S_IMODE(profile.path.stat().st_mode) == 0o600
    assert stat.S_IMODE(profile.path.parent.stat().st_mode) == 0o700
    for companion in profile.path.parent.iterdir():
        assert stat.S_IMODE(companion.stat().st_mode) == 0o600, companion.name


def test_the_picker_lists_display_names_only(
    data_dir: Path, floor_kdf: KdfParameters, profile: UnlockedProfile
) -> None:
    other, _ = create_profile(data_dir, "Agnieszka", "another good passphrase", kdf=floor_kdf)
    other.lock()
    entries = list_profiles(data_dir)
    assert [e.display_name for e in entries] == ["Agnieszka", "Hodan"]
    assert all(e.problem is None for e in entries)
    assert find_profile(data_dir, "agnieszka").display_name == "Agnieszka"


def test_records_survive_lock_and_unlock(profile: UnlockedProfile, family: Family) -> None:
    session = planted_session(family)
    profile.save(session)
    profile.lock()
    reopened = LockedProfile(profile.path).unlock(PASSPHRASE)
    try:
        assert reopened.get(family.id) == family
        assert reopened.get(session.id) == session
        assert reopened.damaged == []
    finally:
        reopened.lock()


def test_wrong_passphrase_changes_nothing(profile: UnlockedProfile, family: Family) -> None:
    profile.lock()
    before = profile.path.read_bytes()
    with pytest.raises(WrongPassphrase) as wrong:
        LockedProfile(profile.path).unlock("the kettle is on at the library!")
    assert "does not open" in wrong.value.message
    assert profile.path.read_bytes() == before


def test_repeated_wrong_passphrases_wait_longer_each_time(profile: UnlockedProfile) -> None:
    profile.lock()
    now = [0.0]
    waits: list[float] = []
    throttle = UnlockThrottle(clock=lambda: now[0])
    locked = LockedProfile(profile.path)
    for _ in range(5):
        with pytest.raises(WrongPassphrase):
            locked.unlock("not the passphrase", throttle, sleep=waits.append)
    assert waits[:3] == [0.0, 0.0, 0.0]
    assert waits[3] == 1.0 and waits[4] == 2.0
    opened = locked.unlock(PASSPHRASE, throttle, sleep=waits.append)
    opened.lock()
    assert throttle.wait_seconds(str(profile.path)) == 0.0


def test_recovery_key_opens_and_a_wrong_one_does_not(
    created: tuple[UnlockedProfile, str], family: Family
) -> None:
    profile, recovery_key = created
    profile.lock()
    locked = LockedProfile(profile.path)
    opened = locked.unlock_with_recovery_key(recovery_key.lower().replace("-", " "))
    assert opened.get(family.id) == family
    opened.lock()
    _, other_key = create_profile(
        profile.path.parent, "Other", PASSPHRASE, kdf=KdfParameters(salt=b"s" * 16)
    )
    with pytest.raises(WrongRecoveryKey):
        locked.unlock_with_recovery_key(other_key)
    with pytest.raises(WrongRecoveryKey):
        locked.unlock_with_recovery_key("AAAA-BBBB")


def test_changing_the_passphrase_reseals_everything_and_replaces_the_recovery_key(
    created: tuple[UnlockedProfile, str], family: Family, floor_kdf: KdfParameters
) -> None:
    profile, recovery_key = created
    sessions = [planted_session(family, note=f"session {n}") for n in range(20)]
    profile.save(*sessions)
    sealed_before = _sealed_values(profile.path)
    new_recovery_key = change_passphrase(profile, "a brand new passphrase", kdf=floor_kdf)
    profile.lock()
    # New keys: every record re-sealed, so a copy from before opens nothing saved after.
    assert not set(_sealed_values(profile.path).values()) & set(sealed_before.values())
    locked = LockedProfile(profile.path)
    with pytest.raises(WrongPassphrase):
        locked.unlock(PASSPHRASE)
    reopened = locked.unlock("a brand new passphrase")
    assert len(reopened.all(Session)) == 20 and reopened.damaged == []
    reopened.lock()
    with pytest.raises(WrongRecoveryKey):  # the old recovery key would open the new keys
        locked.unlock_with_recovery_key(recovery_key)
    locked.unlock_with_recovery_key(new_recovery_key).lock()


def test_two_profiles_cannot_open_each_others_records(
    data_dir: Path, floor_kdf: KdfParameters, profile: UnlockedProfile, family: Family
) -> None:
    other, _ = create_profile(data_dir, "Agnieszka", "another good passphrase", kdf=floor_kdf)
    other_family = planted_family(code="ABC-DE")
    other.save(other_family)
    other.lock()
    profile.lock()
    with pytest.raises(WrongPassphrase):
        LockedProfile(other.path).unlock(PASSPHRASE)
    # Copy Hodan's family row and its key into Agnieszka's file, as an attacker with both
    # files might: Agnieszka's profile key cannot open the key, so the record is damaged.
    with sqlite3.connect(profile.path) as source, sqlite3.connect(other.path) as target:
        key_row = source.execute("SELECT id, wrapped FROM keys").fetchone()
        record_row = source.execute("SELECT * FROM records WHERE id = ?", (family.id,)).fetchone()
        target.execute("INSERT INTO keys VALUES (?, ?)", key_row)
        target.execute("INSERT INTO records VALUES (?, ?, ?, ?, ?)", record_row)
    source.close()
    target.close()
    reopened = LockedProfile(other.path).unlock("another good passphrase")
    try:
        assert [d.id for d in reopened.damaged] == [family.id]
        assert reopened.get(family.id) is None
        assert reopened.get(other_family.id) == other_family
    finally:
        reopened.lock()


def _sealed_values(path: Path) -> dict[str, bytes]:
    with sqlite3.connect(path) as conn:
        rows = conn.execute("SELECT id, sealed FROM records").fetchall()
    conn.close()
    return dict(rows)


def test_a_training_profile_is_marked_for_the_picker(
    data_dir: Path, floor_kdf: KdfParameters, profile: UnlockedProfile
) -> None:
    trainee, _ = create_profile(data_dir, "Practice", "training", kdf=floor_kdf, training=True)
    trainee.lock()
    marks = {e.display_name: e.training for e in list_profiles(data_dir)}
    assert marks == {"Hodan": False, "Practice": True}
