"""The fixed cells of every breakdown: a report always holds all of them, even zeros,
so which cells appear says nothing about anybody."""

from __future__ import annotations

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

LANGUAGE_CELLS = COMMON_LANGUAGES

CELLS: dict[str, tuple[str, ...]] = {
    "sessions_by_kind": tuple(k.value for k in SessionKind),
    "sessions_by_venue_category": tuple(v.value for v in VenueCategory),
    "sessions_by_language": (*LANGUAGE_CELLS, "other"),
    "sessions_by_topic": tuple(t.value for t in Topic),
    "did_not_attend_by_reason": tuple(r.value for r in NonAttendanceReason),
    "mentor_hours": ("hours",),
    "families_new": ("families",),
    "families_active": ("families",),
    "families_closed": ("families",),
    "barriers_at_intake": tuple(b.value for b in Barrier),
    "languages_at_intake": (*LANGUAGE_CELLS, "other"),
    "school_requests": ("made", "answered"),
    "referrals_by_category": tuple(a.value for a in AgencyCategory),
    "celebrations_by_category": tuple(c.value for c in CelebrationCategory),
    "check_in_changes": tuple(
        f"{q.value}:{change}" for q in CheckInQuestion for change in ("improved", "same", "lower")
    ),
}
