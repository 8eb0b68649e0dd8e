"""``parentrus`` as a desktop app: --version and --help, and a start that names the app,
its version, icon and desktop entry, and writes its log."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tomllib
from pathlib import Path

from parentrus_desktop.about import APP_ID
from parentrus_desktop.app_log import LOG_FILE, LOG_FOLDER

ROOT = Path(__file__).resolve().parents[2]
START = """
import json, sys
from PySide6.QtWidgets import QApplication
from parentrus_desktop.gui.app import main

code = main(["--exit-after-start", "--data-dir", sys.argv[1]])
app = QApplication.instance()
print(json.dumps({
    "code": code,
    "version": app.applicationVersion(),
    "desktop": app.desktopFileName(),
    "icon": sorted(size.width() for size in app.windowIcon().availableSizes()),
}))
"""


def _version() -> str:
    with (ROOT / "pyproject.toml").open("rb") as file:
        return str(tomllib.load(file)["project"]["version"])


def _parentrus(*arguments: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "parentrus_desktop.gui.app", *arguments],
        capture_output=True, text=True, check=True, timeout=60,
    )  # fmt: skip


def test_version_says_the_package_s_version() -> None:
    assert _parentrus("--version").stdout.strip() == f"parentrus {_version()}"


def test_python_m_parentrus_desktop_starts_the_same_app() -> None:
    done = subprocess.run(
        [sys.executable, "-m", "parentrus_desktop", "--version"],
        capture_output=True, text=True, check=False, timeout=60,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == f"parentrus {_version()}"


def test_help_names_every_option() -> None:
    said = _parentrus("--help").stdout
    for option in ("--version", "--data-dir", "--language", "--exit-after-start", "--start-report"):
        assert option in said


def test_a_start_names_the_app_and_writes_the_log(tmp_path: Path) -> None:
    data = tmp_path / "data"
    done = subprocess.run(
        [sys.executable, "-c", START, str(data)],
        capture_output=True, text=True, check=True, timeout=120,
        env={**os.environ, "QT_QPA_PLATFORM": "offscreen"},
    )  # fmt: skip
    shown = json.loads(done.stdout.strip().splitlines()[-1])
    assert shown == {
        "code": 0,
        "version": _version(),
        "desktop": APP_ID,
        "icon": [16, 24, 32, 48, 64, 128, 256, 512],
    }
    written = (data / LOG_FOLDER / LOG_FILE).read_text(encoding="utf-8")
    assert f"started: version {_version()}" in written and "closed" in written


def test_the_installed_app_passes_the_bundle_smoke_test() -> None:
    """The check CI runs on the bundle (packaging/smoke_bundle.py), run on the installed
    command: it starts in English and in Arabic with its words, Qt's, theme and icon."""
    installed = Path(sys.executable).parent / "parentrus"
    done = subprocess.run(
        [sys.executable, str(ROOT / "packaging" / "smoke_bundle.py"), str(installed)],
        capture_output=True, text=True, check=False, timeout=240,
    )  # fmt: skip
    assert done.returncode == 0, done.stdout + done.stderr
    lines = [line.split(" ", 1) for line in done.stdout.splitlines()]
    reports = [json.loads(rest) for first, rest in lines if first in ("en", "ar")]
    assert [report["language"] for report in reports] == ["en", "ar"]
