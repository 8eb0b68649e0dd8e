"""The wheel a mentor's installer is made from is complete: built from a clean copy of the
sources (no compiled catalog or copied guide lying about) and installed, not editable, into
a fresh environment, it speaks Arabic, applies the high-contrast theme, shows its icon and
opens its user guide, every page and picture of it."""

from __future__ import annotations

import importlib.util
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
NOT_SOURCE_NAMES = shutil.ignore_patterns(
    ".git", ".venv", "build", "dist", "*.egg-info", "__pycache__", "*.mo", ".*_cache",
    ".hypothesis", "tests", "bench",
)  # fmt: skip


def not_sources(folder: str, names: list[str]) -> set[str]:
    """As NOT_SOURCE_NAMES, and the guide `make guide` copied into the package (the build's
    own output: the wheel must get it from docs/)."""
    ignored = set(NOT_SOURCE_NAMES(folder, names))
    if Path(folder) == ROOT / "parentrus_desktop" / "resources":
        ignored.add("guide")
    return ignored


#: A wheel much larger than the app's code, words and pictures has picked up something
#: else (the guide's screenshots are counted on their own: _guide_files()).
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
from parentrus_desktop.language_names import both_names

bengali = both_names("bn")  # from the package's language_names.json
apply_theme("high_contrast")
present_app()
from PySide6.QtCore import QUrl
from parentrus_desktop.gui.guide_browser import GuideDialog

guide = GuideDialog()
pictures, missing = 0, []
for row, page in enumerate(guide.pages):
    guide.contents.setCurrentRow(row)
    block = guide.text.document().begin()
    while block.isValid():
        fragments = block.begin()
        while not fragments.atEnd():
            found = fragments.fragment().charFormat()
            if found.isImageFormat():
                name = found.toImageFormat().name()
                pictures += 1
                if guide.text.picture(QUrl(name)).isNull():
                    missing.append(name)
            fragments += 1
        block = block.next()
print(json.dumps({
    "guide": [str(page.path) for page in guide.pages],
    "pictures": pictures,
    "missing": missing,
    "package": parentrus_desktop.__file__,
    "arabic": arabic,
    "save": i18n._("Save"),
    "bengali": bengali,
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


def _guide_files() -> dict[Path, Path]:
    """{a file of the sources: where the wheel keeps it}, as the build copies them."""
    spec = importlib.util.spec_from_file_location(
        "guide_files", ROOT / "packaging" / "guide_files.py"
    )
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return {ROOT / source: Path(module.PACKAGED, name) for source, name in module.shipped().items()}


def _in_venv(venv: Path, program: str) -> Path:
    return venv / ("Scripts" if os.name == "nt" else "bin") / program


@pytest.mark.slow
def test_the_wheel_installed_in_a_fresh_environment_has_its_words_look_and_icon(
    tmp_path: Path,
) -> None:
    sources, dist, venv = tmp_path / "src", tmp_path / "dist", tmp_path / "venv"
    shutil.copytree(ROOT, sources, ignore=not_sources)
    pip = [sys.executable, "-m", "pip", "--disable-pip-version-check", "-q"]
    subprocess.run([*pip, "wheel", "--no-deps", "-w", dist, sources], check=True, timeout=600)
    (wheel,) = dist.glob("parentrus_desktop-*.whl")
    names = zipfile.ZipFile(wheel).namelist()
    resources = "parentrus_desktop/resources/"
    assert f"{resources}locale/ar/LC_MESSAGES/parentrus.mo" in names
    assert f"{resources}themes/high_contrast.toml" in names
    assert f"{resources}language_names.json" in names  # the first-run screen's names
    assert f"{resources}icons/hicolor/16x16/apps/org.parentrus.Mentor.png" in names
    assert not [name for name in names if name.startswith(("tests/", "i18n/", "ui/"))]
    # The guide: its pages, only the screenshots they show, and the licence About shows.
    guide = _guide_files()
    shipped = {name for name in names if name.startswith(f"{resources}guide/")}
    assert shipped == {path.as_posix() for path in guide.values()}
    assert f"{resources}guide/guide/README.md" in shipped
    assert f"{resources}guide/LICENSE" in shipped
    assert f"{resources}guide/screenshots/en/01-choose-language.png" in shipped
    assert f"{resources}guide/screenshots/en/05-today.png" not in shipped  # not in the guide
    assert wheel.stat().st_size < MOST_BYTES + sum(source.stat().st_size for source in guide)

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
    pages = sorted(Path(page) for page in found["guide"])
    assert [page.name for page in pages] == sorted(
        path.name for path in (ROOT / "docs" / "guide").glob("*.md")
    )
    assert all(page.is_relative_to(venv) for page in pages)
    assert found["pictures"] > 0 and found["missing"] == []
    assert found["arabic"] is True
    assert found["save"] == _arabic_for("Save") != "Save"
    assert found["bengali"] == "বাংলা — البنغالية"
    with (ROOT / "parentrus_desktop" / "resources" / "themes" / "high_contrast.toml").open(
        "rb"
    ) as file:
        high_contrast = tomllib.load(file)
    assert found["window"] == high_contrast["palette"]["window"].lower()
    assert high_contrast["colours"]["focus"] in found["style_sheet"]
    assert found["icon_sizes"][0] == 16 and found["icon_sizes"][-1] == 512
    with (ROOT / "pyproject.toml").open("rb") as file:
        assert found["version"] == tomllib.load(file)["project"]["version"]
