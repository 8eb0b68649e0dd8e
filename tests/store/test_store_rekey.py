"""Changing the passphrase or making a new recovery key rekeys everything: a copy of the
file taken before, with the old passphrase or recovery key, opens nothing saved after."""

from __future__ import annotations

import sqlite3
from dataclasses import replace
from pathlib import Path

import pytest
from helpers.values import PASSPHRASE, TODAY

from parentrus_desktop.domain import Family, Session, new_record_id
from parentrus_desktop.domain.codec import record_to_dict
from parentrus_desktop.domain.vocabulary import SessionKind, VenueCategory
from parentrus_desktop.operations import KEYS
from parentrus_desktop.operations.demo_data import DemoSize, demo_records
from parentrus_desktop.operations.keys import change_passphrase, make_new_recovery_key
from parentrus_desktop.store import unlocked
from parentrus_desktop.store.errors import DiskFull
from parentrus_desktop.store.integrity import FileChangedOutsideApp
from parentrus_desktop.store.profiles import LockedProfile
from parentrus_desktop.store.unlocked import UnlockedProfile
from parentrus_desktop.vault.errors import WrongPassphrase, WrongRecoveryKey
from parentrus_desktop.vault.kdf import KdfParameters
from parentrus_desktop.vault.sealing import new_key

NEW_PASSPHRASE = "a new sentence for a new term"


@pytest.fixture
def filled(created: tuple[UnlockedProfile, str]) -> tuple[UnlockedProfile, str]:
    profile, recovery_key = created
    profile.save(*demo_records(DemoSize(families=5, sessions=30), seed=4, today=TODAY))
    profile.secret("noise")
    profile.save_sealed_items("outbox-report", {"waiting": b"a sealed report"})
    return profile, recovery_key


def _copy(path: Path, to: Path) -> Path:
    """A byte copy of the profile as it is now (the backup API copies the log's pages too)."""
    to.parent.mkdir(exist_ok=True)
    source, target = sqlite3.connect(path), sqlite3.connect(to)
    try:
        source.backup(target)
    finally:
        source.close()
        target.close()
    return to


def _everything(profile: UnlockedProfile) -> list[str]:
    return sorted(str(record_to_dict(r)) for r in profile)


def test_a_copy_from_before_the_change_opens_nothing_saved_after(
    filled: tuple[UnlockedProfile, str], floor_kdf: KdfParameters, tmp_path: Path
) -> None:
    profile, old_recovery_key = filled
    old_copy = _copy(profile.path, tmp_path / "stolen" / profile.path.name)
    before = _everything(profile)

    done = change_passphrase(profile, NEW_PASSPHRASE, current_passphrase=PASSPHRASE, kdf=floor_kdf)
    assert done.changed == {KEYS} and done.result != old_recovery_key
    assert _everything(profile) == before  # every record the same after the rekey
    family = profile.all(Family)[0]
    new_session = Session(
        id=new_record_id(),
        session_kind=SessionKind.ONE_TO_ONE,
        venue_category=VenueCategory.LIBRARY,
        on=TODAY,
        families=(family.id,),
        notes="saved after the change",
    )
    old_session = profile.all(Session)[0]
    changed_session = replace(old_session, notes="changed after the change")
    profile.save(new_session, changed_session)
    after = _everything(profile)
    profile.lock()

    # Whoever has the old copy and the old passphrase grafts the new file's records into
    # it: under the old keys, not one of them opens.
    conn = sqlite3.connect(old_copy)
    conn.execute("ATTACH DATABASE ? AS new", (str(profile.path),))
    conn.execute("DELETE FROM main.records")
    conn.execute("INSERT INTO main.records SELECT * FROM new.records")
    conn.commit()
    conn.close()
    grafted = LockedProfile(old_copy).unlock(PASSPHRASE)
    try:
        assert len(grafted) == 0
        damaged = {d.id for d in grafted.damaged}
        assert {new_session.id, old_session.id} <= damaged
    finally:
        grafted.lock()

    with pytest.raises(WrongPassphrase):
        LockedProfile(profile.path).unlock(PASSPHRASE)
    with pytest.raises(WrongRecoveryKey):
        LockedProfile(profile.path).unlock_with_recovery_key(old_recovery_key)
    locked = LockedProfile(profile.path)
    for unlock in (
        lambda: locked.unlock(NEW_PASSPHRASE),
        lambda: locked.unlock_with_recovery_key(done.result),
    ):
        reopened = unlock()  # one at a time: a profile is open in one place only
        try:
            assert _everything(reopened) == after
            assert reopened.get(changed_session.id) == changed_session
            assert reopened.integrity.ok and reopened.damaged == []
            assert reopened.sealed_items("outbox-report") == {"waiting": b"a sealed report"}
        finally:
            reopened.lock()


def test_the_old_wrapped_keys_do_not_stay_in_the_file(
    filled: tuple[UnlockedProfile, str], floor_kdf: KdfParameters
) -> None:
    profile, _recovery_key = filled
    with sqlite3.connect(profile.path) as conn:
        old_wrapped = [bytes(r[0]) for r in conn.execute("SELECT wrapped FROM keys")]
        (old_header,) = conn.execute("SELECT passphrase_wrapped FROM vault").fetchone()
    conn.close()
    change_passphrase(profile, NEW_PASSPHRASE, kdf=floor_kdf)
    profile.lock()
    on_disk = b"".join(
        p.read_bytes()
        for p in (profile.path, profile.path.with_name(profile.path.name + "-wal"))
        if p.exists()
    )
    for value in (*old_wrapped, bytes(old_header)):
        assert value not in on_disk


def test_a_wrong_current_passphrase_changes_nothing(
    filled: tuple[UnlockedProfile, str], floor_kdf: KdfParameters
) -> None:
    profile, recovery_key = filled
    with pytest.raises(WrongPassphrase):
        change_passphrase(
            profile, NEW_PASSPHRASE, current_passphrase="not it at all", kdf=floor_kdf
        )
    with pytest.raises(WrongPassphrase):
        make_new_recovery_key(profile, "not it at all", kdf=floor_kdf)
    profile.lock()
    LockedProfile(profile.path).unlock_with_recovery_key(recovery_key).lock()
    LockedProfile(profile.path).unlock(PASSPHRASE).lock()


def test_a_rekey_that_fails_part_way_leaves_the_old_file(
    filled: tuple[UnlockedProfile, str],
) -> None:
    profile, recovery_key = filled
    before = _everything(profile)

    def fails(conn: sqlite3.Connection) -> None:
        raise OSError("the disk went away")

    with pytest.raises(OSError, match="went away"):
        profile.replace_profile_key(new_key(), fails)
    assert _everything(profile) == before  # still working with the old keys
    profile.save(replace(profile.all(Family)[0], notes="saved after the failed rekey"))
    profile.lock()
    reopened = LockedProfile(profile.path).unlock(PASSPHRASE)
    try:
        assert reopened.integrity.ok and reopened.damaged == []
        assert len(reopened) == len(before)
    finally:
        reopened.lock()
    LockedProfile(profile.path).unlock_with_recovery_key(recovery_key).lock()


def test_a_new_recovery_key_replaces_the_old_one(
    filled: tuple[UnlockedProfile, str], floor_kdf: KdfParameters
) -> None:
    profile, old_recovery_key = filled
    before = _everything(profile)
    done = make_new_recovery_key(profile, PASSPHRASE, kdf=floor_kdf)
    assert done.changed == {KEYS} and done.result != old_recovery_key
    profile.lock()
    with pytest.raises(WrongRecoveryKey):
        LockedProfile(profile.path).unlock_with_recovery_key(old_recovery_key)
    locked = LockedProfile(profile.path)
    for unlock in (
        lambda: locked.unlock_with_recovery_key(done.result),
        lambda: locked.unlock(PASSPHRASE),  # the passphrase is the same
    ):
        reopened = unlock()  # one at a time: a profile is open in one place only
        try:
            assert _everything(reopened) == before and reopened.integrity.ok
        finally:
            reopened.lock()


def test_a_passphrase_change_does_not_make_a_changed_file_look_like_the_apps_own(
    filled: tuple[UnlockedProfile, str], floor_kdf: KdfParameters
) -> None:
    # Someone without the key removed every consent record; the check at unlock found
    # it. Changing the passphrase then must not rebuild the manifest over the changed
    # rows as if the app had written them: the file stays refused for reports until an
    # IT volunteer accepts it with 'parentrus-admin verify --accept-changes'.
    profile, recovery_key = filled
    profile.lock()
    conn = sqlite3.connect(profile.path)
    try:
        conn.execute("DELETE FROM records WHERE kind = 'consent'")
        conn.commit()
    finally:
        conn.close()
    tampered = LockedProfile(profile.path).unlock_with_recovery_key(recovery_key)
    try:
        assert tampered.integrity.missing
        done = change_passphrase(
            tampered, NEW_PASSPHRASE, current_passphrase=PASSPHRASE, kdf=floor_kdf
        )
        with pytest.raises(FileChangedOutsideApp):
            tampered.require_intact()  # in this session
    finally:
        tampered.lock()
    reopened = LockedProfile(profile.path).unlock(NEW_PASSPHRASE)
    try:
        assert not reopened.integrity.ok  # and at every unlock after
        with pytest.raises(FileChangedOutsideApp):
            reopened.require_intact()
        reopened.save(replace(reopened.all(Family)[0], notes="a save in between"))
        reopened.accept_file_as_it_is()  # what verify --accept-changes does
    finally:
        reopened.lock()
    accepted = LockedProfile(profile.path).unlock_with_recovery_key(done.result)
    try:
        assert accepted.integrity.ok
        accepted.require_intact()
    finally:
        accepted.lock()


def test_a_full_disk_after_the_rekey_still_gives_the_new_recovery_key(
    filled: tuple[UnlockedProfile, str],
    floor_kdf: KdfParameters,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # Rebuilding the file after the rekey (so no freed page keeps the old keys) needs room
    # for a copy. When the disk is full at that step the rekey is already saved and the
    # old recovery key no longer works: the new one must still reach the mentor.
    profile, old_recovery_key = filled

    def disk_full(_db: object) -> None:
        raise DiskFull

    monkeypatch.setattr(unlocked, "clear_freed_space", disk_full)
    done = change_passphrase(profile, NEW_PASSPHRASE, current_passphrase=PASSPHRASE, kdf=floor_kdf)
    monkeypatch.undo()
    profile.lock()  # tries the rebuild again, now with room
    reopened = LockedProfile(profile.path).unlock_with_recovery_key(done.result)
    try:
        assert reopened.integrity.ok and reopened.damaged == []
    finally:
        reopened.lock()
    with pytest.raises(WrongRecoveryKey):
        LockedProfile(profile.path).unlock_with_recovery_key(old_recovery_key)
