"""What a school's policy asks of a laptop, and what it costs each family: both ends use
this one accountant, so the hub's policy page, the laptop's refusal and the report's
privacy block can never disagree.

A plan is the chosen breakdowns, the cadence (a term or a month), the caps for that
cadence and the yearly (ε, δ) per family per school. The yearly ρ is split over the
breakdowns by weight and evenly over the school year's periods; each breakdown's noise
scale σ follows (``budget.sigma_for``).
"""

from __future__ import annotations

import dataclasses
import math
from dataclasses import dataclass
from functools import cache
from typing import Any

from parentrus_sync import budget
from parentrus_sync.periods import Period, PeriodKind, school_year_name
from parentrus_sync.report_shape import (
    BY_NAME,
    DEFAULT_BREAKDOWNS,
    DEFAULT_FAMILIES_PER_LAPTOP,
    MECHANISM,
    Breakdown,
    Caps,
    caps_for,
    in_report_order,
)

#: The lowest yearly ε a policy may choose: below it every number drowns in its noise.
LOWEST_EPSILON = 1.0
#: A number's margin: the school's total is within ± this many noise standard deviations
#: of the true count 95 times in 100.
MARGIN_Z = 1.959964

_CADENCE = {PeriodKind.TERM: budget.Cadence.TERM, PeriodKind.MONTH: budget.Cadence.MONTH}


@dataclass(frozen=True)
class ReportPlan:
    """What a school asks for in a year, and every σ that follows."""

    breakdowns: tuple[str, ...] = DEFAULT_BREAKDOWNS
    kind: PeriodKind = PeriodKind.TERM
    epsilon: float = budget.DEFAULT_EPSILON  # per family, per school, per school year
    delta: float = budget.DEFAULT_DELTA
    families_per_laptop: int = DEFAULT_FAMILIES_PER_LAPTOP

    def __post_init__(self) -> None:
        object.__setattr__(self, "breakdowns", in_report_order(list(self.breakdowns)))
        caps_for(self.kind)  # a term or a month, nothing else
        if not (math.isfinite(self.epsilon) and self.epsilon > 0):
            raise ValueError("ε must be a positive number")

    @property
    def caps(self) -> Caps:
        return caps_for(self.kind)

    @property
    def chosen(self) -> tuple[Breakdown, ...]:
        return tuple(BY_NAME[name] for name in self.breakdowns)

    @property
    def releases(self) -> int:
        """Reports in a school year: 3 terms or 12 months."""
        return self.kind.per_school_year

    def l2(self, name: str) -> float:
        return BY_NAME[name].l2(self.caps)

    def budget_plan(self) -> budget.Plan:
        weights = sum(b.weight for b in self.chosen)
        return budget.Plan(
            tuple(
                budget.Breakdown(b.name, b.l2(self.caps), b.weight / weights) for b in self.chosen
            ),
            _CADENCE[self.kind],
            self.epsilon,
            self.delta,
        )

    def cost(self) -> budget.PlanCost:
        """Every σ and what a whole year of these reports costs one family; BudgetRefused
        when a laptop may not follow the plan (ε above 20, or above the policy's own)."""
        return _cost(self)

    def sigma(self, name: str) -> float:
        return self.cost().sigmas[name]

    def rho_per_release(self) -> float:
        """What one report costs one family: the year's ρ over the year's reports."""
        return self.cost().yearly_rho / self.releases

    def margin(self, name: str, laptops: int = 1, periods: int = 1) -> float:
        """± around a school's total of one cell from ``laptops`` laptops' reports over
        ``periods`` periods: 95 in 100 totals are within it of the true count."""
        return MARGIN_Z * self.sigma(name) * math.sqrt(laptops * periods)


@cache
def _cost(plan: ReportPlan) -> budget.PlanCost:
    # Cached: a plan's σ takes some forty OpenDP conversions, and every report, page and
    # check asks for it. Plans are frozen, so a cached cost is never stale.
    return budget.check_plan(plan.budget_plan(), plan.epsilon)


def margin_of_sum(sigmas: list[float]) -> float:
    """± (95 in 100) around a sum of counts each noised independently with these σ."""
    return MARGIN_Z * math.sqrt(math.fsum(s * s for s in sigmas))


@dataclass(frozen=True)
class AddedCost:
    """What adding one breakdown to a plan costs: at the same ε, how much wider every
    number's margin gets; or, to keep every margin, how much higher ε would go."""

    name: str
    wider: float  # each margin is multiplied by this at the same ε
    epsilon_to_keep_margins: float  # the yearly ε that would keep every margin as it is


def cost_of_adding(plan: ReportPlan, name: str) -> AddedCost:
    """The price of one more breakdown, for the school's policy page."""
    if name in plan.breakdowns:
        raise ValueError(f"{name} is already in the plan")
    weights = sum(BY_NAME[n].weight for n in plan.breakdowns)
    grown = weights + BY_NAME[name].weight
    # Each share shrinks by weights/grown at the same ε, so each σ grows by its root.
    wider = math.sqrt(grown / weights)
    # Keeping every σ means the year's ρ grows by the same factor.
    rho = budget.rho_for(plan.epsilon, plan.delta) * grown / weights
    keep = budget.epsilon_of(rho, plan.delta)
    return AddedCost(name, wider, keep)


def check_within(plan: ReportPlan, spent_rho: float) -> float:
    """ρ of the next report if the year's budget still holds it, after ``spent_rho``
    already spent this school year for this school; BudgetRefused (USED_UP) if not."""
    rho = plan.rho_per_release()
    allowed = budget.rho_for(plan.epsilon, plan.delta)
    if spent_rho + rho > allowed * (1 + 1e-9):
        raise budget.BudgetRefused(budget.USED_UP)
    return rho


def privacy_block(plan: ReportPlan, period: Period, rho_year_so_far: float) -> dict[str, Any]:
    """A report's privacy block: the unit, the year's budget and how much of it this
    laptop has spent for this school so far (this report included), every σ and Δ₂.
    The laptop's reports and the hub's checks both read it from here."""
    if period.kind is not plan.kind:
        raise ValueError("the period is not of the plan's kind")
    return {
        "unit": "family",
        "mechanism": MECHANISM,
        "cadence": plan.kind.value,
        "school_year": school_year_name(period.school_year),
        "epsilon_year": plan.epsilon,
        "delta": plan.delta,
        "rho": plan.rho_per_release(),
        "rho_year_so_far": rho_year_so_far,
        "epsilon_year_so_far": budget.epsilon_of(rho_year_so_far, plan.delta),
        "sigma": {name: plan.sigma(name) for name in plan.breakdowns},
        "l2_sensitivity": {name: plan.l2(name) for name in plan.breakdowns},
        "caps": dataclasses.asdict(plan.caps),
    }
