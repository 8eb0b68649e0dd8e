"""What a PDF Qt printed holds, read from its bytes: its page size and its ink."""

from __future__ import annotations

import contextlib
import re
import zlib
from pathlib import Path

#: A4 (595 x 842 points), whatever the printer's default paper.
A4 = re.compile(rb"/MediaBox\s*\[\s*0\s+0\s+595(\.0+)?\s+842(\.0+)?\]")


def ink(pdf: Path) -> set[tuple[float, ...]]:
    """The colours a PDF Qt printed fills with (text, bullets, tables' edges): "r g b scn"
    (or rg)."""
    colours = set()
    for stream in re.findall(rb"stream\r?\n(.*?)endstream", pdf.read_bytes(), re.S):
        with contextlib.suppress(zlib.error):  # else it was not compressed
            stream = zlib.decompress(stream)
        for found in re.findall(rb"([\d.]+) ([\d.]+) ([\d.]+) (?:rg|scn|sc)\b", stream):
            colours.add(tuple(float(part) for part in found))
    return colours
