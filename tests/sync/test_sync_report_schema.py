"""The report schema: the shipped file matches the code, and it allows exactly a report."""

from __future__ import annotations

import copy
import json
from typing import Any

import pytest
from helpers.reports import second_format_report, wire_report
from parentrus_sync.cells import ADDED_LANGUAGE_CELLS
from parentrus_sync.report_schema import (
    SCHEMA_FILES,
    build_schema,
    first_report_problem,
    report_problems,
    report_schema,
)
from parentrus_sync.report_shape import LANGUAGE_BREAKDOWNS, REPORT_FORMAT, SECOND_FORMAT
from parentrus_sync.school_plan import ReportPlan


def a_report() -> dict[str, Any]:
    """A well-formed report at the default policy, with small totals (some negative)."""
    return wire_report(period="2026-11")


@pytest.mark.parametrize("report_format", list(SCHEMA_FILES))
def test_the_shipped_schema_file_is_the_one_the_code_builds(report_format: str) -> None:
    # After changing report_shape: python -m parentrus_sync.report_schema
    built = json.loads(json.dumps(build_schema(report_format)))
    assert report_schema(report_format) == built


def test_format_3_s_schema_differs_from_format_2_s_only_in_the_language_cells() -> None:
    two, three = build_schema(SECOND_FORMAT), build_schema(REPORT_FORMAT)
    assert two["properties"]["format"] == {"const": SECOND_FORMAT}
    assert three["properties"]["format"] == {"const": REPORT_FORMAT}
    totals_two = two["properties"]["totals"]["properties"]
    totals_three = three["properties"]["totals"]["properties"]
    for name in totals_three:
        added = set(totals_three[name]["required"]) - set(totals_two[name]["required"])
        assert added == (set(ADDED_LANGUAGE_CELLS) if name in LANGUAGE_BREAKDOWNS else set())
    for schema in (two, three):
        del schema["properties"]["format"], schema["properties"]["totals"], schema["$id"]
    assert two == three


def _with_languages(**wire: Any) -> ReportPlan:
    return ReportPlan(breakdowns=("families_active", *LANGUAGE_BREAKDOWNS), **wire)


def test_a_report_fits_the_schema_of_the_format_it_states() -> None:
    """A laptop not yet updated sends format 2, without the new language cells; a
    report that mixes the two formats' cells fits neither."""
    three = wire_report(plan=_with_languages())
    two = second_format_report(plan=_with_languages())
    assert "rom" in three["totals"]["languages_at_intake"]
    assert "rom" not in two["totals"]["languages_at_intake"]
    assert report_problems(three) == report_problems(two) == []
    assert first_report_problem(three) is first_report_problem(two) is None
    two_with_romani = copy.deepcopy(two)
    two_with_romani["totals"]["languages_at_intake"]["rom"] = 3
    assert report_problems(two_with_romani) != []
    assert first_report_problem(two_with_romani) is not None
    three_without_romani = copy.deepcopy(three)
    del three_without_romani["totals"]["sessions_by_language"]["rom"]
    assert report_problems(three_without_romani) != []
    assert first_report_problem(three_without_romani) is not None


def test_a_well_formed_report_fits() -> None:
    assert report_problems(a_report()) == []


def _broken(change: str) -> dict[str, Any]:
    report = copy.deepcopy(a_report())
    totals = report["totals"]
    match change:
        case "extra field at the top":
            report["family_codes"] = ["K7Q-4M"]
        case "extra field in the privacy block":
            report["privacy"]["note"] = "met at the library"
        case "extra cell":
            totals["sessions_held"]["zenobia"] = 1
        case "extra breakdown":
            totals["sessions_by_postcode"] = {"E1": 3}
        case "missing cell":
            del totals["check_in_changes"]["feels_welcome:same"]
        case "no breakdown at all":
            report["totals"] = {}
        case "string for a count":
            totals["sessions_held"]["sessions"] = "4"
        case "fraction for a count":
            totals["sessions_held"]["sessions"] = 2.5
        case "true for a count":
            totals["families_new"]["families"] = True
        case "null for a count":
            totals["families_new"]["families"] = None
        case "below any noise":
            totals["sessions_held"]["sessions"] = -100_001
        case "beyond any count":
            totals["sessions_held"]["sessions"] = 10_000_000
        case "epsilon too large":
            report["privacy"]["epsilon_year"] = 25.0
        case "epsilon zero":
            report["privacy"]["epsilon_year"] = 0
        case "sigma zero":
            report["privacy"]["sigma"]["families_active"] = 0
        case "a cap of zero":
            report["privacy"]["caps"]["sessions_per_family"] = 0
        case "a week for a period":
            report["period"] = "2026-W47"
        case "another unit":
            report["privacy"]["unit"] = "session"
        case "a date for a period":
            report["period"] = "2026-11-14"
        case "a month that is not one":
            report["period"] = "2026-13"
        case "a name for a school":
            report["school"] = "Riverside Primary School"
        case "another format":
            report["format"] = "parentrus-report/1"
        case "a list for totals":
            report["totals"] = [1, 2, 3]
    return report


@pytest.mark.parametrize(
    "change",
    [
        "extra field at the top",
        "extra field in the privacy block",
        "extra cell",
        "extra breakdown",
        "missing cell",
        "no breakdown at all",
        "string for a count",
        "fraction for a count",
        "true for a count",
        "null for a count",
        "below any noise",
        "beyond any count",
        "epsilon too large",
        "epsilon zero",
        "sigma zero",
        "a cap of zero",
        "a week for a period",
        "another unit",
        "a date for a period",
        "a month that is not one",
        "a name for a school",
        "another format",
        "a list for totals",
    ],
)
def test_the_schema_refuses(change: str) -> None:
    broken = _broken(change)
    assert broken != a_report()
    assert report_problems(broken) != []


def test_problems_say_where() -> None:
    problems = report_problems(_broken("string for a count"))
    assert problems == ["totals/sessions_held/sessions: '4' is not of type 'integer'"]


def test_terms_months_and_the_widest_numbers_fit() -> None:
    """The schema bounds numbers loosely; the hub checks each against its school's
    policy (report_checks)."""
    report = a_report()
    report["totals"]["sessions_held"]["sessions"] = -100_000
    assert report_problems(report) == []
    assert report_problems(wire_report(period="2026-autumn")) == []
