"""Erasing families from this laptop's own backups: several at once, each backup opened,
checked and cleaned once; never a backup that is damaged, changed or open elsewhere;
and what the profile locking cut short is finished at the next unlock."""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from helpers.leak_scan import find_planted
from helpers.planted import PLANTED_STRINGS, planted_family, planted_session
from helpers.values import PASSPHRASE

from parentrus_desktop import cli
from parentrus_desktop.domain import Family, Session, new_record_id
from parentrus_desktop.domain.vocabulary import SessionKind, VenueCategory
from parentrus_desktop.operations.kept import KeepReason, Kept, kept_families, save_kept
from parentrus_desktop.operations.records import (
    erase_families,
    erase_family,
    finish_erasing_from_backups,
)
from parentrus_desktop.store import backup as backups
from parentrus_desktop.store import unlocked as unlocked_module
from parentrus_desktop.store.profile_lock import ProfileLock
from parentrus_desktop.store.profiles import LockedProfile
from parentrus_desktop.store.unlocked import UnlockedProfile

NOW = datetime(2026, 12, 2, 12, 0, tzinfo=UTC)


def _group(*families: Family) -> Session:
    return Session(
        id=new_record_id(),
        session_kind=SessionKind.GROUP,
        venue_category=VenueCategory.LIBRARY,
        on=NOW.date(),
        families=tuple(f.id for f in families),
    )


def _in_file(path: Path, record_id: str) -> bool:
    """Whether a backup still has a row for this record (read, never written)."""
    conn = sqlite3.connect(path.resolve().as_uri() + "?mode=ro", uri=True)
    try:
        return (
            conn.execute("SELECT 1 FROM records WHERE id = ?", (record_id,)).fetchone() is not None
        )
    finally:
        conn.close()


def _three_backups(profile: UnlockedProfile) -> list[Path]:
    for days in (2, 1, 0):
        backups.automatic_backup(profile, NOW - timedelta(days=days))
    made = backups.local_backups(profile.path)
    assert len(made) == 3
    return made


def _counting(monkeypatch: pytest.MonkeyPatch) -> dict[str, int]:
    """Counts of backups opened and of files rebuilt to clear their freed space (the
    real functions still do the work)."""
    counts = {"opened": 0, "cleared": 0}
    open_copy = UnlockedProfile.open_copy
    clear = unlocked_module.clear_freed_space

    def opening(self: UnlockedProfile, path: Path, *, must_hold_key: str) -> object:
        counts["opened"] += 1
        return open_copy(self, path, must_hold_key=must_hold_key)

    def clearing(db: object) -> None:
        counts["cleared"] += 1
        clear(db)  # type: ignore[arg-type]

    monkeypatch.setattr(UnlockedProfile, "open_copy", opening)
    monkeypatch.setattr(unlocked_module, "clear_freed_space", clearing)
    return counts


def test_several_families_are_erased_from_each_backup_in_one_opening(
    profile: UnlockedProfile, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Erasing three families opens each backup once, checks it once and rebuilds it
    once (not once a family); every backup then opens cleanly without them, and a group
    session keeps only the family that stays."""
    leaving = [planted_family(code) for code in ("K7Q-4M", "H3W-9P", "T3R-6D")]
    staying = planted_family("B9N-4C")
    only_theirs, shared = _group(leaving[0], leaving[1]), _group(leaving[2], staying)
    sessions = [planted_session(f) for f in leaving]
    profile.save(*leaving, staying, *sessions, only_theirs, shared)
    save_kept(
        profile,
        Kept(leaving[0].id, NOW.date() + timedelta(days=90), next(iter(KeepReason)), NOW.date()),
    )
    made = _three_backups(profile)
    counts = _counting(monkeypatch)

    erase_families(profile, [f.id for f in leaving])

    assert counts == {"opened": 3, "cleared": 1 + 3}  # the profile once, each backup once
    assert backups.still_to_erase(profile) == []
    for path in made:
        opened = LockedProfile(path).unlock(PASSPHRASE)
        try:
            ids = {r.id for r in opened}
            assert ids.isdisjoint({f.id for f in leaving} | {s.id for s in sessions})
            assert only_theirs.id not in ids
            kept_group = opened.get(shared.id)
            assert isinstance(kept_group, Session) and kept_group.families == (staying.id,)
            assert staying.id in ids
            assert opened.integrity.ok and not opened.damaged
            assert opened.integrity_problems() == []
            assert kept_families(opened) == {}
        finally:
            opened.lock()


def _flip_a_sealed_byte(path: Path, record_id: str) -> None:
    """Change one byte inside a sealed value, keeping its tag (what the manifest keeps):
    only opening the value finds it."""
    conn = sqlite3.connect(path)
    try:
        (sealed,) = conn.execute("SELECT sealed FROM records WHERE id = ?", (record_id,)).fetchone()
        changed = bytearray(sealed)
        changed[14] ^= 0x01
        with conn:
            conn.execute("UPDATE records SET sealed = ? WHERE id = ?", (bytes(changed), record_id))
    finally:
        conn.close()


def _remove_row(path: Path, record_id: str) -> None:
    conn = sqlite3.connect(path)
    try:
        with conn:
            conn.execute("DELETE FROM records WHERE id = ?", (record_id,))
    finally:
        conn.close()


def test_a_damaged_changed_or_busy_backup_is_never_written_to(
    profile: UnlockedProfile,
) -> None:
    """One backup has a damaged value in the erased family's own records, one had a row
    taken out, one is open elsewhere: none is written to. The busy one keeps the family
    on the list, and is reached once it is free; then the list is empty."""
    family, other = planted_family(), planted_family("H3W-9P")
    session, other_session = planted_session(family), planted_session(other)
    profile.save(family, other, session, other_session)
    damaged, changed, busy = _three_backups(profile)
    _flip_a_sealed_byte(damaged, session.id)
    _remove_row(changed, other_session.id)
    before = {path: path.read_bytes() for path in (damaged, changed, busy)}
    elsewhere = ProfileLock(busy).acquire()
    try:
        erase_family(profile, family.id)
        assert {path: path.read_bytes() for path in before} == before
        assert [w.family_id for w in backups.still_to_erase(profile)] == [family.id]
    finally:
        elsewhere.release()
    reached = finish_erasing_from_backups(profile).result
    assert (reached.erased, reached.missed, reached.left) == (1, 2, set())
    assert backups.still_to_erase(profile) == []  # the damaged and changed: never again
    assert not _in_file(busy, family.id) and _in_file(busy, other.id)
    assert damaged.read_bytes() == before[damaged] and changed.read_bytes() == before[changed]


def _stop_after_first() -> Callable[[], bool]:
    asked = []

    def stop() -> bool:
        asked.append(1)
        return len(asked) > 1

    return stop


def test_locking_half_way_the_next_unlock_finishes_erasing_from_the_backups(
    created: tuple[UnlockedProfile, str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """The profile locks after the first backup: the others still hold the family, the
    profile still lists it (sealed); the next unlock (the admin tool's) finishes it."""
    profile, _recovery = created
    family = planted_family()
    profile.save(family, planted_session(family))
    made = _three_backups(profile)
    erase_family(profile, family.id, reach_backups=False)
    reached = finish_erasing_from_backups(profile, _stop_after_first()).result
    assert reached.erased == 1 and reached.left
    assert [_in_file(p, family.id) for p in made] == [False, True, True]
    path = profile.path
    profile.lock()

    monkeypatch.setenv(cli.PASSPHRASE_VARIABLE, PASSPHRASE)
    assert cli.main(["--data-dir", str(path.parent), "verify"]) == 0

    assert [_in_file(p, family.id) for p in made] == [False, False, False]
    again = LockedProfile(path).unlock(PASSPHRASE)
    try:
        assert backups.still_to_erase(again) == []
    finally:
        again.lock()


def test_what_is_still_to_erase_is_sealed_with_the_erasure_and_names_nobody(
    profile: UnlockedProfile, data_dir: Path
) -> None:
    """Erased from the profile and the app closes before any backup is reached: the
    list says which family and key (sealed), and the files hold no name or code."""
    family = planted_family()
    profile.save(family, planted_session(family))
    key_id = profile.family_key_id(family.id)
    _three_backups(profile)
    erase_family(profile, family.id, reach_backups=False)
    (waiting,) = backups.still_to_erase(profile)
    assert (waiting.family_id, waiting.key_id) == (family.id, key_id)
    profile_files = [p for p in data_dir.iterdir() if p.is_file()]
    for path in profile_files:
        data = path.read_bytes()
        assert family.id.encode() not in data and b"K7Q-4M" not in data
    assert find_planted(PLANTED_STRINGS, data_dir / backups.BACKUPS_FOLDER) == []
