"""Reporting periods: school terms by default, calendar months if the school asks for them.

Period names are on the wire, so both ends share this module. A term is named by its
year and season (2026-autumn: September to December; 2027-spring: January to March;
2027-summer: April to August), a month as 2026-11. ISO weeks (2026-W47) are only read,
for reports of the first format a hub may still hold: no policy asks for them now.

A school year runs from September to August: 2026-autumn, 2027-spring and 2027-summer
are the school year 2026/27, which is what a family's privacy budget is counted over.

A period is reported once it has closed and a grace period has passed, so sessions
logged a day or two late still count in their own period.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, timedelta
from enum import StrEnum

DEFAULT_GRACE_DAYS = 3

# A term's first and last month. Autumn starts the school year.
TERM_MONTHS = {"autumn": (9, 12), "spring": (1, 3), "summer": (4, 8)}
_TERM_NAME = re.compile(r"([0-9]{4})-(autumn|spring|summer)")
#: The month a school year starts in.
SCHOOL_YEAR_STARTS = 9


class PeriodKind(StrEnum):
    TERM = "term"
    MONTH = "month"
    WEEK = "week"  # read only: first-format reports

    @property
    def per_school_year(self) -> int:
        """How many periods of this kind a school year holds (52 for weeks: a year can
        hold 53, which the accountant counts when it meets one)."""
        return {PeriodKind.TERM: 3, PeriodKind.MONTH: 12, PeriodKind.WEEK: 53}[self]


@dataclass(frozen=True, order=True)
class Period:
    """A reporting period: its first and last day, and a name such as 2026-autumn,
    2026-11 or 2026-W47."""

    first: date
    last: date
    kind: PeriodKind

    @property
    def name(self) -> str:
        if self.kind is PeriodKind.TERM:
            season = next(s for s, (f, _) in TERM_MONTHS.items() if f == self.first.month)
            return f"{self.first.year:04d}-{season}"
        if self.kind is PeriodKind.MONTH:
            return f"{self.first.year:04d}-{self.first.month:02d}"
        year, week, _ = self.first.isocalendar()
        return f"{year:04d}-W{week:02d}"

    def holds(self, day: date) -> bool:
        return self.first <= day <= self.last

    def next(self) -> Period:
        return period_of(self.last + timedelta(days=1), self.kind)

    @property
    def school_year(self) -> int:
        """The year the period's school year starts in: 2026 for 2026/27."""
        return school_year_of(self.first)


def school_year_of(day: date) -> int:
    """The year a day's school year starts in (September to August)."""
    return day.year if day.month >= SCHOOL_YEAR_STARTS else day.year - 1


def school_year_name(year: int) -> str:
    """2026 -> '2026/27'."""
    return f"{year}/{(year + 1) % 100:02d}"


def _month_end(first: date) -> date:
    following = (first + timedelta(days=32)).replace(day=1)
    return following - timedelta(days=1)


def period_of(day: date, kind: PeriodKind) -> Period:
    """The period a day falls in."""
    if kind is PeriodKind.WEEK:
        first = day - timedelta(days=day.weekday())  # ISO weeks start on Monday
        return Period(first, first + timedelta(days=6), kind)
    if kind is PeriodKind.TERM:
        for first_month, last_month in TERM_MONTHS.values():
            if first_month <= day.month <= last_month:
                start = date(day.year, first_month, 1)
                return Period(start, _month_end(date(day.year, last_month, 1)), kind)
        raise AssertionError("every month is in a term")  # pragma: no cover
    first = day.replace(day=1)
    return Period(first, _month_end(first), kind)


def period_named(name: str) -> Period:
    """The period for a name such as 2026-autumn, 2026-11 or 2026-W47; ValueError for
    anything else."""
    term = _TERM_NAME.fullmatch(name)
    if term:
        first_month = TERM_MONTHS[term.group(2)][0]
        return period_of(date(int(term.group(1)), first_month, 1), PeriodKind.TERM)
    if "-W" in name:
        year, week = name.split("-W")
        return period_of(date.fromisocalendar(int(year), int(week), 1), PeriodKind.WEEK)
    year, month = name.split("-")
    return period_of(date(int(year), int(month), 1), PeriodKind.MONTH)


def periods_in_school_year(year: int, kind: PeriodKind) -> list[Period]:
    """Every period of this kind whose first day is in the school year starting in
    ``year``, in order."""
    periods = []
    period = period_of(date(year, SCHOOL_YEAR_STARTS, 1), kind)
    if period.first.year < year or period.first.month < SCHOOL_YEAR_STARTS:
        period = period.next()  # a week that started in August
    while period.school_year == year:
        periods.append(period)
        period = period.next()
    return periods


def is_ready(period: Period, today: date, grace_days: int = DEFAULT_GRACE_DAYS) -> bool:
    """Closed, and the grace days for late entries have passed."""
    return today > period.last + timedelta(days=grace_days)


def ready_periods(
    since: date, today: date, kind: PeriodKind, grace_days: int = DEFAULT_GRACE_DAYS
) -> list[Period]:
    """Every period from the one holding ``since`` that is ready to report today."""
    ready = []
    period = period_of(since, kind)
    while is_ready(period, today, grace_days):
        ready.append(period)
        period = period.next()
    return ready
