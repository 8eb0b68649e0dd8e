"""Fixtures shared by every test: a private data folder, fast key derivation, planted data."""

from __future__ import annotations

import os
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest
from helpers.pg_cluster import PgCluster, PostgresMissing
from helpers.planted import planted_family
from helpers.values import PASSPHRASE
from hypothesis import HealthCheck, settings

from parentrus_desktop.domain import Family
from parentrus_desktop.store.profiles import create_profile
from parentrus_desktop.store.unlocked import UnlockedProfile
from parentrus_desktop.vault.kdf import KdfParameters

# Qt widgets in any test render offscreen: CI has no display.
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

# These machines are shared and noisy: Hypothesis's own timing checks (slow generation,
# per-example deadlines) would fail tests for the machine's load, not for the code.
settings.register_profile(
    "shared-machine", deadline=None, suppress_health_check=[HealthCheck.too_slow]
)
settings.load_profile("shared-machine")


@pytest.fixture
def floor_kdf() -> KdfParameters:
    """Key-derivation parameters at the floor (64 MiB, 3 passes): real Argon2id, but the
    quickest the vault allows, so tests do not spend half a second per unlock."""
    return KdfParameters(salt=os.urandom(16))


@pytest.fixture
def temp_folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A fresh temporary folder that Python and SQLite use for the test, so a leak scan
    can read everything the app might have put in 'the temp folder'."""
    folder = tmp_path / "tmp"
    folder.mkdir()
    monkeypatch.setenv("TMPDIR", str(folder))
    monkeypatch.setattr(tempfile, "tempdir", str(folder))
    return folder


@pytest.fixture
def data_dir(tmp_path: Path) -> Path:
    """The folder profiles are kept in (not created yet: the app creates it, owner-only)."""
    return tmp_path / "data"


@pytest.fixture
def created(data_dir: Path, floor_kdf: KdfParameters) -> Iterator[tuple[UnlockedProfile, str]]:
    """A new, unlocked profile and its recovery key; locked again after the test."""
    profile, recovery_key = create_profile(data_dir, "Hodan", PASSPHRASE, kdf=floor_kdf)
    yield profile, recovery_key
    profile.lock()


@pytest.fixture
def profile(created: tuple[UnlockedProfile, str]) -> UnlockedProfile:
    """A new, unlocked, empty profile."""
    return created[0]


@pytest.fixture
def family(profile: UnlockedProfile) -> Family:
    """A saved family carrying the planted name, phone number and note."""
    family = planted_family()
    profile.save(family)
    return family


@pytest.fixture(scope="session")
def pg_cluster() -> Iterator[PgCluster]:
    """A real, throwaway PostgreSQL cluster, started once for the whole run and removed at
    its end; each test asks it for a fresh database."""
    try:
        cluster = PgCluster()
    except PostgresMissing as missing:
        # Never a skip: CI installs PostgreSQL, and the tests must prove the hub on it.
        pytest.fail(str(missing), pytrace=False)
    yield cluster
    cluster.stop()
