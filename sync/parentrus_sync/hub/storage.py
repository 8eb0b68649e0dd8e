"""What the hub keeps, behind one interface: SQLite by default, PostgreSQL for a programme.

The same tests run on both (``tests/sync/hub``). Every method is one transaction; the
ones that decide something under concurrency (taking an invitation, storing a report)
are atomic, so fifty laptops at once lose nothing and double nothing.

Nothing about a family is ever here: only reports (noised totals per category), the
laptops' public keys, invitations (token digests) and the coordinators' accounts.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any, Protocol

from parentrus_sync.protocol import Policy, ReportId

#: After this many wrong passwords in a row, an account waits ``LOCK_MINUTES``.
LOCK_AFTER = 5
LOCK_MINUTES = 15


class Conflict(ValueError):
    """A school or coordinator with that name is already there."""


class LastAccount(ValueError):
    """The hub's only coordinator account: without it nobody could sign in."""


@dataclass(frozen=True)
class School:
    slug: str  # the school's name on the wire
    name: str  # the name people use
    policy: Policy


@dataclass(frozen=True)
class InvitationRecord:
    token_digest: str
    school: str
    created: datetime
    expires: datetime
    used: datetime | None
    device: str | None  # the device that used it


@dataclass(frozen=True)
class Device:
    device: str  # protocol.device_id of its key
    school: str
    public_key: bytes
    enrolled: datetime
    revoked: datetime | None
    last_report: datetime | None
    # When a coordinator left out every report of this (stopped) laptop: its numbers
    # were not real. None while they count.
    discarded: datetime | None = None


@dataclass(frozen=True)
class StoredReport:
    report_id: ReportId
    digest: str
    report: dict[str, Any]  # the report exactly as signed
    envelope: dict[str, Any]  # the signed envelope, kept so it can be checked again
    receipt: dict[str, Any]  # the signed receipt given the first time
    received: datetime


#: A coordinator's role: one school's numbers, or every school's and the programme's totals.
SCHOOL_ROLE = "school"
PROGRAMME_ROLE = "programme"


@dataclass(frozen=True)
class Coordinator:
    username: str
    password_hash: str  # Argon2id, PHC string
    failed_logins: int
    locked_until: datetime | None
    role: str = PROGRAMME_ROLE
    school: str | None = None  # the school of a school's coordinator; None for the programme's

    def may_see(self, school: str) -> bool:
        """Whether this account may see that school's numbers, laptops and invitations."""
        return self.role == PROGRAMME_ROLE or self.school == school


@dataclass(frozen=True)
class SessionRecord:
    """A coordinator's session as kept: named by a digest of its cookie, never the cookie."""

    digest: str
    csrf: str
    username: str | None  # None before signing in: the login form needs a token too
    started: datetime
    seen: datetime


@dataclass(frozen=True)
class StoreOutcome:
    """What ``store_report`` found: stored now, or already held (with what was held)."""

    stored: bool
    held: StoredReport


class Storage(Protocol):
    #: How many laptops' requests the hub works on at once (``offloop.py``): more than
    #: one only pays where a query waits on something other than this process.
    laptop_threads: int

    # --- the hub itself
    def setting(self, name: str) -> str | None: ...
    def set_setting(self, name: str, value: str) -> None: ...

    # --- schools
    def add_school(self, school: School) -> None: ...
    def school(self, slug: str) -> School | None: ...
    def schools(self) -> list[School]: ...
    def set_policy(self, policy: Policy) -> None: ...

    # --- invitations
    def add_invitation(self, invitation: InvitationRecord) -> None: ...
    def take_invitation(
        self, token_digest: str, school: str, device: Device, now: datetime
    ) -> str | None:
        """Atomically: if the invitation exists for that school, is unused and not
        expired, mark it used by ``device`` and add the device. None on success, else
        the refusal's code: 'unknown-token', 'used-token', 'expired-token'."""
        ...

    def invitations(self, school: str | None = None) -> list[InvitationRecord]: ...

    # --- devices
    def device(self, device: str) -> Device | None: ...
    def devices(self, school: str | None = None) -> list[Device]: ...
    def revoke(self, device: str, now: datetime) -> bool: ...
    def discard(self, device: str, now: datetime) -> bool:
        """Leave out every report of a stopped laptop: True if done now, False if the
        laptop is not stopped, not known or its reports are already left out."""
        ...

    def count_again(self, device: str) -> bool:
        """Undo ``discard``: True if its reports were left out and now count again."""
        ...

    # --- reports
    def store_report(self, report: StoredReport) -> StoreOutcome:
        """Atomically: store the report unless one with its id is held; either way say
        which is held, so the caller can give the same receipt or refuse a change."""
        ...

    def reports(
        self, school: str, periods: list[str] | None = None, *, discarded: bool = False
    ) -> list[StoredReport]:
        """The school's reports (of those periods), in period order: what its numbers are
        made of. Reports of discarded laptops are left out unless ``discarded``."""
        ...

    def device_reports(self, device: str, periods: list[str] | None = None) -> list[StoredReport]:
        """The reports one laptop sent (for those periods), discarded or not: what it has
        spent of its families' budget."""
        ...

    def first_received(self, school: str, period: str, digest: str) -> datetime | None:
        """When a report with exactly this content for that school and period was first
        received, from any device; None if never."""
        ...

    # --- coordinators
    def add_coordinator(self, username: str, password_hash: str, school: str | None = None) -> None:
        """A new account: the coordinator of ``school``, or without one the programme's
        (every school). Conflict if the name is taken; LookupError for an unknown school."""
        ...

    def coordinator(self, username: str) -> Coordinator | None: ...
    def coordinators(self) -> list[Coordinator]:
        """Every account, by name."""
        ...

    def record_login(self, username: str, ok: bool, now: datetime) -> None: ...
    def set_password(self, username: str, password_hash: str) -> bool:
        """A new password; the account's sessions end (whoever had the old one is signed
        out). False if there is no such account."""
        ...

    def remove_coordinator(self, username: str) -> bool:
        """Atomically: the account and its sessions go. False if there is no such account;
        LastAccount if it is the hub's only one."""
        ...

    # --- what every hub process on this database shares (``limits`` and sessions)
    def take_turn(self, kind: str, key: str, per_minute: float, burst: int) -> float:
        """One atomic step of a rate limit on the database's clock: 0.0 if a turn was
        taken, else the seconds until the next one is due."""
        ...

    def failures(self, kind: str, key: str) -> tuple[int, datetime] | None:
        """(failures in a row, when the wait they earned ends), if any are counted."""
        ...

    def count_failure(
        self, kind: str, key: str, now: datetime, wait_after: Callable[[int], timedelta]
    ) -> tuple[int, datetime]:
        """Atomically one more failure in a row, and the end of the wait it earned."""
        ...

    def forget_limit(self, kind: str, key: str) -> None: ...
    def forget_limits(self, before: float) -> None:
        """Rows whose time is before ``before`` (seconds since 1970): nothing to hold."""
        ...

    def add_session(self, session: SessionRecord) -> None: ...
    def session(self, digest: str) -> SessionRecord | None: ...
    def session_seen(self, digest: str, now: datetime) -> None: ...
    def end_session(self, digest: str) -> None: ...
    def forget_sessions(self, seen_before: datetime, started_before: datetime) -> None: ...
    def add_session_file(self, digest: str, key: str, name: str, sealed: bytes) -> None: ...
    def session_file(self, digest: str, key: str) -> tuple[str, bytes] | None: ...

    def close(self) -> None: ...


def open_storage(where: str | Path) -> Storage:
    """PostgreSQL for a ``postgresql://`` address, otherwise a SQLite file at that path."""
    text = str(where)
    if text.startswith(("postgresql://", "postgres://")):
        # Imported here so a SQLite hub never needs psycopg installed.
        from parentrus_sync.hub.postgres_store import PostgresStorage

        return PostgresStorage(text)
    from parentrus_sync.hub.sqlite_store import SqliteStorage

    return SqliteStorage(Path(text))


# --- what both backends share, so their meaning cannot drift apart ----------------------


def after_login(current: Coordinator, ok: bool, now: datetime) -> Coordinator:
    """The account after one login attempt: a success clears the count; the
    ``LOCK_AFTER``th failure in a row locks it for ``LOCK_MINUTES``."""
    if ok:
        return replace(current, failed_logins=0, locked_until=None)
    failed = current.failed_logins + 1
    locked = now + timedelta(minutes=LOCK_MINUTES) if failed >= LOCK_AFTER else current.locked_until
    return replace(current, failed_logins=failed, locked_until=locked)


def role_of(school: str | None) -> str:
    """The role of an account with that school (None: the programme's coordinator)."""
    return PROGRAMME_ROLE if school is None else SCHOOL_ROLE


def policy_text(policy: Policy) -> str:
    return json.dumps(policy.to_json(), sort_keys=True)


def policy_from_text(text: str) -> Policy:
    """The stored policy. One stored by a hub from before report format 2 (a month or
    week cadence and an ε per breakdown) reads as the default policy for its school:
    no laptop may follow it any more, and the defaults are what a new hub starts with."""
    data = json.loads(text)
    if isinstance(data, dict) and "breakdowns" not in data and isinstance(data.get("school"), str):
        return default_policy(data["school"])
    return Policy.from_json(data)


def default_policy(school: str) -> Policy:
    """What a new school asks for: a report each term, the core breakdowns, ε 10 a year."""
    return Policy(school=school)


def utc(moment: datetime | None) -> datetime | None:
    """A stored time as timezone-aware UTC (SQLite keeps text, PostgreSQL timestamptz)."""
    if moment is None:
        return None
    if moment.tzinfo is None:
        raise ValueError("A stored time has no time zone.")
    return moment.astimezone(UTC)


def time_text(moment: datetime | None) -> str | None:
    """How SQLite keeps a time: ISO 8601 in UTC, so text order is time order."""
    if moment is None:
        return None
    if moment.tzinfo is None:
        raise ValueError("Times given to storage must be timezone-aware.")
    return moment.astimezone(UTC).isoformat(timespec="microseconds")


def time_from_text(text: str | None) -> datetime | None:
    return None if text is None else utc(datetime.fromisoformat(text))
