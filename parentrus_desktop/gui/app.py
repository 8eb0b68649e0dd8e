"""parentrus: start the desktop app."""

from __future__ import annotations

import argparse
import gc
import linecache
import sys
from collections.abc import Sequence
from pathlib import Path

from PySide6.QtWidgets import QApplication

from parentrus_desktop.about import app_version
from parentrus_desktop.app_log import log, start_log, stop_log
from parentrus_desktop.gui.collector import MainThreadCollector
from parentrus_desktop.gui.context import AppContext
from parentrus_desktop.gui.crash_dialog import install_crash_handler
from parentrus_desktop.gui.desktop import present_app
from parentrus_desktop.gui.first_paint import FirstPaint
from parentrus_desktop.gui.language import apply_language
from parentrus_desktop.gui.preferences import Preferences
from parentrus_desktop.gui.start_report import start_report
from parentrus_desktop.gui.theme import apply_theme
from parentrus_desktop.gui.warm_up import start_warm_up
from parentrus_desktop.gui.window import TITLE, MentorWindow
from parentrus_desktop.store.database import make_private_folder
from parentrus_desktop.store.places import default_data_dir


def _arguments(argv: Sequence[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        prog="parentrus",
        description=f"{TITLE}: a parent mentor's encrypted, offline record book.",
        epilog="From a terminal, parentrus-admin looks after profiles: parentrus-admin --help.",
    )
    parser.add_argument("--version", action="version", version=f"%(prog)s {app_version()}")
    parser.add_argument(
        "--data-dir",
        type=Path,
        default=default_data_dir(),
        help="folder that holds the profiles and the log (default: %(default)s)",
    )
    parser.add_argument("--language", help="a language tag such as en or ar")
    parser.add_argument(
        "--exit-after-start",
        action="store_true",
        help="show the first screen, then exit (for packaging checks)",
    )
    parser.add_argument(
        "--start-report",
        action="store_true",
        help="print what was loaded (language, theme, icon) as JSON (for packaging checks)",
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
    # What the imports made (modules, classes, functions) lives as long as the app: frozen,
    # no collection walks it again, the collector's last one at exit included (~50 ms).
    gc.freeze()
    # PySide6 reads the source of every module imported after it (looking for its
    # __feature__ switches) and linecache keeps it all: ~3-5 MB no one reads again (a
    # traceback reads what it needs anew). A bundle has no sources: nothing to drop there.
    linecache.clearcache()
    args = _arguments(argv)
    app = QApplication.instance() or QApplication(sys.argv[:1])
    app.setApplicationName(TITLE)
    app.setOrganizationName("ParentRUs")
    present_app()
    start_log(args.data_dir)
    install_crash_handler(app)  # an unexpected error is shown, not a vanished window
    log.info("started: version %s, %s", app_version(), sys.platform)
    collector = MainThreadCollector(app)  # before any background work can start
    window = make_window(args.data_dir, args.language)
    first_paint = FirstPaint(window)
    if args.exit_after_start:
        first_paint.painted.connect(app.quit)  # once the first screen is painted
    else:
        first_paint.painted.connect(start_warm_up)  # what an unlock needs, meanwhile
    window.show()
    if args.start_report:
        print(start_report(window), flush=True)  # the report is the output
    code = app.exec()
    if not window.is_locked:
        window.lock()
    collector.stop()
    log.info("closed")
    stop_log()
    return int(code)


if __name__ == "__main__":
    sys.exit(main())
