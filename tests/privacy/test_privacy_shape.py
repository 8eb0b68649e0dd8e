"""The wire's cells (``parentrus_sync.report_shape``) are exactly the app's own choices."""

from __future__ import annotations

from enum import StrEnum

import pytest
from parentrus_sync.report_shape import CELLS, Bounds, breakdowns

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
        assert CELLS[breakdown] == (*COMMON_LANGUAGES, "other")
    assert CELLS["check_in_changes"] == tuple(
        f"{q.value}:{c}" for q in CheckInQuestion for c in ("improved", "same", "lower")
    )


def test_sensitivity_follows_the_bounds() -> None:
    wider = Bounds(topics_per_session=5, barriers_per_family=4, requests_per_family=2)
    sensitivity = {b.name: b.sensitivity for b in breakdowns(wider)}
    assert sensitivity["sessions_by_topic"] == 5
    assert sensitivity["barriers_at_intake"] == 4
    assert sensitivity["school_requests"] == 4
    assert sensitivity["check_in_changes"] == len(CheckInQuestion)
