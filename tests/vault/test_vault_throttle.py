"""The unlock throttle: free tries, then a doubling wait capped at thirty seconds."""

from __future__ import annotations

import pytest

from parentrus_desktop.vault.throttle import FREE_TRIES, LONGEST_WAIT_SECONDS, UnlockThrottle


class FakeClock:
    """A clock that only moves when the test says so."""

    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


@pytest.fixture
def clock() -> FakeClock:
    """A stopped clock the test advances by hand."""
    return FakeClock()


@pytest.fixture
def throttle(clock: FakeClock) -> UnlockThrottle:
    """A throttle reading the fake clock."""
    return UnlockThrottle(clock=clock)


def test_nothing_to_wait_for_at_first(throttle: UnlockThrottle) -> None:
    assert throttle.wait_seconds("amina") == 0.0
    assert throttle.failures("amina") == 0


def test_the_first_two_failures_are_free(throttle: UnlockThrottle) -> None:
    assert FREE_TRIES == 3
    throttle.failed("amina")
    assert throttle.wait_seconds("amina") == 0.0
    throttle.failed("amina")
    assert throttle.wait_seconds("amina") == 0.0
    assert throttle.failures("amina") == 2


def test_the_wait_doubles_then_stops_at_thirty_seconds(throttle: UnlockThrottle) -> None:
    waits = []
    for _ in range(12):
        throttle.failed("amina")
        waits.append(throttle.wait_seconds("amina"))
    assert waits == [0.0, 0.0, 1.0, 2.0, 4.0, 8.0, 16.0, 30.0, 30.0, 30.0, 30.0, 30.0]
    assert LONGEST_WAIT_SECONDS == 30.0
    assert throttle.failures("amina") == 12


def test_the_wait_runs_down_with_the_clock(throttle: UnlockThrottle, clock: FakeClock) -> None:
    for _ in range(5):
        throttle.failed("amina")
    assert throttle.wait_seconds("amina") == 4.0
    clock.now += 1.5
    assert throttle.wait_seconds("amina") == 2.5
    clock.now += 2.5
    assert throttle.wait_seconds("amina") == 0.0
    clock.now += 100.0
    assert throttle.wait_seconds("amina") == 0.0  # never negative
    # Time passing does not forgive: the next failure waits longer still.
    throttle.failed("amina")
    assert throttle.wait_seconds("amina") == 8.0


def test_the_wait_counts_from_the_latest_failure(
    throttle: UnlockThrottle, clock: FakeClock
) -> None:
    for _ in range(3):
        throttle.failed("amina")
    clock.now += 0.25
    throttle.failed("amina")
    assert throttle.wait_seconds("amina") == 2.0


def test_success_starts_again(throttle: UnlockThrottle) -> None:
    for _ in range(6):
        throttle.failed("amina")
    assert throttle.wait_seconds("amina") == 8.0
    throttle.succeeded("amina")
    assert throttle.wait_seconds("amina") == 0.0
    assert throttle.failures("amina") == 0
    throttle.failed("amina")
    throttle.failed("amina")
    assert throttle.wait_seconds("amina") == 0.0
    throttle.failed("amina")
    assert throttle.wait_seconds("amina") == 1.0


def test_success_without_failures_is_harmless(throttle: UnlockThrottle) -> None:
    throttle.succeeded("nobody")
    assert throttle.failures("nobody") == 0
    assert throttle.wait_seconds("nobody") == 0.0


def test_profiles_are_counted_apart(throttle: UnlockThrottle) -> None:
    for _ in range(5):
        throttle.failed("amina")
    throttle.failed("yusuf")
    assert throttle.wait_seconds("amina") == 4.0
    assert throttle.wait_seconds("yusuf") == 0.0
    assert throttle.failures("yusuf") == 1
    throttle.failed("yusuf")
    throttle.failed("yusuf")
    assert throttle.wait_seconds("yusuf") == 1.0
    throttle.succeeded("yusuf")
    assert throttle.wait_seconds("amina") == 4.0
    assert throttle.failures("amina") == 5


def test_throttles_do_not_share_counts(clock: FakeClock) -> None:
    first, second = UnlockThrottle(clock=clock), UnlockThrottle(clock=clock)
    for _ in range(4):
        first.failed("amina")
    assert first.wait_seconds("amina") == 2.0
    assert second.wait_seconds("amina") == 0.0


def test_the_default_clock_is_monotonic_time() -> None:
    throttle = UnlockThrottle()
    for _ in range(FREE_TRIES):
        throttle.failed("amina")
    assert 0.0 < throttle.wait_seconds("amina") <= 1.0


def test_many_failures_still_wait_thirty_seconds(
    throttle: UnlockThrottle, clock: FakeClock
) -> None:
    # 2.0 ** 1024 overflows a float: the exponent must be capped before it is raised.
    for count in range(1, 5001):
        throttle.failed("amina")
        if count in (1026, 1027, 1100, 5000):
            assert throttle.wait_seconds("amina") == LONGEST_WAIT_SECONDS
    assert throttle.failures("amina") == 5000
    clock.now += LONGEST_WAIT_SECONDS
    assert throttle.wait_seconds("amina") == 0.0
    throttle.failed("amina")
    assert throttle.wait_seconds("amina") == LONGEST_WAIT_SECONDS
