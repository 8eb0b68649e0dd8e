"""Key derivation: Argon2id parameters with a floor, stored as JSON, tuned by calibrate()."""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass, field

import pytest
from cryptography.hazmat.primitives.kdf.argon2 import Argon2id

from parentrus_desktop.vault import kdf
from parentrus_desktop.vault.kdf import (
    KEY_BYTES,
    LANES,
    LEAST_MEMORY_KIB,
    LEAST_PASSES,
    MOST_MEMORY_KIB,
    KdfParameters,
    calibrate,
    derive_key,
)

SALT = bytes(range(16))


@dataclass(frozen=True)
class CheapParameters:
    """Parameters shaped like KdfParameters but far below the floor, so tests run fast.
    KdfParameters itself refuses them, which is the point of the floor."""

    salt: bytes = SALT
    memory_kib: int = 64
    passes: int = 1
    lanes: int = 1


# --- The floor and the range --------------------------------------------------------------


def test_the_floor_is_accepted() -> None:
    parameters = KdfParameters(salt=SALT)
    assert (parameters.memory_kib, parameters.passes, parameters.lanes) == (
        LEAST_MEMORY_KIB,
        LEAST_PASSES,
        LANES,
    )
    assert LEAST_MEMORY_KIB == 64 * 1024
    assert LEAST_PASSES == 3


@pytest.mark.parametrize(
    "values",
    [
        {"memory_kib": LEAST_MEMORY_KIB - 1},
        {"memory_kib": 19 * 1024},
        {"memory_kib": 0},
        {"passes": LEAST_PASSES - 1},
        {"passes": 1},
        {"passes": 0},
    ],
)
def test_parameters_below_the_floor_are_refused(values: dict[str, int]) -> None:
    with pytest.raises(ValueError, match="below the floor"):
        KdfParameters(salt=SALT, **values)


@pytest.mark.parametrize("length", [0, 8, 15])
def test_a_short_salt_is_refused(length: int) -> None:
    with pytest.raises(ValueError, match="salt"):
        KdfParameters(salt=bytes(length))
    assert len(KdfParameters(salt=bytes(16)).salt) == 16


@pytest.mark.parametrize(
    "values",
    [
        {"memory_kib": MOST_MEMORY_KIB + 1},
        {"passes": 65},
        {"lanes": 0},
        {"lanes": 17},
    ],
)
def test_parameters_out_of_range_are_refused(values: dict[str, int]) -> None:
    with pytest.raises(ValueError, match="out of range"):
        KdfParameters(salt=SALT, **values)


def test_the_top_of_the_range_is_accepted() -> None:
    parameters = KdfParameters(salt=SALT, memory_kib=MOST_MEMORY_KIB, passes=64, lanes=16)
    assert parameters.memory_kib == MOST_MEMORY_KIB


# --- Stored as JSON ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    "parameters",
    [
        KdfParameters(salt=SALT),
        KdfParameters(salt=bytes(range(100, 132)), memory_kib=512 * 1024, passes=7, lanes=2),
    ],
)
def test_parameters_round_trip_through_json(parameters: KdfParameters) -> None:
    plain = parameters.to_json()
    assert plain["algorithm"] == "argon2id"
    assert plain["salt"] == parameters.salt.hex()
    assert KdfParameters.from_json(json.loads(json.dumps(plain))) == parameters


@pytest.mark.parametrize("algorithm", [None, "argon2i", "scrypt", "ARGON2ID"])
def test_an_unknown_algorithm_is_refused(algorithm: str | None) -> None:
    plain = KdfParameters(salt=SALT).to_json()
    if algorithm is None:
        del plain["algorithm"]
    else:
        plain["algorithm"] = algorithm
    with pytest.raises(ValueError, match="algorithm"):
        KdfParameters.from_json(plain)


def test_stored_parameters_below_the_floor_are_refused() -> None:
    plain = KdfParameters(salt=SALT).to_json()
    plain["passes"] = 1
    with pytest.raises(ValueError, match="below the floor"):
        KdfParameters.from_json(plain)
    plain = KdfParameters(salt=SALT).to_json()
    plain["salt"] = "00ff"
    with pytest.raises(ValueError, match="salt"):
        KdfParameters.from_json(plain)


# --- Deriving ---------------------------------------------------------------------------------


def test_derivation_is_deterministic() -> None:
    cheap = CheapParameters()
    first = derive_key("correct horse battery staple", cheap)  # type: ignore[arg-type]
    again = derive_key("correct horse battery staple", CheapParameters())  # type: ignore[arg-type]
    assert first == again
    assert len(first) == KEY_BYTES


@pytest.mark.parametrize(
    ("passphrase", "parameters"),
    [
        ("correct horse battery staple ", CheapParameters()),
        ("Correct horse battery staple", CheapParameters()),
        ("correct horse battery staple", CheapParameters(salt=bytes(range(1, 17)))),
        ("correct horse battery staple", CheapParameters(memory_kib=128)),
        ("correct horse battery staple", CheapParameters(passes=2)),
        ("correct horse battery staple", CheapParameters(lanes=2)),
    ],
)
def test_any_change_gives_another_key(passphrase: str, parameters: CheapParameters) -> None:
    baseline = derive_key("correct horse battery staple", CheapParameters())  # type: ignore[arg-type]
    assert derive_key(passphrase, parameters) != baseline  # type: ignore[arg-type]


def test_passphrases_in_any_script_derive_keys() -> None:
    cheap = CheapParameters()
    keys = {derive_key(p, cheap) for p in ("كلمة السر", "密码", "pass", "pässword")}  # type: ignore[arg-type]
    assert len(keys) == 4


def test_a_real_derivation_at_the_floor_uses_every_parameter() -> None:
    """The only real Argon2id derivation at the floor in this file (about 0.2 s)."""
    parameters = KdfParameters(salt=SALT)
    key = derive_key("كلمة السر", parameters)
    expected = Argon2id(
        salt=SALT, length=32, iterations=LEAST_PASSES, lanes=LANES, memory_cost=LEAST_MEMORY_KIB
    ).derive("كلمة السر".encode())
    assert key == expected
    assert len(key) == KEY_BYTES


# --- Calibration ------------------------------------------------------------------------------


@dataclass
class FakeLaptop:
    """A clock and a stand-in for derive_key: each derivation "takes" a time proportional to
    memory x passes, so calibrate() sees a laptop of the chosen speed without real work."""

    floor_seconds: float  # how long the floor (64 MiB x 3 passes) takes on this laptop
    now: float = 100.0
    derived: list[tuple[int, int, int]] = field(default_factory=list)

    def clock(self) -> float:
        return self.now

    def derive(self, passphrase: str, parameters: KdfParameters) -> bytes:
        assert isinstance(parameters, KdfParameters)  # calibrate only tries valid parameters
        self.derived.append((parameters.memory_kib, parameters.passes, parameters.lanes))
        work = parameters.memory_kib * parameters.passes / (LEAST_MEMORY_KIB * LEAST_PASSES)
        self.now += self.floor_seconds * work
        return bytes(KEY_BYTES)


@pytest.fixture
def laptop(monkeypatch: pytest.MonkeyPatch) -> Callable[[float], FakeLaptop]:
    """Installs a FakeLaptop of a given speed in place of the real derive_key."""

    def install(floor_seconds: float) -> FakeLaptop:
        fake = FakeLaptop(floor_seconds)
        monkeypatch.setattr(kdf, "derive_key", fake.derive)
        return fake

    return install


MIB = 1024


def test_a_fast_laptop_gets_more_memory(laptop: Callable[[float], FakeLaptop]) -> None:
    fake = laptop(0.1)
    parameters = calibrate(0.5, clock=fake.clock)
    # 64 MiB takes 0.1 s, 128 MiB 0.2 s, 256 MiB 0.4 s: doubling again would overshoot.
    assert [m for m, _, _ in fake.derived] == [64 * MIB, 128 * MIB, 256 * MIB]
    assert all(p == LEAST_PASSES for _, p, _ in fake.derived)
    assert parameters.memory_kib == 256 * MIB
    assert parameters.passes == 4  # 0.4 s / 3 passes: four passes is nearest 0.5 s
    assert parameters.lanes == LANES


def test_a_very_fast_laptop_stops_at_the_memory_ceiling(
    laptop: Callable[[float], FakeLaptop],
) -> None:
    fake = laptop(0.03)
    parameters = calibrate(0.5, clock=fake.clock)
    assert parameters.memory_kib == MOST_MEMORY_KIB
    assert max(m for m, _, _ in fake.derived) == MOST_MEMORY_KIB
    assert parameters.passes == 3  # 1 GiB takes 0.48 s


def test_an_extremely_fast_laptop_gets_more_passes_but_not_unbounded(
    laptop: Callable[[float], FakeLaptop],
) -> None:
    fake = laptop(0.0001)
    parameters = calibrate(0.5, clock=fake.clock)
    assert parameters.memory_kib == MOST_MEMORY_KIB
    assert parameters.passes == 64


@pytest.mark.parametrize("floor_seconds", [0.5, 2.0, 30.0])
def test_a_slow_laptop_gets_the_floor(
    laptop: Callable[[float], FakeLaptop], floor_seconds: float
) -> None:
    fake = laptop(floor_seconds)
    parameters = calibrate(0.5, clock=fake.clock)
    assert fake.derived == [(LEAST_MEMORY_KIB, LEAST_PASSES, LANES)]  # tried once, no more
    assert parameters.memory_kib == LEAST_MEMORY_KIB
    assert parameters.passes == LEAST_PASSES


def test_a_middling_laptop_adds_passes_not_memory(laptop: Callable[[float], FakeLaptop]) -> None:
    fake = laptop(0.3)  # doubling memory would take 0.6 s
    parameters = calibrate(0.5, clock=fake.clock)
    assert len(fake.derived) == 1
    assert parameters.memory_kib == LEAST_MEMORY_KIB
    assert parameters.passes == 5  # 0.1 s a pass


def test_a_longer_target_buys_more_work(laptop: Callable[[float], FakeLaptop]) -> None:
    short = calibrate(0.5, clock=laptop(0.1).clock)
    long = calibrate(2.0, clock=laptop(0.1).clock)
    assert long.memory_kib == 1024 * MIB
    assert long.passes == 4  # 1 GiB takes 1.6 s; 2.0 s / 0.533 s per pass
    assert long.memory_kib * long.passes > short.memory_kib * short.passes


@pytest.mark.parametrize(
    ("step", "tried", "passes"),
    [
        # Every derivation "takes" 0.125 s: memory doubles up to the ceiling, then 12 passes
        # (0.5 s / (0.125 s / 3 passes)).
        (0.125, [64 * MIB, 128 * MIB, 256 * MIB, 512 * MIB, 1024 * MIB], 12),
        # Exactly half the target still doubles.
        (0.25, [64 * MIB, 128 * MIB, 256 * MIB, 512 * MIB, 1024 * MIB], 6),
        # 0.375 s: doubling would overshoot, so the floor's memory with 4 passes.
        (0.375, [64 * MIB], 4),
    ],
)
def test_a_clock_that_moves_a_fixed_step_per_reading(
    monkeypatch: pytest.MonkeyPatch, step: float, tried: list[int], passes: int
) -> None:
    """calibrate reads the clock once before and once after each derivation."""
    readings: list[float] = []
    memories: list[int] = []

    def clock() -> float:
        readings.append(step * len(readings))
        return readings[-1]

    def derive(passphrase: str, parameters: KdfParameters) -> bytes:
        memories.append(parameters.memory_kib)
        return bytes(KEY_BYTES)

    monkeypatch.setattr(kdf, "derive_key", derive)
    parameters = calibrate(0.5, clock=clock)
    assert memories == tried
    assert len(readings) == 2 * len(tried)
    assert parameters.memory_kib == tried[-1]
    assert parameters.passes == passes


def test_calibration_gives_a_fresh_salt(
    monkeypatch: pytest.MonkeyPatch, laptop: Callable[[float], FakeLaptop]
) -> None:
    salts: list[bytes] = []
    fake = laptop(1.0)

    def derive(passphrase: str, parameters: KdfParameters) -> bytes:
        salts.append(parameters.salt)
        return fake.derive(passphrase, parameters)

    monkeypatch.setattr(kdf, "derive_key", derive)
    first = calibrate(0.5, clock=fake.clock)
    second = calibrate(0.5, clock=fake.clock)
    assert len(first.salt) == 16
    assert first.salt != second.salt
    assert first.salt not in salts  # the salt used for timing is not the one kept
