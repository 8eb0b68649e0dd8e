"""What the hub core's tests share: a report, a clock, a hub, enrolled laptops."""

from __future__ import annotations

import itertools
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Any

import httpx
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from helpers.hub_process import SCHOOL, HubProcess
from helpers.reports import small_totals, wire_report
from hypothesis import strategies as st
from parentrus_sync.hub.hub import Hub, RateLimiter
from parentrus_sync.hub.hubdata import open_hub
from parentrus_sync.hub.ingest import enrol
from parentrus_sync.hub.invitations import create_invitation
from parentrus_sync.hub.storage import School, Storage, default_policy
from parentrus_sync.protocol import (
    Invitation,
    canonical_json,
    enrolment_request,
    new_key,
    report_envelope,
)

OTHER_SCHOOL = "hillside-academy"
#: The in-process tests' "now": January 2027, so the autumn term 2026 has ended and the
#: spring term 2027 has not.
NOW = datetime(2027, 1, 11, 10, 0, tzinfo=UTC)
#: A period that has ended, and one that has not, at ``NOW``.
ENDED = "2026-autumn"
NOT_ENDED = "2027-spring"


def a_report(school: str = SCHOOL, period: str = ENDED, seed: int = 0) -> dict[str, Any]:
    """A well-formed report of the current format at the default policy (a term; a
    month's plan for a month), with small totals (some negative)."""
    return wire_report(school, period, small_totals(seed))


class Clock:
    """A clock the test moves by hand."""

    def __init__(self, now: datetime = NOW) -> None:
        self.moment = now

    def __call__(self) -> datetime:
        return self.moment

    def advance(self, **delta: float) -> None:
        self.moment += timedelta(**delta)


def make_hub(storage: Storage, clock: Clock | None = None) -> Hub:
    """A hub on ``storage`` with two schools and rate limits loose enough for tests."""
    for slug, name in ((SCHOOL, "Riverside Primary"), (OTHER_SCHOOL, "Hillside Academy")):
        if storage.school(slug) is None:
            storage.add_school(School(slug, name, default_policy(slug)))
    return Hub(
        storage,
        Ed25519PrivateKey.generate(),
        address="http://127.0.0.1:8000",
        clock=clock or Clock(),
        enrol_limiter=RateLimiter(per_minute=6000, burst=1000),
        address_limiter=RateLimiter(per_minute=60_000, burst=10_000),
        device_limiter=RateLimiter(per_minute=6000, burst=1000),
    )


_laptop_numbers = itertools.count()


@dataclass
class Laptop:
    key: Ed25519PrivateKey
    device: str
    school: str
    number: int = field(default_factory=lambda: next(_laptop_numbers) % 20_000)

    def envelope(self, period: str = ENDED, seed: int = 0, **report: Any) -> dict[str, Any]:
        body = a_report(self.school, period, seed)
        # Each laptop's own noise makes its report its own: two laptops never send the
        # same bytes, and the hub counts identical reports once. The laptop's number, a
        # digit to a cell, keeps every cell well within what the hub allows.
        changes = body["totals"]["check_in_changes"]
        for place, cell in enumerate(sorted(changes)[:5]):
            changes[cell] += (self.number // 10**place) % 10
        body.update(report)
        return report_envelope(self.key, body)


def enrolled(hub: Hub, school: str = SCHOOL) -> Laptop:
    """A laptop enrolled through an invitation, as a coordinator and a mentor would."""
    invitation, _ = create_invitation(hub, school, hub.now())
    key = new_key()
    answer = enrol(hub, enrolment_request(key, invitation.token, school), hub.now())
    return Laptop(key, answer["device"], school)


def enrol_over_http(client: httpx.Client, invitation: Invitation) -> Laptop:
    key = new_key()
    answer = client.post(
        "/api/v1/enrol",
        content=canonical_json(enrolment_request(key, invitation.token, invitation.school)),
        headers={"content-type": "application/json"},
    )
    assert answer.status_code == 200, answer.text
    return Laptop(key, answer.json()["device"], invitation.school)


def invitations(process: HubProcess, count: int) -> list[Invitation]:
    """Many invitations at once, made in-process on the hub's own data folder (the CLI
    path is tested once; fifty subprocesses would only slow the tests)."""
    hub = open_hub(process.data)
    try:
        return [create_invitation(hub, SCHOOL, hub.now())[0] for _ in range(count)]
    finally:
        hub.storage.close()


scalars = (
    st.none()
    | st.booleans()
    | st.integers(min_value=-(2**70), max_value=2**70)
    | st.floats()  # NaN and infinities included: the hub must refuse them
    | st.text(max_size=30)
)
json_values = st.recursive(
    scalars,
    lambda inner: (
        st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=10), inner, max_size=4)
    ),
    max_leaves=12,
)


def mutate(data: st.DataObject, value: Any) -> Any:
    """The value with one random change somewhere inside it."""
    containers = isinstance(value, dict | list) and len(value) > 0
    action = data.draw(
        st.sampled_from(["descend", "replace", "delete", "add"] if containers else ["replace"])
    )
    if action == "replace":
        return data.draw(json_values)
    if isinstance(value, dict):
        key = data.draw(st.sampled_from(sorted(value)))
        changed = dict(value)
        if action == "descend":
            changed[key] = mutate(data, value[key])
        elif action == "delete":
            del changed[key]
        else:
            changed[data.draw(st.text(max_size=10))] = data.draw(json_values)
        return changed
    assert isinstance(value, list)
    index = data.draw(st.integers(0, len(value) - 1))
    items = list(value)
    if action == "descend":
        items[index] = mutate(data, value[index])
    elif action == "delete":
        del items[index]
    else:
        items.insert(index, data.draw(json_values))
    return items
