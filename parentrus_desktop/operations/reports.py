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
from parentrus_sync.periods import school_year_name
from parentrus_sync.report_shape import FIRST_FORMAT
from parentrus_sync.school_plan import ReportPlan

from parentrus_desktop.domain import Family, School
from parentrus_desktop.i18n import _
from parentrus_desktop.operations import CONNECTIONS, OUTBOX, Done
from parentrus_desktop.operations.activity import REPORTS_SAVED_TO_FILE, REPORTS_SENT, log_activity
from parentrus_desktop.outbox import outbox
from parentrus_desktop.outbox.bundle import save_bundle
from parentrus_desktop.outbox.connection import SchoolConnection, connections
from parentrus_desktop.outbox.refusal_words import budget_words
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
class YearlyPrivacy:
    """How much one school's reports may say about each family in a school year, and how
    much of it is used: the figures of the reports' own privacy block (the family is the
    unit; ε and δ per family, per school, per school year)."""

    school_year: str  # as the privacy block names it: 2026/27
    epsilon_year: float  # the school's plan's ε: what each report states as epsilon_year
    delta: float
    used: float  # ε used so far: the latest sealed report's epsilon_year_so_far; 0 before
    # This laptop also sent the school first-format reports in this school year (made by
    # the app before December 2026, outside this budget, with less protection).
    first_format: bool = False


def used_this_school_year(profile: UnlockedProfile, school_id: str, school_year: int) -> float:
    """The ε of each family's yearly budget that this laptop's reports to one school have
    used in the school year starting in ``school_year``: what the latest report sealed for
    it says (its privacy block's epsilon_year_so_far, which counts every report before it
    too). 0 before the first; first-format reports were outside this budget."""
    return _used_by_school_year(outbox.sealed_reports(profile)).get((school_id, school_year), 0.0)


def _used_by_school_year(
    sealed: list[tuple[outbox.OutboxEntry, dict[str, Any]]],
) -> dict[tuple[str, int], float]:
    """``used_this_school_year`` for every school and school year the outbox holds."""
    newest_first = sorted(
        ((entry.school_id, period_named(entry.period), report) for entry, report in sealed),
        key=lambda found: found[1].first,
        reverse=True,
    )
    used: dict[tuple[str, int], float] = {}
    for school_id, period, report in newest_first:
        key = (school_id, period.school_year)
        if key in used:
            continue  # a later report of that year already said it
        said = report.get("privacy", {}).get("epsilon_year_so_far")
        if isinstance(said, int | float) and not isinstance(said, bool):
            used[key] = float(said)
    return used


def _first_format_years(
    sealed: list[tuple[outbox.OutboxEntry, dict[str, Any]]],
) -> set[tuple[str, int]]:
    """(school, school year) of every first-format report in the outbox."""
    return {
        (entry.school_id, period_named(entry.period).school_year)
        for entry, report in sealed
        if report.get("format") == FIRST_FORMAT
    }


def yearly_privacy(profile: UnlockedProfile, today: date) -> Done[dict[str, YearlyPrivacy]]:
    """For each school in the directory, by id: the yearly privacy budget per family of the
    school year of its next report (the plan that report is built under, as its privacy
    block states it), and how much of it the reports already sealed have used."""
    profile.require_intact()
    sealed = outbox.sealed_reports(profile)  # the outbox opened once
    used = _used_by_school_year(sealed)
    earlier = _first_format_years(sealed)
    privacy = {}
    for school_id, terms in outbox.school_terms(profile).items():
        period = terms.next_period(today)  # the period of its next report, as in the preview
        plan = terms.plan_for(period)
        privacy[school_id] = YearlyPrivacy(
            school_year=school_year_name(period.school_year),
            epsilon_year=plan.epsilon,
            delta=plan.delta,
            used=used.get((school_id, period.school_year), 0.0),
            first_format=(school_id, period.school_year) in earlier,
        )
    return Done(privacy)


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
            raise ReportProblem(_("A period looks like 2026-autumn (a term) or 2026-11 (a month)."))
        policy = SchoolPolicy(plan=ReportPlan(kind=period.kind))
        terms = SchoolTerms(terms.school, policy, held=terms.held)
    sealed = outbox.sealed_report(profile, terms.school.id, period.name)
    if sealed is not None:
        return Done(PeriodReport(sealed, terms.sending, sealed=True))
    if terms.sending and not terms.reports_by(period):
        message = (
            _("{school} gets a report each month: give a month, such as 2026-11.")
            if terms.policy.period_kind is PeriodKind.MONTH
            else _("{school} gets a report each term: give a term, such as 2026-autumn.")
        )
        raise ReportProblem(message.format(school=terms.school.name))
    try:
        report = report_for(PreparedRecords(profile), terms, period, BeforeNoise())
    except BudgetRefused as refusal:
        raise ReportProblem(budget_words(refusal, terms.school.name)) from None
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
    if result.received:
        log_activity(profile, REPORTS_SENT, count=result.received)
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
    """Fetch the settings of schools with a report to build (of every connected school
    with ``everything``: "Sync now"), fill the outbox, then send what is due: what "Sync
    now" and the sender do."""
    outbox.refresh_policies(profile, today, every_school=everything)
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
    count = save_bundle(profile, path)
    log_activity(profile, REPORTS_SAVED_TO_FILE, count=count)
    return Done(count, filled.changed)


__all__ = [
    "PeriodReport",
    "ReportProblem",
    "Synced",
    "YearlyPrivacy",
    "fill_outbox",
    "preview_next_reports",
    "report_for_period",
    "save_reports_to_file",
    "send_reports",
    "sync",
    "used_this_school_year",
    "what_is_counted",
    "yearly_privacy",
]
