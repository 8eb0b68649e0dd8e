"""The wheel a mentor's installer is made from is complete: built from a clean copy of the
sources (no compiled catalog lying about) and installed, not editable, into a fresh
environment, it speaks Arabic, applies the high-contrast theme and shows its icon."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import sysconfig
import tomllib
import zipfile
from pathlib import Path

import pytest
from babel.messages.pofile import read_po

ROOT = Path(__file__).resolve().parents[2]
#: Not part of what a build reads: a clean checkout has none of them, or they are build output.
NOT_SOURCES = shutil.ignore_patterns(
    ".git", ".venv", "build", "dist", "*.egg-info", "__pycache__", "*.mo", ".*_cache",
    ".hypothesis", "tests", "bench", "docs",
)  # fmt: skip
#: A wheel much larger than the app's code, words and pictures has picked up something else.
MOST_BYTES = 2 * 1024 * 1024

CHECK = """
import json
from PySide6.QtWidgets import QApplication

app = QApplication([])
import parentrus_desktop
from parentrus_desktop import i18n
from parentrus_desktop.about import app_version
from parentrus_desktop.gui.desktop import present_app
from parentrus_desktop.gui.theme import apply_theme

arabic = i18n.set_language("ar")
apply_theme("high_contrast")
present_app()
print(json.dumps({
    "package": parentrus_desktop.__file__,
    "arabic": arabic,
    "save": i18n._("Save"),
    "style_sheet": app.styleSheet(),
    "window": app.palette().window().color().name(),
    "icon_sizes": sorted(size.width() for size in app.windowIcon().availableSizes()),
    "version": app_version(),
}))
"""


def _arabic_for(message: str) -> str:
    with (ROOT / "i18n" / "ar" / "LC_MESSAGES" / "parentrus.po").open("rb") as file:
        found = read_po(file).get(message)
    assert found is not None and found.string
    return str(found.string)


def _in_venv(venv: Path, program: str) -> Path:
    return venv / ("Scripts" if os.name == "nt" else "bin") / program


@pytest.mark.slow
def test_the_wheel_installed_in_a_fresh_environment_has_its_words_look_and_icon(
    tmp_path: Path,
) -> None:
    sources, dist, venv = tmp_path / "src", tmp_path / "dist", tmp_path / "venv"
    shutil.copytree(ROOT, sources, ignore=NOT_SOURCES)
    pip = [sys.executable, "-m", "pip", "--disable-pip-version-check", "-q"]
    subprocess.run([*pip, "wheel", "--no-deps", "-w", dist, sources], check=True, timeout=600)
    (wheel,) = dist.glob("parentrus_desktop-*.whl")
    names = zipfile.ZipFile(wheel).namelist()
    resources = "parentrus_desktop/resources/"
    assert f"{resources}locale/ar/LC_MESSAGES/parentrus.mo" in names
    assert f"{resources}themes/high_contrast.toml" in names
    assert f"{resources}icons/hicolor/16x16/apps/org.parentrus.Mentor.png" in names
    assert not [name for name in names if name.startswith(("tests/", "i18n/", "ui/"))]
    assert wheel.stat().st_size < MOST_BYTES

    # A fresh environment holding only the wheel; the libraries it needs come from this
    # one's site-packages through a .pth (no download). That folder is not a site folder
    # there, so the editable install of the sources in it is not seen.
    subprocess.run([sys.executable, "-m", "venv", "--without-pip", venv], check=True)
    python = _in_venv(venv, "python")
    subprocess.run(
        [*pip, "--python", python, "install", "--no-deps", "--no-index", wheel], check=True
    )
    site = subprocess.run(
        [python, "-c", "import sysconfig; print(sysconfig.get_path('purelib'))"],
        check=True, capture_output=True, text=True,
    ).stdout.strip()  # fmt: skip
    libraries = {sysconfig.get_path("purelib"), sysconfig.get_path("platlib")}
    (Path(site) / "project-libraries.pth").write_text("\n".join(sorted(libraries)) + "\n")

    shown = subprocess.run(
        [python, "-I", "-c", CHECK],
        cwd=tmp_path,  # not the sources: the package must come from the wheel
        env={**os.environ, "QT_QPA_PLATFORM": "offscreen"},
        check=True, capture_output=True, text=True, timeout=120,
    )  # fmt: skip
    found = json.loads(shown.stdout)
    assert Path(found["package"]).is_relative_to(venv)
    assert found["arabic"] is True
    assert found["save"] == _arabic_for("Save") != "Save"
    with (ROOT / "parentrus_desktop" / "resources" / "themes" / "high_contrast.toml").open(
        "rb"
    ) as file:
        high_contrast = tomllib.load(file)
    assert found["window"] == high_contrast["palette"]["window"].lower()
    assert high_contrast["colours"]["focus"] in found["style_sheet"]
    assert found["icon_sizes"][0] == 16 and found["icon_sizes"][-1] == 512
    with (ROOT / "pyproject.toml").open("rb") as file:
        assert found["version"] == tomllib.load(file)["project"]["version"]
