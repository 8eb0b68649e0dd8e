"""The dashboard's figures, charts and CSV on report formats 3 and 2: every number is the display
rules' number, over a term (or its months), with its margin from the reports' σ; reports
of the first format are shown apart, without margins."""

from __future__ import annotations

import copy
import csv
import io
import xml.etree.ElementTree as ET
from datetime import date
from typing import Any

import pytest
from hubweb_kit import (
    MONTHLY,
    SCHOOL,
    a_report,
    an_old_report,
    expected_margin,
    expected_table,
    stored,
    varied,
)
from parentrus_sync.display import FEWEST_SHOWN, ROUND_TO
from parentrus_sync.hub import export
from parentrus_sync.hub.charts import figure_svg
from parentrus_sync.hub.dashboard import Dashboard, build
from parentrus_sync.hub.dashboard_v1 import WHOLE_RANGE
from parentrus_sync.hub.export import BYTE_ORDER_MARK, dashboard_csv, safe_cell
from parentrus_sync.hub.figures import Figure, shown_text
from parentrus_sync.hub.terms import term_named
from parentrus_sync.periods import PeriodKind
from parentrus_sync.protocol import Policy
from parentrus_sync.report_shape import CELLS, DEFAULT_BREAKDOWNS
from parentrus_sync.report_shape_v1 import CELLS as FIRST_CELLS
from parentrus_sync.school_plan import ReportPlan

AUTUMN = "2026-autumn"
TODAY = date(2027, 1, 12)
SVG = "{http://www.w3.org/2000/svg}"
WITH_TOPICS = ReportPlan(breakdowns=(*DEFAULT_BREAKDOWNS, "sessions_by_topic"))
MONTHLY_VENUES = ReportPlan(
    breakdowns=(*DEFAULT_BREAKDOWNS, "sessions_by_venue_category"), kind=PeriodKind.MONTH
)


def board_of(reports: list[dict[str, Any]], policy: Policy | None = None) -> Dashboard:
    return build(SCHOOL, stored(reports), term_named(AUTUMN), policy or Policy(SCHOOL), TODAY)


def figure(board: Dashboard, key: str) -> Figure:
    return next(f for f in board.figures if f.key == key)


def term_reports(plan: ReportPlan | None = None) -> list[dict[str, Any]]:
    return [a_report(AUTUMN, varied(seed), plan=plan) for seed in range(5)]


def monthly_reports(plan: ReportPlan = MONTHLY) -> list[dict[str, Any]]:
    return [
        a_report(month, varied(seed + 7 * i), plan=plan)
        for i, month in enumerate(("2026-09", "2026-10"))
        for seed in range(3)
    ]


def test_a_term_report_is_one_column_for_the_term_and_each_number_has_its_margin() -> None:
    reports = term_reports(WITH_TOPICS)
    board = board_of(reports)
    assert board.columns == (AUTUMN,) and board.column_labels == ("Autumn term 2026",)
    assert board.laptops == (5,) and not board.monthly
    # Only what the reports hold: the default set and topics, nothing else on the menu.
    assert {f.key for f in board.figures} == {*DEFAULT_BREAKDOWNS, "sessions_by_topic"}
    for key in ("sessions_held", "school_requests", "sessions_by_topic", "families_active"):
        table = expected_table(reports, key, CELLS[key], (AUTUMN,))
        margin = expected_margin(reports, key)
        for line in figure(board, key).lines:
            (number,) = line.values
            assert number.shown == table.cells[line.key, AUTUMN], (key, line.key)
            assert number.margin == (None if number.value is None else margin), (key, line.key)
    # Somewhere a number is hidden, and a hidden number has no margin.
    hidden = [v for f in board.figures for line in f.lines for v in line.values if v.value is None]
    assert hidden and all(v.margin is None for v in hidden)
    assert figure(board, "sessions_held").chart == "number"  # one column, one line


def test_monthly_reports_give_a_column_per_month_and_totals_add_up_their_noise() -> None:
    reports = monthly_reports(MONTHLY_VENUES)
    board = board_of(reports, Policy(SCHOOL, period_kind=PeriodKind.MONTH))
    months = ("2026-09", "2026-10")
    assert board.monthly and board.columns == months and board.laptops == (3, 3)
    venues = figure(board, "sessions_by_venue_category")
    cells = CELLS["sessions_by_venue_category"]
    table = expected_table(reports, "sessions_by_venue_category", cells, months)
    assert venues.columns == months and venues.column_labels == ("Sep 2026", "Oct 2026")
    for line in venues.lines:
        assert tuple(v.shown for v in line.values) == tuple(
            table.cells[line.key, m] for m in months
        )
        assert line.total is not None and line.total.shown == table.row_totals[line.key]
        if line.total.value is not None:  # over both months: six reports' noise
            assert line.total.margin == expected_margin(reports, "sessions_by_venue_category")
    assert venues.column_totals is not None and venues.grand_total is not None
    for month, total in zip(months, venues.column_totals, strict=True):
        assert total.shown == table.column_totals[month]
        in_month = [r for r in reports if r["period"] == month]
        wanted = expected_margin(in_month, "sessions_by_venue_category", len(cells))
        assert total.margin == (None if total.value is None else wanted)
    if venues.grand_total.value is not None:
        grand = expected_margin(reports, "sessions_by_venue_category", len(cells))
        assert venues.grand_total.margin == grand
    # Families who started add up over the term: one column, every report's noise.
    started = figure(board, "families_new")
    assert started.columns == (AUTUMN,)
    table = expected_table(reports, "families_new", CELLS["families_new"], (AUTUMN,))
    assert started.lines[0].values[0].shown == table.cells["families", AUTUMN]


def test_a_term_with_a_term_report_is_one_column_even_beside_monthly_ones() -> None:
    reports = [a_report(AUTUMN, varied(1)), *monthly_reports()]
    board = board_of(reports)
    assert board.columns == (AUTUMN,) and board.laptops == (7,)
    held = figure(board, "sessions_held")
    table = expected_table(reports, "sessions_held", ("sessions",), (AUTUMN,))
    assert held.lines[0].values[0].shown == table.cells["sessions", AUTUMN]


def test_a_term_column_takes_each_monthly_laptop_s_latest_families_supported() -> None:
    """Beside a term report, a laptop that reported September and October supports the
    same families in both: its October number counts, not the two added; a flow such as
    sessions still adds both months."""
    forty = lambda _breakdown, _cell: 40  # noqa: E731 - a report's totals, all 40
    term = a_report(AUTUMN, forty)
    september = a_report("2026-09", forty, plan=MONTHLY)
    october = a_report("2026-10", forty, plan=MONTHLY)
    reports = [term, september, october]
    board = build(
        SCHOOL,
        stored(reports, ["d-" + "1" * 20, "d-" + "2" * 20, "d-" + "2" * 20]),
        term_named(AUTUMN),
        Policy(SCHOOL),
        TODAY,
    )
    assert figure(board, "families_active").lines[0].values[0].value == 80
    assert figure(board, "sessions_held").lines[0].values[0].value == 120


def test_check_in_changes_totals_carry_each_cells_noise() -> None:
    reports = term_reports()
    lines = figure(board_of(reports), "check_in_changes").lines
    shown_totals = [line.total for line in lines if line.total and line.total.value is not None]
    assert shown_totals, "some question's total is shown"
    for total in shown_totals:  # three changes per question, each a cell of every report
        assert total.margin == expected_margin(reports, "check_in_changes", 3)


def test_first_format_reports_are_shown_apart_without_margins() -> None:
    old = [
        an_old_report(month, varied(seed)) for month in ("2026-09", "2026-10") for seed in (1, 2)
    ]
    new = term_reports()
    board = board_of([*new, *old])
    assert board.laptops == (5,)
    assert board.first_format is not None
    assert board.first_format.laptops == (2, 2, 0, 0)
    assert all(f.first_format for f in board.first_format.figures)
    venues = next(f for f in board.first_format.figures if f.key == "sessions_by_venue_category")
    months = ("2026-09", "2026-10")
    cells = FIRST_CELLS["sessions_by_venue_category"]
    table = expected_table(old, "sessions_by_venue_category", cells, months)
    for line in venues.lines:
        assert tuple(v.shown for v in line.values) == tuple(
            table.cells[line.key, m] for m in months
        )
    topics = next(f for f in board.first_format.figures if f.key == "sessions_by_topic")
    table = expected_table(
        old, "sessions_by_topic", FIRST_CELLS["sessions_by_topic"], (WHOLE_RANGE,)
    )
    assert [line.values[0].shown for line in topics.lines] == [
        table.cells[c, WHOLE_RANGE] for c in FIRST_CELLS["sessions_by_topic"]
    ]
    numbers = [v for f in board.first_format.figures for line in f.lines for v in line.values]
    assert all(v.margin is None for v in numbers)
    # The current format's figures count only its own reports.
    families = figure(board, "families_active").lines[0].values[0]
    table = expected_table(new, "families_active", ("families",), (AUTUMN,))
    assert families.shown == table.cells["families", AUTUMN]
    # A term of first-format reports only still shows them.
    alone = board_of(old)
    assert alone.figures == () and alone.first_format is not None and not alone.has_reports
    # The year's privacy statement says those were made outside its limit.
    assert "made outside this limit" in board.privacy.sentences[-1]
    assert not any("outside this limit" in t for t in board_of(new).privacy.sentences)


def test_the_privacy_statement_gives_the_years_limit_and_the_most_used() -> None:
    plan = ReportPlan()
    reports = [
        a_report(AUTUMN, varied(1), rho_year_so_far=plan.rho_per_release()),
        a_report(AUTUMN, varied(2), rho_year_so_far=2 * plan.rho_per_release()),
    ]
    privacy = board_of(reports, Policy(SCHOOL, epsilon=8.0)).privacy
    assert privacy.school_year == "2026/27"
    assert privacy.epsilon == 10.0  # the reports were made under 10: the larger is said
    assert privacy.used == max(r["privacy"]["epsilon_year_so_far"] for r in reports)
    first, limit, used = privacy.sentences
    assert "any one family" in first and "2026/27" in first
    assert "ε = 10" in limit and "δ = 10⁻⁶" in limit
    assert used.startswith("So far this school year") and f"ε = {privacy.used_text} " in used
    assert float(privacy.used_text) >= privacy.used  # rounded up, never down
    empty = board_of([], Policy(SCHOOL, epsilon=8.0)).privacy
    assert empty.epsilon == 8.0 and empty.used is None
    assert "No laptop has sent a report for this school year" in empty.sentences[2]


def test_every_chart_is_well_formed_svg_and_draws_only_shown_numbers() -> None:
    old = [an_old_report("2026-10", varied(seed)) for seed in range(3)]
    for reports in (term_reports(WITH_TOPICS), monthly_reports(MONTHLY_VENUES), old, []):
        board = board_of(reports)
        figures = [*board.figures, *(board.first_format.figures if board.first_format else ())]
        for fig in figures:
            svg = figure_svg(fig)
            if fig.chart == "number":
                assert svg == ""
                continue
            root = ET.fromstring(svg)  # noqa: S314 - our own SVG, not untrusted input
            assert root.tag == f"{SVG}svg"
            assert root.find(f"{SVG}title") is not None
            bars = root.findall(f"{SVG}rect")
            shown = sum(1 for line in fig.lines for v in line.values if v.value)  # zero: no bar
            legend = len(fig.lines) if fig.chart == "stacked_months" else 0
            legend += len(fig.columns) if fig.chart == "stacked_bars" else 0
            assert len(bars) == shown + legend
            assert "style=" not in svg  # the CSP forbids inline styles
            texts = "".join(t.text or "" for t in root.iter(f"{SVG}text"))
            for line in fig.lines:
                for v in line.values:
                    if v.margin and fig.chart in ("bars", "months"):
                        assert f"{shown_text(v)} ± {v.margin}" in texts


def csv_rows(text: str) -> list[dict[str, str]]:
    assert text.startswith(BYTE_ORDER_MARK)
    return list(csv.DictReader(io.StringIO(text.removeprefix(BYTE_ORDER_MARK))))


def test_the_csv_holds_display_values_with_their_margins_and_never_a_small_count() -> None:
    old = [an_old_report("2026-10", varied(seed)) for seed in range(2)]
    board = board_of([*term_reports(WITH_TOPICS), *old])
    text = dashboard_csv(board, "Riverside Primary")
    # Excel needs the byte-order mark to read UTF-8; the header row comes first.
    assert text.startswith(BYTE_ORDER_MARK + "What is counted,Which,When,Number,Give or take,")
    about = [row["About these numbers"] for row in csv_rows(text)]
    first = about[0]
    assert first.startswith("Parent'R'Us Mentor, Riverside Primary, Autumn term 2026.")
    assert "rounded to the nearest 5" in first and "Give or take" in first
    assert "Each family's part" in first and "ε = 10" in first
    assert set(about[1:]) == {""}
    rows = csv_rows(text)
    assert rows, "the CSV has rows"
    for row in rows:
        number, margin = row["Number"], row["Give or take"]
        if number == "hidden" or row["report format"] == "1":
            assert margin == "", row
        else:
            assert int(margin) > 0, row
        if number != "hidden":
            value = int(number.replace(",", ""))
            assert value % ROUND_TO == 0 and value >= FEWEST_SHOWN, row
    # The same numbers and margins as the figures, row for row.
    now = [r for r in rows if r["report format"] == "3"]
    topics = {
        r["cell"]: (r["Number"], r["Give or take"])
        for r in now
        if r["breakdown"] == "sessions_by_topic"
    }
    expected = {
        line.key: (shown_text(line.values[0]), str(line.values[0].margin or ""))
        for line in figure(board, "sessions_by_topic").lines
    }
    assert topics == expected
    assert {r["When"] for r in now} == {"Autumn term 2026"}
    assert {r["report format"] for r in rows} == {"1", "3"}


def test_a_small_true_count_never_reaches_the_csv() -> None:
    # Every cell gets 3 from each of two laptops: 6 in all, fewer than 10.
    reports = [a_report(AUTUMN, lambda b, c: 3) for _ in range(2)]
    text = dashboard_csv(board_of(reports), "Riverside Primary")
    rows = csv_rows(text)
    for row in rows:
        if row["breakdown"] != "check_in_changes" and row["cell"] != "total":
            assert row["Number"] == "hidden" and row["Give or take"] == "", row
    assert "6" not in {r["Number"] for r in rows}


def test_a_cell_a_spreadsheet_would_run_as_a_formula_is_text(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    assert [safe_cell(t) for t in ("=1+2", "+1", "-cmd", "@SUM(A1)", "\tx", "Total")] == [
        "'=1+2", "'+1", "'-cmd", "'@SUM(A1)", "'\tx", "Total",
    ]  # fmt: skip
    assert [safe_cell(t) for t in ("-15", "-1,205", "12")] == ["-15", "-1,205", "12"]
    # Words a hub's owner can change, and a school's name, go through it too.
    changed = copy.deepcopy(dict(export.words()))
    changed["csv"] = {**changed["csv"], "total": '=HYPERLINK("http://x")'}
    monkeypatch.setattr(export, "words", lambda: changed)
    text = dashboard_csv(board_of(term_reports(WITH_TOPICS)), "@school")
    rows = csv_rows(text)
    assert any(row["Which"] == '\'=HYPERLINK("http://x")' for row in rows)
    for row in rows:
        for cell in row.values():
            assert not cell.startswith(("=", "+", "@")), row
