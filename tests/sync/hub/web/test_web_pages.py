"""The pages over real HTTP: numbers, CSV, printable report, invitations, laptops, imports."""

from __future__ import annotations

import re

import httpx
from hubweb_kit import (
    SCHOOL,
    a_report,
    an_old_report,
    csrf_of,
    enrolled,
    sign_in,
    store,
    varied,
)
from parentrus_sync.hub.export import termly_csv
from parentrus_sync.hub.hub import Hub
from parentrus_sync.hub.pages import LARGEST_UPLOAD
from parentrus_sync.protocol import (
    Invitation,
    bundle,
    new_key,
    report_envelope,
    token_digest,
)


def with_reports(hub: Hub, old: bool = False) -> None:
    """Five laptops' reports for the autumn term 2026, and with ``old`` two first-format
    reports for October."""
    reports = [a_report("2026-autumn", varied(seed)) for seed in range(5)]
    if old:
        reports += [an_old_report("2026-10", varied(seed)) for seed in (1, 2)]
    store(hub, reports)


def test_the_dashboard_opens_on_the_newest_term_with_margins_and_privacy(
    client: httpx.Client, web_hub: Hub
) -> None:
    with_reports(web_hub)
    sign_in(client)
    page = client.get("/")  # January 2027: the spring term has nothing yet, autumn has
    assert page.status_code == 200
    assert "Your school's numbers: Autumn term 2026" in page.text
    assert '<option value="2026-autumn" selected>' in page.text
    assert '<optgroup label="School year 2026/27">' in page.text
    assert '<optgroup label="School year 2025/26">' in page.text
    # Terms only: nothing that overlaps them.
    assert "12 months" not in page.text and "last-12" not in page.text
    assert "rounded to the nearest 5" in page.text and "give or take" in page.text
    assert re.search(r'<span class="margin">± \d+</span>', page.text)
    assert "Each family&#39;s part in these numbers is blurred by random noise" in page.text
    assert "ε = 10 for the school year, with δ = 10⁻⁶" in page.text
    assert "So far this school year, the laptops have used at most ε = " in page.text
    assert 'data-breakdown="sessions_held"' in page.text
    assert 'data-breakdown="sessions_by_topic"' not in page.text  # not in these reports
    assert 'id="first-format"' not in page.text
    wrong = client.get("/", params={"time": "2026-winter"})
    assert wrong.status_code == 400
    assert "There is no term called" in wrong.text
    assert client.get("/", params={"time": "last-12-months"}).status_code == 400


def test_first_format_reports_have_a_section_of_their_own(
    client: httpx.Client, web_hub: Hub
) -> None:
    with_reports(web_hub, old=True)
    sign_in(client)
    page = client.get("/", params={"time": "2026-autumn"}).text
    new, old = page.split('id="first-format"')
    assert (
        "Reports in the first format (before December 2026): less protection for each "
        "family, no margins" in old
    )
    assert 'id="first-sessions_by_venue_category"' in old
    assert 'class="margin"' in new and 'class="margin"' not in old


def test_the_csv_download_is_the_termly_csv(client: httpx.Client, web_hub: Hub) -> None:
    with_reports(web_hub, old=True)
    sign_in(client)
    answer = client.get("/export.csv", params={"time": "2026-autumn", "school": SCHOOL})
    assert answer.status_code == 200
    assert answer.headers["content-type"].startswith("text/csv")
    assert 'filename="riverside-primary-2026-autumn.csv"' in answer.headers["content-disposition"]
    assert answer.text == termly_csv(web_hub, SCHOOL, "2026-autumn")
    # The byte-order mark (Excel then reads UTF-8), then the header row first.
    assert answer.content.startswith(b"\xef\xbb\xbfWhat is counted,")
    assert "Give or take" in answer.text.split("\n")[0]


def test_the_printable_report(client: httpx.Client, web_hub: Hub) -> None:
    with_reports(web_hub, old=True)
    sign_in(client)
    answer = client.get("/report", params={"term": "2026-autumn"})
    assert answer.status_code == 200
    assert "Riverside Primary" in answer.text and "Autumn term 2026" in answer.text
    assert "school year 2026/27" in answer.text
    assert "blurred by random noise" in answer.text and "δ = 10⁻⁶" in answer.text
    assert re.search(r'<span class="margin">± \d+</span>', answer.text)
    assert 'id="first-format"' in answer.text
    assert "@media print" in client.get("/static/hub.css").text
    assert client.get("/report", params={"term": "autumn"}).status_code == 400


def test_an_invitation_shows_its_code_qr_and_file(client: httpx.Client, web_hub: Hub) -> None:
    sign_in(client)
    token = csrf_of(client.get("/invitations").text)
    page = client.post(
        "/invitations", data={"csrf": token, "school": SCHOOL}, follow_redirects=True
    )
    assert page.status_code == 200
    assert '<svg width="' in page.text and 'class="segno"' in page.text
    file_link = str(page.url) + "/file"
    invitation = Invitation.from_file_bytes(client.get(file_link).content)
    assert str(invitation.code) in page.text
    held = web_hub.storage.invitations(SCHOOL)
    assert [i.token_digest for i in held] == [token_digest(invitation.token)]
    listing = client.get("/invitations").text
    assert "Waiting to be used" in listing
    unknown = client.post("/invitations", data={"csrf": token, "school": "nowhere"})
    assert unknown.status_code == 404


def test_stopping_a_laptop_asks_first_then_stops_it(client: httpx.Client, web_hub: Hub) -> None:
    laptop = enrolled(web_hub)
    sign_in(client)
    listing = client.get("/devices").text
    assert laptop.device[:10] in listing and "Stop this laptop" in listing
    confirm = client.get(f"/devices/{laptop.device}/revoke")
    assert "Stop this laptop?" in confirm.text
    assert web_hub.storage.device(laptop.device).revoked is None  # type: ignore[union-attr]
    token = csrf_of(confirm.text)
    done = client.post(
        f"/devices/{laptop.device}/revoke", data={"csrf": token}, follow_redirects=True
    )
    assert done.status_code == 200 and "Stopped on" in done.text
    assert web_hub.storage.device(laptop.device).revoked is not None  # type: ignore[union-attr]
    assert client.get("/devices/d-nosuchdevice0000000000/revoke").status_code == 404


def test_a_usb_bundle_is_imported_report_by_report(client: httpx.Client, web_hub: Hub) -> None:
    laptop = enrolled(web_hub)
    stranger = new_key()  # never enrolled: its report must be refused, the other kept
    file = bundle(
        [
            report_envelope(laptop.key, a_report("2026-autumn", varied(1))),
            report_envelope(stranger, a_report("2026-autumn", varied(2))),
        ]
    )
    sign_in(client)
    token = csrf_of(client.get("/import").text)
    files = {"bundle": ("reports.json", file, "application/json")}
    first = client.post("/import", data={"csrf": token}, files=files)
    assert first.status_code == 200
    assert "Report 1" in first.text and "added." in first.text
    assert "Report 2" in first.text and "not added." in first.text
    assert len(web_hub.storage.reports(SCHOOL)) == 1
    again = client.post("/import", data={"csrf": token}, files=files)
    assert "already here, nothing changed." in again.text
    not_a_bundle = {"bundle": ("notes.txt", b"hello", "text/plain")}
    refused = client.post("/import", data={"csrf": token}, files=not_a_bundle)
    assert refused.status_code == 400 and 'class="problem"' in refused.text
    assert client.post("/import", data={"csrf": token}).status_code == 400


def test_an_oversized_upload_is_refused_before_reading(client: httpx.Client) -> None:
    sign_in(client)
    token = csrf_of(client.get("/import").text)
    big = {"bundle": ("big.json", b"x" * (LARGEST_UPLOAD + 1), "application/json")}
    answer = client.post("/import", data={"csrf": token}, files=big)
    assert answer.status_code == 413
    assert "too big" in answer.text
