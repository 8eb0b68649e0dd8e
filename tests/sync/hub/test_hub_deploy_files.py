"""The deployment files in sync/deploy are well formed and say what the guide says: the
systemd unit passes ``systemd-analyze verify`` (where systemd is) and runs the hub as its
own user on loopback; the Compose file, the Caddyfile and the nginx example are read here
(Docker Compose, Caddy and nginx are not on every machine that runs the tests)."""

from __future__ import annotations

import configparser
import re
import shutil
import subprocess
import sys
import tomllib
from pathlib import Path
from typing import Any

import pytest

DEPLOY = Path(__file__).resolve().parents[3] / "sync" / "deploy"


def _unit() -> configparser.ConfigParser:
    unit = configparser.ConfigParser(strict=False, interpolation=None)
    unit.optionxform = str  # type: ignore[assignment,method-assign]
    unit.read_string((DEPLOY / "parentrus-hub.service").read_text("utf-8"))
    return unit


def test_the_systemd_unit_runs_the_hub_as_its_own_user_on_loopback() -> None:
    service = _unit()["Service"]
    assert service["User"] == "parentrus-hub" and service["Group"] == "parentrus-hub"
    assert service["ExecStart"].split()[1:] == ["serve", "--host", "127.0.0.1", "--port", "8000"]
    assert service["UMask"] == "0077" and service["NoNewPrivileges"] == "yes"
    assert service["CapabilityBoundingSet"] == ""  # none at all: port 8000 needs none
    sysusers = (DEPLOY / "parentrus-hub.sysusers").read_text("utf-8").split("\n")
    assert any(line.startswith("u parentrus-hub ") for line in sysusers)


@pytest.mark.skipif(shutil.which("systemd-analyze") is None, reason="no systemd here")
def test_the_systemd_unit_passes_systemd_analyze_verify(tmp_path: Path) -> None:
    # verify checks that ExecStart's program exists: this test run's parentrus-hub.
    script = Path(sys.executable).parent / "parentrus-hub"
    text = (DEPLOY / "parentrus-hub.service").read_text("utf-8")
    unit = tmp_path / "parentrus-hub.service"
    unit.write_text(text.replace("/opt/parentrus-hub/bin/parentrus-hub", str(script)))
    done = subprocess.run(
        ["systemd-analyze", "verify", str(unit)], capture_output=True, text=True, timeout=60
    )
    about_it = [line for line in done.stderr.splitlines() if unit.name in line]
    assert done.returncode == 0 and about_it == [], done.stderr


def _yaml(text: str) -> dict[str, Any]:
    """The small part of YAML compose.yaml uses: maps by indentation, lists of scalars
    ("- x"), scalars plain or double-quoted, comments. Anything else fails the test."""
    root: dict[str, Any] = {}
    stack: list[tuple[int, Any]] = [(-1, root)]
    pending: tuple[int, dict[str, Any], str] | None = None
    for number, raw in enumerate(text.splitlines(), 1):
        line = raw.split(" #", 1)[0].rstrip() if not raw.lstrip().startswith("#") else ""
        if not line.strip():
            continue
        indent = len(line) - len(line.lstrip(" "))
        assert "\t" not in line[:indent], f"line {number}: a tab in the indentation"
        body = line.strip()
        if pending is not None:  # the key before this line had no value: a map, a list
            p_indent, parent, key = pending  # or, with nothing under it, null
            if indent > p_indent:
                parent[key] = [] if body.startswith("- ") else {}
                stack.append((indent, parent[key]))
            pending = None
        while stack[-1][0] > indent:
            stack.pop()
        assert stack[-1][0] == indent or isinstance(stack[-1][1], dict), f"line {number}"
        container = stack[-1][1]
        if body.startswith("- "):
            assert isinstance(container, list), f"line {number}: a list item in a map"
            container.append(_scalar(body[2:]))
            continue
        key, sep, value = body.partition(":")
        assert sep and isinstance(container, dict), f"line {number}: not 'key: value'"
        assert key not in container, f"line {number}: {key} twice"
        if value.strip():
            container[key] = _scalar(value.strip())
        else:
            pending = (indent, container, key)
            container[key] = None
    return root


def _scalar(text: str) -> Any:
    if text.startswith("["):
        assert text.endswith("]")
        return [_scalar(part.strip()) for part in text[1:-1].split(",")]
    if text.startswith('"'):
        assert text.endswith('"') and len(text) >= 2, text
        return text[1:-1]
    return text


def test_the_compose_file_runs_the_hub_with_postgresql_behind_caddy() -> None:
    compose = _yaml((DEPLOY / "compose.yaml").read_text("utf-8"))
    services = compose["services"]
    assert set(services) == {"db", "hub", "caddy"}
    assert services["db"]["image"].startswith("postgres:")
    assert services["db"]["environment"]["POSTGRES_PASSWORD"].startswith("${PARENTRUS_DB_")
    hub = services["hub"]
    assert hub["build"] == {"context": "..", "dockerfile": "deploy/Dockerfile"}
    assert hub["depends_on"]["db"]["condition"] == "service_healthy"
    assert hub["volumes"] == ["hub-data:/data"]
    # On loopback (Caddy in front), with the two workers a PostgreSQL hub wants.
    assert hub["command"] == [
        "parentrus-hub", "serve", "--host", "127.0.0.1", "--port", "8000", "--workers", "2"
    ]  # fmt: skip
    # Caddy shares the hub's network: the hub serves on loopback only.
    assert services["caddy"]["network_mode"] == "service:hub"
    assert "./Caddyfile:/etc/caddy/Caddyfile:ro" in services["caddy"]["volumes"]
    assert set(compose["volumes"]) == {"db-data", "hub-data", "caddy-data", "caddy-config"}
    dockerfile = (DEPLOY / "Dockerfile").read_text("utf-8")
    assert re.search(r"^USER parentrus-hub$", dockerfile, re.MULTILINE)
    build_context = DEPLOY.parent
    copied = [
        name
        for names in re.findall(r"^COPY (.+) \S+$", dockerfile, re.MULTILINE)
        for name in names.split()
    ]
    for name in copied:
        assert (build_context / name).exists(), f"the Dockerfile copies a missing {name}"
    # Everything the package's build reads: setuptools will refuse a missing license file.
    project = tomllib.loads((build_context / "pyproject.toml").read_text("utf-8"))["project"]
    for name in ["README.md", *project["license-files"]]:
        assert name in copied, f"the Dockerfile does not copy {name}, which the build reads"
    assert '"--host", "127.0.0.1"' in dockerfile


def _balanced(text: str) -> bool:
    depth = 0
    for char in re.sub(r"#.*", "", text):
        depth += {"{": 1, "}": -1}.get(char, 0)
        if depth < 0:
            return False
    return depth == 0


def test_the_proxies_pass_the_client_to_the_hub_on_loopback() -> None:
    caddy = (DEPLOY / "Caddyfile").read_text("utf-8")
    assert _balanced(caddy) and "reverse_proxy 127.0.0.1:8000" in caddy
    nginx = (DEPLOY / "nginx.conf").read_text("utf-8")
    assert _balanced(nginx)
    statements = [s.strip() for s in re.sub(r"#.*", "", nginx).replace("{", ";").split(";")]
    assert "proxy_pass http://127.0.0.1:8000" in statements
    assert "proxy_set_header X-Forwarded-For $remote_addr" in statements
    assert "proxy_set_header X-Forwarded-Proto $scheme" in statements
