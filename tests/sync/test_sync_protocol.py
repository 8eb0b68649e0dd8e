"""The wire (parentrus_sync.protocol), tested once for both ends."""

from __future__ import annotations

import dataclasses
import json
from datetime import UTC, date, datetime
from typing import Any

import pytest
from helpers.reports import first_format_report, second_format_report, wire_report
from hypothesis import given
from hypothesis import strategies as st
from parentrus_sync.periods import PeriodKind
from parentrus_sync.protocol import (
    LARGEST_BODY,
    Invitation,
    InvitationCode,
    Policy,
    ProtocolError,
    Receipt,
    ReportId,
    bundle,
    canonical_json,
    check_hub_address,
    device_id,
    enrolment_request,
    fingerprint,
    negotiate,
    new_key,
    new_token,
    parse_json,
    public_key_bytes,
    read_bundle,
    read_enrolment,
    read_envelope,
    read_signed_policy,
    read_signed_receipt,
    report_digest,
    report_envelope,
    sign,
    signed_body,
    signed_policy,
    signed_receipt,
    verify,
    verify_canonical,
)

json_values = st.recursive(
    st.none()
    | st.booleans()
    | st.integers(-(2**53) + 1, 2**53 - 1)
    | st.floats(allow_nan=False, allow_infinity=False)
    | st.text(),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(), inner, max_size=4),
    max_leaves=20,
)


@given(json_values)
def test_canonical_json_reads_back_to_the_same_bytes(value: Any) -> None:
    once = canonical_json(value)
    assert canonical_json(parse_json(once)) == once


def test_canonical_json_sorts_keys_and_keeps_unicode() -> None:
    assert canonical_json({"b": 1, "a": "مدرسة", "c": [True, None]}) == (
        '{"a":"مدرسة","b":1,"c":[true,null]}'.encode()
    )


@pytest.mark.parametrize(
    ("body", "code"),
    [
        (b'{"a":NaN}', "bad-json"),
        (b'{"a":Infinity}', "bad-json"),
        (b'{"a":1,"a":2}', "bad-json"),
        (b'{"a":"\xff"}', "bad-json"),
        (b"[" * 100_000 + b"]" * 100_000, "bad-json"),
        (b'{"a":' + str(2**60).encode() + b"}", "bad-number"),
        (b"{not json}", "bad-json"),
        (b" " * (LARGEST_BODY + 1), "too-large"),
    ],
)
def test_parse_json_refuses_what_the_wire_does_not_allow(body: bytes, code: str) -> None:
    with pytest.raises(ProtocolError) as refused:
        parse_json(body)
    assert refused.value.code == code


@pytest.mark.parametrize("constant", ["NaN", "Infinity", "-Infinity"])
def test_nan_and_infinity_are_refused_as_not_a_number(constant: str) -> None:
    with pytest.raises(ProtocolError) as refused:
        parse_json(b'{"a":' + constant.encode() + b"}")
    assert refused.value.code == "bad-json"
    assert refused.value.reason == f"The message holds {constant}, which is not a number."


def test_canonical_json_refuses_nan_and_huge_numbers() -> None:
    for value in (float("nan"), float("inf"), 2**60, {1: "a"}, {"a": object()}):
        with pytest.raises(ProtocolError):
            canonical_json(value)


def test_signatures_are_bound_to_their_purpose_payload_and_key() -> None:
    key = new_key()
    public = public_key_bytes(key)
    payload = {"period": "2026-11", "n": 3}
    signature = sign(key, "report", payload)
    verify(public, "report", payload, signature)
    for purpose, changed, by in [
        ("receipt", payload, public),
        ("report", {**payload, "n": 4}, public),
        ("report", payload, public_key_bytes(new_key())),
    ]:
        with pytest.raises(ProtocolError, match="signature"):
            verify(by, purpose, changed, signature)
    with pytest.raises(ProtocolError):
        verify(public, "report", payload, "not base64!")


def test_device_ids_and_fingerprints_come_from_the_key() -> None:
    key = public_key_bytes(new_key())
    assert device_id(key) == device_id(key)
    assert device_id(key).startswith("d-") and len(device_id(key)) == 22
    assert device_id(key) != device_id(public_key_bytes(new_key()))
    assert len(fingerprint(key)) == 52
    assert fingerprint(key) != fingerprint(public_key_bytes(new_key()))


def test_invitation_codes_survive_grouping_case_and_misread_letters() -> None:
    hub_key = public_key_bytes(new_key())
    code = InvitationCode(new_token(), fingerprint(hub_key)[:12])
    text = str(code)
    assert len(text.split("-")) == 6
    assert InvitationCode.parse(text.lower()) == code
    assert InvitationCode.parse(" " + text.replace("-", " ") + " ") == code
    assert InvitationCode.parse(text.replace("0", "O").replace("1", "l")) == code
    assert code.matches(hub_key)
    assert not code.matches(public_key_bytes(new_key()))


@pytest.mark.parametrize("text", ["", "ABCD", "A" * 25, "ABCD-ABCD-ABCD-ABCD-ABCD-ABC!"])
def test_a_wrong_code_gets_a_plain_message(text: str) -> None:
    with pytest.raises(ProtocolError, match="24 letters and numbers"):
        InvitationCode.parse(text)


def _invitation(hub: str = "https://hub.example.org") -> Invitation:
    return Invitation(
        hub=hub,
        school="riverside-primary",
        school_name="Riverside Primary",
        token=new_token(),
        hub_fingerprint=fingerprint(public_key_bytes(new_key())),
        expires=datetime(2027, 1, 1, tzinfo=UTC),
        tls_pin=None,
    )


def test_an_invitation_file_reads_back() -> None:
    invitation = _invitation()
    assert Invitation.from_file_bytes(invitation.to_file_bytes()) == invitation
    pinned = dataclasses.replace(invitation, tls_pin="q" * 43)
    assert Invitation.from_file_bytes(pinned.to_file_bytes()).tls_pin == "q" * 43
    # A hub with no certificate of its own writes an empty pin: that pins nothing.
    unpinned = dataclasses.replace(invitation, tls_pin="")
    assert Invitation.from_file_bytes(unpinned.to_file_bytes()).tls_pin is None


@pytest.mark.parametrize(
    "damage",
    [
        lambda d: d.pop("token"),
        lambda d: d.update(token="short"),
        lambda d: d.update(school="Not A Slug"),
        lambda d: d.update(expires="tomorrow"),
    ],
)
def test_a_damaged_invitation_file_is_refused_plainly(damage: Any) -> None:
    data = _invitation().to_json()
    damage(data)
    with pytest.raises(ProtocolError, match="damaged"):
        Invitation.from_file_bytes(json.dumps(data).encode())


def test_a_file_that_is_not_an_invitation_is_refused() -> None:
    for body in (b'{"kind":"something"}', b"\xff\xfe", b"[]"):
        with pytest.raises(ProtocolError):
            Invitation.from_file_bytes(body)


def test_hub_addresses_are_https_or_loopback_http() -> None:
    assert check_hub_address("https://hub.example.org/") == "https://hub.example.org"
    assert check_hub_address("http://127.0.0.1:8080") == "http://127.0.0.1:8080"
    assert check_hub_address("http://localhost:1") == "http://localhost:1"
    with pytest.raises(ProtocolError, match="https://"):
        check_hub_address("http://hub.example.org")
    for bad in ("hub.example.org", "ftp://x", "https://x/path", "https://a b"):
        with pytest.raises(ProtocolError):
            check_hub_address(bad)
    with pytest.raises(ProtocolError, match="https://"):
        Invitation.from_file_bytes(_invitation("http://hub.example.org").to_file_bytes())


def test_an_enrolment_request_reads_back_and_tampering_fails() -> None:
    key = new_key()
    token = new_token()
    request = enrolment_request(key, token, "riverside-primary")
    enrolment = read_enrolment(request)
    assert (enrolment.token, enrolment.school) == (token, "riverside-primary")
    assert enrolment.device == device_id(public_key_bytes(key))
    assert read_enrolment(enrolment_request(key, token, "")).school == ""  # by code
    with pytest.raises(ProtocolError):
        read_enrolment({**request, "school": "hillside"})
    with pytest.raises(ProtocolError):
        read_enrolment(
            {**request, "device_key": enrolment_request(new_key(), token, "x")["device_key"]}
        )
    with pytest.raises(ProtocolError):
        read_enrolment({**request, "extra": 1})


def test_a_policy_and_a_receipt_read_back_and_tampering_fails() -> None:
    hub = new_key()
    public = public_key_bytes(hub)
    policy = Policy("riverside-primary", PeriodKind.MONTH, 5, 4.0, ("families_active",), 12)
    signed = signed_policy(hub, policy)
    assert read_signed_policy(signed, public) == policy
    with pytest.raises(ProtocolError):
        read_signed_policy({**signed, "policy": {**signed["policy"], "grace_days": 1}}, public)
    with pytest.raises(ProtocolError):
        read_signed_policy(signed, public_key_bytes(new_key()))
    with pytest.raises(ProtocolError):
        Policy.from_json({**policy.to_json(), "epsilon": {"sessions_by_kind": 9.0}})
    with pytest.raises(ProtocolError):
        Policy.from_json({**policy.to_json(), "period": "week"})
    receipt = Receipt(
        ReportId("d-" + "a" * 20, "riverside-primary", "2026-11"),
        "0" * 64,
        datetime(2026, 12, 4, tzinfo=UTC),
    )
    signed_r = signed_receipt(hub, receipt)
    assert read_signed_receipt(signed_r, public) == receipt
    with pytest.raises(ProtocolError):
        read_signed_receipt(
            {**signed_r, "receipt": {**signed_r["receipt"], "period": "2026-10"}}, public
        )
    with pytest.raises(ProtocolError):
        # A report signature is never a receipt.
        read_signed_receipt(
            {"receipt": signed_r["receipt"], "signature": sign(hub, "report", signed_r["receipt"])},
            public,
        )


def test_a_policy_with_a_longest_keep_reads_back_and_one_without_it_still_parses() -> None:
    hub = new_key()
    public = public_key_bytes(hub)
    kept = Policy("riverside-primary", keep_closed_months=6)
    signed = signed_policy(hub, kept)
    assert signed["policy"]["keep_closed_months"] == 6
    assert read_signed_policy(signed, public) == kept
    # Signed like the rest: a laptop cannot be told a longer keep than the hub signed.
    with pytest.raises(ProtocolError, match="signature"):
        read_signed_policy(
            {**signed, "policy": {**signed["policy"], "keep_closed_months": 60}}, public
        )
    # What a hub from before the field signs: the same six fields, no maximum.
    old_hub = {
        "school": "riverside-primary", "period": "term", "grace_days": 3, "epsilon": 10.0,
        "breakdowns": list(Policy("x").breakdowns), "families_per_laptop": 40,
    }  # fmt: skip
    old = read_signed_policy({"policy": old_hub, "signature": sign(hub, "policy", old_hub)}, public)
    assert old.keep_closed_months is None
    # No maximum is sent as the old form, byte for byte, so older laptops still read it.
    assert set(Policy("riverside-primary").to_json()) == set(old_hub)
    for wrong in (0, 121, -1, 6.0, "6", True, [6]):
        with pytest.raises(ProtocolError, match="outside what is allowed"):
            Policy.from_json({**kept.to_json(), "keep_closed_months": wrong})
    for right in (1, 120):
        assert (
            Policy.from_json({**kept.to_json(), "keep_closed_months": right}).keep_closed_months
            == right
        )
    with pytest.raises(ProtocolError):
        Policy.from_json({**kept.to_json(), "keep_open_months": 6})


def _report(period: str = "2026-autumn") -> dict[str, Any]:
    return wire_report(period=period)


def test_an_envelope_reads_back_and_its_checks_hold() -> None:
    key = new_key()
    envelope = report_envelope(key, _report())
    read = read_envelope(envelope, date(2027, 1, 10))
    assert read.verified(public_key_bytes(key)).digest == report_digest(envelope["report"])
    with pytest.raises(ProtocolError, match="another laptop"):
        read.verified(public_key_bytes(new_key()))
    changed = {**envelope, "report": {**envelope["report"], "school": "hillside"}}
    with pytest.raises(ProtocolError):
        read_envelope(changed, date(2027, 1, 10)).verified(public_key_bytes(key))
    with pytest.raises(ProtocolError) as future:
        read_envelope(report_envelope(key, _report("2027-spring")), date(2027, 1, 10))
    assert future.value.code == "future-period"
    with pytest.raises(ProtocolError) as bad_device:
        read_envelope({**envelope, "device": "laptop-1"}, date(2027, 1, 10))
    assert bad_device.value.code == "bad-envelope"
    with pytest.raises(ProtocolError) as bad_report:
        read_envelope({**envelope, "report": {"format": 1}}, date(2027, 1, 10))
    assert bad_report.value.code == "bad-report"


def test_a_laptop_not_yet_updated_still_sends_format_2() -> None:
    """Format 3 only added language cells: a hub takes format 2 as it did."""
    key = new_key()
    for report in (second_format_report(), wire_report()):
        read = read_envelope(report_envelope(key, report), date(2027, 1, 10))
        assert read.report == report


@pytest.mark.parametrize(
    ("report_format", "words"),
    [("parentrus-report/1", "update the Parent'R'Us Mentor app"), ("parentrus-report/4", "hub")],
)
def test_a_report_of_another_format_is_a_version_problem(report_format: str, words: str) -> None:
    """The laptop whose app still makes the first format is told to update it; no hub
    takes one any more (it keeps showing those it holds)."""
    old = first_format_report(period="2026-10")
    old["format"] = report_format
    with pytest.raises(ProtocolError) as refused:
        read_envelope(report_envelope(new_key(), old), date(2027, 1, 10))
    assert refused.value.code == "version"
    assert words in refused.value.reason


@pytest.mark.parametrize("period", ["0000-01", "0000-autumn", "2026-05\n"])
def test_a_period_no_calendar_has_is_refused_plainly(period: str) -> None:
    """The schema's pattern lets these through (its $ allows a final newline, which would
    give May a second report id); the calendar does not."""
    envelope = report_envelope(new_key(), {**_report(), "period": period})
    with pytest.raises(ProtocolError) as refused:
        read_envelope(envelope, date(2027, 1, 10))
    assert (refused.value.code, refused.value.reason) == (
        "bad-report",
        "The report's period is not a real term or month.",
    )


def test_versions_are_negotiated_plainly() -> None:
    assert negotiate([1]) == 1
    assert negotiate([1, 2, 3]) == 1
    with pytest.raises(ProtocolError, match="newer"):
        negotiate([2, 3])
    with pytest.raises(ProtocolError, match="older"):
        negotiate([0])
    for bad in ("1", [True], None, [1.0]):
        with pytest.raises(ProtocolError) as refused:
            negotiate(bad)
        assert refused.value.code == "bad-field"


def test_a_bundle_reads_back_and_anything_else_is_refused() -> None:
    key = new_key()
    envelopes = [report_envelope(key, _report("2026-10")), report_envelope(key, _report())]
    assert read_bundle(bundle(envelopes)) == envelopes
    for body in (b"{}", canonical_json({"kind": "parentrus-bundle", "protocol": 1}), b"x"):
        with pytest.raises(ProtocolError):
            read_bundle(body)


def test_an_integer_too_long_for_python_to_read_is_plain_bad_json() -> None:
    with pytest.raises(ProtocolError) as refused:
        parse_json(b'{"a": ' + b"9" * 5000 + b"}")
    assert refused.value.code == "bad-json"


@given(st.dictionaries(st.text(), json_values, max_size=5))
def test_a_sent_envelope_is_cut_into_exactly_the_bytes_its_signature_covers(
    extra: dict[str, Any],
) -> None:
    """Whatever the report holds (any text, quotes, braces, '"signature":' itself), the
    bytes before the body's signature, closed, are the signed payload's canonical bytes."""
    key = new_key()
    report = {**extra, **_report(), "note": '","signature":"' + "A" * 86 + '"}'}
    envelope = report_envelope(key, report)
    sent = signed_body(canonical_json(envelope))
    assert sent is not None
    payload = {k: envelope[k] for k in ("protocol", "device", "report")}
    assert sent.signed == canonical_json(payload)
    assert (sent.device, sent.signature) == (envelope["device"], envelope["signature"])
    verify_canonical(public_key_bytes(key), "report", sent.signed, sent.signature)


def test_a_body_not_in_the_form_a_laptop_sends_is_not_cut() -> None:
    envelope = report_envelope(new_key(), _report())
    for body in (
        json.dumps(envelope).encode(),  # spaces
        json.dumps(envelope, sort_keys=True).encode(),
        canonical_json(envelope)[:-1],  # cut short
        canonical_json(envelope) + b" ",
        canonical_json({**envelope, "signature": envelope["signature"][:-1]}),
        b"{not json",
        b"",
    ):
        assert signed_body(body) is None, body[:80]
