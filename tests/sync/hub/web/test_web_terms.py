"""School terms by name, and the months a dashboard covers."""

from __future__ import annotations

from datetime import date

import pytest
from parentrus_sync.hub.terms import (
    UnknownTerm,
    last_twelve_months,
    month_of_period,
    recent_terms,
    term_named,
    term_of,
)


def test_terms_hold_their_months() -> None:
    assert term_named("2026-autumn").months.names == ("2026-09", "2026-10", "2026-11", "2026-12")
    assert term_named("2027-spring").months.names == ("2027-01", "2027-02", "2027-03")
    assert term_named("2027-summer").months.names == (
        "2027-04", "2027-05", "2027-06", "2027-07", "2027-08",
    )  # fmt: skip


@pytest.mark.parametrize(
    "name", ["2026-winter", "autumn", "2026", "", "2026-autumn-x", "0001-spring"]
)
def test_an_unknown_term_is_a_clear_error(name: str) -> None:
    with pytest.raises(UnknownTerm, match="term"):
        term_named(name)


def test_every_day_is_in_exactly_one_term() -> None:
    day = date(2026, 1, 1)
    while day.year == 2026:
        term = term_of(day)
        assert f"{day.year:04d}-{day.month:02d}" in term.months.names
        day = date.fromordinal(day.toordinal() + 1)


def test_recent_terms_go_back_in_order() -> None:
    names = [t.name for t in recent_terms(date(2026, 11, 23), 4)]
    assert names == ["2026-autumn", "2026-summer", "2026-spring", "2025-autumn"]


def test_the_last_twelve_months_end_before_this_one() -> None:
    assert last_twelve_months(date(2026, 11, 23)).names[0] == "2025-11"
    assert last_twelve_months(date(2026, 11, 23)).names[-1] == "2026-10"
    assert len(last_twelve_months(date(2027, 1, 5)).names) == 12
    assert last_twelve_months(date(2027, 1, 5)).names[-1] == "2026-12"


def test_a_week_counts_in_the_month_of_its_thursday() -> None:
    assert month_of_period("2026-10") == "2026-10"
    # 2026-W40 runs Mon 28 Sep to Sun 4 Oct; its Thursday is 1 Oct.
    assert month_of_period("2026-W40") == "2026-10"
    assert month_of_period("2026-W39") == "2026-09"
