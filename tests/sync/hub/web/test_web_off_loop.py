"""No page and no API route calls the hub's storage on the event loop: every read and
write, the USB import included, runs in a worker thread, so the hub keeps answering."""

from __future__ import annotations

import asyncio
from typing import Any

import httpx
from hubweb_kit import SCHOOL, a_report, csrf_of, enrolled, sign_in, varied
from parentrus_sync.hub.hub import Hub
from parentrus_sync.hub.storage import Storage
from parentrus_sync.protocol import bundle, canonical_json, report_envelope


class LoopWatch:
    """The hub's storage, noting every call made from a thread running an event loop."""

    def __init__(self, storage: Storage) -> None:
        self._storage = storage
        self.calls: list[str] = []
        self.on_loop: list[str] = []

    def __getattr__(self, name: str) -> Any:
        found = getattr(self._storage, name)
        if not callable(found):
            return found

        def watched(*args: Any, **kwargs: Any) -> Any:
            self.calls.append(name)
            try:
                asyncio.get_running_loop()
            except RuntimeError:
                pass  # a worker thread: as it should be
            else:
                self.on_loop.append(name)
            return found(*args, **kwargs)

        return watched


def test_no_storage_call_on_the_event_loop(client: httpx.Client, web_hub: Hub) -> None:
    laptop = enrolled(web_hub)
    other = enrolled(web_hub)
    watch = LoopWatch(web_hub.storage)
    web_hub.storage = watch  # type: ignore[assignment]

    assert sign_in(client).status_code == 303
    csrf = csrf_of(client.get("/").text)
    for path in ("/", "/export.csv", "/report", "/policy", "/devices", "/invitations", "/import"):
        assert client.get(path).status_code == 200, path
    made = client.post("/invitations", data={"school": SCHOOL, "csrf": csrf}, follow_redirects=True)
    assert made.status_code == 200
    assert client.get(f"/devices/{laptop.device}/revoke").status_code == 200
    envelope = report_envelope(other.key, a_report("2026-autumn", varied(1)))
    files = {"bundle": ("reports.json", bundle([envelope]), "application/json")}
    imported = client.post("/import", data={"csrf": csrf}, files=files)
    assert imported.status_code == 200 and len(web_hub.storage.reports(SCHOOL)) == 1
    assert client.post("/policy", data={"school": SCHOOL, "csrf": csrf}).status_code in {200, 400}
    assert client.get(f"/api/v1/policy/{SCHOOL}").status_code == 200
    sent = client.post(
        "/api/v1/reports",
        content=canonical_json(report_envelope(laptop.key, a_report("2026-10", varied(2)))),
        headers={"content-type": "application/json"},
    )
    assert sent.status_code in {201, 422}, sent.text

    assert {"schools", "reports", "device", "devices", "invitations"} <= set(watch.calls)
    assert watch.on_loop == []
