"""Dates, times and digits: British English by default, and one set of digits in Arabic
across the pages (babel) and the boxes of a form (Qt)."""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import date, datetime, time

import pytest
from PySide6.QtCore import QLocale, QTime
from PySide6.QtWidgets import QApplication, QSpinBox, QTimeEdit

from parentrus_desktop import i18n
from parentrus_desktop.gui.language import apply_language, available_languages, time_format
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
    assert sorted(clock.text().replace(":", " ").split()) == sorted(said.replace(":", " ").split())
    assert all(not ("\u0660" <= ch <= "\u0669") for ch in box.text() + clock.text())


@pytest.mark.parametrize("tag", [tag for tag, _name in available_languages()])
def test_every_shipped_language_s_boxes_write_western_digits(tag: str) -> None:
    """Every page writes Western digits (babel); a language whose Qt locale writes others
    needs its line in i18n.LOCALES, or its boxes would disagree with its pages."""
    assert QLocale(i18n.locale_of(tag)).zeroDigit() == "0"
