"""A throwaway PostgreSQL cluster for the hub's tests and benchmark: initdb into a
temporary folder, served on a Unix socket only, removed when stopped.

Under pytest-xdist one cluster serves every worker of a run (``shared_cluster``): the first
worker that needs it starts it, the others attach to it, and the controller stops it at the
end (``stop_shared_cluster``), when no worker can still be using it."""

from __future__ import annotations

import contextlib
import glob
import itertools
import json
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
        self.process: subprocess.Popen[bytes] | None = subprocess.Popen(
            [*prefix, str(bindir / "postgres"), "-D", str(self.data), "-k", str(self.socket_dir),
             "-p", str(self.port), "-c", "listen_addresses=", "-c", "fsync=off",
             "-c", "max_connections=200"],
            stdin=subprocess.DEVNULL, stdout=self.log, stderr=subprocess.STDOUT,
        )  # fmt: skip
        self._names = itertools.count()
        self._wait_until_ready()

    @classmethod
    def attach(cls, address: dict[str, str]) -> PgCluster:
        """A cluster another process started and will stop (``address()`` there): this
        one only makes databases on it."""
        cluster = cls.__new__(cls)
        cluster.root = Path(address["root"])
        cluster.data = cluster.root / "data"
        cluster.socket_dir = cluster.root / "socket"
        cluster.port = int(address["port"])
        cluster.process = None
        cluster._names = itertools.count()
        return cluster

    def address(self) -> dict[str, str]:
        """What another process needs to ``attach`` to this cluster."""
        return {"root": str(self.root), "port": str(self.port)}

    def url(self, database: str = "postgres") -> str:
        return f"postgresql://postgres@/{database}?host={self.socket_dir}&port={self.port}"

    def _wait_until_ready(self) -> None:
        deadline = time.monotonic() + 60
        while True:
            try:
                psycopg.connect(self.url(), connect_timeout=2).close()
                return
            except psycopg.OperationalError:
                assert self.process is not None
                if self.process.poll() is not None or time.monotonic() > deadline:
                    log = (self.root / "postgres.log").read_text(errors="replace")
                    self.stop()
                    raise PostgresMissing(f"The test PostgreSQL did not start:\n{log}") from None
                time.sleep(0.1)

    def new_database(self) -> str:
        """A fresh, empty database's address, for one test (named after this process, so
        workers sharing the cluster never pick the same name)."""
        name = f"hub_test_{os.getpid()}_{next(self._names)}"
        with psycopg.connect(self.url(), autocommit=True) as conn:
            conn.execute(f'CREATE DATABASE "{name}"')
        return self.url(name)

    def stop(self) -> None:
        if self.process is None:  # attached: the process that started it stops it
            return
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


_ADDRESS = "pg_cluster.json"
_STARTED_HERE: list[PgCluster] = []


def shared_cluster(folder: Path) -> PgCluster:
    """The run's one cluster, for an xdist worker: started by the first worker that asks
    (under a lock on a file in ``folder``, which every worker of the run is given), attached
    to by the others. A cluster that would not start is not tried again by each worker:
    they all fail with the first one's message."""
    import fcntl  # only here: Unix only, as xdist's workers on this suite are

    with open(folder / "pg_cluster.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)  # let go when the file closes
        record = folder / _ADDRESS
        if record.exists():
            address = json.loads(record.read_text(encoding="utf-8"))
            if "problem" in address:
                raise PostgresMissing(address["problem"])
            return PgCluster.attach(address)
        try:
            cluster = PgCluster()
        except PostgresMissing as missing:
            record.write_text(json.dumps({"problem": str(missing)}), encoding="utf-8")
            raise
        record.write_text(json.dumps(cluster.address()), encoding="utf-8")
        # This worker lets the server run past its own end (the controller stops it): the
        # log is the server's now, and the Popen is kept, not collected mid-run as a
        # "subprocess still running" ResourceWarning (an error in this suite).
        cluster.log.close()
        _STARTED_HERE.append(cluster)
        return cluster


def stop_shared_cluster(folder: Path) -> None:
    """Stops and removes the cluster ``shared_cluster`` started in this folder, if any; for
    the controller, once every worker is done. The server is not this process's child (its
    starter may have exited already), so it is told to stop and watched by its pid file."""
    record = folder / _ADDRESS
    if not record.exists():
        return
    address = json.loads(record.read_text(encoding="utf-8"))
    if "problem" in address:
        return
    root = Path(address["root"])
    pid_file = root / "data" / "postmaster.pid"
    try:
        server = int(pid_file.read_text().split()[0])
        os.kill(server, signal.SIGINT)  # fast shutdown, as PgCluster.stop
    except (OSError, ValueError, IndexError):
        server = None
    deadline = time.monotonic() + 30
    while server is not None and pid_file.exists():  # PostgreSQL removes it as it stops
        if time.monotonic() > deadline:
            with contextlib.suppress(OSError):
                os.kill(server, signal.SIGKILL)
            break
        time.sleep(0.05)
    shutil.rmtree(root, ignore_errors=True)
