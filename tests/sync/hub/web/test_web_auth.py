"""Signing in: cookie flags, CSRF on every form, slowing down guesses, security headers."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

import httpx
from helpers.hub_process import serving
from hubweb_kit import PASSWORD, USERNAME, Clock, csrf_of, open_hub, sign_in
from parentrus_sync.hub.app import create_app
from parentrus_sync.hub.auth import COOKIE
from parentrus_sync.hub.hub import Hub, RateLimiter


def test_signing_in_sets_a_strict_http_only_cookie(client: httpx.Client) -> None:
    answer = sign_in(client)
    assert answer.status_code == 303 and answer.headers["location"] == "/"
    cookie = answer.headers["set-cookie"]
    assert cookie.startswith(f"{COOKIE}=")
    assert "HttpOnly" in cookie and "SameSite=strict" in cookie
    assert "Secure" not in cookie  # plain HTTP on loopback: a Secure cookie would never return
    assert client.get("/").status_code == 200


def test_cookies_are_secure_when_the_hub_is_served_over_https(tmp_path: Path) -> None:
    hub = open_hub(tmp_path / "hub.sqlite", address="https://hub.example.org")
    try:
        with serving(create_app(hub)) as url, httpx.Client(base_url=url) as client:
            cookie = client.get("/login").headers["set-cookie"]
    finally:
        hub.storage.close()
    assert "Secure" in cookie and "HttpOnly" in cookie and "SameSite=strict" in cookie


def test_pages_need_signing_in(client: httpx.Client) -> None:
    for path in ("/", "/devices", "/invitations", "/import", "/export.csv", "/report"):
        answer = client.get(path, follow_redirects=False)
        assert answer.status_code == 303 and answer.headers["location"] == "/login", path


def test_security_headers(client: httpx.Client) -> None:
    for path in ("/login", "/static/hub.css"):
        headers = client.get(path).headers
        assert headers["content-security-policy"].startswith("default-src 'self'")
        assert "unsafe-inline" not in headers["content-security-policy"]
        assert headers["x-frame-options"] == "DENY"
        assert headers["referrer-policy"] == "no-referrer"


def test_a_wrong_password_gets_the_plain_message(client: httpx.Client) -> None:
    answer = sign_in(client, "not the password")
    assert answer.status_code == 401
    assert "That username and password do not match." in answer.text
    assert client.get("/", follow_redirects=False).status_code == 303


def test_a_post_without_a_token_or_with_another_sessions_token_is_refused(
    client: httpx.Client, web_hub: Hub
) -> None:
    assert sign_in(client).status_code == 303
    own = csrf_of(client.get("/invitations").text)
    form = {"school": "riverside-primary"}
    assert client.post("/invitations", data=form).status_code == 403
    with httpx.Client(base_url=str(client.base_url)) as other:
        assert sign_in(other).status_code == 303
        theirs = csrf_of(other.get("/invitations").text)
    assert theirs != own
    assert client.post("/invitations", data={**form, "csrf": theirs}).status_code == 403
    assert client.post("/logout", data={}).status_code == 403
    assert web_hub.storage.invitations() == []  # nothing was made by the refused posts
    made = client.post("/invitations", data={**form, "csrf": own}, follow_redirects=False)
    assert made.status_code == 303
    assert len(web_hub.storage.invitations()) == 1


def test_the_login_form_needs_its_token_too(client: httpx.Client) -> None:
    client.get("/login")
    answer = client.post("/login", data={"username": USERNAME, "password": PASSWORD})
    assert answer.status_code == 403
    assert client.get("/", follow_redirects=False).status_code == 303


def test_an_address_waits_after_too_many_tries(tmp_path: Path) -> None:
    hub = open_hub(tmp_path / "hub.sqlite")
    # Two tries, then one a minute: the limiter the core engineer provides, used per address.
    hub.login_limiter = RateLimiter(per_minute=1, burst=2, monotonic=lambda: 0.0)
    try:
        with serving(create_app(hub)) as url, httpx.Client(base_url=url) as client:
            assert sign_in(client, "wrong").status_code == 401
            assert sign_in(client, "wrong").status_code == 401
            slowed = sign_in(client)
            assert slowed.status_code == 429
            assert "Too many tries. Please wait 1 minute, then try again." in slowed.text
            assert slowed.headers["retry-after"] == "60"
    finally:
        hub.storage.close()


def test_signing_out_ends_the_session(client: httpx.Client) -> None:
    sign_in(client)
    token = csrf_of(client.get("/").text)
    stolen = client.cookies[COOKIE]
    assert client.post("/logout", data={"csrf": token}, follow_redirects=False).status_code == 303
    with httpx.Client(base_url=str(client.base_url), cookies={COOKIE: stolen}) as replay:
        assert replay.get("/", follow_redirects=False).status_code == 303


def test_a_session_expires_when_left_alone(client: httpx.Client, web_clock: Clock) -> None:
    sign_in(client)
    assert client.get("/", follow_redirects=False).status_code == 200
    web_clock.moment += timedelta(minutes=61)
    assert client.get("/", follow_redirects=False).status_code == 303


def test_a_cookie_that_is_not_ours_is_no_session_and_never_a_500(client: httpx.Client) -> None:
    for value in ("\xe9t\xe9".encode("latin-1"), b"x" * 101, b"not-a-session"):
        answer = client.get("/login", headers={"Cookie": COOKIE.encode() + b"=" + value})
        assert answer.status_code == 200, value
        signed_in_page = client.get("/", headers={"Cookie": COOKIE.encode() + b"=" + value})
        assert signed_in_page.status_code == 303  # to the sign-in page, as with no cookie
