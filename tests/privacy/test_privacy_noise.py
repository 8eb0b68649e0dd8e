"""The noise: the mean and variance that ε implies, reproducible from the secret."""

from __future__ import annotations

import math
import statistics

import pytest

from parentrus_desktop.privacy.noise import NoiseSource, geometric_alpha, noise_variance

SECRET = bytes(range(32))
DRAWS = 40_000


@pytest.mark.parametrize(("epsilon", "sensitivity"), [(1.0, 1), (0.5, 1), (1.0, 4), (2.0, 1)])
def test_noise_has_the_mean_and_variance_epsilon_implies(epsilon: float, sensitivity: int) -> None:
    source = NoiseSource(SECRET)
    draws = [source.noise(f"cell {n}", epsilon, sensitivity) for n in range(DRAWS)]
    variance = noise_variance(epsilon, sensitivity)
    standard_error_of_mean = math.sqrt(variance / DRAWS)
    # Tolerance: 4 standard errors for the mean; 5% for the variance (its own standard
    # error is under 1.5% at these sizes, so a failure means a real error).
    assert abs(statistics.fmean(draws)) < 4 * standard_error_of_mean
    assert statistics.pvariance(draws) == pytest.approx(variance, rel=0.05)
    assert all(isinstance(d, int) for d in draws)


def test_noise_follows_the_two_sided_geometric_shape() -> None:
    source = NoiseSource(SECRET)
    alpha = geometric_alpha(1.0, 1)
    draws = [source.noise(f"shape {n}", 1.0, 1) for n in range(DRAWS)]
    for value in (-2, -1, 0, 1, 2):
        expected = (1 - alpha) / (1 + alpha) * alpha ** abs(value)
        observed = draws.count(value) / DRAWS
        assert observed == pytest.approx(expected, abs=4 * math.sqrt(expected / DRAWS))


def test_the_same_secret_and_label_give_the_same_noise() -> None:
    first, again = NoiseSource(SECRET), NoiseSource(SECRET)
    labels = [f"school A|2026-11|sessions_by_kind|{n}" for n in range(50)]
    assert [first.noise(x, 1.0, 3) for x in labels] == [again.noise(x, 1.0, 3) for x in labels]
    other = NoiseSource(bytes(reversed(range(32))))
    assert [first.noise(x, 1.0, 3) for x in labels] != [other.noise(x, 1.0, 3) for x in labels]


def test_bad_parameters_are_refused() -> None:
    with pytest.raises(ValueError, match="at least 32 bytes"):
        NoiseSource(b"short")
    with pytest.raises(ValueError, match="positive"):
        NoiseSource(SECRET).noise("x", 0.0, 1)


def test_noise_beyond_the_limit_is_drawn_again_and_stays_symmetric() -> None:
    source = NoiseSource(SECRET)
    # A limit of 3 at a scale where draws beyond it are common (P(|Z| > 3) is about 0.5).
    draws = [source.noise(f"limited {n}", 0.3, 1, limit=3) for n in range(DRAWS)]
    assert max(draws) == 3 and min(draws) == -3
    assert abs(statistics.fmean(draws)) < 4 * statistics.pstdev(draws) / math.sqrt(DRAWS)
    # Within the limit the shape is the same geometric one, renormalised.
    alpha = geometric_alpha(0.3, 1)
    kept = sum(alpha ** abs(z) for z in range(-3, 4))
    for value in range(-3, 4):
        expected = alpha ** abs(value) / kept
        observed = draws.count(value) / DRAWS
        assert observed == pytest.approx(expected, abs=4 * math.sqrt(expected / DRAWS))


def test_a_limit_far_out_changes_nothing_that_was_within_it() -> None:
    source = NoiseSource(SECRET)
    labels = [f"far {n}" for n in range(2000)]
    assert [source.noise(x, 1.0, 1, limit=25) for x in labels] == [
        source.noise(x, 1.0, 1) for x in labels
    ]
