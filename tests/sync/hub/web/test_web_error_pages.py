"""A person gets an HTML page for an address that is not there or a fault in the hub, the
laptops get the API's JSON; every answer over TLS carries HSTS."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import anyio
import httpx
import pytest
from helpers.hub_process import serving
from hubweb_kit import open_hub, sign_in
from parentrus_sync.hub.app import HSTS, create_app
from parentrus_sync.hub.hub import Hub


def broken(*args: Any, **kwargs: Any) -> Any:
    raise RuntimeError("the database went away: /secret/path/hub.sqlite")


def assert_page(answer: httpx.Response, status: int, words: str) -> None:
    assert answer.status_code == status
    assert answer.headers["content-type"].startswith("text/html")
    assert answer.headers["content-security-policy"].startswith("default-src 'self'")
    assert words in answer.text and "Traceback" not in answer.text


def test_pages_answer_html_and_the_api_json(
    client: httpx.Client, web_hub: Hub, monkeypatch: pytest.MonkeyPatch
) -> None:
    assert_page(client.get("/no-such-page"), 404, "There is nothing at this address.")
    assert_page(client.delete("/login"), 405, "does not take that kind of request")
    missing = client.get("/api/v1/nothing")
    assert missing.status_code == 404 and missing.json()["error"] == "not-found"
    # A form the form reader refuses (more fields than any of the hub's forms has) was
    # answered "There is nothing at this address."
    fields = {f"field{n}": "x" for n in range(60)}
    crowded = client.post("/login", data=fields, files={"file": ("a.txt", b"a")})
    assert_page(crowded, 400, "The hub could not read that form.")

    assert sign_in(client).status_code == 303
    monkeypatch.setattr(web_hub.storage, "schools", broken)
    monkeypatch.setattr(web_hub.storage, "school", broken)
    fault = client.get("/")
    assert_page(fault, 500, "The hub had a problem and could not show this page.")
    assert "secret" not in fault.text
    # After a fault the server closes the connection: a new one, as a laptop would open.
    api_fault = httpx.get(client.base_url.join("/api/v1/policy/riverside-primary"))
    assert api_fault.status_code == 500 and api_fault.json()["error"] == "hub-fault"
    assert "secret" not in api_fault.text


def test_no_hsts_over_plain_http_on_loopback(client: httpx.Client) -> None:
    assert "strict-transport-security" not in client.get("/login").headers
    assert "strict-transport-security" not in client.get("/api/v1/hello").headers


def test_hsts_when_the_hub_is_reached_over_https(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Behind a proxy doing TLS: the hub itself is spoken to over plain HTTP.
    hub = open_hub(tmp_path / "hub.sqlite", address="https://hub.example.org")
    try:
        with serving(create_app(hub)) as url, httpx.Client(base_url=url) as client:
            for path in ("/login", "/api/v1/hello", "/static/hub.css", "/no-such-page"):
                assert client.get(path).headers["strict-transport-security"] == HSTS, path
            monkeypatch.setattr(hub.storage, "schools", broken)
            fault = client.get("/api/v1/hello"), client.get("/", follow_redirects=False)
            assert fault[1].status_code == 303  # not signed in: no storage asked
            monkeypatch.setattr(hub.storage, "school", broken)
            api_fault = client.get("/api/v1/policy/riverside-primary")
            assert api_fault.status_code == 500
            assert api_fault.headers["strict-transport-security"] == HSTS
    finally:
        hub.storage.close()


def test_hsts_when_served_with_a_certificate(web_hub: Hub) -> None:
    """The hub's own TLS (serve --certfile): the request's scheme is https."""

    async def ask() -> httpx.Response:
        transport = httpx.ASGITransport(app=create_app(web_hub))
        async with httpx.AsyncClient(transport=transport, base_url="https://hub") as client:
            return await client.get("/login")

    assert anyio.run(ask).headers["strict-transport-security"] == HSTS
