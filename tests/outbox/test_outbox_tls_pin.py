"""A laptop connected to a hub with a self-signed certificate: the invitation's pin is
kept sealed with the school connection and used for every later sync, through a lock and
an unlock and a renewal of the certificate with the same key; another certificate at the
same address is never trusted; a typed code cannot reach such a hub, and says so; a hub
with an authority's certificate still connects with a typed code and no pin. Real TLS on
loopback, the real hub process, a real profile."""

from __future__ import annotations

import base64
from collections.abc import Iterator
from datetime import UTC, date, datetime
from pathlib import Path

import pytest
from helpers.hub_process import SCHOOL, HubProcess
from helpers.leak_scan import find_planted
from helpers.tls_hub import TlsHub, authority, issued_by, key_of, self_signed
from helpers.values import PASSPHRASE
from parentrus_sync.client import HubRefused
from parentrus_sync.periods import PeriodKind
from parentrus_sync.protocol import Invitation, Policy

from parentrus_desktop.domain import School
from parentrus_desktop.outbox.connection import (
    connect_with_code,
    connect_with_invitation,
    connections,
    stored_connections,
)
from parentrus_desktop.outbox.outbox import (
    ReportState,
    fill_outbox,
    outbox_entries,
    refresh_policies,
    send_due,
)
from parentrus_desktop.outbox.refusal_words import refusal_words
from parentrus_desktop.store.profiles import find_profile
from parentrus_desktop.store.unlocked import UnlockedProfile

#: Connected from 1 October, so on 22 November October's report is ready, and the hub (on
#: the real clock) sees a month that has ended.
OCTOBER = datetime(2026, 10, 1, 9, 0, tzinfo=UTC)
TODAY = date(2026, 11, 22)
USE_THE_FILE = (
    "This school's hub has a certificate of its own, which this laptop cannot check "
    "from a code. Please ask the school for the invitation file, and open it here."
)


def monthly(hub: HubProcess) -> HubProcess:
    storage = hub.storage()
    try:
        storage.set_policy(Policy(SCHOOL, period_kind=PeriodKind.MONTH))
    finally:
        storage.close()
    return hub


@pytest.fixture
def certs(tmp_path: Path) -> Path:
    return tmp_path / "certs"


@pytest.fixture
def self_signed_hub(tmp_path: Path, certs: Path) -> Iterator[TlsHub]:
    hub = TlsHub(tmp_path / "hub", self_signed(certs, "first"))
    yield hub
    hub.stop()


def test_the_pin_is_kept_sealed_and_used_for_every_sync_through_lock_and_renewal(
    profile: UnlockedProfile,
    self_signed_hub: TlsHub,
    certs: Path,
    data_dir: Path,
    temp_folder: Path,
) -> None:
    hub = monthly(self_signed_hub)
    first = hub.certificate
    file, _code = hub.invite(certs)
    invitation = Invitation.from_file_bytes(file.read_bytes())
    assert invitation.tls_pin is not None
    connect_with_invitation(profile, invitation, now=OCTOBER)
    (stored,) = stored_connections(profile)
    assert stored.tls_pin == invitation.tls_pin

    # Another server at the school's address: the report waits, nothing is sent to it,
    # and the laptop never falls back to trusting any certificate.
    hub.serve_with(self_signed(certs, "impostor"))
    assert [e.period for e in fill_outbox(profile, TODAY)] == ["2026-10"]
    result = send_due(profile, datetime.now(UTC))
    assert (result.received, result.refused) == (0, 0)
    (waiting,) = outbox_entries(profile)
    assert waiting.state is ReportState.WAITING
    assert waiting.reason == (
        "The server at the school's address is not the one in the invitation: its "
        "certificate is different. Nothing was sent; the reports wait. Please ask the school."
    )

    # The pin is sealed in the vault: no file of the profile, the app's settings or the
    # temporary folder holds it, in any spelling.
    pin = base64.b64decode(invitation.tls_pin)
    name = profile.path.parent
    profile.lock()
    needles: list[str | bytes] = [invitation.tls_pin, pin, pin.hex(), invitation.tls_pin[:16]]
    assert find_planted(needles, data_dir, name, temp_folder) == []

    # The school renews its certificate with the same key; the laptop is unlocked again.
    hub.serve_with(self_signed(certs, "renewed", key_of(first[1]), days=400))
    reopened = find_profile(data_dir, "Hodan").unlock(PASSPHRASE)
    try:
        (kept,) = stored_connections(reopened)
        assert kept.tls_pin == invitation.tls_pin
        # The school's plan comes through the pinned connection too.
        storage = hub.storage()
        try:
            storage.set_policy(Policy(SCHOOL, period_kind=PeriodKind.MONTH, keep_closed_months=6))
        finally:
            storage.close()
        refresh_policies(reopened, TODAY, every_school=True)
        (kept,) = stored_connections(reopened)
        assert kept.policy.keep_closed_months == 6
        result = send_due(reopened, datetime.now(UTC), everything=True)
        assert (result.received, result.refused) == (1, 0)
        assert [e.state for e in outbox_entries(reopened)] == [ReportState.RECEIVED]
        storage = hub.storage()
        try:
            assert [r.report_id.period for r in storage.reports(SCHOOL)] == ["2026-10"]
        finally:
            storage.close()
    finally:
        reopened.lock()


def test_a_typed_code_for_a_self_signed_hub_says_to_use_the_invitation_file(
    profile: UnlockedProfile, self_signed_hub: TlsHub, certs: Path
) -> None:
    _file, code = self_signed_hub.invite(certs)
    with pytest.raises(HubRefused) as refused:
        connect_with_code(profile, self_signed_hub.url, code, now=OCTOBER)
    assert refused.value.code == "untrusted-certificate"
    assert refusal_words(refused.value.code) == USE_THE_FILE
    assert connections(profile) == [] and profile.all(School) == []


def test_a_wrong_certificate_is_refused_with_plain_words_and_the_invitation_still_works(
    profile: UnlockedProfile, self_signed_hub: TlsHub, certs: Path
) -> None:
    hub = self_signed_hub
    invitation = hub.invitation()
    first = hub.certificate
    hub.serve_with(self_signed(certs, "impostor"))
    with pytest.raises(HubRefused) as refused:
        connect_with_invitation(profile, invitation, now=OCTOBER)
    assert refused.value.code == "wrong-certificate"
    assert refusal_words(refused.value.code) == (
        "This is not the school's server named in the invitation: its certificate is not "
        "the one the school gave. Nothing was sent. Please ask the school."
    )
    assert connections(profile) == [] and profile.all(School) == []
    # Nothing reached the other server: the one-time token was never sent.
    hub.serve_with(first)
    connection = connect_with_invitation(profile, invitation, now=OCTOBER)
    assert connection.school_name == "Riverside Primary"


def test_a_hub_with_an_authoritys_certificate_connects_with_a_typed_code_and_no_pin(
    profile: UnlockedProfile, tmp_path: Path, certs: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    school_authority = authority(certs)
    # This laptop trusts the authority as it trusts a public one (httpx reads this).
    monkeypatch.setenv("SSL_CERT_FILE", str(school_authority[0]))
    hub = monthly(
        TlsHub(tmp_path / "hub", issued_by(certs, "hub", school_authority), school_authority[0])
    )
    try:
        _file, code = hub.invite(certs)
        connect_with_code(profile, hub.url, code, now=OCTOBER)
        (stored,) = stored_connections(profile)
        assert stored.tls_pin is None
        fill_outbox(profile, TODAY)
        assert send_due(profile, datetime.now(UTC)).received == 1
    finally:
        hub.stop()
