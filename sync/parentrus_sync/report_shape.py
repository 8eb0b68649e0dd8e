"""The shape of a report (``parentrus-report/3``): the menu of breakdowns a school may ask
for, their fixed cells, and how much one family can add to each. Both ends read this;
the report schema, the laptop's caps and the hub's limits are all built from it.

The privacy unit is the family. In one period a family adds at most its caps (``Caps``)
to a report, so each breakdown has an L2 sensitivity over its cells with the family as
the unit (``Breakdown.l2``) and a most one family adds to any one cell
(``Breakdown.cell_cap``). A session with three families counts once for each of them:
"sessions with families", not sessions, so that removing one family changes only what
that family adds.

Changing a cell, a cap or a weight changes the wire: it needs a new ``REPORT_FORMAT``.

Format 3 differs from format 2 only in the cells of the two language breakdowns
(``LANGUAGE_BREAKDOWNS``): a cell for every language the app offers a family, where
format 2 counted nine of them (Romani among them) as "other". A breakdown's reach comes
from the caps alone (how many languages one family counts for), never from how many
cells it has, so its L2 sensitivity, each σ and what a report costs a family are the
same in both formats. A hub still takes format 2 from laptops not yet updated
(``ACCEPTED_FORMATS``) and reads such a report as one of format 3 whose nine new cells
are missing (``cells_of``).
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass

from parentrus_sync.cells import (
    ADDED_LANGUAGE_CELLS,
    AGENCY_CATEGORIES,
    BARRIERS,
    CELEBRATION_CATEGORIES,
    CHECK_IN_CHANGES,
    CHECK_IN_QUESTIONS,
    LANGUAGE_CELLS,
    NON_ATTENDANCE_REASONS,
    SECOND_FORMAT_LANGUAGE_CELLS,
    SESSION_KINDS,
    TOPICS,
    VENUE_CATEGORIES,
)
from parentrus_sync.periods import PeriodKind

REPORT_FORMAT = "parentrus-report/3"
SECOND_FORMAT = "parentrus-report/2"
FIRST_FORMAT = "parentrus-report/1"
#: What a hub takes from a laptop, oldest first. The first format's reports a hub holds
#: are still shown (``report_shape_v1``), but a laptop may no longer send one.
ACCEPTED_FORMATS = (SECOND_FORMAT, REPORT_FORMAT)
MECHANISM = "discrete Gaussian (OpenDP)"

#: How many families one laptop may count for one school: the policy chooses within this
#: range. The hub's limit on every number follows from it (``cell_limit``).
DEFAULT_FAMILIES_PER_LAPTOP = 40
FAMILIES_PER_LAPTOP_RANGE = (5, 200)
#: A number further than this many noise scales beyond what its families could give is
#: refused by the hub. The discrete Gaussian goes that far about once in 10²³ draws, so
#: an honest laptop is never refused, and a hostile one moves a number by a bounded amount.
NOISE_SCALES_ALLOWED = 10


@dataclass(frozen=True)
class Caps:
    """The most one family adds in one period: more is not counted."""

    sessions_per_family: int  # held sessions
    missed_per_family: int  # sessions the family could not come to
    topics_per_session: int = 3
    languages_per_session: int = 2
    hours_per_session: int = 3
    barriers_per_family: int = 3
    languages_per_family: int = 2
    requests_per_family: int = 3
    referrals_per_family: int = 3
    celebrations_per_family: int = 3


#: About one session a week over a twelve-week term; a month holds about four.
_CAPS = {
    PeriodKind.TERM: Caps(sessions_per_family=12, missed_per_family=6),
    PeriodKind.MONTH: Caps(sessions_per_family=4, missed_per_family=2),
}
#: The cadences a policy may ask for: a term (the default) or a month.
CADENCES = (PeriodKind.TERM, PeriodKind.MONTH)


def caps_for(kind: PeriodKind) -> Caps:
    """The caps for one period of this kind; ValueError for a kind no policy may ask for."""
    if kind not in _CAPS:
        raise ValueError(f"reports are made each term or each month, not each {kind.value}")
    return _CAPS[kind]


# What one family can add, as (most to one cell, L2 over all cells), from the caps.
Reach = Callable[[Caps], tuple[int, float]]


def _one(_: Caps) -> tuple[int, float]:
    return 1, 1.0


def _all_in_one(per_family: Callable[[Caps], int]) -> Reach:
    """A family adds up to ``per_family`` in all, possibly all to one cell."""

    def reach(caps: Caps) -> tuple[int, float]:
        return per_family(caps), float(per_family(caps))

    return reach


_sessions = _all_in_one(lambda c: c.sessions_per_family)


def _spread(per_cell: Callable[[Caps], int], cells: Callable[[Caps], int]) -> Reach:
    """A family adds up to ``per_cell`` to each of up to ``cells`` distinct cells."""

    def reach(caps: Caps) -> tuple[int, float]:
        return per_cell(caps), per_cell(caps) * math.sqrt(cells(caps))

    return reach


@dataclass(frozen=True)
class Breakdown:
    """One breakdown on the menu: its cells, whether it is in the default set, its weight
    (its share of the budget is its weight over the chosen ones' sum) and its reach."""

    name: str
    cells: tuple[str, ...]
    core: bool
    weight: float
    reach: Reach

    def cell_cap(self, caps: Caps) -> int:
        """The most one family adds to any one of its cells in one period."""
        return self.reach(caps)[0]

    def l2(self, caps: Caps) -> float:
        """The L2 distance one family can move its cells by in one period."""
        return self.reach(caps)[1]


MENU: tuple[Breakdown, ...] = (
    # The default set: whether the programme works.
    Breakdown("families_active", ("families",), core=True, weight=1, reach=_one),
    Breakdown("families_new", ("families",), core=True, weight=1, reach=_one),
    Breakdown("families_closed", ("families",), core=True, weight=1, reach=_one),
    # One number, not one per kind: a family's capped sessions can all be of one kind, so
    # each kind's cell needs the noise of the whole total, and the school's total of six
    # kinds would carry six noises. Its larger weight buys the school a tighter total.
    Breakdown("sessions_held", ("sessions",), core=True, weight=3, reach=_sessions),
    # A request is made in one period and answered in the same or a later one.
    Breakdown(
        "school_requests",
        ("made", "answered"),
        core=True,
        weight=1,
        reach=_spread(lambda c: c.requests_per_family, lambda c: 2),
    ),
    # The family's latest check-in against its previous one: one change per question.
    Breakdown(
        "check_in_changes",
        tuple(f"{q}:{c}" for q in CHECK_IN_QUESTIONS for c in CHECK_IN_CHANGES),
        core=True,
        weight=1,
        reach=_spread(lambda c: 1, lambda c: len(CHECK_IN_QUESTIONS)),
    ),
    # What a school may add.
    Breakdown("sessions_by_kind", SESSION_KINDS, core=False, weight=1, reach=_sessions),
    Breakdown(
        "sessions_by_venue_category", VENUE_CATEGORIES, core=False, weight=1, reach=_sessions
    ),
    Breakdown(
        "sessions_by_language",
        (*LANGUAGE_CELLS, "other"),
        core=False,
        weight=1,
        reach=_spread(lambda c: c.sessions_per_family, lambda c: c.languages_per_session),
    ),
    Breakdown(
        "sessions_by_topic",
        TOPICS,
        core=False,
        weight=1,
        reach=_spread(lambda c: c.sessions_per_family, lambda c: c.topics_per_session),
    ),
    Breakdown(
        "did_not_attend_by_reason",
        NON_ATTENDANCE_REASONS,
        core=False,
        weight=1,
        reach=_all_in_one(lambda c: c.missed_per_family),
    ),
    Breakdown(
        "mentor_hours",
        ("hours",),
        core=False,
        weight=1,
        reach=_all_in_one(lambda c: c.sessions_per_family * c.hours_per_session),
    ),
    Breakdown(
        "barriers_at_intake",
        BARRIERS,
        core=False,
        weight=1,
        reach=_spread(lambda c: 1, lambda c: c.barriers_per_family),
    ),
    Breakdown(
        "languages_at_intake",
        (*LANGUAGE_CELLS, "other"),
        core=False,
        weight=1,
        reach=_spread(lambda c: 1, lambda c: c.languages_per_family),
    ),
    # A family's capped referrals (or celebrations) can all be of one kind.
    Breakdown(
        "referrals_by_category",
        AGENCY_CATEGORIES,
        core=False,
        weight=1,
        reach=_all_in_one(lambda c: c.referrals_per_family),
    ),
    Breakdown(
        "celebrations_by_category",
        CELEBRATION_CATEGORIES,
        core=False,
        weight=1,
        reach=_all_in_one(lambda c: c.celebrations_per_family),
    ),
)

BY_NAME = {b.name: b for b in MENU}
#: Breakdown names, in report order, and each one's cells.
BREAKDOWN_NAMES = tuple(b.name for b in MENU)
CELLS = {b.name: b.cells for b in MENU}
#: What a school gets unless its policy says otherwise.
DEFAULT_BREAKDOWNS = tuple(b.name for b in MENU if b.core)
#: The breakdowns whose cells are languages: the only ones whose cells differ by format.
LANGUAGE_BREAKDOWNS = ("sessions_by_language", "languages_at_intake")
#: Each breakdown's cells in format 2: the same, but fewer languages.
SECOND_FORMAT_CELLS = {
    name: (*SECOND_FORMAT_LANGUAGE_CELLS, "other") if name in LANGUAGE_BREAKDOWNS else cells
    for name, cells in CELLS.items()
}


def cells_of(report_format: str) -> dict[str, tuple[str, ...]]:
    """Each breakdown's cells in a format the hub takes; ValueError for any other. A
    format-2 report read by them as format 3 has the cells of ``ADDED_LANGUAGE_CELLS``
    missing: its families who speak those languages are in its "other"."""
    if report_format == REPORT_FORMAT:
        return CELLS
    if report_format == SECOND_FORMAT:
        return SECOND_FORMAT_CELLS
    raise ValueError(f"a hub takes reports of {' and '.join(ACCEPTED_FORMATS)} only")


def in_report_order(names: object) -> tuple[str, ...]:
    """The chosen breakdowns in report order; ValueError for an unknown or repeated name."""
    if not isinstance(names, list | tuple) or not names:
        raise ValueError("a policy asks for at least one breakdown")
    chosen = list(names)
    if len(set(chosen)) != len(chosen) or not all(n in BY_NAME for n in chosen):
        raise ValueError("a policy names each breakdown once, from the menu")
    return tuple(n for n in BREAKDOWN_NAMES if n in chosen)


def cell_limit(breakdown: Breakdown, caps: Caps, families: int, sigma: float) -> tuple[int, int]:
    """The lowest and highest number an honest laptop with at most ``families`` families
    sends for any cell of this breakdown, noise of scale σ included."""
    noise = math.ceil(NOISE_SCALES_ALLOWED * sigma)
    return -noise, families * breakdown.cell_cap(caps) + noise


# The cells are part of the shape: both ends may read them from here.
__all__ = [
    "ACCEPTED_FORMATS",
    "ADDED_LANGUAGE_CELLS",
    "AGENCY_CATEGORIES",
    "BARRIERS",
    "BREAKDOWN_NAMES",
    "BY_NAME",
    "CADENCES",
    "CELEBRATION_CATEGORIES",
    "CELLS",
    "CHECK_IN_CHANGES",
    "CHECK_IN_QUESTIONS",
    "DEFAULT_BREAKDOWNS",
    "DEFAULT_FAMILIES_PER_LAPTOP",
    "FAMILIES_PER_LAPTOP_RANGE",
    "FIRST_FORMAT",
    "LANGUAGE_BREAKDOWNS",
    "LANGUAGE_CELLS",
    "MECHANISM",
    "MENU",
    "NOISE_SCALES_ALLOWED",
    "NON_ATTENDANCE_REASONS",
    "REPORT_FORMAT",
    "SECOND_FORMAT",
    "SECOND_FORMAT_CELLS",
    "SECOND_FORMAT_LANGUAGE_CELLS",
    "SESSION_KINDS",
    "TOPICS",
    "VENUE_CATEGORIES",
    "Breakdown",
    "Caps",
    "caps_for",
    "cell_limit",
    "cells_of",
    "in_report_order",
]
