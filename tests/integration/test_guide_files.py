"""The user guide is shipped whole and small: its pages, only the screenshots they show and
the licence (packaging/guide_files.py, which the wheel's build, make and the bundle use), a
link to a missing file stops the build, and the bundle's smoke test misses a lost picture."""

from __future__ import annotations

import importlib.util
import shutil
from pathlib import Path, PurePosixPath
from types import ModuleType

import pytest

ROOT = Path(__file__).resolve().parents[2]


def _script(name: str) -> ModuleType:
    spec = importlib.util.spec_from_file_location(name, ROOT / "packaging" / f"{name}.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


guide_files = _script("guide_files")


def test_the_guide_ships_its_pages_the_pictures_they_show_and_the_licence() -> None:
    shipped = guide_files.shipped()
    pages = {PurePosixPath("docs/guide", path.name) for path in (ROOT / "docs/guide").glob("*.md")}
    pictures = {source for source in shipped if source.suffix == ".png"}
    assert set(shipped) == pages | pictures | {PurePosixPath("LICENSE")}
    shown = {
        name
        for page in pages
        for name in (ROOT / page).read_text(encoding="utf-8").split("](../")[1:]
    }
    assert {f"docs/{name.split(')')[0]}" for name in shown} == {str(p) for p in pictures}
    # Only the English look's pictures, and far fewer than all of them.
    assert all(str(picture).startswith("docs/screenshots/en/") for picture in pictures)
    assert len(pictures) < len(list((ROOT / "docs/screenshots/en").glob("*.png"))) / 2
    # Laid out as in docs/, so the pages' own relative links work in the copy.
    assert shipped[PurePosixPath("docs/guide/README.md")] == PurePosixPath("guide/README.md")


def _docs(tmp_path: Path, page: str) -> Path:
    top = tmp_path / "top"
    (top / "docs" / "guide").mkdir(parents=True)
    (top / "docs" / "screenshots" / "en").mkdir(parents=True)
    shutil.copyfile(ROOT / "LICENSE", top / "LICENSE")
    shutil.copyfile(
        ROOT / "docs/screenshots/en/01-choose-language.png",
        top / "docs/screenshots/en/01-choose-language.png",
    )
    (top / "docs" / "guide" / "README.md").write_text(page, encoding="utf-8")
    return top


def test_a_copy_holds_what_the_pages_link_to_and_nothing_left_from_before(
    tmp_path: Path,
) -> None:
    top = _docs(
        tmp_path,
        "# Guide\n![Language](../screenshots/en/01-choose-language.png)\n"
        "[The web](https://example.org/) and [a part](#guide)\n",
    )
    into = tmp_path / "copy"
    (into / "guide").mkdir(parents=True)
    (into / "guide" / "old-page.md").write_text("gone")
    copies = guide_files.copy_guide(into, top)
    assert sorted(path.relative_to(into).as_posix() for path in copies) == [
        "LICENSE",
        "guide/README.md",
        "screenshots/en/01-choose-language.png",
    ]
    assert not (into / "guide" / "old-page.md").exists()


def test_a_link_to_a_file_that_is_not_there_stops_the_build(tmp_path: Path) -> None:
    top = _docs(tmp_path, "# Guide\n![Gone](../screenshots/en/99-gone.png)\n")
    with pytest.raises(SystemExit, match=r"99-gone\.png"):
        guide_files.copy_guide(tmp_path / "copy", top)


def test_the_bundle_smoke_test_misses_a_lost_picture_of_the_guide(tmp_path: Path) -> None:
    smoke = _script("smoke_bundle")
    bundle = tmp_path / "parentrus"
    guide_files.copy_guide(bundle / "_internal" / guide_files.PACKAGED)
    assert smoke.guide_problems(bundle) == []
    (bundle / "_internal" / guide_files.PACKAGED / "screenshots/en/03-recovery-key.png").unlink()
    assert smoke.guide_problems(bundle) == [
        "the user guide lacks 1 of its files: screenshots/en/03-recovery-key.png"
    ]
