"""Forward migrations: an older profile file is brought up to date when it is opened."""

from __future__ import annotations

import sqlite3

import pytest
from helpers.values import PASSPHRASE

from parentrus_desktop.domain import Family
from parentrus_desktop.store import database, file_check, schema
from parentrus_desktop.store.errors import UpgradeFailed
from parentrus_desktop.store.profiles import LockedProfile, list_profiles
from parentrus_desktop.store.unlocked import UnlockedProfile


def test_a_new_profile_is_at_the_current_version(profile: UnlockedProfile) -> None:
    profile.lock()
    with sqlite3.connect(profile.path) as conn:
        assert conn.execute("PRAGMA user_version").fetchone()[0] == schema.SCHEMA_VERSION
        assert conn.execute("PRAGMA application_id").fetchone()[0] == schema.APPLICATION_ID
        assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    conn.close()


def test_opening_an_older_file_applies_the_missing_steps_once(
    profile: UnlockedProfile, family: Family, monkeypatch: pytest.MonkeyPatch
) -> None:
    profile.lock()
    applied: list[int] = []

    def second_version(conn: sqlite3.Connection) -> None:
        applied.append(2)
        conn.execute("CREATE INDEX records_by_kind ON records(kind)")

    newer = schema.SCHEMA_VERSION + 1
    monkeypatch.setattr(schema, "SCHEMA_VERSION", newer)
    monkeypatch.setattr(schema, "MIGRATIONS", {**schema.MIGRATIONS, newer: second_version})
    monkeypatch.setattr(database, "SCHEMA_VERSION", newer)
    monkeypatch.setattr(file_check, "SCHEMA_VERSION", newer)

    reopened = LockedProfile(profile.path).unlock(PASSPHRASE)
    assert reopened.get(family.id) == family
    reopened.lock()
    LockedProfile(profile.path).unlock(PASSPHRASE).lock()
    assert applied == [2]  # once, not on every open
    with sqlite3.connect(profile.path) as conn:
        assert conn.execute("PRAGMA user_version").fetchone()[0] == newer
        names = {r[0] for r in conn.execute("SELECT name FROM sqlite_master")}
    conn.close()
    assert "records_by_kind" in names
    assert [e.problem for e in list_profiles(profile.path.parent)] == [None]


def test_a_failed_step_leaves_the_file_at_its_old_version(
    profile: UnlockedProfile, monkeypatch: pytest.MonkeyPatch
) -> None:
    profile.lock()

    def broken(conn: sqlite3.Connection) -> None:
        conn.execute("CREATE TABLE half_done (x)")
        raise sqlite3.OperationalError("the disk went away")

    newer = schema.SCHEMA_VERSION + 1
    monkeypatch.setattr(schema, "SCHEMA_VERSION", newer)
    monkeypatch.setattr(schema, "MIGRATIONS", {**schema.MIGRATIONS, newer: broken})
    monkeypatch.setattr(database, "SCHEMA_VERSION", newer)
    monkeypatch.setattr(file_check, "SCHEMA_VERSION", newer)
    with pytest.raises(UpgradeFailed) as failed:
        LockedProfile(profile.path).unlock(PASSPHRASE)
    assert "has not been changed" in failed.value.message
    with sqlite3.connect(profile.path) as conn:
        assert conn.execute("PRAGMA user_version").fetchone()[0] == newer - 1
        names = {r[0] for r in conn.execute("SELECT name FROM sqlite_master")}
    conn.close()
    assert "half_done" not in names
