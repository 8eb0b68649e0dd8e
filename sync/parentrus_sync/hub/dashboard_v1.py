"""The figures for reports of the first format (``parentrus-report/1``, made before December
2026) that a hub still holds: shown in a section of their own, through the same display
rules, without margins (their noise was drawn for each session, not each family, and is
not the one a margin could be worked out from).

These reports are monthly (or weekly: a week counts in the month of its Thursday). Which
tables are summed over which period:

- by month (a column per month that at least one laptop reported for, and a total over
  the months where it means something): sessions by kind of place, families being
  supported, mentor hours;
- over the term's months (one column): every other breakdown; check-in changes as one
  table, a row per question and a column per change.

Every table is summed over all laptops' reports first, and only then clipped, rounded and
suppressed by ``display.display_table``. Nothing raw leaves this module.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

from parentrus_sync.cells import CHECK_IN_CHANGES, CHECK_IN_QUESTIONS
from parentrus_sync.display import DisplayTable, display_table, sum_over_laptops
from parentrus_sync.hub.figures import Figure, Spec, cell_label, from_table, month_label, words
from parentrus_sync.hub.storage import StoredReport
from parentrus_sync.hub.terms import Months, month_of_period
from parentrus_sync.report_shape_v1 import CELLS, REPORT_FORMAT

WHOLE_RANGE = "whole"  # the one column of a table summed over the whole run of months

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
class FirstFormat:
    """The first-format reports of one term, as shown."""

    months: tuple[str, ...]  # every month of the term
    month_labels: tuple[str, ...]
    # How many laptops sent a report for each month. Exact, not rounded: it says nothing
    # about families, and the devices page lists every laptop anyway.
    laptops: tuple[int, ...]
    figures: tuple[Figure, ...]


def is_first_format(report: StoredReport) -> bool:
    return report.report.get("format") == REPORT_FORMAT


def build(reports: Iterable[StoredReport], months: Months, whole: str) -> FirstFormat | None:
    """Every figure for the first-format reports among ``reports`` over ``months`` (the
    one-column tables are labelled ``whole``); None if there are none."""
    names = months.names
    chosen = [
        r for r in reports if is_first_format(r) and month_of_period(r.report_id.period) in names
    ]
    if not chosen:
        return None
    laptops = tuple(
        len({r.report_id.device for r in chosen if month_of_period(r.report_id.period) == m})
        for m in names
    )
    # A month no laptop reported for holds nothing to show or protect; as a column of
    # zeros it would only make the display rules hide its neighbours.
    reported = tuple(m for m, count in zip(names, laptops, strict=True) if count)
    figures = tuple(_figure(spec, chosen, reported, whole) for spec in SPECS)
    return FirstFormat(names, tuple(month_label(m) for m in names), laptops, figures)


def _totals(reports: Sequence[StoredReport], breakdown: str) -> list[Mapping[str, int]]:
    return [r.report["totals"][breakdown] for r in reports]


def _figure(
    spec: Spec, reports: Sequence[StoredReport], months: tuple[str, ...], whole: str
) -> Figure:
    name = spec.breakdown
    title = str(words()["titles"][name])
    if name == "check_in_changes":
        summed = sum_over_laptops(_totals(reports, name))
        sums = {
            q: {c: summed.get(f"{q}:{c}", 0) for c in CHECK_IN_CHANGES} for q in CHECK_IN_QUESTIONS
        }
        table = display_table(sums, CHECK_IN_QUESTIONS, CHECK_IN_CHANGES)
        labels = tuple(str(words()["cells"][c]) for c in CHECK_IN_CHANGES)
        row_labels = {q: str(words()["questions"][q]) for q in CHECK_IN_QUESTIONS}
        return from_table(spec, table, title, labels, row_labels, first_format=True)
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
        by_months: DisplayTable = display_table(sums, cells, months)
        labels = tuple(month_label(m) for m in months)
        return from_table(spec, by_months, title, labels, row_labels, first_format=True)
    summed = sum_over_laptops(_totals(reports, name))
    table = display_table({c: {WHOLE_RANGE: summed.get(c, 0)} for c in cells}, cells, [WHOLE_RANGE])
    return from_table(spec, table, title, (whole,), row_labels, first_format=True)
