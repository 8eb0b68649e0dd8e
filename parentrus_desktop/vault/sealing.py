"""Sealing one value with AES-256-GCM, bound to the place it is stored.

A sealed value is ``nonce (12 bytes) || ciphertext || tag (16 bytes)``. The associated
data names the table, the record kind, the row id and the schema version, so a value
copied into another row, another table or an older schema fails to open.
"""

from __future__ import annotations

import os
from functools import cache

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM

from parentrus_desktop.vault.errors import DamagedValue

NONCE_BYTES = 12
TAG_BYTES = 16
KEY_BYTES = 32


def placement(table: str, kind: str, row_id: str, schema_version: int) -> bytes:
    """The associated data for a value stored at this place."""
    before, after = _placement_parts(table, kind, schema_version)
    return before + row_id.encode() + after


@cache
def _placement_parts(table: str, kind: str, schema_version: int) -> tuple[bytes, bytes]:
    # Opening a profile asks for tens of thousands of placements that differ only in
    # the row id; the rest is built once.
    return f"parentrus\x1f{table}\x1f{kind}\x1f".encode(), f"\x1f{schema_version}".encode()


class Sealer:
    """Seals and opens values under one 256-bit key."""

    __slots__ = ("_aead",)

    def __init__(self, key: bytes) -> None:
        if len(key) != KEY_BYTES:
            raise ValueError("a sealing key is 32 bytes")
        self._aead = AESGCM(key)

    def seal(self, plaintext: bytes, where: bytes) -> bytes:
        # A random 96-bit nonce per value: with well under 2**32 values per key the
        # chance of a repeat is negligible, and no counter has to survive a crash.
        nonce = os.urandom(NONCE_BYTES)
        return nonce + self._aead.encrypt(nonce, plaintext, where)

    def open(self, sealed: bytes, where: bytes) -> bytes:
        if len(sealed) < NONCE_BYTES + TAG_BYTES:
            raise DamagedValue
        view = memoryview(sealed)  # no copies of the value while opening it
        try:
            return self._aead.decrypt(view[:NONCE_BYTES], view[NONCE_BYTES:], where)
        except InvalidTag:
            raise DamagedValue from None


def new_key() -> bytes:
    return AESGCM.generate_key(bit_length=256)
