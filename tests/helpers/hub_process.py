"""The real school hub as a subprocess, started by its own command on a free loopback
port: ``parentrus-hub init`` then ``serve``, as a school would run it."""

from __future__ import annotations

import itertools
import re
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import httpx
import uvicorn
from parentrus_sync.hub.http_limits import SERVING
from parentrus_sync.hub.hubdata import database_address
from parentrus_sync.hub.storage import Storage, open_storage
from parentrus_sync.protocol import Invitation

from helpers.in_process import run_hub_here

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
    """A ``parentrus-hub`` command. Init, invite, devices... run their main() in this
    process (helpers.in_process: a process each cost a second of imports); serve, which
    runs until stopped, in a process of its own, as HubProcess always starts it."""
    if args[:1] != ("serve",):
        return run_hub_here(*args, stdin=stdin)
    return subprocess.run(
        [*hub_command(), *args], input=stdin, capture_output=True, text=True, timeout=120
    )


class HubProcess:
    """``parentrus-hub init`` then ``serve`` on a free loopback port, as a subprocess; it
    can be stopped and started again on the same port and data, as a school's hub that
    goes away for a while."""

    def __init__(
        self,
        data: Path,
        database_args: list[str],
        serve_args: tuple[str, ...] = (),
        *,
        set_up: bool = True,
    ) -> None:
        self.data = data
        if set_up:  # else another process serving a hub already set up there
            done = run_hub(
                "init", "--data", str(data), "--school-name", SCHOOL_NAME,
                "--password-stdin", *database_args, stdin=PASSWORD + "\n",
            )  # fmt: skip
            assert done.returncode == 0, done.stderr
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.serve_args = serve_args
        self.process: subprocess.Popen[bytes] | None = None
        self.start()

    def start(self) -> None:
        with open(self.data / "serve.log", "ab") as log:  # the child keeps its own copy
            self.process = subprocess.Popen(
                [*hub_command(), "serve", "--data", str(self.data), "--port", str(self.port),
                 *self.serve_args],
                stdout=log, stderr=subprocess.STDOUT,
            )  # fmt: skip
        deadline = time.monotonic() + 60
        while not self._answers():  # ready when its API answers, not after a set time
            if self.process.poll() is not None or time.monotonic() > deadline:
                self.stop()
                raise RuntimeError(
                    "The hub did not start: " + (self.data / "serve.log").read_text()
                )
            time.sleep(0.05)

    def _answers(self) -> bool:
        try:
            return httpx.get(self.url + "/api/v1/hello", timeout=5).status_code == 200
        except httpx.TransportError:
            return False

    def invite(self, folder: Path | None = None) -> tuple[Path, str]:
        """A new invitation made by ``parentrus-hub invite``: its file and its code."""
        out = (folder or self.data) / f"invitation-{next(_counter)}.parentrus-invitation"
        done = run_hub("invite", "--data", str(self.data), "--out", str(out))
        assert done.returncode == 0, done.stderr
        code = re.search(r"Invitation code: (\S+)", done.stdout)
        assert code is not None, done.stdout
        return out, code.group(1)

    def invitation(self) -> Invitation:
        return Invitation.from_file_bytes(self.invite()[0].read_bytes())

    def command(self, *args: str) -> str:
        """Another ``parentrus-hub`` command on this hub's data (devices, revoke...)."""
        done = run_hub(*args, "--data", str(self.data))
        assert done.returncode == 0, done.stderr
        return done.stdout

    def storage(self) -> Storage:
        return open_storage(database_address(self.data))

    def beside(self, serve_args: tuple[str, ...] = ()) -> HubProcess:
        """A second hub process on the same data (and so the same database), on its own
        port: two hubs behind one proxy, or two machines sharing one PostgreSQL."""
        return HubProcess(self.data, [], serve_args, set_up=False)

    def stop(self) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.terminate()
            self.process.wait(timeout=30)
        self.process = None


_counter = itertools.count()


@contextmanager
def serving(app: Any) -> Iterator[str]:
    """The app on a real uvicorn server on loopback, in a thread; yields its base URL."""
    # IPPROTO_TCP named explicitly: asyncio sets TCP_NODELAY only on sockets that say so,
    # and without it every answer waits for the client's delayed ACK (40 ms).
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM, socket.IPPROTO_TCP)
    sock.bind(("127.0.0.1", 0))
    port = sock.getsockname()[1]
    # Served as the hub serves itself (its parser and limits), not uvicorn's defaults.
    config = uvicorn.Config(app, log_level="warning", lifespan="off", access_log=False, **SERVING)
    server = uvicorn.Server(config)
    thread = threading.Thread(target=server.run, kwargs={"sockets": [sock]}, daemon=True)
    thread.start()
    while not server.started:
        if not thread.is_alive():
            raise RuntimeError("The test hub did not start.")
        time.sleep(0.01)
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.should_exit = True
        thread.join(timeout=30)
        sock.close()
