"""Makes the app icon's PNG sizes, .ico (Windows) and .icns (macOS) from its SVG source.

Run after changing the SVG (parentrus_desktop/resources/icons/hicolor/scalable/apps/); the
outputs are committed (the app, the .desktop entry and the installers read them):

    QT_QPA_PLATFORM=offscreen .venv/bin/python packaging/make_icons.py

The PNGs go into the same hicolor tree (package data: the window icon; on Linux the tree is
copied as it is into ~/.local/share/icons/, and the .desktop entry names the icon by the
app's id); the .ico and .icns go to packaging/icons/ (the Windows and macOS bundles').
Both container formats hold PNG images, which every supported Windows and macOS reads.
"""

from __future__ import annotations

import struct
import sys
from pathlib import Path

from PySide6.QtCore import QBuffer, QByteArray, QIODevice, Qt
from PySide6.QtGui import QGuiApplication, QImage, QPainter
from PySide6.QtSvg import QSvgRenderer

ROOT = Path(__file__).resolve().parent.parent
NAME = "org.parentrus.Mentor"  # the app's id: the .desktop file's name and its Icon=
HICOLOR = ROOT / "parentrus_desktop" / "resources" / "icons" / "hicolor"
SOURCE = HICOLOR / "scalable" / "apps" / f"{NAME}.svg"
SIZES = (16, 24, 32, 48, 64, 128, 256, 512)
ICO_SIZES = (16, 24, 32, 48, 64, 128, 256)
#: The icns types that hold a PNG, by the size of their picture (Apple's "icp4"... "ic10").
ICNS_TYPES = {
    16: [b"icp4"],
    32: [b"icp5", b"ic11"],  # 32 px, and 16 px at 2x
    64: [b"icp6", b"ic12"],  # 64 px, and 32 px at 2x
    128: [b"ic07"],
    256: [b"ic08", b"ic13"],  # 256 px, and 128 px at 2x
    512: [b"ic09", b"ic14"],  # 512 px, and 256 px at 2x
    1024: [b"ic10"],  # 512 px at 2x
}


def render(renderer: QSvgRenderer, size: int) -> bytes:
    image = QImage(size, size, QImage.Format.Format_ARGB32_Premultiplied)
    image.fill(Qt.GlobalColor.transparent)
    painter = QPainter(image)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    renderer.render(painter)
    painter.end()
    data = QByteArray()
    buffer = QBuffer(data)
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    image.save(buffer, "PNG")
    return bytes(data.data())


def ico(pngs: dict[int, bytes]) -> bytes:
    """ICONDIR, one ICONDIRENTRY per size, then the PNGs (a 0 in a size byte means 256)."""
    sizes = [size for size in ICO_SIZES if size in pngs]
    header = struct.pack("<HHH", 0, 1, len(sizes))
    offset = len(header) + 16 * len(sizes)
    entries, images = b"", b""
    for size in sizes:
        png = pngs[size]
        side = size % 256
        entries += struct.pack("<BBBBHHII", side, side, 0, 0, 1, 32, len(png), offset)
        images += png
        offset += len(png)
    return header + entries + images


def icns(pngs: dict[int, bytes]) -> bytes:
    """'icns', the file's length, then (type, length, PNG) for each picture."""
    body = b"".join(
        kind + struct.pack(">I", 8 + len(pngs[size])) + pngs[size]
        for size, kinds in sorted(ICNS_TYPES.items())
        for kind in kinds
    )
    return b"icns" + struct.pack(">I", 8 + len(body)) + body


def main() -> int:
    _app = QGuiApplication(sys.argv[:1])
    renderer = QSvgRenderer(str(SOURCE))
    if not renderer.isValid():
        print(f"cannot read {SOURCE}", file=sys.stderr)
        return 1
    pngs = {size: render(renderer, size) for size in (*SIZES, *ICNS_TYPES)}
    for size in SIZES:
        png = pngs[size]
        folder = HICOLOR / f"{size}x{size}" / "apps"
        folder.mkdir(parents=True, exist_ok=True)
        (folder / f"{NAME}.png").write_bytes(png)
    out = ROOT / "packaging" / "icons"
    out.mkdir(exist_ok=True)
    (out / f"{NAME}.ico").write_bytes(ico(pngs))
    (out / f"{NAME}.icns").write_bytes(icns(pngs))
    print(f"{len(SIZES)} PNGs, {NAME}.ico and {NAME}.icns written")
    return 0


if __name__ == "__main__":
    sys.exit(main())
