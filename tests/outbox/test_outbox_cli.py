"""parentrus-admin connect and sync, run as the IT volunteer would, against the real hub
(``parentrus-hub`` init and invite, and serve in a process of its own)."""

from __future__ import annotations

import os
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest
from helpers.hub_process import HubProcess
from helpers.in_process import run_admin
from helpers.values import PASSPHRASE
from parentrus_sync.protocol import read_bundle

from parentrus_desktop.store.unlocked import UnlockedProfile


def _admin(data_dir: Path, *args: str) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("PARENTRUS_")}
    env["PARENTRUS_PASSPHRASE"] = PASSPHRASE
    # In this process (helpers.in_process); test_admin_cli runs the installed command.
    return run_admin(["--data-dir", str(data_dir), *args], env=env)


@pytest.fixture
def real_hub(tmp_path: Path) -> Iterator[HubProcess]:
    """The school's hub, on SQLite, on a free loopback port."""
    hub = HubProcess(tmp_path / "hub", [])
    yield hub
    hub.stop()


def test_connect_and_sync_from_the_command_line(
    profile: UnlockedProfile, data_dir: Path, real_hub: HubProcess, tmp_path: Path
) -> None:
    profile.lock()
    invitation, _code = real_hub.invite(tmp_path)
    connected = _admin(data_dir, "connect", str(invitation))
    assert connected.returncode == 0, connected.stderr
    assert "Connected to Riverside Primary" in connected.stdout
    synced = _admin(data_dir, "sync")
    assert synced.returncode == 0, synced.stderr
    # Connected today: nothing is ready yet, and nothing is sent.
    assert "no reports to send yet" in synced.stdout
    bundle = tmp_path / "reports.parentrus"
    saved = _admin(data_dir, "sync", "--to-file", str(bundle))
    assert saved.returncode == 0, saved.stderr
    assert read_bundle(bundle.read_bytes()) == []


def test_connect_with_a_code_and_plain_user_errors(
    profile: UnlockedProfile, data_dir: Path, real_hub: HubProcess, tmp_path: Path
) -> None:
    profile.lock()
    _file, code = real_hub.invite(tmp_path)
    connected = _admin(data_dir, "connect", "--hub", real_hub.url, "--code", code)
    assert connected.returncode == 0, connected.stderr
    assert "Connected to Riverside Primary" in connected.stdout
    again = _admin(data_dir, "connect", "--hub", real_hub.url, "--code", code)
    assert again.returncode != 0 and "Traceback" not in again.stderr  # a code works once
    short = _admin(data_dir, "connect", "--hub", real_hub.url, "--code", "ABCD")
    assert short.returncode == 2 and "24 letters and numbers" in short.stderr
    neither = _admin(data_dir, "connect")
    assert neither.returncode == 2 and "invitation file" in neither.stderr
    insecure = _admin(data_dir, "connect", "--hub", "http://hub.example.org", "--code", code)
    assert insecure.returncode == 2 and "https://" in insecure.stderr
    missing = _admin(data_dir, "connect", str(tmp_path / "nothing-here"))
    assert missing.returncode == 2 and "could not be read" in missing.stderr
    assert "Traceback" not in short.stderr + neither.stderr + insecure.stderr + missing.stderr
