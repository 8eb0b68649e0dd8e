"""The hub's checks of a report of format 2 or 3 against its school's current policy, before it is
stored: the privacy block agrees with the report and its shape, every number is within
what a laptop's families could give (with noise no wider than a bound the school's
settings fix), the period does not overlap one this laptop already sent, and this
laptop's reports stay within each family's budget for the school year.

So one hostile enrolled laptop can move a school's number by a bounded amount only, and
an honest laptop that followed the policy (or, all but always, an earlier one) is not
refused. Each
refusal is a ``ProtocolError`` with a code for the laptop and a plain English reason.

Formats 2 and 3 differ only in their language cells: their caps, L2 sensitivities and so
what a report costs a family are the same (``report_shape``), so both are checked alike
and both count against the same yearly budget.
"""

from __future__ import annotations

import dataclasses
import math
from collections.abc import Iterable, Mapping
from functools import cache
from typing import Any

from parentrus_sync import budget
from parentrus_sync.periods import (
    Period,
    PeriodKind,
    period_named,
    periods_in_school_year,
    school_year_name,
)
from parentrus_sync.protocol import Policy, ProtocolError
from parentrus_sync.report_shape import ACCEPTED_FORMATS, BY_NAME, Caps, caps_for, cell_limit
from parentrus_sync.school_plan import ReportPlan

#: The noise a number may carry beyond what its families could give is counted at most
#: this many times the σ the school's current policy gives: a report built under an
#: earlier policy (a lower ε) may be noisier, and is still taken, but a laptop stating a
#: huge σ does not widen the range its numbers may fall in.
NOISIER_ALLOWED = 4.0
#: What the budget forgives for floating-point rounding, relative to the year's ρ.
_BUDGET_SLACK = 1e-9
#: What a stated L2 sensitivity may differ by from the shape's (another implementation
#: may round its square roots differently).
_L2_SLACK = 1e-9


def report_rho(report: Mapping[str, Any]) -> float:
    """What one stored or received report of format 2 or 3 costs each family, in ρ: the ρ it
    states, or more if its σ and Δ₂ say more (a report cannot understate its cost)."""
    privacy = report["privacy"]
    computed = math.fsum(
        budget.rho_formula(float(privacy["l2_sensitivity"][name]), float(sigma))
        for name, sigma in privacy["sigma"].items()
    )
    return max(float(privacy["rho"]), computed)


@cache  # asked for each report received; a school year's periods never change
def same_school_year(period: str) -> tuple[str, ...]:
    """Every term and month of the period's school year: the reports its budget counts."""
    year = period_named(period).school_year
    kinds = (PeriodKind.TERM, PeriodKind.MONTH)
    return tuple(p.name for kind in kinds for p in periods_in_school_year(year, kind))


def policy_sigma(plan: ReportPlan, name: str) -> float:
    """The σ the school's plan gives a breakdown; for one it does not ask for, the σ it
    would have with that breakdown added."""
    if name in plan.breakdowns:
        return plan.sigma(name)
    return dataclasses.replace(plan, breakdowns=(*plan.breakdowns, name)).sigma(name)


def check_report(
    report: Mapping[str, Any], policy: Policy, earlier: Iterable[Mapping[str, Any]]
) -> float:
    """The report's ρ if the school may take it; ProtocolError if not. ``report`` fits
    the schema and names a real period; ``earlier`` are the reports this laptop sent
    before (any school, any format)."""
    privacy = report["privacy"]
    period = period_named(report["period"])
    kind = period.kind
    if privacy["cadence"] != kind.value:
        raise ProtocolError(
            "bad-privacy",
            f"The report says it is made each {privacy['cadence']}, but its period "
            f"{report['period']} is a {kind.value}.",
        )
    year = school_year_name(period.school_year)
    if privacy["school_year"] != year:
        raise ProtocolError(
            "bad-privacy",
            f"The report says it is for the school year {privacy['school_year']}, but its "
            f"period {report['period']} is in {year}.",
        )
    caps = caps_for(kind)
    if privacy["caps"] != dataclasses.asdict(caps):
        raise ProtocolError(
            "bad-privacy",
            f"The report's limits on what one family adds are not the ones for a {kind.value}.",
        )
    names = set(report["totals"])
    if names != set(privacy["sigma"]) or names != set(privacy["l2_sensitivity"]):
        raise ProtocolError(
            "bad-privacy",
            "The report's noise figures are not for the same breakdowns as its numbers.",
        )
    for name in sorted(names):
        if not math.isclose(
            privacy["l2_sensitivity"][name], BY_NAME[name].l2(caps), rel_tol=_L2_SLACK
        ):
            raise ProtocolError(
                "bad-privacy",
                f"The report states a wrong sensitivity for {name}: it is fixed by the "
                "report's format.",
            )
    _check_noise(report, policy, caps)
    earlier = list(earlier)
    _check_overlap(report, period, earlier)
    return _check_budget(report, policy, year, earlier)


def _check_overlap(
    report: Mapping[str, Any], period: Period, earlier: Iterable[Mapping[str, Any]]
) -> None:
    """A month inside a term this laptop already sent, or the other way round, would count
    the same sessions and families twice."""
    for held in earlier:
        if held["school"] != report["school"] or held["period"] == report["period"]:
            continue
        other = period_named(str(held["period"]))
        if other.first <= period.last and period.first <= other.last:
            raise ProtocolError(
                "overlapping-period",
                f"This laptop already sent the school a report for {held['period']}, which "
                f"overlaps {report['period']}: the same families would be counted twice.",
            )


def _check_noise(report: Mapping[str, Any], policy: Policy, caps: Caps) -> None:
    plan = policy.plan()
    sigmas = report["privacy"]["sigma"]
    for name, cells in report["totals"].items():
        sigma = min(float(sigmas[name]), NOISIER_ALLOWED * policy_sigma(plan, name))
        low, high = cell_limit(BY_NAME[name], caps, policy.families_per_laptop, sigma)
        for cell, value in cells.items():
            if not low <= value <= high:
                raise ProtocolError(
                    "beyond-limit",
                    f"The number for {name} ({cell}) is more than "
                    f"{policy.families_per_laptop} families could give, even with noise.",
                )


def _check_budget(
    report: Mapping[str, Any], policy: Policy, year: str, earlier: Iterable[Mapping[str, Any]]
) -> float:
    """The report's ρ, if with this laptop's earlier reports to the school this school
    year it stays within each family's yearly budget under the school's ε."""
    rho = report_rho(report)
    spent = math.fsum(
        report_rho(held)
        for held in earlier
        if held.get("format") in ACCEPTED_FORMATS  # the first format was accounted otherwise
        and held["school"] == report["school"]
        and held["privacy"]["school_year"] == year
        and held["period"] != report["period"]
    )
    allowed = budget.rho_for(policy.epsilon, policy.plan().delta)
    if spent + rho > allowed * (1 + _BUDGET_SLACK):
        raise ProtocolError(
            "budget-exceeded",
            f"With this report, what this laptop sent the school in the school year {year} "
            f"would tell it more about each family than the school's privacy limit "
            f"(ε {policy.epsilon:g} a year) allows. The report is not kept.",
        )
    return rho
