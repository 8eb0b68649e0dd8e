"""A real hub served over HTTPS on loopback with a self-signed certificate made here with
``cryptography``, as a school without a domain name runs it (``serve --certfile``)."""

from __future__ import annotations

import hashlib
import ipaddress
import ssl
from datetime import UTC, datetime, timedelta
from pathlib import Path

import httpx
from cryptography import x509
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.hazmat.primitives.serialization import (
    Encoding,
    NoEncryption,
    PrivateFormat,
    PublicFormat,
)
from cryptography.x509.oid import NameOID

from helpers.hub_process import HubProcess

KeyAndCertificate = tuple[Path, Path]


def new_key() -> ec.EllipticCurvePrivateKey:
    return ec.generate_private_key(ec.SECP256R1())


def self_signed(
    folder: Path, name: str, key: ec.EllipticCurvePrivateKey | None = None, *, days: int = 30
) -> KeyAndCertificate:
    """A self-signed certificate for 127.0.0.1 (a new key unless one is given: a renewal
    keeps the key) written as ``name.crt`` and ``name.key``."""
    key = key or new_key()
    subject = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "school hub")])
    cert = _builder(subject, subject, key, days).sign(key, hashes.SHA256())
    return _written(folder, name, cert, key)


def authority(folder: Path) -> KeyAndCertificate:
    """A certificate authority of the test's own (a laptop trusts it through
    ``SSL_CERT_FILE``, as it trusts a public one through its own list)."""
    key = new_key()
    subject = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "test authority")])
    cert = (
        _builder(subject, subject, key, 30)
        .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
        .sign(key, hashes.SHA256())
    )
    return _written(folder, "authority", cert, key)


def issued_by(folder: Path, name: str, issuer: KeyAndCertificate) -> KeyAndCertificate:
    """A certificate for 127.0.0.1 issued by ``issuer`` (an authority), with a new key."""
    key = new_key()
    issuer_cert = x509.load_pem_x509_certificate(issuer[0].read_bytes())
    subject = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "hub.example")])
    cert = _builder(subject, issuer_cert.subject, key, 30).sign(key_of(issuer[1]), hashes.SHA256())
    return _written(folder, name, cert, key)


def _builder(
    subject: x509.Name, issuer: x509.Name, key: ec.EllipticCurvePrivateKey, days: int
) -> x509.CertificateBuilder:
    now = datetime.now(UTC)
    return (
        x509.CertificateBuilder()
        .subject_name(subject)
        .issuer_name(issuer)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - timedelta(days=1))
        .not_valid_after(now + timedelta(days=days))
        .add_extension(
            x509.SubjectAlternativeName([x509.IPAddress(ipaddress.ip_address("127.0.0.1"))]),
            critical=False,
        )
    )


def _written(
    folder: Path, name: str, cert: x509.Certificate, key: ec.EllipticCurvePrivateKey
) -> KeyAndCertificate:
    folder.mkdir(parents=True, exist_ok=True)
    cert_path, key_path = folder / f"{name}.crt", folder / f"{name}.key"
    cert_path.write_bytes(cert.public_bytes(Encoding.PEM))
    key_path.write_bytes(key.private_bytes(Encoding.PEM, PrivateFormat.PKCS8, NoEncryption()))
    return cert_path, key_path


def key_of(key_path: Path) -> ec.EllipticCurvePrivateKey:
    from cryptography.hazmat.primitives.serialization import load_pem_private_key

    key = load_pem_private_key(key_path.read_bytes(), password=None)
    assert isinstance(key, ec.EllipticCurvePrivateKey)
    return key


def spki_sha256_of(cert_path: Path) -> bytes:
    """Computed here from the certificate, independently of the code under test."""
    cert = x509.load_pem_x509_certificate(cert_path.read_bytes())
    spki = cert.public_key().public_bytes(Encoding.DER, PublicFormat.SubjectPublicKeyInfo)
    return hashlib.sha256(spki).digest()


class TlsHub(HubProcess):
    """``parentrus-hub serve --certfile --keyfile`` on loopback; ``serve_with`` restarts it
    on the same port and data with another certificate (a renewal, or an impostor), or
    with the same one again."""

    def __init__(
        self, data: Path, certificate: KeyAndCertificate, trust: Path | None = None
    ) -> None:
        self.certificate = certificate
        self.trust = trust or certificate[0]  # what the readiness check trusts
        super().__init__(data, [], self._tls_args())

    def _tls_args(self) -> tuple[str, ...]:
        cert, key = self.certificate
        return ("--certfile", str(cert), "--keyfile", str(key))

    def start(self) -> None:
        self.url = f"https://127.0.0.1:{self.port}"
        super().start()

    def _answers(self) -> bool:
        # Only to know it is up: trust exactly the certificate it was given.
        trust = ssl.create_default_context(cafile=str(self.trust))
        try:
            return httpx.get(self.url + "/api/v1/hello", verify=trust, timeout=5).is_success
        except httpx.TransportError:
            return False

    def serve_with(self, certificate: KeyAndCertificate | None = None) -> None:
        self.stop()
        self.certificate = self.certificate if certificate is None else certificate
        self.trust = self.certificate[0]
        self.serve_args = self._tls_args()
        self.start()
