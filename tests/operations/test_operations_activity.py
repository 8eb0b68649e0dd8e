"""The activity log: sealed in the vault, newest first, codes only, at most 2,000."""

from __future__ import annotations

import sqlite3
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from helpers.planted import PLANTED_STRINGS
from helpers.values import PASSPHRASE

from parentrus_desktop.domain import Family
from parentrus_desktop.operations import activity
from parentrus_desktop.operations.activity import (
    FAILED_UNLOCK,
    FAMILY_ERASED,
    FAMILY_EXPORTED,
    PASSPHRASE_CHANGED,
    UNLOCKED,
    Activity,
    activity_log,
    activity_words,
    log_activities,
    log_activity,
)
from parentrus_desktop.operations.family_export import export_family
from parentrus_desktop.operations.keys import change_passphrase
from parentrus_desktop.operations.records import erase_family
from parentrus_desktop.operations.retention import at_unlock
from parentrus_desktop.store.profiles import LockedProfile
from parentrus_desktop.store.unlocked import UnlockedProfile
from parentrus_desktop.vault.errors import WrongPassphrase
from parentrus_desktop.vault.kdf import KdfParameters
from parentrus_desktop.vault.throttle import UnlockThrottle


def test_entries_come_back_newest_first_in_plain_words(profile: UnlockedProfile) -> None:
    start = datetime(2026, 11, 1, 9, 0, tzinfo=UTC)
    log_activity(profile, UNLOCKED, at=start)
    log_activity(profile, FAMILY_ERASED, at=start + timedelta(hours=2), code="K7Q-4M")
    log_activity(profile, FAMILY_EXPORTED, at=start + timedelta(hours=1), code="ABC-DE")
    shown = [activity_words(a) for a in activity_log(profile)]
    assert shown == [
        "Erased family K7Q-4M",
        "Saved everything about family ABC-DE to a file",
        "Unlocked",
    ]


def test_details_are_codes_and_counts_only(profile: UnlockedProfile) -> None:
    with pytest.raises(TypeError):
        log_activity(profile, FAMILY_EXPORTED, path=Path("/tmp/x"))  # type: ignore[arg-type]


def test_the_oldest_entries_go_beyond_the_most_kept(
    profile: UnlockedProfile, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(activity, "MOST_ENTRIES", 5)
    start = datetime(2026, 11, 1, tzinfo=UTC)
    log_activities(profile, [Activity(start + timedelta(minutes=i), UNLOCKED) for i in range(4)])
    log_activities(
        profile, [Activity(start + timedelta(minutes=10 + i), UNLOCKED) for i in range(3)]
    )
    kept = activity_log(profile)
    assert len(kept) == 5
    assert kept[-1].at == start + timedelta(minutes=2)  # the two oldest went
    assert len(profile.sealed_items(activity.ACTIVITY)) == 5


def test_failed_unlocks_are_sealed_at_the_next_unlock(
    data_dir: Path, created: tuple[UnlockedProfile, str]
) -> None:
    profile = created[0]
    path = profile.path
    profile.lock()
    throttle = UnlockThrottle(clock=lambda: 0.0)
    locked = LockedProfile(path)
    for _ in range(2):
        with pytest.raises(WrongPassphrase):
            locked.unlock("not the passphrase at all", throttle, sleep=lambda _s: None)
    opened = locked.unlock(PASSPHRASE, throttle, sleep=lambda _s: None)
    try:
        at_unlock(opened, datetime.now(UTC).date(), failed_at=throttle.take_failed_times(str(path)))
        kinds = [a.kind for a in activity_log(opened)]
        assert kinds == [UNLOCKED, FAILED_UNLOCK, FAILED_UNLOCK]
        assert throttle.take_failed_times(str(path)) == []  # given once, then forgotten
    finally:
        opened.lock()


def test_actions_are_logged_and_the_log_never_holds_a_name_in_plaintext(
    profile: UnlockedProfile, family: Family, tmp_path: Path, floor_kdf: KdfParameters
) -> None:
    export_family(profile, family, tmp_path / "export.txt")
    change_passphrase(profile, PASSPHRASE + " again", kdf=floor_kdf)
    erase_family(profile, family.id)
    log = activity_log(profile)  # still opens after the rekey
    assert [a.kind for a in log] == [FAMILY_ERASED, PASSPHRASE_CHANGED, FAMILY_EXPORTED]
    assert all(a.details.get("code") in (None, family.code) for a in log)
    words = " ".join(activity_words(a) for a in log)
    assert not any(planted in words for planted in PLANTED_STRINGS)
    # Sealed: neither the code nor the kind of entry is in the file in the clear.
    conn = sqlite3.connect(profile.path)
    try:
        rows = conn.execute("SELECT id, sealed FROM sync_items WHERE kind = 'activity'").fetchall()
    finally:
        conn.close()
    assert len(rows) == 3
    for item_id, sealed in rows:
        assert family.code.encode() not in sealed and b"erased" not in sealed
        assert family.code not in item_id
