"""Wrong passwords slow down one address for one account, more after each, and never lock
the real coordinator out from elsewhere; an unknown username is answered exactly as a
known one with a wrong password; every refusal is logged without a password or a name."""

from __future__ import annotations

import itertools
import logging
import re
from datetime import timedelta

import httpx
import pytest
from hubweb_kit import PASSWORD, USERNAME, Clock, csrf_of
from parentrus_sync.hub import auth
from parentrus_sync.hub.auth import LoginResult, Outcome
from parentrus_sync.hub.hub import Hub
from parentrus_sync.hub.login_delays import FREE_TRIES, LONGEST, wait_after


def try_password(client: httpx.Client, username: str, password: str) -> httpx.Response:
    page = client.get("/login")
    return client.post(
        "/login",
        data={"csrf": csrf_of(page.text), "username": username, "password": password},
        follow_redirects=False,
    )


def from_elsewhere(client: httpx.Client) -> httpx.Client:
    """A client of the same hub from another loopback address (127.0.0.2)."""
    transport = httpx.HTTPTransport(local_address="127.0.0.2")
    return httpx.Client(base_url=str(client.base_url), transport=transport, timeout=60)


def seen(answer: httpx.Response, username: str) -> tuple[int, str]:
    """The status and the page, without what differs by session or by the name typed."""
    page = re.sub(r'name="csrf" value="[^"]+"', "", answer.text).replace(username, "NAME")
    return answer.status_code, page


def test_waits_grow_after_a_few_free_tries_and_stop_at_the_longest() -> None:
    waits = [wait_after(n) for n in range(1, 16)]
    assert waits[:FREE_TRIES] == [timedelta(0)] * FREE_TRIES
    growing = waits[FREE_TRIES:]
    assert all(a < b for a, b in itertools.pairwise(growing) if b < LONGEST)
    assert growing[0] > timedelta(0) and waits[-1] == LONGEST


def test_an_unknown_username_gets_the_same_answers_and_work_as_a_wrong_password(
    client: httpx.Client, monkeypatch: pytest.MonkeyPatch
) -> None:
    hashes: list[str] = []
    checked = auth.password_matches

    def counted(password_hash: str, password: str) -> bool:
        hashes.append(password_hash)
        return checked(password_hash, password)

    monkeypatch.setattr(auth, "password_matches", counted)
    known = [seen(try_password(client, USERNAME, "wrong"), USERNAME) for _ in range(7)]
    known_hashes = len(hashes)
    unknown = [seen(try_password(client, "nobody-here", "wrong"), "nobody-here") for _ in range(7)]
    assert [status for status, _ in known] == [401] * (FREE_TRIES + 1) + [429] * 3
    assert unknown == known
    assert known_hashes == len(hashes) - known_hashes == FREE_TRIES + 1  # one Argon2id each


def test_wrong_passwords_from_elsewhere_never_keep_the_coordinator_out(
    client: httpx.Client, web_clock: Clock
) -> None:
    for _ in range(30):  # an attacker who waits out every wait, for a long time
        answer = try_password(client, USERNAME, "guess")
        assert answer.status_code in {401, 429}
        web_clock.moment += timedelta(seconds=30)
    assert try_password(client, USERNAME, PASSWORD).status_code == 429  # still waiting there
    with from_elsewhere(client) as coordinator:
        assert try_password(coordinator, USERNAME, PASSWORD).status_code == 303


def test_each_wait_is_longer_and_the_right_password_works_after_it(
    client: httpx.Client, web_clock: Clock, web_hub: Hub
) -> None:
    for _ in range(FREE_TRIES):
        assert try_password(client, USERNAME, "wrong").status_code == 401
    waits = []
    for failures in range(FREE_TRIES + 1, FREE_TRIES + 4):
        assert try_password(client, USERNAME, "wrong").status_code == 401
        waiting = try_password(client, USERNAME, PASSWORD)  # even the right one waits
        assert waiting.status_code == 429 and "Too many tries. Please wait" in waiting.text
        wait = web_hub.login_delays.waiting("127.0.0.1", USERNAME, web_clock.moment)
        assert wait == wait_after(failures)
        # The page says the real wait (2, 4, 8 seconds), and a browser or script is told too.
        seconds = int(wait.total_seconds())
        assert f"Please wait {seconds} seconds, then try again." in waiting.text
        assert waiting.headers["retry-after"] == str(seconds)
        waits.append(wait)
        web_clock.moment += wait
    assert waits == sorted(set(waits))
    assert try_password(client, USERNAME, PASSWORD).status_code == 303


def test_each_refusal_is_logged_without_a_password_or_a_name(
    client: httpx.Client, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.WARNING, logger="parentrus_sync.hub.auth")
    secret = "hunter2-very-secret"
    for username in (USERNAME, "someone-else"):
        for _ in range(FREE_TRIES + 2):
            try_password(client, username, secret)
    lines = [r.getMessage() for r in caplog.records if r.name == "parentrus_sync.hub.auth"]
    assert len(lines) == 2 * (FREE_TRIES + 2)
    assert all("127.0.0.1" in line for line in lines)
    assert sum("wrong password for a known account" in line for line in lines) == FREE_TRIES + 1
    assert sum("unknown username" in line for line in lines) == FREE_TRIES + 1
    assert sum("still waiting" in line for line in lines) == 2
    joined = "\n".join(lines)
    assert secret not in joined and USERNAME not in joined and "someone-else" not in joined
    assert "csrf" not in joined.lower() and auth.COOKIE not in joined


def test_a_wait_is_said_in_seconds_or_whole_minutes_rounded_up() -> None:
    said = {s: LoginResult(Outcome.WAIT, s).wait_words for s in (1, 11, 59, 60, 61, 900)}
    assert said == {
        1: "1 second",
        11: "11 seconds",
        59: "59 seconds",
        60: "1 minute",
        61: "2 minutes",
        900: "15 minutes",
    }
