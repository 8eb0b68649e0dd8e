"""The user guide the app opens offline (Help → User guide): its pages, their titles, the
language they are in, and the licence text. Qt-free; the window is gui/guide_browser.py."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from parentrus_desktop.resources import GUIDE, resource_dir

#: The language the guide is written in first (docs/guide/*.md); a translation of it
#: would go in docs/guide/<language>/ and be shipped in the same way.
GUIDE_LANGUAGE = "en"
#: The contents page: the guide's first page, which links to every other.
CONTENTS = "README.md"
#: Where the licence is said in full on the web, when the installed copy lacks its text.
LICENCE_ONLINE = "https://www.gnu.org/licenses/agpl-3.0.html"


@dataclass(frozen=True)
class GuidePage:
    path: Path
    #: The page's own first heading ("The first time").
    title: str


def guide_folder(language: str) -> tuple[Path, str]:
    """The folder of the guide's pages in this language, or in English when it has no
    translation yet; and the language it is in."""
    pages = resource_dir(GUIDE) / "guide"
    translated = pages / language
    if language != GUIDE_LANGUAGE and (translated / CONTENTS).is_file():
        return translated, language
    return pages, GUIDE_LANGUAGE


def _title(path: Path) -> str:
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.startswith("# "):
            return line.removeprefix("# ").strip()
    return path.stem


def guide_pages(language: str) -> list[GuidePage]:
    """Every page of the guide, contents first, then in their numbered order. None when
    the guide was not copied into the package (a checkout without ``make guide``)."""
    folder, _in = guide_folder(language)
    paths = sorted(folder.glob("*.md"), key=lambda path: (path.name != CONTENTS, path.name))
    return [GuidePage(path, _title(path)) for path in paths]


def licence_text() -> str | None:
    """The licence's full text, shipped beside the guide (LICENSE); None when the package
    lacks it (a checkout without ``make guide``): About then gives the address instead."""
    path = resource_dir(GUIDE) / "LICENSE"
    return path.read_text(encoding="utf-8") if path.is_file() else None
