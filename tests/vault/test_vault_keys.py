"""The key hierarchy: wrapping keys, and recovery keys a mentor can write down and type back."""

from __future__ import annotations

import base64
import re
from collections.abc import Callable

import pytest

from parentrus_desktop.vault import keys
from parentrus_desktop.vault.errors import DamagedValue, VaultError, WrongRecoveryKey
from parentrus_desktop.vault.keys import (
    RECOVERY_KEY_BYTES,
    new_recovery_key,
    read_recovery_key,
    recovery_wrapping_key,
    unwrap_key,
    wrap_key,
)
from parentrus_desktop.vault.sealing import KEY_BYTES, NONCE_BYTES, TAG_BYTES, Sealer, new_key

RECOVERY_KEY_FORMAT = re.compile(r"^[A-Z2-7]{4}(-[A-Z2-7]{4}){8}$")
#: A secret whose recovery key holds O, I and B, the letters people type as 0, 1 and 8.
CONFUSABLE_SECRET = base64.b32decode("OIBAOIBB" * 4)
SALT = bytes(range(32))


@pytest.fixture
def fixed_recovery_key(monkeypatch: pytest.MonkeyPatch) -> tuple[str, bytes]:
    """A recovery key made by new_recovery_key from a known secret, so tests are repeatable."""
    monkeypatch.setattr(keys.secrets, "token_bytes", lambda n: CONFUSABLE_SECRET[:n])
    text, secret = new_recovery_key()
    assert secret == CONFUSABLE_SECRET
    return text, secret


# --- Wrapping -------------------------------------------------------------------------------


def test_a_wrapped_key_unwraps() -> None:
    wrapping, key = new_key(), new_key()
    wrapped = wrap_key(wrapping, key, "profile")
    assert len(wrapped) == NONCE_BYTES + KEY_BYTES + TAG_BYTES
    assert key not in wrapped
    assert unwrap_key(wrapping, wrapped, "profile") == key


def test_wrapping_twice_gives_different_bytes() -> None:
    wrapping, key = new_key(), new_key()
    first, second = wrap_key(wrapping, key, "family"), wrap_key(wrapping, key, "family")
    assert first != second
    assert unwrap_key(wrapping, first, "family") == unwrap_key(wrapping, second, "family") == key


def test_the_wrong_wrapping_key_does_not_unwrap() -> None:
    key = new_key()
    wrapped = wrap_key(new_key(), key, "profile")
    with pytest.raises(DamagedValue):
        unwrap_key(new_key(), wrapped, "profile")


@pytest.mark.parametrize("purpose", ["family", "Profile", "profile ", "", "recovery"])
def test_the_wrong_purpose_does_not_unwrap(purpose: str) -> None:
    wrapping = new_key()
    wrapped = wrap_key(wrapping, new_key(), "profile")
    with pytest.raises(DamagedValue):
        unwrap_key(wrapping, wrapped, purpose)


@pytest.mark.parametrize("position", [0, NONCE_BYTES, NONCE_BYTES + KEY_BYTES, -1])
def test_a_changed_wrapped_key_does_not_unwrap(position: int) -> None:
    wrapping = new_key()
    wrapped = bytearray(wrap_key(wrapping, new_key(), "profile"))
    wrapped[position] ^= 0x01
    with pytest.raises(DamagedValue):
        unwrap_key(wrapping, bytes(wrapped), "profile")
    with pytest.raises(DamagedValue):
        unwrap_key(wrapping, bytes(wrapped[:20]), "profile")


def test_a_wrapped_key_cannot_be_opened_as_a_record() -> None:
    wrapping = new_key()
    wrapped = wrap_key(wrapping, new_key(), "profile")
    with pytest.raises(DamagedValue):
        Sealer(wrapping).open(wrapped, b"")
    with pytest.raises(DamagedValue):
        Sealer(wrapping).open(wrapped, b"parentrus\x1fwrap")


# --- Recovery keys ---------------------------------------------------------------------------


def test_a_recovery_key_is_nine_groups_of_four() -> None:
    texts = set()
    for _ in range(200):
        text, secret = new_recovery_key()
        assert RECOVERY_KEY_FORMAT.match(text), text
        assert len(secret) == RECOVERY_KEY_BYTES
        assert read_recovery_key(text) == secret
        texts.add(text)
    assert len(texts) == 200


def test_the_fixed_key_holds_the_confusable_letters(fixed_recovery_key: tuple[str, bytes]) -> None:
    text, _ = fixed_recovery_key
    assert RECOVERY_KEY_FORMAT.match(text)
    assert text.startswith("OIBA-OIBB-")
    assert {"O", "I", "B"} <= set(text)


@pytest.mark.parametrize(
    "retype",
    [
        str.lower,
        lambda t: t.replace("-", " "),
        lambda t: t.replace("-", ""),
        lambda t: t.replace("-", "  "),
        lambda t: f"  {t}\n",
        lambda t: t.replace("-", "\n"),
        lambda t: t.replace("O", "0"),
        lambda t: t.replace("I", "1"),
        lambda t: t.replace("B", "8"),
        lambda t: t.lower().replace("o", "0").replace("i", "1").replace("b", "8").replace("-", " "),
        lambda t: t.replace("-", "—"),  # a long dash from a word processor
    ],
)
def test_a_recovery_key_is_read_as_people_type_it(
    fixed_recovery_key: tuple[str, bytes], retype: Callable[[str], str]
) -> None:
    text, secret = fixed_recovery_key
    typed = retype(text)
    assert typed != text
    assert read_recovery_key(typed) == secret


def test_random_recovery_keys_are_read_when_typed_loosely() -> None:
    for _ in range(100):
        text, secret = new_recovery_key()
        loose = text.lower().replace("-", " ").replace("o", "0").replace("i", "1")
        assert read_recovery_key(loose) == secret


def _changed(group: str) -> str:
    """The same group with its first letter moved one place along the base-32 alphabet."""
    alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567"
    return alphabet[(alphabet.index(group[0]) + 1) % 32] + group[1:]


@pytest.mark.parametrize("index", range(9))
def test_a_changed_group_is_caught(fixed_recovery_key: tuple[str, bytes], index: int) -> None:
    text, _ = fixed_recovery_key
    groups = text.split("-")
    groups[index] = _changed(groups[index])
    with pytest.raises(WrongRecoveryKey):
        read_recovery_key("-".join(groups))


def test_swapped_groups_are_caught(fixed_recovery_key: tuple[str, bytes]) -> None:
    text, _ = fixed_recovery_key
    groups = text.split("-")
    groups[1], groups[2] = groups[2], groups[1]
    assert "-".join(groups) != text
    with pytest.raises(WrongRecoveryKey):
        read_recovery_key("-".join(groups))


def test_a_missing_or_extra_group_is_caught(fixed_recovery_key: tuple[str, bytes]) -> None:
    text, _ = fixed_recovery_key
    groups = text.split("-")
    for typed in (groups[:-1], groups[1:], [*groups, "AAAA"], [*groups[:4], *groups[5:]]):
        with pytest.raises(WrongRecoveryKey):
            read_recovery_key("-".join(typed))


@pytest.mark.parametrize(
    "typed",
    [
        "",
        "   ",
        "----",
        "hello",
        "AAAA-AAAA",
        "A" * 36,
        "A" * 37,
        "9999-9999-9999-9999-9999-9999-9999-9999-9999",
        "é" * 36,
        "٣" * 36,  # Arabic-Indic digits are letters-or-digits to Python, but not base 32
        "АААА-АААА-АААА-АААА-АААА-АААА-АААА-АААА-АААА",  # Cyrillic А, not Latin A
        "correct horse battery staple",
    ],
)
def test_garbage_is_not_a_recovery_key(typed: str) -> None:
    with pytest.raises(WrongRecoveryKey) as caught:
        read_recovery_key(typed)
    assert isinstance(caught.value, VaultError)
    assert "recovery key" in caught.value.message


def test_the_recovery_wrapping_key_depends_on_secret_and_salt() -> None:
    _, secret = new_recovery_key()
    _, other_secret = new_recovery_key()
    key = recovery_wrapping_key(secret, SALT)
    assert len(key) == KEY_BYTES
    assert recovery_wrapping_key(secret, SALT) == key
    assert recovery_wrapping_key(secret, bytes(32)) != key
    assert recovery_wrapping_key(other_secret, SALT) != key
    assert key != secret[:KEY_BYTES]


def test_a_recovery_key_typed_back_unwraps_the_profile_key() -> None:
    text, secret = new_recovery_key()
    profile_key = new_key()
    wrapped = wrap_key(recovery_wrapping_key(secret, SALT), profile_key, "recovery")
    typed = text.lower().replace("-", " ")
    assert (
        unwrap_key(recovery_wrapping_key(read_recovery_key(typed), SALT), wrapped, "recovery")
        == profile_key
    )
