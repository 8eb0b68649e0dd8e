"""The check that no word is cut off (helpers/cut_off.py, run on every screen in every
language by test_gui_screen_fit.py) finds words that are cut off, and only those."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from helpers.cut_off import ELIDED_ON_PURPOSE, words_cut_off, wrong_direction
from PySide6.QtCore import QDate, Qt
from PySide6.QtGui import QStandardItemModel
from PySide6.QtWidgets import (
    QApplication,
    QCheckBox,
    QComboBox,
    QDateEdit,
    QDialog,
    QGroupBox,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QTabBar,
    QTableView,
    QVBoxLayout,
    QWidget,
)
from pytestqt.qtbot import QtBot

from parentrus_desktop.gui.tall_enough import tall_enough
from parentrus_desktop.gui.widgets import words

LONG = "Special educational needs coordinator (SENCO) at the school"


def shown(qtbot: QtBot, widget: QWidget) -> QWidget:
    """The widget in a window of its own, shown, as the walk finds it."""
    window = QWidget()
    qtbot.addWidget(window)
    QVBoxLayout(window).addWidget(widget)
    window.show()
    qtbot.waitExposed(window)
    return window


def label(width: int) -> QWidget:
    one_line = QLabel(LONG)
    one_line.setObjectName("one-line")
    one_line.setFixedWidth(width)
    return one_line


def wrapped(height: int) -> QWidget:
    lines = QLabel(" ".join([LONG] * 4))
    lines.setObjectName("wrapped")
    lines.setWordWrap(True)
    lines.setFixedSize(200, height)
    return lines


def button(width: int) -> QWidget:
    push = QPushButton(LONG)
    push.setObjectName("push")
    push.setFixedWidth(width)
    return push


def check_box(width: int) -> QWidget:
    box = QCheckBox(LONG)
    box.setObjectName("tick")
    box.setFixedWidth(width)
    return box


def combo(width: int) -> QWidget:
    box = QComboBox()
    box.setObjectName("choice")
    box.addItems(["Yes", LONG])
    box.setCurrentIndex(1)
    box.setFixedWidth(width)
    return box


def group(width: int) -> QWidget:
    box = QGroupBox(LONG)
    box.setObjectName("group")
    box.setFixedWidth(width)
    return box


def tabs(width: int) -> QWidget:
    bar = QTabBar()
    bar.setObjectName("tabs")
    bar.setElideMode(Qt.TextElideMode.ElideRight)
    bar.setUsesScrollButtons(False)
    bar.addTab(LONG)
    bar.addTab("Notes")
    bar.setFixedWidth(width)
    return bar


def table(width: int) -> QWidget:
    """A list whose last column is as wide as its lines ("Last session" sized by its dates:
    issue 16), its heading longer than they are."""
    model = QStandardItemModel(2, 2)
    model.setHorizontalHeaderLabels(["Family", LONG])
    view = QTableView()
    view.setObjectName("rows")
    view.setModel(model)
    view.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
    view.horizontalHeader().resizeSection(1, width)
    view.setMinimumWidth(width + 200)
    return view


def day_box(width: int) -> QWidget:
    box = QDateEdit(QDate(2026, 11, 22))
    box.setObjectName("day")
    box.setDisplayFormat("dddd d MMMM yyyy")  # a long day, as some languages write it
    box.setFixedWidth(width)
    return box


def find_field(width: int) -> QWidget:
    field = QLineEdit()
    field.setObjectName("find")
    field.setPlaceholderText(LONG)  # what to type: read, so not cut off
    field.setFixedWidth(width)
    return field


@pytest.mark.parametrize(
    ("make", "name", "too_small", "enough"),
    [
        (label, "one-line", 120, 900),
        (wrapped, "wrapped", 40, 400),  # a wrapping label: its height must hold its lines
        (button, "push", 120, 900),
        (check_box, "tick", 120, 900),
        (combo, "choice", 120, 900),
        (group, "group", 120, 900),
        (tabs, "tabs", 200, 1200),
        (table, "rows", 120, 600),  # a column heading, measured as Qt sizes it to fit
        (day_box, "day", 80, 400),
        (find_field, "find", 120, 900),
    ],
)
def test_words_too_long_for_their_widget_are_found(
    qtbot: QtBot, make: Callable[[int], QWidget], name: str, too_small: int, enough: int
) -> None:
    cut = words_cut_off(shown(qtbot, make(too_small)))
    assert cut and all(found.startswith(name) and "needs" in found for found in cut), cut
    assert words_cut_off(shown(qtbot, make(enough))) == []


def test_a_heading_needs_room_for_the_sort_arrow(qtbot: QtBot) -> None:
    view = table(0)
    window = shown(qtbot, view)
    header = view.horizontalHeader()
    header.resizeSection(1, header.sectionSizeFromContents(1).width())
    assert words_cut_off(window) == []
    view.setSortingEnabled(True)  # the arrow takes room beside the words
    cut = words_cut_off(window)
    assert len(cut) == 1 and cut[0].startswith("rows heading") and "needs" in cut[0], cut


CHOSEN_BOLD = "QPushButton:checked { font-weight: bold; }"


@pytest.mark.parametrize("style_sheet", ["", CHOSEN_BOLD])
def test_a_button_is_measured_in_the_font_it_is_painted_in_when_chosen(
    qtbot: QtBot, style_sheet: str
) -> None:
    """A page's button on the left is checkable: a style that paints the chosen one bold
    needs room for its words in bold, though Qt sizes the button by its normal font."""
    app = QApplication.instance()
    assert isinstance(app, QApplication)
    was = app.styleSheet()
    app.setStyleSheet(f"{was}\n{style_sheet}")
    try:
        page = QPushButton(LONG)
        page.setObjectName("nav-page")
        page.setCheckable(True)  # not chosen: it is measured as it would be when chosen
        window = shown(qtbot, page)
        page.setFixedWidth(page.sizeHint().width())
        qtbot.wait(10)
        cut = words_cut_off(window)
        if style_sheet:
            assert len(cut) == 1 and cut[0].startswith("nav-page") and "needs" in cut[0], cut
            page.setFixedWidth(page.sizeHint().width() + 40)
            assert words_cut_off(window) == []
        else:
            assert cut == []
    finally:
        app.setStyleSheet(was)


def test_a_wrapping_label_narrower_than_one_word_is_found(qtbot: QtBot) -> None:
    words = QLabel("Antidisestablishmentarianism")  # one word does not wrap: it sticks out
    words.setObjectName("word")
    words.setWordWrap(True)
    words.setFixedWidth(60)
    cut = words_cut_off(shown(qtbot, words))
    assert len(cut) == 1 and cut[0].startswith("word") and "width" in cut[0], cut


def test_what_is_typed_may_scroll(qtbot: QtBot) -> None:
    field = find_field(120)
    field.setText(LONG)  # typed: it scrolls as the mentor types, and the grey words are gone
    assert words_cut_off(shown(qtbot, field)) == []


def test_hidden_widgets_and_the_windows_on_top_are_left_to_their_own_check(
    qtbot: QtBot,
) -> None:
    hidden = label(60)
    window = shown(qtbot, hidden)
    hidden.hide()
    assert words_cut_off(window) == []


def test_a_window_must_lay_out_in_its_languages_direction(qtbot: QtBot) -> None:
    window = shown(qtbot, QLabel("مرحبا"))
    window.setLayoutDirection(Qt.LayoutDirection.LeftToRight)
    assert wrong_direction(window, right_to_left=False) is None
    assert "RightToLeft" in str(wrong_direction(window, right_to_left=True))
    window.setLayoutDirection(Qt.LayoutDirection.RightToLeft)
    assert wrong_direction(window, right_to_left=True) is None


def test_each_widget_that_elides_on_purpose_says_why() -> None:
    assert all(len(reason.split()) >= 5 for reason in ELIDED_ON_PURPOSE.values())


@pytest.mark.parametrize("kept_tall", [False, True])
def test_a_dialog_of_wrapped_words_is_as_tall_as_they_need(qtbot: QtBot, kept_tall: bool) -> None:
    dialog = QDialog()
    qtbot.addWidget(dialog)
    layout = QVBoxLayout(dialog)
    for number in range(3):
        layout.addWidget(words(" ".join([LONG] * 3), f"words-{number}"))
    dialog.setMinimumWidth(300)
    # Sized as the app's dialogs are (fitting_size): Qt lets a window of wrapped words be
    # shorter than they need (its layout's height for width does not bind a window).
    dialog.resize(300, 120)
    if kept_tall:
        tall_enough(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    qtbot.wait(50)  # the layout settles
    cut = words_cut_off(dialog)
    if kept_tall:
        assert cut == []
        dialog.resize(600, dialog.height())  # wider: it may be shorter, and still fits
        qtbot.waitUntil(lambda: dialog.minimumHeight() == dialog.heightForWidth(600))
        assert words_cut_off(dialog) == []
    else:  # what tall_enough is for: the last lines were cut off
        assert cut and all("height" in found for found in cut), cut
