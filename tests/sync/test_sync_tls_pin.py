"""Certificate pins as people and tools write them: base64 (standard or URL-safe, with
or without padding or a ``sha256/`` prefix) and hex (plain, or with colons as
``openssl dgst -c`` prints it) all read as the same 32 bytes; anything else is refused."""

from __future__ import annotations

import base64
import hashlib

import pytest
from parentrus_sync.tls_pin import pin_bytes, pin_text

DIGEST = hashlib.sha256(b"a hub's public key").digest()


@pytest.mark.parametrize(
    "written",
    [
        base64.b64encode(DIGEST).decode(),
        base64.b64encode(DIGEST).decode().rstrip("="),
        base64.urlsafe_b64encode(DIGEST).decode(),
        "sha256//" + base64.b64encode(DIGEST).decode(),
        "SHA256/" + base64.b64encode(DIGEST).decode(),
        DIGEST.hex(),
        DIGEST.hex().upper(),
        ":".join(f"{b:02x}" for b in DIGEST),
        "  " + DIGEST.hex() + "\n",
    ],
)
def test_every_usual_spelling_is_the_same_pin(written: str) -> None:
    assert pin_bytes(written) == DIGEST
    assert pin_text(pin_bytes(written)) == base64.b64encode(DIGEST).decode()


@pytest.mark.parametrize(
    "written", ["", "abc", DIGEST.hex()[:-2], base64.b64encode(DIGEST[:20]).decode(), "é" * 44]
)
def test_anything_else_is_not_a_pin(written: str) -> None:
    with pytest.raises(ValueError, match="not a certificate pin"):
        pin_bytes(written)
