"""What the Today screen shows: a pure function of the opened records and the date."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, time, timedelta

from parentrus_desktop.domain import CheckIn, Family, FollowUp, Record, School, Session
from parentrus_desktop.domain.rules import MISSED_SESSION_FOLLOW_UP
from parentrus_desktop.domain.vocabulary import FamilyStatus, FollowUpStatus, SessionStatus

#: The programme asks for a check-in at the start and every few months after.
CHECK_IN_EVERY_DAYS = 91


@dataclass(frozen=True)
class Today:
    """Everything on the Today screen, each list in the order the mentor will want it."""

    sessions_today: list[Session]
    sessions_this_week: list[Session]  # after today, up to seven days ahead
    overdue_follow_ups: list[FollowUp]
    families_to_call: list[FollowUp]  # did not attend: find out why and rearrange
    check_ins_due: list[Family]
    school_requests_waiting: list[FollowUp]
    # Families with no child at a school in the directory (or no child written down
    # yet): no school's report counts them until the mentor says (closed ones left out).
    school_unknown: list[Family]
    #: Planned for a day gone by and not yet said whether it happened: newest first.
    did_this_happen: list[Session] = field(default_factory=list)
    #: Families still supported whose plan is due for review within a week (or was
    #: due already), soonest first.
    plans_to_review: list[Family] = field(default_factory=list)


def what_is_on(records: Iterable[Record], today: date) -> Today:
    sessions: list[Session] = []
    follow_ups: list[FollowUp] = []
    families: list[Family] = []
    last_check_in: dict[str, date] = {}
    schools: set[str] = set()
    for record in records:
        if isinstance(record, Session):
            sessions.append(record)
        elif isinstance(record, FollowUp):
            follow_ups.append(record)
        elif isinstance(record, Family):
            families.append(record)
        elif isinstance(record, School):
            schools.add(record.id)
        elif isinstance(record, CheckIn):
            last_check_in[record.family] = max(
                record.on, last_check_in.get(record.family, record.on)
            )
    week_end = today + timedelta(days=7)
    planned = sorted(
        (s for s in sessions if s.status is SessionStatus.PLANNED and today <= s.on <= week_end),
        key=lambda s: (s.on, s.starts_at or time.min),
    )
    open_follow_ups = [f for f in follow_ups if f.status is FollowUpStatus.OPEN]
    to_call = sorted(
        (f for f in open_follow_ups if f.what == MISSED_SESSION_FOLLOW_UP), key=lambda f: f.due_on
    )
    overdue = sorted(
        (
            f
            for f in open_follow_ups
            if f.due_on < today and f.what != MISSED_SESSION_FOLLOW_UP and not f.is_school_request
        ),  # those wait in their own list
        key=lambda f: f.due_on,
    )
    # A family with no check-in yet is due one now (the first is taken at the start).
    due = [
        f
        for f in families
        if f.status is FamilyStatus.ACTIVE
        and (f.id not in last_check_in or (today - last_check_in[f.id]).days >= CHECK_IN_EVERY_DAYS)
    ]
    waiting = sorted(
        (f for f in open_follow_ups if f.is_school_request and not f.school_has_answered),
        key=lambda f: f.due_on,
    )
    school_unknown = [
        f
        for f in families
        if f.status is not FamilyStatus.CLOSED
        and not any(c.school_id in schools for c in f.children)
    ]
    plans_to_review = sorted(
        (
            f
            for f in families
            if f.status is not FamilyStatus.CLOSED
            and f.plan.review_on is not None
            and f.plan.review_on <= week_end
        ),
        key=lambda f: (f.plan.review_on or today, f.code),
    )
    return Today(
        plans_to_review=plans_to_review,
        sessions_today=[s for s in planned if s.on == today],
        sessions_this_week=[s for s in planned if s.on > today],
        overdue_follow_ups=overdue,
        families_to_call=to_call,
        check_ins_due=sorted(due, key=lambda f: last_check_in.get(f.id, f.joined_on)),
        school_requests_waiting=waiting,
        school_unknown=sorted(school_unknown, key=lambda f: (f.joined_on, f.code)),
        did_this_happen=sessions_to_confirm(sessions, today),
    )


def sessions_to_confirm(sessions: Iterable[Session], today: date) -> list[Session]:
    """Planned sessions whose day has passed: the mentor says whether each happened, so
    a missed one gets its follow-up and a held one is counted."""
    return sorted(
        (s for s in sessions if s.status is SessionStatus.PLANNED and s.on < today),
        key=lambda s: (s.on, s.starts_at or time.min),
        reverse=True,
    )
