"""Saying in one step how a planned session went: it happened, or they could not come."""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date

from parentrus_desktop.domain import FollowUp, Record, Session
from parentrus_desktop.domain.rules import follow_ups_after_saving
from parentrus_desktop.domain.validation import N_, InvalidRecord
from parentrus_desktop.domain.vocabulary import NonAttendanceReason, SessionStatus
from parentrus_desktop.operations import Done
from parentrus_desktop.operations.records import Undo, save
from parentrus_desktop.store.unlocked import UnlockedProfile

FUTURE_ONLY_PLANNED = N_("A session in the future can only be planned.")


def _planned(profile: UnlockedProfile, session_id: str, today: date) -> Session:
    """The session as it is saved now (not as a screen last showed it), if it can be marked."""
    session = profile.get(session_id)
    if not isinstance(session, Session):
        raise InvalidRecord("session", N_("This session is no longer in your records."))
    if session.status is not SessionStatus.PLANNED:
        raise InvalidRecord(
            "status", N_("This session is no longer planned. Open it to change what happened.")
        )
    if session.on > today:
        raise InvalidRecord("status", FUTURE_ONLY_PLANNED)
    return session


@dataclass(frozen=True)
class Marked:
    """A session marked in one step: as saved, the follow-ups it added, and how to undo
    it (the session planned again, those follow-ups gone: one transaction)."""

    session: Session
    follow_ups: tuple[FollowUp, ...]
    undo: Undo


def mark_held(profile: UnlockedProfile, session_id: str, today: date) -> Done[Marked]:
    """A planned session took place."""
    held = replace(_planned(profile, session_id, today), status=SessionStatus.HELD)
    undo = save(profile, held).result
    return Done(Marked(held, (), undo), frozenset({Session.kind}))


def mark_missed(
    profile: UnlockedProfile, session_id: str, reason: NonAttendanceReason, today: date
) -> Done[Marked]:
    """Nobody came to a planned session: saved together with the follow-up to call each
    family, exactly as when the session is logged as missed."""
    before = _planned(profile, session_id, today)
    missed = replace(before, status=SessionStatus.DID_NOT_ATTEND, non_attendance_reason=reason)
    follow_ups = follow_ups_after_saving(
        missed, today, before=before, existing=profile.all(FollowUp)
    )
    saved: list[Record] = [missed, *follow_ups]
    undo = save(profile, *saved).result
    added = tuple(f for f in follow_ups if isinstance(f, FollowUp))
    return Done(Marked(missed, added, undo), frozenset(r.kind for r in saved))
