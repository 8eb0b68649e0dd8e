"""The tables of a profile file and the steps that bring an older file up to date.

Only what must be in the clear is in the clear: random ids, the record kind, the
key id and the schema version. Everything else is in the sealed value.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable

#: 'PRUS': lets a profile be told apart from any other SQLite file without a key.
APPLICATION_ID = 0x50525553
SCHEMA_VERSION = 5


def _first_schema(conn: sqlite3.Connection) -> None:
    conn.execute(
        """CREATE TABLE vault (
            id INTEGER PRIMARY KEY CHECK (id = 1),
            display_name TEXT NOT NULL,
            kdf TEXT NOT NULL,
            passphrase_wrapped BLOB NOT NULL,
            recovery_salt BLOB NOT NULL,
            recovery_wrapped BLOB NOT NULL
        )"""
    )
    conn.execute("CREATE TABLE keys (id TEXT PRIMARY KEY, wrapped BLOB NOT NULL) WITHOUT ROWID")
    conn.execute(
        """CREATE TABLE records (
            id TEXT PRIMARY KEY,
            kind TEXT NOT NULL,
            key_id TEXT REFERENCES keys(id),
            schema_version INTEGER NOT NULL,
            sealed BLOB NOT NULL
        ) WITHOUT ROWID"""
    )
    conn.execute("CREATE INDEX records_by_key ON records(key_id)")


def _training_profiles(conn: sqlite3.Connection) -> None:
    # A training profile holds only invented families; the picker says so, and shows
    # its passphrase, so trainees can practise together.
    conn.execute("ALTER TABLE vault ADD COLUMN training INTEGER NOT NULL DEFAULT 0")


def _secrets(conn: sqlite3.Connection) -> None:
    # Keys the app makes for itself (a signing key for each school connected; profiles
    # from before report format 2 also hold the old seeded-noise secret, no longer used),
    # sealed under the profile key like any record.
    conn.execute("CREATE TABLE secrets (name TEXT PRIMARY KEY, sealed BLOB NOT NULL) WITHOUT ROWID")


def _sync_items(conn: sqlite3.Connection) -> None:
    # What the app keeps for talking to schools (connections, the outbox), sealed under the
    # profile key: only a random id and what kind of item it is are in the clear.
    conn.execute(
        "CREATE TABLE sync_items (id TEXT PRIMARY KEY, kind TEXT NOT NULL, sealed BLOB NOT NULL) "
        "WITHOUT ROWID"
    )


#: The manifest row that says "no manifest yet: build it at the next unlock".
MANIFEST_TO_BUILD = -2
#: The first schema version with a manifest (records saved since carry it in the clear).
MANIFEST_SINCE = 5


def _manifest(conn: sqlite3.Connection) -> None:
    # The authenticated list of every row (store/manifest.py): rows grouped in buckets,
    # and one row (bucket -1) holding the MAC over every bucket. A file from before has
    # no manifest and this step has no key to make one, so it leaves a mark and the first
    # unlock builds it from the rows as they are then: trust on first use.
    conn.execute(
        "CREATE TABLE manifest (bucket INTEGER PRIMARY KEY, content BLOB NOT NULL) WITHOUT ROWID"
    )
    conn.execute("INSERT INTO manifest (bucket, content) VALUES (?, x'')", (MANIFEST_TO_BUILD,))


#: MIGRATIONS[n] takes a file at version n-1 to version n. Append; never edit.
MIGRATIONS: dict[int, Callable[[sqlite3.Connection], None]] = {
    1: _first_schema,
    2: _training_profiles,
    3: _secrets,
    4: _sync_items,
    5: _manifest,
}


def migrate(conn: sqlite3.Connection) -> None:
    """Apply every step this file has not had, each in its own transaction."""
    current = conn.execute("PRAGMA user_version").fetchone()[0]
    for version in range(current + 1, SCHEMA_VERSION + 1):
        conn.execute("BEGIN IMMEDIATE")
        try:
            MIGRATIONS[version](conn)
            conn.execute(f"PRAGMA user_version = {version:d}")
            conn.execute(f"PRAGMA application_id = {APPLICATION_ID:d}")
            conn.execute("COMMIT")
        except BaseException:
            conn.execute("ROLLBACK")
            raise
    if current < SCHEMA_VERSION:
        # The version and application id live in the file's first page. Until a
        # checkpoint they sit only in the write-ahead log, and the profile picker, which
        # reads the header without opening the file, would not recognise the profile.
        conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
