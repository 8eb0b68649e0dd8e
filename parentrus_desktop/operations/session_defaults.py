"""What a new session's form starts with, so logging one after a meeting takes a few
clicks: the start time, the length the mentor last chose, the ticked families' languages
and the place last used with a family.

The place and the languages are read from the sealed records themselves, so nothing new
is kept about a family (erasing it takes them too). The last length is the only thing
remembered apart from records: a sealed item under the profile key, never the plain
settings file.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import time

from parentrus_desktop.domain import Family, Record, Session, Venue
from parentrus_desktop.domain.session import LONGEST_SESSION_MINUTES
from parentrus_desktop.domain.vocabulary import SessionKind, VenueCategory
from parentrus_desktop.store.unlocked import UnlockedProfile

#: The kind of sealed item the mentor's habits are kept as (store/unlocked.py).
HABITS = "session-habits"
_HABITS_ID = "session-habits"
#: A session's length when the mentor has logged none yet.
FIRST_LENGTH = 60
#: Kinds whose place follows from the kind itself (a home visit is at the family's home):
#: the place last used with a family is not offered for them.
KINDS_WITH_THEIR_OWN_PLACE = frozenset(
    {SessionKind.HOME_VISIT, SessionKind.PHONE_OR_VIDEO, SessionKind.SCHOOL_MEETING}
)


def quarter_hour_before(moment: time) -> time:
    """The time rounded down to the quarter hour (10:44 -> 10:30): a session logged just
    after it ended starts at a time the mentor will recognise."""
    return time(moment.hour, moment.minute - moment.minute % 15)


@dataclass(frozen=True)
class Place:
    """Where a family was last met: the kind of place, and the saved place if there was one
    (still in the mentor's list of places)."""

    category: VenueCategory
    venue: str | None


def last_place_with(records: Iterable[Record], family_id: str) -> Place | None:
    """Where the latest session with this family was held, among kinds where the mentor
    chooses the place; None if there is none. A saved place says what kind of place it
    is, as on the form."""
    venues: dict[str, VenueCategory] = {}
    latest: Session | None = None
    for record in records:
        if isinstance(record, Venue):
            venues[record.id] = record.category
        elif (
            isinstance(record, Session)
            and family_id in record.families
            and record.session_kind not in KINDS_WITH_THEIR_OWN_PLACE
            and (latest is None or _when(record) > _when(latest))
        ):
            latest = record
    if latest is None:
        return None
    if latest.venue is not None and latest.venue in venues:
        return Place(venues[latest.venue], latest.venue)
    return Place(latest.venue_category, None)


def _when(session: Session) -> tuple[object, ...]:
    # The id breaks ties the same way each time, so the same records give the same place.
    return (session.on, session.starts_at or time.min, session.id)


def languages_of(families: Iterable[Family]) -> tuple[str, ...]:
    """Every language of these families, each once, in the order the families come."""
    return tuple(dict.fromkeys(tag for family in families for tag in family.languages))


def last_length(profile: UnlockedProfile) -> int:
    """The length the mentor gave the last session logged (FIRST_LENGTH before any)."""
    value = profile.sealed_items(HABITS).get(_HABITS_ID)
    if value is None:
        return FIRST_LENGTH
    try:
        minutes = json.loads(value)["minutes"]
    except (ValueError, KeyError, TypeError):
        return FIRST_LENGTH  # damaged: the plain default, nothing is lost
    if type(minutes) is not int or not 1 <= minutes <= LONGEST_SESSION_MINUTES:
        return FIRST_LENGTH
    return minutes


def remember_length(profile: UnlockedProfile, minutes: int) -> None:
    """Keep the length of the session just logged, sealed, for the next one."""
    if last_length(profile) != minutes:
        value = json.dumps({"minutes": minutes}).encode()
        profile.save_sealed_items(HABITS, {_HABITS_ID: value})
