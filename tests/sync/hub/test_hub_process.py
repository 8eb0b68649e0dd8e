"""The real hub as a subprocess (``parentrus-hub init`` + ``serve``), over real HTTP on
loopback, on both backends: the whole flow, and fifty laptops uploading at once."""

from __future__ import annotations

import base64
import hashlib
import ipaddress
import ssl
import subprocess
import time
from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, datetime, timedelta
from pathlib import Path

import httpx
import pytest
from cryptography import x509
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.hazmat.primitives.serialization import Encoding, NoEncryption, PrivateFormat
from cryptography.x509.oid import NameOID
from helpers.hub_process import PASSWORD, SCHOOL, HubProcess, free_port, hub_command, run_hub
from helpers.tls_hub import spki_sha256_of
from hubcore_kit import Laptop, enrol_over_http, invitations
from parentrus_sync.client import HubClient, HubUnreachable, WrongHub
from parentrus_sync.hub.passwords import password_matches
from parentrus_sync.periods import PeriodKind, period_of
from parentrus_sync.protocol import (
    Invitation,
    canonical_json,
    decode_bytes,
    fingerprint,
    read_signed_receipt,
)

JSON = {"content-type": "application/json"}
PAST = "2025-autumn"  # over on any day these tests run


def upload(
    client: httpx.Client, laptop: Laptop, period: str = PAST, seed: int = 0
) -> httpx.Response:
    body = canonical_json(laptop.envelope(period=period, seed=seed))
    return client.post("/api/v1/reports", content=body, headers=JSON)


def test_the_whole_flow_against_the_real_hub(hub_process: HubProcess) -> None:
    with httpx.Client(base_url=hub_process.url, timeout=60) as client:
        hello = client.get("/api/v1/hello").json()
        assert hello["hub"] == "parentrus-hub" and hello["protocol"] == [1]
        hub_key = decode_bytes(hello["hub_key"])
        invitation = hub_process.invitation()
        assert invitation.code.matches(hub_key)  # the code's fingerprint is this hub's key
        assert invitation.hub == hub_process.url and invitation.school == SCHOOL
        laptop = enrol_over_http(client, invitation)

        first = upload(client, laptop)
        assert first.status_code == 201, first.text
        receipt = read_signed_receipt(first.json()["receipt"], hub_key)
        assert (receipt.report_id.device, receipt.report_id.period) == (laptop.device, PAST)
        assert receipt.received.tzinfo is not None

        again = upload(client, laptop)
        assert again.status_code == 200 and again.json() == first.json()
        changed = upload(client, laptop, seed=1)
        assert changed.status_code == 409 and changed.json()["error"] == "changed-report"

        future = period_of(datetime.now(UTC).date() + timedelta(days=40), PeriodKind.TERM)
        refused = upload(client, laptop, period=future.name)
        assert refused.status_code == 422 and refused.json()["error"] == "future-period"

        reused = client.post(
            "/api/v1/enrol",
            content=canonical_json(
                {"protocol": 1, "token": invitation.token, "school": SCHOOL,
                 "device_key": "", "proof": ""}
            ),
            headers=JSON,
        )  # fmt: skip
        assert reused.status_code == 400

    storage = hub_process.storage()
    try:
        held = storage.reports(SCHOOL)
        assert len(held) == 1 and held[0].digest == receipt.digest
        assert held[0].receipt == first.json()["receipt"]
        account = storage.coordinator("coordinator")
        assert account is not None and password_matches(
            account.password_hash, "a long test password"
        )
    finally:
        storage.close()


def test_fifty_laptops_at_once_nothing_lost_or_doubled(hub_process: HubProcess) -> None:
    with httpx.Client(base_url=hub_process.url, timeout=120) as client:
        laptops = [enrol_over_http(client, i) for i in invitations(hub_process, 50)]

    def send_twice(laptop: Laptop) -> tuple[int, int, bool]:
        # Each laptop has its own connection, as fifty laptops would.
        with httpx.Client(base_url=hub_process.url, timeout=120) as own:
            first = upload(own, laptop)
            second = upload(own, laptop)
            return first.status_code, second.status_code, first.json() == second.json()

    with ThreadPoolExecutor(max_workers=50) as pool:
        results = list(pool.map(send_twice, laptops))
    assert results == [(201, 200, True)] * 50

    storage = hub_process.storage()
    try:
        held = storage.reports(SCHOOL)
        assert sorted(r.report_id.device for r in held) == sorted(lap.device for lap in laptops)
        assert all(d.last_report is not None for d in storage.devices())
    finally:
        storage.close()


def _self_signed(folder: Path) -> tuple[Path, Path]:
    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "school hub")])
    now = datetime.now(UTC)
    cert = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - timedelta(days=1))
        .not_valid_after(now + timedelta(days=30))
        .add_extension(
            x509.SubjectAlternativeName([x509.IPAddress(ipaddress.ip_address("127.0.0.1"))]),
            critical=False,
        )
        .sign(key, hashes.SHA256())
    )
    cert_path, key_path = folder / "hub.crt", folder / "hub.key"
    cert_path.write_bytes(cert.public_bytes(Encoding.PEM))
    key_path.write_bytes(key.private_bytes(Encoding.PEM, PrivateFormat.PKCS8, NoEncryption()))
    return cert_path, key_path


def test_https_with_a_self_signed_certificate_and_two_workers(tmp_path: Path) -> None:
    data = tmp_path / "data"
    done = run_hub("init", "--data", str(data), "--school-name", "Riverside Primary",
                   "--password-stdin", stdin=PASSWORD + "\n")  # fmt: skip
    assert done.returncode == 0, done.stderr
    cert, key = _self_signed(tmp_path)
    port = free_port()
    server = subprocess.Popen(
        [*hub_command(), "serve", "--data", str(data), "--port", str(port),
         "--certfile", str(cert), "--keyfile", str(key), "--workers", "2"],
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )  # fmt: skip
    try:
        url = f"https://127.0.0.1:{port}"
        trust = ssl.create_default_context(cafile=str(cert))
        with httpx.Client(base_url=url, verify=trust, timeout=60) as client:
            deadline = time.monotonic() + 60
            while True:
                try:
                    hello = client.get("/api/v1/hello")
                    break
                except httpx.TransportError:
                    assert server.poll() is None and time.monotonic() < deadline
                    time.sleep(0.05)
            assert hello.status_code == 200
            out = tmp_path / "invitation.json"
            made = run_hub("invite", "--data", str(data), "--out", str(out))
            assert made.returncode == 0, made.stderr
            invitation = Invitation.from_file_bytes(out.read_bytes())
            assert invitation.hub == url
            assert invitation.tls_pin is not None  # of the public key: see test_hub_tls_pin
            assert base64.b64decode(invitation.tls_pin) == spki_sha256_of(cert)
            laptop = enrol_over_http(client, invitation)
            assert upload(client, laptop).status_code == 201
            assert upload(client, laptop).status_code == 200  # either worker: the same receipt
        # The laptop's own client: it trusts the self-signed certificate through the
        # invitation's pin alone, and nothing else.
        with HubClient(url, tls_pin=invitation.tls_pin) as pinned:
            assert fingerprint(pinned.hello().hub_key) == invitation.hub_fingerprint
        other = base64.b64encode(hashlib.sha256(b"another certificate").digest()).decode()
        with HubClient(url, tls_pin=other) as wrong, pytest.raises(WrongHub):
            wrong.hello()
        with HubClient(url) as unpinned, pytest.raises(HubUnreachable):
            unpinned.hello()  # a self-signed certificate is not trusted without its pin
    finally:
        server.terminate()
        server.wait(timeout=30)
