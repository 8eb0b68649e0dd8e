"""Nonces: a million seals under one key never reuse a nonce."""

from __future__ import annotations

import pytest

from parentrus_desktop.vault.sealing import NONCE_BYTES, TAG_BYTES, Sealer, placement

SEALS = 1_000_000


@pytest.mark.slow
def test_a_million_seals_never_repeat_a_nonce() -> None:
    sealer = Sealer(bytes(range(32)))
    where = placement("records", "family", "0" * 32, 1)
    seal = sealer.seal
    nonces: set[bytes] = set()
    for _ in range(SEALS):
        sealed = seal(b"x", where)
        nonces.add(sealed[:NONCE_BYTES])
    assert len(sealed) == NONCE_BYTES + 1 + TAG_BYTES
    assert sealer.open(sealed, where) == b"x"
    assert len(nonces) == SEALS
