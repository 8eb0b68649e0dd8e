"""A growing wait after repeated wrong passphrases, against guessing at a shared laptop.

Someone with a copy of the file is slowed by Argon2id instead; this is for the
person at the keyboard. A locked profile cannot be written, so the times of wrong tries
are also kept beside it, in ``<profile>-tries`` (times only, owner-only): the next unlock
seals them into the activity log and deletes the file, even when the tries were made in
another run of the app or of parentrus-admin, and the wait grows across those runs too.
"""

from __future__ import annotations

import contextlib
import os
import time
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path

FREE_TRIES = 3
LONGEST_WAIT_SECONDS = 30.0
#: Wrong passphrases remembered, with their time, for the activity log at the next unlock.
MOST_REMEMBERED_FAILURES = 50
#: Wrong tries this recent, kept beside the profile, count towards the wait.
_RECENT = timedelta(hours=1)
TRIES_SUFFIX = "-tries"


def tries_file(profile: str) -> Path | None:
    """Where the wrong tries of a profile file are kept; None for anything else (a name
    in a test, a file not in a data folder): nothing is written then."""
    path = Path(profile)
    if path.suffix != ".parentrus" or not path.parent.is_dir():
        return None
    return path.with_name(path.name + TRIES_SUFFIX)


def _kept_tries(profile: str) -> list[datetime]:
    file = tries_file(profile)
    if file is None:
        return []
    found = []
    with contextlib.suppress(OSError):
        for line in file.read_text(encoding="ascii").splitlines()[-MOST_REMEMBERED_FAILURES:]:
            with contextlib.suppress(ValueError):
                found.append(datetime.fromisoformat(line.strip()))
    return found


def _keep_try(profile: str, when: datetime) -> None:
    file = tries_file(profile)
    if file is None:
        return
    with contextlib.suppress(OSError):  # a full disk never stops an unlock screen
        fd = os.open(file, os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o600)
        with os.fdopen(fd, "a", encoding="ascii") as out:
            out.write(when.isoformat() + "\n")


class UnlockThrottle:
    """Counts failures per profile and says how long to wait before the next try."""

    def __init__(self, clock: Callable[[], float] = time.monotonic) -> None:
        self._clock = clock
        self._failures: dict[str, int] = {}
        self._not_before: dict[str, float] = {}
        self._failed_at: dict[str, list[datetime]] = {}
        #: When the right passphrase was last typed here: kept tries before it no longer
        #: make anyone wait (they stay in the file until the activity log takes them).
        self._cleared: dict[str, datetime] = {}

    def failed(self, profile: str) -> None:
        # The time, on the wall clock, for the activity log: the vault cannot be written
        # before it is unlocked, so these wait here (in memory) for the next unlock.
        now = datetime.now(UTC)
        failed_at = self._failed_at.setdefault(profile, [])
        failed_at.append(now)
        del failed_at[:-MOST_REMEMBERED_FAILURES]
        _keep_try(profile, now)
        # Tries kept beside the profile by other runs count too: a guesser who starts the
        # admin tool once per guess still waits longer each time.
        recent = self._recent_kept(profile, now)
        count = max(self._failures.get(profile, 0) + 1, len(recent))
        self._failures[profile] = count
        if count >= FREE_TRIES:
            # Cap the exponent before raising 2 to it, or a patient guesser overflows it.
            wait = min(LONGEST_WAIT_SECONDS, 2.0 ** min(count - FREE_TRIES, 16))
            self._not_before[profile] = self._clock() + wait

    def succeeded(self, profile: str) -> None:
        self._failures.pop(profile, None)
        self._not_before.pop(profile, None)
        self._cleared[profile] = datetime.now(UTC)

    def _recent_kept(self, profile: str, now: datetime) -> list[datetime]:
        cleared = self._cleared.get(profile)
        return sorted(
            t
            for t in _kept_tries(profile)
            if now - t < _RECENT and (cleared is None or t > cleared)
        )

    def wait_seconds(self, profile: str) -> float:
        """How long until the next try is allowed (0 when it is allowed now): after this
        run's wrong tries, or those kept beside the profile by an earlier run."""
        here = max(0.0, self._not_before.get(profile, 0.0) - self._clock())
        now = datetime.now(UTC)
        recent = self._recent_kept(profile, now)
        if len(recent) < FREE_TRIES:
            return here
        wait = min(LONGEST_WAIT_SECONDS, 2.0 ** min(len(recent) - FREE_TRIES, 16))
        elsewhere = (recent[-1] + timedelta(seconds=wait) - now).total_seconds()
        return max(here, elsewhere, 0.0)

    def failures(self, profile: str) -> int:
        return self._failures.get(profile, 0)

    def take_failed_times(self, profile: str) -> list[datetime]:
        """When the wrong passphrases since the last time this was asked were typed (at
        most the last MOST_REMEMBERED_FAILURES), in this run or kept beside the profile
        by another; forgotten once given (the file is deleted)."""
        here = self._failed_at.pop(profile, [])
        kept = _kept_tries(profile)
        file = tries_file(profile)
        if file is not None:
            file.unlink(missing_ok=True)
        return sorted(set(here) | set(kept))[-MOST_REMEMBERED_FAILURES:]
