"""The real hub stopped as systemd and Docker stop it (SIGTERM): its SQLite database is
left whole in hub.sqlite, with no write-ahead log beside it, so a copy of that one file
(a restore, as the guide says) is the whole database."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import httpx
from helpers.hub_process import SCHOOL, HubProcess
from hubcore_kit import enrol_over_http


def test_sigterm_leaves_no_write_ahead_log(tmp_path: Path) -> None:
    hub_process = HubProcess(tmp_path / "hub-data", [])
    try:
        with httpx.Client(base_url=hub_process.url, timeout=60) as client:
            laptop = enrol_over_http(client, hub_process.invitation())
        database = hub_process.data / "hub.sqlite"
        assert Path(f"{database}-wal").exists()  # written to while serving
        assert hub_process.process is not None
        hub_process.process.terminate()  # SIGTERM, as systemctl stop and docker stop send
        hub_process.process.wait(timeout=30)
    finally:
        hub_process.stop()
    assert not Path(f"{database}-wal").exists()
    assert not Path(f"{database}-shm").exists()
    # The file alone, copied elsewhere, holds everything: the laptop just enrolled.
    copy = tmp_path / "restored.sqlite"
    copy.write_bytes(database.read_bytes())
    with sqlite3.connect(copy) as conn:
        assert conn.execute("PRAGMA integrity_check").fetchone() == ("ok",)
        rows = conn.execute("SELECT school FROM devices WHERE device = ?", [laptop.device])
        assert rows.fetchall() == [(SCHOOL,)]
    conn.close()
