"""What the school sees is what is sent: against the real hub, with a policy that is not
the default (weekly reports, another ε), the preview of a closed period is, number for
number, the report the outbox seals, the hub holds and ``parentrus-admin report`` prints;
and a period already sent is never shown again as the next one."""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import replace
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest
from helpers.hub_process import SCHOOL, HubProcess
from helpers.planted import planted_family, planted_session
from helpers.values import PASSPHRASE
from parentrus_sync.periods import PeriodKind
from parentrus_sync.protocol import Policy
from test_outbox_cli import _admin

from parentrus_desktop.domain import Child, Family, School, new_record_id
from parentrus_desktop.domain.vocabulary import SessionKind, VenueCategory
from parentrus_desktop.operations import OUTBOX
from parentrus_desktop.operations.reports import (
    fill_outbox,
    preview_next_reports,
    report_for_period,
    send_reports,
    what_is_counted,
)
from parentrus_desktop.outbox.connection import connect_with_invitation
from parentrus_desktop.outbox.outbox import ReportState, outbox_entries, sealed_report
from parentrus_desktop.privacy.what_is_sent import NextReport
from parentrus_desktop.store.profiles import find_profile
from parentrus_desktop.store.unlocked import UnlockedProfile

#: The school's own settings, set on its hub: a report each week, a day of grace, and
#: budgets that are not the laptop's default.
EPSILON = {"sessions_by_kind": 0.5, "sessions_by_venue_category": 2.0, "mentor_hours": 0.25}
WEEKLY = Policy(SCHOOL, period_kind=PeriodKind.WEEK, grace_days=1, epsilon=EPSILON)
CONNECTED = datetime(2026, 11, 2, 9, 0, tzinfo=UTC)  # the Monday of 2026-W45
TODAY = date(2026, 11, 11)  # W45 (2–8 November) closed, and its grace day has passed


@pytest.fixture
def weekly_hub(tmp_path: Path) -> Iterator[HubProcess]:
    """The real hub (``parentrus-hub init`` and ``serve``), its school set to weekly."""
    hub = HubProcess(tmp_path / "hub", [])
    storage = hub.storage()
    try:
        storage.set_policy(WEEKLY)
    finally:
        storage.close()
    yield hub
    hub.stop()


def _log_sessions(profile: UnlockedProfile, school: School) -> None:
    """Three families at the school, met in W45 and in W46."""
    for number in range(3):
        family = replace(
            planted_family(("K7Q-4M", "H3W-9P", "R4T-6X")[number]),
            id=new_record_id(),
            children=(Child(first_name="Quillanbert", school_id=school.id),),
        )
        sessions = [
            replace(
                planted_session(family),
                id=new_record_id(),
                on=day,
                session_kind=SessionKind.ONE_TO_ONE,
                venue_category=VenueCategory.COMMUNITY_CENTRE,
            )
            for day in (date(2026, 11, 3 + number), date(2026, 11, 10))
        ]
        profile.save(family, *sessions)


def _next_for(profile: UnlockedProfile, school: School, today: date) -> NextReport:
    (found,) = [r for r in preview_next_reports(profile, today).result if r.school == school]
    return found


def test_the_preview_is_number_for_number_the_report_sealed_and_sent(
    profile: UnlockedProfile, data_dir: Path, weekly_hub: HubProcess
) -> None:
    connection = connect_with_invitation(profile, weekly_hub.invitation(), now=CONNECTED)
    (school,) = profile.all(School)
    _log_sessions(profile, school)

    preview = _next_for(profile, school, TODAY)
    assert preview.sending and preview.ready(TODAY)
    assert preview.period.name == "2026-W45"  # the school's week, not the default month
    assert preview.report["school"] == connection.hub_school == SCHOOL  # the hub's name
    assert preview.report["privacy"]["epsilon"]["sessions_by_kind"] == 0.5
    # The family's part is counted under the same terms: that week, not the month.
    family = sorted(profile.all(Family), key=lambda f: f.code)[0]
    counted = what_is_counted(profile, family, TODAY).result
    assert [c.period.name for c in counted.schools] == ["2026-W45"]

    # parentrus-admin report, before anything is sealed, builds the very same report.
    profile.lock()
    printed = _admin(data_dir, "report", "--school", "riverside primary", "--period", "2026-W45")
    assert printed.returncode == 0, printed.stderr
    assert json.loads(printed.stdout) == preview.report
    wrong_kind = _admin(data_dir, "report", "--school", "Riverside Primary", "--period", "2026-11")
    assert wrong_kind.returncode == 1 and "each week" in wrong_kind.stderr
    profile = find_profile(data_dir, "Hodan").unlock(PASSPHRASE)
    try:
        filled = fill_outbox(profile, TODAY)
        assert [e.period for e in filled.result] == ["2026-W45"]
        assert filled.changed == {OUTBOX}
        assert sealed_report(profile, school.id, "2026-W45") == preview.report  # the whole dict

        sent = send_reports(profile, datetime.now(UTC)).result
        assert (sent.received, sent.refused) == (1, 0)
        assert [e.state for e in outbox_entries(profile)] == [ReportState.RECEIVED]
        storage = weekly_hub.storage()
        try:
            (held,) = storage.reports(SCHOOL)
        finally:
            storage.close()
        assert held.report == preview.report

        # Sent: W45 is never "next" again; the next is the week still in progress.
        after = _next_for(profile, school, TODAY)
        assert after.period.name == "2026-W46" and not after.ready(TODAY)
        assert after.sent_from == date(2026, 11, 17)
        # A week later: the next is W46, ready, and it counts the sessions of 10 November.
        later = _next_for(profile, school, TODAY + timedelta(days=7))
        assert later.period.name == "2026-W46" and later.ready(TODAY + timedelta(days=7))
        assert later.report["privacy"]["epsilon"]["mentor_hours"] == 0.25
        assert report_for_period(profile, "Riverside Primary", "2026-W45").result.sealed
    finally:
        profile.lock()
    again = _admin(data_dir, "report", "--school", "Riverside Primary", "--period", "2026-W45")
    assert again.returncode == 0, again.stderr
    assert json.loads(again.stdout) == preview.report  # the sealed one, as sent
