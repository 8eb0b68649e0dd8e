"""What the school will see: the one way a school's next report is built, and what of
one family is counted in it. Pure functions of the opened records and of how the school
gets its reports (``SchoolTerms``), for the screens, the outbox and the admin tool alike.

The outbox seals exactly what ``report_for`` builds, with OpenDP's noise drawn once when
the period closes; the preview shows what ``report_for`` builds before noise (the mentor
knows those counts anyway), with the margin the noise will give, and says so.
"""

from __future__ import annotations

import dataclasses
from collections import Counter
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

from parentrus_sync.budget import BudgetRefused
from parentrus_sync.school_plan import ReportPlan, check_within

from parentrus_desktop.domain import Family, School
from parentrus_desktop.privacy.dp_noise import Noise
from parentrus_desktop.privacy.periods import (
    Period,
    PeriodKind,
    is_ready,
    period_named,
    period_of,
)
from parentrus_desktop.privacy.report import (
    PreparedRecords,
    Reported,
    SchoolPolicy,
    build_report,
    count_period,
    counted_families,
    school_on_the_wire,
)


def sending_day(period: Period, policy: SchoolPolicy) -> date:
    """The first day the period's report may be sent."""
    return period.last + timedelta(days=policy.grace_days + 1)


def periods_from(since: date, kind: PeriodKind) -> Iterator[Period]:
    """The periods from ``since`` on, of the policy's kind. A term already begun before
    ``since`` (its first months were reported month by month, or the school changed from
    months to terms) is finished month by month, so no day counts twice and none is lost."""
    period = period_of(since, kind)
    if period.first < since:
        month = period_of(since, PeriodKind.MONTH)
        if month.first < since:
            # A school that had weekly first-format reports, its last week ending
            # mid-month: the rest of that month is passed over (counting it in the month
            # would count that week again). Only such schools lose those few days.
            month = month.next()
        while month.last <= period.last:
            yield month
            month = month.next()
        period = period.next()
    while True:
        yield period
        period = period.next()


@dataclass(frozen=True)
class SchoolTerms:
    """How one school gets its reports. Connected: the school's own signed policy, the
    name its hub knows it by, the day the laptop connected and the periods already built
    for it. Not connected (or stopped by the school): nothing is sent, and a preview
    uses the usual settings."""

    school: School
    policy: SchoolPolicy = field(default_factory=SchoolPolicy)
    hub_school: str | None = None  # None: not connected, or the school stopped this laptop
    connected_on: date | None = None
    held: frozenset[str] = frozenset()  # periods whose report is already in the outbox
    stopped: bool = False  # the school disconnected this laptop
    # ρ already spent per school year (the year it starts in), from the reports built
    spent: Mapping[int, float] = field(default_factory=dict)
    # The day each held period's report was built, where known
    built_on: Mapping[str, date] = field(default_factory=dict)

    @property
    def reported(self) -> Reported:
        """The periods built, each with its day: which sessions they already counted."""
        return Reported.of({name: self.built_on.get(name) for name in self.held})

    @property
    def sending(self) -> bool:
        """Whether reports are made and sent for this school at all."""
        return self.hub_school is not None and self.connected_on is not None

    @property
    def wire_name(self) -> str:
        """The school's name in the report: its hub's, or (not connected, never sent) one
        made from the directory's name so the report still fits the schema."""
        return self.hub_school or school_on_the_wire(self.school)

    def _since(self) -> date:
        """The first day not yet reported: from the day of connecting (the mentor chose to
        send to this school from then on: from the start of its period), or after the
        last period built."""
        assert self.connected_on is not None
        since = period_of(self.connected_on, self.policy.period_kind).first
        if self.held:
            # Never a period before the last one built: each session counts once.
            since = max(since, max(period_named(p).last for p in self.held) + timedelta(days=1))
        return since

    def periods_to_build(self, today: date) -> list[Period]:
        """The ready periods whose report is not built yet: what the outbox seals today."""
        if not self.sending or self.connected_on is None:
            return []
        ready = []
        for period in periods_from(self._since(), self.policy.period_kind):
            if not is_ready(period, today, self.policy.grace_days):
                break
            # A period whose school year's budget is used up is passed over for good:
            # no report is made for it, and the next school year's are.
            if period.name not in self.held and self.affordable(period):
                ready.append(period)
        return ready

    def next_period(self, today: date) -> Period:
        """The period of the next report: the first ready one not yet built (and not
        passed over for a used-up budget), else the one still open. Not connected: the
        one a connection made today starts with."""
        if not self.sending:
            return period_of(today, self.policy.period_kind)
        for period in periods_from(self._since(), self.policy.period_kind):
            if period.name in self.held:
                continue
            if self.affordable(period) or not is_ready(period, today, self.policy.grace_days):
                return period
        raise AssertionError("periods never run out")  # pragma: no cover

    def affordable(self, period: Period) -> bool:
        """Whether what is left of the period's school-year budget holds its report."""
        try:
            check_within(self.plan_for(period), self.spent_before(period))
        except BudgetRefused:
            return False
        return True

    def reports_by(self, period: Period) -> bool:
        """Whether this school gets reports for periods like this one: of its policy's
        kind, or a month of a term begun month by month (``periods_from``)."""
        if period.kind is self.policy.period_kind:
            return True
        if period.kind is not PeriodKind.MONTH:
            return False
        term = period_of(period.first, self.policy.period_kind)
        held = (period_named(name) for name in self.held)
        return any(p.kind is PeriodKind.MONTH and term.holds(p.first) for p in held)

    def plan_for(self, period: Period) -> ReportPlan:
        """The plan a period is built under: the policy's, or for a month that finishes a
        term begun before (``periods_from``), the same plan month by month."""
        plan = self.policy.plan
        if period.kind is plan.kind:
            return plan
        return dataclasses.replace(plan, kind=period.kind)

    def spent_before(self, period: Period) -> float:
        """What this laptop already spent of each family's budget for this school in the
        period's school year: the sum of the ρ of the reports built for it (the ledger,
        kept in the sealed reports themselves)."""
        return self.spent.get(period.school_year, 0.0)


def report_for(
    prepared: PreparedRecords, terms: SchoolTerms, period: Period, noise: Noise
) -> dict[str, Any]:
    """The report for one school and one period, as the outbox seals it (with OpenDP's
    noise) and the preview shows it (before noise): the only place a report for a school
    is put together. BudgetRefused when the family's yearly budget cannot hold it."""
    return build_report(
        prepared,
        school_id=terms.school.id,
        hub_school=terms.wire_name,
        period=period,
        plan=terms.plan_for(period),
        noise=noise,
        reported=terms.reported,
        spent_rho=terms.spent_before(period),
    )


@dataclass(frozen=True)
class NextReport:
    """The report a school will get next, as it stands today, before noise; or why no
    report can be made (this school year's budget is used up)."""

    school: School
    period: Period
    sent_from: date
    report: dict[str, Any] | None
    terms: SchoolTerms
    refused: BudgetRefused | None = None

    @property
    def sending(self) -> bool:
        return self.terms.sending

    @property
    def plan(self) -> ReportPlan:
        return self.terms.plan_for(self.period)

    def ready(self, today: date) -> bool:
        """Its period has closed and its grace days have passed: the next sync seals it."""
        return self.terms.sending and today >= self.sent_from


def next_report(
    prepared: PreparedRecords, terms: SchoolTerms, today: date, noise: Noise
) -> NextReport:
    """The next report for one school, as it will be sealed if nothing changes (its
    counts before noise, with ``BeforeNoise``)."""
    period = terms.next_period(today)
    try:
        report: dict[str, Any] | None = report_for(prepared, terms, period, noise)
        refused = None
    except BudgetRefused as refusal:
        report, refused = None, refusal
    return NextReport(
        school=terms.school,
        period=period,
        sent_from=sending_day(period, terms.policy),
        report=report,
        terms=terms,
        refused=refused,
    )


def next_reports(
    prepared: PreparedRecords, terms: Iterable[SchoolTerms], today: date, noise: Noise
) -> list[NextReport]:
    """The next report for every school given, in name order."""
    ordered = sorted(terms, key=lambda t: (t.school.name.casefold(), t.school.id))
    return [next_report(prepared, t, today, noise) for t in ordered]


@dataclass(frozen=True)
class CountedAtSchool:
    """What one family adds to one school's next report, before the noise."""

    school: School
    period: Period
    counts: dict[str, Counter[str]]  # breakdown -> cell -> how many; zeros left out
    sending: bool = True  # False: the school is not connected, so nothing is sent yet


@dataclass(frozen=True)
class FamilyCounted:
    """What of one family is counted, for the family page."""

    declined: bool  # the family said no to being counted: nothing at all
    schools: list[CountedAtSchool]  # empty when no child is at a school in the directory


def what_of_family_is_counted(
    prepared: PreparedRecords,
    family: Family,
    today: date,
    terms: Mapping[str, SchoolTerms] | None = None,
) -> FamilyCounted:
    """This family's part of each of its schools' next report, under each school's own
    terms (by school id; a school not given has the usual, not-connected ones)."""
    their_schools = {c.school_id for c in family.children if c.school_id}
    schools = sorted(
        (s for s in prepared.schools if s.id in their_schools), key=lambda s: s.name.casefold()
    )
    known = terms or {}
    school_terms = [known.get(s.id) or SchoolTerms(s) for s in schools]
    periods = [t.next_period(today) for t in school_terms]
    declined = bool(schools) and all(
        family.id not in counted_families(prepared, t.school.id, p)
        for t, p in zip(school_terms, periods, strict=True)
    )
    counted = []
    if not declined:
        for t, period in zip(school_terms, periods, strict=True):
            counts = count_period(
                prepared,
                school_id=t.school.id,
                period=period,
                reported=t.reported,
                only_family=family.id,
            )
            chosen = t.plan_for(period).breakdowns  # only what the school asked for
            counted.append(
                CountedAtSchool(
                    school=t.school,
                    period=period,
                    counts={name: +counts[name] for name in chosen if +counts[name]},
                    sending=t.sending,
                )
            )
    return FamilyCounted(declined=declined, schools=counted)
