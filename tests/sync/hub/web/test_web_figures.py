"""The dashboard's figures, charts and CSV: every number is the display rules' number."""

from __future__ import annotations

import csv
import io
import xml.etree.ElementTree as ET
from datetime import UTC, datetime
from typing import Any

from hubweb_kit import SCHOOL, a_report, expected_table, varied
from parentrus_sync.display import FEWEST_SHOWN, ROUND_TO
from parentrus_sync.hub.charts import figure_svg
from parentrus_sync.hub.dashboard import WHOLE_RANGE, build, shown_text
from parentrus_sync.hub.export import dashboard_csv
from parentrus_sync.hub.storage import StoredReport
from parentrus_sync.hub.terms import term_named
from parentrus_sync.protocol import ReportId, report_digest
from parentrus_sync.report_shape import CELLS

MONTHS = ("2026-09", "2026-10")
SVG = "{http://www.w3.org/2000/svg}"


def stored(reports: list[dict[str, Any]]) -> list[StoredReport]:
    at = datetime(2026, 11, 5, tzinfo=UTC)
    return [
        StoredReport(ReportId(f"d-{i:020d}", SCHOOL, r["period"]), report_digest(r), r, {}, {}, at)
        for i, r in enumerate(reports)
    ]


def some_reports() -> list[dict[str, Any]]:
    return [a_report(m, varied(seed + 7 * i)) for i, m in enumerate(MONTHS) for seed in range(3)]


def test_figures_show_the_display_rules_numbers() -> None:
    reports = some_reports()
    board = build(SCHOOL, stored(reports), term_named("2026-autumn").months)
    # Only months with reports are columns: a month of zeros would only hide its neighbours.
    assert board.laptops == (3, 3, 0, 0)
    figures = {f.key: f for f in board.figures}
    venue = figures["sessions_by_venue_category"]
    cells = CELLS["sessions_by_venue_category"]
    expected = expected_table(reports, "sessions_by_venue_category", cells, MONTHS)
    assert venue.columns == MONTHS
    for line in venue.lines:
        assert line.values == tuple(expected.cells[line.key, m] for m in MONTHS)
        assert line.total == expected.row_totals[line.key]
    assert venue.column_totals == tuple(expected.column_totals[m] for m in MONTHS)
    topics = figures["sessions_by_topic"]
    expected = expected_table(
        reports, "sessions_by_topic", CELLS["sessions_by_topic"], (WHOLE_RANGE,)
    )
    assert [line.values[0] for line in topics.lines] == [
        expected.cells[c, WHOLE_RANGE] for c in CELLS["sessions_by_topic"]
    ]


def test_every_chart_is_well_formed_svg_and_draws_only_shown_numbers() -> None:
    for reports in (some_reports(), []):  # with numbers, and with nothing at all
        board = build(SCHOOL, stored(reports), term_named("2026-autumn").months)
        for figure in board.figures:
            svg = figure_svg(figure)
            if figure.spec.chart == "number":
                assert svg == ""
                continue
            root = ET.fromstring(svg)  # noqa: S314 - our own SVG, not untrusted input
            assert root.tag == f"{SVG}svg"
            assert root.find(f"{SVG}title") is not None
            bars = root.findall(f"{SVG}rect")
            shown = sum(
                1
                for line in figure.lines
                for v in line.values
                if v.value  # zero draws nothing
            )
            legend = len(figure.lines) if figure.spec.chart == "stacked_months" else 0
            legend += len(figure.columns) if figure.spec.chart == "stacked_bars" else 0
            assert len(bars) == shown + legend
            assert "style=" not in svg  # the CSP forbids inline styles


def test_the_csv_holds_display_values_and_never_a_small_count() -> None:
    reports = some_reports()
    months = term_named("2026-autumn").months
    board = build(SCHOOL, stored(reports), months)
    text = dashboard_csv(board, "Riverside Primary", "Autumn term 2026", months)
    first, rest = text.split("\n", 1)
    assert first.startswith("# ") and "rounded to the nearest 5" in first
    rows = list(csv.DictReader(io.StringIO(rest)))
    assert rows, "the CSV has rows"
    for row in rows:
        number = row["Number"]
        if number != "hidden":
            value = int(number.replace(",", ""))
            assert value % ROUND_TO == 0 and value >= FEWEST_SHOWN, row
    # The same numbers as the figures, row for row.
    topics = {r["cell"]: r["Number"] for r in rows if r["breakdown"] == "sessions_by_topic"}
    figure = next(f for f in board.figures if f.key == "sessions_by_topic")
    assert topics == {line.key: shown_text(line.values[0]) for line in figure.lines}
    venue = [r for r in rows if r["breakdown"] == "sessions_by_venue_category"]
    expected = expected_table(
        reports, "sessions_by_venue_category", CELLS["sessions_by_venue_category"], MONTHS
    )
    library_sep = next(r for r in venue if r["cell"] == "library" and r["When"] == "Sep 2026")
    assert library_sep["Number"] == shown_text(expected.cells["library", "2026-09"])


def test_a_small_true_count_never_reaches_the_csv() -> None:
    # Every cell gets 3 from each of two laptops: 6 in all, fewer than 10.
    reports = [a_report("2026-10", lambda b, c: 3) for _ in range(2)]
    months = term_named("2026-autumn").months
    board = build(SCHOOL, stored(reports), months)
    text = dashboard_csv(board, "Riverside Primary", "Autumn term 2026", months)
    rows = list(csv.DictReader(io.StringIO(text.split("\n", 1)[1])))
    for row in rows:
        if row["breakdown"] != "check_in_changes" and row["cell"] != "total":
            assert row["Number"] == "hidden", row
    assert "6" not in {r["Number"] for r in rows}
