"""Privacy audit of report format 2: how much one family's presence shows, measured on
reports made by the real builder with the real noise, over a whole report and over a
school year of reports; and that the audit catches a mechanism scaled wrongly.

The observer. It knows two record sets that differ by one family (a demo school and the
family at every cap of every breakdown, twice over each cap, in each of the year's three
terms; ``helpers.privacy_audit.capped_family``), so it knows both sets' true counts; it
sees reports and their privacy blocks (σ). Its statistic for a report is the
log-likelihood ratio's variable part, T = Σ over cells (z − without)·(with − without)/σ_b²
(most powerful, Neyman–Pearson); for a year, the sum over the year's reports.

The estimator, and why not the tail ratio. (ε, δ)-DP bounds, for every test,
P(test | with) ≤ e^ε P(test | without) + δ; the distribution-free estimate is the log of
a ratio of two tail frequencies. With n reports it can never exceed about log(n / 50)
(a tail needs some 50 reports to be a measurement): 4.4 at n = 4,000, below the ε ≈ 5.3
one term's report is stated at, so it could not catch anything in seconds. But the form
of T's law is known: the discrete Gaussian's probabilities are ∝ exp(−(z − c)²/2σ²) with
a normaliser that does not move when c moves by a whole number, so T − ρ is exactly the
privacy loss, and T is a weighted sum of independent discrete Gaussians (σ from 2.8 to
19): a normal law with the same variance under both record sets, N(±ρ, 2ρ) up to a
shift. Two such laws μ = (mean difference)/sd apart are exactly μ-Gaussian DP, whose
(ε, δ) curve is exact (Balle & Wang 2018; ``gaussian_epsilon``). So the audit measures
μ̂ from the reports and states ε̂ = ε(μ̂) at the accountant's δ, and checks the model it
rests on: the two variances agree, and T is normal (Kolmogorov distance). The sampler's
own law (variance σ², exact at small σ) is tested in test_privacy_dp_noise.

The tolerance. μ̂ has standard error √((2 + μ²/4)/n) (``separation``); at n = 4,000
reports per record set that is 0.024 for one report and 0.027 for a year. The audit
takes μ̂ − 5 standard errors as what the reports show beyond doubt (a correct mechanism
lands above it once in 3.5 million runs), so the tolerance in ε is
ε(μ̂) − ε(μ̂ − 5 SE): about 0.7 for one report, 0.8 for the year. A correct mechanism
sits well inside anyway: the exact Gaussian ε of the stated ρ (4.96 for a report, 9.40
for the year) is below the accountant's conversion from ρ alone (5.30, 10). The audit
must also see what is there: μ̂ within 5 SE of √(2ρ) of what the family really moves.
A mechanism with σ for sessions_held computed as if one family moved it by 1, or the
caps not applied, must be shown beyond the accountant's ε (its μ is 7.5 or 1.6 against
1.01: far beyond 5 SE even with 1,000 reports).
"""

from __future__ import annotations

import math
from collections.abc import Iterator
from dataclasses import dataclass, replace
from datetime import date

import numpy as np
import pytest
from helpers.privacy_audit import (
    ReplicatedNoise,
    Separation,
    capped_family,
    gaussian_epsilon,
    likelihood_statistic,
    report_rho,
    separation,
    standard_normal_distance,
    without_family,
)
from numpy.typing import NDArray
from parentrus_sync.budget import epsilon_of
from parentrus_sync.periods import Period, PeriodKind, periods_in_school_year
from parentrus_sync.report_shape import Caps, caps_for
from parentrus_sync.school_plan import ReportPlan

import parentrus_desktop.privacy.report as report_module
from parentrus_desktop.domain import Family, School
from parentrus_desktop.operations.demo_data import DemoSize, demo_records
from parentrus_desktop.privacy.report import PreparedRecords, build_report, count_period

TRIALS = 4000  # reports per record set and term: each one a laptop's own noise
CATCH_TRIALS = 1000  # enough to see a mechanism that is far off
Z = 5.0  # standard errors of doubt
#: Kolmogorov distance of 4,000 standardised draws from N(0, 1): by Dvoretzky–Kiefer–
#: Wolfowitz, P(D > t) ≤ 2·exp(−2nt²) = 2·10⁻⁶ at t = 0.046 (fitting the mean and sd
#: only makes D smaller).
NORMAL_DISTANCE = 0.046
TERMS = periods_in_school_year(2026, PeriodKind.TERM)

pytestmark = pytest.mark.slow  # about 10 s: 600,000 draws of OpenDP noise


@dataclass(frozen=True)
class Neighbours:
    school: School
    family_id: str
    with_: PreparedRecords
    without: PreparedRecords


@dataclass(frozen=True)
class Release:
    """One period's reports from both record sets, as the observer sees them."""

    with_: NDArray[np.float64]  # T of each report built with the family
    without: NDArray[np.float64]
    actual_rho: float  # what the family really moves the report by
    stated_rho: float  # what the report's privacy block says one report costs
    stated_epsilon_year_so_far: float


@pytest.fixture(scope="module")
def neighbours() -> Neighbours:
    """A demo school, and the same with the family at every cap in every term (at group
    sessions with one of the demo families)."""
    base = list(demo_records(DemoSize(15, 150), seed=5, today=date(2027, 9, 5)))
    school = next(r for r in base if isinstance(r, School))
    base = [  # the demo families' children all go to this school
        replace(r, children=tuple(replace(c, school_id=school.id) for c in r.children))
        if isinstance(r, Family)
        else r
        for r in base
    ]
    companion = next(r for r in base if isinstance(r, Family)).id
    capped = capped_family(school.id, TERMS, companions=(companion,))
    records = [*base, *capped]
    family_id = capped[0].id
    return Neighbours(
        school,
        family_id,
        PreparedRecords(records),
        PreparedRecords(without_family(records, family_id)),
    )


def _releases(
    neighbours: Neighbours, plan: ReportPlan, periods: list[Period], trials: int
) -> Iterator[Release]:
    """Each period's reports, ``trials`` from each record set, built by the real builder
    with the real noise, each period spending its part of the year's budget."""
    spent = 0.0
    for period in periods:
        counts = {
            side: count_period(prepared, school_id=neighbours.school.id, period=period)
            for side, prepared in (("with", neighbours.with_), ("without", neighbours.without))
        }
        statistics = {}
        for side, prepared in (("with", neighbours.with_), ("without", neighbours.without)):
            noise = ReplicatedNoise(trials)
            report = build_report(
                prepared,
                school_id=neighbours.school.id,
                hub_school="riverside",
                period=period,
                plan=plan,
                noise=noise,
                spent_rho=spent,
            )
            sigmas = report["privacy"]["sigma"]  # what the observer reads
            statistics[side] = likelihood_statistic(
                noise.trials_of(report), counts["with"], counts["without"], sigmas
            )
        spent = report["privacy"]["rho_year_so_far"]
        yield Release(
            statistics["with"],
            statistics["without"],
            report_rho(counts["with"], counts["without"], sigmas),
            report["privacy"]["rho"],
            report["privacy"]["epsilon_year_so_far"],
        )


@pytest.fixture(scope="module")
def a_year(neighbours: Neighbours) -> list[Release]:
    """The default plan's three term reports of the school year 2026/27."""
    return list(_releases(neighbours, ReportPlan(), TERMS, TRIALS))


def _check_the_model(measured: Separation, with_: NDArray[np.float64]) -> None:
    """T is a normal shift family, as the estimator assumes."""
    # Two sample variances of n draws: log of their ratio has sd √(4/n).
    assert abs(math.log(measured.variance_ratio)) < Z * math.sqrt(4 / len(with_))
    assert standard_normal_distance(with_) < NORMAL_DISTANCE


def _within(measured: Separation, delta: float) -> tuple[float, float]:
    """(ε̂, tolerance): ε̂ = ε(μ̂), the tolerance what 5 standard errors take off it."""
    estimate = gaussian_epsilon(measured.mu, delta)
    return estimate, estimate - gaussian_epsilon(measured.at_least(Z), delta)


def test_one_whole_report_shows_the_family_no_more_than_its_stated_epsilon(
    a_year: list[Release],
) -> None:
    autumn = a_year[0]
    plan = ReportPlan()
    # The family is at every cap: it moves the report by all of its stated ρ.
    assert autumn.actual_rho == pytest.approx(autumn.stated_rho, rel=1e-9)
    assert autumn.stated_rho == pytest.approx(plan.rho_per_release(), rel=1e-12)
    measured = separation(autumn.with_, autumn.without)
    _check_the_model(measured, autumn.with_)
    stated = epsilon_of(autumn.stated_rho, plan.delta)  # the accountant's, for one report
    estimate, tolerance = _within(measured, plan.delta)
    assert estimate <= stated + tolerance, (estimate, tolerance, stated)
    # And the audit sees what is there: μ = √(2ρ) of what the family moves.
    assert abs(measured.mu - math.sqrt(2 * autumn.actual_rho)) < Z * measured.standard_error
    assert gaussian_epsilon(math.sqrt(2 * autumn.actual_rho), plan.delta) == pytest.approx(
        4.96, abs=0.01
    )


def test_a_year_of_reports_shows_the_family_no_more_than_the_yearly_epsilon(
    a_year: list[Release],
) -> None:
    plan = ReportPlan()
    assert len(a_year) == plan.releases == 3
    # The year's three reports spend the whole budget, as their privacy blocks say.
    assert a_year[-1].stated_epsilon_year_so_far == pytest.approx(plan.epsilon, abs=1e-6)
    with_ = np.sum([r.with_ for r in a_year], axis=0)
    without = np.sum([r.without for r in a_year], axis=0)
    measured = separation(with_, without)
    _check_the_model(measured, with_)
    estimate, tolerance = _within(measured, plan.delta)
    assert estimate <= plan.epsilon + tolerance, (estimate, tolerance)
    # A family joins and is closed once: in spring and summer it is not "new" or
    # "closed", so it moves the year by 5/6 of the budget at most, and by exactly that.
    actual = math.fsum(r.actual_rho for r in a_year)
    assert actual == pytest.approx(plan.cost().yearly_rho * 5 / 6, rel=1e-9)
    assert abs(measured.mu - math.sqrt(2 * actual)) < Z * measured.standard_error


class _SessionsAsIfOne(ReportPlan):
    """A broken plan: σ for sessions_held computed as if one family could move it by 1
    (its L2 is 12), so its noise is 12 times too small; it still states the plan's ρ."""

    def sigma(self, name: str) -> float:
        sigma = super().sigma(name)
        return sigma / self.l2(name) if name == "sessions_held" else sigma


def _caught(neighbours: Neighbours, plan: ReportPlan) -> tuple[float, float]:
    """(what the reports show beyond doubt, ε the accountant states) for one report."""
    (autumn,) = _releases(neighbours, plan, TERMS[:1], CATCH_TRIALS)
    measured = separation(autumn.with_, autumn.without)
    shown = gaussian_epsilon(measured.at_least(Z), plan.delta)
    return shown, epsilon_of(autumn.stated_rho, plan.delta)


def test_the_audit_catches_noise_scaled_for_the_wrong_sensitivity(
    neighbours: Neighbours,
) -> None:
    shown, stated = _caught(neighbours, _SessionsAsIfOne())
    assert shown > stated, (shown, stated)


def test_the_audit_catches_caps_not_applied(
    neighbours: Neighbours, monkeypatch: pytest.MonkeyPatch
) -> None:
    # The builder counts with no caps, while the plan (and every σ) still assumes them.
    def no_caps(kind: PeriodKind) -> Caps:
        caps = caps_for(kind)
        return Caps(**{field: 10**6 for field in caps.__dataclass_fields__})

    monkeypatch.setattr(report_module, "caps_for", no_caps)
    shown, stated = _caught(neighbours, ReportPlan())
    assert shown > stated, (shown, stated)
