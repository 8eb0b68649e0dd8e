"""Rate limits on every API route: per address (429 with Retry-After, in the contract's
JSON), and per laptop for reports, counted only once the laptop's signature is checked."""

from __future__ import annotations

import asyncio
import json
import time
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor

import httpx
import pytest
from helpers.hub_process import SCHOOL, serving
from hubcore_kit import ENDED, enrolled
from parentrus_sync.hub import cli
from parentrus_sync.hub.app import create_app
from parentrus_sync.hub.hub import Hub, RateLimiter, StoredLimiter
from parentrus_sync.hub.tarpit import EASY_PER_ADDRESS, SPREAD, Tarpit
from parentrus_sync.protocol import canonical_json, new_key, report_envelope

JSON = {"content-type": "application/json"}


def stopped_clock() -> RateLimiter:
    """Two requests, then one a minute, on a clock that never moves."""
    return RateLimiter(per_minute=1, burst=2, monotonic=lambda: 0.0)


@pytest.fixture
def client(hub: Hub) -> Iterator[httpx.Client]:
    with serving(create_app(hub)) as url, httpx.Client(base_url=url, timeout=60) as test_client:
        yield test_client


def assert_slowed(answer: httpx.Response) -> None:
    assert answer.status_code == 429, answer.text
    assert answer.json()["error"] == "slow-down"
    assert int(answer.headers["retry-after"]) >= 1


@pytest.mark.parametrize(
    ("method", "path"),
    [
        ("GET", "/api/v1/hello"),
        ("GET", f"/api/v1/policy/{SCHOOL}"),
        ("POST", "/api/v1/enrol"),
        ("POST", "/api/v1/reports"),
    ],
)
def test_every_api_route_slows_down_one_address(
    client: httpx.Client, hub: Hub, method: str, path: str
) -> None:
    hub.address_limiter = stopped_clock()
    body = b"{}" if method == "POST" else None
    first, second, third = (
        client.request(method, path, content=body, headers=JSON) for _ in range(3)
    )
    assert first.status_code != 429 and second.status_code != 429
    assert_slowed(third)


def test_a_laptop_sending_too_often_waits_and_others_do_not(client: httpx.Client, hub: Hub) -> None:
    hub.device_limiter = RateLimiter(per_minute=1, burst=1, monotonic=lambda: 0.0)
    laptop, other = enrolled(hub), enrolled(hub)
    # Junk naming the laptop, not signed by it, must not use up the laptop's turns.
    for _ in range(3):
        forged = report_envelope(new_key(), laptop.envelope()["report"])
        forged["device"] = laptop.device
        answer = client.post("/api/v1/reports", content=canonical_json(forged), headers=JSON)
        assert answer.status_code == 403, answer.text
    sent = client.post("/api/v1/reports", content=canonical_json(laptop.envelope()), headers=JSON)
    assert sent.status_code == 201, sent.text
    again = laptop.envelope(period="2026-summer", seed=1)
    assert_slowed(client.post("/api/v1/reports", content=canonical_json(again), headers=JSON))
    theirs = client.post("/api/v1/reports", content=canonical_json(other.envelope()), headers=JSON)
    assert theirs.status_code == 201, theirs.text
    assert {r.report_id.period for r in hub.storage.reports(SCHOOL)} == {ENDED}


def test_the_default_limits_let_a_school_through_but_not_a_flood(hub: Hub) -> None:
    """Behind one router, fifty laptops each say hello, enrol, fetch the policy and send
    two reports: the address's limit must not turn a school away at nine o'clock; a
    sender that goes on as fast as it can is slowed down."""
    moment = [0.0]
    defaults = Hub(hub.storage, hub.key, address=hub.address, clock=hub.clock)
    limiter = RateLimiter(
        per_minute=defaults.address_limiter.rate * 60,
        burst=int(defaults.address_limiter.burst),
        monotonic=lambda: moment[0],
    )
    assert {limiter.take("192.0.2.1") for _ in range(50 * 5)} == {0}
    flood = [limiter.take("192.0.2.1") for _ in range(100)]
    assert flood[-1] > 0
    moment[0] += 60.0  # a minute on, the school's next laptops get through again
    assert limiter.take("192.0.2.1") == 0


def test_serve_can_be_given_other_limits(hub: Hub, monkeypatch: pytest.MonkeyPatch) -> None:
    """A bigger school behind one router (or a benchmark): ``serve --requests-per-minute``
    and ``--reports-per-minute``, passed to each worker process through the environment."""
    monkeypatch.setenv(cli.REQUESTS_ENV, "1000")
    monkeypatch.setenv(cli.REPORTS_ENV, "2")
    cli._set_limits(hub)
    # Kept in the database on its real clock, which moves while a thousand turns are
    # taken (each refilling 1000 a minute): so the burst is counted, then seen refused.
    taken = 0
    while hub.address_limiter.take("192.0.2.1") == 0:
        taken += 1
        assert taken < 1500
    assert taken >= 1000
    assert [hub.device_limiter.take("d-1") > 0 for _ in range(3)] == [False, False, True]


def test_an_address_that_keeps_sending_junk_has_its_answers_held(
    client: httpx.Client, hub: Hub
) -> None:
    """After its few refusals a minute, junk from one address waits before its 429 (a
    sender that waits for each answer then costs the hub next to nothing); beyond the
    number held at once in all, the answer comes at once and the connection is closed."""
    hub.address_limiter = StoredLimiter(hub.storage, "address", 300, 300)  # the default
    hub.tarpit = Tarpit(hold_seconds=0.4, in_all=1)
    refusals = hub.refusal_limiter
    assert refusals is not None
    junk = {"content": b"x" * 100, "headers": {"content-type": "text/plain"}}
    answers = [client.post("/api/v1/reports", **junk) for _ in range(int(refusals.burst))]
    assert {a.status_code for a in answers} == {415}  # checked, and refused for what it is
    assert hub.tarpit.held == 0

    def timed() -> tuple[httpx.Response, float]:
        with httpx.Client(base_url=str(client.base_url), timeout=60) as own:
            started = time.monotonic()
            answer = own.post("/api/v1/reports", **junk)
            return answer, time.monotonic() - started

    with ThreadPoolExecutor(2) as pool:
        first = pool.submit(timed)
        while hub.tarpit.held == 0:  # the first is being held...
            time.sleep(0.01)
        second, _ = pool.submit(timed).result()  # ...so the second is answered at once
        held, waited = first.result()
    assert_slowed(held)
    assert waited >= 0.4 * (1 - SPREAD)
    assert held.headers.get("connection", "").lower() != "close"
    assert_slowed(second)
    assert second.headers["connection"].lower() == "close"
    assert hub.tarpit.held == 0


def test_the_tarpit_holds_a_bounded_number_of_answers() -> None:
    tarpit = Tarpit(hold_seconds=0.05, in_all=3)

    async def flood() -> list[bool]:
        senders = [f"192.0.2.{n}" for n in range(5)]
        return list(await asyncio.gather(*(tarpit.hold(sender) for sender in senders)))

    assert asyncio.run(flood()) == [True, True, True, False, False]
    assert tarpit.held == 0
    assert asyncio.run(flood()) == [True, True, True, False, False]  # and again, freed


def test_held_answers_are_held_for_different_times_so_senders_drift_apart() -> None:
    """Held exactly alike, senders refused together were answered together and came back
    together: bursts that held the laptops' uploads (bench/hub_bench.py)."""
    tarpit = Tarpit(hold_seconds=0.1)

    async def timed_hold(sender: str) -> float:
        started = time.monotonic()
        await tarpit.hold(sender)
        return time.monotonic() - started

    async def holds() -> list[float]:
        return list(await asyncio.gather(*(timed_hold(f"192.0.2.{n}") for n in range(40))))

    waits = asyncio.run(holds())
    assert min(waits) >= 0.1 * (1 - SPREAD) - 0.005
    assert max(waits) <= 0.1 * (1 + SPREAD) + 0.1  # the slack a busy machine may add
    assert max(waits) - min(waits) >= 0.03


def test_an_address_with_many_answers_held_has_each_held_longer() -> None:
    """32 senders of 16 connections each, every answer held 2 s, were still answered 174
    times a second: beyond a few held at once, an address's holds grow in proportion; a
    sender with a few connections, at the same moment, is held as before."""
    tarpit = Tarpit(hold_seconds=0.1)

    async def timed_hold(sender: str) -> float:
        started = time.monotonic()
        await tarpit.hold(sender)
        return time.monotonic() - started

    async def holds() -> tuple[list[float], list[float]]:
        flood = [timed_hold("192.0.2.1") for _ in range(16)]
        few = [timed_hold("192.0.2.2") for _ in range(EASY_PER_ADDRESS)]
        waits = await asyncio.gather(*flood, *few)
        return list(waits[:16]), list(waits[16:])

    flooding, polite = asyncio.run(holds())
    # The 16th of one address is held 16 / 4 times as long as the first few.
    assert max(flooding) >= 0.1 * 16 / EASY_PER_ADDRESS * (1 - SPREAD) - 0.005
    assert max(polite) <= 0.1 * (1 + SPREAD) + 0.1  # the slack a busy machine may add
    assert tarpit.held == 0


def test_an_enrolment_bigger_than_any_enrolment_is_refused_unread(hub: Hub) -> None:
    """Anyone may send an enrolment (a few hundred bytes); 256 KB of one went through the
    strict reading, every object checked in Python."""
    body = json.dumps({"token": "x", "padding": [{"a": n} for n in range(2000)]}).encode()
    assert len(body) > 16 * 1024
    with serving(create_app(hub)) as url, httpx.Client(base_url=url, timeout=30) as client:
        answer = client.post("/api/v1/enrol", content=body, headers=JSON)
    assert answer.status_code == 413 and answer.json()["error"] == "too-large"
