"""Slowing down password guesses per address and account, with waits that grow: never a
lock that someone elsewhere could put on the real coordinator.

Kept by the typed username whether or not such an account exists, so an unknown name
waits exactly as a real one does and the answers say nothing about which names exist.
The state is one row per (address, username) in the hub's ``limits`` table (failures in a
row, and when the wait ends), so every hub process on one database counts the same
guesses. The row is named by a digest of the address and the name: a password typed into
the name box is never kept.
"""

from __future__ import annotations

import hashlib
from datetime import datetime, timedelta

from parentrus_sync.hub.storage import Storage

#: Wrong passwords in a row from one address for one account before any wait: a
#: coordinator mistyping on a new keyboard never waits.
FREE_TRIES = 3
#: The first wait, doubled after each further wrong password, up to ``LONGEST``.
FIRST_WAIT = timedelta(seconds=2)
LONGEST = timedelta(minutes=15)
KIND = "sign-in-waits"


def wait_after(failures: int) -> timedelta:
    """How long an address waits for an account after ``failures`` wrong passwords in a row."""
    if failures <= FREE_TRIES:
        return timedelta(0)
    doublings = min(failures - FREE_TRIES - 1, 20)  # 2**20 × 2 s is far past the longest
    return min(FIRST_WAIT * (1 << doublings), LONGEST)


class LoginDelays:
    """Wrong passwords in a row and the wait they earned, per (address, username)."""

    def __init__(self, storage: Storage) -> None:
        self._storage = storage

    @staticmethod
    def _key(address: str, username: str) -> str:
        named = f"{address}\n{username.casefold()}".encode("utf-8", "replace")
        return hashlib.sha256(named).hexdigest()

    def waiting(self, address: str, username: str, now: datetime) -> timedelta:
        """How long this address must still wait before trying this account; zero to go."""
        held = self._storage.failures(KIND, self._key(address, username))
        if held is None or held[1] <= now:
            return timedelta(0)
        return held[1] - now

    def failed(self, address: str, username: str, now: datetime) -> tuple[int, timedelta]:
        """Count a wrong password; (failures in a row, the wait it earned)."""
        failures, until = self._storage.count_failure(
            KIND, self._key(address, username), now, wait_after
        )
        return failures, until - now

    def succeeded(self, address: str, username: str) -> None:
        self._storage.forget_limit(KIND, self._key(address, username))
