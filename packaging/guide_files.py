"""Which files of docs/ the app's user guide needs, and copying them into the package.

The guide (docs/guide/*.md) opens offline inside the app (Help → User guide), so it is
package data: ``parentrus_desktop/resources/guide/`` mirrors docs/, holding the guide's
pages and only the screenshots they show, so every relative link and image works as it
does on GitHub; and the LICENSE, which Help → About shows. The one list, used by the
wheel's build (setup.py), ``make guide`` and the bundle (parentrus.spec). Standard
library only: it runs before anything is installed.

    python packaging/guide_files.py      # what make guide does
"""

from __future__ import annotations

import re
import shutil
import sys
from pathlib import Path, PurePosixPath

TOP = Path(__file__).resolve().parent.parent
DOCS = TOP / "docs"
#: Where the copy goes, inside the package (parentrus_desktop/resources/__init__.py: GUIDE).
PACKAGED = PurePosixPath("parentrus_desktop", "resources", "guide")
#: ``![words](path)`` and ``[words](path)`` in Markdown; the path up to a space or ")".
_LINK = re.compile(r"!?\[[^\]]*\]\(([^)\s]+)")


def guide_files(docs: Path = DOCS) -> list[PurePosixPath]:
    """The guide's pages (every language) and each local file a page links to, as paths
    relative to docs/, sorted. A link to a file that is not there stops the build."""
    pages = sorted((docs / "guide").rglob("*.md"))
    wanted = {PurePosixPath(page.relative_to(docs).as_posix()) for page in pages}
    for page in pages:
        for target in _LINK.findall(page.read_text(encoding="utf-8")):
            if "://" in target or target.startswith(("#", "mailto:")):
                continue  # the web: opened in the browser, not shipped
            found = (page.parent / target.split("#")[0]).resolve()
            if not found.is_file() or not found.is_relative_to(docs.resolve()):
                raise SystemExit(f"{page.relative_to(docs)}: no file for the link {target}")
            wanted.add(PurePosixPath(found.relative_to(docs.resolve()).as_posix()))
    return sorted(wanted)


def shipped(top: Path = TOP) -> dict[PurePosixPath, PurePosixPath]:
    """{a file, relative to the top folder: its copy, relative to the package's guide
    folder}: the guide's files, and the licence beside them."""
    files = {PurePosixPath("docs", name): name for name in guide_files(top / "docs")}
    files[PurePosixPath("LICENSE")] = PurePosixPath("LICENSE")
    return files


def copy_guide(into: Path, top: Path = TOP) -> list[Path]:
    """Copy the guide's files into ``into`` (replacing what was there); the copies."""
    if into.exists():
        shutil.rmtree(into)  # a page or picture the guide stopped using goes too
    copies = []
    for source, name in shipped(top).items():
        copy = into / name
        copy.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(top / source, copy)
        copies.append(copy)
    return copies


if __name__ == "__main__":
    copied = copy_guide(TOP / PACKAGED)
    print(f"the user guide: {len(copied)} files in {PACKAGED}", file=sys.stderr)
