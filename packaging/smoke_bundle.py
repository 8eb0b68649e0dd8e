"""Start a built app offscreen in each shipped language and check what it loaded.

    python packaging/smoke_bundle.py dist/parentrus/parentrus

Fails (exit 1, saying what) when the app does not start, speaks English when asked for
Arabic, has Qt's own buttons untranslated, no theme or no icon, has no working
``parentrus-admin`` beside it, or (a bundle) lacks a page or picture of the user guide.
Prints the bundle's size. Also runs against an installed app (``.venv/bin/parentrus``)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path

EXPECTED = {
    # language: (the app's word for "Unlock", Qt's word for "Cancel", right to left)
    "en": ("Unlock", "Cancel", False),
    "ar": ("افتح", "ألغِ", True),  # Qt's own Arabic for Cancel
}


def started(app: Path, language: str) -> dict[str, object]:
    with tempfile.TemporaryDirectory() as data:
        env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
        done = subprocess.run(  # noqa: S603 - the app being checked
            [
                str(app),
                "--exit-after-start",
                "--start-report",
                "--language",
                language,
                "--data-dir",
                data,
            ],
            capture_output=True,
            text=True,
            timeout=120,
            env=env,
            check=False,
        )
    if done.returncode != 0:
        raise SystemExit(f"{language}: the app did not start ({done.returncode}):\n{done.stderr}")
    lines = [line for line in done.stdout.splitlines() if line.startswith("{")]
    if not lines:
        raise SystemExit(f"{language}: no start report:\n{done.stdout}\n{done.stderr}")
    return dict(json.loads(lines[-1]))


def problems(language: str, report: dict[str, object]) -> list[str]:
    app_words, qt_words, rtl = EXPECTED[language]
    found = []
    if report["language"] != language:
        found.append(f"speaks {report['language']!r}, not {language!r}")
    if report["app_words"] != app_words:
        found.append(f"the app's words are {report['app_words']!r}, not {app_words!r}")
    if report["qt_words"] != qt_words:
        found.append(f"Qt's own words are {report['qt_words']!r}, not {qt_words!r}")
    if report["right_to_left"] != rtl:
        found.append("the wrong direction")
    if not report["style_sheet_characters"]:
        found.append("no theme")
    if report["version"] in ("", "unknown"):
        found.append("no version (the package's metadata was left out)")
    if not report["window_icon"]:
        found.append("no window icon")
    return [f"{language}: {problem}" for problem in found]


def guide_problems(bundle: Path) -> list[str]:
    """The user guide Help opens, in a one-folder bundle: every page, every screenshot it
    shows and the licence, where the package keeps them (packaging/guide_files.py)."""
    sys.path.insert(0, str(Path(__file__).resolve().parent))
    from guide_files import PACKAGED, shipped

    folder = bundle / "_internal" / PACKAGED
    missing = sorted(str(name) for name in shipped().values() if not (folder / name).is_file())
    if not missing:
        return []
    return [f"the user guide lacks {len(missing)} of its files: {', '.join(missing[:5])}"]


def admin_problems(app: Path) -> list[str]:
    """parentrus-admin beside the app (the app's messages name it): it must start."""
    admin = app.with_name("parentrus-admin" + app.suffix)
    if not admin.is_file():
        return [f"no {admin.name} beside {app.name}"]
    done = subprocess.run(  # noqa: S603 - the command being checked
        [str(admin), "--version"], capture_output=True, text=True, timeout=120, check=False
    )
    print("parentrus-admin --version:", done.stdout.strip())
    if done.returncode != 0 or not done.stdout.strip():
        return [f"{admin.name} --version failed: {done.stderr.strip()[-500:]}"]
    return []


def size_in_megabytes(folder: Path) -> float:
    # PyInstaller links some libraries under a second name: count each file once.
    files = [f for f in folder.rglob("*") if f.is_file() and not f.is_symlink()]
    return sum(f.stat().st_size for f in files) / 1e6


def main() -> int:
    app = Path(sys.argv[1])
    found: list[str] = []
    for language in EXPECTED:
        report = started(app, language)
        print(language, json.dumps(report, ensure_ascii=False))
        found += problems(language, report)
    found += admin_problems(app)
    if app.parent.name == "parentrus" and (app.parent / "_internal").is_dir():
        found += guide_problems(app.parent)
        print(f"bundle size: {size_in_megabytes(app.parent):.0f} MB")
    for problem in found:
        print("PROBLEM:", problem)
    return 1 if found else 0


if __name__ == "__main__":
    sys.exit(main())
