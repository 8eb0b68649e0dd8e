"""The parentrus-sync wheel (the hub, and the wire both ends share) carries its licence:
the AGPL asks that whoever gets the program gets its text too."""

from __future__ import annotations

import shutil
import subprocess
import sys
import zipfile
from email.parser import Parser
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
#: Build output a clean checkout does not have.
NOT_SOURCE_NAMES = shutil.ignore_patterns("build", "dist", "*.egg-info", "__pycache__")


@pytest.mark.slow
def test_the_sync_wheel_holds_the_licence_text(tmp_path: Path) -> None:
    sources, dist = tmp_path / "sync", tmp_path / "dist"
    shutil.copytree(ROOT / "sync", sources, ignore=NOT_SOURCE_NAMES)
    pip = [sys.executable, "-m", "pip", "--disable-pip-version-check", "-q"]
    subprocess.run([*pip, "wheel", "--no-deps", "-w", dist, sources], check=True, timeout=600)
    (wheel,) = dist.glob("parentrus_sync-*.whl")
    with zipfile.ZipFile(wheel) as archive:
        names = archive.namelist()
        licences = [n for n in names if n.endswith(".dist-info/licenses/LICENSE")]
        assert len(licences) == 1, names
        text = archive.read(licences[0]).decode("utf-8")
        (metadata_name,) = [n for n in names if n.endswith(".dist-info/METADATA")]
        metadata = Parser().parsestr(archive.read(metadata_name).decode("utf-8"))
    assert "GNU AFFERO GENERAL PUBLIC LICENSE" in text and "Version 3" in text
    assert text == (ROOT / "LICENSE").read_text(encoding="utf-8")  # the project's own
    assert metadata["License-Expression"] == "AGPL-3.0-or-later"
    assert metadata["License-File"] == "LICENSE"
