"""What the school will see: the one way a school's next report is built, and what of
one family is counted in it. Pure functions of the opened records and of how the school
gets its reports (``SchoolTerms``), for the screens, the outbox and the admin tool alike.

The outbox seals exactly what ``report_for`` builds, and the preview shows exactly that:
the noise is drawn from the profile's sealed secret, keyed by school and period, so the
same terms and the same records give the same numbers, to the last one.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

from parentrus_desktop.domain import Family, School
from parentrus_desktop.privacy.noise import NoiseSource
from parentrus_desktop.privacy.periods import Period, period_named, period_of, ready_periods
from parentrus_desktop.privacy.report import (
    PreparedRecords,
    SchoolPolicy,
    build_report,
    count_period,
    counted_families,
    school_on_the_wire,
)


def next_period(today: date, policy: SchoolPolicy) -> Period:
    """The first period not yet ready to send: the one still open, or the one just
    closed while its grace days for late entries run."""
    return period_of(today - timedelta(days=policy.grace_days), policy.period_kind)


def sending_day(period: Period, policy: SchoolPolicy) -> date:
    """The first day the period's report may be sent."""
    return period.last + timedelta(days=policy.grace_days + 1)


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

    @property
    def sending(self) -> bool:
        """Whether reports are made and sent for this school at all."""
        return self.hub_school is not None and self.connected_on is not None

    @property
    def wire_name(self) -> str:
        """The school's name in the report: its hub's, or (not connected, never sent) one
        made from the directory's name so the report still fits the schema."""
        return self.hub_school or school_on_the_wire(self.school)

    def periods_to_build(self, today: date) -> list[Period]:
        """The ready periods whose report is not built yet: what the outbox seals today."""
        if not self.sending or self.connected_on is None:
            return []
        kind, connected = self.policy.period_kind, self.connected_on
        # From the period the connection was made in, not from the earliest record: the
        # mentor chose to send to this school from then on.
        since = connected
        if self.held:
            # Never a period before the last one built (say the school changed from
            # months to weeks): each session counts once.
            since = max(since, max(period_named(p).last for p in self.held) + timedelta(days=1))
        first = period_of(connected, kind).first
        return [
            p
            for p in ready_periods(since, today, kind, self.policy.grace_days)
            if p.name not in self.held and p.first >= first
        ]

    def next_period(self, today: date) -> Period:
        """The period of the next report: the first ready one not yet built, else the
        first not yet ready. Not connected: the one a connection made today starts with."""
        if not self.sending:
            return period_of(today, self.policy.period_kind)
        ready = self.periods_to_build(today)
        if ready:
            return ready[0]
        period = next_period(today, self.policy)
        first = period_of(self.connected_on or today, self.policy.period_kind)
        if period.first < first.first:  # in the grace days of a period before connecting
            period = first
        while period.name in self.held:  # built already (a clock set back): the one after
            period = period.next()
        return period


def report_for(
    prepared: PreparedRecords, terms: SchoolTerms, period: Period, noise: NoiseSource
) -> dict[str, Any]:
    """The report for one school and one period, as the outbox seals it: the only place
    a report for a school is put together."""
    return build_report(
        prepared,
        school_id=terms.school.id,
        hub_school=terms.wire_name,
        period=period,
        policy=terms.policy,
        noise=noise,
        reported=terms.held,
    )


@dataclass(frozen=True)
class NextReport:
    """The report a school will get next, as it stands today."""

    school: School
    period: Period
    sent_from: date
    report: dict[str, Any]
    terms: SchoolTerms

    @property
    def sending(self) -> bool:
        return self.terms.sending

    def ready(self, today: date) -> bool:
        """Its period has closed and its grace days have passed: the next sync seals it."""
        return self.terms.sending and today >= self.sent_from


def next_report(
    prepared: PreparedRecords, terms: SchoolTerms, today: date, noise: NoiseSource
) -> NextReport:
    """The next report for one school, exactly as it will be sealed if nothing changes."""
    period = terms.next_period(today)
    return NextReport(
        school=terms.school,
        period=period,
        sent_from=sending_day(period, terms.policy),
        report=report_for(prepared, terms, period, noise),
        terms=terms,
    )


def next_reports(
    prepared: PreparedRecords, terms: Iterable[SchoolTerms], today: date, noise: NoiseSource
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
                policy=t.policy,
                reported=t.held,
                only_family=family.id,
            )
            counted.append(
                CountedAtSchool(
                    school=t.school,
                    period=period,
                    counts={name: +cells for name, cells in counts.items() if +cells},
                    sending=t.sending,
                )
            )
    return FamilyCounted(declined=declined, schools=counted)
