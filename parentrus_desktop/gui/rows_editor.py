"""An editor of rows under column headings (a family's children, a school's staff): "none
yet" while empty, an Add button that puts the cursor in the new row, Remove on each row
that hands the cursor on, rows numbered for a screen reader and Tab in reading order."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from itertools import pairwise
from typing import Generic, Protocol, TypeVar

from PySide6.QtCore import Signal, SignalInstance
from PySide6.QtWidgets import (
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from parentrus_desktop.gui.widgets import big_button


class EditorRow(Protocol):
    """What the editor needs of a row (ChildRow, StaffRow)."""

    #: The field the cursor goes to when the row is added, or the row above is removed.
    name: QLineEdit
    remove: QPushButton

    def widgets(self) -> tuple[QWidget, ...]:
        """The row's fields under the headings, Remove last."""

    def extra(self) -> QWidget:
        """The row's one widget outside the columns (``RowsEditor.place_extra``)."""

    def in_tab_order(self) -> tuple[QWidget, ...]:
        """Every field Tab stops at, in reading order; the first takes the focus for the
        whole editor (its label's shortcut, a screen reader)."""

    def changes(self) -> Sequence[SignalInstance]:
        """The signals that say a field of the row changed."""

    def name_them(self, number: int) -> None:
        """Names a screen reader says: which row, and which of its fields."""


R = TypeVar("R", bound=EditorRow)


class RowsEditor(QWidget, Generic[R]):
    """The rows in a grid under their headings, with "none yet" and an Add button. A
    subclass makes a row (``make_row``), places its extra widget (``place_extra``), says
    how many grid lines a row takes (``LINES``) and reads the rows."""

    #: Fires whenever a row is added, removed or changed.
    changed = Signal()
    #: Grid lines a row takes: 2 when its extra widget goes on a line under it.
    LINES = 1

    def __init__(
        self,
        *,
        name: str,
        headings: Sequence[tuple[str, int]],
        none_yet: tuple[str, str],
        add: tuple[str, str],
    ) -> None:
        """``headings``: each column's words and stretch; ``none_yet`` and ``add``: the
        words and object name of the "none yet" line and of the Add button."""
        super().__init__()
        self.setObjectName(name)
        self.rows: list[R] = []
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        self._grid = QGridLayout()
        self._headings: list[QLabel] = []
        for column, (words, stretch) in enumerate(headings):
            self._grid.setColumnStretch(column, stretch)
            self._headings.append(QLabel(words))
            self._grid.addWidget(self._headings[-1], 0, column)
        outer.addLayout(self._grid)
        self.none_yet = QLabel(none_yet[0])
        self.none_yet.setObjectName(none_yet[1])
        outer.addWidget(self.none_yet)
        add_row = QHBoxLayout()
        self.add_button = big_button(*add)
        self.add_button.clicked.connect(self.add_row)
        add_row.addWidget(self.add_button)
        add_row.addStretch()
        outer.addLayout(add_row)

    # -- a subclass's part -------------------------------------------------------

    def make_row(self, record: object | None) -> R:
        """A row of fields for this record (None: a new, empty row)."""
        raise NotImplementedError

    def place_extra(self, row: R, line: int) -> None:
        """Put the row's extra widget in the grid; ``line`` is the row's own line."""
        raise NotImplementedError

    # -- rows --------------------------------------------------------------------

    def add_rows(self, records: Iterable[object]) -> None:
        """A row for each record, as the editor opens."""
        for record in records:
            self._add(record)
        self._relayout()

    def add_row(self) -> R:
        """A new empty row, with the cursor in it."""
        row = self._add(None)
        self._relayout()
        row.name.setFocus()
        self.changed.emit()
        return row

    def remove_row(self, row: R) -> None:
        """Take the row away; the cursor goes to the next row, or to Add."""
        index = self.rows.index(row)
        self.rows.remove(row)
        for widget in (*row.widgets(), row.extra()):
            self._grid.removeWidget(widget)
            widget.hide()
            widget.deleteLater()
        self._relayout()
        after = self.rows[index].name if index < len(self.rows) else self.add_button
        after.setFocus()
        self.changed.emit()

    def _add(self, record: object | None) -> R:
        row = self.make_row(record)
        self.rows.append(row)
        for signal in row.changes():
            signal.connect(self.changed)
        row.remove.clicked.connect(lambda _checked=False, r=row: self.remove_row(r))
        return row

    def _relayout(self) -> None:
        """Put the rows in the grid in order, number them, and keep Tab in reading order."""
        for number, row in enumerate(self.rows, start=1):
            line = self.LINES * (number - 1) + 1  # the headings are line 0
            for column, widget in enumerate(row.widgets()):
                self._grid.addWidget(widget, line, column)
            self.place_extra(row, line)
            row.name_them(number)
        for heading in self._headings:
            heading.setVisible(bool(self.rows))
        self.none_yet.setVisible(not self.rows)
        # Rows added later were made last, so they start at the end of the window's Tab
        # chain; put them back after the (fixed) "none yet" line, before Add.
        chain: list[QWidget] = [
            self.none_yet,
            *(widget for row in self.rows for widget in row.in_tab_order()),
        ]
        chain.append(self.add_button)
        for before, after in pairwise(chain):
            QWidget.setTabOrder(before, after)
        # The editor's label's shortcut and a screen reader land on the first field.
        self.setFocusProxy(self.rows[0].in_tab_order()[0] if self.rows else self.add_button)
