"""Two-sided geometric (discrete Laplace) noise from a secret, so a report is reproducible.

For a total with sensitivity Δ (how much one privacy unit can change it) and budget ε,
the noise Z has P(Z = z) ∝ α^|z| with α = exp(-ε/Δ): the discrete counterpart of
Laplace noise, which gives ε-differential privacy for integer totals. Z is drawn as the
difference of two geometric variables, and drawn again if it falls beyond a limit of
many noise scales (``report_shape.noise_limit``): the rare far draw would otherwise be
a report the hub must refuse. Drawing again keeps the noise symmetric, so sums stay
unbiased; what it costs in privacy is the tiny δ each report states.

The randomness comes from HMAC-SHA256 of a secret kept sealed in the vault, keyed by
what is being noised (school, period, breakdown, cell). The same report built twice is
therefore the same report, so re-sending it reveals nothing new, and nobody without
the secret can predict or remove the noise.
"""

from __future__ import annotations

import hashlib
import hmac
import math

_UNIFORM_BITS = 53  # what a double holds exactly
_SCALE = float(1 << _UNIFORM_BITS)


def geometric_alpha(epsilon: float, sensitivity: int) -> float:
    if not epsilon > 0 or sensitivity < 1:
        raise ValueError("epsilon must be positive and sensitivity at least 1")
    return math.exp(-epsilon / sensitivity)


def noise_variance(epsilon: float, sensitivity: int) -> float:
    """The variance of the two-sided geometric noise: 2α / (1 − α)²."""
    alpha = geometric_alpha(epsilon, sensitivity)
    return 2 * alpha / (1 - alpha) ** 2


class NoiseSource:
    """Deterministic noise from a secret: one independent draw per distinct label."""

    def __init__(self, secret: bytes) -> None:
        if len(secret) < 32:
            raise ValueError("the noise secret must be at least 32 bytes")
        self._secret = secret

    def _uniform(self, label: str, draw: int) -> float:
        """A uniform number in (0, 1], from HMAC(secret, label, draw)."""
        digest = hmac.new(self._secret, f"{label}\x1f{draw}".encode(), hashlib.sha256).digest()
        bits = int.from_bytes(digest[:8], "big") >> (64 - _UNIFORM_BITS)
        return (bits + 1) / _SCALE

    def _geometric(self, label: str, draw: int, alpha: float) -> int:
        """Failures before a success, P(k) = (1 − α) α^k, by inverting its distribution."""
        return math.floor(math.log(self._uniform(label, draw)) / math.log(alpha))

    def noise(self, label: str, epsilon: float, sensitivity: int, limit: int | None = None) -> int:
        """Integer noise for the total named by ``label``, within ± ``limit`` if given."""
        alpha = geometric_alpha(epsilon, sensitivity)
        draw = 0
        while True:
            value = self._geometric(label, draw, alpha) - self._geometric(label, draw + 1, alpha)
            if limit is None or abs(value) <= limit:
                return value
            draw += 2
