"""Garbage is collected on the main thread only (gui/collector.py)."""

from __future__ import annotations

import gc
import threading
from typing import ClassVar

from PySide6.QtCore import QObject
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from parentrus_desktop.gui.background import run_in_background
from parentrus_desktop.gui.collector import MainThreadCollector


class Cycle:
    """A reference cycle that says on which thread it was finalised."""

    finalised_on: ClassVar[list[str]] = []

    def __init__(self) -> None:
        self.me = self
        self.qt = QObject()  # a Qt object inside the cycle, as a connected lambda holds

    def __del__(self) -> None:
        Cycle.finalised_on.append(threading.current_thread().name)


def test_cycles_are_finalised_on_the_main_thread_even_when_work_runs_elsewhere(
    qtbot: QtBot, qapp: QApplication
) -> None:
    collector = MainThreadCollector(qapp)
    assert not gc.isenabled()  # Python no longer collects in whatever thread allocates
    Cycle.finalised_on.clear()
    for _ in range(50):
        Cycle()

    def allocate_a_lot() -> int:  # would trigger Python's own collector in this thread
        return len([[i] for i in range(200_000)])

    done: list[int] = []
    run_in_background(allocate_a_lot, done.append, lambda error: None)
    qtbot.waitUntil(lambda: bool(done), timeout=10_000)
    # Enough live objects that the collector's own threshold is passed, as in a busy app.
    alive = [[] for _ in range(2 * gc.get_threshold()[0])]
    qtbot.waitUntil(lambda: len(Cycle.finalised_on) == 50, timeout=10_000)  # by the timer
    assert len(alive) > gc.get_threshold()[0]
    # Without the collector, the background thread's allocations set off Python's own
    # collection there, and the cycles (and their Qt objects) died in that thread.
    assert set(Cycle.finalised_on) == {threading.main_thread().name}
    collector.stop()
    collector.deleteLater()
    gc.disable()  # the fixture's own collector is still running for this test


def test_stopping_hands_collecting_back_to_python(qapp: QApplication) -> None:
    collector = MainThreadCollector(qapp)
    assert not gc.isenabled()
    collector.stop()
    assert gc.isenabled()
    collector.deleteLater()
    gc.disable()  # the fixture's own collector is still running for this test
