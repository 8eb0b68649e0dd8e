"""A hub serving a programme of two schools: the programme's coordinator sees both schools and
the programme's totals (display rules on the summed noised totals, never giving a school's
hidden number back); a school's coordinator sees only their school, and every address of
another school answers exactly as an address that is not there."""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Mapping, Sequence
from datetime import date
from typing import Any

import httpx
import pytest
from hubweb_kit import (
    MONTHLY,
    PASSWORD,
    SCHOOL,
    USERNAME,
    a_report,
    an_old_report,
    csrf_of,
    enrolled,
    expected_table,
    stored,
    varied,
)
from parentrus_sync.display import FEWEST_SHOWN, Place, display_table, sum_over_laptops
from parentrus_sync.hub.dashboard import build
from parentrus_sync.hub.hub import Hub
from parentrus_sync.hub.passwords import hash_password
from parentrus_sync.hub.programme import programme_numbers
from parentrus_sync.hub.storage import School
from parentrus_sync.hub.terms import term_named
from parentrus_sync.protocol import Policy
from parentrus_sync.report_shape import CELLS, DEFAULT_BREAKDOWNS

OTHER = "hillside-academy"
OTHER_NAME = "Hillside Academy"
AUTUMN = "2026-autumn"
TODAY = date(2027, 1, 12)
# check_in_changes is a table of questions by change: its places are checked by the next test.
KEYS = tuple(k for k in DEFAULT_BREAKDOWNS if k != "check_in_changes")


def _river(breakdown: str, cell: str) -> int:
    # Few requests answered at Riverside: 3 over its three laptops, hidden on its page.
    return 1 if (breakdown, cell) == ("school_requests", "answered") else 12


def _river_reports() -> list[dict[str, Any]]:
    return [a_report(AUTUMN, _river) for _ in range(3)]


def _hill_reports() -> list[dict[str, Any]]:
    return [a_report(AUTUMN, lambda _b, _c: 25, school=OTHER) for _ in range(2)]


def _store(hub: Hub, school: str, reports: Sequence[Mapping[str, Any]]) -> list[str]:
    devices = [enrolled(hub, school).device for _ in reports]
    for report in stored(reports, devices):
        assert hub.storage.store_report(report).stored
    return devices


@pytest.fixture
def programme_hub(web_hub: Hub) -> Hub:
    """Two schools with reports for the autumn term; 'lead' (the kit's account) is the
    programme's coordinator, 'river' and 'hill' each one school's."""
    web_hub.storage.add_school(School(OTHER, OTHER_NAME, Policy(OTHER)))
    web_hub.storage.add_coordinator("river", hash_password(PASSWORD), SCHOOL)
    web_hub.storage.add_coordinator("hill", hash_password(PASSWORD), OTHER)
    _store(web_hub, SCHOOL, _river_reports())
    _store(web_hub, OTHER, _hill_reports())
    return web_hub


def _sign_in(client: httpx.Client, username: str) -> None:
    page = client.get("/login")
    done = client.post(
        "/login",
        data={"csrf": csrf_of(page.text), "username": username, "password": PASSWORD},
        follow_redirects=False,
    )
    assert done.status_code == 303, done.text


def _cells(html: str, breakdown: str) -> dict[str, list[str]]:
    """A figure's numbers as the page writes them, each line's by its wire name: from its
    table, or from the one big number of a figure that is one number."""
    section = re.search(rf'<section [^>]*data-breakdown="{breakdown}">(.*?)</section>', html, re.S)
    assert section, breakdown
    found = {}
    for key, row in re.findall(r'<tr data-cell="([^"]+)">(.*?)</tr>', section.group(1), re.S):
        cells = re.findall(r"<td[^>]*>(.*?)</td>", row, re.S)
        found[key] = [" ".join(re.sub(r"<[^>]+>", "", c).split()) for c in cells]
    for key, number in re.findall(
        r'<p class="number" data-cell="([^"]+)">(.*?)</p>', section.group(1), re.S
    ):
        found[key] = [" ".join(re.sub(r"<[^>]+>", "", number).split())]
    return found


def _expected_totals(breakdown: str) -> tuple[Any, set[Place]]:
    """The programme's table worked out here: every report of both schools summed, the
    display rules applied, and hidden wherever either school's own table hides a number."""
    forced: set[Place] = set()
    for reports in (_river_reports(), _hill_reports()):
        table = expected_table(reports, breakdown, CELLS[breakdown], (AUTUMN,))
        forced |= {p for p, shown in table.cells.items() if shown.value is None}
        forced |= {(None, c) for c, shown in table.column_totals.items() if shown.value is None}
    every = _river_reports() + _hill_reports()
    summed = sum_over_laptops(r["totals"][breakdown] for r in every)
    cells = CELLS[breakdown]
    sums = {c: {AUTUMN: summed.get(c, 0)} for c in cells}
    return display_table(sums, cells, (AUTUMN,), also_hidden=forced), forced


def test_the_programme_coordinator_sees_every_school_and_the_totals(
    programme_hub: Hub, client: httpx.Client
) -> None:
    _sign_in(client, USERNAME)
    page = client.get("/")
    assert page.status_code == 200
    assert "The programme's numbers: Autumn term 2026" in page.text
    for slug, name, laptops in ((SCHOOL, "Riverside Primary", 3), (OTHER, OTHER_NAME, 2)):
        row = re.search(rf'<tr data-school="{slug}">(.*?)</tr>', page.text, re.S)
        assert row and name in row.group(1) and f"<td>{laptops}</td>" in row.group(1)
        link = f"/?school={slug}&amp;time={AUTUMN}"
        assert link in row.group(1)
        school_page = client.get(link.replace("&amp;", "&"))
        assert school_page.status_code == 200 and f"Numbers of {name}" in school_page.text
        assert "All schools of the programme" in school_page.text
        assert client.get(f"/export.csv?school={slug}&time={AUTUMN}").status_code == 200
    for breakdown in KEYS:
        table, forced = _expected_totals(breakdown)
        shown = _cells(page.text, breakdown)
        for cell in CELLS[breakdown]:
            number = table.cells[cell, AUTUMN]
            assert shown[cell][0].split(" ±")[0] == (
                "hidden" if number.value is None else f"{number.value:,}"
            ), (breakdown, cell)
            if (cell, AUTUMN) in forced:
                # Hidden for a school: the total would give it back, so it is hidden too,
                # even where the sum of both schools is big enough to show.
                assert shown[cell][0] == "hidden", (breakdown, cell)
    # Riverside's 3 answered requests are hidden on its page; the programme's 53 would
    # give them back (53 less Hillside's 50), so they are hidden too.
    assert _cells(page.text, "school_requests")["answered"] == ["hidden"]
    # The totals' CSV has the same numbers.
    exported = client.get(f"/programme.csv?time={AUTUMN}")
    assert exported.status_code == 200
    rows = list(csv.reader(io.StringIO(exported.text.lstrip("\ufeff"))))
    table, _ = _expected_totals("sessions_held")
    [held] = [r for r in rows[1:] if r[5] == "sessions_held" and r[6] == "sessions"]
    assert held[3] == ("hidden" if table.cells["sessions", AUTUMN].value is None
                       else f"{table.cells['sessions', AUTUMN].value:,}")  # fmt: skip


def test_a_total_never_gives_back_a_schools_hidden_number() -> None:
    """Every hidden number of either school's tables is hidden in the programme's: the
    total less the other school's shown number would otherwise give it back."""
    river = stored([a_report(AUTUMN, varied(seed)) for seed in range(3)])
    hill = stored(
        [a_report(AUTUMN, varied(seed), school=OTHER) for seed in (11, 12)],
        [f"h-{i:020d}" for i in range(2)],
    )
    term = term_named(AUTUMN)
    schools = [
        School(SCHOOL, "Riverside Primary", Policy(SCHOOL)),
        School(OTHER, OTHER_NAME, Policy(OTHER)),
    ]

    numbers = programme_numbers(schools, {SCHOOL: river, OTHER: hill}, term, TODAY)
    boards = [n.board for n in numbers.schools]
    assert boards[0] == build(SCHOOL, river, term, Policy(SCHOOL), TODAY)
    checked = 0
    for figure in numbers.totals.figures:
        for board in boards:
            own = next(f for f in board.figures if f.key == figure.key)
            for place in own.hidden:
                assert place in figure.hidden, (figure.key, place)
                checked += 1
        # and a shown total is the display rules' sum: at least 10, a multiple of 5
        for line in figure.lines:
            for number in line.values:
                assert number.value is None or (
                    number.value >= FEWEST_SHOWN and number.value % 5 == 0
                )
    assert checked > 0


def test_a_school_reporting_monthly_beside_one_reporting_each_term() -> None:
    """With one school's months and another's term, the programme's column is the term; a
    total is hidden where the monthly school's term total (its months added up) is."""

    def few_sessions(breakdown: str, _cell: str) -> int:
        return 2 if breakdown == "sessions_held" else 12

    monthly = [
        a_report(month, few_sessions, plan=MONTHLY)
        for month in ("2026-09", "2026-10")
        for _ in "ab"
    ]
    river = stored(monthly, [f"r-{i % 2:020d}" for i in range(4)])
    hill = stored(_hill_reports(), [f"h-{i:020d}" for i in range(2)])
    schools = [
        School(SCHOOL, "Riverside Primary", Policy(SCHOOL)),
        School(OTHER, OTHER_NAME, Policy(OTHER)),
    ]

    numbers = programme_numbers(schools, {SCHOOL: river, OTHER: hill}, term_named(AUTUMN), TODAY)
    assert numbers.totals.columns == (AUTUMN,) and not numbers.totals.monthly
    river_board = numbers.schools[0].board
    assert river_board.monthly and river_board.columns == ("2026-09", "2026-10")
    own = next(f for f in river_board.figures if f.key == "sessions_held")
    assert ("sessions", None) in own.hidden  # 8 sessions over the term: hidden
    figure = next(f for f in numbers.totals.figures if f.key == "sessions_held")
    # 58 with Hillside's 50: big enough to show, hidden for Riverside's sake.
    assert figure.lines[0].values[0].value is None
    # Families supported are held at a time: the programme's term takes each laptop's
    # latest month, shown here as Riverside's months are.
    active = next(f for f in numbers.totals.figures if f.key == "families_active")
    assert not active.hidden and active.lines[0].values[0].value == 75  # 24 + 50, rounded


@pytest.mark.parametrize(
    ("username", "own", "other"), [("river", SCHOOL, OTHER), ("hill", OTHER, SCHOOL)]
)
def test_a_school_coordinator_sees_only_their_school(
    programme_hub: Hub, client: httpx.Client, username: str, own: str, other: str
) -> None:
    _sign_in(client, username)
    home = client.get("/")
    assert home.status_code == 200
    own_name = {SCHOOL: "Riverside Primary", OTHER: OTHER_NAME}[own]
    # Named, on a hub of several schools: which school's numbers these are is never a guess.
    assert f"<h1>Numbers of {own_name}: Autumn term 2026</h1>" in home.text
    assert "All schools" not in home.text
    assert f'name="school" value="{own}"' in home.text and other not in home.text
    nowhere = client.get(f"/?school=no-such-school&time={AUTUMN}")
    assert nowhere.status_code == 404
    # Another school's numbers, CSV, printable report and policy: exactly as an address
    # that is not there, so the answer does not even confirm that the school exists.
    for address in (
        f"/?school={other}&time={AUTUMN}",
        f"/export.csv?school={other}&time={AUTUMN}",
        f"/report?school={other}&term={AUTUMN}",
        f"/policy?school={other}",
        f"/programme.csv?time={AUTUMN}",
    ):
        answer = client.get(address)
        assert answer.status_code == 404, address
        assert answer.text == nowhere.text, address
    assert client.get(f"/export.csv?school={own}&time={AUTUMN}").status_code == 200
    # Nor can a form name the other school.
    csrf = csrf_of(client.get("/invitations").text)
    before = len(programme_hub.storage.invitations(other))
    made = client.post("/invitations", data={"csrf": csrf, "school": other}, follow_redirects=False)
    assert made.status_code == 404
    assert len(programme_hub.storage.invitations(other)) == before
    held = programme_hub.storage.school(other)
    assert held is not None
    changed = client.post(
        "/policy", data={"csrf": csrf, "school": other, "cadence": "month", "epsilon": "5"},
        follow_redirects=False,
    )  # fmt: skip
    assert changed.status_code == 404
    assert programme_hub.storage.school(other) == held
    # The laptops and invitations pages list only their own school's, and another school's
    # laptop cannot be stopped.
    devices = client.get("/devices").text
    for device in programme_hub.storage.devices(other):
        assert device.device not in devices
        assert client.get(f"/devices/{device.device}/revoke").status_code == 404
        stop = client.post(
            f"/devices/{device.device}/revoke", data={"csrf": csrf}, follow_redirects=False
        )
        assert stop.status_code == 404
        again = programme_hub.storage.device(device.device)
        assert again is not None and again.revoked is None
    for device in programme_hub.storage.devices(own):
        assert device.device in devices
    invitations = client.get("/invitations").text
    other_name = OTHER_NAME if other == OTHER else "Riverside Primary"
    assert other_name not in invitations
    assert f'value="{own}"' in invitations


def test_the_programme_page_opens_on_the_newest_term_any_school_reported(
    web_hub: Hub, client: httpx.Client
) -> None:
    web_hub.storage.add_school(School(OTHER, OTHER_NAME, Policy(OTHER)))
    # Hillside (listed first) reported only the summer term; Riverside the autumn term too.
    _store(web_hub, OTHER, [a_report("2026-summer", lambda _b, _c: 25, school=OTHER)])
    _store(web_hub, SCHOOL, _river_reports())
    _sign_in(client, USERNAME)
    page = client.get("/")
    assert "The programme's numbers: Autumn term 2026" in page.text
    summer = client.get("/?time=2026-summer")
    assert "The programme's numbers: Summer term 2026" in summer.text


def test_first_format_reports_stay_out_of_the_programmes_totals(
    programme_hub: Hub, client: httpx.Client
) -> None:
    # Reports of the first format, summed without the programme's rule, would not be safe
    # beside the schools' pages: they stay on each school's page only.
    for school in (SCHOOL, OTHER):
        _store(programme_hub, school, [an_old_report("2026-10", varied(4), school=school)])
    _sign_in(client, USERNAME)
    rows = list(
        csv.DictReader(
            io.StringIO(client.get(f"/programme.csv?time={AUTUMN}").text.lstrip("\ufeff"))
        )
    )
    assert rows and {r["report format"] for r in rows} == {"3"}
    assert 'id="first-format"' not in client.get(f"/?time={AUTUMN}").text
    school_csv = client.get(f"/export.csv?school={OTHER}&time={AUTUMN}").text.lstrip("\ufeff")
    assert {r["report format"] for r in csv.DictReader(io.StringIO(school_csv))} == {"1", "3"}
