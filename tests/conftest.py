"""Fixtures shared by every test: a private data folder, fast key derivation, planted data."""

from __future__ import annotations

import gc
import os
import shutil
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from helpers.kdf_cache import FLOOR_SALT, remember_argon2id_keys
from helpers.pg_cluster import PgCluster, PostgresMissing, shared_cluster, stop_shared_cluster
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

# Each Argon2id key is derived once per process, for real (helpers/kdf_cache.py says why
# that is safe): it was most of the suite's time.
remember_argon2id_keys()


@pytest.fixture
def floor_kdf() -> KdfParameters:
    """Key-derivation parameters at the floor (64 MiB, 3 passes): real Argon2id, but the
    quickest the vault allows, so tests do not spend half a second per unlock. The salt is
    the same for the whole test process, so a key already derived is not derived again."""
    return KdfParameters(salt=FLOOR_SALT)


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


# pytest-xdist (`make test` runs the suite in two worker processes): one PostgreSQL cluster
# per run, however many workers. The controller gives every worker the same folder
# (workerinput); the first worker that needs the cluster starts it there, the others attach
# to it, and the controller stops it when all are done (pytest_unconfigure). Without xdist
# the pg_cluster fixture starts and stops the cluster itself, as before.
_SHARED = "parentrus_shared_folder"
_shared_folder = pytest.StashKey[Path]()


@pytest.hookimpl(optionalhook=True)  # an xdist hook: pytest without xdist never calls it
def pytest_configure_node(node: Any) -> None:
    """In the controller, for each worker it starts: the folder the workers share."""
    config: pytest.Config = node.config
    if _shared_folder not in config.stash:
        config.stash[_shared_folder] = Path(tempfile.mkdtemp(prefix="parentrus-run-"))
    node.workerinput[_SHARED] = str(config.stash[_shared_folder])


def pytest_unconfigure(config: pytest.Config) -> None:
    """In the controller, after every worker has ended: the shared cluster goes."""
    folder = config.stash.get(_shared_folder, None)
    if folder is not None:
        stop_shared_cluster(folder)
        shutil.rmtree(folder, ignore_errors=True)


def pytest_collection_finish(session: pytest.Session) -> None:
    """Everything built before the first test (modules, test items: most of the heap) is
    moved out of the garbage collector's sight. Each GUI test ends with a full collection
    (gui/conftest.py, as the app's MainThreadCollector does), which otherwise walked all of
    it every time: 0.2 to 0.6 s a test. Only what the tests themselves make is collected,
    as before; what existed before them stays alive anyway."""
    gc.collect()  # garbage already made is freed, not kept forever
    gc.freeze()


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """Under xdist, the tests marked slow go first (in their own order): each then runs
    beside the quick ones on the other workers, never alone at the end of the run."""
    if hasattr(config, "workerinput"):  # every worker sorts alike: xdist checks that
        items.sort(key=lambda item: item.get_closest_marker("slow") is None)


@pytest.fixture(scope="session")
def pg_cluster(request: pytest.FixtureRequest) -> Iterator[PgCluster]:
    """A real, throwaway PostgreSQL cluster, started once for the whole run (shared by all
    xdist workers) and removed at its end; each test asks it for a fresh database."""
    shared = getattr(request.config, "workerinput", {}).get(_SHARED)
    try:
        cluster = shared_cluster(Path(shared)) if shared else PgCluster()
    except PostgresMissing as missing:
        # Never a skip: CI installs PostgreSQL, and the tests must prove the hub on it.
        pytest.fail(str(missing), pytrace=False)
    yield cluster
    if not shared:  # else other workers may still use it: the controller stops it
        cluster.stop()
