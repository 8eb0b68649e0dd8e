"""A hub's certificate pin: the SHA-256 of its public key (SubjectPublicKeyInfo), and a TLS
context that trusts exactly that key.

A school without a domain name runs its hub with a self-signed certificate, which no
laptop can check by the usual authorities. The invitation (file and QR code) carries the
pin instead. It is the hash of the certificate's public key, not of the whole
certificate, so a certificate renewed with the same key still matches; a new key needs
new invitations (see sync/deploy/GUIDE.md).

The pinned context turns the authorities' check off for that one connection only, and
checks the key in the handshake itself, before a single byte of a request is written:
an enrolment token or a report never reaches a server with another key. A pin kept by a
laptop connected before pins were of the key (the SHA-256 of the whole certificate) still
matches that same certificate.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import re
import ssl
from pathlib import Path

from cryptography import x509
from cryptography.hazmat.primitives.serialization import Encoding, PublicFormat


class PinMismatch(ssl.SSLCertVerificationError):
    """The server's public key is not the pinned one."""


def spki_sha256(certificate: x509.Certificate) -> bytes:
    """The SHA-256 of a certificate's SubjectPublicKeyInfo (DER)."""
    spki = certificate.public_key().public_bytes(Encoding.DER, PublicFormat.SubjectPublicKeyInfo)
    return hashlib.sha256(spki).digest()


def pin_text(digest: bytes) -> str:
    """A pin as an invitation carries it: standard base64 of the 32 bytes."""
    return base64.b64encode(digest).decode("ascii")


def certificate_pin(pem_or_der: bytes) -> str:
    """The pin of the first certificate in a PEM file (a full chain starts with the
    server's own) or of one DER certificate."""
    if b"-----BEGIN" in pem_or_der:
        certificate = x509.load_pem_x509_certificate(pem_or_der)
    else:
        certificate = x509.load_der_x509_certificate(pem_or_der)
    return pin_text(spki_sha256(certificate))


def certificate_file_pin(path: Path) -> tuple[str, bool]:
    """The pin of the certificate in ``path``, and whether it is self-signed (issued by
    itself: then no laptop can check it without the pin)."""
    raw = path.read_bytes()
    certificate = (
        x509.load_pem_x509_certificate(raw)
        if b"-----BEGIN" in raw
        else x509.load_der_x509_certificate(raw)
    )
    return pin_text(spki_sha256(certificate)), certificate.issuer == certificate.subject


def pin_bytes(text: str) -> bytes:
    """The 32 bytes of a pin written as base64 (standard or URL-safe, with or without
    ``sha256/`` or ``sha256//`` in front, as other tools print it) or as 64 hex digits
    (as ``openssl dgst -sha256`` prints it). ValueError for anything else."""
    cleaned = re.sub(r"^sha256/+", "", text.strip(), flags=re.IGNORECASE).replace(":", "")
    if re.fullmatch(r"[0-9a-fA-F]{64}", cleaned):
        return bytes.fromhex(cleaned)
    cleaned = cleaned.rstrip("=").replace("+", "-").replace("/", "_")
    try:
        raw = base64.urlsafe_b64decode(cleaned + "=" * (-len(cleaned) % 4))
    except (ValueError, binascii.Error):
        raise ValueError("not a certificate pin") from None
    if len(raw) != 32:
        raise ValueError("not a certificate pin")
    return raw


class _PinnedSocket(ssl.SSLSocket):
    """A TLS socket that, right after its handshake, refuses a server whose public key
    is not the pinned one (set on the class by ``pinned_context``)."""

    pinned: bytes = b""

    def do_handshake(self, block: bool = False) -> None:
        super().do_handshake(block)
        _check(self.getpeercert(binary_form=True), self.pinned)


class _PinnedObject(ssl.SSLObject):
    """The same check for TLS over memory buffers (httpcore uses it through an HTTPS
    proxy)."""

    pinned: bytes = b""

    def do_handshake(self) -> None:
        super().do_handshake()  # raises SSLWantReadError until the handshake is done
        _check(self.getpeercert(binary_form=True), self.pinned)


def _check(der: bytes | None, pinned: bytes) -> None:
    if der is None:
        raise PinMismatch("the server showed no certificate")
    # A laptop connected before pins were of the public key keeps the SHA-256 of the
    # whole certificate: that certificate (and so its key) still matches it.
    if spki_sha256(x509.load_der_x509_certificate(der)) != pinned and (
        hashlib.sha256(der).digest() != pinned
    ):
        raise PinMismatch("the server's public key is not the pinned one")


def pinned_context(pin: bytes) -> ssl.SSLContext:
    """A client context that trusts exactly the public key with SHA-256 ``pin``: the
    authorities' check and the host name check are off (a self-signed certificate often
    names no host the laptop uses, and may have passed its end date: the key is the
    check), and the key is checked in the handshake, before anything is sent."""
    context = ssl.create_default_context()
    context.check_hostname = False
    context.verify_mode = ssl.CERT_NONE
    # A class each, so two hubs' pins never mix (the classes carry the pin).
    context.sslsocket_class = type("PinnedSocket", (_PinnedSocket,), {"pinned": pin})
    context.sslobject_class = type("PinnedObject", (_PinnedObject,), {"pinned": pin})
    return context


def is_pin_mismatch(error: BaseException) -> bool:
    """Whether ``error`` (as httpx raises it) came from a server with another key."""
    return any(isinstance(e, PinMismatch) for e in _chain(error))


def is_unverified_certificate(error: BaseException) -> bool:
    """Whether ``error`` came from a certificate the usual authorities do not vouch for
    (self-signed, or the wrong host), rather than from no network."""
    return any(isinstance(e, ssl.SSLCertVerificationError) for e in _chain(error))


def _chain(error: BaseException) -> list[BaseException]:
    seen: list[BaseException] = []
    current: BaseException | None = error
    while current is not None and current not in seen and len(seen) < 10:
        seen.append(current)
        current = current.__cause__ or current.__context__
    return seen
