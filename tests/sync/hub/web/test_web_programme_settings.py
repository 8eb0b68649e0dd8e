"""A programme's hub, as its coordinator finds each school's settings ("What the laptops
send"): from each school's row on the programme's page, from the menu while a school's page
is open, and with a chooser on the settings page itself. A school's coordinator sees only
their own school's."""

from __future__ import annotations

import re

import httpx
import pytest
from hubweb_kit import PASSWORD, SCHOOL, USERNAME, a_report, csrf_of, enrolled, stored
from parentrus_sync.hub.hub import Hub
from parentrus_sync.hub.passwords import hash_password
from parentrus_sync.hub.storage import School
from parentrus_sync.protocol import Policy

OTHER = "hillside-academy"
OTHER_NAME = "Hillside Academy"
AUTUMN = "2026-autumn"


@pytest.fixture
def two_schools(web_hub: Hub) -> Hub:
    web_hub.storage.add_school(School(OTHER, OTHER_NAME, Policy(OTHER)))
    web_hub.storage.add_coordinator("river", hash_password(PASSWORD), SCHOOL)
    return web_hub


def _sign_in(client: httpx.Client, username: str) -> None:
    page = client.get("/login")
    done = client.post(
        "/login",
        data={"csrf": csrf_of(page.text), "username": username, "password": PASSWORD},
        follow_redirects=False,
    )
    assert done.status_code == 303, done.text


def _menu_link(html: str) -> str:
    menu = re.search(r'<nav aria-label="Pages">(.*?)</nav>', html, re.S)
    assert menu, "no menu"
    found = re.search(r'<a href="([^"]*)"[^>]*>What the laptops send', menu.group(1))
    assert found, "no menu link to the settings"
    return found.group(1).replace("&amp;", "&")


def _chooser(html: str) -> list[str]:
    form = re.search(r'<form method="get" action="/policy".*?</form>', html, re.S)
    return re.findall(r'<option value="([^"]+)"', form.group(0)) if form else []


def test_the_programme_coordinator_reaches_every_schools_settings(
    two_schools: Hub, client: httpx.Client
) -> None:
    _sign_in(client, USERNAME)
    programme = client.get("/")
    for slug, name in ((SCHOOL, "Riverside Primary"), (OTHER, OTHER_NAME)):
        row = re.search(rf'<tr data-school="{slug}">(.*?)</tr>', programme.text, re.S)
        assert row and f'href="/policy?school={slug}"' in row.group(1)
        settings = client.get(f"/policy?school={slug}")
        assert settings.status_code == 200
        assert f"<h1>What the laptops send: {name}</h1>" in settings.text
        assert f'name="school" value="{slug}"' in settings.text  # the form saves this one
        assert sorted(_chooser(settings.text)) == sorted([SCHOOL, OTHER])
        # The menu, on that school's numbers and on its settings, keeps to that school.
        numbers = client.get(f"/?school={slug}")
        assert _menu_link(numbers.text) == f"/policy?school={slug}"
        assert _menu_link(settings.text) == f"/policy?school={slug}"


def test_a_school_coordinator_has_no_chooser(two_schools: Hub, client: httpx.Client) -> None:
    _sign_in(client, "river")
    settings = client.get("/policy")
    assert settings.status_code == 200 and _chooser(settings.text) == []
    assert OTHER not in settings.text and OTHER_NAME not in settings.text
    assert _menu_link(client.get("/").text) == f"/policy?school={SCHOOL}"


def test_totals_hidden_for_a_schools_sake_are_not_called_too_small(
    two_schools: Hub, client: httpx.Client
) -> None:
    # Riverside's requests are 3 over three laptops: hidden on its page. With Hillside's
    # 50 the totals are 53, big enough to show, yet hidden: they would give Riverside's back.
    def few_requests(breakdown: str, _cell: str) -> int:
        return 1 if breakdown == "school_requests" else 12

    devices = [enrolled(two_schools, SCHOOL).device for _ in range(3)]
    river = stored([a_report(AUTUMN, few_requests) for _ in devices], devices)
    hill_devices = [enrolled(two_schools, OTHER).device for _ in range(2)]
    hill = stored(
        [a_report(AUTUMN, lambda _b, _c: 25, school=OTHER) for _ in hill_devices], hill_devices
    )
    for report in [*river, *hill]:
        assert two_schools.storage.store_report(report).stored
    _sign_in(client, USERNAME)
    page = client.get(f"/?time={AUTUMN}").text
    totals = re.search(r'<section id="totals">(.*)</section>', page, re.S)
    assert totals
    requests = re.search(
        r'<section class="figure" id="school_requests"[^>]*>(.*?)</section>', totals.group(1), re.S
    )
    assert requests and 'class="big hidden-all"' in requests.group(1)
    said = " ".join(re.sub(r"<[^>]+>", "", requests.group(1)).split())
    assert "too small to show" not in said
    assert "would give away a number hidden on one school's page" in said
    # Riverside's own page keeps its reason: there the numbers are simply too small.
    own = client.get(f"/?school={SCHOOL}&time={AUTUMN}").text
    section = re.search(
        r'<section class="figure" id="school_requests"[^>]*>(.*?)</section>', own, re.S
    )
    assert section and "they are too small to show" in section.group(1)
