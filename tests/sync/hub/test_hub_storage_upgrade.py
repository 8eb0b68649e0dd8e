"""A database kept by a hub from before report format 2, on both backends: its schools'
policies of the first form read as the default policy, and its laptops table gains the
time a laptop's reports were discarded."""

from __future__ import annotations

import sqlite3
from datetime import UTC, datetime

import psycopg
from hubcore_kit import Clock, enrolled, make_hub
from parentrus_sync.hub.storage import open_storage
from parentrus_sync.periods import PeriodKind
from parentrus_sync.protocol import Policy
from parentrus_sync.report_shape import DEFAULT_BREAKDOWNS

SCHOOL = "riverside-primary"
#: What a hub of the first format stored for a school, byte for byte (policy_text then).
OLD_POLICY = (
    '{"epsilon": {"sessions_by_kind": 0.5}, "grace_days": 5, "period": "week", '
    f'"school": "{SCHOOL}"}}'
)


def _as_an_older_hub_left_it(database: str) -> None:
    """The school's policy in the first form, and no discarded column."""
    statements = [
        ("ALTER TABLE devices DROP COLUMN discarded", ()),
        ("UPDATE schools SET policy = {} WHERE slug = {}", (OLD_POLICY, SCHOOL)),
        # Nor the tables of later versions, nor a schema version at all.
        ("DROP TABLE session_files", ()),
        ("DROP TABLE sessions", ()),
        ("DROP TABLE limits", ()),
        # Nor coordinators' roles (SQLite cannot drop a column with a foreign key).
        ("DROP TABLE coordinators", ()),
    ]
    time = "TIMESTAMPTZ" if database.startswith("postgresql://") else "TEXT"
    statements.append((
        "CREATE TABLE coordinators (username TEXT PRIMARY KEY, password_hash TEXT NOT NULL, "
        f"failed_logins INTEGER NOT NULL DEFAULT 0, locked_until {time})", (),
    ))  # fmt: skip
    if database.startswith("postgresql://"):
        statements.append(("DROP TABLE schema_version", ()))
    else:
        statements.append(("PRAGMA user_version = 0", ()))
    if database.startswith("postgresql://"):
        with psycopg.connect(database) as conn:
            for sql, params in statements:
                conn.execute(sql.format("%s", "%s"), params)  # type: ignore[arg-type]
    else:
        with sqlite3.connect(database) as conn:
            for sql, params in statements:
                conn.execute(sql.format("?", "?"), params)
        conn.close()


def test_an_older_hubs_database_opens_with_the_default_policy(database: str) -> None:
    storage = open_storage(database)
    try:
        hub = make_hub(storage, Clock())
        laptop = enrolled(hub)
    finally:
        storage.close()
    _as_an_older_hub_left_it(database)

    storage = open_storage(database)
    try:
        school = storage.school(SCHOOL)
        assert school is not None
        assert school.policy == Policy(SCHOOL)
        assert school.policy.period_kind is PeriodKind.TERM
        assert school.policy.breakdowns == DEFAULT_BREAKDOWNS
        assert school.policy.epsilon == 10.0
        assert [s.policy for s in storage.schools() if s.slug == SCHOOL] == [Policy(SCHOOL)]
        # The laptops table was brought up to date: a stopped laptop can be discarded.
        held = storage.device(laptop.device)
        assert held is not None and held.discarded is None
        now = datetime(2027, 1, 11, tzinfo=UTC)
        storage.revoke(laptop.device, now)
        assert storage.discard(laptop.device, now)
        assert storage.device(laptop.device).discarded == now  # type: ignore[union-attr]
    finally:
        storage.close()
    again = open_storage(database)  # opening an up-to-date database changes nothing
    try:
        assert again.device(laptop.device).discarded == now  # type: ignore[union-attr]
    finally:
        again.close()
