"""A fast start: the first screen (first run, or the profile picker) loads only what it
shows. The hub's client (httpx, ssl), the report schema (jsonschema), the records'
database layer (sqlite_utils, and numpy through it), the example families and the
workspace's screens load once the mentor reaches them, not before (issue 15).

Modules are counted, never seconds: a timed test would fail for the machine's load.
The start's speed itself is measured in bench/start_bench.py."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from importlib.metadata import version
from pathlib import Path
from typing import Any

import pytest
from helpers.values import PASSPHRASE

from parentrus_desktop.about import DISTRIBUTION, version_from_metadata_file
from parentrus_desktop.store.profiles import create_profile
from parentrus_desktop.vault.kdf import KdfParameters

# The same start as the `parentrus` command with --exit-after-start, in a new interpreter
# (this one has loaded everything already), then what it loaded and what it showed.
START = """
import json, sys
from PySide6.QtCore import QEvent, QObject
from PySide6.QtWidgets import QApplication, QMainWindow
from parentrus_desktop.gui import app

qt = QApplication(sys.argv[:1])
painted = []

class Painted(QObject):  # the window painted before the app quit
    def eventFilter(self, watched, event):
        if event.type() == QEvent.Type.Paint and isinstance(watched, QMainWindow):
            painted.append(True)
        return False

painted_filter = Painted()
qt.installEventFilter(painted_filter)

windows = []  # kept, to ask which screen it showed after main() returns
make_window = app.make_window
app.make_window = lambda *given: windows.append(make_window(*given)) or windows[-1]
code = app.main(["--exit-after-start", "--data-dir", sys.argv[1]])
print(json.dumps({
    "code": code,
    "screen": type(windows[0].current_screen).__name__,
    "painted": bool(painted),
    "modules": sorted(sys.modules),
}))
"""

#: What the first screen must not load: each costs tenths of a second or megabytes.
NOT_AT_START = {
    "httpx",
    "ssl",
    "importlib.metadata",  # and the email package with it
    "cryptography.hazmat.bindings._rust",
    "jsonschema",
    "sqlite_utils",
    "numpy",
    "opendp",
    "parentrus_sync.client",
    "parentrus_sync.report_schema",
    "parentrus_desktop.operations.demo_data",
    "parentrus_desktop.operations.reports",
    "parentrus_desktop.store.unlocked",
    "parentrus_desktop.gui.workspace",
    "parentrus_desktop.gui.today_page",
    "parentrus_desktop.gui.families_page",
    "parentrus_desktop.gui.family_page",
    "parentrus_desktop.gui.session_form",
    "parentrus_desktop.gui.settings_page",
    "parentrus_desktop.gui.school_view",
}


def _run_app(script: str, data: Path) -> dict[str, Any]:
    """Run ``script`` (the app, started as a mentor starts it) in a fresh interpreter on
    ``data``; what it printed last, as JSON, after checking the app ended well."""
    done = subprocess.run(
        [sys.executable, "-c", script, str(data)],
        capture_output=True, text=True, check=False, timeout=120,
        env={**os.environ, "QT_QPA_PLATFORM": "offscreen"},
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    seen: dict[str, Any] = json.loads(done.stdout.strip().splitlines()[-1])
    assert seen["code"] == 0
    return seen


def _first_screen(data: Path) -> tuple[str, set[str]]:
    shown = _run_app(START, data)
    assert shown["painted"], "--exit-after-start quit before the first screen was painted"
    return str(shown["screen"]), set(shown["modules"])


@pytest.mark.parametrize("has_profile", [False, True], ids=["first-run", "picker"])
def test_the_first_screen_loads_only_what_it_shows(
    tmp_path: Path, floor_kdf: KdfParameters, has_profile: bool
) -> None:
    data = tmp_path / "data"
    if has_profile:
        profile, _recovery_key = create_profile(data, "Hodan", PASSPHRASE, kdf=floor_kdf)
        profile.lock()
    screen, loaded = _first_screen(data)
    assert screen == ("PickerScreen" if has_profile else "FirstRunScreen")
    assert sorted(NOT_AT_START & loaded) == []


def test_the_version_read_at_start_is_the_installed_one() -> None:
    """The start reads the version from the package's METADATA file itself (without
    importlib.metadata): it must say what importlib.metadata says."""
    assert version_from_metadata_file() == version(DISTRIBUTION)


# The app as a mentor starts it (no --exit-after-start): what is loaded at the window's
# first paint, and, once the warm-up (gui/warm_up.py) has run, what it loaded meanwhile.
AT_PAINT = """
import json, sys
from PySide6.QtCore import QEvent, QObject, Qt, QTimer, Signal
from PySide6.QtWidgets import QApplication, QMainWindow
from parentrus_desktop.gui import app, warm_up

qt = QApplication(sys.argv[:1])
seen = {}

class Quitting(QObject):
    now = Signal()

quitting = Quitting()
quitting.now.connect(qt.quit, Qt.ConnectionType.QueuedConnection)

class AtPaint(QObject):
    def eventFilter(self, watched, event):
        if event.type() == QEvent.Type.Paint and isinstance(watched, QMainWindow):
            seen.setdefault("at_paint", sorted(sys.modules))
        return False

at_paint = AtPaint()
qt.installEventFilter(at_paint)
load = warm_up._load

def loaded(modules):
    load(modules)
    seen["after_warm_up"] = sorted(sys.modules)
    # The warm-up runs on a thread of its own, which has no Qt event loop: a timer made
    # there never fired, and every run waited out the minute below.
    quitting.now.emit()  # queued to the UI thread

warm_up._load = loaded
QTimer.singleShot(60_000, qt.quit)  # no warm-up at all: give up
code = app.main(["--data-dir", sys.argv[1]])
print(json.dumps({"code": code, **seen}))
"""

#: What the warm-up must have loaded before the mentor presses Unlock.
WARMED = {
    "sqlite_utils",
    "httpx",
    "parentrus_desktop.store.unlocked",
    "parentrus_desktop.operations.retention",
    "parentrus_desktop.gui.workspace",
    "parentrus_desktop.gui.today_page",
}


def test_the_workspace_loads_after_the_first_paint(
    tmp_path: Path, floor_kdf: KdfParameters
) -> None:
    """While the mentor types the passphrase, the workspace's modules load in the
    background: started after the first paint, never before."""
    data = tmp_path / "data"
    create_profile(data, "Hodan", PASSPHRASE, kdf=floor_kdf)[0].lock()
    seen = _run_app(AT_PAINT, data)
    assert sorted(NOT_AT_START & set(seen["at_paint"])) == []
    assert "after_warm_up" in seen, "no warm-up ran"
    assert sorted(WARMED - set(seen["after_warm_up"])) == []
