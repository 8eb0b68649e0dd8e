"""The API in-process, on both backends: the whole flow, and every bad input refused
with its 4xx and nothing stored."""

from __future__ import annotations

import copy
import json
import socket
from collections.abc import Iterator
from datetime import timedelta
from typing import Any

import httpx
import pytest
from helpers.hub_process import SCHOOL, serving
from hubcore_kit import ENDED, NOT_ENDED, OTHER_SCHOOL, Clock, Laptop, a_report, enrolled
from parentrus_sync.hub import api
from parentrus_sync.hub.app import create_app
from parentrus_sync.hub.hub import Hub, RateLimiter
from parentrus_sync.hub.invitations import create_invitation
from parentrus_sync.hub.storage import InvitationRecord
from parentrus_sync.protocol import (
    LARGEST_BODY,
    canonical_json,
    decode_bytes,
    enrolment_request,
    new_key,
    new_token,
    read_signed_policy,
    read_signed_receipt,
    report_envelope,
    sign,
    token_digest,
)

REPORTS = "/api/v1/reports"
ENROL = "/api/v1/enrol"
JSON = {"content-type": "application/json"}


@pytest.fixture
def client(hub: Hub) -> Iterator[httpx.Client]:
    with serving(create_app(hub)) as url, httpx.Client(base_url=url, timeout=60) as test_client:
        yield test_client


def post(client: httpx.Client, path: str, body: Any, headers: dict[str, str] = JSON) -> Any:
    raw = body if isinstance(body, bytes) else canonical_json(body)
    return client.post(path, content=raw, headers=headers)


def raw_post(url: httpx.URL, declared: int, body: bytes) -> int:
    """POST with a Content-Length that need not match the body; the answer's status."""
    head = (
        f"POST {REPORTS} HTTP/1.1\r\nHost: {url.host}\r\nContent-Type: application/json\r\n"
        f"Content-Length: {declared}\r\nConnection: close\r\n\r\n"
    ).encode()
    with socket.create_connection((url.host, url.port or 80), timeout=30) as sock:
        sock.sendall(head)
        try:
            for start in range(0, len(body), 65536):
                sock.sendall(body[start : start + 65536])
        except OSError:
            pass  # the hub stopped reading: it has answered already
        answer = b""
        while b"\r\n" not in answer:
            piece = sock.recv(4096)
            if not piece:
                break
            answer += piece
    return int(answer.split(b" ", 2)[1])


def stored(hub: Hub) -> int:
    return sum(len(hub.storage.reports(s.slug)) for s in hub.storage.schools())


def refused(response: Any, status: int, code: str) -> None:
    assert response.status_code == status, response.text
    body = response.json()
    assert body["error"] == code
    assert isinstance(body["reason"], str) and body["reason"].endswith(".")


def test_hello_names_the_hub_and_its_key(client: httpx.Client, hub: Hub) -> None:
    answer = client.get("/api/v1/hello").json()
    assert answer == {"hub": "parentrus-hub", "protocol": [1], "hub_key": hub.public_key_text}


def test_enrol_upload_receipt_resend_and_change(client: httpx.Client, hub: Hub) -> None:
    invitation, code = create_invitation(hub, SCHOOL, hub.now())
    assert code.matches(hub.public_key)
    key = new_key()
    answer = post(client, ENROL, enrolment_request(key, invitation.token, SCHOOL))
    assert answer.status_code == 200, answer.text
    enrolment = answer.json()
    assert enrolment["school"] == SCHOOL and enrolment["school_name"] == "Riverside Primary"
    assert enrolment["hub_key"] == hub.public_key_text
    policy = read_signed_policy(enrolment["policy"], hub.public_key)
    assert policy.school == SCHOOL
    assert read_signed_policy(client.get(f"/api/v1/policy/{SCHOOL}").json(), hub.public_key)

    envelope = report_envelope(key, a_report())
    first = post(client, REPORTS, envelope)
    assert first.status_code == 201, first.text
    receipt = read_signed_receipt(first.json()["receipt"], decode_bytes(enrolment["hub_key"]))
    assert receipt.report_id.device == enrolment["device"]
    assert receipt.report_id.period == ENDED

    again = post(client, REPORTS, envelope)
    assert again.status_code == 200
    assert again.json() == first.json()

    changed = post(client, REPORTS, report_envelope(key, a_report(seed=1)))
    refused(changed, 409, "changed-report")
    held = hub.storage.reports(SCHOOL)
    assert len(held) == 1 and held[0].digest == receipt.digest
    assert hub.storage.device(enrolment["device"]).last_report is not None  # type: ignore[union-attr]


def test_a_token_enrols_once(client: httpx.Client, hub: Hub) -> None:
    invitation, _ = create_invitation(hub, SCHOOL, hub.now())
    assert post(client, ENROL, enrolment_request(new_key(), invitation.token, SCHOOL)).is_success
    again = post(client, ENROL, enrolment_request(new_key(), invitation.token, SCHOOL))
    refused(again, 410, "used-token")
    assert len(hub.storage.devices()) == 1


def test_the_same_laptop_and_token_again_get_the_same_answer(
    client: httpx.Client, hub: Hub, clock: Clock
) -> None:
    """The first answer was lost on the way: asking again must not lock the laptop out.
    Once the school has stopped the laptop, the token does not bring it back."""
    invitation, _ = create_invitation(hub, SCHOOL, hub.now())
    key = new_key()
    first = post(client, ENROL, enrolment_request(key, invitation.token, SCHOOL))
    clock.advance(minutes=5)
    again = post(client, ENROL, enrolment_request(key, invitation.token, ""))  # by code
    assert first.status_code == again.status_code == 200
    assert again.json() == first.json()
    assert len(hub.storage.devices()) == 1
    hub.storage.revoke(first.json()["device"], hub.now())
    refused(
        post(client, ENROL, enrolment_request(key, invitation.token, SCHOOL)), 410, "used-token"
    )


def test_an_expired_token_is_refused(client: httpx.Client, hub: Hub, clock: Clock) -> None:
    invitation, _ = create_invitation(hub, SCHOOL, hub.now(), valid_days=1)
    clock.advance(days=1, seconds=1)
    refused(
        post(client, ENROL, enrolment_request(new_key(), invitation.token, SCHOOL)),
        410,
        "expired-token",
    )
    # And one stored with a past expiry directly.
    token = new_token()
    hub.storage.add_invitation(
        InvitationRecord(
            token_digest(token), SCHOOL, hub.now() - timedelta(days=30),
            hub.now() - timedelta(days=16), None, None,
        )
    )  # fmt: skip
    refused(post(client, ENROL, enrolment_request(new_key(), token, SCHOOL)), 410, "expired-token")
    assert hub.storage.devices() == []


def test_unknown_token_and_token_for_another_school(client: httpx.Client, hub: Hub) -> None:
    refused(post(client, ENROL, enrolment_request(new_key(), new_token(), SCHOOL)), 410,
            "unknown-token")  # fmt: skip
    invitation, _ = create_invitation(hub, OTHER_SCHOOL, hub.now())
    refused(post(client, ENROL, enrolment_request(new_key(), invitation.token, SCHOOL)), 410,
            "unknown-token")  # fmt: skip
    refused(post(client, ENROL, enrolment_request(new_key(), invitation.token, "nowhere")), 404,
            "unknown-school")  # fmt: skip
    assert hub.storage.devices() == []


def test_enrolment_with_a_forged_proof_is_refused(client: httpx.Client, hub: Hub) -> None:
    invitation, _ = create_invitation(hub, SCHOOL, hub.now())
    request = enrolment_request(new_key(), invitation.token, SCHOOL)
    request["device_key"] = enrolment_request(new_key(), invitation.token, SCHOOL)["device_key"]
    refused(post(client, ENROL, request), 403, "bad-signature")
    assert hub.storage.invitations()[0].used is None


def _forged(laptop: Laptop, other: Laptop) -> dict[str, Any]:
    envelope = laptop.envelope()
    envelope["report"]["totals"]["families_new"] = {"families": 40}
    envelope["signature"] = other.envelope()["signature"]
    return envelope


def _bad_envelopes(hub: Hub, clock: Clock) -> dict[str, tuple[int, str, Any]]:
    laptop = enrolled(hub)
    other = enrolled(hub)
    elsewhere = enrolled(hub, OTHER_SCHOOL)
    revoked = enrolled(hub)
    hub.storage.revoke(revoked.device, hub.now())

    tampered = laptop.envelope()
    tampered["report"]["privacy"]["epsilon_year"] = 14.0
    resigned = report_envelope(other.key, a_report())
    resigned["device"] = laptop.device  # another enrolled laptop's signature, this id
    stranger = Laptop(new_key(), "", SCHOOL)
    future = laptop.envelope(period=NOT_ENDED)
    extra = laptop.envelope()
    extra["note"] = "hello"
    # Signed by the laptop after the change: the signature is checked before the report.
    wrong_types = report_envelope(laptop.key, {**a_report(), "totals": "many"})
    not_a_period = report_envelope(laptop.key, {**a_report(), "period": "0000-autumn"})
    # First-format periods are not taken any more.
    a_week = report_envelope(laptop.key, {**a_report(), "period": "2026-W47"})
    # A laptop from the future signs what it sends: its protocol is read once the
    # signature holds (one changed after signing is a bad signature).
    future_payload = {"protocol": 9, "device": laptop.device, "report": a_report()}
    from_the_future = {**future_payload, "signature": sign(laptop.key, "report", future_payload)}
    return {
        "forged signature": (403, "bad-signature", tampered),
        "re-signed by another enrolled laptop": (403, "bad-signature", resigned),
        "unknown laptop": (401, "unknown-device", stranger.envelope()),
        "revoked laptop": (403, "revoked", revoked.envelope()),
        "report for another school": (403, "wrong-school", elsewhere.envelope(school=SCHOOL)),
        "period not ended": (422, "future-period", future),
        "field the envelope does not have": (400, "bad-envelope", extra),
        "wrong types": (422, "bad-report", wrong_types),
        "year 0": (422, "bad-report", not_a_period),
        "a week": (422, "bad-report", a_week),
        "signature not text": (403, "bad-signature", {**laptop.envelope(), "signature": 5}),
        "protocol from the future": (400, "version", from_the_future),
        "protocol changed after signing": (
            403,
            "bad-signature",
            {**laptop.envelope(), "protocol": 9},
        ),
        "not an object": (400, "bad-envelope", [1, 2]),
    }


def test_every_bad_envelope_is_refused_and_nothing_stored(
    client: httpx.Client, hub: Hub, clock: Clock
) -> None:
    for name, (status, code, body) in _bad_envelopes(hub, clock).items():
        response = post(client, REPORTS, body)
        assert response.status_code == status, (name, response.text)
        assert response.json()["error"] == code, (name, response.text)
    assert stored(hub) == 0


def test_a_replay_with_changed_content_is_refused(client: httpx.Client, hub: Hub) -> None:
    laptop = enrolled(hub)
    assert post(client, REPORTS, laptop.envelope()).status_code == 201
    replay = copy.deepcopy(laptop.envelope())
    replay["report"]["privacy"]["epsilon_year"] = 14.0
    refused(post(client, REPORTS, replay), 403, "bad-signature")
    refused(post(client, REPORTS, laptop.envelope(seed=3)), 409, "changed-report")
    assert [r.digest for r in hub.storage.reports(SCHOOL)] == [
        json.loads(post(client, REPORTS, laptop.envelope()).text)["receipt"]["receipt"]["digest"]
    ]


@pytest.mark.parametrize(
    ("body", "code"),
    [
        (b"{not json", "bad-json"),
        (b'{"a": 1, "a": 2}', "bad-json"),
        (b'{"a": NaN}', "bad-json"),
        (b'{"a": Infinity}', "bad-json"),
        (b"[" * 100_000 + b"]" * 100_000, "bad-json"),
        (b'{"x": ' * 5000 + b"1" + b"}" * 5000, "bad-json"),
        (b"\xff\xfe", "bad-json"),
        (b'{"a": 1e400}', "bad-json"),
        (b'{"a": 123456789012345678901234567890}', "bad-json"),
        (b"", "bad-json"),
    ],
    ids=["broken", "duplicate keys", "NaN", "Infinity", "deep lists", "deep objects",
         "not UTF-8", "huge float", "huge integer", "empty"],
)  # fmt: skip
def test_malformed_json_is_refused(client: httpx.Client, hub: Hub, body: bytes, code: str) -> None:
    enrolled(hub)
    refused(post(client, REPORTS, body), 400, code)
    if len(body) <= api.LARGEST_ENROLMENT:
        refused(post(client, ENROL, body), 400, code)
    else:  # bigger than any enrolment: not read at all
        refused(post(client, ENROL, body), 413, "too-large")
    assert stored(hub) == 0


def test_a_body_with_nan_is_told_it_is_not_a_number(client: httpx.Client, hub: Hub) -> None:
    answer = post(client, REPORTS, b'{"a": NaN}')
    assert answer.status_code == 400
    assert answer.json()["reason"] == "The message holds NaN, which is not a number."


def test_only_json_is_read(client: httpx.Client, hub: Hub) -> None:
    laptop = enrolled(hub)
    body = canonical_json(laptop.envelope())
    for headers in ({"content-type": "text/plain"}, {"content-type": "application/jsonx"}, {}):
        refused(client.post(REPORTS, content=body, headers=headers), 415, "not-json")
    assert stored(hub) == 0
    assert client.post(REPORTS, content=body, headers={
        "content-type": "application/json; charset=utf-8"}).status_code == 201  # fmt: skip


def test_a_body_of_several_megabytes_is_refused(client: httpx.Client, hub: Hub) -> None:
    laptop = enrolled(hub)
    envelope = laptop.envelope()
    big = canonical_json({**envelope, "padding": "x" * (4 * 1024 * 1024)})

    def chunks() -> Iterator[bytes]:
        for start in range(0, len(big), 65536):
            yield big[start : start + 65536]

    refused(post(client, REPORTS, big), 413, "too-large")  # honest Content-Length
    refused(client.post(REPORTS, content=chunks(), headers=JSON), 413, "too-large")  # chunked
    # Lying Content-Length, on a raw socket (an honest client cannot send these).
    url = httpx.URL(str(client.base_url))
    assert raw_post(url, 100, big) == 400  # read only the 100 bytes it declared: broken JSON
    assert raw_post(url, 10 * 1024 * 1024, big[:1000]) == 413  # declared too large
    refused(post(client, REPORTS, b" " * (LARGEST_BODY + 1)), 413, "too-large")
    assert stored(hub) == 0


def test_enrolment_is_slowed_down(hub: Hub) -> None:
    hub.enrol_limiter = RateLimiter(per_minute=1, burst=3)
    with serving(create_app(hub)) as url, httpx.Client(base_url=url) as client:
        answers = [post(client, ENROL, {"a": 1}) for _ in range(5)]
    assert [a.status_code for a in answers] == [400, 400, 400, 429, 429]
    assert int(answers[-1].headers["retry-after"]) >= 1
    refused(answers[-1], 429, "slow-down")


def test_the_rate_limiter_counts_per_address_and_refills() -> None:
    moment = [0.0]
    limiter = RateLimiter(per_minute=6, burst=2, monotonic=lambda: moment[0])
    assert [limiter.take("a"), limiter.take("a")] == [0, 0]
    assert limiter.take("a") == 10  # one token every 10 seconds
    assert limiter.take("b") == 0
    moment[0] = 10.0
    assert limiter.take("a") == 0
    assert limiter.take("a") > 0


def test_unknown_addresses_and_methods_answer_in_json(client: httpx.Client) -> None:
    refused(client.get("/api/v1/nothing"), 404, "not-found")
    refused(client.get(REPORTS), 405, "wrong-method")
    refused(client.get("/api/v1/policy/nowhere"), 404, "unknown-school")


def test_enrolment_by_a_typed_code_takes_the_tokens_school(client: httpx.Client, hub: Hub) -> None:
    # A code typed by hand does not name its school: the laptop sends "".
    invitation, _ = create_invitation(hub, OTHER_SCHOOL, hub.now())
    answer = post(client, ENROL, enrolment_request(new_key(), invitation.token, ""))
    assert answer.status_code == 200, answer.text
    assert answer.json()["school"] == OTHER_SCHOOL
    refused(post(client, ENROL, enrolment_request(new_key(), new_token(), "")), 410,
            "unknown-token")  # fmt: skip
    refused(post(client, ENROL, enrolment_request(new_key(), invitation.token, "")), 410,
            "used-token")  # fmt: skip
    assert [d.school for d in hub.storage.devices()] == [OTHER_SCHOOL]


def test_the_same_report_re_signed_after_connecting_again_is_counted_once(
    client: httpx.Client, hub: Hub
) -> None:
    """A laptop that connects again has a new device key and re-signs what it had not
    seen received; if the hub had it already (the answer was lost), it is one report."""
    before, after = enrolled(hub), enrolled(hub)
    first = post(client, REPORTS, before.envelope())
    assert first.status_code == 201
    again = post(client, REPORTS, report_envelope(after.key, before.envelope()["report"]))
    assert again.status_code == 200, again.text
    receipt = read_signed_receipt(again.json()["receipt"], hub.public_key)
    assert receipt.report_id.device == after.device  # the receipt the new device can check
    earlier = read_signed_receipt(first.json()["receipt"], hub.public_key)
    assert receipt.received == earlier.received and receipt.digest == earlier.digest
    assert [r.report_id.device for r in hub.storage.reports(SCHOOL)] == [before.device]
    # A different report from the new device for that period is its own, and kept.
    assert post(client, REPORTS, after.envelope(seed=5)).status_code == 201
    assert len(hub.storage.reports(SCHOOL)) == 2


def test_a_key_holding_nul_finds_nothing_on_either_backend(hub: Hub) -> None:
    """PostgreSQL text cannot hold NUL; a hostile username, laptop id or school name must
    find nothing rather than fail (it was a 500 on the coordinator's pages)."""
    storage = hub.storage
    assert storage.coordinator("coordinator\x00") is None
    assert storage.device("d-\x00") is None
    assert storage.school(SCHOOL + "\x00") is None
    assert storage.reports(SCHOOL + "\x00") == []
