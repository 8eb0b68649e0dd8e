"""OpenDP's discrete Gaussian: whole numbers around the true counts, with variance σ²."""

from __future__ import annotations

import math
import os
import subprocess
import sys

import pytest

from parentrus_desktop.privacy.dp_noise import BeforeNoise, DiscreteGaussian, noised_counts

# 40,000 draws take about a second. The sample variance v = Σz²/N of N draws of scale σ
# is σ²·χ²_N/N for Gaussian z (the discrete Gaussian is σ²-sub-Gaussian, and its variance,
# summed from its pmf, is σ² to within 3·10⁻⁷ at σ ≥ 1). Laurent & Massart (2000, Lemma 1) with
# x = 20: P(χ²_N − N ≥ 2√(Nx) + 2x) ≤ e^−20 and P(N − χ²_N ≥ 2√(Nx)) ≤ e^−20, i.e. a
# relative deviation of 4.57% / 4.47% at N = 40,000. A 4.6% tolerance therefore fails a
# correct sampler with probability under 2e^−20 ≈ 4·10⁻⁹; a σ off by 2.5% fails it.
DRAWS = 40_000
VARIANCE_TOLERANCE = 0.046
# The mean of N draws has sd σ/√N; 6.4 of those is a two-sided tail of about 2·10⁻¹⁰.
MEAN_TOLERANCE_IN_SE = 6.4


# 4.8: the check-ins' σ in PRIVACY.md. 1.0: where the exact discrete Gaussian (variance
# σ² to within 10⁻⁷) and a continuous Gaussian rounded to integers (σ² + 1/12, 8% more)
# part, so a floating-point sampler in OpenDP's place would fail here.
@pytest.mark.parametrize("sigma", [4.8, 1.0])
def test_noise_is_centred_on_the_true_counts_with_variance_sigma_squared(sigma: float) -> None:
    true = [0, 7, 1000, 3] * (DRAWS // 4)
    noised = noised_counts(true, sigma)
    noise = [n - t for n, t in zip(noised, true, strict=True)]
    mean = math.fsum(noise) / DRAWS
    variance = math.fsum(z * z for z in noise) / DRAWS  # around the known mean, 0
    assert abs(mean) < MEAN_TOLERANCE_IN_SE * sigma / math.sqrt(DRAWS)
    assert variance == pytest.approx(sigma**2, rel=VARIANCE_TOLERANCE)
    assert any(z != 0 for z in noise[:100])  # noise was added, not just passed through


def test_samples_are_whole_numbers_one_per_count() -> None:
    noised = noised_counts([0, 5, 12, 250], 3.4)
    assert len(noised) == 4
    assert all(type(value) is int for value in noised)
    assert noised_counts([], 3.4) == []


def test_noise_refuses_what_is_not_a_count() -> None:
    with pytest.raises(TypeError):
        noised_counts([1.5], 3.4)  # type: ignore[list-item]
    with pytest.raises(TypeError):
        noised_counts([True], 3.4)
    with pytest.raises(ValueError, match="too large"):
        noised_counts([2**40], 3.4)
    with pytest.raises(ValueError, match="scale"):
        noised_counts([1], 0.0)


def test_a_sealed_report_is_noised_and_a_preview_is_not() -> None:
    counts = [0, 7, 1000, 3] * 50
    sealed = DiscreteGaussian().noised(counts, 4.8)
    assert len(sealed) == len(counts) and sealed != counts
    assert BeforeNoise().noised(counts, 4.8) == counts
    with pytest.raises(TypeError):
        BeforeNoise().noised([1.5], 4.8)  # type: ignore[list-item]


def test_two_draws_differ() -> None:
    # Nothing seeds the sampler: a report built twice would not repeat its noise.
    counts = [10] * 200
    assert noised_counts(counts, 4.8) != noised_counts(counts, 4.8)


LAZY = """
import sys
import parentrus_desktop.gui.app
import parentrus_sync.budget as budget
import parentrus_sync.school_plan
import parentrus_desktop.privacy.report
import parentrus_desktop.privacy.dp_noise
assert "opendp" not in sys.modules, "OpenDP was imported at start-up"
budget.epsilon_of(1.0)
assert "opendp" in sys.modules, "the check above could not see OpenDP"
print("lazy")
"""


def test_opendp_is_not_imported_when_the_app_starts() -> None:
    done = subprocess.run(
        [sys.executable, "-c", LAZY],
        capture_output=True,
        text=True,
        check=False,
        env={**os.environ, "QT_QPA_PLATFORM": "offscreen"},
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "lazy"
