"""School terms by name, the months and school year each holds: the only periods the hub
shows numbers over."""

from __future__ import annotations

from datetime import date

import pytest
from parentrus_sync.hub import terms
from parentrus_sync.hub.terms import (
    UnknownTerm,
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


def test_no_range_overlaps_the_terms() -> None:
    # "The last 12 months" beside the terms could be subtracted from them to undo hiding.
    assert not hasattr(terms, "last_twelve_months")


def test_a_term_knows_its_school_year_and_its_periods() -> None:
    autumn, spring = term_named("2026-autumn"), term_named("2027-spring")
    assert (autumn.school_year, spring.school_year) == (2026, 2026)
    assert autumn.school_year_name == "2026/27" == term_named("2027-summer").school_year_name
    assert term_named("2026-summer").school_year_name == "2025/26"
    assert autumn.holds_period("2026-autumn") and autumn.holds_period("2026-12")
    assert autumn.holds_period("2026-W40")  # Thursday 1 October
    assert not autumn.holds_period("2027-spring") and not autumn.holds_period("2027-01")
    assert autumn.holds_period("2026-W36")  # Thursday 3 September
    assert not autumn.holds_period("2026-W35")  # Thursday 27 August: the summer term


def test_a_week_counts_in_the_month_of_its_thursday() -> None:
    assert month_of_period("2026-10") == "2026-10"
    # 2026-W40 runs Mon 28 Sep to Sun 4 Oct; its Thursday is 1 Oct.
    assert month_of_period("2026-W40") == "2026-10"
    assert month_of_period("2026-W39") == "2026-09"
