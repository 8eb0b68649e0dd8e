"""The wire between a mentor's laptop and the school hub: written once, used by both ends.

Everything that crosses is canonical JSON (sorted keys, no spaces, UTF-8, no NaN, no
duplicate keys). Whatever is signed is signed over a purpose line and the canonical
bytes of its payload, so a signature made for one purpose (a report) can never be
passed off as another (an enrolment, a receipt).

- A **device** is a laptop's profile enrolled with one school. Its Ed25519 key is made on
  the laptop and kept sealed in the vault; its id is derived from its public key.
- An **invitation** lets one device enrol once: a one-time token, the hub's address and
  the fingerprint of the hub's signing key, which the laptop checks and then pins.
- A **report envelope** carries one report (``report_schema``), signed by the device.
- A **receipt** is the hub's signed word that it holds exactly that report.
- A **policy** is the hub's signed word on how the school wants its reports.
"""

from __future__ import annotations

import base64
import hashlib
import json
import math
import re
import secrets
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from functools import cached_property
from typing import Any

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey

from parentrus_sync.budget import DEFAULT_DELTA, DEFAULT_EPSILON, HIGHEST_EPSILON
from parentrus_sync.periods import PeriodKind, period_named
from parentrus_sync.report_schema import SCHOOL_PATTERN, first_report_problem
from parentrus_sync.report_shape import (
    ACCEPTED_FORMATS,
    CADENCES,
    DEFAULT_BREAKDOWNS,
    DEFAULT_FAMILIES_PER_LAPTOP,
    FAMILIES_PER_LAPTOP_RANGE,
    FIRST_FORMAT,
    in_report_order,
)
from parentrus_sync.school_plan import LOWEST_EPSILON, ReportPlan

#: Versions of this protocol this build speaks, oldest first.
PROTOCOL_VERSIONS: tuple[int, ...] = (1,)
#: Where the laptop finds the hub's API, for version 1.
API_ROOT = "/api/v1"
#: The largest body the hub reads. A month's report is under 4 kB; a USB bundle of a
#: year for several schools is well under this.
LARGEST_BODY = 256 * 1024
#: The longest a school may ask its laptops to keep a closed family's records, in months
#: (the same range as the mentor's own rule on the laptop).
KEEP_CLOSED_MONTHS_RANGE = (1, 120)
#: Integers JSON can carry exactly between any two implementations.
_LARGEST_SAFE_INT = 2**53 - 1

_SCHOOL = re.compile(SCHOOL_PATTERN)
# Crockford's base32: no I, L, O or U, so a code read aloud or copied by hand survives.
_CODE_ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
_CODE_MISREAD = str.maketrans({"I": "1", "L": "1", "O": "0", "U": "V"})
#: An invitation code: 12 characters of one-time token, then 12 of the hub key's
#: fingerprint, so a code typed by hand still lets the laptop check the hub (60 bits each).
CODE_TOKEN_CHARS = 12
CODE_FINGERPRINT_CHARS = 12


#: Every code the wire can carry in a refusal (``{"error": code, "reason": ...}``) or in
#: a ``ProtocolError``: what this module raises, and what the hub answers with (its
#: ``ingest.STATUS``). Programs act on the code; the laptop shows a mentor its own words
#: for each code, in the mentor's language, never the English ``reason``. A code added
#: here needs those words (tests/outbox/test_outbox_refusal_words.py checks).
REFUSAL_CODES = frozenset(
    {
        # the message itself
        "bad-json", "bad-number", "not-json", "too-large", "bad-field", "version",
        # invitations, codes and addresses
        "bad-invitation", "bad-code", "bad-address", "insecure-address",
        "unknown-token", "used-token", "expired-token",
        # enrolment, policy, reports and receipts
        "bad-enrolment", "bad-policy", "policy-over-budget", "bad-envelope", "bad-report",
        "future-period",
        "bad-signature", "bad-receipt", "bad-bundle", "changed-report",
        # a report the school's policy does not allow (the hub's checks of format 2)
        "bad-privacy", "overlapping-period", "beyond-limit", "budget-exceeded",
        # who may send
        "unknown-device", "revoked", "wrong-school", "unknown-school", "slow-down",
    }
)  # fmt: skip


class ProtocolError(ValueError):
    """Something on the wire is not what this protocol allows. ``code`` is for programs,
    ``reason`` is a plain sentence for people."""

    def __init__(self, code: str, reason: str) -> None:
        super().__init__(reason)
        self.code = code
        self.reason = reason


# --- canonical JSON -------------------------------------------------------------------


def canonical_json(value: Any) -> bytes:
    """The one byte form of a JSON value: what is signed, hashed and compared."""
    _check_values(value)
    return _canonical_dumps(value)


def _canonical_dumps(value: Any) -> bytes:
    """``canonical_json`` of a value whose numbers and names are known to be allowed."""
    return json.dumps(
        value, sort_keys=True, separators=(",", ":"), ensure_ascii=False, allow_nan=False
    ).encode("utf-8")


def _check_values(value: Any) -> None:
    if isinstance(value, bool) or value is None or isinstance(value, str):
        return
    if isinstance(value, int):
        if abs(value) > _LARGEST_SAFE_INT:
            raise ProtocolError("bad-number", "A number is too large to send safely.")
        return
    if isinstance(value, float):
        if not math.isfinite(value):
            raise ProtocolError("bad-number", "A number is not a real number.")
        return
    if isinstance(value, Mapping):
        for key, item in value.items():
            if not isinstance(key, str):
                raise ProtocolError("bad-json", "Every name in the message must be text.")
            _check_values(item)
        return
    if isinstance(value, list | tuple):
        for item in value:
            _check_values(item)
        return
    raise ProtocolError("bad-json", f"A {type(value).__name__} cannot be sent.")


def _no_duplicate_keys(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    result: dict[str, Any] = {}
    for key, value in pairs:
        if key in result:
            # Two parsers could each take a different one of the two; refuse both.
            raise ProtocolError("bad-json", "The message names the same field twice.")
        result[key] = value
    return result


def _no_constants(name: str) -> Any:
    raise ProtocolError("bad-json", f"The message holds {name}, which is not a number.")


def parse_json(body: bytes, *, largest: int = LARGEST_BODY) -> Any:
    """Read a JSON body strictly: bounded size, UTF-8, no duplicate keys, no NaN."""
    if len(body) > largest:
        raise ProtocolError("too-large", "The message is too large.")
    try:
        text = body.decode("utf-8")
    except UnicodeDecodeError:
        raise ProtocolError("bad-json", "The message is not UTF-8 text.") from None
    try:
        value = json.loads(text, object_pairs_hook=_no_duplicate_keys, parse_constant=_no_constants)
    except RecursionError:
        raise ProtocolError("bad-json", "The message is nested too deeply.") from None
    except json.JSONDecodeError as error:
        raise ProtocolError("bad-json", f"The message is not valid JSON ({error.msg}).") from None
    except ProtocolError:
        raise  # NaN or Infinity (_no_constants), already in plain words
    except ValueError:
        # Python refuses to read an integer of more than 4,300 digits.
        raise ProtocolError("bad-json", "A number is too large to send safely.") from None
    _check_values(value)
    return value


# --- keys, fingerprints, signatures ---------------------------------------------------


def encode_bytes(raw: bytes) -> str:
    """Bytes as URL-safe base64 without padding."""
    return base64.urlsafe_b64encode(raw).rstrip(b"=").decode("ascii")


def decode_bytes(text: object, *, length: int | None = None, what: str = "value") -> bytes:
    """The bytes of ``encode_bytes`` text; ProtocolError for anything else."""
    if not isinstance(text, str) or not re.fullmatch(r"[A-Za-z0-9_-]*", text):
        raise ProtocolError("bad-field", f"The {what} is not in the expected form.")
    try:
        raw = base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))
    except ValueError:
        raise ProtocolError("bad-field", f"The {what} is not in the expected form.") from None
    if length is not None and len(raw) != length:
        raise ProtocolError("bad-field", f"The {what} has the wrong length.")
    return raw


def public_key_bytes(key: Ed25519PrivateKey | Ed25519PublicKey) -> bytes:
    public = key.public_key() if isinstance(key, Ed25519PrivateKey) else key
    return public.public_bytes_raw()


def fingerprint(public_key: bytes) -> str:
    """A public key's fingerprint: SHA-256 in Crockford base32, 52 characters."""
    return _base32(hashlib.sha256(b"parentrus-key\n" + public_key).digest())


def device_id(public_key: bytes) -> str:
    """A device's id, derived from its key, so no id can be claimed with another's key."""
    return "d-" + fingerprint(public_key)[:20].lower()


def grouped(text: str, size: int = 4) -> str:
    """Text in groups for reading aloud: ``K7Q2-M9XA-…``."""
    return "-".join(text[i : i + size] for i in range(0, len(text), size))


def _base32(raw: bytes) -> str:
    count = math.ceil(len(raw) * 8 / 5)
    # Padded on the right, as RFC 4648 does, so the first characters carry full bits.
    number = int.from_bytes(raw, "big") << (count * 5 - len(raw) * 8)
    chars = []
    for _ in range(count):
        chars.append(_CODE_ALPHABET[number & 31])
        number >>= 5
    return "".join(reversed(chars))


def _purpose_bytes(purpose: str, canonical: bytes) -> bytes:
    return b"parentrus/" + purpose.encode("ascii") + b"\n" + canonical


def sign(key: Ed25519PrivateKey, purpose: str, payload: Mapping[str, Any]) -> str:
    """An Ed25519 signature over the purpose and the payload's canonical bytes."""
    return encode_bytes(key.sign(_purpose_bytes(purpose, canonical_json(payload))))


def verify(public_key: bytes, purpose: str, payload: Mapping[str, Any], signature: object) -> None:
    """ProtocolError unless ``signature`` is the key's signature of this payload."""
    verify_canonical(public_key, purpose, canonical_json(payload), signature)


def verify_canonical(public_key: bytes, purpose: str, canonical: bytes, signature: object) -> None:
    """``verify``, given the payload's canonical bytes themselves (``SignedBody``)."""
    raw = decode_bytes(signature, length=64, what="signature")
    try:
        Ed25519PublicKey.from_public_bytes(public_key).verify(
            raw, _purpose_bytes(purpose, canonical)
        )
    except (InvalidSignature, ValueError):
        raise ProtocolError("bad-signature", "The signature does not match.") from None


def new_key() -> Ed25519PrivateKey:
    return Ed25519PrivateKey.generate()


def key_from_private_bytes(raw: bytes) -> Ed25519PrivateKey:
    return Ed25519PrivateKey.from_private_bytes(raw)


def private_key_bytes(key: Ed25519PrivateKey) -> bytes:
    return key.private_bytes_raw()


# --- version negotiation --------------------------------------------------------------


def negotiate(
    theirs: object, ours: tuple[int, ...] = PROTOCOL_VERSIONS, *, they: str = "The school's hub"
) -> int:
    """The newest version both ends speak; ProtocolError with a plain reason if none.
    ``they`` names the other end in the reason, which the laptop's user reads."""
    if not isinstance(theirs, list) or not all(
        isinstance(v, int) and not isinstance(v, bool) for v in theirs
    ):
        raise ProtocolError("bad-field", "The list of versions is not in the expected form.")
    versions: list[int] = theirs
    common = set(versions) & set(ours)
    if common:
        return max(common)
    if versions and max(versions) > max(ours):
        reason = f"{they} is newer than this program. Please update this program."
    else:
        reason = f"{they} is older than this program. Please update {they.lower()}."
    raise ProtocolError("version", reason)


# --- periods on the wire --------------------------------------------------------------


def period_has_ended(name: str, today: date, *, leeway_days: int = 1) -> bool:
    """Whether the period is over. ``leeway_days`` allows for a laptop clock a day ahead.
    ProtocolError for a name the schema's pattern allows but no calendar has (0000-01,
    a week 53 in a year of 52)."""
    try:
        return period_named(name).last < today + timedelta(days=leeway_days)
    except (ValueError, OverflowError):
        raise ProtocolError(
            "bad-report", "The report's period is not a real term or month."
        ) from None


# --- invitations ----------------------------------------------------------------------


def new_token() -> str:
    """A one-time enrolment token: 60 random bits in Crockford base32."""
    return "".join(secrets.choice(_CODE_ALPHABET) for _ in range(CODE_TOKEN_CHARS))


def token_digest(token: str) -> str:
    """What the hub keeps of a token, so a copy of its database cannot enrol a laptop."""
    return hashlib.sha256(b"parentrus-token\n" + token.encode("ascii")).hexdigest()


@dataclass(frozen=True)
class InvitationCode:
    """What a coordinator reads out or a mentor types: token, then fingerprint prefix."""

    token: str
    fingerprint_prefix: str

    def __str__(self) -> str:
        return grouped(self.token + self.fingerprint_prefix)

    @classmethod
    def parse(cls, text: str) -> InvitationCode:
        cleaned = re.sub(r"[\s-]", "", text).upper().translate(_CODE_MISREAD)
        wanted = CODE_TOKEN_CHARS + CODE_FINGERPRINT_CHARS
        if len(cleaned) != wanted or any(c not in _CODE_ALPHABET for c in cleaned):
            raise ProtocolError(
                "bad-code",
                "That code is not complete. A code has 24 letters and numbers, "
                "in six groups of four.",
            )
        return cls(cleaned[:CODE_TOKEN_CHARS], cleaned[CODE_TOKEN_CHARS:])

    def matches(self, hub_key: bytes) -> bool:
        return fingerprint(hub_key).startswith(self.fingerprint_prefix)


@dataclass(frozen=True)
class Invitation:
    """The invitation file: everything a laptop needs to enrol with one school."""

    hub: str  # the hub's address, https:// (http:// only to loopback)
    school: str  # the school's name on the wire (a slug)
    school_name: str  # the name people use, for the laptop's screens only
    token: str
    hub_fingerprint: str
    expires: datetime
    tls_pin: str | None = None  # SHA-256 of a self-signed certificate's public key (SPKI), base64

    @property
    def code(self) -> InvitationCode:
        return InvitationCode(self.token, self.hub_fingerprint[:CODE_FINGERPRINT_CHARS])

    def to_json(self) -> dict[str, Any]:
        return {
            "kind": "parentrus-invitation",
            "protocol": list(PROTOCOL_VERSIONS),
            "hub": self.hub,
            "school": self.school,
            "school_name": self.school_name,
            "token": self.token,
            "hub_fingerprint": self.hub_fingerprint,
            "expires": self.expires.isoformat(),
            "tls_pin": self.tls_pin,
        }

    def to_file_bytes(self) -> bytes:
        return json.dumps(self.to_json(), indent=2, ensure_ascii=False).encode("utf-8") + b"\n"

    @classmethod
    def from_file_bytes(cls, body: bytes) -> Invitation:
        data = parse_json(body, largest=16 * 1024)
        if not isinstance(data, dict) or data.get("kind") != "parentrus-invitation":
            raise ProtocolError("bad-invitation", "This file is not an invitation from a school.")
        try:
            invitation = cls(
                hub=_text(data, "hub"),
                school=_slug(data, "school"),
                school_name=_text(data, "school_name"),
                token=_token(data),
                hub_fingerprint=_text(data, "hub_fingerprint"),
                expires=datetime.fromisoformat(_text(data, "expires")),
                tls_pin=_pin(data.get("tls_pin")),
            )
        except (ProtocolError, ValueError):
            raise ProtocolError(
                "bad-invitation", "This invitation file is damaged. Please ask for a new one."
            ) from None
        check_hub_address(invitation.hub)
        return invitation


def check_hub_address(address: str) -> str:
    """The hub's address if it may be used: HTTPS, or plain HTTP to this computer only."""
    match = re.fullmatch(r"(https?)://([^/:?#\s]+|\[[0-9a-fA-F:]+\])(:[0-9]{1,5})?/?", address)
    if not match:
        raise ProtocolError("bad-address", "The school's hub address is not a web address.")
    scheme, host = match.group(1), match.group(2).lower()
    if scheme == "http" and host not in {"127.0.0.1", "localhost", "[::1]"}:
        raise ProtocolError(
            "insecure-address",
            "The school's hub address must start with https:// so nobody can read what is sent.",
        )
    return address.rstrip("/")


# --- enrolment ------------------------------------------------------------------------


def enrolment_request(key: Ed25519PrivateKey, token: str, school: str) -> dict[str, Any]:
    """What a laptop sends to enrol: the token, its public key, and proof it holds the key.
    ``school`` is "" when the laptop has only a code: the hub takes the token's school."""
    payload = {
        "protocol": max(PROTOCOL_VERSIONS),
        "token": token,
        "school": school,
        "device_key": encode_bytes(public_key_bytes(key)),
    }
    return {**payload, "proof": sign(key, "enrol", payload)}


@dataclass(frozen=True)
class Enrolment:
    token: str
    school: str
    device_key: bytes

    @property
    def device(self) -> str:
        return device_id(self.device_key)


def read_enrolment(data: object) -> Enrolment:
    """The hub's reading of an enrolment request; ProtocolError if it is not one."""
    if not isinstance(data, dict) or set(data) != {
        "protocol",
        "token",
        "school",
        "device_key",
        "proof",
    }:
        raise ProtocolError("bad-enrolment", "The request to connect is not in the expected form.")
    negotiate([data["protocol"]], they="The laptop's app")
    token = _token(data)
    # An empty school: the laptop has only the invitation's code, which does not name the
    # school; the hub takes the school the token was made for.
    school = "" if data["school"] == "" else _slug(data, "school")
    key = decode_bytes(data["device_key"], length=32, what="device key")
    payload = {k: data[k] for k in ("protocol", "token", "school", "device_key")}
    verify(key, "enrol", payload, data["proof"])
    return Enrolment(token=token, school=school, device_key=key)


# --- policy ---------------------------------------------------------------------------


@dataclass(frozen=True)
class Policy:
    """How the school wants its reports: which breakdowns from the menu, how often (each
    term by default, or each month), the yearly privacy budget per family, how many
    families a laptop may count, grace days for late entries, and (optionally) the longest
    a laptop may keep a closed family's records."""

    school: str
    period_kind: PeriodKind = PeriodKind.TERM
    grace_days: int = 3
    epsilon: float = DEFAULT_EPSILON  # per family, per school, per school year
    breakdowns: tuple[str, ...] = DEFAULT_BREAKDOWNS
    families_per_laptop: int = DEFAULT_FAMILIES_PER_LAPTOP
    # None: the school sets no maximum and each mentor's own rule holds.
    keep_closed_months: int | None = None

    def plan(self) -> ReportPlan:
        """What the policy asks for, with every σ: the one accountant both ends use."""
        return ReportPlan(
            self.breakdowns, self.period_kind, self.epsilon, DEFAULT_DELTA, self.families_per_laptop
        )

    def to_json(self) -> dict[str, Any]:
        sent: dict[str, Any] = {
            "school": self.school,
            "period": self.period_kind.value,
            "grace_days": self.grace_days,
            "epsilon": self.epsilon,
            "breakdowns": list(self.breakdowns),
            "families_per_laptop": self.families_per_laptop,
        }
        # Left out when there is no maximum: a policy without one is, byte for byte, what
        # a hub from before this field signs, so laptops from before it still read it.
        if self.keep_closed_months is not None:
            sent["keep_closed_months"] = self.keep_closed_months
        return sent

    @classmethod
    def from_json(cls, data: object) -> Policy:
        fields = {"school", "period", "grace_days", "epsilon", "breakdowns", "families_per_laptop"}
        # A hub from before the retention maximum does not send it: no maximum.
        if not isinstance(data, dict) or set(data) - {"keep_closed_months"} != fields:
            raise ProtocolError("bad-policy", "The school's settings are not in the expected form.")
        epsilon, grace, families = data["epsilon"], data["grace_days"], data["families_per_laptop"]
        keep = data.get("keep_closed_months")
        try:
            chosen = in_report_order(data["breakdowns"])
        except ValueError:
            chosen = ()
        if _is_number(epsilon) and epsilon > HIGHEST_EPSILON:
            raise ProtocolError(
                "policy-over-budget",
                f"The school asks for a privacy limit of {epsilon} for each family in a year; "
                f"the highest any laptop allows is {HIGHEST_EPSILON}.",
            )
        if (
            data["period"] not in {k.value for k in CADENCES}
            or not _whole(grace)
            or not 0 <= grace <= 31
            or not _whole(families)
            or not FAMILIES_PER_LAPTOP_RANGE[0] <= families <= FAMILIES_PER_LAPTOP_RANGE[1]
            or not _is_number(epsilon)
            or not LOWEST_EPSILON <= epsilon <= HIGHEST_EPSILON
            or not chosen
            or not (keep is None or keep_closed_months_allowed(keep))
        ):
            raise ProtocolError("bad-policy", "The school's settings are outside what is allowed.")
        return cls(
            school=_slug(data, "school"),
            period_kind=PeriodKind(data["period"]),
            grace_days=grace,
            epsilon=float(epsilon),
            breakdowns=chosen,
            families_per_laptop=families,
            keep_closed_months=keep,
        )


def keep_closed_months_allowed(months: object) -> bool:
    """Whether a school may ask for this longest keep: whole months from 1 to 120."""
    low, high = KEEP_CLOSED_MONTHS_RANGE
    return isinstance(months, int) and not isinstance(months, bool) and low <= months <= high


def _whole(value: object) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def _is_number(value: object) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool) and math.isfinite(value)


def signed_policy(hub_key: Ed25519PrivateKey, policy: Policy) -> dict[str, Any]:
    payload = policy.to_json()
    return {"policy": payload, "signature": sign(hub_key, "policy", payload)}


def read_signed_policy(data: object, hub_key: bytes) -> Policy:
    if not isinstance(data, dict) or set(data) != {"policy", "signature"}:
        raise ProtocolError("bad-policy", "The school's settings are not in the expected form.")
    verify(hub_key, "policy", data["policy"], data["signature"])
    return Policy.from_json(data["policy"])


# --- reports and receipts -------------------------------------------------------------


@dataclass(frozen=True)
class ReportId:
    """One report: one device, one school, one period. The hub holds at most one each."""

    device: str
    school: str
    period: str

    def __str__(self) -> str:
        return f"{self.device}/{self.school}/{self.period}"


def report_digest(report: Mapping[str, Any]) -> str:
    """SHA-256 of the report's canonical bytes: what 'the same report' means."""
    return hashlib.sha256(canonical_json(report)).hexdigest()


def report_envelope(key: Ed25519PrivateKey, report: Mapping[str, Any]) -> dict[str, Any]:
    """A report signed by the device, ready to send or to save to a file."""
    payload = {
        "protocol": max(PROTOCOL_VERSIONS),
        "device": device_id(public_key_bytes(key)),
        "report": dict(report),
    }
    return {**payload, "signature": sign(key, "report", payload)}


@dataclass(frozen=True)
class Envelope:
    """A report envelope as read off the wire; the signature is checked with ``verified``."""

    protocol: int
    device: str
    report: dict[str, Any]
    signature: str

    @property
    def report_id(self) -> ReportId:
        return ReportId(self.device, str(self.report["school"]), str(self.report["period"]))

    @cached_property  # asked again when the report is stored: worked out once
    def digest(self) -> str:
        return report_digest(self.report)

    def payload_bytes(self) -> bytes:
        """The canonical bytes of what the laptop signed."""
        payload = {"protocol": self.protocol, "device": self.device, "report": self.report}
        return canonical_json(payload)

    def verified(self, device_key: bytes) -> Envelope:
        """Self, if signed by ``device_key``, which must be this device's own key."""
        check_own_key(device_key, self.device)
        verify_canonical(device_key, "report", self.payload_bytes(), self.signature)
        return self


def check_own_key(device_key: bytes, device: str) -> None:
    """ProtocolError unless ``device_key`` is the key ``device``'s id is made from."""
    if device_id(device_key) != device:
        raise ProtocolError("bad-signature", "The report was signed by another laptop.")


@dataclass(frozen=True)
class SignedBody:
    """A report envelope as a laptop sends it, in canonical JSON, cut into its laptop,
    the bytes its signature covers and the signature, without reading the JSON: so the
    hub can check a signature before it parses anything (``signed_body``)."""

    device: str
    signed: bytes  # the canonical bytes of {"device", "protocol", "report"}
    signature: str


# Canonical JSON sorts names, so a laptop's envelope is its device, its protocol and its
# report, then its signature (86 characters: 64 bytes of URL-safe base64) last. What comes
# before the signature, closed, is the signed payload's canonical bytes.
_SIGNED_BODY = re.compile(
    rb'\{"device":"(d-[0-9a-z]{20})","protocol":.*(,"signature":"([A-Za-z0-9_-]{86})"\})',
    re.DOTALL,
)


def signed_body(body: bytes) -> SignedBody | None:
    """The parts of a body in the form a laptop sends an envelope, or None if it is not
    in that form. Only the form is known: whether the whole body is canonical is known
    once it is read (``Envelope.payload_bytes``)."""
    found = _SIGNED_BODY.fullmatch(body)
    if found is None:
        return None
    return SignedBody(
        found.group(1).decode("ascii"),
        body[: found.start(2)] + b"}",
        found.group(3).decode("ascii"),
    )


NOT_CANONICAL = (
    "The report is not in the form a laptop sends it (canonical JSON, the bytes its "
    "signature covers)."
)


def read_sent_envelope(sent: SignedBody, body: bytes) -> Envelope:
    """The envelope of ``body``, cut by ``signed_body`` and its signature checked: read
    strictly, and ProtocolError ``bad-envelope`` unless the signed bytes are exactly its
    canonical form (other bytes under a good signature could be read two ways). Its
    digest is then the hash of the report's own bytes in the body, with nothing to
    write out again."""
    envelope = read_envelope_form(parse_json(body))
    payload = {"protocol": envelope.protocol, "device": envelope.device, "report": envelope.report}
    if _canonical_dumps(payload) != sent.signed:  # parse_json has checked every value
        raise ProtocolError("bad-envelope", NOT_CANONICAL)
    start = sent.signed.index(b',"report":') + len(b',"report":')
    # Where Envelope.digest keeps what it works out (functools.cached_property).
    envelope.__dict__["digest"] = hashlib.sha256(sent.signed[start:-1]).hexdigest()
    return envelope


def read_envelope(data: object, today: date) -> Envelope:
    """A report envelope whose form and report are allowed; the signature and the
    device are for the hub to check against what it knows (``Envelope.verified``)."""
    envelope = read_envelope_form(data)
    check_envelope_report(envelope.report, today)
    return envelope


def read_envelope_form(data: object) -> Envelope:
    """The envelope's own few fields, checked cheaply; its report is only known to be an
    object. The hub checks the device and the signature next, and the report (the costly
    part) only for a laptop it knows (``check_envelope_report``)."""
    if not isinstance(data, dict) or set(data) != {"protocol", "device", "report", "signature"}:
        raise ProtocolError("bad-envelope", "The report is not in the expected form.")
    protocol = negotiate([data["protocol"]], they="The laptop's app")
    device = data["device"]
    if not isinstance(device, str) or not re.fullmatch(r"d-[0-9a-z]{20}", device):
        raise ProtocolError("bad-envelope", "The laptop's id is not in the expected form.")
    if not isinstance(data["signature"], str):
        raise ProtocolError("bad-signature", "The signature is not in the expected form.")
    report = data["report"]
    if not isinstance(report, dict):
        raise ProtocolError(
            "bad-report", "The report does not fit the format: it is not an object."
        )
    return Envelope(protocol, device, report, data["signature"])


def check_envelope_report(report: dict[str, Any], today: date) -> None:
    """ProtocolError unless the report is of a format the hub takes (the current one, or
    the one before from a laptop not yet updated), fits its format's schema (the first
    problem is named) and is for a real period that has ended by ``today``."""
    _check_format(report)
    problem = first_report_problem(report)
    if problem is not None:
        raise ProtocolError("bad-report", "The report does not fit the format: " + problem)
    if not _is_period_name(report["period"]):
        raise ProtocolError("bad-report", "The report's period is not a real term or month.")
    if not period_has_ended(report["period"], today):
        raise ProtocolError("future-period", "The report is for a period that has not ended yet.")


def _check_format(report: object) -> None:
    """A report of another format is refused as a version problem, in plain words: one
    of the first format comes from a laptop whose app needs updating."""
    stated = report.get("format") if isinstance(report, dict) else None
    if not isinstance(stated, str) or not stated.startswith("parentrus-report/"):
        return  # not a report at all: the schema says what is wrong
    if stated == FIRST_FORMAT:
        raise ProtocolError(
            "version",
            "This report is in the old format, which the school's hub no longer takes. "
            "Please update the Parent'R'Us Mentor app on this laptop.",
        )
    if stated not in ACCEPTED_FORMATS:
        raise ProtocolError(
            "version",
            "This report is in a format the school's hub does not know. "
            "Please ask the school to update its hub.",
        )


@dataclass(frozen=True)
class Receipt:
    """The hub's signed word that it holds exactly one report."""

    report_id: ReportId
    digest: str
    received: datetime

    def to_json(self) -> dict[str, Any]:
        return {
            "device": self.report_id.device,
            "school": self.report_id.school,
            "period": self.report_id.period,
            "digest": self.digest,
            "received": self.received.isoformat(),
        }


def signed_receipt(hub_key: Ed25519PrivateKey, receipt: Receipt) -> dict[str, Any]:
    payload = receipt.to_json()
    return {"receipt": payload, "signature": sign(hub_key, "receipt", payload)}


def read_signed_receipt(data: object, hub_key: bytes) -> Receipt:
    """The receipt, if the pinned hub key signed it; ProtocolError otherwise."""
    if not isinstance(data, dict) or set(data) != {"receipt", "signature"}:
        raise ProtocolError("bad-receipt", "The school's receipt is not in the expected form.")
    payload = data["receipt"]
    verify(hub_key, "receipt", payload, data["signature"])
    try:
        return Receipt(
            ReportId(payload["device"], payload["school"], payload["period"]),
            str(payload["digest"]),
            datetime.fromisoformat(payload["received"]),
        )
    except (KeyError, TypeError, ValueError):
        raise ProtocolError("bad-receipt", "The school's receipt is damaged.") from None


# --- bundles (for venues with no network) ---------------------------------------------


def bundle(envelopes: list[Mapping[str, Any]]) -> bytes:
    """Signed reports in one file for a USB stick; each keeps its own signature."""
    return canonical_json({"kind": "parentrus-bundle", "protocol": 1, "reports": envelopes})


def read_bundle(body: bytes) -> list[object]:
    """The envelopes in a bundle, each still to be read and checked one by one."""
    data = parse_json(body, largest=64 * LARGEST_BODY)
    if (
        not isinstance(data, dict)
        or data.get("kind") != "parentrus-bundle"
        or set(data) != {"kind", "protocol", "reports"}
        or not isinstance(data["reports"], list)
    ):
        raise ProtocolError("bad-bundle", "This file is not a file of reports from a laptop.")
    negotiate([data["protocol"]], they="The laptop's app")
    reports: list[object] = data["reports"]
    return reports


# --- small readers --------------------------------------------------------------------


def _text(data: Mapping[str, Any], name: str) -> str:
    value = data.get(name)
    if not isinstance(value, str) or not value or len(value) > 2000:
        raise ProtocolError("bad-field", f"The field {name} is missing or not text.")
    return value


def _slug(data: Mapping[str, Any], name: str) -> str:
    value = _text(data, name)
    if not _SCHOOL.fullmatch(value):
        raise ProtocolError("bad-field", f"The field {name} is not a school's name on the wire.")
    return value


def _is_period_name(name: str) -> bool:
    """Whether ``name`` is exactly a period's own name. The schema's pattern ends in $,
    which lets "2026-05\n" through (a second id for May); the calendar refuses 0000-01."""
    try:
        return period_named(name).name == name
    except (ValueError, OverflowError):
        return False


def _pin(value: object) -> str | None:
    """A certificate pin, or None: an empty one (a hub with no certificate of its own)
    pins nothing."""
    return value if isinstance(value, str) and value else None


def _token(data: Mapping[str, Any]) -> str:
    value = _text(data, "token")
    if len(value) != CODE_TOKEN_CHARS or any(c not in _CODE_ALPHABET for c in value):
        raise ProtocolError("bad-field", "The invitation's token is not in the expected form.")
    return value
