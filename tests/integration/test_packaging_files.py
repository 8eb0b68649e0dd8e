"""What the desktop and the software centres read about the app: the desktop entry, the
AppStream metadata, the icon in every format, and the licence, all saying the same."""

from __future__ import annotations

import configparser
import os
import shutil
import struct
import subprocess
import tomllib
import xml.etree.ElementTree as ElementTree
from pathlib import Path

import pytest

from parentrus_desktop.about import APP_ID
from parentrus_desktop.resources import ICONS, resource_dir

ROOT = Path(__file__).resolve().parents[2]
PACKAGING = ROOT / "packaging"
DESKTOP = PACKAGING / f"{APP_ID}.desktop"
METAINFO = PACKAGING / f"{APP_ID}.metainfo.xml"
HICOLOR = resource_dir(ICONS) / "hicolor"
PNG_SIZES = (16, 24, 32, 48, 64, 128, 256, 512)


def _tool(name: str) -> str:
    """A validator from the system's packages (.ci/run installs them); a developer's laptop
    without it skips, CI never does."""
    found = shutil.which(name)
    if found is None:
        if os.environ.get("CI"):
            pytest.fail(f"{name} is missing: .ci/run installs it")
        pytest.skip(f"{name} is not installed here")
    return found


def _png_size(data: bytes) -> tuple[int, int]:
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    width, height = struct.unpack(">II", data[16:24])
    return width, height


def test_the_appstream_metadata_passes_the_pedantic_validator() -> None:
    done = subprocess.run(
        [_tool("appstreamcli"), "validate", "--pedantic", "--no-net", str(METAINFO)],
        capture_output=True, text=True, check=False,
    )  # fmt: skip
    assert done.returncode == 0, done.stdout + done.stderr


def test_the_desktop_entry_passes_its_validator() -> None:
    done = subprocess.run(
        [_tool("desktop-file-validate"), str(DESKTOP)], capture_output=True, text=True, check=False
    )
    assert done.returncode == 0, done.stdout + done.stderr
    assert "error" not in done.stdout.lower()


def test_the_entry_the_metadata_and_the_app_name_the_same_id_and_icon() -> None:
    entry = configparser.ConfigParser(interpolation=None)
    entry.optionxform = str  # type: ignore[assignment,method-assign]
    entry.read(DESKTOP, encoding="utf-8")
    assert entry["Desktop Entry"]["Icon"] == APP_ID
    assert entry["Desktop Entry"]["Exec"].split()[0] == "parentrus"
    with (ROOT / "pyproject.toml").open("rb") as file:
        assert "parentrus" in tomllib.load(file)["project"]["gui-scripts"]
    component = ElementTree.parse(METAINFO).getroot()  # noqa: S314 (the project's own file)
    assert component.findtext("id") == APP_ID
    assert component.findtext("launchable") == DESKTOP.name
    assert component.findtext("icon") == APP_ID
    assert len(component.findall("screenshots/screenshot")) >= 3
    assert component.find("developer") is not None
    assert component.find("url[@type='homepage']") is not None


def test_the_icon_is_drawn_at_every_size() -> None:
    assert (HICOLOR / "scalable" / "apps" / f"{APP_ID}.svg").is_file()
    for size in PNG_SIZES:
        png = (HICOLOR / f"{size}x{size}" / "apps" / f"{APP_ID}.png").read_bytes()
        assert _png_size(png) == (size, size)


def test_the_windows_icon_holds_each_size_up_to_256() -> None:
    data = (PACKAGING / "icons" / f"{APP_ID}.ico").read_bytes()
    reserved, kind, count = struct.unpack("<HHH", data[:6])
    assert (reserved, kind) == (0, 1)
    sizes = []
    for number in range(count):
        side, _h, _c, _r, _planes, _bits, length, offset = struct.unpack(
            "<BBBBHHII", data[6 + 16 * number : 22 + 16 * number]
        )
        width, height = _png_size(data[offset : offset + length])
        assert width == height == (side or 256)
        sizes.append(width)
    assert sizes == [16, 24, 32, 48, 64, 128, 256]


def test_the_macos_icon_holds_pictures_up_to_1024() -> None:
    data = (PACKAGING / "icons" / f"{APP_ID}.icns").read_bytes()
    assert data[:4] == b"icns" and struct.unpack(">I", data[4:8])[0] == len(data)
    found, place = {}, 8
    while place < len(data):
        kind, length = data[place : place + 4], struct.unpack(">I", data[place + 4 : place + 8])[0]
        found[kind.decode()] = _png_size(data[place + 8 : place + length])[0]
        place += length
    assert found["icp4"] == 16 and found["ic07"] == 128 and found["ic09"] == 512
    assert found["ic10"] == 1024  # 512 at 2x, for a Retina screen


def test_the_licence_is_the_whole_agpl_and_both_packages_say_so_in_spdx() -> None:
    text = (ROOT / "LICENSE").read_text(encoding="utf-8")
    assert text.lstrip().startswith("GNU AFFERO GENERAL PUBLIC LICENSE")
    assert "Version 3, 19 November 2007" in text and "END OF TERMS AND CONDITIONS" in text
    assert (ROOT / "sync" / "LICENSE").read_text(encoding="utf-8") == text
    for pyproject in (ROOT / "pyproject.toml", ROOT / "sync" / "pyproject.toml"):
        with pyproject.open("rb") as file:
            assert tomllib.load(file)["project"]["license"] == "AGPL-3.0-or-later"
