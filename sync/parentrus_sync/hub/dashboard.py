"""A school's numbers for one term, every one through the display rules and with its margin.

The hub shows fixed periods only: a term, and the months of a term when the laptops report
monthly (``terms``). Reports of the current formats (``parentrus-report/3``, and ``/2`` from
laptops not yet updated) hold only the breakdowns the school's policy chose; each one
present gets a figure:

- a table by period (``Spec.by_month``) has a column for the term when the laptops report
  each term, or a column per reported month (and a total where adding up means something)
  when they all report monthly;
- every other table is summed over the whole term: one column.

Every table is summed over all laptops' reports first and only then clipped, rounded and
suppressed by ``display.display_table``; each shown number's margin comes from the σ of
every report summed into it (each report's privacy block). Reports of the first format the
hub still holds are shown apart, without margins (``dashboard_v1``). The same figures feed
the dashboard, the CSV and the printable report, so a number hidden in one is never shown
in another.

Formats 2 and 3 differ only in their language cells, and protect a family alike, so they
are added up together: a format-2 report is read as one of format 3 whose cells for the
nine languages format 3 added (Romani, Albanian, ...) are missing, its families who speak
them being in its "other". So the numbers of those nine languages leave out the families
of laptops still on format 2 (and their margins count only format-3 reports' noise),
while every total and "other" still counts everyone. A language figure holding any
format-2 report says so in plain words, with how many of its laptops sent one
(``Figure.older_laptops_note``), on the page, in the printable report and in the CSV.
Hiding those languages until every laptop is updated would hide Roma families' numbers
from a school for as long as one laptop lags, and folding them into "other" would make a
school's table differ from the programme's, whose hiding rules compare them cell by cell.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Collection, Iterable, Sequence
from dataclasses import dataclass
from datetime import date

from parentrus_sync.budget import DEFAULT_DELTA
from parentrus_sync.cells import CHECK_IN_CHANGES, CHECK_IN_QUESTIONS
from parentrus_sync.display import Place, display_table, sum_over_laptops
from parentrus_sync.hub import dashboard_v1
from parentrus_sync.hub.dashboard_v1 import FirstFormat
from parentrus_sync.hub.figures import (
    Figure,
    Spec,
    cell_label,
    from_table,
    month_label,
    words,
)
from parentrus_sync.hub.storage import StoredReport
from parentrus_sync.hub.terms import Term
from parentrus_sync.periods import PeriodKind, period_named, school_year_name, school_year_of
from parentrus_sync.protocol import Policy
from parentrus_sync.report_shape import (
    ACCEPTED_FORMATS,
    BREAKDOWN_NAMES,
    CELLS,
    LANGUAGE_BREAKDOWNS,
    SECOND_FORMAT,
    cells_of,
)

# In dashboard order: whether the programme works first, then what a school may add.
SPECS = (
    Spec("families_active", "months", by_month=True, total=False),
    Spec("families_new", "number", by_month=False, total=False),
    Spec("families_closed", "number", by_month=False, total=False),
    Spec("sessions_held", "months", by_month=True, total=True),
    Spec("school_requests", "bars", by_month=False, total=False),
    Spec("check_in_changes", "stacked_bars", by_month=False, total=True),
    Spec("sessions_by_venue_category", "stacked_months", by_month=True, total=True),
    Spec("sessions_by_kind", "bars", by_month=False, total=True),
    Spec("mentor_hours", "months", by_month=True, total=True),
    Spec("sessions_by_topic", "bars", by_month=False, total=False),
    Spec("sessions_by_language", "bars", by_month=False, total=False),
    Spec("did_not_attend_by_reason", "bars", by_month=False, total=True),
    Spec("languages_at_intake", "bars", by_month=False, total=False),
    Spec("barriers_at_intake", "bars", by_month=False, total=False),
    Spec("referrals_by_category", "bars", by_month=False, total=True),
    Spec("celebrations_by_category", "bars", by_month=False, total=True),
)
assert {s.breakdown for s in SPECS} == set(BREAKDOWN_NAMES), "every breakdown has a figure"


@dataclass(frozen=True)
class Privacy:
    """What the page says about privacy: the school year's limit per family and how much
    of it the laptops have used so far."""

    school_year: str  # '2026/27'
    epsilon: float  # the year's ε per family
    delta: float
    used: float | None  # the most any laptop has used this school year; None: no report yet
    first_format: bool = False  # the school year also holds first-format reports

    @property
    def sentences(self) -> tuple[str, ...]:
        """The statement in plain words: what it means, the limit, how much is used, and
        whether reports of the first format (outside the limit) are in the year too."""
        w = words()["privacy"]
        used = (
            str(w["none_used"])
            if self.used is None
            else str(w["used"]).format(used=self.used_text, epsilon=self.epsilon_text)
        )
        earlier = (str(w["first_format"]),) if self.first_format else ()
        return (
            str(w["plain"]).format(year=self.school_year),
            str(w["limit"]).format(epsilon=self.epsilon_text),
            used,
            *earlier,
        )

    @property
    def epsilon_text(self) -> str:
        return _epsilon_text(self.epsilon)

    @property
    def used_text(self) -> str:
        # Rounded up: a page never says less was used than was.
        return "" if self.used is None else _epsilon_text(math.ceil(self.used * 10 - 1e-9) / 10)


def _epsilon_text(epsilon: float) -> str:
    return f"{epsilon:.0f}" if abs(epsilon - round(epsilon)) < 0.05 else f"{epsilon:.1f}"


@dataclass(frozen=True)
class Dashboard:
    school: str
    term: Term
    title: str  # 'Autumn term 2026'
    monthly: bool  # a column per month: the laptops report monthly
    columns: tuple[str, ...]  # the term's name, or its reported months
    column_labels: tuple[str, ...]
    # How many laptops sent a current-format report for each column. Exact, not rounded:
    # it says nothing about families, and the devices page lists every laptop anyway.
    laptops: tuple[int, ...]
    figures: tuple[Figure, ...]
    privacy: Privacy
    first_format: FirstFormat | None  # reports of the first format in this term, if any

    @property
    def has_reports(self) -> bool:
        return sum(self.laptops) > 0


def term_title(term: Term) -> str:
    """'2026-autumn' as 'Autumn term 2026'."""
    return f"{words()['seasons'][term.season]} {term.year}"


def is_current_format(report: StoredReport) -> bool:
    """Format 3, or format 2 read as format 3: not the first format."""
    return report.report.get("format") in ACCEPTED_FORMATS


#: Numbers to hide in a breakdown's table whatever their size, given its columns.
AlsoHidden = Callable[[str, tuple[str, ...]], Collection[Place]]


def build(
    school: str,
    reports: Iterable[StoredReport],
    term: Term,
    policy: Policy,
    today: date,
    also_hidden: AlsoHidden | None = None,
) -> Dashboard:
    """Every figure for one school's reports in one term (or a programme's: ``programme``)."""
    held = list(reports)
    current = [r for r in held if is_current_format(r) and term.holds_period(r.report_id.period)]
    # A column per month only when every report is a month's: a term's report cannot be
    # split into months, so with any term report the term is one column.
    monthly = bool(current) and all(
        period_named(r.report_id.period).kind is PeriodKind.MONTH for r in current
    )
    title = term_title(term)
    if monthly:
        reported = {r.report_id.period for r in current}
        columns = tuple(m for m in term.months.names if m in reported)
        labels = tuple(month_label(m) for m in columns)
    else:
        columns, labels = (term.name,), (title,)

    def column_of(report: StoredReport) -> str:
        return report.report_id.period if monthly else term.name

    laptops = tuple(
        len({r.report_id.device for r in current if column_of(r) == c}) for c in columns
    )
    present = {name for r in current for name in r.report["totals"]}
    figures = tuple(
        _figure(spec, current, columns, labels, column_of, term, also_hidden)
        for spec in SPECS
        if spec.breakdown in present
    )
    first = dashboard_v1.build(held, term.months, title)
    return Dashboard(
        school, term, title, monthly, columns, labels, laptops, figures,
        privacy_of(held, term, policy, today), first,
    )  # fmt: skip


def privacy_of(reports: Sequence[StoredReport], term: Term, policy: Policy, today: date) -> Privacy:
    """The term's school year: its ε per family and the most the laptops used of it."""
    year = term.school_year
    in_year = [
        r.report["privacy"]
        for r in reports
        if is_current_format(r) and period_named(r.report_id.period).school_year == year
    ]
    used = max((float(p["epsilon_year_so_far"]) for p in in_year), default=None)
    # The policy's ε holds for this school year and later ones; if it was changed during
    # the year, what the year's reports were made under is said too: the larger one.
    stated = [float(p["epsilon_year"]) for p in in_year]
    if year >= school_year_of(today) or not stated:
        stated.append(policy.epsilon)
    earlier = any(
        not is_current_format(r) and period_named(r.report_id.period).school_year == year
        for r in reports
    )
    return Privacy(school_year_name(year), max(stated), DEFAULT_DELTA, used, earlier)


def _sigma(report: StoredReport, breakdown: str) -> float:
    return float(report.report["privacy"]["sigma"][breakdown])


def _figure(
    spec: Spec,
    reports: Sequence[StoredReport],
    columns: tuple[str, ...],
    labels: tuple[str, ...],
    column_of: Callable[[StoredReport], str],
    term: Term,
    also_hidden: AlsoHidden | None = None,
) -> Figure:
    name = spec.breakdown
    title = str(words()["titles"][name])
    holding = [r for r in reports if name in r.report["totals"]]
    place = column_of
    if not spec.by_month:  # summed over the whole term: one column
        columns, labels = (term.name,), (term_title(term),)
        place = _whole_term(term)
    if name == "check_in_changes":
        summed = sum_over_laptops(r.report["totals"][name] for r in holding)
        sums = {
            q: {c: summed.get(f"{q}:{c}", 0) for c in CHECK_IN_CHANGES} for q in CHECK_IN_QUESTIONS
        }
        forced = also_hidden(name, CHECK_IN_CHANGES) if also_hidden else ()
        table = display_table(sums, CHECK_IN_QUESTIONS, CHECK_IN_CHANGES, also_hidden=forced)
        change_labels = tuple(str(words()["cells"][c]) for c in CHECK_IN_CHANGES)
        row_labels = {q: str(words()["questions"][q]) for q in CHECK_IN_QUESTIONS}
        every = [_sigma(r, name) for r in holding]  # each cell is one cell of every report
        sigmas = {c: every for c in CHECK_IN_CHANGES}
        return from_table(spec, table, title, change_labels, row_labels, sigmas)
    groups = {c: [r for r in holding if place(r) == c] for c in columns}
    if name in STOCKS:
        groups = {c: _latest_per_laptop(group) for c, group in groups.items()}
    by_column = {c: sum_over_laptops(r.report["totals"][name] for r in groups[c]) for c in columns}
    cells = CELLS[name]
    sums = {cell: {c: by_column[c].get(cell, 0) for c in columns} for cell in cells}
    forced = also_hidden(name, columns) if also_hidden else ()
    table = display_table(sums, cells, columns, also_hidden=forced)
    row_labels = {cell: cell_label(name, cell) for cell in cells}
    sigmas = {c: [_sigma(r, name) for r in groups[c]] for c in columns}
    # A cell a report's format does not have holds none of its noise.
    only = {
        (cell, c): [_sigma(r, name) for r in groups[c] if cell in _cells(r)[name]]
        for cell in cells
        for c in columns
        if any(cell not in _cells(r)[name] for r in groups[c])
    }
    return from_table(
        spec, table, title, labels, row_labels, sigmas,
        cell_sigmas=only, older_laptops=_older_laptops(name, holding),
    )  # fmt: skip


def _cells(report: StoredReport) -> dict[str, tuple[str, ...]]:
    return cells_of(str(report.report["format"]))


def _older_laptops(name: str, reports: Sequence[StoredReport]) -> tuple[int, int] | None:
    """For a language figure holding format-2 reports: how many laptops sent one, of how
    many added up in it."""
    if name not in LANGUAGE_BREAKDOWNS:
        return None
    older = {r.report_id.device for r in reports if r.report["format"] == SECOND_FORMAT}
    return (len(older), len({r.report_id.device for r in reports})) if older else None


#: Numbers that say how many there are at a time, not how many happened: a laptop that
#: reports monthly supports the same families in each month, so a term's column takes
#: each laptop's latest report of the term, never the sum of its months.
STOCKS = frozenset({"families_active"})


def _latest_per_laptop(reports: Sequence[StoredReport]) -> list[StoredReport]:
    latest: dict[str, StoredReport] = {}
    for report in reports:
        device = report.report_id.device
        held = latest.get(device)
        if (
            held is None
            or period_named(report.report_id.period).last > period_named(held.report_id.period).last
        ):
            latest[device] = report
    return list(latest.values())


def _whole_term(term: Term) -> Callable[[StoredReport], str]:
    return lambda _report: term.name
