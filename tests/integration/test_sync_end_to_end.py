"""End to end, on SQLite and on PostgreSQL: a school's hub started with ``parentrus-hub``
as a subprocess on loopback, a mentor's profile with real sessions, and the sync between.

Invite → connect → log sessions → the term closes → sync → the hub holds exactly the
report the laptop built, once; the coordinator's CSV and dashboard show its totals as the
display rules round and hide them, with the margin its noise gives; nothing about a family
ever reached the hub. The hub runs on the real clock, so the term is one already over
(summer 2026): a hub refuses a report for a period that has not ended.
"""

from __future__ import annotations

import csv
import io
import math
import re
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import httpx
import pytest
from helpers.hub_process import PASSWORD, USERNAME, HubProcess
from helpers.leak_scan import find_planted
from helpers.planted import PLANTED_FAMILY, PLANTED_STRINGS, planted_family
from parentrus_sync.display import Shown, display_table, sum_over_laptops
from parentrus_sync.protocol import canonical_json
from parentrus_sync.school_plan import margin_of_sum

from parentrus_desktop.domain import Child, Family, School, Session, new_record_id
from parentrus_desktop.domain.family import new_family_code
from parentrus_desktop.domain.vocabulary import SessionKind, VenueCategory
from parentrus_desktop.outbox.connection import (
    connect_with_code,
    connect_with_invitation,
    connections,
)
from parentrus_desktop.outbox.outbox import ReportState, fill_outbox, outbox_entries, send_due
from parentrus_desktop.store.unlocked import UnlockedProfile

CONNECTED = datetime(2026, 6, 1, 9, 0, tzinfo=UTC)
JUNE = date(2026, 6, 1)
AFTER_SUMMER = date(2026, 9, 10)  # the summer term closed, and its grace days have passed
SCHOOL = "riverside-primary"
SESSIONS = "sessions_held"
FAMILIES = 40
# Enough that the term's total (120) stands well clear of its noise (σ ≈ 19 at the
# default settings) and of the display rules' hiding under 10.
SESSIONS_EACH = 3


def log_june(profile: UnlockedProfile, school_id: str) -> None:
    """Forty families met at a community centre in June, each carrying planted words."""
    template = planted_family()
    for number in range(FAMILIES):
        family = Family(
            id=new_record_id(),
            code=new_family_code(),
            carers=template.carers,
            children=(Child(first_name="Quillanbert", school_id=school_id, year_group=4),),
            languages=template.languages,
            contact=template.contact,
            joined_on=JUNE,
            notes=template.notes,
        )
        sessions = [
            Session(
                id=new_record_id(),
                session_kind=SessionKind.ONE_TO_ONE,
                venue_category=VenueCategory.COMMUNITY_CENTRE,
                on=JUNE + timedelta(days=(number + week * 7) % 28),
                minutes=45,
                families=(family.id,),
                notes=PLANTED_FAMILY["session_note"],
            )
            for week in range(SESSIONS_EACH)
        ]
        profile.save(family, *sessions)


def shown(value: object) -> str:
    return str(value.value) if isinstance(value, Shown) else "hidden"


@pytest.mark.parametrize("backend", ["sqlite", "postgres"])
def test_a_report_goes_from_the_mentors_laptop_to_the_schools_dashboard_once(
    profile: UnlockedProfile, tmp_path: Path, backend: str, request: pytest.FixtureRequest
) -> None:
    database = (
        ["--database", request.getfixturevalue("pg_cluster").new_database()]
        if backend == "postgres"
        else []
    )
    hub = HubProcess(tmp_path / "hub", database)
    try:
        connection = connect_with_invitation(profile, hub.invitation(), now=CONNECTED)
        (school,) = profile.all(School)
        assert school.id == connection.school_id and school.hub_address == hub.url
        log_june(profile, school.id)

        built = fill_outbox(profile, AFTER_SUMMER)
        assert [(e.period, e.state) for e in built] == [("2026-summer", ReportState.WAITING)]
        result = send_due(profile, datetime.now(UTC))
        assert (result.received, result.refused, result.unreachable) == (1, 0, False)
        (entry,) = outbox_entries(profile)
        assert entry.state is ReportState.RECEIVED and entry.received is not None

        # Again: nothing new to build, nothing sent twice.
        assert fill_outbox(profile, AFTER_SUMMER) == []
        again = send_due(profile, datetime.now(UTC), everything=True)
        assert again.received == 0 and again.refused == 0

        storage = hub.storage()
        try:
            (held,) = storage.reports(SCHOOL)
            assert held.report_id.device == connection.device
            assert held.report_id.period == "2026-summer"
            sessions = held.report["totals"][SESSIONS]
            sigma = held.report["privacy"]["sigma"][SESSIONS]
            true_total = FAMILIES * SESSIONS_EACH
            assert abs(sessions["sessions"] - true_total) <= 10 * sigma  # noised, but real
            # The dashboard's own reading: the one term's total, and its margin.
            summed = sum_over_laptops([sessions])
            table = display_table(
                {"sessions": {"2026-summer": summed["sessions"]}}, ("sessions",), ("2026-summer",)
            )
            expected = shown(table.cells[("sessions", "2026-summer")])
            assert expected != "hidden", sessions
            margin = str(math.ceil(margin_of_sum([sigma])))
            stored_bytes = b"".join(canonical_json(r.envelope) for r in storage.reports(SCHOOL))
        finally:
            storage.close()

        with httpx.Client(base_url=hub.url, timeout=30) as browser:
            login = browser.get("/login")
            token = re.search(r'name="csrf" value="([^"]+)"', login.text)
            assert token is not None
            signed_in = browser.post(
                "/login",
                data={"csrf": token.group(1), "username": USERNAME, "password": PASSWORD},
            )
            assert signed_in.status_code == 303
            text = browser.get("/export.csv?term=2026-summer").text
            rows = list(csv.reader(io.StringIO(text)))
            session_rows = [r for r in rows if SESSIONS in r]
            assert session_rows and any(expected in row for row in session_rows), session_rows
            assert any(margin in row for row in session_rows), (margin, session_rows)
            dashboard = browser.get("/?time=2026-summer").text
            section = dashboard.split(f'id="{SESSIONS}"')[1].split("</section>")[0]
            number = re.search(r'class="number" data-cell="sessions">\s*([^<]*?)\s*<', section)
            assert number is not None and number.group(1).replace(",", "") == expected
            assert f"± {margin}" in section
            assert "ε = 10" in dashboard  # the year's budget per family, stated
            page_text = dashboard + "\n".join(",".join(r) for r in rows)

        for text in PLANTED_STRINGS:
            assert text not in page_text
        assert not [t for t in PLANTED_STRINGS if t.encode() in stored_bytes]
        assert find_planted(PLANTED_STRINGS, tmp_path / "hub") == []  # database, log, files
    finally:
        hub.stop()


def test_a_typed_code_a_hub_that_goes_away_and_a_laptop_the_school_stops(
    profile: UnlockedProfile, tmp_path: Path
) -> None:
    """Connected by the code alone; the hub is down when the laptop syncs, so the report
    waits; the hub comes back and has it exactly once; then the school stops the laptop,
    and the laptop says so instead of sending."""
    hub = HubProcess(tmp_path / "hub", [])
    try:
        _file, code = hub.invite()
        connection = connect_with_code(
            profile, hub.url, code.lower().replace("-", " "), now=CONNECTED
        )
        assert connection.school_name == "Riverside Primary" and not connection.revoked
        log_june(profile, connection.school_id)
        fill_outbox(profile, AFTER_SUMMER)

        hub.stop()
        away = send_due(profile, datetime.now(UTC))
        assert away.unreachable and away.received == 0 and away.waiting == 1
        (entry,) = outbox_entries(profile)
        assert entry.state is ReportState.WAITING and entry.tries == 1
        assert entry.next_try is not None  # it will try again by itself, later

        hub.start()
        back = send_due(profile, datetime.now(UTC), everything=True)
        assert (back.received, back.unreachable) == (1, False)
        assert send_due(profile, datetime.now(UTC), everything=True).received == 0
        storage = hub.storage()
        try:
            assert [r.report_id.period for r in storage.reports(SCHOOL)] == ["2026-summer"]
        finally:
            storage.close()

        hub.command("revoke", connection.device)
        profile.save(
            Session(
                id=new_record_id(),
                session_kind=SessionKind.GROUP,
                venue_category=VenueCategory.LIBRARY,
                on=date(2026, 10, 3),
                families=(profile.all(Family)[0].id,),
            )
        )
        assert [e.period for e in fill_outbox(profile, date(2027, 1, 10))] == ["2026-autumn"]
        stopped = send_due(profile, datetime.now(UTC), everything=True)
        assert stopped.revoked_schools == ["Riverside Primary"]
        (now_connected,) = connections(profile)
        assert now_connected.revoked
        waiting = [e for e in outbox_entries(profile) if e.period == "2026-autumn"]
        assert waiting[0].state is not ReportState.RECEIVED
        assert waiting[0].reason == "The school has stopped this laptop from sending reports."
        assert fill_outbox(profile, date(2027, 1, 10)) == []  # nothing more is built for it
    finally:
        hub.stop()
