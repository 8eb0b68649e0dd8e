"""Reports from a USB stick on a programme's hub: a school's coordinator adds only their
own school's reports. Another school's, or a school that is not there, are refused with the
same words, so the page cannot tell one from the other."""

from __future__ import annotations

import re

import httpx
from hubweb_kit import PASSWORD, SCHOOL, USERNAME, a_report, csrf_of, enrolled, varied
from parentrus_sync.hub.hub import Hub
from parentrus_sync.hub.passwords import hash_password
from parentrus_sync.hub.storage import School
from parentrus_sync.protocol import Policy, bundle, new_key, report_envelope

OTHER = "hillside-academy"
AUTUMN = "2026-autumn"


def _sign_in(client: httpx.Client, username: str) -> None:
    page = client.get("/login")
    done = client.post(
        "/login",
        data={"csrf": csrf_of(page.text), "username": username, "password": PASSWORD},
        follow_redirects=False,
    )
    assert done.status_code == 303, done.text


def _refusals(html: str) -> list[str]:
    return [
        " ".join(re.sub(r"<[^>]+>", "", item).split())
        for item in re.findall(r'<li class="refused">(.*?)</li>', html, re.S)
    ]


def test_a_school_coordinator_cannot_add_another_schools_reports(
    web_hub: Hub, client: httpx.Client
) -> None:
    web_hub.storage.add_school(School(OTHER, "Hillside Academy", Policy(OTHER)))
    web_hub.storage.add_coordinator("hill", hash_password(PASSWORD), OTHER)
    river, hill = enrolled(web_hub, SCHOOL), enrolled(web_hub, OTHER)
    stranger = new_key()
    file = bundle(
        [
            report_envelope(river.key, a_report(AUTUMN, varied(1))),  # Riverside's laptop
            report_envelope(stranger, a_report(AUTUMN, varied(2), school="nowhere-school")),
            report_envelope(hill.key, a_report(AUTUMN, varied(3), school=OTHER)),  # their own
        ]
    )
    _sign_in(client, "hill")
    token = csrf_of(client.get("/import").text)
    answer = client.post(
        "/import", data={"csrf": token}, files={"bundle": ("r.json", file, "application/json")}
    )
    assert answer.status_code == 200
    refused = _refusals(answer.text)
    assert refused == [
        "Report 1: not added. There is no such school on this hub.",
        "Report 2: not added. There is no such school on this hub.",
    ]
    assert web_hub.storage.reports(SCHOOL) == []  # nothing added to Riverside
    assert len(web_hub.storage.reports(OTHER)) == 1

    # The programme's coordinator (the kit's account) may add any school's.
    client.post("/logout", data={"csrf": csrf_of(client.get("/import").text)})
    _sign_in(client, USERNAME)
    token = csrf_of(client.get("/import").text)
    again = client.post(
        "/import", data={"csrf": token}, files={"bundle": ("r.json", file, "application/json")}
    )
    assert len(web_hub.storage.reports(SCHOOL)) == 1
    assert "already here, nothing changed." in again.text
