"""The hub database's schema version and the forward steps that bring an older one up to now.

Version 1 is the schema of the first hub (before discarding a laptop's reports), 2 adds
that, 3 adds what several hub processes share: rate limits and sign-in waits (``limits``)
and the coordinators' sessions, 4 gives each coordinator a role: one school's, or the
whole programme's (every school on the hub). SQLite keeps the version in ``PRAGMA user_version``,
PostgreSQL in a one-row ``schema_version`` table. A database from before versions were
kept is recognised by its tables. Each step runs in the same transaction as the version
it writes, so a step is done whole or not at all.
"""

from __future__ import annotations

#: The version this hub writes and reads.
CURRENT = 4


class NewerDatabase(Exception):
    """The database was last used by a newer hub: this one would not understand it."""

    def __init__(self, found: int) -> None:
        super().__init__(
            f"This database was set up by a newer parentrus-hub (schema {found}; this one "
            f"knows up to {CURRENT}). Please install the newer parentrus-hub again."
        )
        self.found = found


_FIRST_SQLITE = [
    "CREATE TABLE IF NOT EXISTS settings (name TEXT PRIMARY KEY, value TEXT NOT NULL)",
    "CREATE TABLE IF NOT EXISTS schools (slug TEXT PRIMARY KEY, name TEXT NOT NULL, "
    "policy TEXT NOT NULL)",
    "CREATE TABLE IF NOT EXISTS invitations (token_digest TEXT PRIMARY KEY, "
    "school TEXT NOT NULL REFERENCES schools(slug), created TEXT NOT NULL, "
    "expires TEXT NOT NULL, used TEXT, device TEXT)",
    "CREATE TABLE IF NOT EXISTS devices (device TEXT PRIMARY KEY, "
    "school TEXT NOT NULL REFERENCES schools(slug), public_key TEXT NOT NULL, "
    "enrolled TEXT NOT NULL, revoked TEXT, last_report TEXT)",
    "CREATE TABLE IF NOT EXISTS reports (device TEXT NOT NULL REFERENCES devices(device), "
    "school TEXT NOT NULL, period TEXT NOT NULL, digest TEXT NOT NULL, report TEXT NOT NULL, "
    "envelope TEXT NOT NULL, receipt TEXT NOT NULL, received TEXT NOT NULL, "
    "PRIMARY KEY (device, school, period))",
    "CREATE INDEX IF NOT EXISTS reports_by_school ON reports (school, period)",
    "CREATE TABLE IF NOT EXISTS coordinators (username TEXT PRIMARY KEY, "
    "password_hash TEXT NOT NULL, failed_logins INTEGER NOT NULL DEFAULT 0, locked_until TEXT)",
]

_FIRST_POSTGRES = [
    "CREATE TABLE IF NOT EXISTS settings (name TEXT PRIMARY KEY, value TEXT NOT NULL)",
    "CREATE TABLE IF NOT EXISTS schools (slug TEXT PRIMARY KEY, name TEXT NOT NULL, "
    "policy TEXT NOT NULL)",
    "CREATE TABLE IF NOT EXISTS invitations (token_digest TEXT PRIMARY KEY, "
    "school TEXT NOT NULL REFERENCES schools(slug), created TIMESTAMPTZ NOT NULL, "
    "expires TIMESTAMPTZ NOT NULL, used TIMESTAMPTZ, device TEXT)",
    "CREATE TABLE IF NOT EXISTS devices (device TEXT PRIMARY KEY, "
    "school TEXT NOT NULL REFERENCES schools(slug), public_key BYTEA NOT NULL, "
    "enrolled TIMESTAMPTZ NOT NULL, revoked TIMESTAMPTZ, last_report TIMESTAMPTZ)",
    "CREATE TABLE IF NOT EXISTS reports (device TEXT NOT NULL REFERENCES devices(device), "
    "school TEXT NOT NULL, period TEXT NOT NULL, digest TEXT NOT NULL, report TEXT NOT NULL, "
    "envelope TEXT NOT NULL, receipt TEXT NOT NULL, received TIMESTAMPTZ NOT NULL, "
    "PRIMARY KEY (device, school, period))",
    "CREATE INDEX IF NOT EXISTS reports_by_school ON reports (school, period)",
    "CREATE TABLE IF NOT EXISTS coordinators (username TEXT PRIMARY KEY, "
    "password_hash TEXT NOT NULL, failed_logins INTEGER NOT NULL DEFAULT 0, "
    "locked_until TIMESTAMPTZ)",
]


def _shared_state(time: str, blob: str) -> list[str]:
    # limits: one row per (kind, key). For a rate limit, value is the time its next turn
    # is due (seconds since 1970, on the database's clock) and at is 1 if the last call
    # was given a turn, else 0; for sign-in waits, value counts wrong passwords in a row and at
    # is when the wait ends. Sessions keep a digest of the cookie, never the cookie.
    return [
        "CREATE TABLE limits (kind TEXT NOT NULL, key TEXT NOT NULL, "
        "value DOUBLE PRECISION NOT NULL, at DOUBLE PRECISION NOT NULL, PRIMARY KEY (kind, key))",
        f"CREATE TABLE sessions (digest TEXT PRIMARY KEY, csrf TEXT NOT NULL, username TEXT, "
        f"started {time} NOT NULL, seen {time} NOT NULL)",
        "CREATE INDEX sessions_by_seen ON sessions (seen)",
        f"CREATE TABLE session_files (digest TEXT NOT NULL REFERENCES sessions(digest) "
        f"ON DELETE CASCADE, key TEXT NOT NULL, name TEXT NOT NULL, sealed {blob} NOT NULL, "
        f"PRIMARY KEY (digest, key))",
    ]


def _roles() -> list[str]:
    # A coordinator with a school sees only that school; without one (the programme's
    # coordinator), every school. Accounts from before roles keep what they saw: on a hub
    # of one school they become that school's coordinator (the same pages as before), on
    # a hub of several they keep seeing every school.
    return [
        "ALTER TABLE coordinators ADD COLUMN role TEXT NOT NULL DEFAULT 'programme' "
        "CHECK (role IN ('school', 'programme'))",
        "ALTER TABLE coordinators ADD COLUMN school TEXT REFERENCES schools(slug)",
        "UPDATE coordinators SET role = 'school', school = (SELECT slug FROM schools) "
        "WHERE (SELECT count(*) FROM schools) = 1",
    ]


#: SQLITE_STEPS[n] brings a database of version n to version n + 1.
SQLITE_STEPS: list[list[str]] = [
    _FIRST_SQLITE,
    ["ALTER TABLE devices ADD COLUMN discarded TEXT"],
    _shared_state("TEXT", "BLOB"),
    _roles(),
]
POSTGRES_STEPS: list[list[str]] = [
    _FIRST_POSTGRES,
    ["ALTER TABLE devices ADD COLUMN discarded TIMESTAMPTZ"],
    _shared_state("TIMESTAMPTZ", "BYTEA"),
    _roles(),
]
assert len(SQLITE_STEPS) == len(POSTGRES_STEPS) == CURRENT


def unversioned(tables: set[str], device_columns: set[str]) -> int:
    """The version of a database from before versions were kept, from what it holds."""
    if "settings" not in tables:
        return 0  # empty: every step from the first
    return 2 if "discarded" in device_columns else 1


def steps_from(version: int, steps: list[list[str]]) -> list[list[str]]:
    """The steps a database of ``version`` needs; NewerDatabase if it is ahead of this hub."""
    if version > CURRENT:
        raise NewerDatabase(version)
    return steps[version:]
