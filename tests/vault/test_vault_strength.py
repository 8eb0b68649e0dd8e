"""Passphrase strength feedback rewards length and words."""

from __future__ import annotations

import pytest

from parentrus_desktop.vault.strength import ADVICE, Strength, strength


@pytest.mark.parametrize(
    ("passphrase", "expected"),
    [
        ("short", Strength.TOO_SHORT),
        ("password", Strength.WEAK),
        ("aaaaaaaaaaaa", Strength.WEAK),
        ("Kettle42x", Strength.WEAK),
        ("tea at the library", Strength.GOOD),
        ("we meet for tea at the library on fridays", Strength.STRONG),
    ],
)
def test_strength_grows_with_length_and_words(passphrase: str, expected: Strength) -> None:
    assert strength(passphrase) is expected
    assert ADVICE[expected]
