"""The hub's pages in a real browser: the system's Chromium, driven by Playwright, against the
real hub started as its own process (``parentrus-hub init`` and ``serve``), on SQLite and on
PostgreSQL, with real signed reports of format 2 sent through the API (and first-format ones
it already held). Set PARENTRUS_HUB_SCREENSHOTS=1 to also save the pages to
docs/screenshots/hub-*.png."""

from __future__ import annotations

import csv
import io
import os
import shutil
from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import Any

import httpx
import pytest
from helpers.hub_process import PASSWORD, SCHOOL, USERNAME, HubProcess
from hubweb_kit import a_report, an_old_report, expected_margin, expected_table, stored, varied
from parentrus_sync.display import Shown
from parentrus_sync.hub.terms import Term, previous_term, term_of
from parentrus_sync.periods import is_ready, period_named
from parentrus_sync.protocol import (
    Invitation,
    canonical_json,
    device_id,
    enrolment_request,
    new_key,
    public_key_bytes,
    report_envelope,
)
from playwright.sync_api import Browser, Page, sync_playwright

CHROMIUM_ARGS = [
    "--headless=new", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
]  # fmt: skip
SCREENSHOTS = Path(__file__).resolve().parents[4] / "docs" / "screenshots"
#: How a laptop sends a report: its canonical JSON, the bytes its signature covers.
SENT_AS_JSON = {"content-type": "application/json"}


def text(shown: Shown, margin: int | None = None) -> str:
    """How a page writes a number and its margin, worked out here, not taken from the hub."""
    if shown.value is None:
        return "hidden"
    return f"{shown.value:,}" if margin is None else f"{shown.value:,} ± {margin}"


def last_reported_term(today: date) -> Term:
    """The newest term that has ended, grace days included: laptops have reported it."""
    term = previous_term(term_of(today))
    return term if is_ready(period_named(term.name), today) else previous_term(term)


@pytest.fixture
def running_hub(tmp_path: Path, database_args: list[str]) -> Iterator[HubProcess]:
    """The real hub, set up and served by ``parentrus-hub`` on a free loopback port, on
    SQLite and on PostgreSQL (one cluster for the whole run)."""
    hub = HubProcess(tmp_path / "hub", database_args)
    yield hub
    hub.stop()


@pytest.fixture
def browser() -> Iterator[Browser]:
    chromium = shutil.which("chromium") or "/usr/bin/chromium"
    if not Path(chromium).exists():
        pytest.fail("Chromium is not installed: install it (apt-get install chromium) to run this.")
    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=chromium, args=CHROMIUM_ARGS)
        yield launched
        launched.close()


def enrol(client: httpx.Client, invitation: Invitation) -> Any:
    key = new_key()
    answer = client.post("/api/v1/enrol", json=enrolment_request(key, invitation.token, SCHOOL))
    assert answer.status_code == 200, answer.text
    return key


def table_text(page: Page, within: str, breakdown: str) -> dict[str, list[str]]:
    """A figure's table as the browser shows it: each line's cells by its wire name."""
    rows = page.locator(f'{within} table[data-breakdown="{breakdown}"] tr[data-cell]')
    found = {}
    for i in range(rows.count()):
        row = rows.nth(i)
        found[row.get_attribute("data-cell") or ""] = [
            " ".join(t.split()) for t in row.locator("td").all_inner_texts()
        ]
    return found


def shoot(page: Page, name: str) -> None:
    if os.environ.get("PARENTRUS_HUB_SCREENSHOTS"):
        SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        path = str(SCREENSHOTS / f"hub-{name}.png")
        if name in ("dashboard", "report"):  # their top: the whole page is many screens long
            clip = {"x": 0, "y": 0, "width": 1280, "height": 2400}
            page.screenshot(path=path, clip=clip, full_page=True)
        else:
            page.screenshot(path=path, full_page=True)


def test_a_coordinator_uses_the_hub_in_a_browser(
    running_hub: HubProcess, browser: Browser, tmp_path: Path
) -> None:
    term = last_reported_term(date.today())
    reports = [a_report(term.name, varied(seed)) for seed in range(3)]
    # First-format reports the hub already held for a month of that term (no laptop sends
    # them any more, so they are put straight into its storage).
    old = [an_old_report(term.months.names[1], varied(seed)) for seed in (4, 5)]
    with httpx.Client(base_url=running_hub.url, timeout=60) as api:
        keys = [enrol(api, running_hub.invitation()) for _ in range(3)]
        context = browser.new_context(
            accept_downloads=True, viewport={"width": 1280, "height": 900}
        )
        page = context.new_page()
        page.goto(f"{running_hub.url}/login")
        shoot(page, "login")
        page.fill("#username", USERNAME)
        page.fill("#password", "not my password")
        page.click("button[type=submit]")
        assert page.locator(".problem").inner_text() == "That username and password do not match."

        page.fill("#password", PASSWORD)
        page.click("button[type=submit]")
        page.wait_for_url(f"{running_hub.url}/")
        assert "Your school's numbers" in page.locator("h1").inner_text()

        # The school asks for a report each term, at the usual limit, and the core numbers.
        page.click("nav >> text=What the laptops send")
        page.check("input[name=cadence][value=term]")
        page.fill("#epsilon", "25")
        page.click("text=Save these settings")
        assert "can be at most 20" in page.locator(".problem").inner_text()
        page.fill("#epsilon", "10")
        page.click("text=Save these settings")
        assert "Saved." in page.locator(".done").inner_text()
        assert "a report each term" in page.locator("#current").inner_text()
        shoot(page, "policy")

        for key, report in zip(keys, reports, strict=True):
            answer = api.post(
                "/api/v1/reports",
                content=canonical_json(report_envelope(key, report)),
                headers=SENT_AS_JSON,
            )
            assert answer.status_code == 201, answer.text
        devices = [device_id(public_key_bytes(k)) for k in keys]
        storage = running_hub.storage()
        try:
            for report in stored(old, devices[:2]):
                assert storage.store_report(report).stored
        finally:
            storage.close()

        page.click("nav >> text=Numbers")  # opens on the newest term with reports
        title = page.locator("h1").inner_text()
        assert term.name.split("-")[0] in title and term.season.capitalize() in title
        privacy = page.locator(".privacy").inner_text()
        assert "blurred by random noise" in privacy and "ε = 10" in privacy
        assert "δ = 10⁻⁶" in privacy and "So far this school year" in privacy
        assert "give or take" in page.locator(".rules").inner_text()
        laptops = page.locator('#numbers table[data-breakdown="laptops"] td').all_inner_texts()
        assert laptops == ["3"]

        requests = expected_table(reports, "school_requests", ("made", "answered"), (term.name,))
        margin = expected_margin(reports, "school_requests")
        assert table_text(page, "#numbers", "school_requests") == {
            c: [text(requests.cells[c, term.name], margin)] for c in ("made", "answered")
        }
        held = expected_table(reports, "sessions_held", ("sessions",), (term.name,))
        number = " ".join(
            page.locator('#sessions_held .number[data-cell="sessions"]').inner_text().split()
        )
        assert number == text(
            held.cells["sessions", term.name], expected_margin(reports, "sessions_held")
        )
        section = page.locator("#first-format")
        assert "Reports in the first format (before December 2026)" in section.inner_text()
        old_venues = table_text(page, "#first-format", "sessions_by_venue_category")
        assert old_venues and all("±" not in v for vs in old_venues.values() for v in vs)
        shoot(page, "dashboard")

        with page.expect_download() as download_info:
            page.click("text=Download these numbers")
        saved = tmp_path / "numbers.csv"
        download_info.value.save_as(saved)
        content = saved.read_text("utf-8")
        assert content.startswith("\ufeffWhat is counted,")  # Excel reads it as UTF-8
        rows = list(csv.DictReader(io.StringIO(content.removeprefix("\ufeff"))))
        assert rows[0]["About these numbers"].startswith("Parent'R'Us Mentor, Riverside Primary")
        csv_requests = {
            r["cell"]: (r["Number"], r["Give or take"])
            for r in rows
            if r["breakdown"] == "school_requests" and r["report format"] == "3"
        }
        assert csv_requests == {
            c: (text(shown), "" if shown.value is None else str(margin))
            for c, shown in ((c, requests.cells[c, term.name]) for c in ("made", "answered"))
        }
        assert {r["report format"] for r in rows} == {"1", "3"}

        page.click("text=Printable report for this term")
        assert page.locator("h1").inner_text() == "Riverside Primary"
        assert "blurred by random noise" in page.locator(".privacy").inner_text()
        assert table_text(page, "#numbers", "school_requests") == {
            c: [text(requests.cells[c, term.name], margin)] for c in ("made", "answered")
        }
        assert page.locator("#first-format").count() == 1
        shoot(page, "report")

        # An invitation made on the page enrols a laptop through the API.
        page.goto(f"{running_hub.url}/")
        page.click("nav >> text=Add a laptop")
        page.click("text=Make an invitation for Riverside Primary")
        code = page.locator(".code").inner_text()
        assert len(code.replace("-", "")) == 24
        assert page.locator(".qr svg").count() == 1
        with page.expect_download() as download_info:
            page.click("text=Download the invitation file")
        file = tmp_path / "invitation.json"
        download_info.value.save_as(file)
        invitation = Invitation.from_file_bytes(file.read_bytes())
        assert str(invitation.code) == code
        shoot(page, "invitation")
        enrol(api, invitation)
        page.click("nav >> text=Add a laptop")
        assert page.locator("tr.status-used").count() == 4
        shoot(page, "invitations")

        # Stopping a laptop: a confirm step, then the hub refuses it.
        page.click('nav >> text="Laptops"')
        assert page.locator("tr[data-device]").count() == 4
        first = page.locator("tr[data-device]").first
        device = first.get_attribute("data-device")
        first.locator("text=Stop this laptop").click()
        assert "Stop this laptop?" in page.locator("h1").inner_text()
        page.click("text=Yes, stop this laptop")
        page.wait_for_url(f"{running_hub.url}/devices")
        stopped = page.locator(f'tr[data-device="{device}"]')
        assert "Stopped on" in stopped.inner_text()
        shoot(page, "devices")
        context.close()

        key = keys[devices.index(device or "")]
        refused = api.post(
            "/api/v1/reports",
            content=canonical_json(report_envelope(key, a_report(term.name, varied(9)))),
            headers=SENT_AS_JSON,
        )
        assert refused.status_code == 403 and refused.json()["error"] == "revoked"
