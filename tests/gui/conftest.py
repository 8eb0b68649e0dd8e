"""Fixtures for the desktop app's tests: a window on a fresh data folder, quick to unlock."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from helpers.kdf_cache import FLOOR_SALT
from helpers.values import TODAY
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from parentrus_desktop import i18n
from parentrus_desktop.gui.background import wait_for_background_work
from parentrus_desktop.gui.collector import MainThreadCollector
from parentrus_desktop.gui.context import AppContext
from parentrus_desktop.gui.language import apply_language
from parentrus_desktop.gui.preferences import Preferences
from parentrus_desktop.gui.window import MentorWindow
from parentrus_desktop.vault.kdf import KdfParameters


class FakeClock:
    """A monotonic clock the test moves by hand (for the idle lock)."""

    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now

    def advance(self, seconds: float) -> None:
        self.now += seconds


@pytest.fixture(autouse=True)
def collect_on_main_thread(qapp: QApplication) -> Iterator[None]:
    """As in the app: garbage is collected on the main thread only, so no Qt object (of
    this test, or left by an earlier one) is ever finalised inside a background thread."""
    collector = MainThreadCollector(qapp)
    yield
    wait_for_background_work()
    collector.stop()
    collector.deleteLater()


@pytest.fixture
def clock() -> FakeClock:
    """A clock that stands still until the test moves it."""
    return FakeClock()


@pytest.fixture
def make_window(
    qtbot: QtBot, data_dir: Path, clock: FakeClock, temp_folder: Path
) -> Iterator[callable]:  # type: ignore[valid-type]
    """Builds the main window on the test's data folder, in English, with the floor KDF,
    a fixed 'today' and the fake clock; everything is locked and closed afterwards."""
    windows: list[MentorWindow] = []

    def make(language: str = "en") -> MentorWindow:
        data_dir.mkdir(parents=True, exist_ok=True)
        preferences = Preferences(data_dir)
        if language:
            preferences.set("language", language)
        apply_language(language or "en")
        context = AppContext(
            data_dir=data_dir,
            preferences=preferences,
            make_kdf=lambda: KdfParameters(salt=FLOOR_SALT),  # keys derived once: floor_kdf
            today=lambda: TODAY,
            clock=clock,
        )
        window = MentorWindow(context)
        # Locked before pytest-qt closes it, so no "unsaved changes?" question can block.
        qtbot.addWidget(window, before_close_func=lambda w: w.is_locked or w.lock())
        window.show()
        windows.append(window)
        return window

    yield make
    for window in windows:
        if not window.is_locked:
            window.lock()
    wait_for_background_work()
    apply_language("en")
    assert i18n.current_language() == "en"
