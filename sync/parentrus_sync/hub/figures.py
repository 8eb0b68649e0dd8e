"""What the dashboard, the charts, the CSV and the printable report share about one figure:
its numbers (each as the display rules show it, with its ± margin), its lines and columns,
and the words they are shown in (``templates/words.toml``)."""

from __future__ import annotations

import math
import tomllib
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from functools import cache
from importlib.resources import files
from typing import Any, Literal

from parentrus_sync.cells import ADDED_LANGUAGE_CELLS
from parentrus_sync.display import DisplayTable, Place, Shown
from parentrus_sync.hub.terms import Months
from parentrus_sync.school_plan import margin_of_sum

Chart = Literal["stacked_months", "months", "bars", "stacked_bars", "number"]


@dataclass(frozen=True)
class Number:
    """One shown number: its value as the display rules show it, and its margin."""

    shown: Shown
    # ± around the shown number that holds the true count 95 times in 100, from the known
    # noise, rounded up. None for a hidden number (a margin would hint at its size, and
    # says nothing useful) and for first-format reports, whose noise was not kept.
    margin: int | None = None

    @property
    def value(self) -> int | None:
        return self.shown.value


def margin_of(sigmas: Sequence[float]) -> int:
    """The margin of a sum of noised counts with these σ, rounded up to a whole number."""
    return math.ceil(margin_of_sum(list(sigmas)))


@dataclass(frozen=True)
class Spec:
    """How one breakdown is shown."""

    breakdown: str
    chart: Chart
    by_month: bool  # a column per month when the laptops report monthly
    # Whether adding the lines up means something: a session counts for up to three topics
    # and a family is supported in many months, so those totals would mislead.
    total: bool


@dataclass(frozen=True)
class Line:
    """One row of a figure's table."""

    key: str  # the cell (or question) on the wire
    label: str
    values: tuple[Number, ...]  # one per column
    total: Number | None  # over the columns; None when adding up would mislead


@dataclass(frozen=True)
class Figure:
    spec: Spec
    title: str
    columns: tuple[str, ...]  # period names, or check-in changes
    column_labels: tuple[str, ...]
    lines: tuple[Line, ...]
    column_totals: tuple[Number, ...] | None  # None when adding up would mislead
    grand_total: Number | None
    first_format: bool = False  # from reports of the first format: no margins
    # Every hidden number of the table by its place, totals that are not shown included:
    # a programme's totals must not give any of them back (``programme``).
    hidden: frozenset[Place] = frozenset()
    # A language figure holding format-2 reports (laptops whose app is not yet updated),
    # whose families who speak a language format 3 added are in "other": how many of
    # the laptops added up here sent such reports, and how many there are in all.
    older_laptops: tuple[int, int] | None = None

    @property
    def key(self) -> str:
        return self.spec.breakdown

    @property
    def anchor(self) -> str:
        """The figure's id on a page, unique even where both formats show a breakdown."""
        return f"first-{self.key}" if self.first_format else self.key

    @property
    def chart(self) -> Chart:
        """How it is drawn: a chart by month with a single column is one number (a line)
        or one bar per line (several lines)."""
        if len(self.columns) == 1 and self.spec.chart == "months":
            return "number" if len(self.lines) == 1 else "bars"
        if len(self.columns) == 1 and self.spec.chart == "stacked_months":
            return "bars"
        return self.spec.chart

    @property
    def all_hidden(self) -> bool:
        return all(v.value is None for line in self.lines for v in line.values)

    @property
    def older_laptops_note(self) -> str | None:
        """In plain words, when the figure holds format-2 reports: which languages'
        numbers leave out some laptops' families, and where those families are."""
        if self.older_laptops is None:
            return None
        older, laptops = self.older_laptops
        w = words()
        added = [str(w["languages"][tag]) for tag in ADDED_LANGUAGE_CELLS]
        names = ", ".join(added[:-1]) + " " + str(w["older_app"]["and"]) + " " + added[-1]
        return str(w["older_app"]["languages"]).format(
            older=older, laptops=laptops, names=names, other=w["languages"]["other"]
        )


def from_table(
    spec: Spec,
    table: DisplayTable,
    title: str,
    column_labels: tuple[str, ...],
    row_labels: Mapping[str, str],
    sigmas: Mapping[str, Sequence[float]] | None = None,
    first_format: bool = False,
    cell_sigmas: Mapping[tuple[str, str], Sequence[float]] | None = None,
    older_laptops: tuple[int, int] | None = None,
) -> Figure:
    """A figure from a displayed table. ``sigmas`` gives, for each column, the σ of every
    report summed into each of its cells, and ``cell_sigmas`` those of a cell (row,
    column) into which fewer reports were summed (a language format 2 has no cell for); a
    total sums several cells, so it carries each of their σ. Without ``sigmas`` no number
    gets a margin."""
    columns, rows = table.columns, table.rows
    only = cell_sigmas or {}

    def number(shown: Shown, spread: list[float] | None) -> Number:
        if shown.value is None or spread is None:
            return Number(shown)
        return Number(shown, margin_of(spread))

    def cell(row: str, column: str) -> list[float] | None:
        if sigmas is None:
            return None
        return list(only.get((row, column), sigmas[column]))

    def summed(places: Iterable[tuple[str, str]]) -> list[float] | None:
        if sigmas is None:
            return None
        return [s for row, column in places for s in cell(row, column) or ()]

    several = len(columns) > 1
    lines = tuple(
        Line(
            row,
            row_labels[row],
            tuple(number(table.cells[row, c], cell(row, c)) for c in columns),
            number(table.row_totals[row], summed((row, c) for c in columns))
            if several and spec.total
            else None,
        )
        for row in rows
    )
    # A one-line table's column totals repeat its line, and a one-column table's total is
    # its grand total: neither needs a row of its own unless the lines add up.
    show_columns = spec.total and len(rows) > 1
    column_totals = tuple(
        number(table.column_totals[c], summed((r, c) for r in rows)) for c in columns
    )
    grand = number(table.grand_total, summed((r, c) for r in rows for c in columns))
    return Figure(
        spec,
        title,
        columns,
        column_labels,
        lines,
        column_totals if show_columns else None,
        grand if show_columns else None,
        first_format,
        _hidden_places(table),
        older_laptops,
    )


def _hidden_places(table: DisplayTable) -> frozenset[Place]:
    """Where the table's hidden numbers are; a one-column table's grand total is its column's."""
    places: set[Place] = {place for place, shown in table.cells.items() if shown.value is None}
    places |= {(row, None) for row, shown in table.row_totals.items() if shown.value is None}
    places |= {(None, c) for c, shown in table.column_totals.items() if shown.value is None}
    if len(table.columns) > 1 and table.grand_total.value is None:
        places.add((None, None))
    return frozenset(places)


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


def shown_text(shown: Number | Shown) -> str:
    """A shown number as people read it ('1,205'), or the one phrase every hidden one gets."""
    return str(words()["hidden"]["text"]) if shown.value is None else f"{shown.value:,}"


def margin_text(number: Number) -> str:
    """'± 9' for a number with a margin, '' for one without (hidden, or first format)."""
    return "" if number.margin is None else f"± {number.margin:,}"


def about_text(number: Number) -> str:
    """A number in a sentence: 'about 45, give or take 9', or just '45' or 'hidden'."""
    if number.value is None or number.margin is None:
        return shown_text(number)
    return str(words()["margin"]["about"]).format(value=f"{number.value:,}", margin=number.margin)
