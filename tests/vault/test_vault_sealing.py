"""Sealing: AES-256-GCM values bound to where they are stored; any change fails to open."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from parentrus_desktop.vault.errors import DamagedValue, VaultError
from parentrus_desktop.vault.sealing import (
    KEY_BYTES,
    NONCE_BYTES,
    TAG_BYTES,
    Sealer,
    new_key,
    placement,
)

KEY = bytes(range(32))
ROW = "0123456789abcdef" * 2
WHERE = placement("records", "family", ROW, 3)
PLAINTEXT = "Family notes: مرحبا, 家庭".encode()

_placements = st.builds(
    placement,
    st.text(max_size=30),
    st.text(max_size=30),
    st.text(max_size=40),
    st.integers(0, 2**31),
)


@pytest.fixture
def sealer() -> Sealer:
    """A sealer under a fixed key."""
    return Sealer(KEY)


@pytest.fixture
def sealed(sealer: Sealer) -> bytes:
    """PLAINTEXT sealed at WHERE."""
    return sealer.seal(PLAINTEXT, WHERE)


def _flip(value: bytes, position: int, bit: int = 0) -> bytes:
    changed = bytearray(value)
    changed[position] ^= 1 << bit
    return bytes(changed)


def test_a_sealed_value_has_nonce_ciphertext_and_tag(sealer: Sealer, sealed: bytes) -> None:
    assert len(sealed) == NONCE_BYTES + len(PLAINTEXT) + TAG_BYTES
    assert PLAINTEXT not in sealed
    assert sealer.open(sealed, WHERE) == PLAINTEXT


def test_sealing_twice_gives_different_bytes(sealer: Sealer) -> None:
    first, second = sealer.seal(PLAINTEXT, WHERE), sealer.seal(PLAINTEXT, WHERE)
    assert first != second
    assert first[:NONCE_BYTES] != second[:NONCE_BYTES]
    assert sealer.open(first, WHERE) == sealer.open(second, WHERE) == PLAINTEXT


def test_an_empty_value_seals_to_nonce_and_tag(sealer: Sealer) -> None:
    sealed = sealer.seal(b"", WHERE)
    assert len(sealed) == NONCE_BYTES + TAG_BYTES
    assert sealer.open(sealed, WHERE) == b""


@given(plaintext=st.binary(max_size=4096), where=_placements)
def test_anything_round_trips_at_any_placement(plaintext: bytes, where: bytes) -> None:
    sealer = Sealer(KEY)
    sealed = sealer.seal(plaintext, where)
    assert len(sealed) == NONCE_BYTES + len(plaintext) + TAG_BYTES
    assert sealer.open(sealed, where) == plaintext


@given(key=st.binary(min_size=KEY_BYTES, max_size=KEY_BYTES), plaintext=st.binary(max_size=256))
def test_any_key_round_trips(key: bytes, plaintext: bytes) -> None:
    sealer = Sealer(key)
    assert sealer.open(sealer.seal(plaintext, WHERE), WHERE) == plaintext


def test_placement_names_every_part() -> None:
    assert placement("records", "family", ROW, 3).split(b"\x1f") == [
        b"parentrus",
        b"records",
        b"family",
        ROW.encode(),
        b"3",
    ]
    assert placement("records", "ملف", ROW, 12).decode().split("\x1f")[2:] == ["ملف", ROW, "12"]


@pytest.mark.parametrize("position", [0, NONCE_BYTES // 2, NONCE_BYTES - 1])
def test_a_changed_nonce_byte_is_caught(sealer: Sealer, sealed: bytes, position: int) -> None:
    with pytest.raises(DamagedValue):
        sealer.open(_flip(sealed, position), WHERE)


@pytest.mark.parametrize("offset", [0, 5, len(PLAINTEXT) - 1])
def test_a_changed_ciphertext_byte_is_caught(sealer: Sealer, sealed: bytes, offset: int) -> None:
    with pytest.raises(DamagedValue):
        sealer.open(_flip(sealed, NONCE_BYTES + offset, 7), WHERE)


@pytest.mark.parametrize("from_end", [1, 8, TAG_BYTES])
def test_a_changed_tag_byte_is_caught(sealer: Sealer, sealed: bytes, from_end: int) -> None:
    with pytest.raises(DamagedValue):
        sealer.open(_flip(sealed, len(sealed) - from_end, 3), WHERE)


def test_every_single_byte_change_is_caught(sealer: Sealer, sealed: bytes) -> None:
    for position in range(len(sealed)):
        for replacement in (sealed[position] ^ 0xFF, (sealed[position] + 1) % 256):
            changed = sealed[:position] + bytes([replacement]) + sealed[position + 1 :]
            with pytest.raises(DamagedValue):
                sealer.open(changed, WHERE)


@given(data=st.data(), plaintext=st.binary(max_size=200))
def test_any_flipped_bit_is_caught(data: st.DataObject, plaintext: bytes) -> None:
    sealer = Sealer(KEY)
    sealed = sealer.seal(plaintext, WHERE)
    position = data.draw(st.integers(0, len(sealed) - 1), label="position")
    bit = data.draw(st.integers(0, 7), label="bit")
    with pytest.raises(DamagedValue):
        sealer.open(_flip(sealed, position, bit), WHERE)


@pytest.mark.parametrize("keep", [0, 1, NONCE_BYTES, NONCE_BYTES + TAG_BYTES - 1])
def test_a_value_too_short_to_hold_nonce_and_tag_is_damaged(
    sealer: Sealer, sealed: bytes, keep: int
) -> None:
    with pytest.raises(DamagedValue):
        sealer.open(sealed[:keep], WHERE)


@pytest.mark.parametrize("cut", [1, TAG_BYTES, len(PLAINTEXT)])
def test_a_value_cut_short_is_damaged(sealer: Sealer, sealed: bytes, cut: int) -> None:
    with pytest.raises(DamagedValue):
        sealer.open(sealed[:-cut], WHERE)


def test_a_value_with_bytes_added_is_damaged(sealer: Sealer, sealed: bytes) -> None:
    with pytest.raises(DamagedValue):
        sealer.open(sealed + b"\x00", WHERE)
    with pytest.raises(DamagedValue):
        sealer.open(sealed[:NONCE_BYTES] + b"\x00" + sealed[NONCE_BYTES:], WHERE)


@pytest.mark.parametrize(
    "elsewhere",
    [
        placement("records", "family", "f" * 32, 3),  # another row
        placement("journal", "family", ROW, 3),  # another table
        placement("records", "session", ROW, 3),  # another kind
        placement("records", "family", ROW, 2),  # an older schema
        placement("records", "family", ROW, 4),  # a newer schema
        b"",
    ],
)
def test_a_value_moved_elsewhere_does_not_open(
    sealer: Sealer, sealed: bytes, elsewhere: bytes
) -> None:
    assert elsewhere != WHERE
    with pytest.raises(DamagedValue):
        sealer.open(sealed, elsewhere)


@given(where=_placements, elsewhere=_placements)
def test_any_other_placement_does_not_open(where: bytes, elsewhere: bytes) -> None:
    sealer = Sealer(KEY)
    sealed = sealer.seal(PLAINTEXT, where)
    if elsewhere == where:
        assert sealer.open(sealed, elsewhere) == PLAINTEXT
    else:
        with pytest.raises(DamagedValue):
            sealer.open(sealed, elsewhere)


def test_another_key_does_not_open(sealed: bytes) -> None:
    with pytest.raises(DamagedValue):
        Sealer(new_key()).open(sealed, WHERE)
    with pytest.raises(DamagedValue):
        Sealer(_flip(KEY, 31, 0)).open(sealed, WHERE)


def test_damage_is_a_vault_error_with_plain_words(sealer: Sealer, sealed: bytes) -> None:
    with pytest.raises(VaultError) as caught:
        sealer.open(sealed[:-1], WHERE)
    assert type(caught.value) is DamagedValue
    assert "damaged" in caught.value.message
    assert str(caught.value) == caught.value.message


def test_new_keys_are_random_256_bit_keys() -> None:
    keys = {new_key() for _ in range(100)}
    assert len(keys) == 100
    assert all(len(key) == KEY_BYTES for key in keys)


@pytest.mark.parametrize("length", [0, 16, 24, 31, 33, 64])
def test_a_key_must_be_32_bytes(length: int) -> None:
    with pytest.raises(ValueError, match="32 bytes"):
        Sealer(bytes(length))
