"""Hypothesis against the API over real HTTP, on both backends: mutated envelopes and
enrolments, JSON-ish values and raw bytes never get a 5xx and are never stored.

Cases per backend: 500 + 250 + 250 + 250 = 1,250; 2,500 in all."""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any
from urllib.parse import quote

import httpx
import pytest
from helpers.hub_process import SCHOOL, serving
from hubcore_kit import enrolled, json_values, mutate
from hypothesis import given, settings
from hypothesis import strategies as st
from parentrus_sync.hub.app import create_app
from parentrus_sync.hub.hub import Hub
from parentrus_sync.hub.invitations import create_invitation
from parentrus_sync.protocol import enrolment_request, new_key

# One hub and one server serve every example of a test: what is checked is that no
# example leaves anything behind, so sharing them is the point, not a shortcut.
PATHS = ["/api/v1/reports", "/api/v1/enrol"]


@pytest.fixture
def api(hub: Hub) -> Iterator[httpx.Client]:
    with serving(create_app(hub)) as url, httpx.Client(base_url=url, timeout=60) as client:
        yield client


def counts(hub: Hub) -> tuple[int, int, int]:
    reports = sum(len(hub.storage.reports(s.slug)) for s in hub.storage.schools())
    used = sum(1 for i in hub.storage.invitations() if i.used is not None)
    return reports, len(hub.storage.devices()), used


def send(client: httpx.Client, path: str, body: bytes) -> httpx.Response:
    answer = client.post(path, content=body, headers={"content-type": "application/json"})
    assert answer.status_code < 500, answer.text
    if answer.status_code >= 400:
        refusal = answer.json()
        assert set(refusal) == {"error", "reason"} and refusal["reason"]
    return answer


def test_mutated_envelopes(hub: Hub, api: httpx.Client) -> None:
    laptop = enrolled(hub)
    valid = laptop.envelope()

    @settings(max_examples=500)
    @given(st.data())
    def check(data: st.DataObject) -> None:
        before = counts(hub)
        body = mutate(data, valid)
        answer = send(api, PATHS[0], json.dumps(body).encode())
        if answer.status_code >= 400:
            assert counts(hub) == before
        else:
            assert body == valid  # only the untouched envelope can be taken

    check()


def test_mutated_enrolments(hub: Hub, api: httpx.Client) -> None:
    invitation, _ = create_invitation(hub, SCHOOL, hub.now())
    valid = enrolment_request(new_key(), invitation.token, SCHOOL)

    @settings(max_examples=250)
    @given(st.data())
    def check(data: st.DataObject) -> None:
        before = counts(hub)
        body = mutate(data, valid)
        answer = send(api, PATHS[1], json.dumps(body).encode())
        if answer.status_code >= 400:
            assert counts(hub) == before
        else:
            assert body == valid

    check()


def test_json_ish_values(hub: Hub, api: httpx.Client) -> None:
    enrolled(hub)
    before = counts(hub)

    @settings(max_examples=250)
    @given(json_values, st.sampled_from(PATHS))
    def check(value: Any, path: str) -> None:
        assert send(api, path, json.dumps(value).encode()).status_code >= 400

    check()
    assert counts(hub) == before


def test_raw_bytes_and_school_names(hub: Hub, api: httpx.Client) -> None:
    enrolled(hub)
    before = counts(hub)

    @settings(max_examples=250)
    @given(st.binary(max_size=2000), st.sampled_from(PATHS), st.text(min_size=1, max_size=80))
    def check(body: bytes, path: str, school: str) -> None:
        assert send(api, path, body).status_code >= 400
        answer = api.get("/api/v1/policy/" + quote(school, safe=""))
        # 307: a name with a slash at its end is sent to the address without it.
        assert answer.status_code in {200, 307, 404}
        assert answer.status_code != 200 or school == SCHOOL

    check()
    assert counts(hub) == before
