"""Coordinators' sign-in: server-side sessions, CSRF tokens, and slowing down password guesses.

Sessions live in the hub's database, keyed by a digest of the cookie's random id, so
every worker and every hub process on one database knows them: a copy of the database
holds no cookie, and signing out ends the session for good (a signed cookie would stay
valid until it expired). An invitation file made in a session is kept sealed under a
key only the cookie gives, so the database never holds an invitation's token readably.
"""

from __future__ import annotations

import hashlib
import hmac
import logging
import math
import os
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta
from enum import Enum
from functools import cache

from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from starlette.requests import Request
from starlette.responses import Response

from parentrus_sync.hub.hub import Hub
from parentrus_sync.hub.passwords import hash_password, password_matches
from parentrus_sync.hub.storage import SessionRecord

COOKIE = "parentrus_hub_session"
IDLE = timedelta(minutes=60)  # signed out after an hour of nothing
LONGEST = timedelta(hours=10)  # and after a working day, whatever happens
#: "Last seen" is written at most this often: one write a minute, not one a page.
SEEN_EVERY = timedelta(minutes=1)
#: One new session in this many also clears expired ones from the database.
CLEAR_EVERY = 100

log = logging.getLogger(__name__)


class SessionFiles:
    """Invitation files made in one session, by a random id, until it ends: sealed with
    AES-GCM under a key made from the cookie, which the database never holds."""

    def __init__(self, hub: Hub, digest: str, token: str) -> None:
        self._hub = hub
        self._digest = digest
        self._key = hashlib.sha256(b"parentrus-hub session files\n" + token.encode()).digest()

    def __setitem__(self, key: str, value: tuple[str, bytes]) -> None:
        name, content = value
        nonce = os.urandom(12)
        sealed = nonce + AESGCM(self._key).encrypt(nonce, content, key.encode("utf-8"))
        self._hub.storage.add_session_file(self._digest, key, name, sealed)

    def get(self, key: str) -> tuple[str, bytes] | None:
        held = self._hub.storage.session_file(self._digest, key)
        if held is None:
            return None
        name, sealed = held
        content = AESGCM(self._key).decrypt(sealed[:12], sealed[12:], key.encode("utf-8"))
        return name, content


@dataclass
class Session:
    csrf: str
    username: str | None  # None before signing in: the login form needs a token too
    started: datetime
    seen: datetime
    # Invitation files made in this session: the token is never stored readably in the
    # database, only sealed for the download.
    files: SessionFiles


def _digest(token: str) -> str:
    return hashlib.sha256(token.encode("ascii")).hexdigest()


class Sessions:
    """Every open session of the hub, in its database. Each call does storage work: call
    them off the event loop."""

    def __init__(self, hub: Hub) -> None:
        self._hub = hub
        self._started = 0

    def find(self, request: Request) -> Session | None:
        """The request's session, if it has one that has not expired."""
        token = request.cookies.get(COOKIE)
        if not token or len(token) > 100 or not token.isascii():
            return None  # not one of ours (ours are URL-safe base64); never a 500
        now = self._hub.now()
        key = _digest(token)
        held = self._hub.storage.session(key)
        if held is None:
            return None
        if now - held.seen > IDLE or now - held.started > LONGEST:
            self._hub.storage.end_session(key)
            return None
        seen = held.seen
        if now - held.seen >= SEEN_EVERY:
            self._hub.storage.session_seen(key, now)
            seen = now
        return Session(
            held.csrf, held.username, held.started, seen, SessionFiles(self._hub, key, token)
        )

    def start(self, username: str | None) -> tuple[str, Session]:
        """A new session and the cookie value that names it."""
        token = secrets.token_urlsafe(32)
        now = self._hub.now()
        key = _digest(token)
        self._started += 1
        if self._started % CLEAR_EVERY == 0:
            self._hub.storage.forget_sessions(now - IDLE, now - LONGEST)
        record = SessionRecord(key, secrets.token_urlsafe(32), username, now, now)
        self._hub.storage.add_session(record)
        return token, Session(record.csrf, username, now, now, SessionFiles(self._hub, key, token))

    def end(self, request: Request) -> None:
        token = request.cookies.get(COOKIE)
        if token and len(token) <= 100 and token.isascii():
            self._hub.storage.end_session(_digest(token))

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
    wait_seconds: int = 0  # whole seconds, rounded up: the page says it, Retry-After sends it

    @property
    def wait_words(self) -> str:
        """The wait in plain words: seconds under a minute, else whole minutes (rounded up)."""
        if self.wait_seconds < 60:
            return f"{self.wait_seconds} second{'' if self.wait_seconds == 1 else 's'}"
        minutes = math.ceil(self.wait_seconds / 60)
        return f"{minutes} minute{'' if minutes == 1 else 's'}"


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
        return LoginResult(Outcome.WAIT, _seconds(wait_seconds))
    now = hub.now()
    waiting = hub.login_delays.waiting(client, username, now)
    if waiting:
        _log_failure(client, "still waiting after wrong passwords", wait=waiting.total_seconds())
        return LoginResult(Outcome.WAIT, _seconds(waiting.total_seconds()))
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


def _seconds(wait: float) -> int:
    return max(1, math.ceil(wait))
