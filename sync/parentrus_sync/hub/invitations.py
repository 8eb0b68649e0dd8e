"""Invitations: a one-time token for a laptop to enrol with a school; only its digest is kept."""

from __future__ import annotations

from datetime import datetime, timedelta

from parentrus_sync.hub.hub import Hub
from parentrus_sync.hub.storage import InvitationRecord
from parentrus_sync.protocol import Invitation, InvitationCode, new_token, token_digest

DEFAULT_VALID_DAYS = 14


class UnknownSchool(LookupError):
    """There is no school by that name on this hub."""


def create_invitation(
    hub: Hub, school: str, now: datetime, valid_days: int = DEFAULT_VALID_DAYS
) -> tuple[Invitation, InvitationCode]:
    """A new invitation for ``school``: the file's contents and the code to read out.
    The token itself is only in what is returned; the hub keeps its digest."""
    held = hub.storage.school(school)
    if held is None:
        raise UnknownSchool(f"There is no school called {school} on this hub.")
    if not 1 <= valid_days <= 90:
        raise ValueError("An invitation can last from 1 to 90 days.")
    token = new_token()
    expires = now + timedelta(days=valid_days)
    hub.storage.add_invitation(
        InvitationRecord(
            token_digest=token_digest(token),
            school=school,
            created=now,
            expires=expires,
            used=None,
            device=None,
        )
    )
    invitation = Invitation(
        hub=hub.address,
        school=school,
        school_name=held.name,
        token=token,
        hub_fingerprint=hub.fingerprint,
        expires=expires,
        # A pin given to ``invite`` (a proxy's certificate) first, else the one of the
        # self-signed certificate ``serve`` was given.
        tls_pin=hub.storage.setting("given_tls_pin") or hub.storage.setting("tls_pin") or None,
    )
    return invitation, invitation.code
