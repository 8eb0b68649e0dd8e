"""Auditing report format 2 the way an observer would attack it, and the family that
moves a report most.

The observer knows two record sets that differ by one family (``without_family``), so it
knows both sets' true counts, and sees the report's σ. Noise is the discrete Gaussian,
whose probabilities are proportional to exp(−(z − count)² / 2σ²) with a normaliser that
does not move when the count moves by a whole number. So the log-likelihood ratio of
"with the family" against "without" is, exactly,

    Σ over cells (z − without)·(with − without)/σ_b²  −  Σ_b ‖with_b − without_b‖² / 2σ_b²

(``likelihood_statistic`` is its first sum; the second is the pair's ρ, ``report_rho``).
A threshold on it is the most powerful test there is (Neyman–Pearson). Under either
record set it is a weighted sum of independent discrete Gaussians: a normal shift
family, N(±ρ, 2ρ) for a correct mechanism, so two record sets are as far apart as μ
standard deviations with μ = √(2ρ), i.e. μ-Gaussian DP, whose exact (ε, δ) curve is
``gaussian_epsilon``. ``separation`` measures μ from reports.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, time, timedelta
from typing import Any

import numpy as np
from numpy.typing import NDArray
from parentrus_sync.periods import Period, PeriodKind
from parentrus_sync.report_shape import BY_NAME, caps_for
from scipy.optimize import brentq
from scipy.stats import norm

from parentrus_desktop.domain import (
    Celebration,
    CheckIn,
    Child,
    Consent,
    Family,
    FollowUp,
    Record,
    Referral,
    Session,
    new_record_id,
)
from parentrus_desktop.domain.vocabulary import (
    ActionOwner,
    AgencyCategory,
    Barrier,
    CelebrationCategory,
    CheckInQuestion,
    ConsentMethod,
    ConsentScope,
    NonAttendanceReason,
    SessionKind,
    SessionStatus,
    Topic,
    VenueCategory,
)
from parentrus_desktop.privacy.dp_noise import DiscreteGaussian, Noise

Counts = Mapping[str, Mapping[str, int]]  # breakdown -> cell -> count


# --- neighbours --------------------------------------------------------------------------


def without_family(records: Iterable[Record], family_id: str) -> list[Record]:
    """The records as they would be had the family never been supported: its own records
    gone, and it taken out of every session it was at (a group left with nobody goes)."""
    kept: list[Record] = []
    for record in records:
        if isinstance(record, Session):
            if family_id in record.families:
                left = record.without_family(family_id)
                if left is not None:
                    kept.append(left)
            else:
                kept.append(record)
        elif record.family_id != family_id:
            kept.append(record)
    return kept


def capped_family(
    school_id: str, periods: Sequence[Period], companions: Sequence[str] = (), times: int = 2
) -> list[Record]:
    """A family that adds the most a family may add to every breakdown on the menu in each
    of the periods: ``times`` over each term cap (so over each month cap too), so that
    only the caps hold it back. It joins, and its file is closed and opened again, in the
    first period; its held sessions are groups with the ``companions`` families.

    Per period: 24 held sessions at the library with 3 known languages, 4 topics and 4
    hours each; 12 missed for one reason; 6 requests to the school made and answered; 6
    referrals and 6 celebrations of one kind; a check-in whose every answer changed.
    """
    caps = caps_for(PeriodKind.TERM)  # the larger caps: a month's are lower
    first = periods[0].first
    family = Family(
        id=new_record_id(),
        code="ADC-7T",
        carers=("Auditora",),
        children=(Child(first_name="Probe", school_id=school_id),),
        languages=("so", "ar", "en"),
        barriers=(Barrier.LANGUAGE, Barrier.LACK_OF_TIME, Barrier.HEALTH, Barrier.TRANSPORT),
        joined_on=first,
        closed_on=first + timedelta(days=20),  # closed, then opened again: still active
    )
    fid = family.id
    records: list[Record] = [
        family,
        Consent(
            id=new_record_id(),
            family=fid,
            scope=ConsentScope.COUNTED,
            agreed=True,
            wording_version="2026-1",
            language="so",
            given_on=first,
            method=ConsentMethod.SPOKEN,
        ),
        CheckIn(
            id=new_record_id(),
            family=fid,
            on=first - timedelta(days=10),
            answers=dict.fromkeys(CheckInQuestion, 3),
        ),
    ]
    for index, period in enumerate(periods):
        day = period.first

        def on(n: int, day: date = day) -> date:
            return day + timedelta(days=n % 24)

        records += [
            Session(
                id=new_record_id(),
                session_kind=SessionKind.GROUP,
                venue_category=VenueCategory.LIBRARY,
                on=on(n),
                starts_at=time(10 + n // 24),
                minutes=240,
                families=(fid, *companions),
                languages=("so", "ar", "en"),
                topics=(Topic.READING, Topic.HOMEWORK, Topic.WELLBEING, Topic.ATTENDANCE),
            )
            for n in range(times * caps.sessions_per_family)
        ]
        records += [
            Session(
                id=new_record_id(),
                session_kind=SessionKind.ONE_TO_ONE,
                venue_category=VenueCategory.CAFE,
                on=on(n),
                starts_at=time(15),
                families=(fid,),
                status=SessionStatus.DID_NOT_ATTEND,
                non_attendance_reason=NonAttendanceReason.ILLNESS,
            )
            for n in range(times * caps.missed_per_family)
        ]
        records += [
            FollowUp(
                id=new_record_id(),
                family=fid,
                owner=ActionOwner.SCHOOL,
                what="a meeting with the class teacher",
                due_on=on(n + 7),
                school=school_id,
                raised_on=on(n),
                answered_on=on(n + 2),
            )
            for n in range(times * caps.requests_per_family)
        ]
        records += [
            Referral(
                id=new_record_id(),
                family=fid,
                category=AgencyCategory.HOUSING,
                made_on=on(n),
                consent_given=True,
            )
            for n in range(times * caps.referrals_per_family)
        ]
        records += [
            Celebration(
                id=new_record_id(),
                family=fid,
                category=CelebrationCategory.FIRST_SCHOOL_MEETING,
                on=on(n),
            )
            for n in range(times * caps.celebrations_per_family)
        ]
        # Every answer moves each period: up, then down, then up...
        rating = 5 if index % 2 == 0 else 1
        records.append(
            CheckIn(
                id=new_record_id(),
                family=fid,
                on=on(23),
                answers=dict.fromkeys(CheckInQuestion, rating),
            )
        )
    return records


# --- what one family moves ---------------------------------------------------------------


def change(with_: Counts, without: Counts, name: str) -> list[int]:
    """How much the family moves each cell of one breakdown, in the breakdown's order."""
    return [with_[name].get(c, 0) - without[name].get(c, 0) for c in BY_NAME[name].cells]


def report_rho(with_: Counts, without: Counts, sigmas: Mapping[str, float]) -> float:
    """ρ between the two record sets' reports: Σ_b ‖Δ_b‖² / 2σ_b² over the breakdowns
    with a σ (what the observer's log-likelihood ratio averages to)."""
    return math.fsum(
        sum(d * d for d in change(with_, without, name)) / (2 * sigma**2)
        for name, sigma in sigmas.items()
    )


# --- many reports at once ----------------------------------------------------------------


class ReplicatedNoise:
    """The real noise for ``trials`` reports at once: each breakdown's counts, repeated
    ``trials`` times, are noised in ONE call to the real sampler (a call costs about
    0.2 ms; a draw about 13 µs), every draw independent. The builder gets the first
    trial's numbers back; ``trials_of`` gives every trial's."""

    def __init__(self, trials: int, noise: Noise | None = None) -> None:
        self.trials = trials
        self.noise = noise or DiscreteGaussian()
        self.calls: list[tuple[float, NDArray[np.int64]]] = []

    def noised(self, counts: Sequence[int], sigma: float) -> list[int]:
        values = list(counts)
        drawn = self.noise.noised(values * self.trials, sigma)
        block = np.array(drawn, dtype=np.int64).reshape(self.trials, len(values))
        self.calls.append((sigma, block))
        return [int(v) for v in block[0]]

    def nonce(self) -> str:
        return self.noise.nonce()

    def trials_of(self, report: Mapping[str, Any]) -> dict[str, NDArray[np.int64]]:
        """Every trial's noised cells of this report, by breakdown (rows are trials),
        checked to be the draws the builder put in it, under the σ its privacy block
        states, in the builder's order."""
        totals = report["totals"]
        calls, self.calls = self.calls, []
        if len(calls) != len(totals):
            raise AssertionError("the builder did not noise each breakdown once")
        trials = {}
        for (name, cells), (sigma, block) in zip(totals.items(), calls, strict=True):
            if list(block[0]) != list(cells.values()):
                raise AssertionError(f"{name}: the report is not the first trial")
            if sigma != report["privacy"]["sigma"][name]:
                raise AssertionError(f"{name}: noised with another σ than the report states")
            trials[name] = block
        return trials


def likelihood_statistic(
    trials: Mapping[str, NDArray[np.int64]],
    with_: Counts,
    without: Counts,
    sigmas: Mapping[str, float],
) -> NDArray[np.float64]:
    """Each trial's Σ (z − without)·(with − without)/σ_b² over every cell of the report."""
    total = np.zeros(next(iter(trials.values())).shape[0])
    for name, block in trials.items():
        step = np.array(change(with_, without, name), dtype=np.float64)
        if not step.any():
            continue
        base = np.array([without[name].get(c, 0) for c in BY_NAME[name].cells], dtype=np.float64)
        total += (block - base) @ step / sigmas[name] ** 2
    return total


# --- from reports to ε -------------------------------------------------------------------


@dataclass(frozen=True)
class Separation:
    """How many standard deviations apart the statistic is under the two record sets."""

    mu: float
    standard_error: float
    variance_ratio: float  # with / without: 1 for a shift family

    def at_least(self, z: float) -> float:
        """μ minus z standard errors: what the reports show beyond reasonable doubt."""
        return max(0.0, self.mu - z * self.standard_error)


def separation(with_: NDArray[np.float64], without: NDArray[np.float64]) -> Separation:
    """μ̂ = (mean with − mean without) / pooled sd, and its standard error.

    With n reports on each side, the difference of means has variance 2s²/n, and the
    pooled sd over 2n normal draws a relative variance of 1/4n, so μ̂ has variance
    (2 + μ²/4)/n to first order."""
    n = min(len(with_), len(without))
    variance_with, variance_without = float(np.var(with_)), float(np.var(without))
    pooled = math.sqrt((variance_with + variance_without) / 2)
    mu = float(np.mean(with_) - np.mean(without)) / pooled
    return Separation(mu, math.sqrt((2 + mu * mu / 4) / n), variance_with / variance_without)


def gaussian_epsilon(mu: float, delta: float) -> float:
    """The exact ε at δ of μ-Gaussian DP: two normal laws μ standard deviations apart
    (Balle & Wang 2018, Thm 8: δ = Φ(μ/2 − ε/μ) − e^ε Φ(−μ/2 − ε/μ)). The Gaussian
    mechanism with ρ = μ²/2 is exactly this, so no conversion from ρ alone states less."""
    if mu <= 0:
        return 0.0

    def excess(epsilon: float) -> float:
        tail = math.exp(epsilon + norm.logcdf(-mu / 2 - epsilon / mu))
        return float(norm.cdf(mu / 2 - epsilon / mu) - tail - delta)

    if excess(0.0) <= 0:
        return 0.0
    return float(brentq(excess, 0, 10 * (mu + mu * mu) + 50, xtol=1e-12))


def standard_normal_distance(sample: NDArray[np.float64]) -> float:
    """Kolmogorov distance between the standardised sample and N(0, 1)."""
    z = np.sort((sample - np.mean(sample)) / np.std(sample))
    n = len(z)
    cdf = norm.cdf(z)
    above = np.max(np.arange(1, n + 1) / n - cdf)
    below = np.max(cdf - np.arange(0, n) / n)
    return float(max(above, below))
