"""Python's garbage collector, run on the main thread only.

Qt objects must be deleted on the thread that owns them. Left alone, Python collects
reference cycles in whichever thread happens to be allocating, so a cycle holding a
widget (a lambda connected to a signal, a closed dialog) could be finalised inside a
background operation, and Qt crashes. The automatic collector is turned off, and a timer
on the main thread collects instead, by the collector's own thresholds.
"""

from __future__ import annotations

import gc

from PySide6.QtCore import QObject, QTimer

INTERVAL_MS = 500


class MainThreadCollector(QObject):
    """Collects garbage on the main thread, every ``INTERVAL_MS`` when there is enough."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        gc.disable()
        self._timer = QTimer(self)
        self._timer.timeout.connect(self.collect_if_due)
        self._timer.start(INTERVAL_MS)

    def collect_if_due(self) -> int:
        """The generation collected, as Python's own collector would choose it; -1 if none."""
        counts, thresholds = gc.get_count(), gc.get_threshold()
        generation = -1
        for level in range(3):
            if counts[level] > thresholds[level]:
                generation = level
        if generation >= 0:
            gc.collect(generation)
        return generation

    def stop(self) -> None:
        """Collect once more, here, and hand collecting back to Python."""
        self._timer.stop()
        gc.collect()
        gc.enable()
