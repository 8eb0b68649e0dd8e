"""The real school hub as a subprocess, started by its own command on a free loopback
port: ``parentrus-hub init`` then ``serve``, as a school would run it."""

from __future__ import annotations

import itertools
import socket
import subprocess
import sys
import time
from pathlib import Path

import httpx
from parentrus_sync.hub.hubdata import database_address
from parentrus_sync.hub.storage import Storage, open_storage
from parentrus_sync.protocol import Invitation

SCHOOL = "riverside-primary"
SCHOOL_NAME = "Riverside Primary"
USERNAME = "coordinator"  # parentrus-hub init's default
PASSWORD = "a long test password"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


def hub_command() -> list[str]:
    """The installed ``parentrus-hub`` next to this Python, as a coordinator runs it."""
    script = Path(sys.executable).parent / "parentrus-hub"
    return [str(script)] if script.exists() else [sys.executable, "-m", "parentrus_sync.hub.cli"]


def run_hub(*args: str, stdin: str | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [*hub_command(), *args], input=stdin, capture_output=True, text=True, timeout=120
    )


class HubProcess:
    """``parentrus-hub init`` then ``serve`` on a free loopback port, as a subprocess."""

    def __init__(
        self, data: Path, database_args: list[str], serve_args: tuple[str, ...] = ()
    ) -> None:
        self.data = data
        done = run_hub(
            "init", "--data", str(data), "--school-name", "Riverside Primary",
            "--password-stdin", *database_args, stdin=PASSWORD + "\n",
        )  # fmt: skip
        assert done.returncode == 0, done.stderr
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.log = open(data / "serve.log", "w")  # noqa: SIM115 (kept open while it runs)
        self.process = subprocess.Popen(
            [*hub_command(), "serve", "--data", str(data), "--port", str(self.port), *serve_args],
            stdout=self.log, stderr=subprocess.STDOUT,
        )  # fmt: skip
        deadline = time.monotonic() + 60
        while True:
            try:
                if httpx.get(self.url + "/api/v1/hello", timeout=5).status_code == 200:
                    break
            except httpx.TransportError:
                pass
            if self.process.poll() is not None or time.monotonic() > deadline:
                self.stop()
                raise RuntimeError("The hub did not start: " + (data / "serve.log").read_text())
            time.sleep(0.05)

    def invitation(self) -> Invitation:
        out = self.data / f"invitation-{next(_counter)}.json"
        done = run_hub("invite", "--data", str(self.data), "--out", str(out))
        assert done.returncode == 0, done.stderr
        return Invitation.from_file_bytes(out.read_bytes())

    def storage(self) -> Storage:
        return open_storage(database_address(self.data))

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.terminate()
            self.process.wait(timeout=30)
        self.log.close()


_counter = itertools.count()
