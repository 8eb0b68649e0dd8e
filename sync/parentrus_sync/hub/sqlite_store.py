"""The hub's storage in one SQLite file (the default): WAL, one connection per thread."""

from __future__ import annotations

import base64
import json
import os
import sqlite3
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import sqlite_utils

try:
    import fcntl
except ImportError:  # pragma: no cover - Windows: SQLite's busy wait alone
    fcntl = None  # type: ignore[assignment]

from parentrus_sync.hub import migrations
from parentrus_sync.hub.private_files import make_private
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
    time_from_text,
    time_text,
)
from parentrus_sync.protocol import Policy, ReportId


def _key_text(raw: bytes) -> str:
    return base64.b64encode(raw).decode("ascii")


class SqliteStorage:
    """``Storage`` on a SQLite file. Safe to share between threads: each thread gets its
    own connection, and writers that decide something take the write lock up front."""

    #: One: a query here is this process's own work, done holding Python's lock for the
    #: most part, and writers queue on one lock anyway; a second thread only fights the
    #: event loop for Python's lock (bench/README.md: 2.7 ms of hub CPU a report, not 3.2).
    laptop_threads = 1

    def __init__(self, path: Path) -> None:
        self.path = Path(path)
        # The school's numbers and the coordinators' password hashes: 0600, as are the
        # -wal and -shm files SQLite makes beside it with the same permissions.
        make_private(self.path)
        self._local = threading.local()
        self._all: list[sqlite3.Connection] = []
        self._all_lock = threading.Lock()
        self._write_lock = threading.Lock()
        # Writers in other processes (serve --workers, the CLI) queue on this file's lock.
        self._writers = _writer_lock_file(self.path)
        try:
            self._upgrade()
        except BaseException:
            self.close()  # a database from a newer hub: no connection left open
            raise

    def _upgrade(self) -> None:
        """Bring a database made by an older hub up to this one's schema, in one
        transaction with its new version (``migrations``)."""
        with self._write() as db:
            version = int(db.execute("PRAGMA user_version").fetchone()[0])
            if version == 0:
                tables = {r["name"] for r in db.query("SELECT name FROM sqlite_master")}
                columns = {r["name"] for r in db.query("PRAGMA table_info(devices)")}
                version = migrations.unversioned(tables, columns)
            steps = migrations.steps_from(version, migrations.SQLITE_STEPS)
            for step in steps:
                for statement in step:
                    db.execute(statement)
            if steps or version != migrations.CURRENT:
                db.execute(f"PRAGMA user_version = {migrations.CURRENT:d}")

    def schema_version(self) -> int:
        return int(self._conn().execute("PRAGMA user_version").fetchone()[0])

    # --- connections and transactions

    def _conn(self) -> sqlite_utils.Database:
        db: sqlite_utils.Database | None = getattr(self._local, "db", None)
        if db is None:
            # Autocommit mode: this class says where each transaction begins and ends.
            conn = sqlite3.connect(self.path, isolation_level=None, check_same_thread=False)
            conn.execute("PRAGMA journal_mode=WAL")
            # WAL with NORMAL loses nothing on a crash of the hub, only (perhaps) the last
            # transactions on a power cut: a laptop then simply sends its report again.
            conn.execute("PRAGMA synchronous=NORMAL")
            conn.execute("PRAGMA busy_timeout=10000")
            conn.execute("PRAGMA foreign_keys=ON")
            db = sqlite_utils.Database(conn)
            self._local.db = db
            with self._all_lock:
                self._all.append(conn)
        return db

    @contextmanager
    def _write(self) -> Iterator[sqlite_utils.Database]:
        """One transaction holding the write lock from its start, so a read inside it
        cannot be overtaken by another writer (BEGIN IMMEDIATE)."""
        db = self._conn()
        # Writers in this process queue on a lock, and those of other processes on a file
        # lock: SQLite's own busy wait sleeps in steps of up to 100 ms, which fifty laptops
        # at once, or two workers (bench/hub_bench.py: p99 1.6 s at 200 reports/s), would
        # turn into seconds of waiting. busy_timeout still covers what takes neither.
        with self._write_lock, _held(self._writers):
            db.conn.execute("BEGIN IMMEDIATE")
            try:
                yield db
            except BaseException:
                db.conn.execute("ROLLBACK")
                raise
            db.conn.execute("COMMIT")

    def _rows(self, sql: str, params: Any = ()) -> list[dict[str, Any]]:
        # Straight to sqlite3: sqlite_utils wraps each query in a savepoint of its own,
        # three statements for one (a laptop's report asks four; bench/hub_bench.py).
        cursor = self._conn().conn.execute(sql, params)
        names = [column[0] for column in cursor.description]
        return [dict(zip(names, row, strict=True)) for row in cursor]

    def _row(self, sql: str, params: Any = ()) -> dict[str, Any] | None:
        rows = self._rows(sql, params)
        return rows[0] if rows else None

    def close(self) -> None:
        with self._all_lock:
            for conn in self._all:
                conn.close()
            self._all.clear()
        self._local = threading.local()
        if self._writers is not None:
            os.close(self._writers)
            self._writers = None

    # --- the hub itself

    def setting(self, name: str) -> str | None:
        row = self._row("SELECT value FROM settings WHERE name = ?", [name])
        return None if row is None else str(row["value"])

    def set_setting(self, name: str, value: str) -> None:
        with self._write() as db:
            db.execute(
                "INSERT INTO settings (name, value) VALUES (?, ?) "
                "ON CONFLICT (name) DO UPDATE SET value = excluded.value",
                [name, value],
            )

    # --- schools

    def add_school(self, school: School) -> None:
        try:
            with self._write() as db:
                db.execute(
                    "INSERT INTO schools (slug, name, policy) VALUES (?, ?, ?)",
                    [school.slug, school.name, policy_text(school.policy)],
                )
        except sqlite3.IntegrityError:
            raise Conflict(f"There is already a school called {school.slug}.") from None

    def school(self, slug: str) -> School | None:
        row = self._row("SELECT * FROM schools WHERE slug = ?", [slug])
        return None if row is None else _school(row)

    def schools(self) -> list[School]:
        return [_school(r) for r in self._rows("SELECT * FROM schools ORDER BY name, slug")]

    def set_policy(self, policy: Policy) -> None:
        with self._write() as db:
            db.execute(
                "UPDATE schools SET policy = ? WHERE slug = ?", [policy_text(policy), policy.school]
            )

    # --- invitations

    def add_invitation(self, invitation: InvitationRecord) -> None:
        with self._write() as db:
            db.execute(
                "INSERT INTO invitations (token_digest, school, created, expires, used, device) "
                "VALUES (?, ?, ?, ?, ?, ?)",
                [
                    invitation.token_digest,
                    invitation.school,
                    time_text(invitation.created),
                    time_text(invitation.expires),
                    time_text(invitation.used),
                    invitation.device,
                ],
            )

    def take_invitation(
        self, token_digest: str, school: str, device: Device, now: datetime
    ) -> str | None:
        with self._write() as db:
            row = next(
                db.query(
                    "SELECT * FROM invitations WHERE token_digest = ? AND school = ?",
                    [token_digest, school],
                ),
                None,
            )
            if row is None:
                return "unknown-token"
            if row["used"] is not None:
                return "used-token"
            expires = time_from_text(row["expires"])
            if expires is None or expires <= now:
                return "expired-token"
            if next(db.query("SELECT 1 FROM devices WHERE device = ?", [device.device]), None):
                # The same laptop key enrolling twice would make one device two; the
                # token stays unused so the coordinator's invitation is not lost.
                return "used-token"
            db.execute(
                "UPDATE invitations SET used = ?, device = ? WHERE token_digest = ?",
                [time_text(now), device.device, token_digest],
            )
            db.execute(
                "INSERT INTO devices (device, school, public_key, enrolled, revoked, "
                "last_report) VALUES (?, ?, ?, ?, ?, ?)",
                [
                    device.device,
                    device.school,
                    _key_text(device.public_key),
                    time_text(device.enrolled),
                    time_text(device.revoked),
                    time_text(device.last_report),
                ],
            )
        return None

    def invitations(self, school: str | None = None) -> list[InvitationRecord]:
        if school is None:
            rows = self._rows("SELECT * FROM invitations ORDER BY created")
        else:
            rows = self._rows(
                "SELECT * FROM invitations WHERE school = ? ORDER BY created", [school]
            )
        return [_invitation(r) for r in rows]

    # --- devices

    def device(self, device: str) -> Device | None:
        row = self._row("SELECT * FROM devices WHERE device = ?", [device])
        return None if row is None else _device(row)

    def devices(self, school: str | None = None) -> list[Device]:
        if school is None:
            rows = self._rows("SELECT * FROM devices ORDER BY enrolled, device")
        else:
            rows = self._rows(
                "SELECT * FROM devices WHERE school = ? ORDER BY enrolled, device", [school]
            )
        return [_device(r) for r in rows]

    def revoke(self, device: str, now: datetime) -> bool:
        with self._write() as db:
            cursor = db.execute(
                "UPDATE devices SET revoked = ? WHERE device = ? AND revoked IS NULL",
                [time_text(now), device],
            )
            return cursor.rowcount == 1

    def discard(self, device: str, now: datetime) -> bool:
        with self._write() as db:
            cursor = db.execute(
                "UPDATE devices SET discarded = ? "
                "WHERE device = ? AND revoked IS NOT NULL AND discarded IS NULL",
                [time_text(now), device],
            )
            return cursor.rowcount == 1

    def count_again(self, device: str) -> bool:
        with self._write() as db:
            cursor = db.execute(
                "UPDATE devices SET discarded = NULL WHERE device = ? AND discarded IS NOT NULL",
                [device],
            )
            return cursor.rowcount == 1

    # --- reports

    def store_report(self, report: StoredReport) -> StoreOutcome:
        rid = report.report_id
        with self._write() as db:
            cursor = db.execute(
                "INSERT INTO reports (device, school, period, digest, report, envelope, "
                "receipt, received) VALUES (?, ?, ?, ?, ?, ?, ?, ?) "
                "ON CONFLICT (device, school, period) DO NOTHING",
                [
                    rid.device,
                    rid.school,
                    rid.period,
                    report.digest,
                    _json(report.report),
                    _json(report.envelope),
                    _json(report.receipt),
                    time_text(report.received),
                ],
            )
            if cursor.rowcount == 1:
                db.execute(
                    "UPDATE devices SET last_report = ? WHERE device = ?",
                    [time_text(report.received), rid.device],
                )
                return StoreOutcome(stored=True, held=report)
            row = next(
                db.query(
                    "SELECT * FROM reports WHERE device = ? AND school = ? AND period = ?",
                    [rid.device, rid.school, rid.period],
                )
            )
        return StoreOutcome(stored=False, held=_report(row))

    def reports(
        self, school: str, periods: list[str] | None = None, *, discarded: bool = False
    ) -> list[StoredReport]:
        rows = self._rows(
            "SELECT reports.* FROM reports JOIN devices USING (device) "
            "WHERE reports.school = ? AND (? OR devices.discarded IS NULL) "
            "ORDER BY period, device",
            [school, discarded],
        )
        wanted = None if periods is None else set(periods)
        return [_report(r) for r in rows if wanted is None or r["period"] in wanted]

    def device_reports(self, device: str, periods: list[str] | None = None) -> list[StoredReport]:
        if periods is None:
            rows = self._rows("SELECT * FROM reports WHERE device = ? ORDER BY period", [device])
        else:
            # Only the periods asked for are read at all: a report's JSON is most of the
            # cost of reading it, and a laptop sends one a month for years.
            marks = ", ".join("?" * len(periods))
            rows = self._rows(
                f"SELECT * FROM reports WHERE device = ? AND period IN ({marks}) "  # noqa: S608 (only ? marks)
                "ORDER BY period",
                [device, *periods],
            )
        return [_report(r) for r in rows]

    def first_received(self, school: str, period: str, digest: str) -> datetime | None:
        row = self._row(
            "SELECT min(received) AS received FROM reports "
            "WHERE school = ? AND period = ? AND digest = ?",
            [school, period, digest],
        )
        return None if row is None else time_from_text(row["received"])

    # --- coordinators

    def add_coordinator(self, username: str, password_hash: str, school: str | None = None) -> None:
        try:
            with self._write() as db:
                found = next(db.query("SELECT 1 FROM schools WHERE slug = ?", [school]), None)
                if school is not None and found is None:
                    raise LookupError(f"There is no school called {school} on this hub.")
                db.execute(
                    "INSERT INTO coordinators (username, password_hash, role, school) "
                    "VALUES (?, ?, ?, ?)",
                    [username, password_hash, role_of(school), school],
                )
        except sqlite3.IntegrityError:
            raise Conflict(f"There is already an account called {username}.") from None

    def coordinator(self, username: str) -> Coordinator | None:
        row = self._row("SELECT * FROM coordinators WHERE username = ?", [username])
        return None if row is None else _coordinator(row)

    def record_login(self, username: str, ok: bool, now: datetime) -> None:
        with self._write() as db:
            row = next(db.query("SELECT * FROM coordinators WHERE username = ?", [username]), None)
            if row is None:
                return
            after = after_login(_coordinator(row), ok, now)
            db.execute(
                "UPDATE coordinators SET failed_logins = ?, locked_until = ? WHERE username = ?",
                [after.failed_logins, time_text(after.locked_until), username],
            )

    def set_password(self, username: str, password_hash: str) -> bool:
        with self._write() as db:
            changed = db.execute(
                "UPDATE coordinators SET password_hash = ?, failed_logins = 0, "
                "locked_until = NULL WHERE username = ?",
                [password_hash, username],
            ).rowcount
            db.execute("DELETE FROM sessions WHERE username = ?", [username])
        return bool(changed)

    def coordinators(self) -> list[Coordinator]:
        return [_coordinator(r) for r in self._rows("SELECT * FROM coordinators ORDER BY username")]

    def remove_coordinator(self, username: str) -> bool:
        with self._write() as db:
            found = db.query("SELECT 1 FROM coordinators WHERE username = ?", [username])
            if next(found, None) is None:
                return False
            if next(db.query("SELECT COUNT(*) AS n FROM coordinators"))["n"] == 1:
                raise LastAccount(username)
            db.execute("DELETE FROM sessions WHERE username = ?", [username])
            db.execute("DELETE FROM coordinators WHERE username = ?", [username])
        return True

    # --- what every hub process on this file shares

    def take_turn(self, kind: str, key: str, per_minute: float, burst: int) -> float:
        every = 60.0 / per_minute
        with self._write() as db:
            # A token bucket kept as the time the next turn is due (value): a turn is given
            # while that is at most burst - 1 turns ahead of now; at says whether it was.
            row = db.execute(
                f"INSERT INTO limits (kind, key, value, at) VALUES (?, ?, {_NOW} + ?, 1) "  # noqa: S608 (only our fixed _NOW)
                "ON CONFLICT (kind, key) DO UPDATE SET "
                f"value = CASE WHEN value - {_NOW} <= ? THEN max(value, {_NOW}) + ? "
                "ELSE value END, "
                f"at = CASE WHEN value - {_NOW} <= ? THEN 1 ELSE 0 END "
                f"RETURNING value, at, {_NOW} AS now",
                [kind, key, every, (burst - 1) * every, every, (burst - 1) * every],
            ).fetchone()
        due, given, now = (float(v) for v in row)
        return 0.0 if given else max(0.0, due - (burst - 1) * every - now)

    def failures(self, kind: str, key: str) -> tuple[int, datetime] | None:
        row = self._row("SELECT value, at FROM limits WHERE kind = ? AND key = ?", [kind, key])
        return None if row is None else (int(row["value"]), _from_seconds(row["at"]))

    def count_failure(
        self, kind: str, key: str, now: datetime, wait_after: Callable[[int], timedelta]
    ) -> tuple[int, datetime]:
        with self._write() as db:
            failures = int(
                db.execute(
                    "INSERT INTO limits (kind, key, value, at) VALUES (?, ?, 1, ?) "
                    "ON CONFLICT (kind, key) DO UPDATE SET value = value + 1 RETURNING value",
                    [kind, key, now.timestamp()],
                ).fetchone()[0]
            )
            until = now + wait_after(failures)
            db.execute(
                "UPDATE limits SET at = ? WHERE kind = ? AND key = ?",
                [until.timestamp(), kind, key],
            )
        return failures, until

    def forget_limit(self, kind: str, key: str) -> None:
        with self._write() as db:
            db.execute("DELETE FROM limits WHERE kind = ? AND key = ?", [kind, key])

    def forget_limits(self, before: float) -> None:
        with self._write() as db:
            db.execute("DELETE FROM limits WHERE at < ? AND value < ?", [before, before])

    def add_session(self, session: SessionRecord) -> None:
        with self._write() as db:
            db.execute(
                "INSERT INTO sessions (digest, csrf, username, started, seen) "
                "VALUES (?, ?, ?, ?, ?)",
                [
                    session.digest,
                    session.csrf,
                    session.username,
                    time_text(session.started),
                    time_text(session.seen),
                ],
            )

    def session(self, digest: str) -> SessionRecord | None:
        row = self._row("SELECT * FROM sessions WHERE digest = ?", [digest])
        if row is None:
            return None
        started, seen = time_from_text(row["started"]), time_from_text(row["seen"])
        assert started is not None and seen is not None  # NOT NULL columns
        return SessionRecord(row["digest"], row["csrf"], row["username"], started, seen)

    def session_seen(self, digest: str, now: datetime) -> None:
        with self._write() as db:
            db.execute("UPDATE sessions SET seen = ? WHERE digest = ?", [time_text(now), digest])

    def end_session(self, digest: str) -> None:
        with self._write() as db:
            db.execute("DELETE FROM sessions WHERE digest = ?", [digest])

    def forget_sessions(self, seen_before: datetime, started_before: datetime) -> None:
        with self._write() as db:
            db.execute(
                "DELETE FROM sessions WHERE seen < ? OR started < ?",
                [time_text(seen_before), time_text(started_before)],
            )

    def add_session_file(self, digest: str, key: str, name: str, sealed: bytes) -> None:
        with self._write() as db:
            db.execute(
                "INSERT INTO session_files (digest, key, name, sealed) VALUES (?, ?, ?, ?)",
                [digest, key, name, sealed],
            )

    def session_file(self, digest: str, key: str) -> tuple[str, bytes] | None:
        row = self._row(
            "SELECT name, sealed FROM session_files WHERE digest = ? AND key = ?", [digest, key]
        )
        return None if row is None else (str(row["name"]), bytes(row["sealed"]))


#: The database's clock in seconds since 1970 (the same all through one statement).
_NOW = "((julianday('now') - 2440587.5) * 86400.0)"


def _from_seconds(seconds: float) -> datetime:
    return datetime.fromtimestamp(float(seconds), UTC)


def _json(value: dict[str, Any]) -> str:
    return json.dumps(value, sort_keys=True, separators=(",", ":"), ensure_ascii=False)


def _school(row: dict[str, Any]) -> School:
    return School(slug=row["slug"], name=row["name"], policy=policy_from_text(row["policy"]))


def _invitation(row: dict[str, Any]) -> InvitationRecord:
    created = time_from_text(row["created"])
    expires = time_from_text(row["expires"])
    assert created is not None and expires is not None  # NOT NULL columns
    return InvitationRecord(
        token_digest=row["token_digest"],
        school=row["school"],
        created=created,
        expires=expires,
        used=time_from_text(row["used"]),
        device=row["device"],
    )


def _device(row: dict[str, Any]) -> Device:
    enrolled = time_from_text(row["enrolled"])
    assert enrolled is not None
    return Device(
        device=row["device"],
        school=row["school"],
        public_key=base64.b64decode(row["public_key"]),
        enrolled=enrolled,
        revoked=time_from_text(row["revoked"]),
        last_report=time_from_text(row["last_report"]),
        discarded=time_from_text(row["discarded"]),
    )


def _report(row: dict[str, Any]) -> StoredReport:
    received = time_from_text(row["received"])
    assert received is not None
    return StoredReport(
        report_id=ReportId(row["device"], row["school"], row["period"]),
        digest=row["digest"],
        report=json.loads(row["report"]),
        envelope=json.loads(row["envelope"]),
        receipt=json.loads(row["receipt"]),
        received=received,
    )


def _coordinator(row: dict[str, Any]) -> Coordinator:
    return Coordinator(
        username=row["username"],
        password_hash=row["password_hash"],
        failed_logins=int(row["failed_logins"]),
        locked_until=time_from_text(row["locked_until"]),
        role=row["role"],
        school=row["school"],
    )


def _writer_lock_file(database: Path) -> int | None:
    """An open file beside the database whose lock every writing process takes in turn
    (none where there is no ``fcntl``)."""
    if fcntl is None:  # pragma: no cover
        return None
    return os.open(f"{database}-writer.lock", os.O_RDWR | os.O_CREAT, 0o600)


@contextmanager
def _held(lock_file: int | None) -> Iterator[None]:
    if lock_file is None or fcntl is None:  # pragma: no cover
        yield
        return
    fcntl.flock(lock_file, fcntl.LOCK_EX)  # waits, woken the moment the other lets go
    try:
        yield
    finally:
        fcntl.flock(lock_file, fcntl.LOCK_UN)
