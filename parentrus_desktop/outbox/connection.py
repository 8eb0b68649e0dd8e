"""Connecting this laptop to a school's hub: enrol a device key, check and pin the hub's key."""

from __future__ import annotations

import dataclasses
import json
import secrets
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from parentrus_sync.client import (
    EnrolmentAnswer,
    HubClient,
    HubRefused,
    UntrustedCertificate,
    WrongHub,
)
from parentrus_sync.protocol import (
    Invitation,
    InvitationCode,
    Policy,
    ProtocolError,
    check_hub_address,
    decode_bytes,
    encode_bytes,
    enrolment_request,
    fingerprint,
    key_from_private_bytes,
)

from parentrus_desktop.domain import School, new_record_id
from parentrus_desktop.i18n import _
from parentrus_desktop.privacy.periods import PeriodKind
from parentrus_desktop.privacy.report import SchoolPolicy
from parentrus_desktop.store.unlocked import UnlockedProfile

#: The kind of sealed item a connection is kept as.
CONNECTION = "school-connection"
#: How long to wait for a hub before giving up for now.
TIMEOUT_SECONDS = 15.0


@dataclass(frozen=True)
class SchoolConnection:
    """This laptop's link with one school's hub, as the screens show it."""

    school_id: str  # the School record in this profile's directory
    school_name: str
    hub_address: str
    hub_school: str  # the school's name on the wire
    device: str  # this laptop's id at that hub (one per school)
    hub_fingerprint: str
    connected: datetime
    revoked: bool
    monthly: bool = False  # the school asks for a report each month, not each term


@dataclass(frozen=True)
class StoredConnection:
    """Everything kept (sealed) about a connection, for the outbox."""

    item_id: str
    public: SchoolConnection
    key_name: str  # the vault secret the device key comes from
    hub_key: bytes  # pinned
    tls_pin: str | None
    policy: Policy

    def device_key(self, profile: UnlockedProfile) -> Ed25519PrivateKey:
        return key_from_private_bytes(profile.secret(self.key_name))

    def client(self) -> HubClient:
        return HubClient(
            self.public.hub_address,
            timeout=TIMEOUT_SECONDS,
            pinned_hub_key=self.hub_key,
            tls_pin=self.tls_pin,
        )

    def school_policy(self) -> SchoolPolicy:
        return SchoolPolicy(plan=self.policy.plan(), grace_days=self.policy.grace_days)

    def to_bytes(self) -> bytes:
        c = self.public
        return json.dumps(
            {
                "school_id": c.school_id,
                "school_name": c.school_name,
                "hub_address": c.hub_address,
                "hub_school": c.hub_school,
                "device": c.device,
                "hub_fingerprint": c.hub_fingerprint,
                "connected": c.connected.isoformat(),
                "revoked": c.revoked,
                "key_name": self.key_name,
                "hub_key": encode_bytes(self.hub_key),
                "tls_pin": self.tls_pin,
                "policy": self.policy.to_json(),
            },
            ensure_ascii=False,
        ).encode()

    @classmethod
    def from_bytes(cls, item_id: str, raw: bytes) -> StoredConnection:
        data: dict[str, Any] = json.loads(raw)
        public = SchoolConnection(
            school_id=data["school_id"],
            school_name=data["school_name"],
            hub_address=data["hub_address"],
            hub_school=data["hub_school"],
            device=data["device"],
            hub_fingerprint=data["hub_fingerprint"],
            connected=datetime.fromisoformat(data["connected"]),
            revoked=bool(data["revoked"]),
        )
        policy = _kept_policy(data["policy"])
        public = dataclasses.replace(public, monthly=policy.period_kind is PeriodKind.MONTH)
        return cls(
            item_id=item_id,
            public=public,
            key_name=data["key_name"],
            hub_key=decode_bytes(data["hub_key"], length=32),
            tls_pin=data["tls_pin"],
            policy=policy,
        )


def _kept_policy(data: Any) -> Policy:
    """The school's policy as kept; one kept before report format 2 reads as the usual
    settings until the next sync brings the school's own again."""
    try:
        return Policy.from_json(data)
    except ProtocolError:
        school = data.get("school") if isinstance(data, dict) else None
        return Policy(school=school if isinstance(school, str) else "school")


def stored_connections(profile: UnlockedProfile) -> list[StoredConnection]:
    """Every connection, by school name."""
    found = [
        StoredConnection.from_bytes(i, raw) for i, raw in profile.sealed_items(CONNECTION).items()
    ]
    return sorted(found, key=lambda c: (c.public.school_name.casefold(), c.public.school_id))


def connections(profile: UnlockedProfile) -> list[SchoolConnection]:
    """This laptop's connections with schools, by school name."""
    return [c.public for c in stored_connections(profile)]


def save_connection(profile: UnlockedProfile, connection: StoredConnection) -> None:
    profile.save_sealed_items(CONNECTION, {connection.item_id: connection.to_bytes()})


def mark_revoked(profile: UnlockedProfile, connection: StoredConnection) -> StoredConnection:
    revoked = dataclasses.replace(
        connection, public=dataclasses.replace(connection.public, revoked=True)
    )
    save_connection(profile, revoked)
    return revoked


def connect_with_invitation(
    profile: UnlockedProfile, invitation: Invitation, *, now: datetime
) -> SchoolConnection:
    """Enrol with the school named in an invitation file. Raises ProtocolError (expired
    invitation, bad address), HubRefused (the hub's reason; WrongHub when its key is not
    the invitation's) or HubUnreachable (try again later)."""
    expires = invitation.expires
    if (expires if expires.tzinfo else expires.replace(tzinfo=UTC)) < _aware(now):
        raise ProtocolError(
            "expired-invitation",
            _("This invitation has expired. Please ask the school for a new one."),
        )
    existing = _school_named(profile, invitation.school_name)
    school_id = existing.id if existing else new_record_id()

    def expected(hub_key: bytes) -> bool:
        return fingerprint(hub_key) == _plain_fingerprint(invitation.hub_fingerprint)

    try:
        return _enrol(
            profile,
            invitation.hub,
            invitation.token,
            invitation.school,
            school_id,
            expected,
            invitation.tls_pin,
            now,
        )
    except UntrustedCertificate:
        # Only without a pin: a pinned connection checks the key and nothing else.
        raise HubRefused("untrusted-invitation", _untrusted_invitation(), 0) from None


def connect_with_code(
    profile: UnlockedProfile, hub_address: str, code: str, *, now: datetime
) -> SchoolConnection:
    """Enrol with the code a coordinator read out; the hub says which school it is for.
    The code holds the first 12 characters of the hub key's fingerprint, so a hub that
    is not the school's is still refused. Raises as ``connect_with_invitation``."""
    parsed = InvitationCode.parse(code)
    address = check_hub_address(hub_address.strip())
    # The school is not known until the hub answers, so the device key is made under a
    # new id: the School record's if it turns out to be a new school, and in any case
    # one key for this one connection.
    try:
        return _enrol(
            profile, address, parsed.token, "", new_record_id(), parsed.matches, None, now
        )
    except UntrustedCertificate:
        # A school's self-signed certificate: a code cannot carry its pin; the file and
        # the QR code do. Never a connection that trusts any certificate.
        raise HubRefused("untrusted-certificate", _untrusted_code(), 0) from None


def _enrol(
    profile: UnlockedProfile,
    address: str,
    token: str,
    hub_school: str,
    key_id: str,
    expected: Callable[[bytes], bool],
    tls_pin: str | None,
    now: datetime,
) -> SchoolConnection:
    # One key per school (named after its directory id, or a new id when the school is
    # new), so two schools' hubs together cannot link this laptop's reports.
    key_name = "device-key|" + key_id
    if any(c.key_name == key_name for c in stored_connections(profile)):
        # A hub enrols a key once; connecting again (after being disconnected, say)
        # needs a new device key.
        key_name += "|" + secrets.token_hex(8)
    key = key_from_private_bytes(profile.secret(key_name))
    with HubClient(check_hub_address(address), timeout=TIMEOUT_SECONDS, tls_pin=tls_pin) as hub:
        hello = hub.hello()
        # Checked before the token is sent: a hub that is not the school's learns nothing.
        if not expected(hello.hub_key):
            raise WrongHub("wrong-hub", _wrong_hub(), 0)
        hub.pinned_hub_key = hello.hub_key
        answer: EnrolmentAnswer = hub.enrol(enrolment_request(key, token, hub_school))
    # The directory's record is made only now, so a refused connection leaves nothing.
    school = _school_named(profile, answer.school_name)
    if school is None:
        school = School(id=key_id, name=answer.school_name)
    stored = StoredConnection(
        item_id=secrets.token_hex(16),
        public=SchoolConnection(
            school_id=school.id,
            school_name=school.name,
            hub_address=hub.address,
            hub_school=answer.school,
            device=answer.device,
            hub_fingerprint=fingerprint(answer.hub_key),
            connected=_aware(now),
            revoked=False,
            monthly=answer.policy.period_kind is PeriodKind.MONTH,
        ),
        key_name=key_name,
        hub_key=answer.hub_key,
        tls_pin=tls_pin,
        policy=answer.policy,
    )
    old = [c.item_id for c in stored_connections(profile) if c.public.school_id == school.id]
    if school.hub_address != hub.address:
        profile.save(dataclasses.replace(school, hub_address=hub.address))
    # Connecting again to the same school replaces the old connection, in one action.
    profile.save_sealed_items(CONNECTION, {stored.item_id: stored.to_bytes()}, delete=old)
    return stored.public


def _school_named(profile: UnlockedProfile, name: str) -> School | None:
    """The directory's school with that name, in any case."""
    wanted = name.strip().casefold()
    for school in profile.all(School):
        if school.name.strip().casefold() == wanted:
            return school
    return None


def _plain_fingerprint(text: str) -> str:
    return text.replace("-", "").replace(" ", "").upper()


def _aware(moment: datetime) -> datetime:
    return moment if moment.tzinfo is not None else moment.replace(tzinfo=UTC)


def _untrusted_code() -> str:
    return _(
        "This school's hub has a certificate of its own, which this laptop cannot check "
        "from a code. Please ask the school for the invitation file, and open it here."
    )


def _untrusted_invitation() -> str:
    return _(
        "This school's hub has a certificate of its own, and this invitation does not say "
        "which one to trust. Please ask the school for a new invitation file."
    )


def _wrong_hub() -> str:
    return _(
        "This is not the school's hub: its key is not the one in the invitation. "
        "Nothing was sent. Please check the address with the school."
    )
