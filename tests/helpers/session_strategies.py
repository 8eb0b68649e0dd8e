"""Hypothesis strategies for sessions: any valid Session, with the families and places
of a profile the test has set up."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, time

from hypothesis import strategies as st

from parentrus_desktop.domain import Session
from parentrus_desktop.domain.session import LONGEST_SESSION_MINUTES, SINGLE_FAMILY_KINDS
from parentrus_desktop.domain.vocabulary import (
    NonAttendanceReason,
    SessionKind,
    SessionStatus,
    Topic,
    VenueCategory,
)
from parentrus_desktop.labels import COMMON_LANGUAGES

record_ids = st.binary(min_size=16, max_size=16).map(bytes.hex)
days = st.dates(min_value=date(2020, 1, 1), max_value=date(2028, 12, 31))
#: Common languages, and tags the app shows as they are (a region, a script, a rare one).
language_tags = st.sampled_from([*COMMON_LANGUAGES, "pt-BR", "zh-Hant", "ckb", "es-419"])
#: Words as mentors type them, with what a text box may give back differently: line
#: ends of every kind, no-break spaces, tabs, right-to-left text, emoji.
typed_text = st.lists(
    st.one_of(
        st.characters(codec="utf-8", exclude_characters="\x00"),
        st.sampled_from(["\r\n", "\r", "\u2028", "\u2029", "\u00a0", "\t", "سلام", "👍🏽"]),
    ),
    max_size=40,
).map("".join)


@st.composite
def sessions(draw: st.DrawFn, family_ids: Sequence[str], venue_ids: Sequence[str] = ()) -> Session:
    """One valid session: with one family, several, a group with others or a forum of
    others only; planned, held, missed (with why) or cancelled; with or without a saved
    place (one may be gone from the list), a start time and the rest."""
    kind = draw(st.sampled_from(SessionKind))
    if kind in SINGLE_FAMILY_KINDS:
        families = [draw(st.sampled_from(family_ids))]
        others = 0
    else:
        lowest = 1 if kind is SessionKind.GROUP else 0
        families = draw(st.lists(st.sampled_from(family_ids), min_size=lowest, unique=True))
        others = draw(st.integers(min_value=0 if families else 1, max_value=500))
    status = draw(st.sampled_from(SessionStatus))
    reason = (
        draw(st.sampled_from(NonAttendanceReason))
        if status is SessionStatus.DID_NOT_ATTEND
        else None
    )
    venue = draw(st.none() | st.sampled_from([*venue_ids, draw(record_ids)]))
    return Session(
        id=draw(record_ids),
        session_kind=kind,
        venue_category=draw(st.sampled_from(VenueCategory)),
        venue=venue,
        on=draw(days),
        starts_at=draw(st.none() | st.builds(time, st.integers(0, 23), st.integers(0, 59))),
        minutes=draw(st.integers(min_value=1, max_value=LONGEST_SESSION_MINUTES)),
        families=tuple(families),
        others=others,
        languages=tuple(draw(st.lists(language_tags, unique=True, max_size=4))),
        interpreter_used=draw(st.booleans()),
        topics=tuple(draw(st.lists(st.sampled_from(Topic), unique=True, max_size=5))),
        topic_other=draw(typed_text),
        notes=draw(typed_text),
        status=status,
        non_attendance_reason=reason,
        entered_on=draw(st.none() | days),
    )
