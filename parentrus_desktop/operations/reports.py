"""Reports for schools, without Qt: preview the next ones, fill the outbox, send, save.

Every report shown, printed or sealed comes from ``what_is_sent.report_for`` under the
school's terms (``outbox.school_terms``): the connection's signed policy, the hub's name
for the school and the periods already built. So what the mentor goes through with a
family is, number for number, what the outbox later seals and sends.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import Any

from parentrus_sync.budget import BudgetRefused
from parentrus_sync.school_plan import ReportPlan

from parentrus_desktop.domain import Family, School
from parentrus_desktop.i18n import _
from parentrus_desktop.operations import CONNECTIONS, OUTBOX, Done
from parentrus_desktop.outbox import outbox
from parentrus_desktop.outbox.bundle import save_bundle
from parentrus_desktop.outbox.connection import SchoolConnection, connections
from parentrus_desktop.privacy.dp_noise import BeforeNoise
from parentrus_desktop.privacy.periods import PeriodKind, period_named
from parentrus_desktop.privacy.report import PreparedRecords, SchoolPolicy
from parentrus_desktop.privacy.what_is_sent import (
    FamilyCounted,
    NextReport,
    SchoolTerms,
    next_reports,
    report_for,
    what_of_family_is_counted,
)
from parentrus_desktop.store.unlocked import UnlockedProfile


class ReportProblem(ValueError):
    """What was asked for cannot be given; the message is plain words for the user."""


def preview_next_reports(profile: UnlockedProfile, today: date) -> Done[list[NextReport]]:
    """The next report for every school in the directory, in name order, as the outbox
    will build it for a connected school if nothing is logged before then: its counts
    before the noise, which is drawn once, when the period closes."""
    profile.require_intact()  # the same refusal as the outbox: no numbers from a changed file
    terms = outbox.school_terms(profile)
    prepared = PreparedRecords(profile)
    return Done(next_reports(prepared, terms.values(), today, BeforeNoise()))


def what_is_counted(profile: UnlockedProfile, family: Family, today: date) -> Done[FamilyCounted]:
    """What of one family goes into each of its schools' next report, under each
    school's own terms."""
    profile.require_intact()
    terms = outbox.school_terms(profile)
    return Done(what_of_family_is_counted(PreparedRecords(profile), family, today, terms))


@dataclass(frozen=True)
class PeriodReport:
    """One school's report for one period, as the admin tool prints it."""

    report: dict[str, Any]
    sending: bool  # False: not connected, so this report is not sent anywhere
    sealed: bool  # True: already built and signed in the outbox (what is sent, as sent);
    # False: its counts before the noise, which is drawn once when the report is sealed


def report_for_period(
    profile: UnlockedProfile, school_name: str, period_name: str
) -> Done[PeriodReport]:
    """The report a school gets (or got) for one period: the sealed one if the outbox
    holds it, otherwise built as the outbox would build it. ReportProblem for a school
    not in the directory, or a period the school does not report by."""
    profile.require_intact()
    try:
        period = period_named(period_name.strip())
    except ValueError:
        raise ReportProblem(
            _("A period looks like 2026-autumn (a term) or 2026-11 (a month).")
        ) from None
    wanted = school_name.strip().casefold()
    schools = [s for s in profile.all(School) if s.name.strip().casefold() == wanted]
    if len(schools) != 1:
        raise ReportProblem(
            _("There is no school called {school} in this profile.").format(school=school_name)
        )
    terms = outbox.school_terms(profile)[schools[0].id]
    if not terms.sending:
        # Sent nowhere: built with the usual settings, by the kind of period asked for.
        if period.kind not in (PeriodKind.TERM, PeriodKind.MONTH):
            raise ReportProblem(
                _("A period looks like 2026-autumn (a term) or 2026-11 (a month).")
            )
        policy = SchoolPolicy(plan=ReportPlan(kind=period.kind))
        terms = SchoolTerms(terms.school, policy, held=terms.held)
    sealed = outbox.sealed_report(profile, terms.school.id, period.name)
    if sealed is not None:
        return Done(PeriodReport(sealed, terms.sending, sealed=True))
    if terms.sending and period.kind is not terms.policy.period_kind:
        message = (
            _("{school} gets a report each month: give a month, such as 2026-11.")
            if terms.policy.period_kind is PeriodKind.MONTH
            else _("{school} gets a report each term: give a term, such as 2026-autumn.")
        )
        raise ReportProblem(message.format(school=terms.school.name))
    try:
        report = report_for(PreparedRecords(profile), terms, period, BeforeNoise())
    except BudgetRefused:
        raise ReportProblem(
            _(
                "This school year's privacy budget for each family is used up for "
                "{school}: no report can be made until September."
            ).format(school=terms.school.name)
        ) from None
    return Done(PeriodReport(report, terms.sending, sealed=False))


def fill_outbox(profile: UnlockedProfile, today: date) -> Done[list[outbox.OutboxEntry]]:
    """Build, sign and seal every report that is ready and not built yet."""
    new = outbox.fill_outbox(profile, today)
    return Done(new, frozenset({OUTBOX}) if new else frozenset())


def send_reports(
    profile: UnlockedProfile, now: datetime, *, everything: bool = False
) -> Done[outbox.SendResult]:
    """Send what is due (everything waiting, with ``everything``). Blocking network I/O."""
    result = outbox.send_due(profile, now, everything=everything)
    changed = {OUTBOX} if result.received or result.refused or result.waiting else set()
    if result.revoked_schools:
        changed.add(CONNECTIONS)
    return Done(result, frozenset(changed))


@dataclass(frozen=True)
class Synced:
    """After filling and sending: the new reports, what happened, and every report now."""

    new: list[outbox.OutboxEntry]
    result: outbox.SendResult
    entries: list[outbox.OutboxEntry]
    connections: list[SchoolConnection]


def sync(
    profile: UnlockedProfile, today: date, now: datetime, *, everything: bool = False
) -> Done[Synced]:
    """Fill the outbox, then send what is due: what "Sync now" and the sender do."""
    filled = fill_outbox(profile, today)
    sent = send_reports(profile, now, everything=everything)
    synced = Synced(
        filled.result, sent.result, outbox.outbox_entries(profile), connections(profile)
    )
    return Done(synced, filled.changed | sent.changed)


def save_reports_to_file(profile: UnlockedProfile, today: date, path: Path) -> Done[int]:
    """Fill the outbox, then write every report not yet received to a file for a school
    with no network; how many. OSError (nothing lost) when it cannot be written."""
    filled = fill_outbox(profile, today)
    return Done(save_bundle(profile, path), filled.changed)


__all__ = [
    "PeriodReport",
    "ReportProblem",
    "Synced",
    "fill_outbox",
    "preview_next_reports",
    "report_for_period",
    "save_reports_to_file",
    "send_reports",
    "sync",
    "what_is_counted",
]
