"""Noise for a report's counts: the discrete Gaussian, drawn by OpenDP.

OpenDP samples the exact discrete Gaussian with integer arithmetic from the operating
system's secure randomness; there is no floating-point inversion sampler of ours here.
A draw cannot be repeated: a report is built once, when its period closes, and sealed
in the outbox, so it is never drawn twice. A preview of a period not yet closed shows
the counts before noise (``BeforeNoise``), and says so.
"""

from __future__ import annotations

import secrets
from collections.abc import Sequence
from typing import Protocol

from parentrus_sync._opendp import gaussian_on_integer_vectors

# OpenDP's integer atom is a 32-bit signed integer; counts of families and sessions
# are far below this, and a count beyond it is a bug, not data.
_LARGEST_COUNT = 2**31 - 1
#: A preview's id: a preview is never sent, and is the same each time it is shown.
PREVIEW_NONCE = "0" * 32


class Noise(Protocol):
    """What a report's counts get before they leave the laptop."""

    def noised(self, counts: Sequence[int], sigma: float) -> list[int]: ...

    def nonce(self) -> str:
        """The report's random id: two laptops whose noised numbers happen to match still
        send two reports (the hub counts identical content once), and the same report
        signed again after reconnecting keeps it."""
        ...


def _checked(counts: Sequence[int]) -> list[int]:
    values = list(counts)
    for value in values:
        if isinstance(value, bool) or not isinstance(value, int):
            raise TypeError("counts are whole numbers")
        if abs(value) > _LARGEST_COUNT:
            raise ValueError("a count is too large to be noised")
    return values


def noised_counts(counts: Sequence[int], sigma: float) -> list[int]:
    """Each count plus independent discrete Gaussian noise of scale σ (whole numbers)."""
    values = _checked(counts)
    if not values:
        return []
    mechanism = gaussian_on_integer_vectors(sigma, distance=int)
    noised = mechanism(values)
    return [int(value) for value in noised]


class DiscreteGaussian:
    """The noise every sealed report gets."""

    def noised(self, counts: Sequence[int], sigma: float) -> list[int]:
        return noised_counts(counts, sigma)

    def nonce(self) -> str:
        return secrets.token_hex(16)


class BeforeNoise:
    """No noise: the counts as they stand, for a preview of a period not yet closed
    (the mentor knows them anyway; the school never sees them)."""

    def noised(self, counts: Sequence[int], sigma: float) -> list[int]:
        return _checked(counts)

    def nonce(self) -> str:
        return PREVIEW_NONCE
