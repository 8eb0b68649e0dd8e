"""The sign-in page writes nothing before a coordinator signs in: its CSRF token is an
HMAC of a nonce kept in a cookie of its own (signin_form), so a visitor asking for the
page over and over cannot fill the sessions table; only signing in writes a session."""

from __future__ import annotations

import sqlite3
from datetime import timedelta
from pathlib import Path

import httpx
from hubweb_kit import PASSWORD, USERNAME, Clock, csrf_of, sign_in
from parentrus_sync.hub.hub import Hub, RateLimiter


def session_rows(tmp_path: Path) -> int:
    with sqlite3.connect(tmp_path / "hub.sqlite") as db:
        count: int = db.execute("SELECT count(*) FROM sessions").fetchone()[0]
    return count


def test_a_thousand_anonymous_visits_to_the_sign_in_page_write_no_session(
    client: httpx.Client, web_hub: Hub, tmp_path: Path
) -> None:
    # A thousand from one address is over its limit on pages: room for them, as from many.
    web_hub.page_limiter = RateLimiter(per_minute=1000, burst=1000)
    for _ in range(1000):
        client.cookies.clear()  # each visit a new visitor, without a cookie
        page = client.get("/login")
        assert page.status_code == 200 and csrf_of(page.text)
    assert session_rows(tmp_path) == 0
    # Signing in still works, and writes the one session it starts.
    assert sign_in(client).status_code == 303
    assert session_rows(tmp_path) == 1
    assert client.get("/", follow_redirects=False).status_code == 200


def login_form(token: str, password: str = PASSWORD) -> dict[str, str]:
    return {"csrf": token, "username": USERNAME, "password": password}


def test_the_sign_in_token_goes_only_with_its_own_fresh_cookie(
    client: httpx.Client, web_hub: Hub, web_clock: Clock, tmp_path: Path
) -> None:
    token = csrf_of(client.get("/login").text)
    cookies = dict(client.cookies)
    # Another browser's token (a page elsewhere fetched it for itself): refused.
    with httpx.Client(base_url=str(client.base_url), timeout=60) as other:
        theirs = csrf_of(other.get("/login").text)
    assert client.post("/login", data=login_form(theirs)).status_code == 403
    # Without the cookie at all: refused.
    client.cookies.clear()
    assert client.post("/login", data=login_form(token)).status_code == 403
    # A wrong password keeps the same form working for another try.
    client.cookies.update(cookies)
    wrong = client.post("/login", data=login_form(token, "not the password"))
    assert wrong.status_code == 401 and csrf_of(wrong.text) == token
    # After an hour the form has expired.
    web_clock.moment += timedelta(minutes=61)
    assert client.post("/login", data=login_form(token)).status_code == 403
    assert session_rows(tmp_path) == 0
