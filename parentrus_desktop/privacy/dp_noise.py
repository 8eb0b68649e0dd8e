"""Discrete Gaussian noise on integer counts, drawn by OpenDP (imported on first use only).

OpenDP samples the exact discrete Gaussian with integer arithmetic from the operating
system's secure randomness; there is no floating-point inversion sampler of ours here.
Unlike noise.py's seeded noise, a draw cannot be repeated: a report is built once, when
its period closes, and sealed in the outbox, so it is never drawn twice.
"""

from __future__ import annotations

from collections.abc import Sequence

from parentrus_desktop.privacy._opendp import gaussian_on_integer_vectors

# OpenDP's integer atom is a 32-bit signed integer; counts of families and sessions
# are far below this, and a count beyond it is a bug, not data.
_LARGEST_COUNT = 2**31 - 1


def noised_counts(counts: Sequence[int], sigma: float) -> list[int]:
    """Each count plus independent discrete Gaussian noise of scale σ (whole numbers)."""
    values = list(counts)
    for value in values:
        if isinstance(value, bool) or not isinstance(value, int):
            raise TypeError("counts are whole numbers")
        if abs(value) > _LARGEST_COUNT:
            raise ValueError("a count is too large to be noised")
    if not values:
        return []
    mechanism = gaussian_on_integer_vectors(sigma, distance=int)
    noised = mechanism(values)
    return [int(value) for value in noised]
