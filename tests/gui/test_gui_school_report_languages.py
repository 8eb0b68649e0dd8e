"""What the school will see, for a Roma family: the page shows "Romany" with its count,
from the very report the outbox would seal (report format 3), and the family's own part
names it too; in Arabic as well."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace
from datetime import date, timedelta

import pytest
from helpers.planted import planted_family, planted_session
from parentrus_sync.report_shape import DEFAULT_BREAKDOWNS, LANGUAGE_BREAKDOWNS, REPORT_FORMAT
from parentrus_sync.school_plan import ReportPlan

from parentrus_desktop import i18n
from parentrus_desktop.domain import Child, Family, Record, School, new_record_id
from parentrus_desktop.gui.school_pages import family_counted_html, next_reports_html
from parentrus_desktop.operations.reports import YearlyPrivacy
from parentrus_desktop.privacy.dp_noise import BeforeNoise
from parentrus_desktop.privacy.report import PreparedRecords, SchoolPolicy
from parentrus_desktop.privacy.what_is_sent import (
    SchoolTerms,
    next_reports,
    what_of_family_is_counted,
)

RIVERSIDE = School(id=new_record_id(), name="Riverside Primary")
TODAY = date(2026, 11, 22)
LANGUAGES = SchoolPolicy(ReportPlan((*DEFAULT_BREAKDOWNS, *LANGUAGE_BREAKDOWNS)))
PRIVACY = {RIVERSIDE.id: YearlyPrivacy("2026/27", 10.0, 1e-6, 0.0)}


@pytest.fixture
def in_arabic() -> Iterator[None]:
    i18n.set_language("ar")
    try:
        yield
    finally:
        i18n.set_language("en")


def _roma_family() -> tuple[Family, list[Record]]:
    family = replace(
        planted_family(),
        languages=("rom",),
        joined_on=date(2026, 10, 5),
        children=(Child(first_name="Quillanbert", school_id=RIVERSIDE.id),),
    )
    sessions = [
        replace(
            planted_session(family),
            id=new_record_id(),
            on=date(2026, 10, 6) + timedelta(days=n),
            languages=("rom",),
        )
        for n in range(2)
    ]
    return family, [RIVERSIDE, family, *sessions]


def _cell(html: str, label: str) -> str:
    """The number beside a line's name in a page's table."""
    after = html.split(f">{label}</td>")[1]
    return after.split("<td")[1].split(">", 1)[1].split("<")[0]


def test_the_school_page_shows_romani_from_the_report_that_is_sent() -> None:
    family, records = _roma_family()
    (report,) = next_reports(
        PreparedRecords(records), [SchoolTerms(RIVERSIDE, LANGUAGES)], TODAY, BeforeNoise()
    )
    assert report.report is not None and report.report["format"] == REPORT_FORMAT
    sent = report.report["totals"]
    assert sent["languages_at_intake"]["rom"] == 1 and sent["languages_at_intake"]["other"] == 0
    assert sent["sessions_by_language"]["rom"] == 2
    html = next_reports_html([report], PRIVACY, TODAY)
    intake = html.split('<p class="subheading">Languages of families who started</p>')[1]
    sessions = html.split('<p class="subheading">Sessions, by language spoken</p>')[1]
    assert _cell(intake, "Romany") == "1" and _cell(sessions, "Romany") == "2"
    assert _cell(intake, "Other languages") == "0"
    terms = {RIVERSIDE.id: SchoolTerms(RIVERSIDE, LANGUAGES)}
    counted = what_of_family_is_counted(PreparedRecords(records), family, TODAY, terms)
    part = family_counted_html(family.code, counted, PRIVACY)
    assert "Languages of families who started: Romany" in part
    assert "Sessions, by language spoken: Romany" in part


def test_the_school_page_names_romani_in_arabic(in_arabic: None) -> None:
    _family, records = _roma_family()
    (report,) = next_reports(
        PreparedRecords(records), [SchoolTerms(RIVERSIDE, LANGUAGES)], TODAY, BeforeNoise()
    )
    html = next_reports_html([report], PRIVACY, TODAY)
    assert "الغجرية" in html and ">rom<" not in html
