"""The key hierarchy: passphrase or recovery key -> profile key -> one key per family.

The profile key is random. Changing the passphrase or the recovery key replaces it,
and every family key, and re-seals every value (store/profiles.py): re-wrapping alone
would let a copy of the file taken before open everything saved after. Each family has
its own random key, wrapped by the profile key: erasing a family deletes its key.
"""

from __future__ import annotations

import base64
import hashlib
import secrets

from parentrus_desktop.vault.errors import DamagedValue, WrongRecoveryKey

# cryptography (through vault.sealing too) is imported in the functions that use it:
# its library (~8 MB) loads when a key is used, not with the first screen.

RECOVERY_KEY_BYTES = 20  # 160 bits: no stretching needed, unlike a passphrase
_GROUP = 4


def wrap_key(wrapping_key: bytes, key: bytes, purpose: str) -> bytes:
    from parentrus_desktop.vault.sealing import Sealer

    return Sealer(wrapping_key).seal(key, b"parentrus\x1fwrap\x1f" + purpose.encode())


def unwrap_key(wrapping_key: bytes, wrapped: bytes, purpose: str) -> bytes:
    """The wrapped key; DamagedValue when the wrapping key is wrong or the bytes changed."""
    from parentrus_desktop.vault.sealing import Sealer

    return Sealer(wrapping_key).open(wrapped, b"parentrus\x1fwrap\x1f" + purpose.encode())


def _checksum(secret: bytes) -> str:
    return base64.b32encode(hashlib.sha256(b"parentrus recovery" + secret).digest())[
        :_GROUP
    ].decode()


def new_recovery_key() -> tuple[str, bytes]:
    """A recovery key as the mentor will see it (groups of 4 letters and digits, the last
    group a checksum that catches a mistyped group), and its secret bytes."""
    secret = secrets.token_bytes(RECOVERY_KEY_BYTES)
    letters = base64.b32encode(secret).decode() + _checksum(secret)
    groups = [letters[i : i + _GROUP] for i in range(0, len(letters), _GROUP)]
    return "-".join(groups), secret


def read_recovery_key(typed: str) -> bytes:
    """The secret from a recovery key as typed or scanned; tolerant of case, spaces and
    the letters people confuse with digits (0/O, 1/I, 8/B)."""
    cleaned = "".join(ch for ch in typed.upper() if ch.isalnum())
    cleaned = cleaned.translate(str.maketrans("018", "OIB"))
    body, check = cleaned[:-_GROUP], cleaned[-_GROUP:]
    try:
        secret = base64.b32decode(body)
    except (ValueError, TypeError):
        raise WrongRecoveryKey from None
    if len(secret) != RECOVERY_KEY_BYTES or not secrets.compare_digest(check, _checksum(secret)):
        raise WrongRecoveryKey
    return secret


def recovery_wrapping_key(secret: bytes, salt: bytes) -> bytes:
    """The key that wraps the profile key for the recovery key. HKDF suffices: the
    recovery key has 160 random bits, far beyond guessing."""
    from cryptography.hazmat.primitives import hashes
    from cryptography.hazmat.primitives.kdf.hkdf import HKDF

    return HKDF(
        algorithm=hashes.SHA256(), length=32, salt=salt, info=b"parentrus recovery v1"
    ).derive(secret)


__all__ = [
    "DamagedValue",
    "new_recovery_key",
    "read_recovery_key",
    "recovery_wrapping_key",
    "unwrap_key",
    "wrap_key",
]
