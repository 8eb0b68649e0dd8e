"""What the school sees is what is sent: against the real hub, with a policy that is not
the default (monthly reports, more numbers, another ε), the preview of a closed period is
the report the outbox seals, the hub holds and ``parentrus-admin report`` prints — the
same numbers asked for, the same privacy block, the counts before the noise that is drawn
once when it is sealed; and a period already sent is never shown again as the next one."""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import replace
from datetime import UTC, date, datetime
from pathlib import Path

import pytest
from helpers.hub_process import SCHOOL, HubProcess
from helpers.planted import planted_family, planted_session
from helpers.values import PASSPHRASE
from parentrus_sync.periods import PeriodKind
from parentrus_sync.protocol import Policy
from parentrus_sync.report_shape import DEFAULT_BREAKDOWNS
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

#: The school's own settings, set on its hub: a report each month, a day of grace, more
#: numbers than the default and a yearly budget that is not the laptop's default.
CHOSEN = (*DEFAULT_BREAKDOWNS, "sessions_by_kind", "sessions_by_venue_category", "mentor_hours")
MONTHLY = Policy(SCHOOL, period_kind=PeriodKind.MONTH, grace_days=1, epsilon=6.0, breakdowns=CHOSEN)
CONNECTED = datetime(2026, 11, 2, 9, 0, tzinfo=UTC)
TODAY = date(2026, 12, 2)  # November closed, and its grace day has passed


@pytest.fixture
def monthly_hub(tmp_path: Path) -> Iterator[HubProcess]:
    """The real hub (``parentrus-hub init`` and ``serve``), its school set to monthly."""
    hub = HubProcess(tmp_path / "hub", [])
    storage = hub.storage()
    try:
        storage.set_policy(MONTHLY)
    finally:
        storage.close()
    yield hub
    hub.stop()


def _log_sessions(profile: UnlockedProfile, school: School) -> None:
    """Three families at the school, met in November and in December."""
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
            for day in (date(2026, 11, 3 + number), date(2026, 12, 1))
        ]
        profile.save(family, *sessions)


def _next_for(profile: UnlockedProfile, school: School, today: date) -> NextReport:
    (found,) = [r for r in preview_next_reports(profile, today).result if r.school == school]
    return found


def test_the_preview_is_number_for_number_the_report_sealed_and_sent(
    profile: UnlockedProfile, data_dir: Path, monthly_hub: HubProcess
) -> None:
    connection = connect_with_invitation(profile, monthly_hub.invitation(), now=CONNECTED)
    (school,) = profile.all(School)
    _log_sessions(profile, school)

    preview = _next_for(profile, school, TODAY)
    assert preview.sending and preview.ready(TODAY)
    assert preview.period.name == "2026-11"  # the school's month, not the default term
    assert preview.report is not None
    assert preview.report["school"] == connection.hub_school == SCHOOL  # the hub's name
    assert tuple(preview.report["totals"]) == CHOSEN  # what the school asked for, in order
    assert preview.report["privacy"]["epsilon_year"] == 6.0
    assert preview.report["totals"]["sessions_held"] == {"sessions": 3}  # before noise
    # The family's part is counted under the same terms: that month, not the term.
    family = sorted(profile.all(Family), key=lambda f: f.code)[0]
    counted = what_is_counted(profile, family, TODAY).result
    assert [c.period.name for c in counted.schools] == ["2026-11"]
    assert counted.schools[0].counts["sessions_by_kind"] == {"one_to_one": 1}

    # parentrus-admin report, before anything is sealed, builds the very same report.
    profile.lock()
    printed = _admin(data_dir, "report", "--school", "riverside primary", "--period", "2026-11")
    assert printed.returncode == 0, printed.stderr
    assert json.loads(printed.stdout) == preview.report
    wrong_kind = _admin(
        data_dir, "report", "--school", "Riverside Primary", "--period", "2026-autumn"
    )
    assert wrong_kind.returncode == 1 and "each month" in wrong_kind.stderr
    profile = find_profile(data_dir, "Hodan").unlock(PASSPHRASE)
    try:
        filled = fill_outbox(profile, TODAY)
        assert [e.period for e in filled.result] == ["2026-11"]
        assert filled.changed == {OUTBOX}
        sealed = sealed_report(profile, school.id, "2026-11")
        assert sealed is not None
        # The same report, with its noise: the same privacy block and numbers asked for,
        # each count moved by the noise it states (never ten of its σ).
        assert {k: v for k, v in sealed.items() if k not in ("totals", "nonce")} == {
            k: v for k, v in preview.report.items() if k not in ("totals", "nonce")
        }
        assert preview.report["nonce"] == "0" * 32 != sealed["nonce"]  # random once sealed
        sigma = sealed["privacy"]["sigma"]
        for name, cells in preview.report["totals"].items():
            assert sealed["totals"][name].keys() == cells.keys()
            for cell, count in cells.items():
                assert abs(sealed["totals"][name][cell] - count) <= 10 * sigma[name]

        sent = send_reports(profile, datetime.now(UTC)).result
        assert (sent.received, sent.refused) == (1, 0)
        assert [e.state for e in outbox_entries(profile)] == [ReportState.RECEIVED]
        storage = monthly_hub.storage()
        try:
            (held,) = storage.reports(SCHOOL)
        finally:
            storage.close()
        assert held.report == sealed

        # Sent: November is never "next" again; the next is the month in progress.
        after = _next_for(profile, school, TODAY)
        assert after.period.name == "2026-12" and not after.ready(TODAY)
        assert after.sent_from == date(2027, 1, 2)
        # It counts the three sessions of 1 December, and what November spent.
        assert after.report is not None
        assert after.report["totals"]["sessions_held"] == {"sessions": 3}
        assert after.report["privacy"]["rho_year_so_far"] == pytest.approx(
            2 * sealed["privacy"]["rho"]
        )
        assert report_for_period(profile, "Riverside Primary", "2026-11").result.sealed
    finally:
        profile.lock()
    again = _admin(data_dir, "report", "--school", "Riverside Primary", "--period", "2026-11")
    assert again.returncode == 0, again.stderr
    assert json.loads(again.stdout) == sealed  # the sealed one, as sent
