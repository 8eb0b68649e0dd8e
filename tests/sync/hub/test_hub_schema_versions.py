"""The hub database's schema version and forward steps, on both backends: a database made
with the first hub's schema (kept in ``first_schema/``, from git history) is brought up
to now with everything in it kept; a database from a newer hub is refused."""

from __future__ import annotations

import base64
import sqlite3
from datetime import UTC, datetime, timedelta
from pathlib import Path

import psycopg
import pytest
from parentrus_sync.hub import migrations
from parentrus_sync.hub.migrations import NewerDatabase
from parentrus_sync.hub.storage import SessionRecord, open_storage

FIRST = Path(__file__).parent / "first_schema"
SCHOOL = "riverside-primary"
POLICY = '{"epsilon": {"sessions_by_kind": 0.5}, "grace_days": 5, "period": "week", "school": "riverside-primary"}'  # noqa: E501
KEY = bytes(range(32))
WHEN = datetime(2026, 11, 23, 7, 0, tzinfo=UTC)
REPORT = '{"period":"2026-W47","school":"riverside-primary"}'


def _first_rows(time: object, key: object) -> list[tuple[str, tuple[object, ...]]]:
    """What a first hub held: a school, a coordinator, an invitation used by a laptop,
    and that laptop's report."""
    return [
        ("INSERT INTO settings VALUES ({}, {})", ("address", "https://hub.example.org")),
        ("INSERT INTO schools VALUES ({}, {}, {})", (SCHOOL, "Riverside Primary", POLICY)),
        (
            "INSERT INTO coordinators VALUES ({}, {}, {}, {})",
            ("coordinator", "$argon2id$v=19$m=65536,t=3,p=4$c2FsdA$aGFzaA", 2, None),
        ),
        (
            "INSERT INTO invitations VALUES ({}, {}, {}, {}, {}, {})",
            ("d" * 64, SCHOOL, time, time, time, "laptop-1"),
        ),
        (
            "INSERT INTO devices VALUES ({}, {}, {}, {}, {}, {})",
            ("laptop-1", SCHOOL, key, time, None, time),
        ),
        (
            "INSERT INTO reports VALUES ({}, {}, {}, {}, {}, {}, {}, {})",
            ("laptop-1", SCHOOL, "2026-W47", "e" * 64, REPORT, "{}", "{}", time),
        ),
    ]


def _as_the_first_hub_made_it(database: str) -> None:
    if database.startswith("postgresql://"):
        with psycopg.connect(database) as conn:
            conn.execute((FIRST / "postgres.sql").read_text("utf-8").encode())
            for sql, params in _first_rows(WHEN, KEY):
                marks = ", ".join(["%s"] * len(params))
                conn.execute(sql.replace("{}, " * (len(params) - 1) + "{}", marks), params)  # type: ignore[arg-type]
        return
    conn = sqlite3.connect(database)
    with conn:
        conn.executescript((FIRST / "sqlite.sql").read_text("utf-8"))
        text_key = base64.b64encode(KEY).decode("ascii")
        for sql, params in _first_rows(WHEN.isoformat(timespec="microseconds"), text_key):
            conn.execute(sql.format(*["?"] * len(params)), params)
    conn.close()


def _version(database: str) -> int:
    if database.startswith("postgresql://"):
        with psycopg.connect(database) as conn:
            row = conn.execute("SELECT version FROM schema_version").fetchone()
            assert row is not None
            return int(row[0])
    conn = sqlite3.connect(database)
    try:
        return int(conn.execute("PRAGMA user_version").fetchone()[0])
    finally:
        conn.close()


def test_the_first_hubs_database_is_brought_up_to_now_with_its_data(database: str) -> None:
    _as_the_first_hub_made_it(database)
    storage = open_storage(database)
    try:
        assert _version(database) == migrations.CURRENT
        # Everything the first hub held is still there and reads as before.
        assert storage.setting("address") == "https://hub.example.org"
        assert [s.slug for s in storage.schools()] == [SCHOOL]
        coordinator = storage.coordinator("coordinator")
        assert coordinator is not None and coordinator.failed_logins == 2
        [invitation] = storage.invitations(SCHOOL)
        assert invitation.used == WHEN and invitation.device == "laptop-1"
        device = storage.device("laptop-1")
        assert device is not None
        assert device.public_key == KEY and device.enrolled == WHEN and device.discarded is None
        [report] = storage.reports(SCHOOL)
        assert report.report == {"period": "2026-W47", "school": SCHOOL}
        assert report.received == WHEN
        # And what later versions added works: a laptop's reports left out, rate limits
        # and sign-in waits, sessions.
        assert storage.revoke("laptop-1", WHEN) and storage.discard("laptop-1", WHEN)
        assert storage.reports(SCHOOL) == []
        assert storage.take_turn("address", "192.0.2.1", 60, 1) == 0
        assert storage.take_turn("address", "192.0.2.1", 60, 1) > 0
        storage.add_session(SessionRecord("f" * 64, "csrf", "coordinator", WHEN, WHEN))
        assert storage.session("f" * 64) == SessionRecord(
            "f" * 64, "csrf", "coordinator", WHEN, WHEN
        )
    finally:
        storage.close()
    again = open_storage(database)  # an up-to-date database opens as it is
    try:
        assert _version(database) == migrations.CURRENT
        assert again.reports(SCHOOL, discarded=True)[0].digest == "e" * 64
        assert again.session("f" * 64) is not None
        assert again.failures("sign-in-waits", "nobody") is None
        failures, until = again.count_failure(
            "sign-in-waits", "k", WHEN, lambda n: timedelta(seconds=n)
        )
        assert (failures, until) == (1, WHEN + timedelta(seconds=1))
        assert again.failures("sign-in-waits", "k") == (1, until)
    finally:
        again.close()


def test_a_new_database_starts_at_the_current_version(database: str) -> None:
    open_storage(database).close()
    assert _version(database) == migrations.CURRENT


def test_a_database_from_a_newer_hub_is_refused(database: str) -> None:
    open_storage(database).close()
    if database.startswith("postgresql://"):
        with psycopg.connect(database) as conn:
            conn.execute("UPDATE schema_version SET version = %s", [migrations.CURRENT + 1])
    else:
        conn = sqlite3.connect(database)
        conn.execute(f"PRAGMA user_version = {migrations.CURRENT + 1}")
        conn.close()
    with pytest.raises(NewerDatabase, match="newer parentrus-hub"):
        open_storage(database)
