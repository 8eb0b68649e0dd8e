"""No planted name, number or note in any file the app writes, whatever the mentor does."""

from __future__ import annotations

import json
import re
import sqlite3
from dataclasses import replace
from pathlib import Path

from helpers.leak_scan import every_file, find_planted
from helpers.planted import PLANTED_FAMILY, PLANTED_STRINGS, planted_family, planted_session
from helpers.values import PASSPHRASE

from parentrus_desktop.domain import Family
from parentrus_desktop.store.profiles import LockedProfile, change_passphrase, create_profile
from parentrus_desktop.vault.kdf import KdfParameters


def test_create_edit_delete_erase_lock_reopen_leaves_no_plaintext(
    data_dir: Path, temp_folder: Path, floor_kdf: KdfParameters
) -> None:
    profile, _ = create_profile(data_dir, "Hodan", PASSPHRASE, kdf=floor_kdf)
    staying = planted_family("AAA-BB")
    leaving = replace(planted_family("CCC-DD"), carers=("Leavingname",))
    profile.save(staying, leaving)
    sessions = [planted_session(f) for f in (staying, leaving)]
    profile.save(*sessions)
    profile.save(replace(staying, notes=PLANTED_FAMILY["edited_note"]))
    profile.delete(sessions[0])
    assert find_planted(PLANTED_STRINGS, data_dir, temp_folder) == []  # while unlocked
    profile.erase_family(leaving.id)
    change_passphrase(profile, "another long passphrase", kdf=floor_kdf)
    profile.lock()
    reopened = LockedProfile(profile.path).unlock("another long passphrase")
    assert reopened.get(staying.id).notes == PLANTED_FAMILY["edited_note"]  # type: ignore[union-attr]
    assert find_planted((*PLANTED_STRINGS, "Leavingname"), data_dir, temp_folder) == []
    reopened.lock()
    files = every_file(data_dir)
    assert files, "the scan must have something to read"
    assert find_planted((*PLANTED_STRINGS, "Leavingname"), data_dir, temp_folder) == []


def test_the_scan_would_find_a_leak(tmp_path: Path) -> None:
    """The scanner itself: plaintext in a WAL-like file and UTF-16 text are both caught."""
    (tmp_path / "x.parentrus-wal").write_bytes(b"\x00" + PLANTED_FAMILY["carer"].encode())
    (tmp_path / "settings").write_bytes(PLANTED_FAMILY["note"].encode("utf-16-le"))
    found = {label for _, label in find_planted(PLANTED_STRINGS, tmp_path)}
    assert found == {PLANTED_FAMILY["carer"], PLANTED_FAMILY["note"]}


def test_only_ids_kinds_and_sizes_are_in_the_clear(
    data_dir: Path, floor_kdf: KdfParameters
) -> None:
    profile, _ = create_profile(data_dir, "Hodan", PASSPHRASE, kdf=floor_kdf)
    family = planted_family()
    profile.save(family, planted_session(family))
    profile.lock()
    with sqlite3.connect(profile.path) as conn:
        columns = {row[1] for row in conn.execute("PRAGMA table_info(records)")}
        kinds = {row[0] for row in conn.execute("SELECT kind FROM records")}
        tables = {
            row[0] for row in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")
        }
        buckets = [row[0] for row in conn.execute("SELECT content FROM manifest WHERE bucket >= 0")]
    conn.close()
    assert columns == {"id", "kind", "key_id", "schema_version", "sealed"}
    assert kinds == {Family.kind, "session"}
    assert tables == {"vault", "keys", "records", "secrets", "sync_items", "manifest"}
    # The manifest holds what is in the clear already (table, id, kind) and a digest of
    # each sealed value: nothing more.
    entries = [entry for content in buckets for entry in json.loads(content)]
    # "change-counts": the sealed count of changes a restore compares (store/changes.py).
    assert {kind for _table, _id, kind, _digest in entries} == {
        Family.kind,
        "session",
        "key",
        "change-counts",
    }
    assert all(re.fullmatch("[0-9a-f]{32}", digest) for *_, digest in entries)
