"""The hub core's fixtures: every storage test runs on SQLite and on a real, throwaway
PostgreSQL cluster that this file starts once per session (and stops at the end)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from helpers.hub_process import HubProcess
from helpers.pg_cluster import PgCluster
from hubcore_kit import Clock, make_hub
from parentrus_sync.hub.hub import Hub
from parentrus_sync.hub.storage import Storage, open_storage

BACKENDS = ["sqlite", "postgres"]


@pytest.fixture(params=BACKENDS)
def database(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """Where a fresh hub database lives: a SQLite file path or a postgresql:// address."""
    if request.param == "postgres":
        cluster: PgCluster = request.getfixturevalue("pg_cluster")
        return cluster.new_database()
    return str(tmp_path / "hub.sqlite")


@pytest.fixture
def storage(database: str) -> Iterator[Storage]:
    opened = open_storage(database)
    yield opened
    opened.close()


@pytest.fixture
def clock() -> Clock:
    return Clock()


@pytest.fixture
def hub(storage: Storage, clock: Clock) -> Hub:
    return make_hub(storage, clock)


@pytest.fixture(params=BACKENDS)
def database_args(request: pytest.FixtureRequest) -> list[str]:
    """What ``parentrus-hub init`` is given to use each backend."""
    if request.param == "postgres":
        cluster: PgCluster = request.getfixturevalue("pg_cluster")
        return ["--database", cluster.new_database()]
    return []


@pytest.fixture
def hub_process(tmp_path: Path, database_args: list[str]) -> Iterator[HubProcess]:
    """The real hub, set up and served by its own command on a free loopback port."""
    process = HubProcess(tmp_path / "hub-data", database_args)
    yield process
    process.stop()
