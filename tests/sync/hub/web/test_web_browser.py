"""The hub's pages in a real browser: the system's Chromium, driven by Playwright, against the
real hub started as its own process (``parentrus-hub init`` and ``serve``) and real signed
reports sent through the API. Set PARENTRUS_HUB_SCREENSHOTS=1 to also save the pages to
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
from hubweb_kit import a_report, expected_table, varied
from parentrus_sync.display import Shown
from parentrus_sync.hub.dashboard import WHOLE_RANGE
from parentrus_sync.protocol import (
    Invitation,
    device_id,
    enrolment_request,
    new_key,
    public_key_bytes,
    report_envelope,
)
from parentrus_sync.report_shape import CELLS
from playwright.sync_api import Browser, Page, sync_playwright

CHROMIUM_ARGS = [
    "--headless=new", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
]  # fmt: skip
SCREENSHOTS = Path(__file__).resolve().parents[4] / "docs" / "screenshots"


def text(shown: Shown) -> str:
    """How a page writes a number, worked out here rather than taken from the hub."""
    return "hidden" if shown.value is None else f"{shown.value:,}"


def months_before(today: date, count: int) -> tuple[str, ...]:
    """The ``count`` whole months before this one, oldest first: they have ended."""
    year, month, names = today.year, today.month, []
    for _ in range(count):
        year, month = (year - 1, 12) if month == 1 else (year, month - 1)
        names.append(f"{year:04d}-{month:02d}")
    return tuple(reversed(names))


@pytest.fixture
def running_hub(tmp_path: Path) -> Iterator[HubProcess]:
    """The real hub, set up and served by ``parentrus-hub`` on a free loopback port."""
    hub = HubProcess(tmp_path / "hub", [])
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


def table_text(page: Page, breakdown: str) -> dict[str, list[str]]:
    """A figure's table as the browser shows it: each line's cells by its wire name."""
    rows = page.locator(f'table[data-breakdown="{breakdown}"] tr[data-cell]')
    found = {}
    for i in range(rows.count()):
        row = rows.nth(i)
        found[row.get_attribute("data-cell") or ""] = [
            t.strip() for t in row.locator("td").all_inner_texts()
        ]
    return found


def shoot(page: Page, name: str) -> None:
    if os.environ.get("PARENTRUS_HUB_SCREENSHOTS"):
        SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        path = str(SCREENSHOTS / f"hub-{name}.png")
        if name == "dashboard":  # its top: the whole page is ten screens long
            clip = {"x": 0, "y": 0, "width": 1280, "height": 2600}
            page.screenshot(path=path, clip=clip, full_page=True)
        else:
            page.screenshot(path=path, full_page=True)


def test_a_coordinator_uses_the_hub_in_a_browser(
    running_hub: HubProcess, browser: Browser, tmp_path: Path
) -> None:
    months = months_before(date.today(), 2)
    reports = [a_report(m, varied(seed + 7 * i)) for i, m in enumerate(months) for seed in range(3)]
    with httpx.Client(base_url=running_hub.url, timeout=60) as api:
        keys = [enrol(api, running_hub.invitation()) for _ in range(3)]
        for i, report in enumerate(reports):
            answer = api.post("/api/v1/reports", json=report_envelope(keys[i % 3], report))
            assert answer.status_code == 201, answer.text

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
        assert page.locator("svg.chart").count() >= 10
        assert "rounded to the nearest 5" in page.locator(".rules").inner_text()
        assert table_text(page, "laptops") == {}  # its one line has no wire name
        laptops = page.locator('table[data-breakdown="laptops"] td').all_inner_texts()
        assert laptops[-2:] == ["3", "3"] and set(laptops[:-2]) == {"0"}

        venue_cells = CELLS["sessions_by_venue_category"]
        venue = expected_table(reports, "sessions_by_venue_category", venue_cells, months)
        shown = table_text(page, "sessions_by_venue_category")
        for cell in venue_cells:
            wanted = [text(venue.cells[cell, m]) for m in months] + [text(venue.row_totals[cell])]
            assert shown[cell] == wanted, cell
        totals = [text(venue.column_totals[m]) for m in months] + [text(venue.grand_total)]
        assert shown["total"] == totals
        topic_cells = CELLS["sessions_by_topic"]
        topics = expected_table(reports, "sessions_by_topic", topic_cells, (WHOLE_RANGE,))
        shown = table_text(page, "sessions_by_topic")
        assert {c: shown[c] for c in topic_cells} == {
            c: [text(topics.cells[c, WHOLE_RANGE])] for c in topic_cells
        }
        shoot(page, "dashboard")

        with page.expect_download() as download_info:
            page.click("text=Download these numbers")
        saved = tmp_path / "numbers.csv"
        download_info.value.save_as(saved)
        content = saved.read_text("utf-8")
        assert content.startswith("# Parent'R'Us Mentor, Riverside Primary")
        rows = list(csv.DictReader(io.StringIO(content.split("\n", 1)[1])))
        csv_topics = {r["cell"]: r["Number"] for r in rows if r["breakdown"] == "sessions_by_topic"}
        assert csv_topics == {c: text(topics.cells[c, WHOLE_RANGE]) for c in topic_cells}

        # An invitation made on the page enrols a laptop through the API.
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
        page.click("nav >> text=Laptops")
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

        key = keys[[device_id(public_key_bytes(k)) for k in keys].index(device or "")]
        refused = api.post(
            "/api/v1/reports", json=report_envelope(key, a_report(months[0], varied(9)))
        )
        assert refused.status_code == 403 and refused.json()["error"] == "revoked"
