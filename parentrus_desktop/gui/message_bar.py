"""The line at the top of the workspace: what just happened, with Undo when it can be undone."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QPushButton, QWidget

from parentrus_desktop.gui.widgets import big_button
from parentrus_desktop.i18n import _


class MessageBar(QFrame):
    """One message at a time; hidden until there is one. A problem is shown in red."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("message-bar")
        self.setFrameShape(QFrame.Shape.StyledPanel)
        # Its colours (a tooltip's, set apart from the page) come from the theme's style
        # sheet, so they change with the theme; a palette set here would keep the old ones.
        self.setAutoFillBackground(True)
        row = QHBoxLayout(self)
        row.setContentsMargins(8, 2, 8, 2)
        self.label = QLabel()
        self.label.setObjectName("notice")
        self.label.setWordWrap(True)
        self.label.setTextFormat(Qt.TextFormat.PlainText)
        row.addWidget(self.label, 1)
        self.undo_button = big_button(_("Undo"), "undo")
        self.undo_button.setToolTip(_("Undo (Ctrl+Z)"))
        self.undo_button.clicked.connect(self._undo_clicked)
        row.addWidget(self.undo_button)
        self.close_button = QPushButton("×")
        self.close_button.setObjectName("close-message")
        self.close_button.setAccessibleName(_("Close this message"))
        self.close_button.setFlat(True)
        self.close_button.clicked.connect(self.clear)
        row.addWidget(self.close_button)
        self._on_undo: Callable[[], None] | None = None
        self.clear()

    def say(
        self, message: str, *, problem: bool = False, undo: Callable[[], None] | None = None
    ) -> None:
        """Show a message; with ``undo``, an Undo button that calls it."""
        if not message:
            self.clear()
            return
        self.label.setObjectName("problem" if problem else "notice")
        self.label.style().unpolish(self.label)
        self.label.style().polish(self.label)
        self.label.setText(message)
        self.setAccessibleName(message)
        self._on_undo = undo
        self.undo_button.setVisible(undo is not None)
        self.show()

    def text(self) -> str:
        return self.label.text()

    def clear(self) -> None:
        self.label.setText("")
        self._on_undo = None
        self.undo_button.hide()
        self.hide()

    def _undo_clicked(self) -> None:
        on_undo, self._on_undo = self._on_undo, None
        self.undo_button.hide()
        if on_undo is not None:
            on_undo()
