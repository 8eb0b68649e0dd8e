"""Contrast as WCAG 2.2 measures it, read from the pixels a window really paints.

The colours are never taken from a list: each widget is grabbed as it is drawn, with the
style sheet and palette in effect, and its text, edges and focus ring are found in the
pixels. Disabled controls are left out, as WCAG leaves them out.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

from PySide6.QtCore import QPoint, QRect, Qt
from PySide6.QtGui import QColor, QImage
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractItemView,
    QAbstractSpinBox,
    QCheckBox,
    QComboBox,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QRadioButton,
    QStyle,
    QStyleOptionButton,
    QStyleOptionViewItem,
    QTextEdit,
    QWidget,
)

TEXT = 4.5  # WCAG 2.2 AA 1.4.3, normal text
OUTLINE = 3.0  # 1.4.11, what shows a control is there, and the focus ring
# A colour must cover this many pixels to count as the text's ink (not one stray pixel).
INK_PIXELS = 3


def luminance(colour: QColor) -> float:
    """Relative luminance, as WCAG defines it (sRGB)."""

    def channel(value: float) -> float:
        return value / 12.92 if value <= 0.04045 else ((value + 0.055) / 1.055) ** 2.4

    return (
        0.2126 * channel(colour.redF())
        + 0.7152 * channel(colour.greenF())
        + 0.0722 * channel(colour.blueF())
    )


def contrast(first: QColor, second: QColor) -> float:
    """The WCAG contrast ratio, 1 to 21."""
    high, low = sorted((luminance(first), luminance(second)), reverse=True)
    return (high + 0.05) / (low + 0.05)


def colours_in(image: QImage, rect: QRect) -> Counter[int]:
    """How many pixels of each colour (as 0xRRGGBB) the rectangle holds."""
    area = rect.intersected(image.rect())
    if area.isEmpty():
        return Counter()
    if image.format() != QImage.Format.Format_RGB32:
        image = image.convertToFormat(QImage.Format.Format_RGB32)  # 4 bytes a pixel: BGRx
    bits = memoryview(image.constBits())  # read in place, not copied
    stride = image.bytesPerLine()
    found: Counter[int] = Counter()
    for y in range(area.top(), area.bottom() + 1):
        row = bits[y * stride + area.left() * 4 : y * stride + (area.right() + 1) * 4].tobytes()
        found.update(int.from_bytes(row[i : i + 3], "little") for i in range(0, len(row), 4))
    return found


def ink_and_paper(found: Counter[int]) -> tuple[QColor, QColor]:
    """The paper is the commonest colour; the ink the one furthest from it in contrast
    (anti-aliased edges lie between the two, so the ink is the extreme)."""
    paper = QColor(found.most_common(1)[0][0])
    inks = [QColor(rgb) for rgb, count in found.items() if count >= INK_PIXELS]
    ink = max(inks, key=lambda colour: contrast(colour, paper))
    return ink, paper


@dataclass(frozen=True)
class Finding:
    """A measured ratio under its threshold."""

    what: str
    ratio: float
    needed: float
    ink: str
    paper: str

    def __str__(self) -> str:
        return f"{self.what}: {self.ratio:.2f}:1 < {self.needed}:1 ({self.ink} on {self.paper})"


def describe(widget: QWidget) -> str:
    text = ""
    if isinstance(widget, QLabel | QAbstractButton | QLineEdit):
        text = widget.text()[:30]
    return f"{type(widget).__name__} {widget.objectName()!r} {text!r}"


def in_window(widget: QWidget, rect: QRect) -> QRect:
    """A rectangle of the widget, in its window's pixels, cut to what is on screen."""
    shown = widget.visibleRegion().boundingRect().intersected(rect)
    if shown.isEmpty():
        return QRect()
    top_left = widget.mapTo(widget.window(), shown.topLeft())
    return QRect(top_left, shown.size())


def text_area(widget: QWidget) -> QRect:
    """Where the widget draws its words, without its edge or its tick box."""
    if isinstance(widget, QCheckBox | QRadioButton):
        option = QStyleOptionButton()
        option.initFrom(widget)
        option.text = widget.text()
        element = (
            QStyle.SubElement.SE_CheckBoxContents
            if isinstance(widget, QCheckBox)
            else QStyle.SubElement.SE_RadioButtonContents
        )
        return widget.style().subElementRect(element, option, widget)
    # Inside the thickest edge the themes draw (a 3 pixel focus ring), and one more.
    return widget.rect().adjusted(4, 4, -4, -4)


def shows_text(widget: QWidget) -> bool:
    if isinstance(widget, QLabel):
        return bool(widget.text().strip()) and widget.pixmap().isNull()
    if isinstance(widget, QAbstractButton):
        return bool(widget.text().strip())
    if isinstance(widget, QLineEdit):
        if isinstance(widget.parent(), QAbstractSpinBox | QComboBox):
            return False  # measured as part of its box
        return bool(widget.text().strip() or widget.placeholderText().strip())
    if isinstance(widget, QAbstractSpinBox):
        return bool(widget.text().strip())
    if isinstance(widget, QComboBox):
        return bool(widget.currentText().strip())
    return False


def text_findings(window: QWidget, image: QImage) -> list[Finding]:
    """Every visible, enabled piece of text in the window, against what is behind it."""
    findings = []
    for widget in [window, *window.findChildren(QWidget)]:
        if widget.window() is not window or not widget.isVisible() or not widget.isEnabled():
            continue
        areas: list[tuple[str, QRect]] = []
        if shows_text(widget):
            areas.append((describe(widget), text_area(widget)))
        elif isinstance(widget, QPlainTextEdit | QTextEdit) and widget.toPlainText().strip():
            viewport = widget.viewport()
            areas.append((describe(widget), viewport.geometry().adjusted(2, 2, -2, -2)))
        elif isinstance(widget, QAbstractItemView) and widget.model() is not None:
            areas.extend(cell_areas(widget))
        for what, rect in areas:
            shown = in_window(widget, rect)
            if shown.width() < 4 or shown.height() < min(rect.height(), line_height(widget)):
                continue  # scrolled out of sight, or less than a line of it on screen
            ink, paper = ink_and_paper(colours_in(image, shown))
            ratio = contrast(ink, paper)
            if ratio < TEXT:
                findings.append(Finding(what, ratio, TEXT, ink.name(), paper.name()))
    return findings


def line_height(widget: QWidget) -> int:
    return widget.fontMetrics().height()


def cell_areas(view: QAbstractItemView) -> list[tuple[str, QRect]]:
    """The first rows' cells that hold words, in the view's own coordinates."""
    model = view.model()
    areas = []
    offset = view.viewport().geometry().topLeft()
    for row in range(min(model.rowCount(), 8)):
        # A list model hides columnCount(): walk the columns while they exist.
        for column in range(20):
            index = model.index(row, column)
            if not index.isValid():
                break
            text = str(index.data() or "").strip()
            if not text:
                continue
            rect = view.visualRect(index).adjusted(2, 2, -2, -2).translated(offset)
            areas.append((f"{type(view).__name__} {view.objectName()!r} cell {text[:20]!r}", rect))
    return areas


CONTROLS = (
    QPushButton,
    QLineEdit,
    QPlainTextEdit,
    QComboBox,
    QAbstractSpinBox,
    QAbstractItemView,
    QCheckBox,
    QRadioButton,
)


def controls(window: QWidget) -> list[QWidget]:
    """The visible, enabled controls a mentor clicks or types into."""
    found = []
    for widget in window.findChildren(QWidget):
        if widget.window() is not window or not widget.isVisible() or not widget.isEnabled():
            continue
        if not isinstance(widget, CONTROLS):
            continue
        if isinstance(widget, QLineEdit) and isinstance(
            widget.parent(), QAbstractSpinBox | QComboBox
        ):
            continue
        if isinstance(widget, QAbstractItemView) and not isinstance(widget.parent(), QWidget):
            continue
        if widget.visibleRegion().boundingRect() != widget.rect():
            continue  # partly scrolled away: its edges are not all on screen
        found.append(widget)
    return found


def edge_box(widget: QWidget) -> QRect:
    """The rectangle whose edge tells the control is there: a tick box's own square."""
    if isinstance(widget, QCheckBox | QRadioButton):
        option = QStyleOptionButton()
        option.initFrom(widget)
        element = (
            QStyle.SubElement.SE_CheckBoxIndicator
            if isinstance(widget, QCheckBox)
            else QStyle.SubElement.SE_RadioButtonIndicator
        )
        return widget.style().subElementRect(element, option, widget)
    return widget.rect()


def edge_contrast(image: QImage, box: QRect) -> tuple[float, QColor, QColor]:
    """How well the control stands out from the page at the middle of each side: the
    strongest of its first 4 pixels (its edge, or its fill) against the page 2 pixels
    outside; the weakest side counts."""
    centre = box.center()
    sides = [
        (QPoint(box.left(), centre.y()), QPoint(1, 0)),
        (QPoint(box.right(), centre.y()), QPoint(-1, 0)),
        (QPoint(centre.x(), box.top()), QPoint(0, 1)),
        (QPoint(centre.x(), box.bottom()), QPoint(0, -1)),
    ]
    weakest = (99.0, QColor(), QColor())
    for start, inward in sides:
        outside = start - inward * 2
        if not image.rect().contains(outside):
            continue
        page = QColor(image.pixel(outside) & 0xFFFFFF)
        inside = [QColor(image.pixel(start + inward * step) & 0xFFFFFF) for step in range(4)]
        edge = max(inside, key=lambda colour: contrast(colour, page))
        ratio = contrast(edge, page)
        if ratio < weakest[0]:
            weakest = (ratio, edge, page)
    return weakest


def grab_around(window: QWidget, widget: QWidget, box: QRect) -> tuple[QImage, QRect]:
    """The window's pixels around a box of the widget, with 4 pixels of page about it."""
    top_left = widget.mapTo(window, box.topLeft())
    around = QRect(top_left, box.size()).adjusted(-4, -4, 4, 4).intersected(window.rect())
    image = window.grab(around).toImage()
    scale = image.width() / max(around.width(), 1)
    local = QRect(top_left - around.topLeft(), box.size())
    if scale != 1:  # a high-DPI grab: measure in its pixels
        local = QRect(
            int(local.x() * scale),
            int(local.y() * scale),
            int(local.width() * scale),
            int(local.height() * scale),
        )
    return image, local


def outline_findings(window: QWidget) -> list[Finding]:
    """Each control's edge against the page, unfocused and then with the focus on it."""
    findings = []
    for widget in controls(window):
        if widget.hasFocus():
            window.setFocus()  # unfocused first
        image, local = grab_around(window, widget, edge_box(widget))
        ratio, edge, page = edge_contrast(image, local)
        if ratio < OUTLINE:
            findings.append(
                Finding(f"edge of {describe(widget)}", ratio, OUTLINE, edge.name(), page.name())
            )
        if widget.focusPolicy() != Qt.FocusPolicy.NoFocus:
            findings.extend(focus_findings(window, widget))
    return findings + tick_box_findings(window)


def tick_box_findings(window: QWidget) -> list[Finding]:
    """The tick box of each line in a list where lines are ticked, against its line."""
    findings = []
    for view in window.findChildren(QAbstractItemView):
        if view.window() is not window or not view.isVisible() or not view.isEnabled():
            continue
        model = view.model()
        for row in range(min(model.rowCount(), 8)):
            index = model.index(row, 0)
            state = index.data(Qt.ItemDataRole.CheckStateRole)
            if state is None or not index.flags() & Qt.ItemFlag.ItemIsUserCheckable:
                continue  # a line with no tick box
            option = QStyleOptionViewItem()
            view.initViewItemOption(option)
            option.rect = view.visualRect(index)
            option.index = index
            option.features |= QStyleOptionViewItem.ViewItemFeature.HasCheckIndicator
            option.checkState = Qt.CheckState(state)
            box = view.style().subElementRect(
                QStyle.SubElement.SE_ItemViewItemCheckIndicator, option, view
            )
            box.translate(view.viewport().geometry().topLeft())
            seen = view.viewport().geometry().intersected(view.visibleRegion().boundingRect())
            if not seen.contains(box.adjusted(-2, -2, 2, 2)):
                continue  # scrolled out of sight, or partly
            image, local = grab_around(window, view, box)
            ratio, edge, page = edge_contrast(image, local)
            if ratio < OUTLINE:
                what = f"tick box of line {row} in {describe(view)}"
                findings.append(Finding(what, ratio, OUTLINE, edge.name(), page.name()))
    return findings


def focus_findings(window: QWidget, widget: QWidget) -> list[Finding]:
    """The focus ring: around the whole control, 3:1 against the page, and a change."""
    unfocused, _ = grab_around(window, widget, widget.rect())
    widget.setFocus(Qt.FocusReason.TabFocusReason)
    if not widget.hasFocus():
        return []  # a control that cannot take the focus here
    image, local = grab_around(window, widget, widget.rect())
    ratio, edge, page = edge_contrast(image, local)
    what = describe(widget)
    if ratio < OUTLINE:
        return [Finding(f"focus ring of {what}", ratio, OUTLINE, edge.name(), page.name())]
    if image == unfocused:
        return [Finding(f"no focus ring on {what}", 1.0, OUTLINE, edge.name(), page.name())]
    return []
