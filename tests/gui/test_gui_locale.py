"""Dates, times and digits: British English by default, and one set of digits in Arabic
across the pages (babel) and the boxes of a form (Qt)."""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import date, datetime, time
from pathlib import Path

import pytest
from PySide6.QtCore import QLocale, Qt, QTime
from PySide6.QtWidgets import QApplication, QDialogButtonBox, QLineEdit, QSpinBox, QTimeEdit
from pytestqt.qtbot import QtBot

from parentrus_desktop import i18n
from parentrus_desktop.gui.language import (
    apply_language,
    available_languages,
    qt_translation_file,
    time_format,
)
from parentrus_desktop.gui.record_dialog import day_box

DAY = date(2026, 11, 3)


@pytest.fixture
def back_to_english(qapp: QApplication) -> Iterator[None]:
    yield
    apply_language("en")


def test_english_dates_are_british_on_pages_and_in_date_boxes(back_to_english: None) -> None:
    apply_language("en")
    assert i18n.format_day(DAY) == "3 Nov 2026"
    assert i18n.format_day(DAY, "long") == "3 November 2026"
    assert i18n.format_time(time(14, 5)) == "14:05"
    assert day_box("on", DAY).text() == "3 Nov 2026"
    assert QLocale().name() == "en_GB"


def test_arabic_writes_the_same_western_digits_in_boxes_and_on_pages(
    back_to_english: None,
) -> None:
    apply_language("ar")
    page = i18n.format_day(DAY)
    box = day_box("on", DAY)
    # The same numbers, Western digits (Qt orders a right-to-left box's fields itself, so
    # it looks like the page: 2026/11/03 read from the right).
    assert sorted(re.findall("[0-9]+", box.text())) == sorted(re.findall("[0-9]+", page))
    assert sorted(re.findall("[0-9]+", page)) == ["03", "11", "2026"]
    spin = QSpinBox()
    spin.setValue(42)
    assert spin.text() == "42"
    clock = QTimeEdit(QTime(14, 5))
    clock.setDisplayFormat(time_format())
    said = i18n.format_time(datetime(2026, 11, 3, 14, 5))
    # The same text as the page, in the same order: Qt reverses a right-to-left box's
    # fields, so a box given the page's own pattern showed 14:05 as "م 05:2".
    assert clock.text() == said.translate(dict.fromkeys(map(ord, "\u200e\u200f\u061c")))
    assert clock.text() == "2:05 م"
    assert all(not ("\u0660" <= ch <= "\u0669") for ch in box.text() + clock.text())


@pytest.mark.parametrize("tag", [tag for tag, _name in available_languages()])
def test_every_shipped_language_s_boxes_write_western_digits(tag: str) -> None:
    """Every page writes Western digits (babel); a language whose Qt locale writes others
    needs its line in i18n.LOCALES (or, where Qt has no such locale for it, as for
    Persian, in i18n.QT_LOCALES), or its boxes would disagree with its pages."""
    assert QLocale(i18n.qt_locale_of(tag)).zeroDigit() == "0"


def _other_digits(text: str) -> list[str]:
    """Persian (U+06F0-06F9) or Arabic-Indic (U+0660-0669) digits in a text."""
    return [ch for ch in text if "\u06f0" <= ch <= "\u06f9" or "\u0660" <= ch <= "\u0669"]


def test_persian_pages_and_boxes_write_western_digits(qtbot: QtBot, back_to_english: None) -> None:
    """Qt's Persian locales write ۰-۹; the pages (babel) write 0-9, as family codes and
    phone numbers are typed: the boxes must write the same digits as the pages."""
    assert apply_language("fa") == "fa"
    page = " ".join(
        [
            i18n.format_day(DAY),
            i18n.format_day(DAY, "long"),
            i18n.format_day_and_weekday(DAY),
            i18n.format_time(time(14, 5)),
            i18n.format_number(1234.5),
            i18n._("Year {year}").format(year=2026),
        ]
    )
    assert _other_digits(page) == [], page
    assert re.search("[\u0600-\u06ff]", i18n.format_day(DAY))  # the month's Persian name
    box = day_box("on", DAY)
    qtbot.addWidget(box)
    # The date in numbers (Qt has no Persian month names with Western digits), the year
    # on the left as on the page.
    assert box.text() == "2026/11/3"
    assert _other_digits(box.text()) == [], box.text()
    spin = QSpinBox()
    qtbot.addWidget(spin)
    spin.setValue(42)
    assert spin.text() == "42"
    clock = QTimeEdit(QTime(14, 5))
    qtbot.addWidget(clock)
    clock.setDisplayFormat(time_format())
    assert clock.text() == i18n.format_time(time(14, 5)) == "14:05"
    assert QApplication.layoutDirection() == Qt.LayoutDirection.RightToLeft


def test_qt_s_persian_words_load(qtbot: QtBot, back_to_english: None) -> None:
    found = qt_translation_file("fa")
    assert found is not None and found.name == "qtbase_fa.qm"
    apply_language("fa")
    buttons = QDialogButtonBox(
        QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
    )
    qtbot.addWidget(buttons)
    assert all(re.search("[\u0600-\u06ff]", b.text()) for b in buttons.buttons())


def test_qt_s_own_words_come_from_the_nearest_translation_qt_has() -> None:
    assert qt_translation_file("ar") == qt_translation_file("ar-SY")
    found = qt_translation_file("ar")
    assert found is not None and found.name == "qtbase_ar.qm"
    for tag in ("pt", "pt-PT"):  # Qt's Portuguese is Brazilian
        nearest = qt_translation_file(tag)
        assert nearest is not None and nearest.name == "qtbase_pt_BR.qm"
    assert qt_translation_file("so") is None  # Qt has no Somali: the app gives its words (qt_words)


def test_a_text_box_s_right_click_menu_speaks_arabic(qtbot: QtBot, back_to_english: None) -> None:
    apply_language("ar")
    box = QLineEdit("نص")
    qtbot.addWidget(box)
    menu = box.createStandardContextMenu()
    assert menu is not None
    words = [a.text() for a in menu.actions() if a.text()]
    assert words and all(any("\u0600" <= ch <= "\u06ff" for ch in w) for w in words), words
    buttons = QDialogButtonBox(
        QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
    )
    qtbot.addWidget(buttons)
    assert all(any("\u0600" <= ch <= "\u06ff" for ch in b.text()) for b in buttons.buttons())


@pytest.mark.parametrize("tag", [tag for tag, _name in available_languages()])
def test_every_shipped_language_has_qt_s_words_or_is_known_not_to(tag: str) -> None:
    """A language Qt has no words for is a choice on record, not an accident."""
    assert tag in {"en", *QT_HAS_NO_WORDS_FOR} or qt_translation_file(tag) is not None


#: Shipped (or planned) languages with no Qt translation, not even a near one: Qt's
#: buttons stay in English there (Qt 6.11 ships no Somali, Romanian or Greek).
QT_HAS_NO_WORDS_FOR = {"so", "ro", "el"}


def test_the_language_chooser_offers_exactly_the_catalogs_the_bundle_ships() -> None:
    top = Path(__file__).resolve().parents[2]
    catalogs = {p.parent.parent.name for p in (top / "i18n").glob("*/LC_MESSAGES/*.po")}
    spec = (top / "packaging" / "parentrus.spec").read_text()
    shipped = re.search(r"SHIPPED_LANGUAGES = \(([^)]*)\)", spec)
    assert shipped is not None
    offered = {tag for tag, _name in available_languages()}
    assert offered == {"en", *catalogs} == set(re.findall(r'"([a-zA-Z_]+)"', shipped.group(1)))
