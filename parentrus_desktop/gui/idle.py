"""Locking after the mentor has not touched the laptop for a while."""

from __future__ import annotations

import time
from collections.abc import Callable

from PySide6.QtCore import QEvent, QObject, QTimer, Signal

_INPUT_EVENTS = frozenset(
    {
        QEvent.Type.KeyPress,
        QEvent.Type.MouseButtonPress,
        QEvent.Type.MouseMove,
        QEvent.Type.Wheel,
        QEvent.Type.TouchBegin,
        QEvent.Type.TabletPress,
    }
)
CHECK_EVERY_MS = 1000


class IdleLock(QObject):
    """Watches keyboard, mouse and touch input for the whole app.

    ``clock`` is injectable so tests can move time forward instead of waiting.
    """

    #: Fires once when the idle time is reached; fires again only after new input.
    idle = Signal()

    def __init__(
        self,
        minutes: int,
        clock: Callable[[], float] = time.monotonic,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self._clock = clock
        self._seconds = minutes * 60
        self._enabled = True
        self._last_input = clock()
        self._fired = False
        self._timer = QTimer(self)
        self._timer.setInterval(CHECK_EVERY_MS)
        self._timer.timeout.connect(self.check)
        self._timer.start()

    def configure(self, *, enabled: bool, minutes: int) -> None:
        self._enabled = enabled
        self._seconds = max(1, minutes) * 60
        self.reset()

    def reset(self) -> None:
        self._last_input = self._clock()
        self._fired = False

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() in _INPUT_EVENTS:
            self.reset()
        return False

    def check(self) -> None:
        """Fire ``idle`` if no input came for the configured time."""
        if self._enabled and not self._fired and self._clock() - self._last_input >= self._seconds:
            self._fired = True
            self.idle.emit()
