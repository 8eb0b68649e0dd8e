"""Building the report a school receives: totals per family-capped breakdown, then noised.

A pure function of the opened records, the school's plan (``school_plan.ReportPlan``, from
its signed policy), the period, what this laptop already spent of the family's yearly
budget for that school, and a noise source. No identifiers, codes, names, free text or
dates finer than the period ever enter a report: only counts per fixed category, and
metadata about the method.

The family is the privacy unit: each counted family adds at most its caps to a period
(``report_shape.Caps``), so removing one family moves each breakdown by at most its
stated L2 sensitivity. A session with several families counts once for each of them.
Every report fits ``parentrus_sync.report_schema`` (tested).
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date, time, timedelta
from functools import cached_property
from typing import Any

from parentrus_sync.periods import PeriodKind
from parentrus_sync.report_shape import (
    BREAKDOWN_NAMES,
    BY_NAME,
    LANGUAGE_CELLS,
    REPORT_FORMAT,
    Caps,
    caps_for,
)
from parentrus_sync.school_plan import ReportPlan, check_within, privacy_block

from parentrus_desktop.domain import (
    Celebration,
    CheckIn,
    Consent,
    Family,
    FollowUp,
    Record,
    Referral,
    School,
    Session,
)
from parentrus_desktop.domain.vocabulary import (
    ActionOwner,
    ConsentScope,
    FamilyStatus,
    SessionStatus,
)
from parentrus_desktop.privacy.dp_noise import Noise
from parentrus_desktop.privacy.periods import (
    DEFAULT_GRACE_DAYS,
    Period,
    period_named,
    period_of,
)


@dataclass(frozen=True)
class SchoolPolicy:
    """What the school's hub asks for (its signed policy, as a plan) and the grace days
    for late entries; the usual settings for a school not connected."""

    plan: ReportPlan = field(default_factory=ReportPlan)
    grace_days: int = 3

    @property
    def period_kind(self) -> PeriodKind:
        return self.plan.kind


class PreparedRecords:
    """The opened records sorted once by what the report builder asks of them, so a
    year of reports for several schools is one pass over the records, not one each."""

    def __init__(self, records: Iterable[Record]) -> None:
        self.families: list[Family] = []
        self.schools: list[School] = []
        self.counted_consents: dict[str, list[Consent]] = {}
        self.about_family: dict[str, list[Record]] = {}  # referrals, celebrations, requests
        self.check_ins: dict[str, list[CheckIn]] = {}
        sessions: list[Session] = []
        for record in records:
            if isinstance(record, Family):
                self.families.append(record)
            elif isinstance(record, School):
                self.schools.append(record)
            elif isinstance(record, Session):
                sessions.append(record)
            elif isinstance(record, Consent):
                if record.scope is ConsentScope.COUNTED:
                    self.counted_consents.setdefault(record.family, []).append(record)
            elif isinstance(record, CheckIn):
                self.check_ins.setdefault(record.family, []).append(record)
            elif (
                isinstance(record, Referral | Celebration)
                or (isinstance(record, FollowUp) and record.owner is ActionOwner.SCHOOL)
            ) and record.family_id is not None:
                self.about_family.setdefault(record.family_id, []).append(record)
        for family_check_ins in self.check_ins.values():
            family_check_ins.sort(key=lambda c: (c.on, c.id))
        # Counting order decides which sessions a capped family keeps: oldest first.
        self.sessions = sorted(sessions, key=lambda s: (s.on, s.starts_at or time.min, s.id))
        self._by_period: dict[tuple[PeriodKind, Reported], dict[str, list[Session]]] = {}

    def sessions_in(self, period: Period, reported: Reported) -> list[Session]:
        """The sessions that count in this period, in counting order."""
        key = (period.kind, reported)
        if key not in self._by_period:
            buckets: dict[str, list[Session]] = {}
            for session in self.sessions:
                name = counting_period(session, period.kind, reported).name
                buckets.setdefault(name, []).append(session)
            self._by_period[key] = buckets
        return self._by_period[key].get(period.name, [])


@dataclass(frozen=True)
class Reported:
    """The periods already built for a school, each with the day it was built (None when
    not known: a report kept from before that was recorded, taken as built on the first
    day it could be sent)."""

    built: tuple[tuple[str, date | None], ...] = ()

    @classmethod
    def of(cls, periods: Iterable[str] | Mapping[str, date | None]) -> Reported:
        days = periods if isinstance(periods, Mapping) else dict.fromkeys(periods)
        return cls(tuple(sorted(days.items(), key=lambda item: item[0])))

    @cached_property
    def _by_month(self) -> dict[tuple[int, int], list[tuple[Period, date]]]:
        """Each built period, with its day, under every month it touches."""
        found: dict[tuple[int, int], list[tuple[Period, date]]] = {}
        for name, day in self.built:
            period = period_named(name)
            built = day or period.last + timedelta(days=DEFAULT_GRACE_DAYS + 1)
            month = period.first.replace(day=1)
            while month <= period.last:
                found.setdefault((month.year, month.month), []).append((period, built))
                month = (month + timedelta(days=32)).replace(day=1)
        return found

    def holding(self, day: date) -> tuple[Period, date] | None:
        """The built period holding this day, and the day it was built."""
        for period, built in self._by_month.get((day.year, day.month), ()):
            if period.holds(day):
                return period, built
        return None


def school_on_the_wire(school: School) -> str:
    """How reports name a school: lower-case letters, digits and dashes (the schema's
    pattern). Until the laptop is enrolled with the school's hub, which gives the name
    it knows the school by, it is made from the school's name in the directory."""
    letters = unicodedata.normalize("NFKD", school.name.casefold())
    plain = "".join(c for c in letters if not unicodedata.combining(c))  # é -> e
    words = re.findall(r"[a-z0-9]+", plain)
    return "-".join(words)[:64].strip("-") or "school"


def counted_families(
    prepared: PreparedRecords, school_id: str, period: Period
) -> dict[str, Family]:
    """Families with a child at this school who have not declined to be counted. The
    family's latest word on being counted decides, as the records stand when the report
    is built: a "no", or a "yes" since withdrawn, keeps the family out of every report
    not yet built, even one for a period before it was said (that report has not left
    the laptop); a "yes" given after the period leaves that period out."""
    return {
        family.id: family
        for family in prepared.families
        if any(c.school_id == school_id for c in family.children)
        and _counted(prepared.counted_consents.get(family.id, []), period)
    }


def _counted(consents: list[Consent], period: Period) -> bool:
    if not consents:
        return True  # no word about it: counted (families are counted unless they say no)
    latest = max(consents, key=lambda c: (c.given_on, c.id))
    return latest.in_force(period.last) and latest.withdrawn_on is None


def counting_period(session: Session, kind: PeriodKind, reported: Reported) -> Period:
    """A session counts in its own period. If a report already built holds its day (of
    any kind: a month of the first format, a term), it counted there, unless it was
    entered after that report was built: then it counts in the period it was entered in.
    A session entered on the day a report was built is taken to be in it."""
    found = reported.holding(session.on)
    if found is None:
        return period_of(session.on, kind)
    period, built = found
    if session.entered_on is not None and session.entered_on > built:
        return period_of(session.entered_on, kind)
    return period


def count_period(
    prepared: PreparedRecords,
    *,
    school_id: str,
    period: Period,
    reported: Reported | Iterable[str] = (),
    only_family: str | None = None,
) -> dict[str, Counter[str]]:
    """The true, capped counts for every breakdown on the menu and its cells, before
    noise. With ``only_family``, just what that family adds to them."""
    caps = caps_for(period.kind)
    families = counted_families(prepared, school_id, period)
    if only_family is not None:
        families = {only_family: families[only_family]} if only_family in families else {}
    raw: dict[str, Counter[str]] = {name: Counter() for name in BREAKDOWN_NAMES}
    done = reported if isinstance(reported, Reported) else Reported.of(reported)
    _count_sessions(prepared.sessions_in(period, done), families, caps, raw)
    _count_families(prepared, families, period, caps, raw, school_id)
    return raw


def build_report(
    records: list[Record] | PreparedRecords,
    *,
    school_id: str,
    hub_school: str,
    period: Period,
    plan: ReportPlan,
    noise: Noise,
    reported: Reported | Iterable[str] = (),
    spent_rho: float = 0.0,
) -> dict[str, Any]:
    """The report for one school and one period, ready to be signed and sent.

    ``spent_rho`` is what this laptop already spent of each family's budget for this
    school in the period's school year; BudgetRefused when the report would go over."""
    if period.kind is not plan.kind:
        raise ValueError("the period is not of the plan's kind")
    rho = check_within(plan, spent_rho)
    prepared = records if isinstance(records, PreparedRecords) else PreparedRecords(records)
    raw = count_period(prepared, school_id=school_id, period=period, reported=reported)
    totals: dict[str, dict[str, int]] = {}
    for name in plan.breakdowns:
        breakdown = BY_NAME[name]
        # No count above what the school's limit of families per laptop could give: the
        # hub refuses such a report for good. Clamping a sum moves it no more than one
        # family could, so the sensitivity stays as stated.
        most = plan.families_per_laptop * breakdown.cell_cap(plan.caps)
        counts = [min(raw[name][cell], most) for cell in breakdown.cells]
        cells = breakdown.cells
        noised = noise.noised(counts, plan.sigma(name))
        totals[name] = dict(zip(cells, noised, strict=True))
    return {
        "format": REPORT_FORMAT,
        "nonce": noise.nonce(),
        "school": hub_school,
        "period": period.name,
        "privacy": privacy_block(plan, period, spent_rho + rho),
        "totals": totals,
    }


def _count_sessions(
    sessions: list[Session],
    families: Mapping[str, Family],
    caps: Caps,
    raw: dict[str, Counter[str]],
) -> None:
    """Each counted family's sessions in the period, in counting order: its first held
    ones up to the cap, and its first missed ones up to theirs."""
    held: Counter[str] = Counter()
    missed: Counter[str] = Counter()
    for session in sessions:
        present = [f for f in dict.fromkeys(session.families) if f in families]
        if not present:
            continue
        if session.status is SessionStatus.DID_NOT_ATTEND:
            reason = session.non_attendance_reason
            for family_id in present:
                if missed[family_id] < caps.missed_per_family:
                    missed[family_id] += 1
                    raw["did_not_attend_by_reason"][reason.value if reason else "unknown"] += 1
            continue
        if session.status is not SessionStatus.HELD:
            continue
        languages = _known_languages(session.languages)[: caps.languages_per_session]
        topics = list(dict.fromkeys(session.topics))[: caps.topics_per_session]
        hours = min(caps.hours_per_session, round(session.minutes / 60))
        for family_id in present:
            if held[family_id] >= caps.sessions_per_family:
                continue
            held[family_id] += 1
            raw["sessions_held"]["sessions"] += 1
            raw["sessions_by_kind"][session.session_kind.value] += 1
            raw["sessions_by_venue_category"][session.venue_category.value] += 1
            for language in languages:
                raw["sessions_by_language"][language] += 1
            for topic in topics:
                raw["sessions_by_topic"][topic.value] += 1
            raw["mentor_hours"]["hours"] += hours


def _known_languages(tags: Iterable[str]) -> list[str]:
    """Languages as fixed cells: the common ones by name, anything else as 'other'."""
    return list(dict.fromkeys(t if t in LANGUAGE_CELLS else "other" for t in tags))


def _count_families(
    prepared: PreparedRecords,
    families: Mapping[str, Family],
    period: Period,
    bounds: Caps,
    raw: dict[str, Counter[str]],
    school_id: str,
) -> None:
    for family in families.values():
        if period.holds(family.joined_on):
            raw["families_new"]["families"] += 1
            for barrier in list(dict.fromkeys(family.barriers))[: bounds.barriers_per_family]:
                raw["barriers_at_intake"][barrier.value] += 1
            for language in _known_languages(family.languages)[: bounds.languages_per_family]:
                raw["languages_at_intake"][language] += 1
        if family.status is FamilyStatus.ACTIVE and family.joined_on <= period.last:
            raw["families_active"]["families"] += 1
        if family.closed_on is not None and period.holds(family.closed_on):
            raw["families_closed"]["families"] += 1
    seen: Counter[tuple[str, str]] = Counter()  # (family, what) -> counted so far
    about = prepared.about_family
    for family_id in families:
        for record in about.get(family_id, ()):
            if isinstance(record, Referral):
                if (
                    period.holds(record.made_on)
                    and seen[family_id, "referral"] < bounds.referrals_per_family
                ):
                    seen[family_id, "referral"] += 1
                    raw["referrals_by_category"][record.category.value] += 1
            elif isinstance(record, Celebration):
                if (
                    period.holds(record.on)
                    and seen[family_id, "celebration"] < bounds.celebrations_per_family
                ):
                    seen[family_id, "celebration"] += 1
                    raw["celebrations_by_category"][record.category.value] += 1
            elif (
                isinstance(record, FollowUp)
                # A request to another of the family's schools is that school's number.
                and record.school in (None, school_id)
                and seen[family_id, "request"] < bounds.requests_per_family
            ):
                made = record.raised_on is not None and period.holds(record.raised_on)
                answered = record.answered_on is not None and period.holds(record.answered_on)
                if made or answered:
                    seen[family_id, "request"] += 1
                if made:
                    raw["school_requests"]["made"] += 1
                if answered:
                    raw["school_requests"]["answered"] += 1
        family_check_ins = prepared.check_ins.get(family_id)
        if family_check_ins:
            _count_check_in_change(family_check_ins, period, raw["check_in_changes"])


def _count_check_in_change(check_ins: list[CheckIn], period: Period, cells: Counter[str]) -> None:
    """The latest check-in in the period against the one before it, per question.
    ``check_ins`` is in date order."""
    ordered = check_ins
    latest = [c for c in ordered if period.holds(c.on)]
    if not latest:
        return
    current = latest[-1]
    earlier = [
        c for c in ordered if c.on < current.on or (c.on == current.on and c.id < current.id)
    ]
    if not earlier:
        return
    before = earlier[-1]
    for question, rating in current.answers.items():
        previous = before.answers.get(question)
        if previous is None:
            continue
        change = "improved" if rating > previous else "lower" if rating < previous else "same"
        cells[f"{question.value}:{change}"] += 1
