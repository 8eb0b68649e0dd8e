"""How much of each family's yearly privacy budget a school's reports have used, as the
sealed reports themselves say it; the figures the pages state; a used-up budget in the
admin tool's words."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace
from datetime import UTC, date, datetime
from pathlib import Path

import pytest
from helpers.hub_process import SCHOOL, SCHOOL_NAME, HubProcess
from helpers.planted import planted_family, planted_session
from helpers.reports import first_format_report
from parentrus_sync.periods import PeriodKind
from parentrus_sync.protocol import Policy, report_envelope

from parentrus_desktop.domain import Child, School, new_record_id
from parentrus_desktop.operations.reports import (
    ReportProblem,
    report_for_period,
    used_this_school_year,
    yearly_privacy,
)
from parentrus_desktop.outbox import outbox as outbox_module
from parentrus_desktop.outbox.connection import (
    connect_with_invitation,
    save_connection,
    stored_connections,
)
from parentrus_desktop.outbox.outbox import (
    OutboxEntry,
    ReportState,
    fill_outbox,
    sealed_report,
)
from parentrus_desktop.store.unlocked import UnlockedProfile

MONTHLY = Policy(SCHOOL, period_kind=PeriodKind.MONTH, grace_days=1, epsilon=8.0)


@pytest.fixture
def riverside(profile: UnlockedProfile, tmp_path: Path) -> Iterator[tuple[School, HubProcess]]:
    """Riverside Primary with one family and a session in September and in October; the
    real hub asks for monthly reports at ε 8 a year."""
    school = School(id=new_record_id(), name=SCHOOL_NAME)
    family = replace(planted_family(), children=(Child(first_name="Ayaan", school_id=school.id),))
    family = replace(family, joined_on=date(2026, 9, 1))
    sessions = [
        replace(planted_session(family), id=new_record_id(), on=day)
        for day in (date(2026, 9, 14), date(2026, 10, 12))
    ]
    profile.save(school, family, *sessions)
    hub = HubProcess(tmp_path / "hub", [])
    try:
        storage = hub.storage()
        try:
            storage.set_policy(MONTHLY)
        finally:
            storage.close()
        connect_with_invitation(profile, hub.invitation(), now=datetime(2026, 9, 3, tzinfo=UTC))
        yield school, hub
    finally:
        hub.stop()


def test_used_so_far_is_what_the_latest_sealed_report_of_the_school_year_says(
    profile: UnlockedProfile, riverside: tuple[School, HubProcess]
) -> None:
    school, _hub = riverside
    assert used_this_school_year(profile, school.id, 2026) == 0.0  # nothing sealed yet
    assert yearly_privacy(profile, date(2026, 10, 20)).result[school.id].used == 0.0
    fill_outbox(profile, date(2026, 11, 22))  # September and October are sealed
    september = sealed_report(profile, school.id, "2026-09")
    october = sealed_report(profile, school.id, "2026-10")
    assert september is not None and october is not None
    used = used_this_school_year(profile, school.id, 2026)
    # The later report's figure, which counts the earlier one too: not the first's, not a sum.
    assert used == october["privacy"]["epsilon_year_so_far"]
    assert 0 < september["privacy"]["epsilon_year_so_far"] < used < 8
    assert used_this_school_year(profile, school.id, 2025) == 0.0  # another school year
    assert used_this_school_year(profile, new_record_id(), 2026) == 0.0  # another school
    # What the pages state: the plan's ε and δ as each report states them, and that use.
    stated = yearly_privacy(profile, date(2026, 11, 22)).result[school.id]
    assert stated.epsilon_year == 8.0 == october["privacy"]["epsilon_year"]
    assert stated.delta == october["privacy"]["delta"]
    assert stated.school_year == october["privacy"]["school_year"] == "2026/27"
    assert stated.used == used


def test_a_new_school_year_starts_with_nothing_used(
    profile: UnlockedProfile, riverside: tuple[School, HubProcess]
) -> None:
    school, _hub = riverside
    fill_outbox(profile, date(2027, 9, 10))  # every month of 2026/27, and August 2027
    assert sealed_report(profile, school.id, "2027-08") is not None
    last = sealed_report(profile, school.id, "2027-08")
    assert last is not None
    assert used_this_school_year(profile, school.id, 2026) == pytest.approx(8.0, abs=1e-6)
    assert used_this_school_year(profile, school.id, 2026) == last["privacy"]["epsilon_year_so_far"]
    # The next report is September 2027's, in a new school year with its whole budget.
    stated = yearly_privacy(profile, date(2027, 9, 10)).result[school.id]
    assert stated.school_year == "2027/28" and stated.used == 0.0


def test_a_used_up_budget_reaches_the_admin_tool_in_the_mentor_s_words(
    profile: UnlockedProfile, riverside: tuple[School, HubProcess]
) -> None:
    _school, _hub = riverside
    fill_outbox(profile, date(2026, 11, 22))
    # The school then lowers its ε to 1 a year: less than September and October used.
    (link,) = stored_connections(profile)
    save_connection(profile, replace(link, policy=replace(MONTHLY, epsilon=1.0)))
    with pytest.raises(ReportProblem) as refused:
        report_for_period(profile, SCHOOL_NAME, "2026-11")
    assert str(refused.value) == (
        "This school year's privacy budget for each family at Riverside Primary is used up, "
        "so no report is made for Riverside Primary until the new school year starts in "
        "September."
    )
    # A sealed report is still shown as it was sent.
    assert report_for_period(profile, SCHOOL_NAME, "2026-10").result.sealed


def test_first_format_reports_of_the_year_are_said_to_be_outside_the_limit(
    profile: UnlockedProfile, riverside: tuple[School, HubProcess]
) -> None:
    """A laptop that sent September in the first format before it was updated: the page's
    figures say so, as that report was outside this budget."""
    school, _hub = riverside
    (connection,) = stored_connections(profile)
    old = first_format_report(SCHOOL, "2026-09")
    entry = OutboxEntry(school.id, school.name, "2026-09", ReportState.RECEIVED, "", 1, None, None)
    envelope = report_envelope(connection.device_key(profile), old)
    outbox_module._save(profile, outbox_module._Stored("f" * 32, entry, envelope))
    today = date(2026, 11, 5)
    privacy = yearly_privacy(profile, today).result[school.id]
    assert privacy.first_format and privacy.used == 0.0
