"""The hub's access and error logs: a line per request (method, path, status, time) and a
fault with its traceback, written where ``logs.configure`` says."""

from __future__ import annotations

import io
import logging
import time
from collections.abc import Iterator

import httpx
import pytest
from hubweb_kit import sign_in
from parentrus_sync.hub import logs
from parentrus_sync.hub.hub import Hub, RateLimiter
from parentrus_sync.hub.tarpit import Tarpit


@pytest.fixture
def logged() -> Iterator[io.StringIO]:
    """The hub's logs configured to a buffer, and put back as they were afterwards."""
    kept = {
        name: (logger.handlers[:], logger.level, logger.propagate, logger.filters[:])
        for name in (logs.HUB, "uvicorn.error")
        for logger in [logging.getLogger(name)]
    }
    buffer = io.StringIO()
    logs.configure(buffer)
    yield buffer
    for name, (handlers, level, propagate, filters) in kept.items():
        logger = logging.getLogger(name)
        logger.handlers, logger.propagate, logger.filters = handlers, propagate, filters
        logger.setLevel(level)


def _access_lines(logged: io.StringIO, count: int) -> list[str]:
    """The access log's lines, once ``count`` are there: each is written just after its
    answer is sent, so the client may have it a moment before the line is written."""
    deadline = time.monotonic() + 10
    while True:
        lines = logged.getvalue().splitlines()
        access = [line for line in lines if " parentrus_sync.hub.access: " in line]
        if len(access) >= count or time.monotonic() > deadline:
            return access
        time.sleep(0.01)


def test_each_request_is_logged_without_query_cookie_or_body(
    client: httpx.Client, logged: io.StringIO
) -> None:
    client.get("/login", params={"next": "planted-query"})
    client.post(
        "/api/v1/reports",
        content=b'{"planted-report-content": 1}',
        headers={"content-type": "application/json", "cookie": "parentrus_hub_session=planted"},
    )
    client.post("/login", data={"csrf": "x", "username": "planted-name", "password": "planted"})
    access = _access_lines(logged, 3)
    assert [line.split(": ", 1)[1].rsplit(" ", 2)[0] for line in access] == [
        "GET /login 200",
        "POST /api/v1/reports 400",
        "POST /login 403",
    ]
    assert all(line.endswith(" ms") for line in access)
    assert "planted" not in logged.getvalue()


def test_a_fault_is_in_the_error_log_with_its_traceback(
    client: httpx.Client, web_hub: Hub, monkeypatch: pytest.MonkeyPatch, logged: io.StringIO
) -> None:
    assert sign_in(client).status_code == 303

    def broken(*args: object) -> None:
        raise RuntimeError("the database went away")

    monkeypatch.setattr(web_hub.storage, "schools", broken)
    monkeypatch.setattr(web_hub.storage, "school", broken)
    assert client.get("/", params={"school": "x"}).status_code == 500
    assert any("GET / 500" in line for line in _access_lines(logged, 3))
    text = logged.getvalue()
    assert "ERROR parentrus_sync.hub.errors: A fault in the hub on GET /" in text
    assert "Traceback" in text and "RuntimeError: the database went away" in text
    assert text.count("Traceback") == 1  # uvicorn's own copy is left out


def test_a_refused_sign_in_reaches_the_log(client: httpx.Client, logged: io.StringIO) -> None:
    """The sign-in logger (``parentrus_sync.hub.auth``) has a handler: the refusals are seen."""
    assert sign_in(client, password="not the password").status_code == 401
    text = logged.getvalue()
    assert "WARNING parentrus_sync.hub.auth: Sign-in refused from 127.0.0.1" in text
    assert "not the password" not in text


def test_only_a_held_answer_names_its_address(
    web_hub: Hub, client: httpx.Client, logged: io.StringIO
) -> None:
    """The guide tells whoever looks after the hub to block a sender whose answers are
    held back: their lines name the address. A laptop or a school's router over its
    limit is answered 429 too, and is not named."""
    web_hub.address_limiter = RateLimiter(per_minute=1, burst=1, monotonic=lambda: 0.0)
    web_hub.page_limiter = RateLimiter(per_minute=1, burst=1, monotonic=lambda: 0.0)
    web_hub.tarpit = Tarpit(hold_seconds=0.01)
    assert client.get("/api/v1/hello").status_code == 200
    assert client.get("/api/v1/hello").status_code == 429  # over the limit: not held
    assert client.get("/login").status_code == 200
    assert client.get("/login").status_code == 429  # pages over their limit: held
    access = _access_lines(logged, 4)
    assert [line.endswith(" ms") for line in access] == [True, True, True, False]
    assert " GET /login 429 " in access[3] and access[3].endswith(" from 127.0.0.1")
    assert "127.0.0.1" not in "".join(access[:3])
