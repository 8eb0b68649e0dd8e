"""The window's first paint: when the first screen is really on the screen (issue 15)."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, QTimer, Signal
from PySide6.QtWidgets import QWidget


class FirstPaint(QObject):
    """Says once, just after the window's first paint pass, that the first screen shows.

    The start check (--exit-after-start) quits then, and the warm-up of the workspace's
    modules starts then: never before the mentor sees something."""

    painted = Signal()

    def __init__(self, window: QWidget) -> None:
        super().__init__(window)
        self._window = window
        self._seen = False
        window.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if not self._seen and watched is self._window and event.type() == QEvent.Type.Paint:
            self._seen = True
            self._window.removeEventFilter(self)
            # Queued: said once this paint pass (the window's children too) has finished.
            QTimer.singleShot(0, self.painted.emit)
        return False
