"""The school's numbers for a run of months, every one through the display rules.

Which tables are summed over which period (the same tables feed the dashboard, the CSV and
the printable report, so a number hidden in one is never shown in another):

- by month (a column per month that at least one laptop reported for, and a total over
  the months where it means something): sessions by kind of place, families being
  supported, mentor hours;
- over the whole run of months (one column): every other breakdown; check-in changes as
  one table, a row per question and a column per change.

Every table is summed over all laptops' reports first, and over the weeks of a month for a
school that reports weekly (``terms.month_of_period``), and only then clipped, rounded and
suppressed by ``display.display_table``. Nothing raw leaves this module.
"""

from __future__ import annotations

import tomllib
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from functools import cache
from importlib.resources import files
from typing import Any, Literal

from parentrus_sync.display import DisplayTable, Shown, display_table, sum_over_laptops
from parentrus_sync.hub.storage import StoredReport
from parentrus_sync.hub.terms import Months, month_of_period
from parentrus_sync.report_shape import CELLS, CHECK_IN_CHANGES, CHECK_IN_QUESTIONS

Chart = Literal["stacked_months", "months", "bars", "stacked_bars", "number"]
WHOLE_RANGE = "whole"  # the one column of a table summed over the whole run of months


@dataclass(frozen=True)
class Spec:
    """How one breakdown is shown."""

    breakdown: str
    chart: Chart
    by_month: bool
    # Whether adding the lines up means something: a session counts for up to three topics
    # and a family is supported in many months, so those totals would mislead.
    total: bool


# In dashboard order: what a school asks about first comes first.
SPECS = (
    Spec("sessions_by_venue_category", "stacked_months", by_month=True, total=True),
    Spec("families_active", "months", by_month=True, total=False),
    Spec("families_new", "number", by_month=False, total=False),
    Spec("families_closed", "number", by_month=False, total=False),
    Spec("languages_at_intake", "bars", by_month=False, total=False),
    Spec("sessions_by_topic", "bars", by_month=False, total=False),
    Spec("barriers_at_intake", "bars", by_month=False, total=False),
    Spec("referrals_by_category", "bars", by_month=False, total=True),
    Spec("school_requests", "bars", by_month=False, total=False),
    Spec("check_in_changes", "stacked_bars", by_month=False, total=True),
    Spec("mentor_hours", "months", by_month=True, total=True),
    Spec("sessions_by_kind", "bars", by_month=False, total=True),
    Spec("sessions_by_language", "bars", by_month=False, total=False),
    Spec("did_not_attend_by_reason", "bars", by_month=False, total=True),
    Spec("celebrations_by_category", "bars", by_month=False, total=True),
)


@dataclass(frozen=True)
class Line:
    """One row of a figure's table."""

    key: str  # the cell (or question) on the wire
    label: str
    values: tuple[Shown, ...]  # one per column
    total: Shown | None  # over the columns; None when adding up would mislead


@dataclass(frozen=True)
class Figure:
    spec: Spec
    title: str
    columns: tuple[str, ...]  # month names, WHOLE_RANGE, or check-in changes
    column_labels: tuple[str, ...]
    lines: tuple[Line, ...]
    column_totals: tuple[Shown, ...] | None  # None when adding up would mislead
    grand_total: Shown | None

    @property
    def key(self) -> str:
        return self.spec.breakdown

    @property
    def all_hidden(self) -> bool:
        return all(v.value is None for line in self.lines for v in line.values)


@dataclass(frozen=True)
class Dashboard:
    school: str
    months: Months
    month_labels: tuple[str, ...]
    # How many laptops sent a report for each month. Exact, not rounded: it says nothing
    # about families, and the devices page lists every laptop anyway.
    laptops: tuple[int, ...]
    figures: tuple[Figure, ...]


@cache
def words() -> Mapping[str, Any]:
    """The hub's wording (templates/words.toml), read once."""
    text = files("parentrus_sync.hub").joinpath("templates", "words.toml").read_text("utf-8")
    return tomllib.loads(text)


def month_label(month: str) -> str:
    """'2026-09' as 'Sep 2026'."""
    year, number = month.split("-")
    return f"{words()['months'][number]} {year}"


def range_label(months: Months) -> str:
    first, last = months.names[0], months.names[-1]
    return month_label(first) if first == last else f"{month_label(first)} – {month_label(last)}"


def cell_label(breakdown: str, cell: str) -> str:
    """The plain name of one cell, e.g. ('languages_at_intake', 'so') -> 'Somali'."""
    w = words()
    if breakdown in w["cells"] and isinstance(w["cells"][breakdown], dict):
        return str(w["cells"][breakdown][cell])
    if breakdown in ("languages_at_intake", "sessions_by_language"):
        return str(w["languages"][cell])
    if breakdown == "check_in_changes":
        question, change = cell.split(":")
        return f"{w['questions'][question]}: {w['cells'][change].lower()}"
    return str(w["cells"][cell])


def build(school: str, reports: Iterable[StoredReport], months: Months) -> Dashboard:
    """Every figure for one school's reports over ``months``."""
    names = months.names
    chosen = [r for r in reports if month_of_period(r.report_id.period) in names]
    laptops = tuple(
        len({r.report_id.device for r in chosen if month_of_period(r.report_id.period) == m})
        for m in names
    )
    # A month no laptop reported for holds nothing to show or protect; as a column of
    # zeros it would only make the display rules hide its neighbours.
    reported = tuple(m for m, count in zip(names, laptops, strict=True) if count) or names
    figures = tuple(_figure(spec, chosen, reported, range_label(months)) for spec in SPECS)
    return Dashboard(school, months, tuple(month_label(m) for m in names), laptops, figures)


def _totals(reports: Sequence[StoredReport], breakdown: str) -> list[Mapping[str, int]]:
    return [r.report["totals"][breakdown] for r in reports]


def _figure(
    spec: Spec, reports: Sequence[StoredReport], months: tuple[str, ...], whole: str
) -> Figure:
    name = spec.breakdown
    if name == "check_in_changes":
        summed = sum_over_laptops(_totals(reports, name))
        sums = {
            q: {c: summed.get(f"{q}:{c}", 0) for c in CHECK_IN_CHANGES} for q in CHECK_IN_QUESTIONS
        }
        table = display_table(sums, CHECK_IN_QUESTIONS, CHECK_IN_CHANGES)
        labels = tuple(str(words()["cells"][c]) for c in CHECK_IN_CHANGES)
        row_labels = {q: str(words()["questions"][q]) for q in CHECK_IN_QUESTIONS}
        return _from_table(spec, table, labels, row_labels)
    cells = CELLS[name]
    row_labels = {cell: cell_label(name, cell) for cell in cells}
    if spec.by_month:
        by_month = {
            m: sum_over_laptops(
                _totals([r for r in reports if month_of_period(r.report_id.period) == m], name)
            )
            for m in months
        }
        sums = {cell: {m: by_month[m].get(cell, 0) for m in months} for cell in cells}
        table = display_table(sums, cells, months)
        return _from_table(spec, table, tuple(month_label(m) for m in months), row_labels)
    summed = sum_over_laptops(_totals(reports, name))
    table = display_table({c: {WHOLE_RANGE: summed.get(c, 0)} for c in cells}, cells, [WHOLE_RANGE])
    return _from_table(spec, table, (whole,), row_labels)


def _from_table(
    spec: Spec, table: DisplayTable, column_labels: tuple[str, ...], row_labels: Mapping[str, str]
) -> Figure:
    several = len(table.columns) > 1
    lines = tuple(
        Line(
            row,
            row_labels[row],
            tuple(table.cells[row, c] for c in table.columns),
            table.row_totals[row] if several and spec.total else None,
        )
        for row in table.rows
    )
    # A one-line table's column totals repeat its line, and a one-column table's total is
    # its grand total: neither needs a row of its own unless the lines add up.
    show_columns = spec.total and len(table.rows) > 1
    return Figure(
        spec,
        str(words()["titles"][spec.breakdown]),
        table.columns,
        column_labels,
        lines,
        tuple(table.column_totals[c] for c in table.columns) if show_columns else None,
        table.grand_total if show_columns else None,
    )


def shown_text(shown: Shown) -> str:
    """A shown number as people read it ('1,205'), or the one phrase every hidden one gets."""
    return str(words()["hidden"]["text"]) if shown.value is None else f"{shown.value:,}"
