"""The IT volunteer's guide (sync/deploy/GUIDE.md), followed on this machine: every command
block marked ``sh guide-check`` runs in order, so the guide and this test cannot drift.

The machine is not a server, so a few things are stood in for, each by one rule below:
the guide's folders (/opt, /var, /etc) are folders under the test's own; ``sudo`` and the
hub's user are dropped (ownership is systemd's business); ``systemctl`` starts, stops and
asks the unit's own ExecStart, with its Environment, on a free port instead of 8000; pip
installs the hub this test runs (no network here) into the guide's new venv; ``init``
reads its password from standard input. The restore goes into a new data folder, as on a
new server. systemd-analyze, systemd-sysusers and Caddy check what they can where they
are installed; each check that cannot run says why (pytest -rs).
"""

from __future__ import annotations

import os
import re
import shlex
import shutil
import site
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

import httpx
import pytest
from helpers.hub_process import free_port

DEPLOY = Path(__file__).resolve().parents[3] / "sync" / "deploy"
PASSWORD = "a long test password"


def guide_commands() -> list[tuple[str, str]]:
    """(section, command) for each command of each ``sh guide-check`` block, in order;
    lines continued with a backslash joined."""
    commands: list[tuple[str, str]] = []
    section = ""
    block: list[str] | None = None
    for line in (DEPLOY / "GUIDE.md").read_text("utf-8").splitlines():
        text = line.strip()
        if block is None:
            if text.startswith("## "):
                section = text[3:]
            elif text == "```sh guide-check":
                block = []
        elif text == "```":
            joined = "\n".join(block).replace("\\\n", " ")
            commands += [(section, c) for c in joined.splitlines() if c.strip()]
            block = None
        else:
            block.append(text)
    return commands


@dataclass
class Server:
    """The stand-in server: its folders under ``root``, the hub's process when started."""

    root: Path
    data: Path
    port: int = field(default_factory=free_port)
    hub: subprocess.Popen[bytes] | None = None
    said: list[str] = field(default_factory=list)

    def __post_init__(self) -> None:
        # What a fresh Debian server has (and Caddy's package adds /etc/caddy).
        for folder in ("opt", "var/lib", "var/backups", "etc/sysusers.d", "etc/systemd/system",
                       "etc/caddy"):  # fmt: skip
            (self.root / folder).mkdir(parents=True, exist_ok=True)

    def path(self, text: str) -> str:
        # Only where a path starts (not inside one already made the stand-in's).
        text = re.sub(r"(?<![\w/.-])/var/lib/parentrus-hub", str(self.data), text)
        for top in ("/opt/", "/var/", "/etc/"):
            text = re.sub(rf"(?<![\w/.-]){top}", f"{self.root}{top}", text)
        return text.replace("127.0.0.1:8000", f"127.0.0.1:{self.port}")

    def run(self, command: str) -> None:
        text = re.sub(r"^sudo (-u \S+ )?", "", command)
        words = shlex.split(text)
        program = words[0]
        if program == "systemctl":
            self.systemctl(words[1:])
        elif program == "systemd-sysusers":
            self.sysusers()
        elif program == "caddy" and shutil.which("caddy") is None:
            self.said.append(f"not run (no Caddy here): {command}")
        elif program == "python3" and words[1:3] == ["-m", "venv"]:
            self.venv(Path(self.path(words[3])))
        elif program.endswith("/bin/pip"):
            self.pip(Path(self.path(program)).parent)
        elif program.endswith("parentrus-hub") and words[1:2] == ["init"]:
            self.shell(text + " --password-stdin", stdin=PASSWORD + "\n")
        else:
            # The hub's user exists on the server only; the backup's date is today's.
            text = re.sub(r" -[og] parentrus-hub", "", text)
            self.shell(text.replace("YYYY-MM-DD", time.strftime("%F")))

    def shell(self, command: str, stdin: str | None = None) -> None:
        done = subprocess.run(
            ["bash", "-c", "set -euo pipefail; " + self.path(command)],
            cwd=DEPLOY, input=stdin, capture_output=True, text=True, timeout=60,
        )  # fmt: skip
        assert done.returncode == 0, f"{command}\n{done.stdout}\n{done.stderr}"
        self.said.append(done.stdout.strip())

    def venv(self, folder: Path) -> None:
        # No pip inside (ensurepip takes half a minute here): pip() puts the hub in.
        subprocess.run([sys.executable, "-m", "venv", "--without-pip", folder], check=True)

    def pip(self, bin_folder: Path) -> None:
        """``pip install parentrus-sync[hub]``: this test's installed hub and its
        dependencies, seen by the new venv's Python, and its ``parentrus-hub`` script."""
        python = bin_folder / "python"
        found = subprocess.run(
            [python, "-c", "import sysconfig; print(sysconfig.get_path('purelib'))"],
            capture_output=True, text=True, check=True,
        )  # fmt: skip
        ours = site.getsitepackages()[0]
        Path(found.stdout.strip(), "parentrus-test.pth").write_text(
            f"import site; site.addsitedir({ours!r})\n"
        )
        script = bin_folder / "parentrus-hub"
        script.write_text(
            f"#!{python}\nimport sys\nfrom parentrus_sync.hub.cli import main\nsys.exit(main())\n"
        )
        script.chmod(0o755)

    def sysusers(self) -> None:
        if shutil.which("systemd-sysusers") is None:
            self.said.append("not run (no systemd here): systemd-sysusers")
            return
        self.shell(f"systemd-sysusers --root {self.root}")
        passwd = (self.root / "etc" / "passwd").read_text()
        assert re.search(r"^parentrus-hub:x:\d+:\d+:.*:/usr/sbin/nologin$", passwd, re.M)

    def unit(self) -> dict[str, str]:
        """The installed unit's Service section, its paths those of the stand-in."""
        path = self.root / "etc" / "systemd" / "system" / "parentrus-hub.service"
        service: dict[str, str] = {}
        in_service = False
        for line in path.read_text().splitlines():
            if line.startswith("["):
                in_service = line == "[Service]"
            elif in_service and "=" in line and not line.startswith("#"):
                key, value = line.split("=", 1)
                service[key] = self.path(value) if key != "Environment" else value
        return service

    def systemctl(self, words: list[str]) -> None:
        action, name = words[0], words[-1]
        if name == "caddy":
            self.said.append(f"not run (no Caddy here): systemctl {action} caddy")
            return
        if action == "daemon-reload":
            self.verify()
        elif action in ("enable", "start"):
            self.start()
        elif action == "stop":
            self.stop()
        elif action == "restart":
            self.stop()
            self.start()
        elif action == "status":
            assert self.hub is not None and self.hub.poll() is None, "the hub is not running"
        else:
            raise AssertionError(f"the test cannot stand in for systemctl {action}")

    def verify(self) -> None:
        if shutil.which("systemd-analyze") is None:
            self.said.append("not run (no systemd here): systemd-analyze verify")
            return
        path = self.root / "etc" / "systemd" / "system" / "parentrus-hub.service"
        path.write_text(self.path(path.read_text()))  # ExecStart must exist for verify
        done = subprocess.run(
            ["systemd-analyze", "verify", str(path)], capture_output=True, text=True, timeout=60
        )
        about_it = [line for line in done.stderr.splitlines() if path.name in line]
        assert done.returncode == 0 and about_it == [], done.stderr

    def start(self) -> None:
        service = self.unit()
        name, value = service["Environment"].split("=", 1)
        assert name == "PARENTRUS_HUB_DATA"
        environment = {**os.environ, name: self.path(value)}
        command = shlex.split(service["ExecStart"])
        assert command[command.index("--port") + 1] == "8000"
        command[command.index("--port") + 1] = str(self.port)
        log = open(self.root / "hub.log", "ab")  # noqa: SIM115 (the child keeps its copy)
        with log:
            self.hub = subprocess.Popen(command, env=environment, stdout=log, stderr=log)
        deadline = time.monotonic() + 60
        while True:
            try:
                httpx.get(f"http://127.0.0.1:{self.port}/login", timeout=5)
                return
            except httpx.TransportError:
                log_text = (self.root / "hub.log").read_text()
                assert self.hub.poll() is None, "the hub did not start:\n" + log_text
                assert time.monotonic() < deadline, "the hub did not answer:\n" + log_text
                time.sleep(0.05)

    def stop(self) -> None:
        if self.hub is not None:
            self.hub.terminate()
            self.hub.wait(timeout=30)
            self.hub = None


def test_the_guide_runs_on_this_machine_from_install_to_upgrade(tmp_path: Path) -> None:
    commands = guide_commands()
    sections = [section for section, _ in commands]
    assert sections[0].startswith("A.") and {"Restore", "Upgrade"} <= set(sections)
    server = Server(tmp_path, tmp_path / "var" / "lib" / "parentrus-hub")
    try:
        for section, command in commands:
            if section == "Restore" and server.data.name == "parentrus-hub":
                # As on a new server: the same backup folder, a new, empty data folder.
                server.data = tmp_path / "new-server" / "parentrus-hub"
            server.run(command)
        assert server.hub is not None and server.hub.poll() is None
        # The restored hub is the same hub: its school, its coordinator, its key.
        answer = httpx.get(f"http://127.0.0.1:{server.port}/api/v1/hello", timeout=10)
        assert answer.status_code == 200
        key = (tmp_path / "var" / "lib" / "parentrus-hub" / "hub-signing-key").read_bytes()
        assert (server.data / "hub-signing-key").read_bytes() == key
        assert (server.data / "hub.sqlite").stat().st_mode & 0o777 == 0o600
    finally:
        server.stop()
    print("\n".join(line for line in server.said if line))
    assert sum("The hub answers." in line for line in server.said) == 3
    assert any(re.fullmatch(r"parentrus-hub \S+", line) for line in server.said)


def _docker_compose() -> bool:
    if shutil.which("docker") is None:
        return False
    done = subprocess.run(["docker", "compose", "version"], capture_output=True, timeout=30)
    return done.returncode == 0


@pytest.mark.skipif(
    not _docker_compose(),
    reason="no Docker Compose here: compose.yaml is read and checked by test_hub_deploy_files",
)
def test_the_compose_file_passes_docker_compose_config() -> None:
    names = {"PARENTRUS_HUB_NAME": "hub.school.example", "PARENTRUS_DB_PASSWORD": "a-password"}
    done = subprocess.run(
        ["docker", "compose", "-f", str(DEPLOY / "compose.yaml"), "config", "--quiet"],
        env={**os.environ, **names}, capture_output=True, text=True, timeout=60,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr


@pytest.mark.skipif(
    shutil.which("caddy") is None,
    reason="no Caddy here: the Caddyfile is read and checked by test_hub_deploy_files",
)
def test_the_caddyfile_passes_caddy_validate() -> None:
    done = subprocess.run(
        ["caddy", "validate", "--config", str(DEPLOY / "Caddyfile"), "--adapter", "caddyfile"],
        capture_output=True, text=True, timeout=60,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr


def guide_blocks() -> list[str]:
    """Every ``sh`` block of the guide, those this machine cannot run too (Docker's)."""
    text = (DEPLOY / "GUIDE.md").read_text("utf-8")
    return [
        "\n".join(line.strip() for line in block.splitlines())
        for block in re.findall(r"^ *```sh[^\n]*\n(.*?)^ *```$", text, re.MULTILINE | re.DOTALL)
    ]


def test_every_command_block_of_the_guide_is_good_shell() -> None:
    """The Docker steps cannot run here; a typo in one (a quote left open, a missing
    backslash) is still found."""
    blocks = guide_blocks()
    assert any("docker compose" in b for b in blocks) and any("pg_restore" in b for b in blocks)
    for block in blocks:
        checked = subprocess.run(["bash", "-n"], input=block, capture_output=True, text=True)
        assert checked.returncode == 0, f"{checked.stderr}\n{block}"
