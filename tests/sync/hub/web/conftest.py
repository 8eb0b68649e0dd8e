"""The hub pages' fixtures: a real hub on a SQLite file, and a plain HTTP client for it."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
from helpers.hub_process import serving
from hubweb_kit import Clock, open_hub
from parentrus_sync.hub.app import create_app
from parentrus_sync.hub.hub import Hub


@pytest.fixture
def web_clock() -> Clock:
    return Clock()


@pytest.fixture
def web_hub(tmp_path: Path, web_clock: Clock) -> Iterator[Hub]:
    hub = open_hub(tmp_path / "hub.sqlite", web_clock)
    yield hub
    hub.storage.close()


@pytest.fixture
def client(web_hub: Hub) -> Iterator[httpx.Client]:
    """A client of the hub served for real on loopback (TestClient would need httpx2)."""
    with serving(create_app(web_hub)) as url, httpx.Client(base_url=url, timeout=60) as c:
        yield c
