"""A row of buttons in a FlowLayout wraps onto more lines when its window is narrow (long
words in a long language), keeps its buttons whole, and looks like a QHBoxLayout's row
(a stretch before Cancel and Save) when there is room; right to left, it is mirrored."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QPushButton, QVBoxLayout, QWidget
from pytestqt.qtbot import QtBot

from parentrus_desktop.gui.flow_layout import FlowLayout
from parentrus_desktop.gui.widgets import big_button

LONG = "Opslaan, dan een doorverwijzing toevoegen"


def a_row(
    qtbot: QtBot, width: int, direction: Qt.LayoutDirection
) -> tuple[QWidget, list[QPushButton]]:
    """A window with a form's row of buttons, as RecordDialog builds it, this wide."""
    window = QWidget()
    window.setLayoutDirection(direction)
    qtbot.addWidget(window)
    row = FlowLayout()
    row.addStretch()
    cancel, save = big_button("Cancel", "cancel"), big_button("Save", "save", primary=True)
    row.addWidget(cancel)
    row.addWidget(save)
    extra = [big_button(f"{LONG} {n}", f"extra-{n}") for n in range(3)]
    for position, button in enumerate(extra):
        row.insertWidget(position, button)
    QVBoxLayout(window).addLayout(row)
    window.show()
    qtbot.waitExposed(window)
    window.resize(width, window.heightForWidth(width))
    qtbot.waitUntil(lambda: window.width() == width)
    return window, [*extra, cancel, save]


def test_a_narrow_window_wraps_the_buttons_and_none_sticks_out(qtbot: QtBot) -> None:
    narrow = 700
    window, buttons = a_row(qtbot, narrow, Qt.LayoutDirection.LeftToRight)
    # No wider than the window: one line would need three long buttons side by side.
    assert window.minimumSizeHint().width() < narrow
    tops = {b.geometry().top() for b in buttons}
    assert len(tops) > 1  # more than one line
    for button in buttons:
        place = button.geometry()
        assert place.left() >= 0 and place.right() < window.width()
        assert place.width() >= button.sizeHint().width()  # whole, not squeezed
        assert place.bottom() < window.height()  # the window is tall enough for its lines
    # Buttons never overlap.
    for first in buttons:
        for second in buttons:
            if first is not second:
                assert not first.geometry().intersects(second.geometry())
    # Save is still last: at the end of the last line.
    save = buttons[-1]
    assert save.geometry().top() == max(tops)
    assert all(
        b.geometry().right() < save.geometry().left()
        for b in buttons[:-1]
        if b.geometry().top() == save.geometry().top()
    )


def test_a_wide_window_keeps_one_line_with_cancel_and_save_at_the_end(qtbot: QtBot) -> None:
    window, buttons = a_row(qtbot, 2200, Qt.LayoutDirection.LeftToRight)
    assert len({b.geometry().top() for b in buttons}) == 1
    margin = window.layout().contentsMargins().right()
    assert buttons[-1].geometry().right() == window.width() - margin - 1
    assert buttons[0].geometry().left() == window.layout().contentsMargins().left()


def test_right_to_left_the_lines_are_mirrored(qtbot: QtBot) -> None:
    _window, left = a_row(qtbot, 700, Qt.LayoutDirection.LeftToRight)
    window, right = a_row(qtbot, 700, Qt.LayoutDirection.RightToLeft)
    for one, other in zip(left, right, strict=True):
        assert other.geometry().top() == one.geometry().top()
        assert other.geometry().left() == window.width() - 1 - one.geometry().right()
