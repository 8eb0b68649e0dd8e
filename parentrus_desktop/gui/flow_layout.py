"""A row of buttons that wraps onto more lines when the window is too narrow for it (after
Qt's "Flow Layout" example): a language with longer words, or a small laptop at 150%,
never makes a form or a page scroll sideways, and every button stays whole.

On a wide screen it looks like the row of a QHBoxLayout: a stretch (``addStretch``) takes
the room left on its line, so "Cancel" and "Save" stay at the end. Right to left, the
lines run from the right."""

from __future__ import annotations

from PySide6.QtCore import QMargins, QPoint, QRect, QSize, Qt
from PySide6.QtWidgets import (
    QFormLayout,
    QLayout,
    QLayoutItem,
    QSizePolicy,
    QSpacerItem,
    QStyle,
    QWidget,
    QWidgetItem,
)


class FlowLayout(QLayout):
    """Widgets side by side, in lines that wrap; a stretch fills the rest of its line."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._items: list[QLayoutItem] = []
        self.setContentsMargins(QMargins(0, 0, 0, 0))

    # -- what QLayout asks of a layout ------------------------------------------

    def addItem(self, item: QLayoutItem) -> None:
        self._items.append(item)

    def insertWidget(self, index: int, widget: QWidget) -> None:
        """Put a widget at this place in the row (as QBoxLayout.insertWidget does)."""
        self.addChildWidget(widget)
        index = len(self._items) if index < 0 else min(index, len(self._items))
        self._items.insert(index, QWidgetItem(widget))
        self.invalidate()

    def addStretch(self) -> None:
        """Room that grows to fill the rest of its line."""
        self.addItem(QSpacerItem(0, 0, QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Minimum))
        self.invalidate()

    def count(self) -> int:
        return len(self._items)

    def itemAt(self, index: int) -> QLayoutItem | None:
        return self._items[index] if 0 <= index < len(self._items) else None

    def takeAt(self, index: int) -> QLayoutItem | None:
        return self._items.pop(index) if 0 <= index < len(self._items) else None

    def expandingDirections(self) -> Qt.Orientation:
        return Qt.Orientation(0)

    def hasHeightForWidth(self) -> bool:
        return True

    def heightForWidth(self, width: int) -> int:
        return self._lay_out(QRect(0, 0, width, 0), move=False)

    def setGeometry(self, rect: QRect) -> None:
        super().setGeometry(rect)
        self._lay_out(rect, move=True)

    def sizeHint(self) -> QSize:
        """All on one line, as a QHBoxLayout would be."""
        shown = self._shown()
        width = sum(i.sizeHint().width() for i in shown) + self._gap() * max(0, len(shown) - 1)
        height = max((i.sizeHint().height() for i in shown), default=0)
        return QSize(width, height) + self._margin_size()

    def minimumSize(self) -> QSize:
        """The widest button: anything narrower wraps."""
        size = QSize()
        for item in self._shown():
            size = size.expandedTo(item.minimumSize())
        return size + self._margin_size()

    # -- laying out ---------------------------------------------------------------

    def _shown(self) -> list[QLayoutItem]:
        return [i for i in self._items if not i.isEmpty() or i.spacerItem() is not None]

    def _margin_size(self) -> QSize:
        margins = self.contentsMargins()
        return QSize(margins.left() + margins.right(), margins.top() + margins.bottom())

    def _gap(self) -> int:
        if self.spacing() >= 0:
            return self.spacing()
        parent = self.parentWidget()
        style = parent.style() if parent is not None else None
        if style is None:
            return 6
        return style.pixelMetric(QStyle.PixelMetric.PM_LayoutHorizontalSpacing, None, parent)

    def _lay_out(self, rect: QRect, *, move: bool) -> int:
        """Place the items in lines (when ``move``); the height the lines take."""
        inner = rect.marginsRemoved(self.contentsMargins())
        gap = self._gap()
        lines: list[list[QLayoutItem]] = [[]]
        used = 0
        for item in self._shown():
            width = 0 if item.spacerItem() is not None else item.sizeHint().width()
            if lines[-1] and used + gap + width > inner.width() and width > 0:
                lines.append([])
                used = 0
            used += (gap if lines[-1] else 0) + width
            lines[-1].append(item)
        right_to_left = self._right_to_left()
        y = inner.y()
        for number, line in enumerate(lines):
            if not line:
                continue
            if number:
                y += gap
            solid = [i for i in line if i.spacerItem() is None]
            height = max((i.sizeHint().height() for i in solid), default=0)
            if move:
                self._place_line(line, inner, y, height, gap, right_to_left)
            y += height
        margins = self.contentsMargins()
        return y - inner.y() + margins.top() + margins.bottom()

    def _place_line(
        self,
        line: list[QLayoutItem],
        inner: QRect,
        y: int,
        height: int,
        gap: int,
        right_to_left: bool,
    ) -> None:
        solid = [i for i in line if i.spacerItem() is None]
        stretches = len(line) - len(solid)
        taken = sum(i.sizeHint().width() for i in solid) + gap * max(0, len(line) - 1)
        spare = max(0, inner.width() - taken)
        x = inner.x()
        for item in line:
            if item.spacerItem() is not None:
                width = spare // stretches
            else:
                width = min(item.sizeHint().width(), inner.width())
            place = QRect(QPoint(x, y), QSize(width, height))
            if right_to_left:  # the mirror image, as QHBoxLayout lays out right to left
                place.moveLeft(inner.x() + inner.right() - place.right())
            item.setGeometry(place)
            x += width + gap

    def _right_to_left(self) -> bool:
        parent = self.parentWidget()
        return parent is not None and parent.layoutDirection() == Qt.LayoutDirection.RightToLeft


class WrappingForm(QFormLayout):
    """A form whose field goes under its label when the two do not fit side by side (a
    long label in a long language): the form never needs sideways scrolling. Where
    they fit, it looks like any form."""

    def __init__(self) -> None:
        super().__init__()
        self.setRowWrapPolicy(QFormLayout.RowWrapPolicy.WrapLongRows)


def wrapping_form() -> QFormLayout:
    """A form whose rows wrap when they do not fit (see WrappingForm)."""
    return WrappingForm()
