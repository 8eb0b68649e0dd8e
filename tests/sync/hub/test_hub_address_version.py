"""``parentrus-hub --version``, and the public address given at ``init`` kept by ``serve``
(behind a proxy, invitations must not point at 127.0.0.1) unless ``--address`` is given
again."""

from __future__ import annotations

from importlib.metadata import version
from pathlib import Path

from helpers.hub_process import HubProcess, free_port, run_hub
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


def test_where_a_serve_happened_to_run_is_not_kept_as_the_hubs_address(tmp_path: Path) -> None:
    """With no address given, the first serve's (http://127.0.0.1:port) was kept for
    good: served again elsewhere, or later with a certificate, invitations still sent the
    laptops to the first."""
    hub = HubProcess(tmp_path / "hub-data", [])
    try:
        assert _invitation(hub).hub == hub.url
    finally:
        hub.stop()
    hub.port = free_port()
    hub.url = f"http://127.0.0.1:{hub.port}"
    hub.start()
    try:
        assert _invitation(hub).hub == hub.url  # where it serves now
    finally:
        hub.stop()
    storage = hub.storage()
    try:
        assert storage.setting("address") is None  # nobody gave one
    finally:
        storage.close()


def test_an_address_laptops_could_not_use_is_refused_at_once(tmp_path: Path) -> None:
    """init --address http://hub.example.org was taken, then every invitation and serve
    failed on it later."""
    data = tmp_path / "hub-data"
    done = run_hub(
        "init", "--data", str(data), "--school-name", "Riverside Primary", "--password-stdin",
        "--address", "http://hub.riverside.example.org", stdin="a long test password\n",
    )  # fmt: skip
    assert done.returncode != 0
    assert "must start with https://" in done.stderr and "Nothing was changed" in done.stderr
    assert not (data / "hub.json").exists()
    hub = HubProcess(data, [])
    hub.stop()
    served = run_hub(
        "serve", "--data", str(data), "--port", str(free_port()),
        "--address", "http://hub.riverside.example.org",
    )  # fmt: skip
    assert served.returncode != 0 and "must start with https://" in served.stderr
    assert _invitation(hub).hub.startswith("http://127.0.0.1:")  # nothing was changed


def test_a_loopback_address_an_older_hub_kept_gives_way_to_where_it_serves(
    tmp_path: Path,
) -> None:
    """Hubs before the fix above kept their first serve's address as if given."""
    hub = HubProcess(tmp_path / "hub-data", [])
    hub.stop()
    storage = hub.storage()
    try:
        storage.set_setting("address", "http://127.0.0.1:8000")  # what they kept
    finally:
        storage.close()
    hub.start()
    try:
        assert _invitation(hub).hub == hub.url
    finally:
        hub.stop()
