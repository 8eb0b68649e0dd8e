"""What the hub pages' tests share: a real hub on SQLite, reports of both formats (stored as
the hub keeps them), what the display rules and the margins make of them, signing in."""

from __future__ import annotations

import math
import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import httpx
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from helpers.reports import first_format_report, wire_report
from parentrus_sync.display import DisplayTable, display_table, sum_over_laptops
from parentrus_sync.hub.hub import Hub, RateLimiter
from parentrus_sync.hub.ingest import enrol, receive_report
from parentrus_sync.hub.invitations import create_invitation
from parentrus_sync.hub.passwords import hash_password
from parentrus_sync.hub.storage import School, Storage, StoredReport, open_storage
from parentrus_sync.periods import PeriodKind
from parentrus_sync.protocol import (
    Policy,
    ReportId,
    enrolment_request,
    new_key,
    report_digest,
    report_envelope,
)
from parentrus_sync.school_plan import ReportPlan

SCHOOL = "riverside-primary"
SCHOOL_NAME = "Riverside Primary"
USERNAME = "lead"
PASSWORD = "correct horse battery staple"
#: January 2027: the autumn term 2026 has ended and been reported.
NOW = datetime(2027, 1, 12, 10, 0, tzinfo=UTC)
#: What a monthly school asks for: the default breakdowns, a report each month.
MONTHLY = ReportPlan(kind=PeriodKind.MONTH)
#: 95 in 100, as a number of standard deviations (worked out here, not taken from the hub).
Z95 = 1.959964

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
        address_limiter=RateLimiter(per_minute=60_000, burst=10_000),
        device_limiter=RateLimiter(per_minute=6000, burst=1000),
        login_limiter=RateLimiter(per_minute=6000, burst=1000),
    )


def setup(storage: Storage) -> None:
    storage.add_school(School(SCHOOL, SCHOOL_NAME, Policy(SCHOOL)))
    storage.add_coordinator(USERNAME, hash_password(PASSWORD))


def a_report(
    period: str,
    totals: Totals,
    school: str = SCHOOL,
    plan: ReportPlan | None = None,
    rho_year_so_far: float | None = None,
) -> dict[str, Any]:
    """A well-formed report of the current format with the given totals, at the default
    policy for the period's kind (a term, or with a month's period a monthly one)."""
    return wire_report(
        school, period, lambda breakdown, cell, _place: totals(breakdown, cell), plan,
        rho_year_so_far,
    )  # fmt: skip


def an_old_report(period: str, totals: Totals, school: str = SCHOOL) -> dict[str, Any]:
    """A report of the first format, as a hub may hold from before December 2026."""
    return first_format_report(
        school, period, lambda breakdown, cell, _place: totals(breakdown, cell)
    )


def stored(
    reports: Sequence[Mapping[str, Any]], devices: Sequence[str] | None = None
) -> list[StoredReport]:
    """The reports as the hub keeps them, each from its own laptop unless ``devices`` says."""
    at = datetime(2026, 11, 5, tzinfo=UTC)
    names = devices or [f"d-{i:020d}" for i in range(len(reports))]
    return [
        StoredReport(
            ReportId(device, r["school"], r["period"]), report_digest(r), dict(r), {}, {}, at
        )
        for device, r in zip(names, reports, strict=True)
    ]


def store(hub: Hub, reports: Sequence[Mapping[str, Any]]) -> None:
    """Kept straight in storage as if received, each from its own enrolled laptop: these
    tests are about what is shown, not about receiving."""
    devices = [enrolled(hub).device for _ in reports]
    for report in stored(reports, devices):
        assert hub.storage.store_report(report).stored


def expected_margin(reports: Sequence[Mapping[str, Any]], breakdown: str, cells: int = 1) -> int:
    """± (95 in 100) of a number that adds ``cells`` cells of ``breakdown`` from each report,
    from each report's σ, rounded up."""
    variance = sum(cells * r["privacy"]["sigma"][breakdown] ** 2 for r in reports)
    return math.ceil(Z95 * math.sqrt(variance))


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
    reports: Sequence[Mapping[str, Any]],
    breakdown: str,
    cells: tuple[str, ...],
    months: tuple[str, ...],
) -> DisplayTable:
    """What the display rules make of one breakdown: by period if several are given, else
    summed over every report."""
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
