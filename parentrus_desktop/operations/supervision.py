"""A month's supervision summary for the mentor's manager, and marking a flag talked through.

The summary is for the mentor to take to supervision: the caseload, the sessions and
hours, who could not come, what is late, the referrals made, and what the mentor
flagged "to talk through with my manager". Families appear by their code only. The
mentor's own words appear only for the flags the mentor ticks; no name, phone number,
child, place or note ever does. It is exact (not noised: it is not a report to a school)
and it never leaves the laptop by itself: the mentor prints it.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Collection, Iterable
from dataclasses import dataclass, replace
from datetime import date, timedelta

from parentrus_desktop.domain import Family, FollowUp, Record, Referral, Session, TalkThrough
from parentrus_desktop.domain.vocabulary import (
    ActionOwner,
    AgencyCategory,
    FamilyStatus,
    FollowUpStatus,
    SessionKind,
    SessionStatus,
)
from parentrus_desktop.operations import Done
from parentrus_desktop.operations.own_work import work_lines
from parentrus_desktop.operations.records import Undo
from parentrus_desktop.operations.records import save as save_records
from parentrus_desktop.privacy.periods import Period, PeriodKind, period_of
from parentrus_desktop.store.unlocked import UnlockedProfile

#: How many months back the mentor can choose a summary for (this one included).
MONTHS_TO_CHOOSE = 12


@dataclass(frozen=True)
class Caseload:
    """The families on the caseload on the month's last day (paused and closed as the
    records say now: a family's status has no history, only its closing day)."""

    active: int
    paused: int
    closed: int  # closed on or before the month's last day
    new: int  # joined during the month
    closed_this_month: int


@dataclass(frozen=True)
class LateFollowUp:
    """A follow-up still open when the month ended, though it was due by then."""

    family_code: str  # "" for a follow-up about no family
    due_on: date
    owner: ActionOwner


@dataclass(frozen=True)
class FlaggedItem:
    """One thing to talk through: by family code, with the mentor's words only when the
    mentor ticked it for this summary."""

    id: str
    family_code: str
    raised_on: date
    talked_on: date | None
    from_session: bool
    words: str | None  # None: not ticked, so not shown


@dataclass(frozen=True)
class SupervisionSummary:
    month: Period
    caseload: Caseload
    sessions_by_kind: dict[SessionKind, int]  # held, in SessionKind order, none left at 0
    minutes_held: int
    did_not_attend: int
    late_follow_ups: list[LateFollowUp]
    referrals_by_category: dict[AgencyCategory, int]
    flagged: list[FlaggedItem]
    supervision_minutes: int  # the mentor's own log: supervision meetings this month

    @property
    def sessions_held(self) -> int:
        return sum(self.sessions_by_kind.values())

    @property
    def referrals_made(self) -> int:
        return sum(self.referrals_by_category.values())


def month_of(day: date) -> Period:
    return period_of(day, PeriodKind.MONTH)


def months_to_choose(today: date) -> list[Period]:
    """This month first, then each month before it, for the month chooser."""
    months = [month_of(today)]
    while len(months) < MONTHS_TO_CHOOSE:
        months.append(month_of(months[-1].first - timedelta(days=1)))
    return months


def flags_in(records: Iterable[Record], month: Period) -> list[TalkThrough]:
    """The flags a month's supervision is about: raised by its last day and not talked
    through before its first (so one still open from before is brought up again)."""
    return sorted(
        (
            r
            for r in records
            if isinstance(r, TalkThrough)
            and r.raised_on <= month.last
            and (r.talked_on is None or r.talked_on >= month.first)
        ),
        key=lambda r: (r.raised_on, r.id),
    )


def still_to_talk_through(records: Iterable[Record]) -> list[TalkThrough]:
    """Today's list: every flag not yet talked through, oldest first."""
    return sorted(
        (r for r in records if isinstance(r, TalkThrough) and r.is_open),
        key=lambda r: (r.raised_on, r.id),
    )


def supervision_summary(
    records: Iterable[Record],
    month: Period,
    words_for: Collection[str] = (),
    today: date | None = None,
) -> SupervisionSummary:
    """The summary of ``month``. ``words_for`` holds the ids of the flags whose words the
    mentor ticked to include; every other flag is shown by family code and date only.
    For the month still running (``today`` in it), "late" means late by yesterday."""
    records = list(records)
    late_by = month.last if today is None else min(month.last, today - timedelta(days=1))
    families = {r.id: r for r in records if isinstance(r, Family)}
    codes = {family_id: family.code for family_id, family in families.items()}
    last = month.last
    on_caseload = [f for f in families.values() if f.joined_on <= last]
    closed = [
        f
        for f in on_caseload
        if f.status is FamilyStatus.CLOSED and (f.closed_on is None or f.closed_on <= last)
    ]
    paused = [f for f in on_caseload if f.status is FamilyStatus.PAUSED]
    caseload = Caseload(
        active=len(on_caseload) - len(closed) - len(paused),
        paused=len(paused),
        closed=len(closed),
        new=sum(1 for f in families.values() if month.holds(f.joined_on)),
        closed_this_month=sum(
            1 for f in families.values() if f.closed_on is not None and month.holds(f.closed_on)
        ),
    )
    # The same lines as the "my own work" file: held sessions and the mentor's own log.
    held: Counter[str] = Counter()
    minutes_held = supervision_minutes = 0
    for line in work_lines(records, month.first, last):
        if line.place_kind:  # a session (the own log has no place)
            held[line.kind] += 1
            minutes_held += line.minutes
        elif line.kind == "supervision":
            supervision_minutes += line.minutes
    did_not_attend = sum(
        1
        for r in records
        if isinstance(r, Session) and r.status is SessionStatus.DID_NOT_ATTEND and month.holds(r.on)
    )
    late = sorted(
        (
            LateFollowUp(codes.get(r.family or "", ""), r.due_on, r.owner)
            for r in records
            if isinstance(r, FollowUp) and _late_at_end(r, late_by)
        ),
        key=lambda f: (f.due_on, f.family_code),
    )
    referrals: Counter[AgencyCategory] = Counter(
        r.category for r in records if isinstance(r, Referral) and month.holds(r.made_on)
    )
    chosen = set(words_for)
    flagged = [
        FlaggedItem(
            id=flag.id,
            family_code=codes.get(flag.family, ""),
            raised_on=flag.raised_on,
            talked_on=flag.talked_on,
            from_session=flag.session is not None,
            words=flag.words if flag.id in chosen else None,
        )
        for flag in flags_in(records, month)
    ]
    return SupervisionSummary(
        month=month,
        caseload=caseload,
        sessions_by_kind={k: held[k.value] for k in SessionKind if held[k.value]},
        minutes_held=minutes_held,
        did_not_attend=did_not_attend,
        late_follow_ups=late,
        referrals_by_category={c: referrals[c] for c in AgencyCategory if referrals[c]},
        flagged=flagged,
        supervision_minutes=supervision_minutes,
    )


def _late_at_end(follow_up: FollowUp, last: date) -> bool:
    """Due by the month's last day and not done by then (a cancelled one is not late)."""
    if follow_up.due_on > last or follow_up.status is FollowUpStatus.CANCELLED:
        return False
    if follow_up.raised_on is not None and follow_up.raised_on > last:
        return False  # written down after the month: it was not on the list then
    return follow_up.done_on is None or follow_up.done_on > last


def mark_talked_through(profile: UnlockedProfile, flag: TalkThrough, on: date) -> Done[Undo]:
    """The mentor talked it through with their manager: it leaves Today (Undo puts it back)."""
    return save_records(profile, replace(flag, talked_on=max(on, flag.raised_on)))
