"""What the hub pages' tests share: a real hub on SQLite, real signed reports, signing in."""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import httpx
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from helpers.reports import wire_report
from parentrus_sync.display import DisplayTable, display_table, sum_over_laptops
from parentrus_sync.hub.hub import Hub, RateLimiter
from parentrus_sync.hub.ingest import enrol, receive_report
from parentrus_sync.hub.invitations import create_invitation
from parentrus_sync.hub.passwords import hash_password
from parentrus_sync.hub.storage import School, Storage, default_policy, open_storage
from parentrus_sync.protocol import enrolment_request, new_key, report_envelope

SCHOOL = "riverside-primary"
SCHOOL_NAME = "Riverside Primary"
USERNAME = "lead"
PASSWORD = "correct horse battery staple"
#: November 2026: September and October are reported, November is not yet.
NOW = datetime(2026, 11, 23, 10, 0, tzinfo=UTC)

Totals = Callable[[str, str], int]  # (breakdown, cell) -> total


class Clock:
    def __init__(self, now: datetime = NOW) -> None:
        self.moment = now

    def __call__(self) -> datetime:
        return self.moment


def open_hub(path: Path, clock: Clock | None = None, address: str = "http://127.0.0.1:8000") -> Hub:
    """A hub on a fresh SQLite file with one school and one coordinator."""
    storage = open_storage(path)
    setup(storage)
    return Hub(
        storage,
        Ed25519PrivateKey.generate(),
        address=address,
        clock=clock or Clock(),
        enrol_limiter=RateLimiter(per_minute=6000, burst=1000),
        login_limiter=RateLimiter(per_minute=6000, burst=1000),
    )


def setup(storage: Storage) -> None:
    storage.add_school(School(SCHOOL, SCHOOL_NAME, default_policy(SCHOOL)))
    storage.add_coordinator(USERNAME, hash_password(PASSWORD))


def a_report(period: str, totals: Totals, school: str = SCHOOL) -> dict[str, Any]:
    """A well-formed report at the default policy with the given totals."""
    return wire_report(school, period, lambda breakdown, cell, _place: totals(breakdown, cell))


def varied(seed: int) -> Totals:
    """Totals with big and small numbers and a few negatives (as noise gives), by seed."""

    def totals(breakdown: str, cell: str) -> int:
        n = sum(map(ord, f"{breakdown}{cell}{seed}")) * 37
        # About one cell in five is tiny on every laptop, so its total is under 10 and hidden.
        if sum(map(ord, f"{breakdown}{cell}")) % 5 == 0:
            return n % 4 - 1
        return n % 60 - 4

    return totals


@dataclass
class Laptop:
    key: Ed25519PrivateKey
    device: str


def enrolled(hub: Hub, school: str = SCHOOL) -> Laptop:
    """A laptop enrolled through a real invitation."""
    invitation, _ = create_invitation(hub, school, hub.now())
    key = new_key()
    answer = enrol(hub, enrolment_request(key, invitation.token, school), hub.now())
    return Laptop(key, answer["device"])


def upload(hub: Hub, laptop: Laptop, report: Mapping[str, Any]) -> None:
    status, _ = receive_report(hub, report_envelope(laptop.key, report), hub.now())
    assert status == 201


def expected_table(
    reports: list[Mapping[str, Any]],
    breakdown: str,
    cells: tuple[str, ...],
    months: tuple[str, ...],
) -> DisplayTable:
    """What the display rules make of one breakdown: by month if several months are given,
    else summed over every report."""
    if len(months) == 1:
        summed = sum_over_laptops(r["totals"][breakdown] for r in reports)
        return display_table({c: {months[0]: summed.get(c, 0)} for c in cells}, cells, months)
    per_month = {
        m: sum_over_laptops(r["totals"][breakdown] for r in reports if r["period"] == m)
        for m in months
    }
    sums = {c: {m: per_month[m].get(c, 0) for m in months} for c in cells}
    return display_table(sums, cells, months)


def csrf_of(html: str) -> str:
    found = re.search(r'name="csrf" value="([^"]+)"', html)
    assert found, "the page has no CSRF token"
    return found.group(1)


def sign_in(client: httpx.Client, password: str = PASSWORD) -> httpx.Response:
    page = client.get("/login")
    return client.post(
        "/login",
        data={"csrf": csrf_of(page.text), "username": USERNAME, "password": password},
        follow_redirects=False,
    )
