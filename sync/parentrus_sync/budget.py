"""The yearly privacy budget of one family: what each release costs, and what a plan adds up to.

Unit: one family; budget: per family, per school, per school year, default ε = 10 at
δ = 10⁻⁶ (a school's policy may lower ε, never raise it above 20). Accounting is in
zero-concentrated DP: a breakdown noised with the discrete Gaussian of scale σ, whose
cells one family can move by an L2 distance Δ₂, costs ρ = Δ₂² / (2σ²) (OpenDP's own
privacy map, checked against the formula); releases in a year compose by adding ρ.
ρ is stated to people as (ε, δ) through OpenDP's zCDP → approximate-DP conversion,
which beats the textbook ε = ρ + 2√(ρ ln 1/δ); the inverse is bisection on it (ε = 10,
δ = 10⁻⁶ ⇒ ρ ≈ 1.54). shared PRIVACY.md's σ table is ``sigma_for`` at an even
four-way split of that ρ over three terms. OpenDP is imported on first use only.
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from dataclasses import dataclass
from enum import StrEnum
from functools import cache

from parentrus_sync._opendp import gaussian_on_integer_vectors, opendp

DEFAULT_EPSILON = 10.0
DEFAULT_DELTA = 1e-6
HIGHEST_EPSILON = 20.0  # no policy may raise a family's yearly ε above this

# The bisection stops when the bracket is this narrow relative to ρ: far below any
# difference a person could read in the stated ε, and about 40 conversions.
_RELATIVE_TOLERANCE = 1e-10
# What check_plan forgives for floating-point rounding in ε (a plan made with
# plan_for at exactly the allowed ε can land a few ulps above it).
_EPSILON_SLACK = 1e-9


class Cadence(StrEnum):
    """How often a laptop reports to a school: the number of releases in a school year."""

    TERM = "term"
    MONTH = "month"
    WEEK = "week"

    @property
    def releases_per_year(self) -> int:
        return _RELEASES[self]


_RELEASES = {Cadence.TERM: 3, Cadence.MONTH: 12, Cadence.WEEK: 52}

#: Why a plan is refused, as codes each end words for its own readers.
TOO_HIGH = "budget-above-highest"  # the plan asks for an ε above 20
OVER_BUDGET = "budget-exceeded"  # its releases add up to more than the policy's ε
USED_UP = "budget-used-up"  # what is left of this school year's budget is too little

_ENGLISH = {
    TOO_HIGH: (
        "These reports would use a privacy limit of {asked} for each family in a year. "
        "The highest ever allowed is {highest}."
    ),
    OVER_BUDGET: (
        "These reports would tell the school more about each family than allowed: their "
        "privacy limit for the year would be {asked}, and the most allowed is {limit}."
    ),
    USED_UP: (
        "This school year's privacy budget for each family is used up for this school: "
        "reports start again in September."
    ),
}


class BudgetRefused(ValueError):
    """A plan that would spend more of a family's yearly budget than allowed.

    ``code`` says which refusal; ``details`` are numbers each end formats for its
    readers (the laptop in the mentor's language); ``str()`` is plain English."""

    def __init__(self, code: str, **details: float) -> None:
        self.code = code
        self.details = details
        super().__init__(_ENGLISH[code].format(**details))


def _check_rho(rho: float) -> None:
    if not (math.isfinite(rho) and rho >= 0):
        raise ValueError("ρ must be a finite number, zero or more")


def _check_delta(delta: float) -> None:
    if not 0 < delta < 1:
        raise ValueError("δ must be between 0 and 1")


def rho_formula(l2_sensitivity: float, sigma: float) -> float:
    """The textbook zCDP cost of the Gaussian mechanism: Δ₂² / (2σ²)."""
    return l2_sensitivity**2 / (2 * sigma**2)


def rho_of_release(l2_sensitivity: float, sigma: float) -> float:
    """ρ of one breakdown noised with scale σ, from OpenDP's privacy map of the mechanism."""
    if not (math.isfinite(l2_sensitivity) and l2_sensitivity > 0):
        raise ValueError("the L2 sensitivity must be a positive number")
    mechanism = gaussian_on_integer_vectors(sigma, distance=float)
    return float(mechanism.map(float(l2_sensitivity)))


def compose(rhos: Iterable[float]) -> float:
    """zCDP composes by adding ρ: every breakdown, every period, every report of the year."""
    values = list(rhos)
    for rho in values:
        _check_rho(rho)
    return math.fsum(values)


@cache  # pure, and each call is an OpenDP conversion
def epsilon_of(rho: float, delta: float = DEFAULT_DELTA) -> float:
    """The ε that ρ-zCDP gives at δ, by OpenDP's conversion (make_zCDP_to_approxDP)."""
    _check_rho(rho)
    _check_delta(delta)
    if rho == 0:
        return 0.0
    dp = opendp()
    # A measurement whose privacy map sends Δ₂ = 1 to ρ (σ = 1/√(2ρ); OpenDP rounds up); the
    # conversion only ever sees its ρ, so any mechanism with that cost would do.
    unit = gaussian_on_integer_vectors(1 / math.sqrt(2 * rho), distance=float)
    converted = dp.c.make_fix_delta(dp.c.make_zCDP_to_approxDP(unit), delta=delta)
    epsilon, _ = converted.map(1.0)
    return float(epsilon)


@cache  # pure, and each call is some forty conversions
def rho_for(epsilon: float, delta: float = DEFAULT_DELTA) -> float:
    """The largest ρ whose (ε, δ) by epsilon_of stays within ε: bisection on OpenDP's conversion."""
    if not (math.isfinite(epsilon) and epsilon > 0):
        raise ValueError("ε must be a positive number")
    _check_delta(delta)
    # The textbook bound ε ≤ ρ + 2√(ρ ln 1/δ), solved for ρ, is a ρ within the budget
    # (OpenDP's conversion is at least as tight), so it brackets from below. Both ends
    # are checked against the conversion rather than trusted.
    log_term = math.log(1 / delta)
    low = (math.sqrt(log_term + epsilon) - math.sqrt(log_term)) ** 2
    if epsilon_of(low, delta) > epsilon:
        low = 0.0
    high = max(epsilon, 2 * low)
    while epsilon_of(high, delta) <= epsilon:
        high *= 2
    while high - low > _RELATIVE_TOLERANCE * high:
        middle = (low + high) / 2
        if epsilon_of(middle, delta) <= epsilon:
            low = middle
        else:
            high = middle
    return low  # the side that is within the budget


def sigma_for(l2_sensitivity: float, yearly_rho_share: float, releases_per_year: int) -> float:
    """σ for a breakdown given its part of the yearly ρ, its Δ₂ and its releases in a year.

    Each release gets an equal part, ρ₁ = share / releases, so σ = Δ₂ / √(2ρ₁). If
    floating-point rounding lets OpenDP's map put the cost a hair above ρ₁, σ is nudged up.
    """
    if not (math.isfinite(yearly_rho_share) and yearly_rho_share > 0):
        raise ValueError("the breakdown's share of ρ must be a positive number")
    if releases_per_year < 1:
        raise ValueError("a breakdown is released at least once a year")
    per_release = yearly_rho_share / releases_per_year
    sigma = l2_sensitivity / math.sqrt(2 * per_release)
    while rho_of_release(l2_sensitivity, sigma) > per_release:
        sigma = math.nextafter(sigma, math.inf)
    return sigma


@dataclass(frozen=True)
class Breakdown:
    """One breakdown in a plan: its name, one family's L2 reach over its cells, its share of ρ."""

    name: str
    l2_sensitivity: float
    share: float  # of the plan's yearly ρ; a plan's shares add up to 1 at most


@dataclass(frozen=True)
class Plan:
    """What a school asks of a laptop for a year: which breakdowns, how often, at what (ε, δ)."""

    breakdowns: tuple[Breakdown, ...]
    cadence: Cadence = Cadence.TERM
    epsilon: float = DEFAULT_EPSILON
    delta: float = DEFAULT_DELTA


@dataclass(frozen=True)
class PlanCost:
    """What a plan costs one family in a year: the σ of each breakdown, ρ, and (ε, δ) stated."""

    sigmas: dict[str, float]
    yearly_rho: float
    epsilon: float
    delta: float


def even_plan(
    names_and_l2: Iterable[tuple[str, float]],
    cadence: Cadence = Cadence.TERM,
    epsilon: float = DEFAULT_EPSILON,
    delta: float = DEFAULT_DELTA,
) -> Plan:
    """A plan that splits the yearly ρ evenly over its breakdowns."""
    pairs = list(names_and_l2)
    if not pairs:
        raise ValueError("a plan has at least one breakdown")
    share = 1 / len(pairs)
    breakdowns = tuple(Breakdown(name, l2, share) for name, l2 in pairs)
    return Plan(breakdowns, cadence, epsilon, delta)


def plan_cost(plan: Plan) -> PlanCost:
    """Every σ, the yearly ρ (added up over breakdowns × releases) and the (ε, δ) it states."""
    if not plan.breakdowns:
        raise ValueError("a plan has at least one breakdown")
    names = [breakdown.name for breakdown in plan.breakdowns]
    if len(set(names)) != len(names):
        raise ValueError("each breakdown is named once in a plan")
    budget = rho_for(plan.epsilon, plan.delta)
    releases = plan.cadence.releases_per_year
    sigmas: dict[str, float] = {}
    spent: list[float] = []
    for breakdown in plan.breakdowns:
        sigma = sigma_for(breakdown.l2_sensitivity, breakdown.share * budget, releases)
        sigmas[breakdown.name] = sigma
        # Added up from what OpenDP says each release costs, not from the shares, so
        # shares that add up to more than 1 show up as a cost above the budget.
        spent.extend([rho_of_release(breakdown.l2_sensitivity, sigma)] * releases)
    yearly_rho = compose(spent)
    return PlanCost(sigmas, yearly_rho, epsilon_of(yearly_rho, plan.delta), plan.delta)


def check_plan(plan: Plan, policy_epsilon: float = DEFAULT_EPSILON) -> PlanCost:
    """The plan's cost if a laptop may follow it; BudgetRefused, in plain words, if not.

    Refused: a plan asking for an ε above the policy's or above 20, or whose breakdowns
    and releases add up to a yearly ε above either.
    """
    limit = min(policy_epsilon, HIGHEST_EPSILON)
    if plan.epsilon > HIGHEST_EPSILON:
        raise BudgetRefused(TOO_HIGH, asked=_rounded_up(plan.epsilon), highest=HIGHEST_EPSILON)
    cost = plan_cost(plan)
    asked = max(plan.epsilon, cost.epsilon)
    if asked > limit + _EPSILON_SLACK:
        raise BudgetRefused(
            OVER_BUDGET, asked=_rounded_up(asked), limit=math.floor(limit * 10) / 10
        )
    return cost


def _rounded_up(epsilon: float) -> float:
    """ε to one decimal as people read it, rounded up so an excess never reads as allowed."""
    return math.ceil(epsilon * 10 - 1e-9) / 10
