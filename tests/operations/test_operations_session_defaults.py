"""A new session's defaults, without Qt: the quarter hour, the place last used with a
family, the families' languages and the last length, kept sealed."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, time, timedelta

from helpers.planted import planted_family
from hypothesis import given
from hypothesis import strategies as st

from parentrus_desktop.domain import Session, Venue, new_record_id
from parentrus_desktop.domain.vocabulary import SessionKind, VenueCategory
from parentrus_desktop.operations.session_defaults import (
    FIRST_LENGTH,
    HABITS,
    Place,
    languages_of,
    last_length,
    last_place_with,
    quarter_hour_before,
    remember_length,
)
from parentrus_desktop.store.unlocked import UnlockedProfile

DAY = date(2026, 11, 2)


@given(st.times())
def test_the_start_is_the_quarter_hour_at_or_before_now(moment: time) -> None:
    start = quarter_hour_before(moment)
    assert start.minute % 15 == 0 and start.second == 0 and start.microsecond == 0
    assert start <= moment
    assert moment.hour * 60 + moment.minute - (start.hour * 60 + start.minute) < 15


def test_quarter_hours_as_a_mentor_reads_them() -> None:
    assert quarter_hour_before(time(10, 44, 59)) == time(10, 30)
    assert quarter_hour_before(time(10, 45)) == time(10, 45)
    assert quarter_hour_before(time(0, 14)) == time(0, 0)
    assert quarter_hour_before(time(23, 59)) == time(23, 45)


def met(family: str, on: date, **fields: object) -> Session:
    values: dict[str, object] = {
        "id": new_record_id(),
        "session_kind": SessionKind.ONE_TO_ONE,
        "venue_category": VenueCategory.COMMUNITY_CENTRE,
        "on": on,
        "families": (family,),
    }
    return Session(**{**values, **fields})  # type: ignore[arg-type]


def test_the_place_is_where_the_family_was_last_met() -> None:
    family, other = "a" * 32, "b" * 32
    library = Venue(id=new_record_id(), name="Library", category=VenueCategory.LIBRARY)
    cafe = Venue(id=new_record_id(), name="Café", category=VenueCategory.CAFE)
    gone = new_record_id()  # a place taken off the list since
    records = [
        library,
        cafe,
        met(family, DAY, venue=cafe.id, venue_category=VenueCategory.CAFE),
        met(family, DAY, starts_at=time(9), venue=library.id),  # later that day
        met(family, DAY - timedelta(days=9), venue=cafe.id),
        met(family, DAY + timedelta(days=1), session_kind=SessionKind.HOME_VISIT),
        met(other, DAY + timedelta(days=2), venue=cafe.id),
    ]
    # A saved place says what kind of place it is, whatever the session said.
    assert last_place_with(records, family) == Place(VenueCategory.LIBRARY, library.id)
    assert last_place_with(records, other) == Place(VenueCategory.CAFE, cafe.id)
    assert last_place_with(records, "c" * 32) is None
    group = met(
        family,
        DAY + timedelta(days=3),
        session_kind=SessionKind.GROUP,
        venue=gone,
        venue_category=VenueCategory.PARK,
    )
    assert last_place_with([*records, group], family) == Place(VenueCategory.PARK, None)


def test_languages_of_the_families_each_once_in_order() -> None:
    first = replace(planted_family("K7Q-4M"), languages=("so", "en"))
    second = replace(planted_family("B3X-9P"), languages=("ar", "en"))
    assert languages_of([first, second]) == ("so", "en", "ar")
    assert languages_of([]) == ()


def test_the_last_length_is_remembered_sealed(profile: UnlockedProfile) -> None:
    assert last_length(profile) == FIRST_LENGTH
    remember_length(profile, 75)
    assert last_length(profile) == 75
    (sealed,) = profile.raw_database().conn.execute(
        "SELECT sealed FROM sync_items WHERE kind = ?", (HABITS,)
    )
    assert b"75" not in sealed[0] and b"minutes" not in sealed[0]
    remember_length(profile, 30)
    assert last_length(profile) == 30


def test_a_damaged_or_impossible_length_gives_the_plain_default(profile: UnlockedProfile) -> None:
    for value in (b"not json", b'{"minutes": "45"}', b'{"minutes": 0}', b'{"minutes": 9999}'):
        profile.save_sealed_items(HABITS, {HABITS: value})
        assert last_length(profile) == FIRST_LENGTH
