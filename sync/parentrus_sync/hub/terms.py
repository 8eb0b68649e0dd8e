"""School terms by name (2026-autumn, 2027-spring, 2027-summer), the months each holds and
the school year each is in.

The hub shows numbers over these fixed periods only: a term, or the months of a term. A
range that overlaps them (such as "the last 12 months" beside the terms) would let anyone
subtract one table from another and get back a number the display rules hid.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from parentrus_sync.periods import PeriodKind, period_named, school_year_name

# A term's first and last month. Autumn is the start of the school year, so "2026-autumn"
# and "2027-spring" are the same school year.
_SEASONS = {"autumn": (9, 12), "spring": (1, 3), "summer": (4, 8)}
_ORDER = ("spring", "summer", "autumn")  # as they fall in a calendar year
_NAME = re.compile(r"(\d{4})-(autumn|spring|summer)")


class UnknownTerm(ValueError):
    """A term name that is not one we know; the message is fit to show as it is."""


@dataclass(frozen=True, order=True)
class Months:
    """The whole calendar months of a term."""

    first: date  # the first day of the first month
    last: date  # the first day of the last month

    @property
    def names(self) -> tuple[str, ...]:
        """Each month's period name, e.g. ('2026-09', '2026-10', ...)."""
        names = []
        year, month = self.first.year, self.first.month
        while (year, month) <= (self.last.year, self.last.month):
            names.append(f"{year:04d}-{month:02d}")
            year, month = (year + 1, 1) if month == 12 else (year, month + 1)
        return tuple(names)


@dataclass(frozen=True)
class Term:
    name: str  # e.g. 2026-autumn
    year: int
    season: str  # autumn, spring or summer
    months: Months

    @property
    def school_year(self) -> int:
        """The year its school year starts in: 2026 for 2026-autumn and 2027-spring."""
        return self.year if self.season == "autumn" else self.year - 1

    @property
    def school_year_name(self) -> str:
        """'2026/27'."""
        return school_year_name(self.school_year)

    def holds_period(self, period: str) -> bool:
        """Whether a reporting period (this term, one of its months, or an ISO week
        counted in one of its months) lies in this term."""
        found = period_named(period)
        if found.kind is PeriodKind.TERM:
            return found.name == self.name
        return month_of_period(period) in self.months.names


def term_named(name: str) -> Term:
    """The term for a name such as 2026-autumn; UnknownTerm for anything else."""
    match = _NAME.fullmatch(name.strip().lower())
    if not match:
        raise UnknownTerm(
            f"There is no term called {name!r}. "
            "A term is named by its year and season, like 2026-autumn, 2027-spring or 2027-summer."
        )
    year, season = int(match.group(1)), match.group(2)
    if not 2000 <= year <= 2999:
        raise UnknownTerm(f"There is no term called {name!r}: the year looks wrong.")
    first, last = _SEASONS[season]
    return Term(f"{year}-{season}", year, season, Months(date(year, first, 1), date(year, last, 1)))


def term_of(day: date) -> Term:
    """The term a day falls in."""
    for season, (first, last) in _SEASONS.items():
        if first <= day.month <= last:
            return term_named(f"{day.year}-{season}")
    raise AssertionError("every month is in a term")  # pragma: no cover


def previous_term(term: Term) -> Term:
    index = _ORDER.index(term.season)
    if index == 0:
        return term_named(f"{term.year - 1}-{_ORDER[-1]}")
    return term_named(f"{term.year}-{_ORDER[index - 1]}")


def recent_terms(today: date, count: int = 6) -> list[Term]:
    """The term holding today and the ones before it, newest first, for a choice list."""
    terms = [term_of(today)]
    while len(terms) < count:
        terms.append(previous_term(terms[-1]))
    return terms


def month_of_period(period: str) -> str:
    """The month a reporting period counts in: itself, or for an ISO week the month of its
    Thursday (the ISO rule for which year a week belongs to), so no week counts twice."""
    found = period_named(period)
    if found.kind is PeriodKind.MONTH:
        return found.name
    thursday = found.first.toordinal() + 3
    day = date.fromordinal(thursday)
    return f"{day.year:04d}-{day.month:02d}"
