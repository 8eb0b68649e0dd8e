"""Which words of a window are cut off: each visible label, button, group box title, tab,
table column's heading, empty field's grey words, and the chosen line of a drop-down or a
number, day or time box is measured with its own font and compared with the room the
widget gives its words (its contents, less the style's margins and any icon).

A button is measured in every font it may be painted in, not only its own: a style sheet
can paint a state in another font (``QPushButton:checked { font-weight: bold; }`` would
paint the chosen page's button bold), and Qt sizes a button by its own font only. What the
style paints is heard by a paint engine that only listens (PaintedWords), in each state:
as it is, chosen and not, with the keyboard on it, under the mouse. A column's heading is
measured as Qt sizes it to fit (``sectionSizeFromContents``): in bold, as it is painted
while a line of the table is chosen, with room for the sort arrow when it shows one.

A label that wraps is fine when its height holds its lines (``heightForWidth``) and no
line is wider than the label (a long word does not wrap). A widget that shortens its words
with "…" by design is named in ELIDED_ON_PURPOSE, with the reason. Not looked at: the
lines of lists and tables (the safeguarding steps' list elides them on purpose, and a
list scrolls; their column headings are looked at), the lines of a drop-down's open list
(Qt makes it as wide as its longest line) and words a widget paints itself (the check-in
chart's questions).

helpers/every_screen.py runs this on every screen; tests/gui/test_gui_words_fit.py shows
that it finds a label or a button too narrow for its words.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from PySide6 import QtGui
from PySide6.QtCore import QPointF, QRect, Qt
from PySide6.QtGui import (
    QFont,
    QFontMetrics,
    QPaintDevice,
    QPaintEngine,
    QPaintEngineState,
    QPainter,
    QTextDocument,
    QTextItem,
    QTextLayout,
    QTextOption,
)
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractSpinBox,
    QCheckBox,
    QComboBox,
    QGroupBox,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QRadioButton,
    QStyle,
    QStyleOptionButton,
    QStyleOptionComboBox,
    QStyleOptionGroupBox,
    QStyleOptionTab,
    QTabBar,
    QToolButton,
    QWidget,
)

#: Widgets (by object name) that shorten their words on purpose, and why. One list, so a
#: cut-off that nobody chose is never hidden among them.
ELIDED_ON_PURPOSE: dict[str, str] = {}

#: A pixel either way: Qt rounds text widths to whole pixels in one place and not another.
SLACK = 1
#: A focused or chosen button has a thicker edge (common.qss), which takes two pixels from
#: each side of its 16 pixels of padding: words that reach that far are not cut off.
BUTTON_SLACK = 4


class _Listener(QPaintEngine):
    """A paint engine that paints nothing and keeps each run of words it is given, with
    the font and the width it was given them in."""

    def __init__(self) -> None:
        super().__init__(QPaintEngine.PaintEngineFeature.AllFeatures)
        self.words: list[tuple[str, QFont, float]] = []

    def begin(self, _device: QPaintDevice) -> bool:
        return True

    def end(self) -> bool:
        return True

    def updateState(self, _state: QPaintEngineState) -> None:
        pass

    def drawPixmap(self, *_args: object) -> None:
        pass

    def drawTextItem(self, _at: QPointF, item: QTextItem) -> None:
        self.words.append((item.text(), QFont(item.font()), item.width()))

    def type(self) -> QPaintEngine.Type:
        return QPaintEngine.Type.User


class PaintedWords(QPaintDevice):
    """Somewhere to paint a widget's parts and hear which words the style paints, in which
    font and how wide. It has the widget's dots per inch, so a font is as wide here as on
    the widget's screen."""

    def __init__(self, widget: QWidget) -> None:
        super().__init__()
        self._widget = widget
        self.engine = _Listener()

    def paintEngine(self) -> QPaintEngine:
        return self.engine

    def metric(self, metric: QPaintDevice.PaintDeviceMetric) -> int:
        kind, widget = QPaintDevice.PaintDeviceMetric, self._widget
        known: dict[QPaintDevice.PaintDeviceMetric, Callable[[], int]] = {
            kind.PdmWidth: widget.width,
            kind.PdmHeight: widget.height,
            kind.PdmWidthMM: widget.widthMM,
            kind.PdmHeightMM: widget.heightMM,
            kind.PdmNumColors: widget.colorCount,
            kind.PdmDepth: widget.depth,
            kind.PdmDpiX: widget.logicalDpiX,
            kind.PdmDpiY: widget.logicalDpiY,
            kind.PdmPhysicalDpiX: widget.physicalDpiX,
            kind.PdmPhysicalDpiY: widget.physicalDpiY,
        }
        if metric in known:
            return known[metric]()
        return super().metric(metric)


def painted_width(widget: QWidget, paint: Callable[[QPainter], None]) -> float:
    """The widest run of words that ``paint`` paints (0 if it paints none)."""
    device = PaintedWords(widget)
    painter = QPainter(device)
    painter.setFont(widget.font())
    try:
        paint(painter)
    finally:
        painter.end()
    return max((width for _text, _font, width in device.engine.words), default=0.0)


def _button_states(button: QAbstractButton, option: QStyleOptionButton) -> list[QStyle.StateFlag]:
    """Each state the button may be painted in, as style flags: as it is now, chosen and
    not (a checkable button, such as a page's button on the left), with the keyboard on
    it, and under the mouse. A style sheet may give any of them another font."""
    state = option.state
    flag = QStyle.StateFlag
    states = [state, state | flag.State_HasFocus, state | flag.State_MouseOver]
    if button.isCheckable():
        chosen = (state | flag.State_On) & ~flag.State_Off
        not_chosen = (state | flag.State_Off) & ~flag.State_On
        states += [chosen, not_chosen, chosen | flag.State_HasFocus]
    return states


def _shown(text: str, mnemonics: bool) -> str:
    """The text as painted: "&&" is an ampersand, a single "&" marks the shortcut key."""
    if not mnemonics:
        return text
    return re.sub(r"&(.)", r"\1", text)


def _widest_line(text: str, metrics: QFontMetrics) -> int:
    return max((metrics.horizontalAdvance(line) for line in text.split("\n")), default=0)


def _label_room(label: QLabel) -> QRect:
    room = label.contentsRect().adjusted(
        label.margin(), label.margin(), -label.margin(), -label.margin()
    )
    if label.indent() > 0:
        room.setWidth(room.width() - label.indent())
    return room


def _rich(label: QLabel) -> bool:
    kind = label.textFormat()
    if kind == Qt.TextFormat.RichText:
        return True
    return kind == Qt.TextFormat.AutoText and QtGui.Qt.mightBeRichText(label.text())


def _wrapped_widest(text: str, label: QLabel, width: int) -> float:
    """The widest line of the label's words wrapped at this width, as QLabel wraps them
    (a word longer than the line stays whole and sticks out)."""
    layout = QTextLayout(text, label.font(), label)
    option = QTextOption()
    option.setWrapMode(QTextOption.WrapMode.WordWrap)
    layout.setTextOption(option)
    widest = 0.0
    layout.beginLayout()
    while (line := layout.createLine()).isValid():
        line.setLineWidth(width)
        widest = max(widest, line.naturalTextWidth())
    layout.endLayout()
    return widest


def label_cut_off(label: QLabel) -> str | None:
    """How a label's words are cut off, if they are."""
    room = _label_room(label)
    if _rich(label):
        document = QTextDocument()
        document.setDefaultFont(label.font())
        document.setDocumentMargin(0)
        document.setHtml(label.text())
        if label.wordWrap():
            document.setTextWidth(room.width())
        need_width, need_height = document.idealWidth(), document.size().height()
    else:
        text = _shown(label.text(), label.buddy() is not None)
        metrics = label.fontMetrics()
        if label.wordWrap():
            need_width = _wrapped_widest(text, label, room.width())
            need_height = label.heightForWidth(label.width())
            if need_height > label.height() + SLACK:
                return f"needs {need_height} pixels of height for its lines, has {label.height()}"
            need_height = 0
        else:
            need_width = _widest_line(text, metrics)
            need_height = metrics.size(0, text).height()
    if need_width > room.width() + SLACK:
        return f"needs {need_width:.0f} pixels of width, has {room.width()}"
    if need_height > room.height() + SLACK:
        return f"needs {need_height:.0f} pixels of height, has {room.height()}"
    return None


def button_cut_off(button: QAbstractButton) -> str | None:
    """How a button's words are cut off, if they are (its icon takes its room first)."""
    text = _shown(QAbstractButton.text(button), True)  # what is painted (LineButton wraps)
    if not text:
        return None
    metrics = button.fontMetrics()
    icon = 0 if button.icon().isNull() else button.iconSize().width() + 4
    style = button.style()
    if isinstance(button, QToolButton):
        # A tool button lays out its icon and words by its own style; it needs its size.
        need = button.sizeHint()
        if button.width() + SLACK < need.width() or button.height() + SLACK < need.height():
            return f"needs {need.width()}x{need.height()}, has {button.width()}x{button.height()}"
        return None
    option = QStyleOptionButton()
    button.initStyleOption(option)  # type: ignore[attr-defined]
    element = QStyle.SubElement.SE_PushButtonContents
    if isinstance(button, QCheckBox):
        element = QStyle.SubElement.SE_CheckBoxContents
    elif isinstance(button, QRadioButton):
        element = QStyle.SubElement.SE_RadioButtonContents
    elif not isinstance(button, QPushButton):
        return None
    room = style.subElementRect(element, option, button)
    label = {
        QStyle.SubElement.SE_PushButtonContents: QStyle.ControlElement.CE_PushButtonLabel,
        QStyle.SubElement.SE_CheckBoxContents: QStyle.ControlElement.CE_CheckBoxLabel,
        QStyle.SubElement.SE_RadioButtonContents: QStyle.ControlElement.CE_RadioButtonLabel,
    }[element]
    painted = 0.0
    for state in _button_states(button, option):
        each = QStyleOptionButton(option)
        each.state = state
        each.rect = room  # the style hands its label part only the room for words

        def paint(painter: QPainter, each: QStyleOptionButton = each) -> None:
            style.drawControl(label, each, painter, button)

        painted = max(painted, painted_width(button, paint))
    need_width = max(_widest_line(text, metrics), round(painted)) + icon
    need_height = metrics.size(0, text).height()
    if need_width > room.width() + BUTTON_SLACK:
        return f"needs {need_width} pixels of width, has {room.width()}"
    # One line is drawn centred and may reach into the padding; more lines must fit.
    if "\n" in text and need_height > room.height() + SLACK:
        return f"needs {need_height} pixels of height, has {room.height()}"
    return None


def group_title_cut_off(box: QGroupBox) -> str | None:
    if not box.title():
        return None
    option = QStyleOptionGroupBox()
    box.initStyleOption(option)  # type: ignore[attr-defined]
    title = box.style().subControlRect(
        QStyle.ComplexControl.CC_GroupBox, option, QStyle.SubControl.SC_GroupBoxLabel, box
    )
    need = box.fontMetrics().horizontalAdvance(_shown(box.title(), True))
    if need > title.width() + SLACK or not box.rect().contains(title):
        shown = title.intersected(box.rect()).width()
        return f"its title needs {need} pixels of width, has {shown}"
    return None


def tabs_cut_off(bar: QTabBar) -> list[str]:
    found = []
    for index in range(bar.count()):
        if not bar.isTabVisible(index) or not bar.tabText(index):
            continue
        option = QStyleOptionTab()
        bar.initStyleOption(option, index)  # type: ignore[attr-defined]
        room = bar.style().subElementRect(QStyle.SubElement.SE_TabBarTabText, option, bar)
        need = bar.fontMetrics().horizontalAdvance(_shown(bar.tabText(index), True))
        if need > room.width() + SLACK:
            found.append(f"tab {bar.tabText(index)[:40]!r} needs {need} pixels, has {room.width()}")
    return found


def combo_cut_off(combo: QComboBox) -> str | None:
    if combo.isEditable() or not combo.currentText():
        return None
    option = QStyleOptionComboBox()
    combo.initStyleOption(option)  # type: ignore[attr-defined]
    room = combo.style().subControlRect(
        QStyle.ComplexControl.CC_ComboBox, option, QStyle.SubControl.SC_ComboBoxEditField, combo
    )
    icon = 0 if option.currentIcon.isNull() else combo.iconSize().width() + 4
    need = combo.fontMetrics().horizontalAdvance(combo.currentText()) + icon
    if need > room.width() + SLACK:
        return f"needs {need} pixels of width, has {room.width()}"
    return None


def headings_cut_off(header: QHeaderView) -> list[str]:
    """The column (or row) headings of a table too narrow or too low for their words. A
    heading needs what Qt would size it to for its words (``sectionSizeFromContents``):
    its words in bold, as they are painted while a line of the table is chosen, its
    padding, and room for the sort arrow when the heading shows one."""
    model = header.model()
    if model is None:
        return []
    found = []
    along = header.orientation()
    horizontal = along == Qt.Orientation.Horizontal
    across = header.height() if horizontal else header.width()
    for logical in range(header.count()):
        text = model.headerData(logical, along, Qt.ItemDataRole.DisplayRole)
        if header.isSectionHidden(logical) or not text:
            continue
        need = header.sectionSizeFromContents(logical)
        need_along, need_across = (
            (need.width(), need.height()) if horizontal else (need.height(), need.width())
        )
        has = header.sectionSize(logical)
        if need_along > has + SLACK:
            found.append(f"heading {str(text)[:40]!r} needs {need_along} pixels, has {has}")
        elif need_across > across + SLACK:
            found.append(f"heading {str(text)[:40]!r} needs {need_across} pixels, has {across}")
    return found


def spin_box_cut_off(box: QAbstractSpinBox) -> str | None:
    """A number, a day or a time the app wrote into its box, wider than the box shows."""
    edit = box.findChild(QLineEdit)
    if edit is None or not box.text():
        return None
    margins = edit.textMargins()
    # QLineEdit keeps two pixels each side of its words (its horizontalMargin).
    room = edit.contentsRect().width() - margins.left() - margins.right() - 4
    need = edit.fontMetrics().horizontalAdvance(box.text())
    if need > room + SLACK:
        return f"needs {need} pixels of width, has {room}"
    return None


def placeholder_cut_off(edit: QLineEdit) -> str | None:
    """The grey words an empty field shows ("Find a family by name or code"): a mentor
    reads them to know what to type. What is typed may scroll; they may not."""
    if edit.text() or not edit.placeholderText():
        return None
    if isinstance(edit.parentWidget(), (QComboBox, QAbstractSpinBox)):
        return None  # the box's own words, looked at with the box
    margins = edit.textMargins()
    # QLineEdit keeps two pixels each side of its words (its horizontalMargin).
    room = edit.contentsRect().width() - margins.left() - margins.right() - 4
    need = edit.fontMetrics().horizontalAdvance(edit.placeholderText())
    if need > room + SLACK:
        return f"needs {need} pixels of width, has {room}"
    return None


def describe(widget: QWidget, text: str) -> str:
    name = widget.objectName() or type(widget).__name__
    return f"{name} {text[:40]!r}"


def words_cut_off(top: QWidget) -> list[str]:
    """Every visible word of this window (not of the windows on it) that is cut off."""
    found = []
    for widget in top.findChildren(QWidget):
        if widget.window() is not top or not widget.isVisible():
            continue
        if widget.objectName() in ELIDED_ON_PURPOSE:
            continue
        problem: str | None = None
        text = ""
        if isinstance(widget, QLabel) and widget.text():
            text = widget.text()
            problem = label_cut_off(widget)
        elif isinstance(widget, QAbstractButton):
            text = QAbstractButton.text(widget)
            problem = button_cut_off(widget)
        elif isinstance(widget, QGroupBox):
            text = widget.title()
            problem = group_title_cut_off(widget)
        elif isinstance(widget, QComboBox):
            text = widget.currentText()
            problem = combo_cut_off(widget)
        elif isinstance(widget, QAbstractSpinBox):
            text = widget.text()
            problem = spin_box_cut_off(widget)
        elif isinstance(widget, QLineEdit):
            text = widget.placeholderText()
            problem = placeholder_cut_off(widget)
        elif isinstance(widget, QTabBar):
            name = widget.objectName() or type(widget).__name__
            found += [f"{name} {tab}" for tab in tabs_cut_off(widget)]
        elif isinstance(widget, QHeaderView):
            table = widget.parentWidget()
            name = (table.objectName() if table is not None else "") or type(widget).__name__
            found += [f"{name} {heading}" for heading in headings_cut_off(widget)]
        if problem is not None:
            found.append(f"{describe(widget, text)} is cut off: {problem}")
    return found


def wrong_direction(top: QWidget, right_to_left: bool) -> str | None:
    """Whether the window lays out the other way from its language."""
    wanted = Qt.LayoutDirection.RightToLeft if right_to_left else Qt.LayoutDirection.LeftToRight
    if top.layoutDirection() != wanted:
        return f"lays out {top.layoutDirection().name}, its language reads {wanted.name}"
    return None
