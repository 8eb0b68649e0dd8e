"""Rules of the programme that turn one record into another, kept in one place."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, timedelta

from parentrus_desktop.domain.follow_up import FollowUp
from parentrus_desktop.domain.record import new_record_id
from parentrus_desktop.domain.session import Session
from parentrus_desktop.domain.validation import N_
from parentrus_desktop.domain.vocabulary import ActionOwner, SessionStatus

#: A family that missed a session should hear from their mentor within days, not weeks.
CALL_AFTER_MISSED_SESSION_DAYS = 3
MISSED_SESSION_FOLLOW_UP = N_("Find out why they could not come, and arrange another time.")


def follow_ups_for(session: Session, today: date) -> list[FollowUp]:
    """The follow-ups a newly saved session calls for: a did-not-attend creates one per
    family, so nobody who missed a session is forgotten."""
    if session.status is not SessionStatus.DID_NOT_ATTEND:
        return []
    due = max(today, session.on) + timedelta(days=CALL_AFTER_MISSED_SESSION_DAYS)
    return [
        FollowUp(
            id=new_record_id(),
            family=family,
            session=session.id,
            owner=ActionOwner.MENTOR,
            what=MISSED_SESSION_FOLLOW_UP,
            due_on=due,
            raised_on=today,
        )
        for family in session.families
    ]


def follow_ups_after_saving(
    session: Session, today: date, *, before: Session | None, existing: Iterable[FollowUp]
) -> list[FollowUp]:
    """The follow-ups to save with a new or changed session: as for a newly logged one,
    but only for families that just became 'could not come', and never a second one
    for a family that already has one from this session (saving again asks nothing new)."""
    if before is not None and before.status is SessionStatus.DID_NOT_ATTEND:
        newly_missed = set(session.families) - set(before.families)
    else:
        newly_missed = set(session.families)
    already = {f.family for f in existing if f.session == session.id}
    return [
        f
        for f in follow_ups_for(session, today)
        if f.family in newly_missed and f.family not in already
    ]
