"""Several hub processes on one database behave as one hub: a coordinator signed in on one
is signed in on the other (pages and CSRF-protected forms), a rate limit used up on one
holds on the other, and ``serve --workers 2`` never flips back to the sign-in page."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
from helpers.hub_process import PASSWORD, USERNAME, HubProcess
from helpers.pg_cluster import PgCluster


def csrf_of(html: str) -> str:
    found = re.search(r'name="csrf" value="([^"]+)"', html)
    assert found is not None, "the page has no CSRF token"
    return found.group(1)


def sign_in(url: str) -> httpx.Cookies:
    """Signs in on the hub at ``url``; the session's cookies."""
    with httpx.Client(base_url=url, timeout=60) as client:
        page = client.get("/login")
        done = client.post(
            "/login",
            data={"csrf": csrf_of(page.text), "username": USERNAME, "password": PASSWORD},
        )
        assert done.status_code == 303 and done.headers["location"] == "/", done.text
        return client.cookies


def fresh_connection(url: str, cookies: httpx.Cookies) -> httpx.Client:
    """A client that opens a new connection for each request, so that each may reach
    another worker process."""
    limits = httpx.Limits(max_keepalive_connections=0)
    return httpx.Client(base_url=url, cookies=cookies, timeout=60, limits=limits)


@pytest.fixture
def two_hubs(tmp_path: Path, pg_cluster: PgCluster) -> Iterator[tuple[HubProcess, HubProcess]]:
    first = HubProcess(tmp_path / "hub-data", ["--database", pg_cluster.new_database()])
    try:
        second = first.beside()
        try:
            yield first, second
        finally:
            second.stop()
    finally:
        first.stop()


def test_signed_in_on_one_hub_process_acts_on_the_other(
    two_hubs: tuple[HubProcess, HubProcess],
) -> None:
    first, second = two_hubs
    cookies = sign_in(first.url)
    with httpx.Client(base_url=second.url, cookies=cookies, timeout=60) as other:
        page = other.get("/devices")
        assert page.status_code == 200 and "/login" not in str(page.url), page.text
        # A CSRF-protected form: the token the first process gave is good on the second.
        invitations = other.get("/invitations")
        assert invitations.status_code == 200
        made = other.post(
            "/invitations",
            data={"csrf": csrf_of(invitations.text), "school": "riverside-primary"},
        )
        assert made.status_code == 303 and made.headers["location"].startswith("/invitations/")
        # The invitation made on the second process is shown, and its file given, by the first.
    with httpx.Client(base_url=first.url, cookies=cookies, timeout=60) as back:
        shown = back.get(made.headers["location"])
        assert shown.status_code == 200 and "QR" in shown.text
        file = back.get(made.headers["location"] + "/file")
        assert file.status_code == 200 and b'"token"' in file.content
        # Signing out on the first ends the session on the second too.
        out = back.post("/logout", data={"csrf": csrf_of(shown.text)})
        assert out.status_code == 303
    with httpx.Client(base_url=second.url, cookies=cookies, timeout=60) as other:
        assert other.get("/devices").headers.get("location") == "/login"


def test_a_rate_limit_used_up_on_one_process_holds_on_the_other(
    two_hubs: tuple[HubProcess, HubProcess],
) -> None:
    """Five sign-in tries a minute per address, counted once for the whole hub (each
    for another name, so no sign-in wait for one name comes into it)."""
    first, second = two_hubs
    answers = []
    for n, url in enumerate([first.url, second.url] * 3):
        with httpx.Client(base_url=url, timeout=60) as client:
            page = client.get("/login")
            tried = client.post(
                "/login",
                data={"csrf": csrf_of(page.text), "username": f"nobody-{n}", "password": "wrong"},
            )
            answers.append(tried.status_code)
    # Three tries on each process: the sixth in all, on the second process, waits.
    assert answers == [401, 401, 401, 401, 401, 429]


def test_two_workers_never_flip_to_the_sign_in_page(
    tmp_path: Path, database_args: list[str]
) -> None:
    hub = HubProcess(tmp_path / "hub-data", database_args, ("--workers", "2"))
    try:
        cookies = sign_in(hub.url)
        with fresh_connection(hub.url, cookies) as client:
            pages = [client.get("/devices") for _ in range(16)]
        assert [p.status_code for p in pages] == [200] * 16
    finally:
        hub.stop()
