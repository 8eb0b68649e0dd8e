"""The pages over real HTTP: numbers, CSV, printable report, invitations, laptops, imports."""

from __future__ import annotations

import httpx
from hubweb_kit import SCHOOL, a_report, csrf_of, enrolled, sign_in, upload, varied
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


def with_reports(hub: Hub) -> None:
    laptops = [enrolled(hub) for _ in range(3)]
    for i, month in enumerate(("2026-09", "2026-10")):
        for seed, laptop in enumerate(laptops):
            upload(hub, laptop, a_report(month, varied(seed + 7 * i)))


def test_the_dashboard_shows_a_term_and_refuses_an_unknown_one(
    client: httpx.Client, web_hub: Hub
) -> None:
    with_reports(web_hub)
    sign_in(client)
    page = client.get("/", params={"time": "2026-autumn"})
    assert page.status_code == 200
    assert "Autumn term 2026" in page.text
    assert page.text.count('<svg xmlns="http://www.w3.org/2000/svg" class="chart"') >= 10
    assert "rounded to the nearest 5" in page.text
    wrong = client.get("/", params={"time": "2026-winter"})
    assert wrong.status_code == 400
    assert "There is no term called" in wrong.text


def test_the_csv_download_is_the_termly_csv(client: httpx.Client, web_hub: Hub) -> None:
    with_reports(web_hub)
    sign_in(client)
    answer = client.get("/export.csv", params={"time": "2026-autumn", "school": SCHOOL})
    assert answer.status_code == 200
    assert answer.headers["content-type"].startswith("text/csv")
    assert "attachment" in answer.headers["content-disposition"]
    assert answer.text == termly_csv(web_hub, SCHOOL, "2026-autumn")


def test_the_printable_report(client: httpx.Client, web_hub: Hub) -> None:
    with_reports(web_hub)
    sign_in(client)
    answer = client.get("/report", params={"term": "2026-autumn"})
    assert answer.status_code == 200
    assert "Riverside Primary" in answer.text and "Autumn term 2026" in answer.text
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
            report_envelope(laptop.key, a_report("2026-10", varied(1))),
            report_envelope(stranger, a_report("2026-10", varied(2))),
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
