"""The family's yearly budget: OpenDP's costs and conversion, composition, σ, refusals."""

from __future__ import annotations

import itertools
import math

import pytest
from helpers.privacy_audit import gaussian_epsilon
from parentrus_sync import budget
from parentrus_sync._opendp import gaussian_on_integer_vectors
from parentrus_sync.budget import (
    DEFAULT_DELTA,
    HIGHEST_EPSILON,
    OVER_BUDGET,
    TOO_HIGH,
    USED_UP,
    Breakdown,
    BudgetRefused,
    Cadence,
    Plan,
    PlanCost,
    check_plan,
    compose,
    epsilon_of,
    even_plan,
    plan_cost,
    rho_for,
    rho_formula,
    rho_of_release,
    sigma_for,
)
from parentrus_sync.periods import PeriodKind, periods_in_school_year
from parentrus_sync.report_shape import BY_NAME, DEFAULT_BREAKDOWNS, MENU
from parentrus_sync.school_plan import (
    MARGIN_Z,
    ReportPlan,
    check_within,
    cost_of_adding,
    privacy_block,
)
from scipy.optimize import brentq, minimize_scalar
from scipy.stats import norm

# The default core of DESIGN.md §5 and one family's L2 reach over each breakdown's cells
# (shared PRIVACY.md): started/supported/finished move by 1 each; sessions by kind,
# capped at 12 a term, can all fall in one cell; requests made/answered, 3 each, √(9+9);
# six check-in statements move by 1 each.
CORE = [
    ("families", math.sqrt(3)),
    ("sessions by kind", 12.0),
    ("requests", math.sqrt(18)),
    ("check-ins", math.sqrt(6)),
]
RHOS = [0.01, 0.1, 0.5, 1.0, 1.54, 3.0, 10.0]


def textbook_epsilon(rho: float, delta: float) -> float:
    """Bun & Steinke 2016, Prop. 1.3: ρ-zCDP ⇒ (ρ + 2√(ρ ln 1/δ), δ)-DP, an upper bound."""
    return rho + 2 * math.sqrt(rho * math.log(1 / delta))


def gaussian_mechanism_epsilon(rho: float, delta: float) -> float:
    """The exact (ε, δ) of the Gaussian mechanism with Δ/σ = √(2ρ) (Balle & Wang 2018, Thm 8).

    That mechanism is itself ρ-zCDP, so no sound conversion from ρ alone can state less.
    """
    return gaussian_epsilon(math.sqrt(2 * rho), delta)


def canonne_kamath_steinke_epsilon(rho: float, delta: float) -> float:
    """CKS 2020, Prop. 12: δ = inf_α exp((α−1)(αρ−ε)) (1−1/α)^(α−1) / α, solved for ε."""

    def log_delta(epsilon: float) -> float:
        def at(alpha: float) -> float:
            return (
                (alpha - 1) * (alpha * rho - epsilon)
                + (alpha - 1) * math.log1p(-1 / alpha)
                - math.log(alpha)
            )

        found = minimize_scalar(at, bounds=(1 + 1e-7, 1e4), method="bounded")
        return float(found.fun)

    return float(brentq(lambda e: log_delta(e) - math.log(delta), 1e-9, 200, xtol=1e-13))


# --- what one release costs -------------------------------------------------------------


@pytest.mark.parametrize(
    ("l2", "sigma"),
    [
        (math.sqrt(3), 3.4),
        (12.0, 23.7),
        (1.0, 0.5),
        *[(math.sqrt(18), 8.4), (math.sqrt(6), 4.8), (2.0, 100.0)],
    ],
)
def test_opendp_privacy_map_is_the_textbook_rho(l2: float, sigma: float) -> None:
    assert rho_of_release(l2, sigma) == pytest.approx(rho_formula(l2, sigma), rel=1e-12)


@pytest.mark.parametrize("l2", [1, 2, 3, 12])
def test_the_real_valued_distance_maps_as_the_integer_one(l2: int) -> None:
    # The accountant maps Δ₂ = √3 on a float L2 distance; the data's own distance is an
    # integer one. At whole Δ₂ both must give the same ρ, or the accountant measures
    # another mechanism than the one that draws the noise.
    by_integer = gaussian_on_integer_vectors(3.4, distance=int).map(l2)
    assert rho_of_release(float(l2), 3.4) == pytest.approx(by_integer, rel=1e-12)


def test_a_release_needs_a_positive_sensitivity_and_scale() -> None:
    with pytest.raises(ValueError, match="sensitivity"):
        rho_of_release(0.0, 3.4)
    with pytest.raises(ValueError, match="scale"):
        rho_of_release(1.0, 0.0)
    with pytest.raises(ValueError, match="scale"):
        rho_of_release(1.0, math.nan)


# --- ρ → (ε, δ) -------------------------------------------------------------------------


@pytest.mark.parametrize("rho", RHOS)
def test_conversion_lies_between_the_gaussian_mechanism_and_the_textbook_bound(rho: float) -> None:
    epsilon = epsilon_of(rho, DEFAULT_DELTA)
    assert gaussian_mechanism_epsilon(rho, DEFAULT_DELTA) < epsilon
    assert epsilon < textbook_epsilon(rho, DEFAULT_DELTA)


@pytest.mark.parametrize("rho", RHOS)
@pytest.mark.parametrize("delta", [1e-6, 1e-9])
def test_conversion_is_canonne_kamath_steinke(rho: float, delta: float) -> None:
    # Computed here independently (scipy), the tightest published conversion from ρ.
    expected = canonne_kamath_steinke_epsilon(rho, delta)
    assert epsilon_of(rho, delta) == pytest.approx(expected, rel=1e-8)


@pytest.mark.parametrize(
    ("rho", "epsilon"),
    # Pinned from the run that reproduced the CKS values above (OpenDP 0.16, δ = 10⁻⁶).
    [(0.1, 2.141939), (0.5, 5.221534), (1.0, 7.766217), (1.54, 10.002774), (10.0, 32.221661)],
)
def test_known_points(rho: float, epsilon: float) -> None:
    assert epsilon_of(rho, 1e-6) == pytest.approx(epsilon, abs=1e-6)


def test_conversion_grows_with_rho_and_shrinks_with_delta() -> None:
    grid = [0.0, 0.001, 0.05, 0.2, 0.51, 1.0, 1.54, 2.0, 5.0, 20.0]
    epsilons = [epsilon_of(rho) for rho in grid]
    assert epsilons[0] == 0.0
    assert all(a < b for a, b in itertools.pairwise(epsilons))
    by_delta = [epsilon_of(1.54, delta) for delta in (1e-3, 1e-6, 1e-9, 1e-12)]
    assert all(a < b for a, b in itertools.pairwise(by_delta))


def test_conversion_refuses_nonsense() -> None:
    for rho, delta in [(-0.1, 1e-6), (math.inf, 1e-6), (1.0, 0.0), (1.0, 1.0)]:
        with pytest.raises(ValueError, match="must be"):
            epsilon_of(rho, delta)


# --- (ε, δ) → ρ -------------------------------------------------------------------------


def test_the_default_budget_is_rho_1_54() -> None:
    rho = rho_for(10.0, 1e-6)
    assert rho == pytest.approx(1.54, abs=0.005)  # PRIVACY.md's figure, to its 3 digits
    assert epsilon_of(rho, 1e-6) <= 10.0
    assert epsilon_of(rho * (1 + 1e-8), 1e-6) > 10.0  # and it is the largest such ρ


@pytest.mark.parametrize("rho", [0.01, 0.1, 0.51, 1.54, 3.0, 10.0])
def test_the_inverse_round_trips(rho: float) -> None:
    epsilon = epsilon_of(rho)
    assert rho_for(epsilon) == pytest.approx(rho, rel=1e-8)


@pytest.mark.parametrize("epsilon", [0.5, 1.0, 10.0, 20.0])
def test_the_inverse_never_overspends(epsilon: float) -> None:
    assert epsilon_of(rho_for(epsilon)) <= epsilon


# --- composition ------------------------------------------------------------------------


def test_composition_adds_rho() -> None:
    per_release = rho_of_release(math.sqrt(3), 3.4)
    assert compose([per_release] * 3) == pytest.approx(3 * per_release, rel=1e-15)
    assert compose([0.1, 0.2, 0.3]) == pytest.approx(0.6, rel=1e-15)
    assert compose([]) == 0.0
    # Composition in ρ then converting is tighter than adding the parts' ε.
    assert epsilon_of(compose([0.5, 0.5])) < 2 * epsilon_of(0.5)
    with pytest.raises(ValueError, match="zero or more"):
        compose([0.1, -0.1])


def test_a_plan_cost_is_every_breakdown_times_every_release() -> None:
    plan = Plan(
        (Breakdown("families", math.sqrt(3), 0.7), Breakdown("requests", math.sqrt(18), 0.2)),
        Cadence.MONTH,
    )
    cost = plan_cost(plan)
    per_year = [
        12 * rho_formula(math.sqrt(3), cost.sigmas["families"]),
        12 * rho_formula(math.sqrt(18), cost.sigmas["requests"]),
    ]
    assert cost.yearly_rho == pytest.approx(sum(per_year), rel=1e-9)
    assert cost.yearly_rho == pytest.approx(0.9 * rho_for(10.0), rel=1e-9)
    assert cost.epsilon == pytest.approx(epsilon_of(cost.yearly_rho), rel=1e-12)
    assert cost.epsilon < 10.0  # 10% of the budget left unspent


# --- σ from a share: PRIVACY.md's table -------------------------------------------------

# PRIVACY.md prints σ to one decimal (23.7, 8.4 ...) and the school's sd to 3 significant
# figures, so a correct σ is within half a unit of the last printed digit: ±0.05 for σ,
# ±0.05 for the sd (±0.5 for the "53").
TABLE = [
    ("families", 3.4, 7.6, 0.05),
    ("sessions by kind", 23.7, 53.0, 0.5),
    ("requests", 8.4, 18.7, 0.05),
    ("check-ins", 4.8, 10.8, 0.05),
]


@pytest.fixture(scope="module")
def default_cost() -> PlanCost:
    return check_plan(even_plan(CORE))


@pytest.mark.parametrize(("name", "sigma", "school_sd", "sd_tolerance"), TABLE)
def test_sigma_from_an_even_share_reproduces_privacy_md(
    default_cost: PlanCost, name: str, sigma: float, school_sd: float, sd_tolerance: float
) -> None:
    cost = default_cost
    assert cost.sigmas[name] == pytest.approx(sigma, abs=0.05)
    # Five laptops each add their own noise: the school's term total has √5 σ.
    assert math.sqrt(5) * cost.sigmas[name] == pytest.approx(school_sd, abs=sd_tolerance)


def test_the_default_plan_spends_the_default_budget() -> None:
    cost = check_plan(even_plan(CORE))
    assert cost.yearly_rho / 3 == pytest.approx(0.51, abs=0.005)  # "ρ ≈ 0.51 each" term
    assert 9.999 < cost.epsilon <= 10.0
    assert cost.delta == DEFAULT_DELTA


def test_monthly_reports_at_the_same_budget_are_noisier() -> None:
    by_term = sigma_for(math.sqrt(3), 0.385, Cadence.TERM.releases_per_year)
    by_month = sigma_for(math.sqrt(3), 0.385, Cadence.MONTH.releases_per_year)
    by_week = sigma_for(math.sqrt(3), 0.385, Cadence.WEEK.releases_per_year)
    assert by_month == pytest.approx(2 * by_term, rel=1e-9)  # √(12/3)
    assert by_week == pytest.approx(math.sqrt(52 / 3) * by_term, rel=1e-9)


def test_sigma_never_costs_more_than_its_share() -> None:
    for l2, share, releases in [(math.sqrt(3), 0.385, 3), (12.0, 0.1, 52), (1.0, 1.54, 1)]:
        sigma = sigma_for(l2, share, releases)
        assert rho_of_release(l2, sigma) <= share / releases
        assert rho_of_release(l2, sigma) == pytest.approx(share / releases, rel=1e-12)


# --- refusals ---------------------------------------------------------------------------


def test_a_plan_within_the_policy_is_accepted() -> None:
    cost = check_plan(even_plan(CORE, epsilon=8.0), policy_epsilon=10.0)
    assert cost.epsilon <= 8.0
    cost = check_plan(even_plan(CORE, epsilon=20.0), policy_epsilon=30.0)
    assert 19.99 < cost.epsilon <= 20.0


def test_a_plan_above_the_policy_is_refused_in_plain_words() -> None:
    with pytest.raises(BudgetRefused) as refused:
        check_plan(even_plan(CORE), policy_epsilon=5.0)
    assert refused.value.code == OVER_BUDGET
    assert refused.value.details == {"asked": 10.0, "limit": 5.0}
    # Each end words the code for its readers; str() is the plain English one.
    assert "privacy limit for the year would be 10.0" in str(refused.value)
    assert "the most allowed is 5.0" in str(refused.value)


def test_a_plan_above_20_is_refused_whatever_the_policy_says() -> None:
    with pytest.raises(BudgetRefused) as refused:
        check_plan(even_plan(CORE, epsilon=25.0), policy_epsilon=30.0)
    assert refused.value.code == TOO_HIGH
    assert refused.value.details == {"asked": 25.0, "highest": HIGHEST_EPSILON}
    assert "25.0" in str(refused.value) and "20.0" in str(refused.value)
    # A plan that says 20 but whose shares add up to more spends above 20: the ceiling
    # holds even when the policy's own ε is higher.
    over = Plan(
        (Breakdown("families", math.sqrt(3), 0.8), Breakdown("requests", 4.0, 0.4)), epsilon=20.0
    )
    with pytest.raises(BudgetRefused) as refused:
        check_plan(over, policy_epsilon=50.0)
    assert refused.value.code == OVER_BUDGET
    assert refused.value.details["limit"] == HIGHEST_EPSILON


def test_shares_that_add_up_to_more_than_the_whole_are_refused() -> None:
    # The cost is added up from OpenDP's map of each release, not taken from the plan's word.
    greedy = Plan((Breakdown("families", math.sqrt(3), 1.0), Breakdown("requests", 4.0, 0.5)))
    with pytest.raises(BudgetRefused) as refused:
        check_plan(greedy, policy_epsilon=10.0)
    assert refused.value.code == OVER_BUDGET
    assert refused.value.details["asked"] > 10.0
    assert refused.value.details["limit"] == 10.0


def test_an_excess_never_reads_as_allowed() -> None:
    # ε = 10.01 printed to one decimal must not say "10.0", which is allowed.
    greedy = Plan((Breakdown("families", math.sqrt(3), 1.001),))
    with pytest.raises(BudgetRefused) as refused:
        check_plan(greedy, policy_epsilon=10.0)
    assert refused.value.details["asked"] == 10.1


# --- a school's plan: the one accountant both ends use ------------------------------------

PLANS = [
    ReportPlan(),
    ReportPlan(kind=PeriodKind.MONTH),
    ReportPlan(breakdowns=tuple(b.name for b in MENU)),
    ReportPlan(breakdowns=("sessions_held", "sessions_by_topic"), epsilon=4.0),
    ReportPlan(breakdowns=tuple(b.name for b in MENU), kind=PeriodKind.MONTH, epsilon=20.0),
]


def _yearly_rho_of(plan: ReportPlan) -> dict[str, float]:
    """Each breakdown's ρ over the year, added up from OpenDP's map of every release."""
    return {
        name: plan.releases * rho_of_release(plan.l2(name), plan.sigma(name))
        for name in plan.breakdowns
    }


@pytest.mark.parametrize("plan", PLANS, ids=lambda p: f"{p.kind.value}-{len(p.breakdowns)}")
def test_a_plan_spends_exactly_its_yearly_epsilon(plan: ReportPlan) -> None:
    by_breakdown = _yearly_rho_of(plan)
    spent = compose(by_breakdown.values())
    assert spent == pytest.approx(rho_for(plan.epsilon, plan.delta), rel=1e-9)
    assert plan.cost().yearly_rho == pytest.approx(spent, rel=1e-12)
    # Stated back as (ε, δ): the policy's own ε, never above it.
    assert plan.epsilon - 1e-6 < epsilon_of(spent, plan.delta) <= plan.epsilon + 1e-9
    assert plan.cost().epsilon == pytest.approx(plan.epsilon, abs=1e-6)
    assert plan.rho_per_release() * plan.releases == pytest.approx(spent, rel=1e-12)


@pytest.mark.parametrize("plan", PLANS, ids=lambda p: f"{p.kind.value}-{len(p.breakdowns)}")
def test_the_yearly_rho_is_shared_by_weight(plan: ReportPlan) -> None:
    by_breakdown = _yearly_rho_of(plan)
    weights = sum(BY_NAME[name].weight for name in plan.breakdowns)
    whole = rho_for(plan.epsilon, plan.delta)
    for name, rho in by_breakdown.items():
        assert rho == pytest.approx(whole * BY_NAME[name].weight / weights, rel=1e-9), name


def test_the_default_plan_gives_sessions_held_three_shares() -> None:
    plan = ReportPlan()
    assert plan.breakdowns == DEFAULT_BREAKDOWNS
    by_breakdown = _yearly_rho_of(plan)
    assert by_breakdown["sessions_held"] == pytest.approx(
        3 * by_breakdown["families_active"], rel=1e-9
    )
    # 8 shares over three terms of ρ ≈ 1.54: σ = Δ₂ / √(2ρ₁) with ρ₁ = ρ · share / 3.
    rho = rho_for(10.0)
    assert plan.sigma("families_active") == pytest.approx(1 / math.sqrt(2 * rho / 24), rel=1e-9)
    assert plan.sigma("sessions_held") == pytest.approx(12 / math.sqrt(2 * rho * 3 / 24), rel=1e-9)
    assert plan.rho_per_release() == pytest.approx(rho / 3, rel=1e-9)


def test_a_month_costs_a_twelfth_of_the_year() -> None:
    plan = ReportPlan(kind=PeriodKind.MONTH)
    assert plan.releases == 12
    assert plan.rho_per_release() == pytest.approx(rho_for(10.0) / 12, rel=1e-9)


@pytest.mark.parametrize("name", [b.name for b in MENU if not b.core])
def test_the_cost_of_adding_a_breakdown_is_what_the_bigger_plan_does(name: str) -> None:
    plan = ReportPlan()
    added = cost_of_adding(plan, name)
    # At the same ε, every σ of the plan grows by the stated factor.
    bigger = ReportPlan(breakdowns=(*plan.breakdowns, name))
    for kept in plan.breakdowns:
        assert bigger.sigma(kept) / plan.sigma(kept) == pytest.approx(added.wider, rel=1e-9)
    assert added.wider > 1
    # At the stated higher ε, every σ stays as it was.
    keeping = ReportPlan(breakdowns=bigger.breakdowns, epsilon=added.epsilon_to_keep_margins)
    for kept in plan.breakdowns:
        assert keeping.sigma(kept) == pytest.approx(plan.sigma(kept), rel=1e-8)
    assert added.epsilon_to_keep_margins > plan.epsilon
    with pytest.raises(ValueError, match="already"):
        cost_of_adding(plan, "sessions_held")


@pytest.mark.parametrize("kind", [PeriodKind.TERM, PeriodKind.MONTH])
def test_check_within_refuses_the_report_that_would_go_over(kind: PeriodKind) -> None:
    plan = ReportPlan(kind=kind)
    spent = 0.0
    for _ in range(plan.releases):  # every report of the school year is allowed...
        spent += check_within(plan, spent)
    assert epsilon_of(spent) == pytest.approx(10.0, abs=1e-6)
    with pytest.raises(BudgetRefused) as refused:  # ...and not one more
        check_within(plan, spent)
    assert refused.value.code == USED_UP
    # Nor one whose ρ would fit only in part.
    with pytest.raises(BudgetRefused):
        check_within(plan, spent - plan.rho_per_release() / 2)
    assert check_within(plan, 0.0) == pytest.approx(plan.rho_per_release(), rel=1e-15)


def test_the_privacy_block_counts_the_year_so_far() -> None:
    plan = ReportPlan()
    terms = periods_in_school_year(2026, PeriodKind.TERM)
    spent = 0.0
    for term in terms:
        spent += check_within(plan, spent)
        block = privacy_block(plan, term, spent)
        assert block["unit"] == "family"
        assert block["school_year"] == "2026/27"
        assert block["rho"] == pytest.approx(plan.rho_per_release(), rel=1e-15)
        assert block["rho_year_so_far"] == spent
        assert block["epsilon_year_so_far"] == epsilon_of(spent, plan.delta)
        assert block["sigma"] == {name: plan.sigma(name) for name in plan.breakdowns}
        assert block["l2_sensitivity"]["sessions_held"] == 12.0
        assert block["l2_sensitivity"]["check_in_changes"] == pytest.approx(math.sqrt(6))
    assert block["epsilon_year_so_far"] == pytest.approx(block["epsilon_year"], abs=1e-6)
    month = periods_in_school_year(2026, PeriodKind.MONTH)[0]
    with pytest.raises(ValueError, match="kind"):
        privacy_block(plan, month, 0.0)


def test_a_margin_is_95_in_100_of_the_sum_of_the_laptops_noise() -> None:
    plan = ReportPlan()
    sigma = plan.sigma("sessions_held")
    assert plan.margin("sessions_held") == pytest.approx(MARGIN_Z * sigma, rel=1e-12)
    assert plan.margin("sessions_held", laptops=5, periods=3) == pytest.approx(
        MARGIN_Z * sigma * math.sqrt(15), rel=1e-12
    )
    assert norm.ppf(0.975) == pytest.approx(MARGIN_Z, abs=1e-6)


def test_a_plan_refuses_what_no_policy_may_ask() -> None:
    with pytest.raises(ValueError, match="month"):
        ReportPlan(kind=PeriodKind.WEEK)
    with pytest.raises(ValueError, match="each breakdown once"):
        ReportPlan(breakdowns=("sessions_held", "sessions_held"))
    with pytest.raises(ValueError, match="from the menu"):
        ReportPlan(breakdowns=("gossip",))
    with pytest.raises(ValueError, match="positive"):
        ReportPlan(epsilon=0.0)
    with pytest.raises(BudgetRefused) as refused:
        ReportPlan(epsilon=25.0).cost()
    assert refused.value.code == TOO_HIGH
    assert budget.HIGHEST_EPSILON == 20.0
