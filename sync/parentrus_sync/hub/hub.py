"""The running hub: its storage, signing key, clock, address and rate limiters, in one place."""

from __future__ import annotations

import ipaddress
import threading
import time
from collections.abc import Callable
from datetime import UTC, date, datetime
from typing import Protocol

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from parentrus_sync.hub.login_delays import LoginDelays
from parentrus_sync.hub.storage import Storage
from parentrus_sync.hub.tarpit import Tarpit
from parentrus_sync.protocol import (
    check_hub_address,
    encode_bytes,
    fingerprint,
    public_key_bytes,
)


class Limiter(Protocol):
    """A rate limit: ``RateLimiter`` in this process's memory, or ``StoredLimiter``."""

    def take(self, client: str) -> int: ...


def utc_now() -> datetime:
    """The real clock, timezone-aware UTC; tests pass their own to ``Hub``."""
    return datetime.now(UTC)


class RateLimiter:
    """A token bucket per client address: ``burst`` at once, then ``per_minute``."""

    def __init__(
        self,
        per_minute: float,
        burst: int,
        *,
        monotonic: Callable[[], float] = time.monotonic,
        largest_clients: int = 10_000,
    ) -> None:
        self.rate = per_minute / 60.0
        self.burst = float(burst)
        self._monotonic = monotonic
        self._largest = largest_clients
        self._buckets: dict[str, tuple[float, float]] = {}  # client -> (tokens, when)
        self._lock = threading.Lock()

    def take(self, client: str) -> int:
        """0 if the client may go ahead now (a token is taken); otherwise the whole
        seconds to wait, for a Retry-After header."""
        now = self._monotonic()
        with self._lock:
            tokens, when = self._buckets.get(client, (self.burst, now))
            tokens = min(self.burst, tokens + (now - when) * self.rate)
            if tokens >= 1.0:
                self._remember(client, (tokens - 1.0, now))
                return 0
            self._remember(client, (tokens, now))
            return max(1, int((1.0 - tokens) / self.rate + 0.999))

    def waiting(self, client: str) -> int:
        """``take``'s answer without taking a turn: 0 if the client has one."""
        now = self._monotonic()
        with self._lock:
            tokens, when = self._buckets.get(client, (self.burst, now))
            tokens = min(self.burst, tokens + (now - when) * self.rate)
        return 0 if tokens >= 1.0 else max(1, int((1.0 - tokens) / self.rate + 0.999))

    def _remember(self, client: str, bucket: tuple[float, float]) -> None:
        # Many addresses at once (a scan) must not grow memory without end: forgetting
        # the oldest only ever lets a client through early, never locks anyone out.
        if client not in self._buckets and len(self._buckets) >= self._largest:
            del self._buckets[next(iter(self._buckets))]
        self._buckets[client] = bucket


class StoredLimiter:
    """``RateLimiter`` kept in the hub's database (its ``limits`` table, on the database's
    clock), so every worker and every hub process on one database counts as one."""

    #: Seen in the API: a stored limiter does storage work, so it runs off the event loop.
    blocking = True
    #: One call in this many also clears rows that have long had nothing to hold.
    CLEAR_EVERY = 1000

    def __init__(self, storage: Storage, kind: str, per_minute: float, burst: int) -> None:
        self.storage = storage
        self.kind = kind
        self.rate = per_minute / 60.0
        self.burst = float(burst)
        self._per_minute = per_minute
        self._calls = 0
        # The same bucket in this process's memory, asked first: a client that this process
        # alone has passed on a burst's worth of requests lately is over the limit of all
        # processes together, and is refused with no thread and no database write (a flood
        # of junk then costs the event loop a little, not the database; bench/hub_bench.py).
        self.here = RateLimiter(per_minute, burst)

    def take(self, client: str) -> int:
        """0 if the client may go ahead now (a turn is taken); otherwise the whole
        seconds to wait, for a Retry-After header."""
        return self.here.take(client) or self.take_stored(client)

    def take_stored(self, client: str) -> int:
        """``take`` in the database alone (after ``here`` let the client through)."""
        self._calls += 1
        if self._calls % self.CLEAR_EVERY == 0:
            self.storage.forget_limits(time.time() - 86_400)
        wait = self.storage.take_turn(self.kind, client, self._per_minute, int(self.burst))
        return 0 if wait <= 0 else max(1, int(wait + 0.999))


def address_key(host: str) -> str:
    """The address a client's limits are kept under: an IPv6 address as its /64, since
    anyone given one address is given the whole /64 (2^64 addresses) and could otherwise
    send each request from a new one; an IPv4 address in IPv6 form as plain IPv4."""
    try:
        address = ipaddress.ip_address(host)
    except ValueError:
        return host
    if isinstance(address, ipaddress.IPv6Address):
        if address.ipv4_mapped is not None:
            return str(address.ipv4_mapped)
        return str(ipaddress.IPv6Network((address.packed, 64), strict=False))
    return str(address)


def is_loopback_http(address: str) -> bool:
    """Whether the address is plain HTTP to this computer (tests and demos only)."""
    return address.startswith("http://")


class Hub:
    """What every part of the hub shares: the API, the coordinator's pages and the CLI."""

    def __init__(
        self,
        storage: Storage,
        key: Ed25519PrivateKey,
        *,
        address: str,
        clock: Callable[[], datetime] = utc_now,
        enrol_limiter: Limiter | None = None,
        login_limiter: Limiter | None = None,
        address_limiter: Limiter | None = None,
        device_limiter: Limiter | None = None,
        page_limiter: RateLimiter | None = None,
    ) -> None:
        self.storage = storage
        self.key = key
        # Refuses http:// to anything but this computer, as the laptop will.
        self.address = check_hub_address(address)
        self.clock = clock
        # Enrolment guesses tokens and login guesses passwords: both are slowed per address.
        # A school enrols a whole class of laptops at once from behind one address, and a
        # token has 60 random bits, so enrolment allows far more than login does.
        # Each kept in the database unless a test gives its own.
        self.enrol_limiter: Limiter = enrol_limiter or StoredLimiter(storage, "enrol", 60, 60)
        self.login_limiter: Limiter = login_limiter or StoredLimiter(storage, "sign-in", 5, 5)
        # Every API request counts against its address: a school's fifty laptops behind one
        # router each ask a few things at nine o'clock (a burst of 300), but a sender of
        # junk gets five a second at most. A laptop's own reports, once signed by it, count
        # against the laptop too: a year of months and terms at once, then one a few seconds.
        self.address_limiter: Limiter = address_limiter or StoredLimiter(
            storage, "address", 300, 300
        )
        self.device_limiter: Limiter = device_limiter or StoredLimiter(storage, "laptop", 30, 30)
        self._refusals: tuple[Limiter, RateLimiter] | None = None
        # Everything but the API (the coordinator's pages, their static files, and any
        # address that is not there) per address, in this process's memory: a page and its
        # files are a dozen requests, so a coordinator never meets it, but a flood of 404s
        # (3,174 a second) is answered 429 and held back (app.py).
        self.page_limiter = page_limiter or RateLimiter(600, 120)
        # A report from a known laptop skips its address's refusals (api.py) unless one
        # naming that laptop was refused from that address lately: a forgery naming a
        # real laptop is then checked once a minute, not as often as it is sent.
        self.laptop_refusals = RateLimiter(1, 1)
        # Answers to an address refused too often are held back (tarpit.py).
        self.tarpit = Tarpit()
        # Wrong passwords per address and account, with waits that grow (no lock).
        self.login_delays = LoginDelays(storage)

    @property
    def refusal_limiter(self) -> RateLimiter | None:
        """Refusals per address, in this process's memory: a sender of junk is refused by
        the checks a burst of times, then answered 429 before any check (no thread, no
        database, no body read) but for a few a minute; laptops are all but never refused.
        Ten a minute and a burst of ten (with the default address limit of 300: a
        thirtieth of it), made for the stored limit only: that is the limit that holds
        across processes, this one only saves work (bench/hub_bench.py). A laptop that is
        refused (an old invitation, a school gone) tries again minutes apart, not ten
        times in a minute; a burst of sixty let 32 senders of junk through to the checks
        some two thousand times in their first minute."""
        limiter = self.address_limiter
        if not isinstance(limiter, StoredLimiter):
            return None
        if self._refusals is None or self._refusals[0] is not limiter:
            per_minute = limiter.rate * 60
            self._refusals = (limiter, RateLimiter(per_minute / 30, max(1, int(per_minute / 30))))
        return self._refusals[1]

    @property
    def secure_cookies(self) -> bool:
        """Cookies only over HTTPS, unless the hub runs over plain HTTP on loopback."""
        return not is_loopback_http(self.address)

    @property
    def public_key(self) -> bytes:
        return public_key_bytes(self.key)

    @property
    def public_key_text(self) -> str:
        """The hub's public key as sent in ``hello`` and enrolment answers."""
        return encode_bytes(self.public_key)

    @property
    def fingerprint(self) -> str:
        return fingerprint(self.public_key)

    def now(self) -> datetime:
        """The hub's clock, always timezone-aware UTC."""
        moment = self.clock()
        if moment.tzinfo is None:
            raise ValueError("The hub's clock must give timezone-aware times.")
        return moment.astimezone(UTC)

    def today(self) -> date:
        return self.now().date()
