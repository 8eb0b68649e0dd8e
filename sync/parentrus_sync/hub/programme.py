"""A programme's numbers for one term: each school's dashboard, and the programme's totals.

The totals are not sums of what the schools' pages show. Each is the sum, over every laptop
of every school, of the noised totals the laptops sent (before any rounding or hiding, so a
school's hidden number counts with its real noised size, never as 0), and then goes through
the same display rules as a school's numbers: rounded to the nearest 5, under 10 hidden,
with enough others hidden that none can be worked back, each with its ± margin.

One more rule, because whoever sees the programme's totals also sees every school's page:
a total is hidden when the same number is hidden on any school's page (a hidden total of a
table included). Otherwise the total, less the other schools' shown numbers, would give
the hidden one back to within the rounding. The display rules then hide other totals where
needed so that the hidden ones cannot be worked back within the programme's table either.
A total so hidden is shown as every hidden number is, and the page says why.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass, replace
from datetime import date

from parentrus_sync.display import Place
from parentrus_sync.hub.dashboard import STOCKS, Dashboard, build
from parentrus_sync.hub.figures import Figure
from parentrus_sync.hub.storage import School, StoredReport
from parentrus_sync.hub.terms import Term
from parentrus_sync.protocol import Policy

#: The programme's totals as a Dashboard names its school.
PROGRAMME = "programme"


@dataclass(frozen=True)
class SchoolNumbers:
    school: School
    board: Dashboard


@dataclass(frozen=True)
class Programme:
    term: Term
    schools: tuple[SchoolNumbers, ...]
    totals: Dashboard  # current-format reports only; first-format ones stay on each school's page


def programme_numbers(
    schools: Sequence[School], held: Mapping[str, Sequence[StoredReport]], term: Term, today: date
) -> Programme:
    """Every school's dashboard for the term, and the programme's totals over them all, from
    each school's reports (``held``, by school)."""
    boards = tuple(
        SchoolNumbers(s, build(s.slug, held[s.slug], term, s.policy, today)) for s in schools
    )
    every = [r for s in schools for r in held[s.slug]]
    # The privacy statement belongs to each school's page; the totals need some policy to
    # be built with, and the widest limit is the one that never understates it.
    widest = max((s.policy for s in schools), key=lambda p: p.epsilon, default=Policy(PROGRAMME))

    def also_hidden(breakdown: str, columns: tuple[str, ...]) -> Collection[Place]:
        figures = [f for n in boards for f in n.board.figures if f.key == breakdown]
        return {
            place
            for place in _places(breakdown, columns, figures)
            if any(_gives_back(f, breakdown, place, columns) for f in figures)
        }

    totals = build(PROGRAMME, every, term, widest, today, also_hidden)
    # First-format reports are summed without the rule above (``dashboard_v1``): they stay
    # on each school's page and out of the totals, on the page and in the CSV alike.
    return Programme(term, boards, replace(totals, first_format=None))


def _places(breakdown: str, columns: tuple[str, ...], figures: list[Figure]) -> set[Place]:
    """Every place of the programme's table for this breakdown."""
    rows = {line.key for f in figures for line in f.lines}
    places: set[Place] = {(r, c) for r in rows for c in columns}
    places |= {(None, c) for c in columns}
    if len(columns) > 1:
        places |= {(r, None) for r in rows} | {(None, None)}
    return places


def _gives_back(school: Figure, breakdown: str, place: Place, columns: tuple[str, ...]) -> bool:
    """Whether showing the programme's number at ``place`` could give back a number hidden
    in this school's figure: whether that school's part of it is hidden."""
    own = school.columns
    row, column = place

    def whole_row(r: str | None) -> Place:  # the school's number for the whole of its columns
        if len(own) == 1:
            return (r, own[0])
        return (r, None)

    if len(columns) == 1 and tuple(own) != tuple(columns):
        # The programme has one column for the term, this school one per month (another
        # school reports each term). Its part is its months added up; for a number held
        # at a time (families supported) it is each laptop's latest month, which is not
        # in its table: any hidden number of the line keeps the total hidden.
        if breakdown in STOCKS:
            return any(r == row or row is None for r, _ in school.hidden)
        return whole_row(row) in school.hidden
    if column is not None and column not in own:
        return False  # the school sent nothing for that month: its part is 0
    if column is None:
        return whole_row(row) in school.hidden
    if len(own) == 1:
        return (row, own[0]) in school.hidden
    return (row, column) in school.hidden
