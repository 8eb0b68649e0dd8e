"""The invitation carries the hub's certificate pin (the SHA-256 of its public key), and the
laptop's client trusts exactly that key: real TLS on loopback, the real hub process served
with a self-signed certificate made here, renewed with the same key, and replaced by one
with another key at the same address."""

from __future__ import annotations

import base64
import hashlib
import ssl
from pathlib import Path

import pytest
from helpers.hub_process import HubProcess, run_hub
from helpers.tls_hub import TlsHub, authority, issued_by, key_of, self_signed, spki_sha256_of
from hubcore_kit import Laptop
from parentrus_sync.client import HubClient, UntrustedCertificate, WrongHub
from parentrus_sync.protocol import Invitation, enrolment_request, fingerprint, new_key

PAST = "2025-autumn"  # over on any day these tests run


def test_a_pinned_laptop_trusts_the_hubs_key_through_a_renewal_and_nothing_else(
    tmp_path: Path,
) -> None:
    certs = tmp_path / "certs"
    first = self_signed(certs, "first")
    hub = TlsHub(tmp_path / "hub", first)
    try:
        invitation = hub.invitation()
        assert invitation.hub == hub.url.rstrip("/")
        assert invitation.tls_pin is not None
        assert base64.b64decode(invitation.tls_pin) == spki_sha256_of(first[0])

        # Another server at the same address, with a key of its own: refused in the
        # handshake, before the token is written (it is still unused below).
        hub.serve_with(self_signed(certs, "impostor"))
        request = enrolment_request(new_key(), invitation.token, invitation.school)
        with (
            HubClient(hub.url, tls_pin=invitation.tls_pin) as client,
            pytest.raises(WrongHub) as refused,
        ):
            client.enrol(request)
        assert refused.value.code == "wrong-certificate"
        assert "not the school's server named in the invitation" in refused.value.reason

        # The school renews its certificate with the same key: the pin still matches.
        renewed = self_signed(certs, "renewed", key_of(first[1]), days=400)
        assert renewed[0].read_bytes() != first[0].read_bytes()
        hub.serve_with(renewed)
        with HubClient(hub.url, tls_pin=invitation.tls_pin) as client:
            hello = client.hello()
            assert fingerprint(hello.hub_key) == invitation.hub_fingerprint
            client.pinned_hub_key = hello.hub_key
            key = new_key()
            answer = client.enrol(enrolment_request(key, invitation.token, invitation.school))
            laptop = Laptop(key, answer.device, answer.school)
            receipt = client.upload(laptop.envelope(period=PAST))
            assert (receipt.report_id.device, receipt.report_id.period) == (laptop.device, PAST)
        assert hub.invitation().tls_pin == invitation.tls_pin  # new invitations: the same pin
        # A laptop connected before pins were of the key kept the whole certificate's
        # SHA-256: it still reaches the hub while that certificate is served.
        der = ssl.PEM_cert_to_DER_cert(renewed[0].read_text())
        kept_before = base64.b64encode(hashlib.sha256(der).digest()).decode()
        with HubClient(hub.url, tls_pin=kept_before) as earlier:
            assert fingerprint(earlier.hello().hub_key) == invitation.hub_fingerprint

        # Without the pin, the laptop trusts nothing there: no fallback to any certificate.
        with HubClient(hub.url) as unpinned, pytest.raises(UntrustedCertificate):
            unpinned.hello()
    finally:
        hub.stop()


def _invite(data: Path, out: Path, *more: str) -> Invitation:
    done = run_hub("invite", "--data", str(data), "--out", str(out), *more)
    assert done.returncode == 0, done.stderr
    return Invitation.from_file_bytes(out.read_bytes())


def test_behind_a_proxy_the_volunteer_gives_invite_the_certificate_or_its_pin(
    tmp_path: Path,
) -> None:
    # The hub serves plain HTTP on loopback; a proxy in front serves this certificate.
    hub = HubProcess(tmp_path / "hub", [])
    cert, _key = self_signed(tmp_path / "certs", "proxy")
    wanted = base64.b64encode(spki_sha256_of(cert)).decode()
    data, out = hub.data, tmp_path / "invitation.json"
    try:
        assert _invite(data, out).tls_pin is None  # nothing to pin yet
        done = run_hub("invite", "--data", str(data), "--out", str(out), "--pin-from", str(cert))
        assert done.returncode == 0, done.stderr
        assert f"Certificate pin: {wanted}" in done.stdout
        assert Invitation.from_file_bytes(out.read_bytes()).tls_pin == wanted
        # Remembered for later invitations, also after the hub is started again.
        hub.stop()
        hub.start()
        assert _invite(data, out).tls_pin == wanted
        # The pin itself, as openssl prints it (hex), is the same pin.
        as_hex = spki_sha256_of(cert).hex()
        assert _invite(data, out, "--pin", as_hex).tls_pin == wanted
        assert _invite(data, out, "--no-pin").tls_pin is None
        assert _invite(data, out).tls_pin is None
        wrong = run_hub("invite", "--data", str(data), "--out", str(out), "--pin", "abc")
        assert wrong.returncode == 2
        assert "--pin must be the SHA-256 of the certificate's public key" in wrong.stderr
        not_a_cert = tmp_path / "notes.txt"
        not_a_cert.write_text("not a certificate", encoding="utf-8")
        bad = run_hub("invite", "--data", str(data), "--pin-from", str(not_a_cert))
        assert bad.returncode == 2 and "is not a certificate" in bad.stderr
    finally:
        hub.stop()


def test_a_hub_serving_a_certificate_from_an_authority_puts_no_pin_in_its_invitations(
    tmp_path: Path,
) -> None:
    # Laptops check such a certificate the usual way; a pin would break them at the
    # authority's next renewal with a new key.
    certs = tmp_path / "certs"
    school_authority = authority(certs)
    hub = TlsHub(
        tmp_path / "hub", issued_by(certs, "hub", school_authority), trust=school_authority[0]
    )
    try:
        assert hub.invitation().tls_pin is None
    finally:
        hub.stop()
