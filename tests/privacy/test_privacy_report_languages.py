"""Report format 3 (issue 16): every language a family can choose has its own cell, so a
school sees its Roma families; and a family costs the same ε as in format 2."""

from __future__ import annotations

import dataclasses
import math
from datetime import date
from typing import Any

import pytest
from helpers.planted import planted_family, planted_session
from helpers.reports import second_format_report, wire_report
from parentrus_sync.cells import ADDED_LANGUAGE_CELLS
from parentrus_sync.hub.report_checks import report_rho
from parentrus_sync.periods import PeriodKind
from parentrus_sync.report_schema import report_problems
from parentrus_sync.report_shape import (
    BY_NAME,
    LANGUAGE_BREAKDOWNS,
    MENU,
    REPORT_FORMAT,
    SECOND_FORMAT_CELLS,
    caps_for,
)
from parentrus_sync.school_plan import ReportPlan

from parentrus_desktop.domain import Child, Family, Record, Session, new_record_id
from parentrus_desktop.privacy.dp_noise import BeforeNoise, DiscreteGaussian
from parentrus_desktop.privacy.periods import period_of
from parentrus_desktop.privacy.report import build_report

NOVEMBER = period_of(date(2026, 11, 1), PeriodKind.MONTH)
SCHOOL = "5c3b0a9e6d1f4a8b9c7d2e1f0a3b4c5d"
LANGUAGES = ReportPlan(("families_new", *LANGUAGE_BREAKDOWNS), kind=PeriodKind.MONTH)


def _family(code: str, *languages: str) -> Family:
    """A family who started in November, at the school, speaking these languages."""
    return dataclasses.replace(
        planted_family(code),
        languages=languages,
        joined_on=date(2026, 11, 2),
        children=(Child(first_name="Quillanbert", school_id=SCHOOL),),
    )


def _sessions(family: Family, count: int, *languages: str) -> list[Session]:
    return [
        dataclasses.replace(
            planted_session(family),
            id=new_record_id(),
            on=date(2026, 11, 3 + n),
            languages=languages,
        )
        for n in range(count)
    ]


def _report(records: list[Record], plan: ReportPlan = LANGUAGES) -> dict[str, Any]:
    """The report before noise, so that two record sets compare number for number."""
    report: dict[str, Any] = build_report(
        records,
        school_id=SCHOOL,
        hub_school="riverside",
        period=NOVEMBER,
        plan=plan,
        noise=BeforeNoise(),
        reported=frozenset(),
        spent_rho=0.0,
    )
    return report


def test_a_romani_family_is_counted_in_romani_not_in_other() -> None:
    roma = _family("R7M-4A", "rom")
    typed = _family("T7M-4B", "ta", "mis")  # Tamil, and "another language" typed by name
    records: list[Record] = [roma, typed, *_sessions(roma, 3, "rom", "en")]
    report = _report(records)
    assert report["format"] == REPORT_FORMAT == "parentrus-report/3"
    intake, sessions = (
        report["totals"]["languages_at_intake"],
        report["totals"]["sessions_by_language"],
    )
    assert intake["rom"] == 1 and intake["other"] == 1  # the typed languages count once
    assert sessions["rom"] == sessions["en"] == 3 and sessions["other"] == 0
    assert list(intake) == list(sessions) == [*BY_NAME["languages_at_intake"].cells]
    assert report_problems(report) == []
    noised = build_report(
        records,
        school_id=SCHOOL,
        hub_school="riverside",
        period=NOVEMBER,
        plan=LANGUAGES,
        noise=DiscreteGaussian(),
    )
    assert report_problems(noised) == []


@pytest.mark.parametrize("languages", [("rom", "hu", "el"), ("rom", "sk"), ("bg", "ta")])
def test_one_family_moves_the_language_cells_no_further_than_format_2_allowed(
    languages: tuple[str, ...],
) -> None:
    """Removing one family (its capped sessions and its languages at intake) moves each
    language breakdown by at most the L2 sensitivity its report states, which the new
    cells did not change: the caps on languages per family and per session are what
    bound it."""
    others = [_family("K7Q-4A", "rom", "en"), _family("K7Q-4B", "ro")]
    family = _family("K7Q-4C", *languages)
    caps = LANGUAGES.caps
    base: list[Record] = [*others, *_sessions(others[0], 2, "rom")]
    busy = _sessions(family, caps.sessions_per_family + 3, *languages)
    with_family, without = _report([*base, family, *busy]), _report(base)
    for name in LANGUAGE_BREAKDOWNS:
        moved = math.dist(with_family["totals"][name].values(), without["totals"][name].values())
        stated = with_family["privacy"]["l2_sensitivity"][name]
        assert 0 < moved <= stated + 1e-9
        former = dataclasses.replace(BY_NAME[name], cells=SECOND_FORMAT_CELLS[name])
        assert stated == pytest.approx(former.l2(caps))


@pytest.mark.parametrize("kind", [PeriodKind.TERM, PeriodKind.MONTH])
def test_a_report_costs_each_family_the_same_in_format_2_and_format_3(kind: PeriodKind) -> None:
    """Same plan, same σ, same L2 sensitivities, same ρ: the same ε for each family, as
    the laptop's privacy screen (the reports' own privacy blocks) and the hub's budget
    (``report_rho``) count it."""
    plan = ReportPlan(tuple(b.name for b in MENU), kind=kind)
    period = "2026-autumn" if kind is PeriodKind.TERM else "2026-11"
    three = wire_report(period=period, plan=plan)
    two = second_format_report(period=period, plan=plan)
    assert three["privacy"] == two["privacy"]
    assert report_rho(three) == report_rho(two) == pytest.approx(plan.rho_per_release())
    for breakdown in MENU:
        former = dataclasses.replace(breakdown, cells=SECOND_FORMAT_CELLS[breakdown.name])
        assert breakdown.l2(caps_for(kind)) == former.l2(caps_for(kind))
        assert breakdown.cell_cap(caps_for(kind)) == former.cell_cap(caps_for(kind))
    added = set(ADDED_LANGUAGE_CELLS)
    for name in LANGUAGE_BREAKDOWNS:
        assert set(three["totals"][name]) - set(two["totals"][name]) == added
