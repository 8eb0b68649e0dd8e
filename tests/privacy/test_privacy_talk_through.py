"""What a mentor flags to talk through with their manager never reaches a school: a report
is the same number for number with or without the flags, and holds none of their words."""

from __future__ import annotations

import json
from dataclasses import replace
from datetime import date

from helpers.planted import PLANTED_STRINGS, planted_family, planted_session
from parentrus_sync.report_shape import MENU
from parentrus_sync.school_plan import ReportPlan

from parentrus_desktop.domain import Child, Record, School, TalkThrough, new_record_id
from parentrus_desktop.privacy.dp_noise import BeforeNoise
from parentrus_desktop.privacy.periods import PeriodKind, period_of
from parentrus_desktop.privacy.report import build_report

NOVEMBER = period_of(date(2026, 11, 1), PeriodKind.MONTH)
EVERYTHING = ReportPlan(tuple(b.name for b in MENU), kind=PeriodKind.MONTH)
SCHOOL = "5c3b0a9e6d1f4a8b9c7d2e1f0a3b4c5d"
WORDS = "pomegranate staircase whisper"


def _report(records: list[Record]) -> str:
    return json.dumps(
        build_report(
            records,
            school_id=SCHOOL,
            hub_school="riverside",
            period=NOVEMBER,
            plan=EVERYTHING,
            noise=BeforeNoise(),
        ),
        sort_keys=True,
    )


def test_flags_change_nothing_in_a_report_to_the_school() -> None:
    family = replace(planted_family(), children=(Child(first_name="Ayaan", school_id=SCHOOL),))
    session = planted_session(family)
    records: list[Record] = [School(id=SCHOOL, name="Riverside Primary"), family, session]
    flags = [
        TalkThrough(
            id=new_record_id(),
            family=family.id,
            session=session.id if n % 2 else None,
            words=f"{WORDS} {n}",
            raised_on=date(2026, 11, 1 + n),
            talked_on=date(2026, 11, 20) if n == 3 else None,
        )
        for n in range(5)
    ]
    without = _report(records)
    with_flags = _report([*records, *flags])
    assert with_flags == without
    for planted in (WORDS, *PLANTED_STRINGS, family.code, *(f.id for f in flags)):
        assert planted not in with_flags
