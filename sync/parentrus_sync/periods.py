"""Reporting periods: calendar months by default, ISO weeks if the school's hub says so.

Period names are on the wire, so both ends share this module.

A period is reported once it has closed and a grace period has passed, so sessions
logged a day or two late still count in their own period.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from enum import StrEnum

DEFAULT_GRACE_DAYS = 3


class PeriodKind(StrEnum):
    MONTH = "month"
    WEEK = "week"


@dataclass(frozen=True, order=True)
class Period:
    """A reporting period: its first and last day, and a name such as 2026-11 or 2026-W47."""

    first: date
    last: date
    kind: PeriodKind

    @property
    def name(self) -> str:
        if self.kind is PeriodKind.MONTH:
            return f"{self.first.year:04d}-{self.first.month:02d}"
        year, week, _ = self.first.isocalendar()
        return f"{year:04d}-W{week:02d}"

    def holds(self, day: date) -> bool:
        return self.first <= day <= self.last

    def next(self) -> Period:
        return period_of(self.last + timedelta(days=1), self.kind)


def period_of(day: date, kind: PeriodKind) -> Period:
    """The period a day falls in."""
    if kind is PeriodKind.WEEK:
        first = day - timedelta(days=day.weekday())  # ISO weeks start on Monday
        return Period(first, first + timedelta(days=6), kind)
    first = day.replace(day=1)
    following = (first + timedelta(days=32)).replace(day=1)
    return Period(first, following - timedelta(days=1), kind)


def period_named(name: str) -> Period:
    """The period for a name such as 2026-11 or 2026-W47; ValueError for anything else."""
    if "-W" in name:
        year, week = name.split("-W")
        return period_of(date.fromisocalendar(int(year), int(week), 1), PeriodKind.WEEK)
    year, month = name.split("-")
    return period_of(date(int(year), int(month), 1), PeriodKind.MONTH)


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
