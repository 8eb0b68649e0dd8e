"""Turning a passphrase into a key with Argon2id, tuned to this laptop.

The parameters are chosen when a profile is created (about half a second of work
here) and stored with the profile, so a slower laptop can still open it and a
later version can raise them. They never go below the floor below.
"""

from __future__ import annotations

import os
import time
from collections.abc import Callable
from dataclasses import asdict, dataclass

#: The floor: OWASP's 2023 guidance for Argon2id is 19 MiB x 2; we ask for far more.
LEAST_MEMORY_KIB = 64 * 1024
LEAST_PASSES = 3
LANES = 4
MOST_MEMORY_KIB = 1024 * 1024  # a shared venue laptop may have only 4 GiB
TARGET_SECONDS = 0.5
KEY_BYTES = 32


@dataclass(frozen=True, slots=True)
class KdfParameters:
    """Everything needed to derive the same key again; stored in the clear."""

    salt: bytes
    memory_kib: int = LEAST_MEMORY_KIB
    passes: int = LEAST_PASSES
    lanes: int = LANES

    def __post_init__(self) -> None:
        if len(self.salt) < 16:
            raise ValueError("salt must be at least 16 bytes")
        if self.memory_kib < LEAST_MEMORY_KIB or self.passes < LEAST_PASSES:
            raise ValueError("key-derivation parameters are below the floor")
        if self.memory_kib > MOST_MEMORY_KIB or self.passes > 64 or not 1 <= self.lanes <= 16:
            raise ValueError("key-derivation parameters are out of range")

    def to_json(self) -> dict[str, object]:
        plain = asdict(self)
        plain["salt"] = self.salt.hex()
        plain["algorithm"] = "argon2id"
        return plain

    @classmethod
    def from_json(cls, plain: dict[str, object]) -> KdfParameters:
        if plain.get("algorithm") != "argon2id":
            raise ValueError("unknown key-derivation algorithm")
        return cls(
            salt=bytes.fromhex(str(plain["salt"])),
            memory_kib=int(plain["memory_kib"]),  # type: ignore[call-overload]
            passes=int(plain["passes"]),  # type: ignore[call-overload]
            lanes=int(plain["lanes"]),  # type: ignore[call-overload]
        )


def derive_key(passphrase: str, parameters: KdfParameters) -> bytes:
    """The key-encryption key for this passphrase. Takes about TARGET_SECONDS by design."""
    # Here, not at the top: cryptography's library (~8 MB) loads when a key is derived,
    # not with the first screen, which only reads KdfParameters.
    from cryptography.hazmat.primitives.kdf.argon2 import Argon2id

    return Argon2id(
        salt=parameters.salt,
        length=KEY_BYTES,
        iterations=parameters.passes,
        lanes=parameters.lanes,
        memory_cost=parameters.memory_kib,
    ).derive(passphrase.encode("utf-8"))


def calibrate(
    target_seconds: float = TARGET_SECONDS,
    clock: Callable[[], float] = time.perf_counter,
) -> KdfParameters:
    """Parameters that take about ``target_seconds`` on this machine.

    Memory is raised first (it is what makes guessing on graphics cards expensive),
    then passes. Starts at the floor, so a slow laptop simply gets the floor.
    """
    salt = os.urandom(16)
    memory, passes = LEAST_MEMORY_KIB, LEAST_PASSES

    def seconds(memory_kib: int, passes_: int) -> float:
        start = clock()
        derive_key("calibration", KdfParameters(salt, memory_kib, passes_))
        return clock() - start

    took = seconds(memory, passes)
    while memory * 2 <= MOST_MEMORY_KIB and took * 2 <= target_seconds:
        memory *= 2
        took = seconds(memory, passes)
    # Passes scale time linearly, so one estimate is enough.
    per_pass = took / passes
    if per_pass > 0:
        passes = max(LEAST_PASSES, min(64, round(target_seconds / per_pass)))
    return KdfParameters(salt=os.urandom(16), memory_kib=memory, passes=passes)
