"""A growing wait after repeated wrong passphrases, against guessing at a shared laptop.

Someone with a copy of the file is slowed by Argon2id instead; this is for the
person at the keyboard. The count lives in memory: it never writes to the profile.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from datetime import UTC, datetime

FREE_TRIES = 3
LONGEST_WAIT_SECONDS = 30.0
#: Wrong passphrases remembered, with their time, for the activity log at the next unlock.
MOST_REMEMBERED_FAILURES = 50


class UnlockThrottle:
    """Counts failures per profile and says how long to wait before the next try."""

    def __init__(self, clock: Callable[[], float] = time.monotonic) -> None:
        self._clock = clock
        self._failures: dict[str, int] = {}
        self._not_before: dict[str, float] = {}
        self._failed_at: dict[str, list[datetime]] = {}

    def failed(self, profile: str) -> None:
        # The time, on the wall clock, for the activity log: the vault cannot be written
        # before it is unlocked, so these wait here (in memory) for the next unlock.
        failed_at = self._failed_at.setdefault(profile, [])
        failed_at.append(datetime.now(UTC))
        del failed_at[:-MOST_REMEMBERED_FAILURES]
        count = self._failures.get(profile, 0) + 1
        self._failures[profile] = count
        if count >= FREE_TRIES:
            # Cap the exponent before raising 2 to it, or a patient guesser overflows it.
            wait = min(LONGEST_WAIT_SECONDS, 2.0 ** min(count - FREE_TRIES, 16))
            self._not_before[profile] = self._clock() + wait

    def succeeded(self, profile: str) -> None:
        self._failures.pop(profile, None)
        self._not_before.pop(profile, None)

    def wait_seconds(self, profile: str) -> float:
        """How long until the next try is allowed (0 when it is allowed now)."""
        return max(0.0, self._not_before.get(profile, 0.0) - self._clock())

    def failures(self, profile: str) -> int:
        return self._failures.get(profile, 0)

    def take_failed_times(self, profile: str) -> list[datetime]:
        """When the wrong passphrases since the last time this was asked were typed (at
        most the last MOST_REMEMBERED_FAILURES), forgotten once given."""
        return self._failed_at.pop(profile, [])
