"""parentrus: start the desktop app."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from pathlib import Path

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication

from parentrus_desktop.gui.collector import MainThreadCollector
from parentrus_desktop.gui.context import AppContext
from parentrus_desktop.gui.language import apply_language
from parentrus_desktop.gui.preferences import Preferences
from parentrus_desktop.gui.theme import apply_theme
from parentrus_desktop.gui.window import TITLE, MentorWindow
from parentrus_desktop.store.database import make_private_folder
from parentrus_desktop.store.places import default_data_dir


def _arguments(argv: Sequence[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="parentrus", description=TITLE)
    parser.add_argument("--data-dir", type=Path, default=default_data_dir())
    parser.add_argument("--language", help="a language tag such as en or ar")
    parser.add_argument(
        "--exit-after-start",
        action="store_true",
        help="show the first screen, then exit (for packaging checks)",
    )
    return parser.parse_args(argv)


def make_window(data_dir: Path, language: str | None = None) -> MentorWindow:
    """The window for this data folder, with the saved (or given) language and theme."""
    make_private_folder(data_dir)
    preferences = Preferences(data_dir)
    chosen = language or str(preferences.get("language") or "")
    if chosen:
        apply_language(chosen)
    apply_theme(str(preferences.get("theme")))
    return MentorWindow(AppContext(data_dir=data_dir, preferences=preferences))


def main(argv: Sequence[str] | None = None) -> int:
    args = _arguments(argv)
    app = QApplication.instance() or QApplication(sys.argv[:1])
    app.setApplicationName(TITLE)
    app.setOrganizationName("ParentRUs")
    collector = MainThreadCollector(app)  # before any background work can start
    window = make_window(args.data_dir, args.language)
    window.show()
    if args.exit_after_start:
        QTimer.singleShot(0, app.quit)  # after the first screen is shown and painted
    code = app.exec()
    if not window.is_locked:
        window.lock()
    collector.stop()
    return int(code)


if __name__ == "__main__":
    sys.exit(main())
