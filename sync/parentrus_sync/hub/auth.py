"""Coordinators' sign-in: server-side sessions, CSRF tokens, and slowing down password guesses.

Sessions live in the hub's memory, keyed by a digest of the cookie's random id: a copy of
the database holds no session, and signing out ends the session for good (a signed cookie
would stay valid until it expired). A restart signs everybody out, which is fine for the
one coordinator a school has.
"""

from __future__ import annotations

import hashlib
import hmac
import logging
import math
import secrets
import threading
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from enum import Enum
from functools import cache

from starlette.requests import Request
from starlette.responses import Response

from parentrus_sync.hub.hub import Hub
from parentrus_sync.hub.passwords import hash_password, password_matches

COOKIE = "parentrus_hub_session"
IDLE = timedelta(minutes=60)  # signed out after an hour of nothing
LONGEST = timedelta(hours=10)  # and after a working day, whatever happens
LARGEST = 10_000  # sessions kept at once, so a flood of visits cannot fill memory

log = logging.getLogger(__name__)


@dataclass
class Session:
    csrf: str
    username: str | None  # None before signing in: the login form needs a token too
    started: datetime
    seen: datetime
    # Invitation files made in this session, by a random id, until downloaded or signed
    # out: the token is never stored in the database, only here for the download.
    files: dict[str, tuple[str, bytes]] = field(default_factory=dict)


def _digest(token: str) -> str:
    return hashlib.sha256(token.encode("ascii")).hexdigest()


class Sessions:
    """Every open session of one hub."""

    def __init__(self, hub: Hub) -> None:
        self._hub = hub
        self._held: dict[str, Session] = {}
        self._lock = threading.Lock()

    def find(self, request: Request) -> Session | None:
        """The request's session, if it has one that has not expired."""
        token = request.cookies.get(COOKIE)
        if not token or len(token) > 100 or not token.isascii():
            return None  # not one of ours (ours are URL-safe base64); never a 500
        now = self._hub.now()
        with self._lock:
            key = _digest(token)
            session = self._held.get(key)
            if session is None:
                return None
            if now - session.seen > IDLE or now - session.started > LONGEST:
                del self._held[key]
                return None
            session.seen = now
            return session

    def start(self, username: str | None) -> tuple[str, Session]:
        """A new session and the cookie value that names it."""
        token = secrets.token_urlsafe(32)
        now = self._hub.now()
        session = Session(secrets.token_urlsafe(32), username, now, now)
        with self._lock:
            if len(self._held) >= LARGEST:
                self._forget_oldest()
            self._held[_digest(token)] = session
        return token, session

    def end(self, request: Request) -> None:
        token = request.cookies.get(COOKIE)
        if token:
            with self._lock:
                self._held.pop(_digest(token), None)

    def _forget_oldest(self) -> None:
        # Signed-in sessions are kept over anonymous ones: a flood of visitors to the
        # login page must not sign the coordinator out.
        anonymous = [k for k, s in self._held.items() if s.username is None]
        victims = anonymous or list(self._held)
        del self._held[min(victims, key=lambda k: self._held[k].seen)]

    def set_cookie(self, response: Response, token: str) -> None:
        response.set_cookie(
            COOKIE,
            token,
            max_age=int(LONGEST.total_seconds()),
            path="/",
            secure=self._hub.secure_cookies,
            httponly=True,
            samesite="strict",
        )

    def clear_cookie(self, response: Response) -> None:
        response.delete_cookie(
            COOKIE, path="/", secure=self._hub.secure_cookies, httponly=True, samesite="strict"
        )


def csrf_ok(session: Session | None, submitted: object) -> bool:
    """Whether a form carries its session's token; compared in constant time."""
    if session is None or not isinstance(submitted, str):
        return False
    return hmac.compare_digest(session.csrf.encode("ascii"), submitted.encode("utf-8", "replace"))


class Outcome(Enum):
    SIGNED_IN = "signed-in"
    NO_MATCH = "no-match"
    WAIT = "wait"


@dataclass(frozen=True)
class LoginResult:
    outcome: Outcome
    wait_minutes: int = 0


@cache
def _decoy_hash() -> str:
    # Checking a password against this for an unknown name takes as long as for a real
    # one, so the time taken does not say which usernames exist.
    return hash_password(secrets.token_urlsafe(16))


def make_ready() -> None:
    """Work out the decoy hash at start-up: worked out at the first unknown name, that
    one answer would take twice as long as any other."""
    _decoy_hash()


def check_login(hub: Hub, username: str, password: str, client: str) -> LoginResult:
    """Signs in if the password matches and this address is not waiting, for this
    account (after wrong passwords in a row from here) or at all (too many tries).

    An unknown username is answered, waits and costs as a known one with a wrong
    password: the same hash work, the same storage call, the same answer. There is no
    lock on the account itself, so nobody elsewhere can keep the coordinator out."""
    wait_seconds = hub.login_limiter.take(client)
    if wait_seconds:
        _log_failure(client, "too many tries from this address", wait=wait_seconds)
        return LoginResult(Outcome.WAIT, max(1, math.ceil(wait_seconds / 60)))
    now = hub.now()
    waiting = hub.login_delays.waiting(client, username, now)
    if waiting:
        _log_failure(client, "still waiting after wrong passwords", wait=waiting.total_seconds())
        return LoginResult(Outcome.WAIT, _minutes(waiting))
    account = hub.storage.coordinator(username) if username else None
    ok = password_matches(account.password_hash if account else _decoy_hash(), password)
    ok = ok and account is not None
    # Kept for the record (the failures in a row); for an unknown name a lookup that
    # finds nothing, as much work as a known one.
    hub.storage.record_login(username, ok, now)
    if ok:
        hub.login_delays.succeeded(client, username)
        return LoginResult(Outcome.SIGNED_IN)
    failures, wait = hub.login_delays.failed(client, username, now)
    known = "a known account" if account is not None else "an unknown username"
    _log_failure(
        client, f"wrong password for {known}", wait=wait.total_seconds(), failures=failures
    )
    return LoginResult(Outcome.NO_MATCH)


def _log_failure(client: str, what: str, *, wait: float, failures: int | None = None) -> None:
    # No username (a password is sometimes typed into that box), password or token.
    in_a_row = "" if failures is None else f", {failures} in a row"
    log.warning("Sign-in refused from %s: %s%s; waits %d s.", client, what, in_a_row, wait)


def _minutes(wait: timedelta) -> int:
    return max(1, math.ceil(wait.total_seconds() / 60))
