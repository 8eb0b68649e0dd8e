"""A dialog as tall as its wrapped words need at its width.

Qt sizes a window by its words on one line: a layout's height-for-width is not used for
a top-level window, so a dialog of wrapped words cut its last lines off at 150% scaling or
in a language longer than English (the new recovery key, halved; "Erase this family?").
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject
from PySide6.QtWidgets import QWidget


class _TallEnough(QObject):
    """On show and on each resize, the window's least height is what its words need."""

    def __init__(self, window: QWidget) -> None:
        super().__init__(window)
        self._least = window.minimumHeight()  # the window's own, kept as a floor

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() in (QEvent.Type.Show, QEvent.Type.Resize) and isinstance(watched, QWidget):
            need = max(self._least, watched.heightForWidth(watched.width()))
            if need != watched.minimumHeight():
                watched.setMinimumHeight(need)
                layout = watched.layout()
                if layout is not None:  # lay the words out again at the new height
                    layout.invalidate()
        return False


def tall_enough(window: QWidget) -> None:
    """Keep this window (a dialog of wrapped words) as tall as its words need."""
    window.installEventFilter(_TallEnough(window))
