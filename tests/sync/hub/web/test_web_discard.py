"""Discarding a stopped laptop's numbers on the laptops page: it asks first, says plainly
what happens, needs the session's CSRF token, and can be undone."""

from __future__ import annotations

import httpx
from hubweb_kit import SCHOOL, a_report, csrf_of, enrolled, sign_in, upload, varied
from parentrus_sync.hub.hub import Hub

SAYS = (
    "Every report this laptop sent is left out of the school's numbers: use this if its "
    "numbers were not real. You can count them again later."
)


def test_a_stopped_laptops_numbers_are_discarded_after_asking(
    client: httpx.Client, web_hub: Hub
) -> None:
    honest, stopped = enrolled(web_hub), enrolled(web_hub)
    upload(web_hub, honest, a_report("2026-10", varied(1)))
    upload(web_hub, stopped, a_report("2026-10", varied(2)))
    sign_in(client)
    assert "/discard" not in client.get("/devices").text  # none stopped yet
    assert client.get(f"/devices/{stopped.device}/discard").status_code == 409

    web_hub.storage.revoke(stopped.device, web_hub.now())
    listing = client.get("/devices").text
    assert listing.count('/discard">Discard its numbers</a>') == 1
    assert f'href="/devices/{stopped.device}/discard"' in listing
    confirm = client.get(f"/devices/{stopped.device}/discard")
    assert confirm.status_code == 200 and SAYS in confirm.text
    assert len(web_hub.storage.reports(SCHOOL)) == 2  # asking changes nothing

    forged = client.post(f"/devices/{stopped.device}/discard", data={"csrf": "x"})
    assert forged.status_code == 403 and len(web_hub.storage.reports(SCHOOL)) == 2
    done = client.post(
        f"/devices/{stopped.device}/discard",
        data={"csrf": csrf_of(confirm.text)},
        follow_redirects=True,
    )
    assert done.status_code == 200 and "Count its numbers again" in done.text
    assert [r.report_id.device for r in web_hub.storage.reports(SCHOOL)] == [honest.device]

    again = client.post(
        f"/devices/{stopped.device}/count-again",
        data={"csrf": csrf_of(done.text)},
        follow_redirects=True,
    )
    assert again.status_code == 200 and "Count its numbers again" not in again.text
    assert f'href="/devices/{stopped.device}/discard"' in again.text
    assert len(web_hub.storage.reports(SCHOOL)) == 2
    assert client.get("/devices/d-nosuchdevice0000000000/discard").status_code == 404


def test_a_laptop_still_connected_cannot_be_discarded(client: httpx.Client, web_hub: Hub) -> None:
    laptop = enrolled(web_hub)
    upload(web_hub, laptop, a_report("2026-10", varied(1)))
    sign_in(client)
    token = csrf_of(client.get("/devices").text)
    refused = client.post(f"/devices/{laptop.device}/discard", data={"csrf": token})
    assert refused.status_code == 409 and "Stop the laptop first" in refused.text
    assert len(web_hub.storage.reports(SCHOOL)) == 1
