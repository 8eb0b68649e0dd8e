"""What the school will see: the next report for each school, and what of one family
is counted in it. Pure functions of the opened records, for the screens a mentor goes
through with a family before anything is sent.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from parentrus_desktop.domain import Family, School
from parentrus_desktop.privacy.noise import NoiseSource
from parentrus_desktop.privacy.periods import Period, period_of
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
class NextReport:
    """The report a school will get next, as it stands today."""

    school: School
    period: Period
    sent_from: date
    report: dict[str, Any]


def next_reports(
    prepared: PreparedRecords, noise: NoiseSource, today: date, policy: SchoolPolicy
) -> list[NextReport]:
    """The next report for every school in the directory, in name order."""
    period = next_period(today, policy)
    schools = sorted(prepared.schools, key=lambda s: s.name.casefold())
    return [
        NextReport(
            school=school,
            period=period,
            sent_from=sending_day(period, policy),
            report=build_report(
                prepared,
                school_id=school.id,
                hub_school=school_on_the_wire(school),
                period=period,
                policy=policy,
                noise=noise,
            ),
        )
        for school in schools
    ]


@dataclass(frozen=True)
class CountedAtSchool:
    """What one family adds to one school's next report, before the noise."""

    school: School
    period: Period
    counts: dict[str, Counter[str]]  # breakdown -> cell -> how many; zeros left out


@dataclass(frozen=True)
class FamilyCounted:
    """What of one family is counted, for the family page."""

    declined: bool  # the family said no to being counted: nothing at all
    schools: list[CountedAtSchool]  # empty when no child is at a school in the directory


def what_of_family_is_counted(
    prepared: PreparedRecords, family: Family, today: date, policy: SchoolPolicy
) -> FamilyCounted:
    period = next_period(today, policy)
    their_schools = {c.school_id for c in family.children if c.school_id}
    schools = sorted(
        (s for s in prepared.schools if s.id in their_schools), key=lambda s: s.name.casefold()
    )
    declined = bool(schools) and all(
        family.id not in counted_families(prepared, s.id, period) for s in schools
    )
    counted = []
    if not declined:
        for school in schools:
            counts = count_period(
                prepared, school_id=school.id, period=period, policy=policy, only_family=family.id
            )
            counted.append(
                CountedAtSchool(
                    school=school,
                    period=period,
                    counts={name: +cells for name, cells in counts.items() if +cells},
                )
            )
    return FamilyCounted(declined=declined, schools=counted)
