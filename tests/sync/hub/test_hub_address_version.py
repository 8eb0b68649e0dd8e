"""``parentrus-hub --version``, and the public address given at ``init`` kept by ``serve``
(behind a proxy, invitations must not point at 127.0.0.1) unless ``--address`` is given
again."""

from __future__ import annotations

from importlib.metadata import version
from pathlib import Path

from helpers.hub_process import HubProcess, run_hub
from parentrus_sync.protocol import Invitation

PUBLIC = "https://hub.riverside.example.org"


def test_version_names_the_installed_hub() -> None:
    done = run_hub("--version")
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == f"parentrus-hub {version('parentrus-sync')}"


def _invitation(hub: HubProcess) -> Invitation:
    return Invitation.from_file_bytes(hub.invite()[0].read_bytes())


def test_serve_keeps_the_address_given_at_init(tmp_path: Path) -> None:
    hub = HubProcess(tmp_path / "hub-data", ["--address", PUBLIC])
    try:
        assert _invitation(hub).hub == PUBLIC  # not http://127.0.0.1:port
    finally:
        hub.stop()
    storage = hub.storage()
    try:
        assert storage.setting("address") == PUBLIC
    finally:
        storage.close()


def test_address_given_again_replaces_it(tmp_path: Path) -> None:
    hub = HubProcess(tmp_path / "hub-data", ["--address", PUBLIC])
    hub.stop()
    moved = "https://hub.new-name.example.org"
    hub.serve_args = ("--address", moved)
    hub.start()
    try:
        assert _invitation(hub).hub == moved
    finally:
        hub.stop()
    hub.serve_args = ()
    hub.start()  # and kept from then on
    try:
        assert _invitation(hub).hub == moved
    finally:
        hub.stop()
