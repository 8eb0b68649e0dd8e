"""How strong a passphrase looks, said in words a mentor understands.

A rough guide, not a promise: it rewards length above all, because a short sentence
is both easy to remember and slow to guess through Argon2id.
"""

from __future__ import annotations

from enum import IntEnum

from parentrus_desktop.domain.validation import N_

SHORTEST = 8


class Strength(IntEnum):
    TOO_SHORT = 0
    WEAK = 1
    GOOD = 2
    STRONG = 3


ADVICE = {
    Strength.TOO_SHORT: N_("Too short: use at least 8 characters."),
    Strength.WEAK: N_("Weak: add a few more words."),
    Strength.GOOD: N_("Good."),
    Strength.STRONG: N_("Strong."),
}

_COMMON = {"password", "passphrase", "12345678", "qwertyui", "iloveyou", "parentrus"}


def strength(passphrase: str) -> Strength:
    if len(passphrase) < SHORTEST:
        return Strength.TOO_SHORT
    if passphrase.casefold().replace(" ", "") in _COMMON or len(set(passphrase)) < 5:
        return Strength.WEAK
    words = len(passphrase.split())
    if len(passphrase) >= 20 and words >= 4:
        return Strength.STRONG
    if len(passphrase) >= 14 or words >= 3:
        return Strength.GOOD
    return Strength.WEAK
