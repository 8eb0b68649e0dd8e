"""Slowing down password guesses per address and account, with waits that grow: never a
lock that someone elsewhere could put on the real coordinator.

Kept by the typed username whether or not such an account exists, so an unknown name
waits exactly as a real one does and the answers say nothing about which names exist.
The state is one small record per (address, username): (failures in a row, wait until),
so keeping it in the database later, for several hub processes, is one table with those
two columns and the same ``waiting``/``failed``/``succeeded`` calls.
"""

from __future__ import annotations

import threading
from datetime import datetime, timedelta

#: Wrong passwords in a row from one address for one account before any wait: a
#: coordinator mistyping on a new keyboard never waits.
FREE_TRIES = 3
#: The first wait, doubled after each further wrong password, up to ``LONGEST``.
FIRST_WAIT = timedelta(seconds=2)
LONGEST = timedelta(minutes=15)
#: Records kept at once, so guesses from many addresses cannot fill memory; forgetting
#: the oldest only ever lets someone try early, never locks anyone out.
LARGEST = 10_000


def wait_after(failures: int) -> timedelta:
    """How long an address waits for an account after ``failures`` wrong passwords in a row."""
    if failures <= FREE_TRIES:
        return timedelta(0)
    doublings = min(failures - FREE_TRIES - 1, 20)  # 2**20 × 2 s is far past the longest
    return min(FIRST_WAIT * (1 << doublings), LONGEST)


class LoginDelays:
    """Wrong passwords in a row and the wait they earned, per (address, username)."""

    def __init__(self) -> None:
        self._held: dict[tuple[str, str], tuple[int, datetime]] = {}
        self._lock = threading.Lock()

    @staticmethod
    def _key(address: str, username: str) -> tuple[str, str]:
        return address, username.casefold()

    def waiting(self, address: str, username: str, now: datetime) -> timedelta:
        """How long this address must still wait before trying this account; zero to go."""
        with self._lock:
            held = self._held.get(self._key(address, username))
        if held is None or held[1] <= now:
            return timedelta(0)
        return held[1] - now

    def failed(self, address: str, username: str, now: datetime) -> tuple[int, timedelta]:
        """Count a wrong password; (failures in a row, the wait it earned)."""
        key = self._key(address, username)
        with self._lock:
            failures = self._held.pop(key, (0, now))[0] + 1
            wait = wait_after(failures)
            if len(self._held) >= LARGEST:
                del self._held[next(iter(self._held))]
            self._held[key] = (failures, now + wait)
        return failures, wait

    def succeeded(self, address: str, username: str) -> None:
        with self._lock:
            self._held.pop(self._key(address, username), None)
