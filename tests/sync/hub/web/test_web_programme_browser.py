"""A programme's hub in a real browser (the system's Chromium, by Playwright), served by
``parentrus-hub`` itself on SQLite and on PostgreSQL: a second school and a programme
coordinator added with the command, real signed reports from both schools' laptops. The
programme's coordinator sees both schools and the totals; the first school's coordinator
sees only that school, and changing the address to the other school's gets "not there".
Set PARENTRUS_HUB_SCREENSHOTS=1 to also save the views to the temporary folder."""

from __future__ import annotations

import os
import secrets
import tempfile
from datetime import date
from pathlib import Path
from typing import Any

import httpx
from helpers.hub_process import PASSWORD, SCHOOL, USERNAME, HubProcess, run_hub
from hubweb_kit import a_report
from parentrus_sync.protocol import (
    Invitation,
    canonical_json,
    enrolment_request,
    new_key,
    report_envelope,
)
from playwright.sync_api import Browser, Page
from test_web_browser import browser, last_reported_term, running_hub

__all__ = ["browser", "running_hub"]  # the fixtures, shared with the coordinator's test

OTHER = "hillside-academy"
NOT_THERE = "There is nothing at this address."

#: How a laptop sends a report: its canonical JSON, the bytes its signature covers.
SENT_AS_JSON = {"content-type": "application/json"}


def _river(breakdown: str, cell: str) -> int:
    # 3 requests answered at Riverside over its three laptops: hidden on its page.
    return 1 if (breakdown, cell) == ("school_requests", "answered") else 12


def _send(api: httpx.Client, hub: HubProcess, school: str, reports: list[dict[str, Any]]) -> None:
    for i, same in enumerate(reports):
        # Each laptop draws its own nonce: the same content twice would be one report.
        report = {**same, "nonce": secrets.token_hex(16)}
        out = hub.data / f"invitation-{school}-{i}.json"
        hub.command("invite", "--school", school, "--out", str(out))
        invitation = Invitation.from_file_bytes(out.read_bytes())
        key = new_key()
        enrolled = api.post("/api/v1/enrol", json=enrolment_request(key, invitation.token, school))
        assert enrolled.status_code == 200, enrolled.text
        sent = api.post(
            "/api/v1/reports",
            content=canonical_json(report_envelope(key, report)),
            headers=SENT_AS_JSON,
        )
        assert sent.status_code == 201, sent.text


def _sign_in(page: Page, url: str, username: str) -> None:
    page.goto(f"{url}/login")
    page.fill("#username", username)
    page.fill("#password", PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_url(f"{url}/")


def _shoot(page: Page, name: str) -> None:
    if os.environ.get("PARENTRUS_HUB_SCREENSHOTS"):
        where = Path(tempfile.gettempdir()) / f"programme-hub-{name}.png"
        page.screenshot(path=str(where), full_page=True)


def test_a_programme_and_a_school_coordinator_in_a_browser(
    running_hub: HubProcess, browser: Browser
) -> None:
    url = running_hub.url
    running_hub.command("school", "add", "Hillside Academy")
    made = run_hub("coordinator", "add", "lead", "--programme", "--password-stdin",
                   "--data", str(running_hub.data), stdin=PASSWORD + "\n")  # fmt: skip
    assert made.returncode == 0, made.stderr
    assert "for the whole programme" in made.stdout
    term = last_reported_term(date.today())
    with httpx.Client(base_url=url, timeout=60) as api:
        _send(api, running_hub, SCHOOL, [a_report(term.name, _river) for _ in range(3)])
        _send(api, running_hub, OTHER,
              [a_report(term.name, lambda _b, _c: 25, school=OTHER) for _ in range(2)])  # fmt: skip

    # The programme's coordinator: both schools, each reachable, and the totals.
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    _sign_in(page, url, "lead")
    assert page.locator("h1").inner_text().startswith("The programme's numbers")
    rows = page.locator("#schools tr[data-school]")
    assert rows.count() == 2
    assert page.locator(f'tr[data-school="{SCHOOL}"] td').first.inner_text() == "3"
    assert page.locator(f'tr[data-school="{OTHER}"] td').first.inner_text() == "2"
    laptops = page.locator('#totals table[data-breakdown="laptops"] td').all_inner_texts()
    assert laptops == ["5"]
    answered = page.locator(
        '#totals table[data-breakdown="school_requests"] tr[data-cell="answered"] td'
    )
    # 53 over both schools, but 3 of them Riverside's, which its page hides: hidden.
    assert answered.first.inner_text() == "hidden"
    # 36 sessions at Riverside and 50 at Hillside, both shown on their pages: 85 together.
    held = page.locator('#totals #sessions_held .number[data-cell="sessions"]').inner_text()
    assert held.startswith("85 ±"), held
    _shoot(page, "programme")
    page.click(f'tr[data-school="{OTHER}"] >> text=Open this school\'s numbers')
    assert page.locator("h1").inner_text().startswith("Numbers of Hillside Academy")
    assert page.locator("#laptops td").all_inner_texts() == ["2"]
    _shoot(page, "programme-school")
    # That school's settings, from the menu: Hillside's, not the first school's.
    page.click("nav >> text=What the laptops send")
    assert page.locator("h1").inner_text() == "What the laptops send: Hillside Academy"
    page.select_option("select#school", SCHOOL)  # and the other's, by the chooser
    page.click("form.choose >> text=Show")
    assert page.locator("h1").inner_text() == "What the laptops send: Riverside Primary"
    _shoot(page, "programme-settings")
    page.go_back()
    page.go_back()
    page.click("text=All schools of the programme")
    assert page.locator("h1").inner_text().startswith("The programme's numbers")
    assert context.request.get(f"{url}/programme.csv?time={term.name}").status == 200
    context.close()

    # Riverside's coordinator (made by init): Riverside only, whatever the address says.
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    _sign_in(page, url, USERNAME)
    assert page.locator("h1").inner_text().startswith("Numbers of Riverside Primary")
    assert page.locator("#laptops td").all_inner_texts() == ["3"]
    assert page.locator("text=All schools of the programme").count() == 0
    assert page.locator("select#school").count() == 0
    _shoot(page, "school")
    nowhere = page.goto(f"{url}/?school=no-such-school&time={term.name}")
    assert nowhere is not None and nowhere.status == 404
    for address in (
        f"/?school={OTHER}&time={term.name}",
        f"/report?school={OTHER}&term={term.name}",
        f"/policy?school={OTHER}",
    ):
        answer = page.goto(url + address)
        assert answer is not None and answer.status == 404, address
        assert page.locator("[role=alert]").inner_text() == NOT_THERE
        assert "Hillside" not in page.content()
    for address in (
        f"/export.csv?school={OTHER}&time={term.name}",
        f"/programme.csv?time={term.name}",
    ):
        answer = context.request.get(url + address)
        assert answer.status == 404, address
        assert NOT_THERE in answer.text()
    assert context.request.get(f"{url}/export.csv?school={SCHOOL}&time={term.name}").status == 200
    page.goto(f"{url}/devices")
    assert page.locator("tr[data-device]").count() == 3
    context.close()
