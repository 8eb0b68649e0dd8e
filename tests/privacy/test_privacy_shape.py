"""The wire's cells (``parentrus_sync.report_shape``) are exactly the app's own choices."""

from __future__ import annotations

import math
from enum import StrEnum

import pytest
from parentrus_sync.cells import LANGUAGE_CELLS
from parentrus_sync.periods import PeriodKind
from parentrus_sync.report_shape import BY_NAME, CELLS, DEFAULT_BREAKDOWNS, Caps, caps_for

from parentrus_desktop.domain.vocabulary import (
    AgencyCategory,
    Barrier,
    CelebrationCategory,
    CheckInQuestion,
    NonAttendanceReason,
    SessionKind,
    Topic,
    VenueCategory,
)
from parentrus_desktop.labels import COMMON_LANGUAGES


@pytest.mark.parametrize(
    ("breakdown", "choices"),
    [
        ("sessions_by_kind", SessionKind),
        ("sessions_by_venue_category", VenueCategory),
        ("sessions_by_topic", Topic),
        ("did_not_attend_by_reason", NonAttendanceReason),
        ("barriers_at_intake", Barrier),
        ("referrals_by_category", AgencyCategory),
        ("celebrations_by_category", CelebrationCategory),
    ],
)
def test_every_choice_has_its_cell(breakdown: str, choices: type[StrEnum]) -> None:
    assert CELLS[breakdown] == tuple(c.value for c in choices)


def test_languages_and_check_ins_have_their_cells() -> None:
    for breakdown in ("sessions_by_language", "languages_at_intake"):
        # Every language offered to a family has its cell (format 3), then "other".
        assert CELLS[breakdown] == (*COMMON_LANGUAGES, "other") == (*LANGUAGE_CELLS, "other")
    assert CELLS["check_in_changes"] == tuple(
        f"{q.value}:{c}" for q in CheckInQuestion for c in ("improved", "same", "lower")
    )


def test_each_family_s_reach_follows_the_caps() -> None:
    """The L2 sensitivity with the family as the unit, breakdown by breakdown."""
    caps = Caps(sessions_per_family=10, missed_per_family=4, topics_per_session=2)
    l2 = {name: b.l2(caps) for name, b in BY_NAME.items()}
    assert l2["families_active"] == l2["families_new"] == l2["families_closed"] == 1
    assert l2["sessions_held"] == l2["sessions_by_kind"] == 10  # all ten of one kind
    assert l2["sessions_by_topic"] == pytest.approx(10 * math.sqrt(2))  # two topics each
    assert l2["sessions_by_language"] == pytest.approx(10 * math.sqrt(2))
    assert l2["mentor_hours"] == 30
    assert l2["did_not_attend_by_reason"] == 4
    assert l2["school_requests"] == pytest.approx(3 * math.sqrt(2))  # made and answered
    assert l2["check_in_changes"] == pytest.approx(math.sqrt(len(CheckInQuestion)))
    assert BY_NAME["sessions_by_topic"].cell_cap(caps) == 10


def test_a_term_allows_more_sessions_than_a_month_and_weeks_are_no_cadence() -> None:
    assert caps_for(PeriodKind.TERM).sessions_per_family == 12
    assert caps_for(PeriodKind.MONTH).sessions_per_family == 4
    with pytest.raises(ValueError, match="each term or each month"):
        caps_for(PeriodKind.WEEK)


def test_the_default_set_is_the_small_core() -> None:
    assert DEFAULT_BREAKDOWNS == (
        "families_active",
        "families_new",
        "families_closed",
        "sessions_held",
        "school_requests",
        "check_in_changes",
    )
