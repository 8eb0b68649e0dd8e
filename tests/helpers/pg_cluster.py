"""A throwaway PostgreSQL cluster for the hub's tests and benchmark: initdb into a
temporary folder, served on a Unix socket only, removed when stopped."""

from __future__ import annotations

import glob
import itertools
import os
import shutil
import signal
import subprocess
import tempfile
import time
from pathlib import Path

import psycopg


class PostgresMissing(RuntimeError):
    """PostgreSQL's server programs are not installed, or the cluster would not start."""


def _pg_bindir() -> Path:
    """Where PostgreSQL's server programs are; fails (never skips) if they are not."""
    candidates = []
    if shutil.which("pg_config"):
        out = subprocess.run(["pg_config", "--bindir"], capture_output=True, text=True)
        candidates.append(out.stdout.strip())
    candidates += sorted(glob.glob("/usr/lib/postgresql/*/bin"), reverse=True)
    for folder in candidates:
        if folder and (Path(folder) / "initdb").exists() and (Path(folder) / "postgres").exists():
            return Path(folder)
    raise PostgresMissing(
        "PostgreSQL's server (initdb, postgres) is not installed, so the hub's PostgreSQL "
        "tests cannot run. Install Debian's 'postgresql' package (CI does, in .ci/run)."
    )


class PgCluster:
    """A throwaway cluster: its own folder, a Unix socket in it, no TCP."""

    def __init__(self) -> None:
        bindir = _pg_bindir()
        self.root = Path(tempfile.mkdtemp(prefix="parentrus-pg-"))
        self.data = self.root / "data"
        self.socket_dir = self.root / "socket"
        self.socket_dir.mkdir()
        # PostgreSQL refuses to run as root: then it runs as the system's postgres user.
        prefix = ["runuser", "-u", "postgres", "--"] if os.geteuid() == 0 else []
        if prefix:
            shutil.chown(self.root, "postgres")
            shutil.chown(self.socket_dir, "postgres")
            self.root.chmod(0o755)
        self.port = 54000 + os.getpid() % 1000
        subprocess.run(
            [*prefix, str(bindir / "initdb"), "-D", str(self.data), "-U", "postgres",
             "--auth=trust", "--no-sync", "-E", "UTF8"],
            check=True, capture_output=True,
        )  # fmt: skip
        self.log = open(self.root / "postgres.log", "wb")  # noqa: SIM115 (kept open while it runs)
        self.process = subprocess.Popen(
            [*prefix, str(bindir / "postgres"), "-D", str(self.data), "-k", str(self.socket_dir),
             "-p", str(self.port), "-c", "listen_addresses=", "-c", "fsync=off",
             "-c", "max_connections=200"],
            stdout=self.log, stderr=subprocess.STDOUT,
        )  # fmt: skip
        self._names = itertools.count()
        self._wait_until_ready()

    def url(self, database: str = "postgres") -> str:
        return f"postgresql://postgres@/{database}?host={self.socket_dir}&port={self.port}"

    def _wait_until_ready(self) -> None:
        deadline = time.monotonic() + 60
        while True:
            try:
                psycopg.connect(self.url(), connect_timeout=2).close()
                return
            except psycopg.OperationalError:
                if self.process.poll() is not None or time.monotonic() > deadline:
                    log = (self.root / "postgres.log").read_text(errors="replace")
                    self.stop()
                    raise PostgresMissing(f"The test PostgreSQL did not start:\n{log}") from None
                time.sleep(0.1)

    def new_database(self) -> str:
        """A fresh, empty database's address, for one test."""
        name = f"hub_test_{os.getpid()}_{next(self._names)}"
        with psycopg.connect(self.url(), autocommit=True) as conn:
            conn.execute(f'CREATE DATABASE "{name}"')
        return self.url(name)

    def stop(self) -> None:
        # PostgreSQL's fast shutdown (SIGINT to the server itself): it ends the sessions
        # still open and stops at once. SIGTERM would be a smart shutdown, waiting for every
        # client to leave; and as root, runuser answers SIGTERM by waiting two seconds
        # before it kills the server.
        try:
            server = int((self.data / "postmaster.pid").read_text().split()[0])
            os.kill(server, signal.SIGINT)
        except (OSError, ValueError, IndexError):
            self.process.terminate()
        try:
            self.process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()
        self.log.close()
        shutil.rmtree(self.root, ignore_errors=True)
