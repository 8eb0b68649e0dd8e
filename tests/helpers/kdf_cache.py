"""Argon2id for the tests: the real derivation, done once per exact input in a process.

Argon2id at the floor costs a tenth of a second of CPU or more (more under load), and most
tests create or unlock a profile with the same passphrase: it was most of the suite's time.
Argon2id is a pure function, so a key derived before IS the key: ``remember_argon2id_keys``
puts a stand-in for cryptography's Argon2id into ``parentrus_desktop.vault.kdf`` that gives
the real class's bytes, computed by it the first time these exact inputs (passphrase, salt,
memory, passes, lanes, length) are seen and remembered after. A change of any input, as a
wrong passphrase or a new salt, derives anew. The tests' floor parameters share one salt
(``FLOOR_SALT``, random per process) so that those inputs repeat.

No test can tell the difference but by the time it takes: ``derive_key`` still runs, with the
parameters as stored, and ``vault/test_vault_kdf.py`` compares it with cryptography's own.
"""

from __future__ import annotations

import os
import threading
from typing import Any

from cryptography.exceptions import AlreadyFinalized
from cryptography.hazmat.primitives.kdf.argon2 import Argon2id

from parentrus_desktop.vault import kdf

#: The salt of the tests' floor key-derivation parameters (the floor_kdf fixture, the GUI's
#: make_kdf, run_admin): random, but the same for every profile a test process creates.
FLOOR_SALT = os.urandom(16)

_keys: dict[tuple[Any, ...], bytes] = {}
_lock = threading.Lock()  # the app derives keys on background threads too


class RememberingArgon2id:
    """cryptography's Argon2id with the same constructor and ``derive``, remembering keys."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        self._real = Argon2id(*args, **kwargs)  # checks the parameters as it always does
        self._inputs = (args, tuple(sorted(kwargs.items())))
        self._used = False

    def derive(self, key_material: bytes) -> bytes:
        if self._used:  # as the real one: one derivation per instance
            raise AlreadyFinalized("derive was already called.")
        self._used = True
        inputs = (self._inputs, bytes(key_material))
        with _lock:
            key = _keys.get(inputs)
        if key is None:
            key = self._real.derive(key_material)
            with _lock:
                _keys[inputs] = key
        return key


def remember_argon2id_keys() -> None:
    """For the whole test process (tests/conftest.py calls it as it loads)."""
    kdf.Argon2id = RememberingArgon2id  # type: ignore[misc]
