"""Receiving what laptops send (reports, USB bundles, enrolments), with every check, no HTTP."""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from parentrus_sync.hub import logs
from parentrus_sync.hub.hub import Hub
from parentrus_sync.hub.report_checks import check_report, same_school_year
from parentrus_sync.hub.storage import Device, InvitationRecord, School, StoredReport
from parentrus_sync.protocol import (
    NOT_CANONICAL,
    Envelope,
    ProtocolError,
    Receipt,
    check_envelope_report,
    check_own_key,
    parse_json,
    period_has_ended,
    read_bundle,
    read_enrolment,
    read_envelope_form,
    read_sent_envelope,
    signed_body,
    signed_policy,
    signed_receipt,
    token_digest,
    verify_canonical,
)
from parentrus_sync.report_schema import SCHOOL_PATTERN

_SCHOOL = re.compile(SCHOOL_PATTERN)
_DEVICE = re.compile(r"d-[0-9a-z]{20}")
_CANONICAL_HEAD = re.compile(rb'\{"device":"(d-[0-9a-z]{20})"[,}]')

# The HTTP status for each refusal code (the README's contract).
STATUS = {
    "bad-json": 400,
    "bad-envelope": 400,
    "bad-field": 400,
    "bad-enrolment": 400,
    "bad-bundle": 400,
    "version": 400,
    "unknown-device": 401,
    "bad-signature": 403,
    "revoked": 403,
    "wrong-school": 403,
    "unknown-school": 404,
    "changed-report": 409,
    "used-token": 410,
    "expired-token": 410,
    "unknown-token": 410,
    "too-large": 413,
    "not-json": 415,
    "bad-report": 422,
    "future-period": 422,
    "bad-privacy": 422,
    "overlapping-period": 422,
    "beyond-limit": 422,
    "budget-exceeded": 422,
    "slow-down": 429,
}
# Codes protocol.py may raise that the contract names otherwise.
_SAME_AS = {"bad-number": "bad-json"}

_TOKEN_REASONS = {
    "unknown-token": (
        "This invitation is not known here. Please check the code or ask for a new one."
    ),
    "used-token": "This invitation has already been used. Please ask the school for a new one.",
    "expired-token": "This invitation has expired. Please ask the school for a new one.",
}

# read_envelope also checks the period has ended; the hub checks that last of all,
# after the signature, so it passes a day after every period a report can name.
_AFTER_EVERY_PERIOD = date(9999, 1, 1)


class Refusal(Exception):
    """A refusal to give the sender: HTTP status, a code for programs, a plain reason."""

    def __init__(self, code: str, reason: str, *, retry_after: int | None = None) -> None:
        super().__init__(reason)
        self.code = _SAME_AS.get(code, code)
        self.reason = reason
        self.status = STATUS.get(self.code, 400)
        self.retry_after = retry_after  # whole seconds, for a slow-down's Retry-After

    @classmethod
    def of(cls, error: ProtocolError) -> Refusal:
        return cls(error.code, error.reason)

    def to_json(self) -> dict[str, str]:
        return {"error": self.code, "reason": self.reason}


def _parsed(body_or_json: bytes | object) -> object:
    if isinstance(body_or_json, bytes | bytearray):
        return parse_json(bytes(body_or_json))
    return body_or_json


def receive_report(
    hub: Hub,
    body_or_json: bytes | object,
    now: datetime,
    *,
    admit: Callable[[str], None] | None = None,
    may_see: Callable[[str], bool] | None = None,
) -> tuple[int, Any]:
    """Check and store one report envelope: (201, signed receipt) the first time, (200,
    the same receipt) after. Raises ``Refusal`` for anything else; then nothing is stored.

    Cheap first: for a body off the network, its form, then the device (one lookup) and
    its signature (one Ed25519 verify) on the body's own bytes, and only then the JSON is
    read (``_sent``); for an envelope from a file, its few fields, the device and the
    signature. Then ``admit`` (the device's rate limit, counted only for the laptop
    itself), and only then the report against the schema and the policy. A body from a
    laptop the hub does not know costs no schema work at all, nor one signed by another.

    ``may_see``: the schools whose reports the caller may add (a school coordinator's
    import); a report for any other is refused as for a school that is not there."""
    if isinstance(body_or_json, bytes | bytearray):
        envelope, device = _sent(hub, bytes(body_or_json))
    else:
        envelope, device = _read(hub, body_or_json, may_see)
    if may_see is not None and not may_see(device.school):
        raise Refusal("unknown-school", _NO_SCHOOL)
    if admit is not None:
        admit(device.device)
    logs.note("schema")  # counted in the access log: a junk sender should never get here
    try:
        check_envelope_report(envelope.report, _AFTER_EVERY_PERIOD)
    except ProtocolError as error:
        raise Refusal.of(error) from None
    if envelope.report["school"] != device.school:
        raise Refusal("wrong-school", "This laptop is connected to a different school.")
    try:
        ended = period_has_ended(str(envelope.report["period"]), now.date())
    except ProtocolError as error:
        raise Refusal.of(error) from None
    if not ended:
        raise Refusal("future-period", "The report is for a period that has not ended yet.")
    # Only this school year's: all the budget needs, and the same period if held already.
    period = str(envelope.report["period"])
    earlier = hub.storage.device_reports(device.device, list(same_school_year(period)))
    held = _held_already(hub, envelope, earlier)
    if held is not None:
        # Checked against the policy when it came: a laptop sending it again (its answer
        # lost) gets the same receipt even if the school's policy changed since.
        return held
    school = hub.storage.school(device.school)
    if school is None:  # pragma: no cover - a device's school is never removed
        raise Refusal("unknown-school", _NO_SCHOOL)
    try:
        check_report(envelope.report, school.policy, (r.report for r in earlier))
    except ProtocolError as error:
        raise Refusal.of(error) from None
    return _store(hub, envelope, now)


_NOT_JSON = "The message is not valid JSON."
#: The largest body in another form than a laptop's that is read strictly, for a precise
#: refusal; a laptop's own report is a few kilobytes.
READ_STRICTLY_UP_TO = 16 * 1024


def _sent(hub: Hub, body: bytes) -> tuple[Envelope, Device]:
    """The envelope a laptop sent over the network, and its laptop, with the signature
    checked before any JSON is read. A laptop sends its envelope in canonical JSON (the
    form it signs), so the signature is checked on the body's own bytes: a body naming a
    laptop the hub knows, signed with another key, costs one lookup and one Ed25519 check
    (a 180 KB one took 12 ms to read and check before; bench/hub_bench.py). A body in any
    other form is refused: if it is small, after the strict reading has said what is wrong
    with it (for whoever is writing a laptop's code); if it is big, unread (the strict
    reading checks every object in Python: a 250 KB array of small ones took 25 ms)."""
    sent = signed_body(body)
    if sent is None:
        claimed, readable = _claim(body)
        if claimed is not None and hub.storage.device(claimed) is None:
            raise Refusal("unknown-device", _UNKNOWN_DEVICE)
        if len(body) <= READ_STRICTLY_UP_TO:
            try:
                read_envelope_form(parse_json(body))
            except ProtocolError as error:
                raise Refusal.of(error) from None
        if not readable:
            raise Refusal("bad-json", _NOT_JSON)
        raise Refusal("bad-envelope", NOT_CANONICAL)
    device = _usable_device(hub, sent.device)
    try:
        check_own_key(device.public_key, sent.device)
        verify_canonical(device.public_key, "report", sent.signed, sent.signature)
        return read_sent_envelope(sent, body), device
    except ProtocolError as error:
        raise Refusal.of(error) from None


def _read(hub: Hub, data: object, may_see: Callable[[str], bool] | None) -> tuple[Envelope, Device]:
    """An envelope already read (from a USB file of reports), and its laptop, with the
    signature checked; one for a school the importer may not see is refused as for a
    school that is not there, before its laptop is looked up."""
    envelope = _read_form(data)
    claimed_school = envelope.report.get("school")
    if may_see is not None and not (isinstance(claimed_school, str) and may_see(claimed_school)):
        raise Refusal("unknown-school", _NO_SCHOOL)
    device = _usable_device(hub, envelope.device)
    try:
        envelope.verified(device.public_key)
    except ProtocolError as error:
        raise Refusal.of(error) from None
    return envelope, device


def _read_form(data: object) -> Envelope:
    try:
        return read_envelope_form(data)
    except ProtocolError as error:
        raise Refusal.of(error) from None


def _usable_device(hub: Hub, device_id: str) -> Device:
    """The laptop, if the hub knows it and it is still connected."""
    device = hub.storage.device(device_id)
    if device is None:
        raise Refusal("unknown-device", _UNKNOWN_DEVICE)
    if device.revoked is not None:
        raise Refusal(
            "revoked",
            "The school has disconnected this laptop. Please talk to the school's coordinator.",
        )
    return device


_NO_SCHOOL = "There is no such school on this hub."
_UNKNOWN_DEVICE = (
    "This laptop is not connected to the school's hub. Please connect it again "
    "with a new invitation."
)


def claimed_device(body: bytes) -> str | None:
    """The device a body names, read by the C parser, which is several times quicker
    than the strict one (which checks every object for repeated names in Python). Only
    ever used to refuse a device the hub does not know; a body from a known one is then
    read strictly, so the two parsers cannot be played against each other."""
    return _claim(body)[0]


def _claim(body: bytes) -> tuple[str | None, bool]:
    """``claimed_device``, and whether the C parser could read the body at all."""
    # A laptop's envelope is canonical JSON, keys in order: its device comes first, and is
    # read without parsing the rest (a 180 KB junk body took 5 ms to parse; bench/hub_bench).
    head = _CANONICAL_HEAD.match(body)
    if head is not None:
        return head.group(1).decode("ascii"), True
    try:
        data = json.loads(body)
    except (ValueError, RecursionError):
        return None, False  # bad-json, or the strict reading's own words if it is small
    device = data.get("device") if isinstance(data, dict) else None
    return (device if isinstance(device, str) and _DEVICE.fullmatch(device) else None), True


def _held_already(
    hub: Hub, envelope: Envelope, earlier: list[StoredReport]
) -> tuple[int, Any] | None:
    """The answer for a report the hub holds already, from this laptop or (the same
    content) another; ``Refusal`` for a different one from this laptop for that period."""
    report_id = envelope.report_id
    for held in earlier:
        if held.report_id == report_id:
            if held.digest == envelope.digest:
                return 200, held.receipt
            raise Refusal("changed-report", _CHANGED)
    digest = envelope.digest
    first = hub.storage.first_received(report_id.school, report_id.period, digest)
    if first is not None:
        # The same report re-signed by another device: the laptop connected again after
        # its first answer was lost. The laptop's noise makes two laptops' reports differ,
        # so identical content is one report, counted once.
        return 200, signed_receipt(hub.key, Receipt(report_id, digest, first))
    return None


def _store(hub: Hub, envelope: Envelope, now: datetime) -> tuple[int, Any]:
    digest = envelope.digest
    report_id = envelope.report_id
    receipt = signed_receipt(hub.key, Receipt(report_id, digest, now))
    envelope_json = {
        "protocol": envelope.protocol,
        "device": envelope.device,
        "report": envelope.report,
        "signature": envelope.signature,
    }
    outcome = hub.storage.store_report(
        StoredReport(
            report_id=envelope.report_id,
            digest=digest,
            report=envelope.report,
            envelope=envelope_json,
            receipt=receipt,
            received=now,
        )
    )
    if outcome.stored:
        return 201, receipt
    if outcome.held.digest == digest:
        return 200, outcome.held.receipt
    raise Refusal("changed-report", _CHANGED)


_CHANGED = (
    "The school already has a different report from this laptop for this period. "
    "A report cannot be changed once it has been received."
)


@dataclass(frozen=True)
class BundleOutcome:
    """What became of one report in a USB bundle."""

    index: int  # its place in the bundle, from 0
    status: int
    receipt: dict[str, Any] | None
    error: str | None = None
    reason: str | None = None

    @property
    def ok(self) -> bool:
        return self.receipt is not None


def import_bundle(
    hub: Hub, body: bytes, now: datetime, may_see: Callable[[str], bool] | None = None
) -> list[BundleOutcome]:
    """Each report in a bundle, with the same checks as an upload. A refused report does
    not stop the others. Raises ``Refusal`` if the file is not a bundle at all.
    ``may_see``: as for ``receive_report`` (a school coordinator adds only their school's)."""
    try:
        envelopes = read_bundle(body)
    except ProtocolError as error:
        raise Refusal.of(error) from None
    outcomes = []
    for index, envelope in enumerate(envelopes):
        try:
            status, receipt = receive_report(hub, envelope, now, may_see=may_see)
        except Refusal as refusal:
            outcomes.append(
                BundleOutcome(index, refusal.status, None, refusal.code, refusal.reason)
            )
        else:
            outcomes.append(BundleOutcome(index, status, receipt))
    return outcomes


def enrol(hub: Hub, body_or_json: bytes | object, now: datetime) -> dict[str, Any]:
    """Enrol a laptop with a one-time invitation token: the answer the README promises."""
    try:
        enrolment = read_enrolment(_parsed(body_or_json))
    except ProtocolError as error:
        raise Refusal.of(error) from None
    digest = token_digest(enrolment.token)
    invitation = _invitation_of_token(hub, digest)
    slug = enrolment.school or (invitation.school if invitation else None)
    if slug is None:
        raise Refusal("unknown-token", _TOKEN_REASONS["unknown-token"])
    school = hub.storage.school(slug)
    if school is None:
        raise Refusal("unknown-school", _NO_SCHOOL)
    held = hub.storage.device(enrolment.device)
    if (
        held is not None
        and invitation is not None
        and invitation.device == held.device
        and held.school == school.slug
        and held.revoked is None
    ):
        # The same laptop with the same token again: its first answer was lost on the
        # way. Saying "already used" would lock it out of the school for good.
        return _enrolment_answer(hub, held, school)
    device = Device(
        device=enrolment.device,
        school=school.slug,
        public_key=enrolment.device_key,
        enrolled=now,
        revoked=None,
        last_report=None,
    )
    refused = hub.storage.take_invitation(digest, school.slug, device, now)
    if refused is not None:
        raise Refusal(refused, _TOKEN_REASONS[refused])
    return _enrolment_answer(hub, device, school)


def _enrolment_answer(hub: Hub, device: Device, school: School) -> dict[str, Any]:
    return {
        "device": device.device,
        "school": school.slug,
        "school_name": school.name,
        "hub_key": hub.public_key_text,
        "policy": signed_policy(hub.key, school.policy),
    }


def _invitation_of_token(hub: Hub, digest: str) -> InvitationRecord | None:
    """The invitation a token belongs to: a typed code does not name its school, and a
    token already used says by which laptop."""
    for invitation in hub.storage.invitations():
        if invitation.token_digest == digest:
            return invitation
    return None


def policy_for(hub: Hub, school: str) -> dict[str, Any]:
    """The school's signed policy, for ``GET /api/v1/policy/{school}``."""
    # Checked before the database sees it: PostgreSQL refuses text holding NUL, and no
    # name outside the pattern can be a school's anyway.
    held = hub.storage.school(school) if _SCHOOL.fullmatch(school) else None
    if held is None:
        raise Refusal("unknown-school", _NO_SCHOOL)
    return signed_policy(hub.key, held.policy)
