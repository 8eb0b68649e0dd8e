"""Report format 3's language cells on the school's page, its CSV and the programme's
totals, beside format-2 reports from laptops not yet updated: those are added up as format
3 with the new languages' cells missing, the margins of those cells count only format-3
reports' noise, and every language table that holds a format-2 report says so."""

from __future__ import annotations

import csv
import io
from datetime import date
from typing import Any

from helpers.reports import second_format_report, wire_report
from hubweb_kit import SCHOOL, expected_table, stored
from parentrus_sync.cells import ADDED_LANGUAGE_CELLS
from parentrus_sync.hub.dashboard import Dashboard, build
from parentrus_sync.hub.export import dashboard_csv
from parentrus_sync.hub.figures import Figure, margin_of
from parentrus_sync.hub.programme import programme_numbers
from parentrus_sync.hub.storage import School
from parentrus_sync.hub.terms import term_named
from parentrus_sync.protocol import Policy
from parentrus_sync.report_shape import CELLS, DEFAULT_BREAKDOWNS, LANGUAGE_BREAKDOWNS
from parentrus_sync.school_plan import ReportPlan

AUTUMN = "2026-autumn"
TODAY = date(2027, 1, 12)
PLAN = ReportPlan(breakdowns=(*DEFAULT_BREAKDOWNS, *LANGUAGE_BREAKDOWNS))
POLICY = Policy(SCHOOL, breakdowns=PLAN.breakdowns)
OTHER_SCHOOL = "hillside-academy"


def twenty(_breakdown: str, _cell: str, _place: int) -> int:
    return 20  # every cell well above the hiding, so every number shows with its margin


def newer(school: str = SCHOOL) -> dict[str, Any]:
    return wire_report(school, AUTUMN, twenty, PLAN)


def older(school: str = SCHOOL) -> dict[str, Any]:
    return second_format_report(school=school, period=AUTUMN, totals=twenty, plan=PLAN)


def board_of(reports: list[dict[str, Any]]) -> Dashboard:
    return build(SCHOOL, stored(reports), term_named(AUTUMN), POLICY, TODAY)


def figure(board: Dashboard, key: str) -> Figure:
    return next(f for f in board.figures if f.key == key)


def test_a_term_of_format_3_shows_romani_with_its_own_number_and_no_note() -> None:
    reports = [newer(), newer()]
    board = board_of(reports)
    for name in LANGUAGE_BREAKDOWNS:
        languages = figure(board, name)
        romani = next(line for line in languages.lines if line.key == "rom")
        assert romani.label == "Romani" and romani.values[0].value == 40
        assert [line.key for line in languages.lines] == list(CELLS[name])
        assert languages.older_laptops is None and languages.older_laptops_note is None


def test_format_2_reports_are_added_up_as_format_3_and_the_table_says_so() -> None:
    reports = [newer(), newer(), older()]
    board = board_of(reports)
    sigma = reports[0]["privacy"]["sigma"]["languages_at_intake"]
    assert all(r["privacy"]["sigma"]["languages_at_intake"] == sigma for r in reports)
    languages = figure(board, "languages_at_intake")
    table = expected_table(reports, "languages_at_intake", CELLS["languages_at_intake"], (AUTUMN,))
    for line in languages.lines:
        (number,) = line.values
        assert number.shown == table.cells[line.key, AUTUMN]
        # A cell the older laptop's format lacks holds none of its noise either.
        summed = 2 if line.key in ADDED_LANGUAGE_CELLS else 3
        assert number.margin == margin_of([sigma] * summed), line.key
        assert number.value == (40 if line.key in ADDED_LANGUAGE_CELLS else 60), line.key
    assert languages.older_laptops == (1, 3)
    note = languages.older_laptops_note
    assert note is not None and note.startswith(
        "1 of the 3 mentors’ laptops added up here sent reports from an older version of the app"
    )
    assert (
        "Romani, Albanian, Russian, Italian, Dutch, Hungarian, Slovak, Bulgarian and Greek "
        "as “Other languages”"
    ) in note
    # Only the language tables: every other number counts all three laptops alike.
    assert all(figure(board, name).older_laptops is None for name in DEFAULT_BREAKDOWNS)
    text = dashboard_csv(board, "Riverside").lstrip("\ufeff")
    first_row = next(csv.DictReader(io.StringIO(text)))
    text = first_row["About these numbers"]
    assert "Languages of families who started: 1 of the 3" in text
    assert "Sessions, by language spoken: 1 of the 3" in text


def test_the_programme_s_totals_say_which_laptops_are_not_yet_updated() -> None:
    """One school all on format 3, another with a laptop on format 2: the programme's
    language totals add up both schools and carry the note; the first school's page does
    not."""
    schools = [
        School(SCHOOL, "Riverside Primary", POLICY),
        School(OTHER_SCHOOL, "Hillside Academy", Policy(OTHER_SCHOOL, breakdowns=PLAN.breakdowns)),
    ]
    held = {
        SCHOOL: stored([newer(), newer()]),
        OTHER_SCHOOL: stored(
            [newer(OTHER_SCHOOL), older(OTHER_SCHOOL)], ["d-" + "7" * 20, "d-" + "8" * 20]
        ),
    }
    numbers = programme_numbers(schools, held, term_named(AUTUMN), TODAY)
    pages = {n.school.slug: n.board for n in numbers.schools}
    assert figure(pages[SCHOOL], "sessions_by_language").older_laptops is None
    assert figure(pages[OTHER_SCHOOL], "sessions_by_language").older_laptops == (1, 2)
    totals = figure(numbers.totals, "sessions_by_language")
    assert totals.older_laptops == (1, 4)
    romani = next(line for line in totals.lines if line.key == "rom")
    assert romani.values[0].value == 60  # three format-3 laptops' 20 each
