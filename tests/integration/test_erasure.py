"""After erasing a family, neither its words nor its old sealed bytes are in any file."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from helpers.leak_scan import find_planted
from helpers.planted import PLANTED_STRINGS, planted_family, planted_session
from helpers.values import PASSPHRASE

from parentrus_desktop.store.profiles import LockedProfile, create_profile
from parentrus_desktop.vault.kdf import KdfParameters


def _sealed_rows(path: Path, key_id: str) -> list[bytes]:
    with sqlite3.connect(path) as conn:
        rows = conn.execute("SELECT sealed FROM records WHERE key_id = ?", (key_id,)).fetchall()
        rows += conn.execute("SELECT wrapped FROM keys WHERE id = ?", (key_id,)).fetchall()
    conn.close()
    return [row[0] for row in rows]


def test_erasure_leaves_no_sealed_bytes_behind(
    data_dir: Path, temp_folder: Path, floor_kdf: KdfParameters
) -> None:
    profile, _ = create_profile(data_dir, "Hodan", PASSPHRASE, kdf=floor_kdf)
    other = planted_family("AAA-BB")
    erased = planted_family("CCC-DD")
    profile.save(other, erased)
    profile.save(*(planted_session(erased, note=f"visit {n}") for n in range(200)))
    profile.save(*(planted_session(other, note=f"visit {n}") for n in range(200)))
    key_id = profile._family_keys[erased.id]  # the test needs to know which rows are its
    old_bytes = [sealed[12:60] for sealed in _sealed_rows(profile.path, key_id)]
    assert len(old_bytes) == 202 and find_planted(old_bytes, data_dir)  # present before

    profile.erase_family(erased.id)
    assert find_planted(old_bytes, data_dir, temp_folder) == []
    profile.lock()
    assert find_planted(old_bytes, data_dir, temp_folder) == []
    assert find_planted(PLANTED_STRINGS, data_dir, temp_folder) == []
    reopened = LockedProfile(profile.path).unlock(PASSPHRASE)
    assert reopened.get(other.id) == other and reopened.get(erased.id) is None
    assert len(reopened) == 201 and reopened.integrity_problems() == []
    reopened.lock()
