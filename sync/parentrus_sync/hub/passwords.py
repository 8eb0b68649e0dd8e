"""Coordinators' passwords: Argon2id, kept as PHC strings so the parameters travel with them."""

from __future__ import annotations

import os

from cryptography.exceptions import InvalidKey
from cryptography.hazmat.primitives.kdf.argon2 import Argon2id

# OWASP's Argon2id recommendation: 19 MiB, 2 passes, 1 lane. A login takes tens of
# milliseconds on a school's small server, and every guess costs an attacker as much.
MEMORY_KIB = 19 * 1024
ITERATIONS = 2
LANES = 1
HASH_LENGTH = 32
SALT_LENGTH = 16


def hash_password(password: str) -> str:
    """The PHC string to keep for a password: ``$argon2id$v=19$m=...,t=...,p=...$salt$hash``."""
    kdf = Argon2id(
        salt=os.urandom(SALT_LENGTH),
        length=HASH_LENGTH,
        iterations=ITERATIONS,
        lanes=LANES,
        memory_cost=MEMORY_KIB,
    )
    phc: str = kdf.derive_phc_encoded(password.encode("utf-8"))
    return phc


def password_matches(password_hash: str, password: str) -> bool:
    """Whether the password is the one kept; False for a damaged or foreign hash too."""
    try:
        Argon2id.verify_phc_encoded(password.encode("utf-8"), password_hash)
    except (InvalidKey, ValueError, TypeError):
        return False
    return True
