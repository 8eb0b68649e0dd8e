"""Reporting periods: months and ISO weeks, their names, and when they are ready."""

from __future__ import annotations

from datetime import date

import pytest

from parentrus_desktop.privacy.periods import (
    PeriodKind,
    is_ready,
    period_named,
    period_of,
    ready_periods,
)


def test_months_and_weeks_cover_the_right_days() -> None:
    november = period_of(date(2026, 11, 22), PeriodKind.MONTH)
    assert (november.first, november.last, november.name) == (
        date(2026, 11, 1),
        date(2026, 11, 30),
        "2026-11",
    )
    february = period_of(date(2028, 2, 10), PeriodKind.MONTH)
    assert february.last == date(2028, 2, 29)  # a leap year
    week = period_of(date(2026, 11, 22), PeriodKind.WEEK)  # a Sunday
    assert (week.first, week.last, week.name) == (
        date(2026, 11, 16),
        date(2026, 11, 22),
        "2026-W47",
    )
    new_year = period_of(date(2027, 1, 1), PeriodKind.WEEK)
    assert new_year.name == "2026-W53"  # ISO: 1 January 2027 is in 2026's last week


@pytest.mark.parametrize("name", ["2026-11", "2026-W47", "2026-W53", "2027-01"])
def test_names_round_trip(name: str) -> None:
    assert period_named(name).name == name


def test_a_period_is_ready_after_it_closes_and_the_grace_days_pass() -> None:
    october = period_of(date(2026, 10, 5), PeriodKind.MONTH)
    assert not is_ready(october, date(2026, 11, 3))
    assert is_ready(october, date(2026, 11, 4))
    assert [
        p.name for p in ready_periods(date(2026, 8, 20), date(2026, 11, 22), PeriodKind.MONTH)
    ] == ["2026-08", "2026-09", "2026-10"]
    assert ready_periods(date(2026, 11, 2), date(2026, 11, 22), PeriodKind.MONTH) == []
