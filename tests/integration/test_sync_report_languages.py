"""Report format 3 end to end, on SQLite and on PostgreSQL: a school asks for the language
breakdowns; a mentor's laptop with Romani-speaking families sends format 3 to a real hub
(``parentrus-hub`` as a subprocess on loopback), and a laptop whose app is not yet updated
sends format 2. The hub keeps both as signed; its dashboard and CSV show Romani with its
own number, and say in plain words that the older laptop's families are in "Other
languages" instead.
"""

from __future__ import annotations

import csv
import dataclasses
import io
import re
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import httpx
import pytest
from helpers.hub_process import PASSWORD, USERNAME, HubProcess
from helpers.reports import second_format_report
from parentrus_sync.display import Shown, display_table, sum_over_laptops
from parentrus_sync.protocol import (
    canonical_json,
    enrolment_request,
    new_key,
    report_envelope,
)
from parentrus_sync.report_shape import CELLS, DEFAULT_BREAKDOWNS, LANGUAGE_BREAKDOWNS

from parentrus_desktop.domain import Child, Family, School, Session, new_record_id
from parentrus_desktop.domain.family import new_family_code
from parentrus_desktop.domain.vocabulary import SessionKind, VenueCategory
from parentrus_desktop.outbox.connection import connect_with_invitation
from parentrus_desktop.outbox.outbox import fill_outbox, send_due
from parentrus_desktop.store.unlocked import UnlockedProfile

CONNECTED = datetime(2026, 6, 1, 9, 0, tzinfo=UTC)
JUNE = date(2026, 6, 1)
AFTER_SUMMER = date(2026, 9, 10)  # the summer term closed, and its grace days have passed
TERM = "2026-summer"
SCHOOL = "riverside-primary"
INTAKE = "languages_at_intake"
ROMA_FAMILIES = 40  # far above the hiding under 10 and the noise (σ about 6 here)


def log_roma_families(profile: UnlockedProfile, school_id: str) -> None:
    """Forty Romani-speaking families who started in June, each met twice in Romani."""
    for number in range(ROMA_FAMILIES):
        family = Family(
            id=new_record_id(),
            code=new_family_code(),
            carers=("Zenobiaqx",),
            children=(Child(first_name="Quillanbert", school_id=school_id, year_group=4),),
            languages=("rom",),
            joined_on=JUNE,
        )
        sessions = [
            Session(
                id=new_record_id(),
                session_kind=SessionKind.HOME_VISIT,
                venue_category=VenueCategory.FAMILY_HOME,
                on=JUNE + timedelta(days=(number + week * 7) % 28),
                minutes=60,
                families=(family.id,),
                languages=("rom",),
            )
            for week in range(2)
        ]
        profile.save(family, *sessions)


def shown(value: Shown) -> str:
    return "hidden" if value.value is None else f"{value.value:,}"


@pytest.mark.parametrize("backend", ["sqlite", "postgres"])
def test_romani_reaches_the_school_and_an_older_laptop_is_still_counted(
    profile: UnlockedProfile, tmp_path: Path, backend: str, request: pytest.FixtureRequest
) -> None:
    database = (
        ["--database", request.getfixturevalue("pg_cluster").new_database()]
        if backend == "postgres"
        else []
    )
    hub = HubProcess(tmp_path / "hub", database)
    try:
        storage = hub.storage()
        try:
            held = storage.school(SCHOOL)
            assert held is not None
            policy = dataclasses.replace(
                held.policy, breakdowns=(*DEFAULT_BREAKDOWNS, *LANGUAGE_BREAKDOWNS)
            )
            storage.set_policy(policy)
        finally:
            storage.close()

        # The updated laptop: format 3, its Roma families counted as Romani.
        connect_with_invitation(profile, hub.invitation(), now=CONNECTED)
        (school,) = profile.all(School)
        log_roma_families(profile, school.id)
        fill_outbox(profile, AFTER_SUMMER)
        assert send_due(profile, datetime.now(UTC)).received == 1

        # A laptop not yet updated: format 2, its own Romani-speaking families in "other".
        older_key = new_key()
        with httpx.Client(base_url=hub.url, timeout=30) as api:
            invitation = hub.invitation()
            enrolled = api.post(
                "/api/v1/enrol",
                content=canonical_json(enrolment_request(older_key, invitation.token, SCHOOL)),
                headers={"content-type": "application/json"},
            )
            assert enrolled.status_code == 200, enrolled.text
            older = second_format_report(school=SCHOOL, period=TERM, plan=policy.plan())
            sent = api.post(
                "/api/v1/reports",
                content=canonical_json(report_envelope(older_key, older)),
                headers={"content-type": "application/json"},
            )
            assert sent.status_code == 201, sent.text

        storage = hub.storage()
        try:
            reports = storage.reports(SCHOOL)
        finally:
            storage.close()
        by_format = {r.report["format"]: r.report for r in reports}
        assert set(by_format) == {"parentrus-report/2", "parentrus-report/3"}
        assert by_format["parentrus-report/2"] == older  # kept exactly as signed
        newer = by_format["parentrus-report/3"]
        sigma = newer["privacy"]["sigma"][INTAKE]
        assert abs(newer["totals"][INTAKE]["rom"] - ROMA_FAMILIES) <= 10 * sigma
        assert abs(newer["totals"][INTAKE]["other"]) <= 10 * sigma  # not in "other"
        assert "rom" not in older["totals"][INTAKE]

        # The dashboard's own reading: both reports summed, the missing cells as nothing.
        summed = sum_over_laptops(r.report["totals"][INTAKE] for r in reports)
        cells = CELLS[INTAKE]
        table = display_table({c: {TERM: summed.get(c, 0)} for c in cells}, cells, (TERM,))
        romani = shown(table.cells[("rom", TERM)])
        assert romani != "hidden"

        with httpx.Client(base_url=hub.url, timeout=30) as browser:
            token = re.search(r'name="csrf" value="([^"]+)"', browser.get("/login").text)
            assert token is not None
            signed_in = browser.post(
                "/login",
                data={"csrf": token.group(1), "username": USERNAME, "password": PASSWORD},
            )
            assert signed_in.status_code == 303
            dashboard = browser.get(f"/?time={TERM}").text
            rows = list(csv.DictReader(io.StringIO(browser.get(f"/export.csv?time={TERM}").text)))

        section = dashboard.split(f'id="{INTAKE}"')[1].split("</section>")[0]
        line = re.search(
            r'<tr data-cell="rom">\s*<th scope="row">([^<]*)</th>\s*<td[^>]*>([^<]*)', section
        )
        assert line is not None and line.groups() == ("Romani", romani + " ")
        note = "1 of the 2 mentors’ laptops added up here sent reports from an older version"
        assert note in section and "Romani, Albanian, Russian" in section
        assert "“Other languages”" in section

        romani_rows = [r for r in rows if r["breakdown"] == INTAKE and r["cell"] == "rom"]
        assert [(r["Which"], r["Number"], r["report format"]) for r in romani_rows] == [
            ("Romani", romani, "3")
        ]
        assert note in rows[0]["About these numbers"]
    finally:
        hub.stop()
