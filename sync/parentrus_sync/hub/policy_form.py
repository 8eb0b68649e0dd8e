"""The policy page's form: what the coordinator chose, checked in plain words, and what the
chosen plan means for every number (its margin, and what each optional breakdown costs).

The figures come from the one accountant both ends use (``school_plan``), so what this page
promises is what the laptops do when they pick the policy up on their next sync.
"""

from __future__ import annotations

import math
import re
from collections.abc import Mapping
from dataclasses import dataclass

from parentrus_sync.budget import HIGHEST_EPSILON, BudgetRefused
from parentrus_sync.hub.figures import words
from parentrus_sync.periods import PeriodKind
from parentrus_sync.protocol import KEEP_CLOSED_MONTHS_RANGE, Policy
from parentrus_sync.report_shape import CADENCES, FAMILIES_PER_LAPTOP_RANGE, MENU
from parentrus_sync.school_plan import LOWEST_EPSILON, ReportPlan, cost_of_adding

#: The margins the page shows: for one laptop, and for a school with five mentors.
LAPTOPS_SHOWN = (1, 5)
BREAKDOWN_FIELD = "breakdown-"  # one checkbox per breakdown, so the form stays a flat dict


class PolicyProblem(ValueError):
    """What is wrong with the form, in words fit to show as they are."""


@dataclass(frozen=True)
class Entered:
    """The form as the coordinator filled it in (or as the saved policy fills it)."""

    cadence: str
    epsilon: str
    families: str
    breakdowns: frozenset[str]
    keep: str = ""  # the longest keep of a closed family, in months; empty: no limit

    @classmethod
    def of(cls, policy: Policy) -> Entered:
        return cls(
            policy.period_kind.value,
            number_text(policy.epsilon),
            str(policy.families_per_laptop),
            frozenset(policy.breakdowns),
            "" if policy.keep_closed_months is None else str(policy.keep_closed_months),
        )

    @classmethod
    def from_form(cls, form: Mapping[str, object]) -> Entered:
        chosen = {
            str(key)[len(BREAKDOWN_FIELD) :] for key in form if str(key).startswith(BREAKDOWN_FIELD)
        }
        return cls(
            str(form.get("cadence", "")).strip()[:20],
            str(form.get("epsilon", "")).strip()[:20],
            str(form.get("families", "")).strip()[:20],
            frozenset(chosen),
            str(form.get("keep", "")).strip()[:20],
        )

    def policy(self, current: Policy) -> Policy:
        """The policy this form asks for; PolicyProblem, in plain words, if it cannot be."""
        problems = words()["policy"]["problems"]
        if self.cadence not in {kind.value for kind in CADENCES}:
            raise PolicyProblem(problems["cadence"])
        try:
            epsilon = float(self.epsilon.replace(",", "."))
        except ValueError:
            raise PolicyProblem(problems["epsilon_number"]) from None
        if not math.isfinite(epsilon):
            raise PolicyProblem(problems["epsilon_number"])
        if epsilon > HIGHEST_EPSILON:
            raise PolicyProblem(
                problems["epsilon_high"].format(highest=number_text(HIGHEST_EPSILON))
            )
        if epsilon < LOWEST_EPSILON:
            raise PolicyProblem(problems["epsilon_low"].format(lowest=number_text(LOWEST_EPSILON)))
        low, high = FAMILIES_PER_LAPTOP_RANGE
        # Digits 0-9 only: "²" is a digit to str.isdigit, and int() refuses it.
        if not re.fullmatch(r"[0-9]{1,4}", self.families) or not low <= int(self.families) <= high:
            raise PolicyProblem(problems["families"].format(low=low, high=high))
        known = {b.name for b in MENU}
        if not self.breakdowns:
            raise PolicyProblem(problems["none_chosen"])
        if not self.breakdowns <= known:
            raise PolicyProblem(problems["unknown"])
        keep_low, keep_high = KEEP_CLOSED_MONTHS_RANGE
        if self.keep and (
            not re.fullmatch(r"[0-9]{1,3}", self.keep)
            or not keep_low <= int(self.keep) <= keep_high
        ):
            raise PolicyProblem(problems["keep"].format(low=keep_low, high=keep_high))
        policy = Policy(
            school=current.school,
            period_kind=PeriodKind(self.cadence),
            grace_days=current.grace_days,
            epsilon=round(epsilon, 2),
            breakdowns=tuple(b.name for b in MENU if b.name in self.breakdowns),
            families_per_laptop=int(self.families),
            keep_closed_months=int(self.keep) if self.keep else None,
        )
        try:
            policy.plan().cost()
        except BudgetRefused as refused:  # the accountant's own last word
            raise PolicyProblem(str(refused)) from None
        return policy


@dataclass(frozen=True)
class Choice:
    """One breakdown on the page: its checkbox, and for an optional one, what it costs."""

    name: str
    title: str
    core: bool
    chosen: bool
    cost: str  # '' for a core breakdown, or where there is nothing to compare with


@dataclass(frozen=True)
class MarginRow:
    name: str
    title: str
    margins: tuple[int, ...]  # one per LAPTOPS_SHOWN, rounded up


@dataclass(frozen=True)
class PlanView:
    """What the page shows for a plan."""

    plan: ReportPlan
    choices: tuple[Choice, ...]
    margins: tuple[MarginRow, ...]


def view(plan: ReportPlan, entered: Entered) -> PlanView:
    """The checkboxes (as entered) with each optional breakdown's cost against ``plan``,
    and every chosen breakdown's margin under ``plan``."""
    titles = words()["titles"]
    choices = tuple(
        Choice(
            b.name,
            str(titles[b.name]),
            b.core,
            b.name in entered.breakdowns,
            "" if b.core else _cost(plan, b.name, b.name in entered.breakdowns),
        )
        for b in MENU
    )
    margins = tuple(
        MarginRow(
            name,
            str(titles[name]),
            tuple(math.ceil(plan.margin(name, laptops=n)) for n in LAPTOPS_SHOWN),
        )
        for name in plan.breakdowns
    )
    return PlanView(plan, choices, margins)


def _cost(plan: ReportPlan, name: str, chosen: bool) -> str:
    """What adding ``name`` to the rest of the plan costs, in words; ``chosen`` says
    whether it is ticked (what it costs) or not (what adding it would cost)."""
    others = tuple(n for n in plan.breakdowns if n != name)
    if not others:
        return ""
    base = ReportPlan(others, plan.kind, plan.epsilon, plan.delta, plan.families_per_laptop)
    added = cost_of_adding(base, name)
    percent = round((added.wider - 1) * 100)
    w = words()["policy"]
    lead = w["chosen_costs"] if chosen else w["adding_costs"]
    return f"{lead} " + str(w["cost"]).format(
        percent=percent if percent >= 1 else "less than 1",
        epsilon=number_text(plan.epsilon),
        keep=number_text(math.ceil(added.epsilon_to_keep_margins * 10 - 1e-9) / 10),
    )


def keep_words(policy: Policy) -> str:
    """How long the laptops keep a closed family's records under this policy, in words."""
    w = words()["policy"]
    months = policy.keep_closed_months
    if months is None:
        return str(w["keep_none"])
    count = str(w["month"] if months == 1 else w["months"]).format(count=months)
    return str(w["keep_limit"]).format(months=count)


def number_text(number: float) -> str:
    """10.0 as '10', 10.7 as '10.7', 10.25 as '10.25'."""
    return f"{number:.2f}".rstrip("0").rstrip(".")
