"""The hub's storage on PostgreSQL, for a programme serving many schools (psycopg 3)."""

from __future__ import annotations

import json
import queue
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import UTC, datetime, timedelta
from typing import Any

import psycopg
from psycopg.rows import dict_row

from parentrus_sync.hub import migrations
from parentrus_sync.hub.storage import (
    Conflict,
    Coordinator,
    Device,
    InvitationRecord,
    LastAccount,
    School,
    SessionRecord,
    StoredReport,
    StoreOutcome,
    after_login,
    policy_from_text,
    policy_text,
    role_of,
    utc,
)
from parentrus_sync.protocol import Policy, ReportId

# The same tables and meaning as sqlite_store (``migrations``); times are timestamptz,
# JSON is kept as the exact text that was signed (jsonb would reorder keys and respell
# numbers).

Connection = psycopg.Connection[dict[str, Any]]


class PostgresStorage:
    """``Storage`` on PostgreSQL, with a small pool of connections shared by threads."""

    #: Two: each query waits on the database server, and meanwhile another laptop's
    #: report can be checked (bench/README.md: one thread took 117 reports/s, two 180).
    laptop_threads = 2

    def __init__(self, url: str, *, pool_size: int = 8) -> None:
        self.url = url
        self._idle: queue.LifoQueue[Connection] = queue.LifoQueue()
        # At most pool_size connections exist; a thread waits for one to come back.
        self._slots = threading.BoundedSemaphore(pool_size)
        self._closed = False
        try:
            with self._transaction() as conn:
                # Two hubs starting at once must not both create or change tables.
                conn.execute("SELECT pg_advisory_xact_lock(727311)")
                _upgrade(conn)
        except BaseException:
            self.close()  # a database from a newer hub: no connection left open
            raise

    def _connect(self) -> Connection:
        # Autocommit: a single statement is one trip to the server, not three (BEGIN, the
        # statement, COMMIT); work of several statements says so with _transaction.
        return psycopg.connect(
            self.url, row_factory=dict_row, options="-c timezone=UTC", autocommit=True
        )

    @contextmanager
    def _connection(self) -> Iterator[Connection]:
        """A pooled connection, each statement its own transaction (one trip each): for
        work of one statement, which is atomic on its own."""
        self._slots.acquire()
        try:
            try:
                conn = self._idle.get_nowait()
            except queue.Empty:
                conn = self._connect()
            if conn.closed or conn.broken:
                conn = self._connect()
            try:
                yield conn
            except BaseException:
                if conn.broken:
                    conn.close()
                else:
                    self._idle.put(conn)
                raise
            self._idle.put(conn)
        finally:
            self._slots.release()

    @contextmanager
    def _transaction(self) -> Iterator[Connection]:
        """A pooled connection inside one transaction, committed unless it raised."""
        with self._connection() as conn, conn.transaction():
            yield conn

    def _rows(self, sql: str, params: Any = ()) -> list[dict[str, Any]]:
        if any(isinstance(p, str) and "\x00" in p for p in params):
            # PostgreSQL text cannot hold NUL, so nothing can match such a key (a hostile
            # username or address); psycopg would refuse to send it, which is a 500.
            return []
        with self._connection() as conn:
            return conn.execute(sql, params).fetchall()

    def _row(self, sql: str, params: Any = ()) -> dict[str, Any] | None:
        rows = self._rows(sql, params)
        return rows[0] if rows else None

    def close(self) -> None:
        self._closed = True
        while True:
            try:
                self._idle.get_nowait().close()
            except queue.Empty:
                return

    # --- the hub itself

    def setting(self, name: str) -> str | None:
        row = self._row("SELECT value FROM settings WHERE name = %s", [name])
        return None if row is None else str(row["value"])

    def set_setting(self, name: str, value: str) -> None:
        with self._transaction() as conn:
            conn.execute(
                "INSERT INTO settings (name, value) VALUES (%s, %s) "
                "ON CONFLICT (name) DO UPDATE SET value = excluded.value",
                [name, value],
            )

    # --- schools

    def add_school(self, school: School) -> None:
        try:
            with self._transaction() as conn:
                conn.execute(
                    "INSERT INTO schools (slug, name, policy) VALUES (%s, %s, %s)",
                    [school.slug, school.name, policy_text(school.policy)],
                )
        except psycopg.errors.UniqueViolation:
            raise Conflict(f"There is already a school called {school.slug}.") from None

    def school(self, slug: str) -> School | None:
        row = self._row("SELECT * FROM schools WHERE slug = %s", [slug])
        return None if row is None else _school(row)

    def schools(self) -> list[School]:
        return [_school(r) for r in self._rows("SELECT * FROM schools ORDER BY name, slug")]

    def set_policy(self, policy: Policy) -> None:
        with self._transaction() as conn:
            conn.execute(
                "UPDATE schools SET policy = %s WHERE slug = %s",
                [policy_text(policy), policy.school],
            )

    # --- invitations

    def add_invitation(self, invitation: InvitationRecord) -> None:
        with self._transaction() as conn:
            conn.execute(
                "INSERT INTO invitations (token_digest, school, created, expires, used, device) "
                "VALUES (%s, %s, %s, %s, %s, %s)",
                [
                    invitation.token_digest,
                    invitation.school,
                    invitation.created,
                    invitation.expires,
                    invitation.used,
                    invitation.device,
                ],
            )

    def take_invitation(
        self, token_digest: str, school: str, device: Device, now: datetime
    ) -> str | None:
        with self._transaction() as conn:
            # FOR UPDATE: a second enrolment with the same token waits here, then sees it used.
            row = conn.execute(
                "SELECT * FROM invitations WHERE token_digest = %s AND school = %s FOR UPDATE",
                [token_digest, school],
            ).fetchone()
            if row is None:
                return "unknown-token"
            if row["used"] is not None:
                return "used-token"
            if row["expires"] <= now:
                return "expired-token"
            added = conn.execute(
                "INSERT INTO devices (device, school, public_key, enrolled, revoked, "
                "last_report) VALUES (%s, %s, %s, %s, %s, %s) ON CONFLICT (device) DO NOTHING",
                [
                    device.device,
                    device.school,
                    device.public_key,
                    device.enrolled,
                    device.revoked,
                    device.last_report,
                ],
            )
            if added.rowcount != 1:
                # The same laptop key enrolling twice; the token stays unused.
                return "used-token"
            conn.execute(
                "UPDATE invitations SET used = %s, device = %s WHERE token_digest = %s",
                [now, device.device, token_digest],
            )
        return None

    def invitations(self, school: str | None = None) -> list[InvitationRecord]:
        if school is None:
            rows = self._rows("SELECT * FROM invitations ORDER BY created")
        else:
            rows = self._rows(
                "SELECT * FROM invitations WHERE school = %s ORDER BY created", [school]
            )
        return [_invitation(r) for r in rows]

    # --- devices

    def device(self, device: str) -> Device | None:
        row = self._row("SELECT * FROM devices WHERE device = %s", [device])
        return None if row is None else _device(row)

    def devices(self, school: str | None = None) -> list[Device]:
        if school is None:
            rows = self._rows("SELECT * FROM devices ORDER BY enrolled, device")
        else:
            rows = self._rows(
                "SELECT * FROM devices WHERE school = %s ORDER BY enrolled, device", [school]
            )
        return [_device(r) for r in rows]

    def revoke(self, device: str, now: datetime) -> bool:
        with self._transaction() as conn:
            cursor = conn.execute(
                "UPDATE devices SET revoked = %s WHERE device = %s AND revoked IS NULL",
                [now, device],
            )
            return cursor.rowcount == 1

    def discard(self, device: str, now: datetime) -> bool:
        with self._transaction() as conn:
            cursor = conn.execute(
                "UPDATE devices SET discarded = %s "
                "WHERE device = %s AND revoked IS NOT NULL AND discarded IS NULL",
                [now, device],
            )
            return cursor.rowcount == 1

    def count_again(self, device: str) -> bool:
        with self._transaction() as conn:
            cursor = conn.execute(
                "UPDATE devices SET discarded = NULL WHERE device = %s AND discarded IS NOT NULL",
                [device],
            )
            return cursor.rowcount == 1

    # --- reports

    def store_report(self, report: StoredReport) -> StoreOutcome:
        rid = report.report_id
        with self._connection() as conn:
            # One statement, so one trip: the report and its laptop's last report together.
            # A concurrent insert of the same id makes this one wait, then do nothing.
            stored = conn.execute(
                "WITH kept AS (INSERT INTO reports (device, school, period, digest, report, "
                "envelope, receipt, received) VALUES (%(device)s, %(school)s, %(period)s, "
                "%(digest)s, %(report)s, %(envelope)s, %(receipt)s, %(received)s) "
                "ON CONFLICT (device, school, period) DO NOTHING RETURNING device), "
                "seen AS (UPDATE devices SET last_report = %(received)s "
                "WHERE device IN (SELECT device FROM kept) RETURNING device) "
                "SELECT count(*) AS stored FROM seen",
                {
                    "device": rid.device,
                    "school": rid.school,
                    "period": rid.period,
                    "digest": report.digest,
                    "report": _json(report.report),
                    "envelope": _json(report.envelope),
                    "receipt": _json(report.receipt),
                    "received": report.received,
                },
            ).fetchone()
            if stored is not None and stored["stored"] == 1:
                return StoreOutcome(stored=True, held=report)
            # Held already: what was stored first, committed before this statement ended.
            row = conn.execute(
                "SELECT * FROM reports WHERE device = %s AND school = %s AND period = %s",
                [rid.device, rid.school, rid.period],
            ).fetchone()
        assert row is not None  # held before
        return StoreOutcome(stored=False, held=_report(row))

    def reports(
        self, school: str, periods: list[str] | None = None, *, discarded: bool = False
    ) -> list[StoredReport]:
        rows = self._rows(
            "SELECT reports.* FROM reports JOIN devices USING (device) "
            "WHERE reports.school = %s AND (%s OR devices.discarded IS NULL) "
            "AND (%s::text[] IS NULL OR period = ANY(%s::text[])) "
            "ORDER BY period, device",
            [school, discarded, periods, periods],
        )
        return [_report(r) for r in rows]

    def device_reports(self, device: str, periods: list[str] | None = None) -> list[StoredReport]:
        rows = self._rows(
            "SELECT * FROM reports WHERE device = %s "
            "AND (%s::text[] IS NULL OR period = ANY(%s::text[])) ORDER BY period",
            [device, periods, periods],
        )
        return [_report(r) for r in rows]

    def first_received(self, school: str, period: str, digest: str) -> datetime | None:
        row = self._row(
            "SELECT min(received) AS received FROM reports "
            "WHERE school = %s AND period = %s AND digest = %s",
            [school, period, digest],
        )
        return None if row is None else utc(row["received"])

    # --- coordinators

    def add_coordinator(self, username: str, password_hash: str, school: str | None = None) -> None:
        try:
            with self._transaction() as conn:
                found = conn.execute("SELECT 1 FROM schools WHERE slug = %s", [school])
                if school is not None and found.fetchone() is None:
                    raise LookupError(f"There is no school called {school} on this hub.")
                conn.execute(
                    "INSERT INTO coordinators (username, password_hash, role, school) "
                    "VALUES (%s, %s, %s, %s)",
                    [username, password_hash, role_of(school), school],
                )
        except psycopg.errors.UniqueViolation:
            raise Conflict(f"There is already an account called {username}.") from None

    def coordinator(self, username: str) -> Coordinator | None:
        row = self._row("SELECT * FROM coordinators WHERE username = %s", [username])
        return None if row is None else _coordinator(row)

    def record_login(self, username: str, ok: bool, now: datetime) -> None:
        with self._transaction() as conn:
            row = conn.execute(
                "SELECT * FROM coordinators WHERE username = %s FOR UPDATE", [username]
            ).fetchone()
            if row is None:
                return
            after = after_login(_coordinator(row), ok, now)
            conn.execute(
                "UPDATE coordinators SET failed_logins = %s, locked_until = %s WHERE username = %s",
                [after.failed_logins, after.locked_until, username],
            )

    def set_password(self, username: str, password_hash: str) -> bool:
        with self._transaction() as conn:
            changed = conn.execute(
                "UPDATE coordinators SET password_hash = %s, failed_logins = 0, "
                "locked_until = NULL WHERE username = %s",
                [password_hash, username],
            ).rowcount
            conn.execute("DELETE FROM sessions WHERE username = %s", [username])
        return bool(changed)

    def coordinators(self) -> list[Coordinator]:
        return [_coordinator(r) for r in self._rows("SELECT * FROM coordinators ORDER BY username")]

    def remove_coordinator(self, username: str) -> bool:
        with self._transaction() as conn:
            # Every account locked, in order: two removals at once cannot leave none.
            names = [
                r["username"]
                for r in conn.execute(
                    "SELECT username FROM coordinators ORDER BY username FOR UPDATE"
                ).fetchall()
            ]
            if username not in names:
                return False
            if len(names) == 1:
                raise LastAccount(username)
            conn.execute("DELETE FROM sessions WHERE username = %s", [username])
            conn.execute("DELETE FROM coordinators WHERE username = %s", [username])
        return True

    def schema_version(self) -> int:
        row = self._row("SELECT version FROM schema_version")
        return 0 if row is None else int(row["version"])

    # --- what every hub process on this database shares

    def take_turn(self, kind: str, key: str, per_minute: float, burst: int) -> float:
        every = 60.0 / per_minute
        if "\x00" in key:
            key = key.replace("\x00", "?")  # PostgreSQL text cannot hold NUL
        # As sqlite_store.take_turn: value is when the next turn is due, and at says
        # whether this call was given one. now() is the same all through the statement,
        # and the one statement is atomic on its own: one trip to the server.
        with self._connection() as conn:
            row = conn.execute(
                f"INSERT INTO limits AS l (kind, key, value, at) "  # noqa: S608 (only our fixed _NOW)
                f"VALUES (%(kind)s, %(key)s, {_NOW} + %(every)s, 1) "
                "ON CONFLICT (kind, key) DO UPDATE SET "
                f"value = CASE WHEN l.value - {_NOW} <= %(ahead)s "
                f"THEN GREATEST(l.value, {_NOW}) + %(every)s ELSE l.value END, "
                f"at = CASE WHEN l.value - {_NOW} <= %(ahead)s THEN 1 ELSE 0 END "
                f"RETURNING l.value AS due, l.at AS at, {_NOW} AS now",
                {"kind": kind, "key": key, "every": every, "ahead": (burst - 1) * every},
            ).fetchone()
        assert row is not None
        due, given, now = float(row["due"]), float(row["at"]), float(row["now"])
        return 0.0 if given else max(0.0, due - (burst - 1) * every - now)

    def failures(self, kind: str, key: str) -> tuple[int, datetime] | None:
        row = self._row("SELECT value, at FROM limits WHERE kind = %s AND key = %s", [kind, key])
        if row is None:
            return None
        return int(row["value"]), datetime.fromtimestamp(float(row["at"]), UTC)

    def count_failure(
        self, kind: str, key: str, now: datetime, wait_after: Callable[[int], timedelta]
    ) -> tuple[int, datetime]:
        with self._transaction() as conn:
            # The upsert locks the row to the end of this transaction: no other process
            # counts in between.
            row = conn.execute(
                "INSERT INTO limits AS l (kind, key, value, at) VALUES (%s, %s, 1, %s) "
                "ON CONFLICT (kind, key) DO UPDATE SET value = l.value + 1 RETURNING l.value",
                [kind, key, now.timestamp()],
            ).fetchone()
            assert row is not None
            failures = int(row["value"])
            until = now + wait_after(failures)
            conn.execute(
                "UPDATE limits SET at = %s WHERE kind = %s AND key = %s",
                [until.timestamp(), kind, key],
            )
        return failures, until

    def forget_limit(self, kind: str, key: str) -> None:
        with self._transaction() as conn:
            conn.execute("DELETE FROM limits WHERE kind = %s AND key = %s", [kind, key])

    def forget_limits(self, before: float) -> None:
        with self._transaction() as conn:
            conn.execute("DELETE FROM limits WHERE at < %s AND value < %s", [before, before])

    def add_session(self, session: SessionRecord) -> None:
        with self._transaction() as conn:
            conn.execute(
                "INSERT INTO sessions (digest, csrf, username, started, seen) "
                "VALUES (%s, %s, %s, %s, %s)",
                [session.digest, session.csrf, session.username, session.started, session.seen],
            )

    def session(self, digest: str) -> SessionRecord | None:
        row = self._row("SELECT * FROM sessions WHERE digest = %s", [digest])
        if row is None:
            return None
        return SessionRecord(
            row["digest"], row["csrf"], row["username"], _when(row["started"]), _when(row["seen"])
        )

    def session_seen(self, digest: str, now: datetime) -> None:
        with self._transaction() as conn:
            conn.execute("UPDATE sessions SET seen = %s WHERE digest = %s", [now, digest])

    def end_session(self, digest: str) -> None:
        with self._transaction() as conn:
            conn.execute("DELETE FROM sessions WHERE digest = %s", [digest])

    def forget_sessions(self, seen_before: datetime, started_before: datetime) -> None:
        with self._transaction() as conn:
            conn.execute(
                "DELETE FROM sessions WHERE seen < %s OR started < %s",
                [seen_before, started_before],
            )

    def add_session_file(self, digest: str, key: str, name: str, sealed: bytes) -> None:
        with self._transaction() as conn:
            conn.execute(
                "INSERT INTO session_files (digest, key, name, sealed) VALUES (%s, %s, %s, %s)",
                [digest, key, name, sealed],
            )

    def session_file(self, digest: str, key: str) -> tuple[str, bytes] | None:
        row = self._row(
            "SELECT name, sealed FROM session_files WHERE digest = %s AND key = %s", [digest, key]
        )
        return None if row is None else (str(row["name"]), bytes(row["sealed"]))


#: The database's clock in seconds since 1970: the transaction's start, one statement here.
_NOW = "extract(epoch FROM now())::double precision"


def _upgrade(conn: Connection) -> None:
    """Bring a database made by an older hub up to this one's schema, in the caller's
    transaction (under its advisory lock), with its new version (``migrations``)."""
    tables = {
        r["table_name"]
        for r in conn.execute(
            "SELECT table_name FROM information_schema.tables WHERE table_schema = current_schema()"
        )
    }
    if "schema_version" in tables:
        row = conn.execute("SELECT version FROM schema_version").fetchone()
        version = 0 if row is None else int(row["version"])
    else:
        columns = {
            r["column_name"]
            for r in conn.execute(
                "SELECT column_name FROM information_schema.columns "
                "WHERE table_schema = current_schema() AND table_name = 'devices'"
            )
        }
        version = migrations.unversioned(tables, columns)
        conn.execute("CREATE TABLE schema_version (version INTEGER NOT NULL)")
        conn.execute("INSERT INTO schema_version (version) VALUES (%s)", [version])
    steps = migrations.steps_from(version, migrations.POSTGRES_STEPS)
    for step in steps:
        for statement in step:
            conn.execute(statement.encode())  # our own fixed text
    conn.execute("UPDATE schema_version SET version = %s", [migrations.CURRENT])


def _json(value: dict[str, Any]) -> str:
    return json.dumps(value, sort_keys=True, separators=(",", ":"), ensure_ascii=False)


def _school(row: dict[str, Any]) -> School:
    return School(slug=row["slug"], name=row["name"], policy=policy_from_text(row["policy"]))


def _when(value: datetime) -> datetime:
    moment = utc(value)
    assert moment is not None  # NOT NULL columns
    return moment


def _invitation(row: dict[str, Any]) -> InvitationRecord:
    return InvitationRecord(
        token_digest=row["token_digest"],
        school=row["school"],
        created=_when(row["created"]),
        expires=_when(row["expires"]),
        used=utc(row["used"]),
        device=row["device"],
    )


def _device(row: dict[str, Any]) -> Device:
    return Device(
        device=row["device"],
        school=row["school"],
        public_key=bytes(row["public_key"]),
        enrolled=_when(row["enrolled"]),
        revoked=utc(row["revoked"]),
        last_report=utc(row["last_report"]),
        discarded=utc(row["discarded"]),
    )


def _report(row: dict[str, Any]) -> StoredReport:
    return StoredReport(
        report_id=ReportId(row["device"], row["school"], row["period"]),
        digest=row["digest"],
        report=json.loads(row["report"]),
        envelope=json.loads(row["envelope"]),
        receipt=json.loads(row["receipt"]),
        received=_when(row["received"]),
    )


def _coordinator(row: dict[str, Any]) -> Coordinator:
    return Coordinator(
        username=row["username"],
        password_hash=row["password_hash"],
        failed_logins=int(row["failed_logins"]),
        locked_until=utc(row["locked_until"]),
        role=row["role"],
        school=row["school"],
    )
