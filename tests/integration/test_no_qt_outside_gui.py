"""Everything except gui/ imports and works without PySide6 (checked in a fresh interpreter)."""

from __future__ import annotations

import pkgutil
import subprocess
import sys
from pathlib import Path

import parentrus_desktop

SCRIPT = """
import importlib, sys
sys.modules["PySide6"] = None  # any import of PySide6 now fails loudly
for name in {modules!r}:
    importlib.import_module(name)
loaded = sorted(m for m, module in sys.modules.items()
                if module is not None and m.split(".")[0] in ("PySide6", "shiboken6"))
print("loaded:", loaded)
"""


def _modules_outside_gui() -> list[str]:
    root = Path(parentrus_desktop.__file__).parent
    names = [
        info.name
        for info in pkgutil.walk_packages([str(root)], prefix="parentrus_desktop.")
        if not info.name.startswith("parentrus_desktop.gui")
    ]
    assert "parentrus_desktop.store.unlocked" in names  # the walk really found the code
    return names


def test_core_imports_without_pyside6() -> None:
    done = subprocess.run(
        [sys.executable, "-c", SCRIPT.format(modules=_modules_outside_gui())],
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "loaded: []"


def test_no_source_file_outside_gui_mentions_pyside6() -> None:
    root = Path(parentrus_desktop.__file__).parent
    offenders = [
        str(path.relative_to(root))
        for path in root.rglob("*.py")
        if "gui" not in path.relative_to(root).parts and "PySide6" in path.read_text()
    ]
    assert offenders == []


HUB_SCRIPT = """
import importlib, sys
sys.modules["PySide6"] = None
sys.modules["parentrus_desktop"] = None  # the hub must never need the desktop app
for name in {modules!r}:
    importlib.import_module(name)
loaded = sorted(m for m, module in sys.modules.items()
                if module is not None and m.split(".")[0] in ("PySide6", "parentrus_desktop"))
print("loaded:", loaded)
"""


def test_the_wire_and_the_hub_import_without_the_desktop_app() -> None:
    import parentrus_sync

    root = Path(parentrus_sync.__file__).parent
    modules = [info.name for info in pkgutil.walk_packages([str(root)], prefix="parentrus_sync.")]
    assert "parentrus_sync.protocol" in modules and "parentrus_sync.hub.storage" in modules
    done = subprocess.run(
        [sys.executable, "-c", HUB_SCRIPT.format(modules=modules)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "loaded: []"
