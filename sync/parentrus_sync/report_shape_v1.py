"""The shape of a first-format report (``parentrus-report/1``, made before December 2026),
which a hub still shows for the reports it holds; laptops no longer make them: its
breakdowns, their fixed cells, the contribution bounds and the noise limits.

A report always holds every cell of every breakdown, zeros included, so which cells
appear says nothing about anybody. Changing a cell or a bound changes the wire: it
needs a new ``REPORT_FORMAT``.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Literal

from parentrus_sync.cells import (
    AGENCY_CATEGORIES,
    BARRIERS,
    CELEBRATION_CATEGORIES,
    CHECK_IN_CHANGES,
    CHECK_IN_QUESTIONS,
    NON_ATTENDANCE_REASONS,
    SECOND_FORMAT_LANGUAGE_CELLS,
    SESSION_KINDS,
    TOPICS,
    VENUE_CATEGORIES,
)

REPORT_FORMAT = "parentrus-report/1"

#: Each school's budget per breakdown: the default, and what a policy may choose.
DEFAULT_EPSILON = 1.0
LOWEST_EPSILON, HIGHEST_EPSILON = 0.1, 2.0

#: The largest count one laptop can plausibly give one cell for one period, before noise:
#: 8 sessions per family per period (the cap) for a mentor with 800 families, times the
#: 3 topics a session may count for, is 19,200.
LARGEST_COUNT = 20_000
#: Noise is drawn again when it falls beyond this many (see ``noise_limit``), so no
#: honest report holds a total below -600, and the hub can refuse anything lower.
HIGHEST_NOISE_LIMIT = 600
#: The limit is this many noise scales (sensitivity / epsilon), under the cap above.
NOISE_LIMIT_SCALES = 25


@dataclass(frozen=True)
class Bounds:
    """How much one family, or one session, can add: the sensitivities come from these."""

    sessions_per_family: int = 8  # per period; more sessions of one family are not counted
    topics_per_session: int = 3
    languages_per_session: int = 2
    barriers_per_family: int = 3
    languages_per_family: int = 2
    hours_per_session: int = 3
    referrals_per_family: int = 3
    celebrations_per_family: int = 3
    requests_per_family: int = 3


#: The smallest and largest value a policy may give any bound.
BOUND_RANGE = (1, 20)


@dataclass(frozen=True)
class Breakdown:
    """One breakdown: its fixed cells, its privacy unit, and how much one unit can change
    it (its sensitivity, the sum over all its cells)."""

    name: str
    unit: Literal["family", "session"]
    cells: tuple[str, ...]
    sensitivity: int

    def epsilon_per_family(self, epsilon: float, bounds: Bounds) -> float:
        """What the breakdown's epsilon means for one family: a family adds up to its
        capped number of sessions to a session breakdown, so its budget is that many
        times the per-session one."""
        return epsilon * (bounds.sessions_per_family if self.unit == "session" else 1)


def breakdowns(bounds: Bounds) -> tuple[Breakdown, ...]:
    """Every breakdown of a report, in report order."""
    return (
        Breakdown("sessions_by_kind", "session", SESSION_KINDS, 1),
        Breakdown("sessions_by_venue_category", "session", VENUE_CATEGORIES, 1),
        Breakdown(
            "sessions_by_language",
            "session",
            (*SECOND_FORMAT_LANGUAGE_CELLS, "other"),
            bounds.languages_per_session,
        ),
        Breakdown("sessions_by_topic", "session", TOPICS, bounds.topics_per_session),
        Breakdown("did_not_attend_by_reason", "session", NON_ATTENDANCE_REASONS, 1),
        Breakdown("mentor_hours", "session", ("hours",), bounds.hours_per_session),
        Breakdown("families_new", "family", ("families",), 1),
        Breakdown("families_active", "family", ("families",), 1),
        Breakdown("families_closed", "family", ("families",), 1),
        Breakdown("barriers_at_intake", "family", BARRIERS, bounds.barriers_per_family),
        Breakdown(
            "languages_at_intake",
            "family",
            (*SECOND_FORMAT_LANGUAGE_CELLS, "other"),
            bounds.languages_per_family,
        ),
        # A request counts as made in one period and answered in the same or a later
        # one: a family's capped requests can touch both cells.
        Breakdown(
            "school_requests", "family", ("made", "answered"), 2 * bounds.requests_per_family
        ),
        Breakdown(
            "referrals_by_category", "family", AGENCY_CATEGORIES, bounds.referrals_per_family
        ),
        Breakdown(
            "celebrations_by_category",
            "family",
            CELEBRATION_CATEGORIES,
            bounds.celebrations_per_family,
        ),
        # One family's latest check-in against its previous one: one change per question.
        Breakdown(
            "check_in_changes",
            "family",
            tuple(f"{q}:{c}" for q in CHECK_IN_QUESTIONS for c in CHECK_IN_CHANGES),
            len(CHECK_IN_QUESTIONS),
        ),
    )


#: Breakdown names, in report order, and each one's cells.
BREAKDOWN_NAMES = tuple(b.name for b in breakdowns(Bounds()))
CELLS = {b.name: b.cells for b in breakdowns(Bounds())}


def noise_limit(epsilon: float, sensitivity: int) -> int:
    """Noise beyond ± this is drawn again: 25 noise scales, at most 600."""
    return min(HIGHEST_NOISE_LIMIT, math.ceil(NOISE_LIMIT_SCALES * sensitivity / epsilon))


def noise_delta(epsilon: float, sensitivity: int) -> float:
    """The δ that drawing again beyond the limit costs: the chance that noise lands
    within one sensitivity of the limit, where a neighbouring record set could not have
    put it. At the default epsilon it is about 10⁻¹¹; at the lowest allowed epsilon and
    the largest sensitivity, about 10⁻⁴."""
    alpha = math.exp(-epsilon / sensitivity)
    limit = noise_limit(epsilon, sensitivity)
    tail = 2 * alpha ** (limit - sensitivity + 1) / (1 + alpha)
    kept = 1 - 2 * alpha ** (limit + 1) / (1 + alpha)
    return tail / kept
