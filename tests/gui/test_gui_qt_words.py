"""Qt's own words (standard buttons, a text box's right-click menu) in the mentor's
language where Qt ships no translation of its own (Somali, Greek), and Qt's own where it
does (Arabic)."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QTimer, QTranslator
from PySide6.QtWidgets import (
    QApplication,
    QDialog,
    QDialogButtonBox,
    QLineEdit,
    QMenu,
    QPlainTextEdit,
    QWidget,
)
from pytestqt.qtbot import QtBot

from parentrus_desktop.gui import qt_words
from parentrus_desktop.gui.choosers import LanguageList
from parentrus_desktop.gui.language import apply_language, qt_translation_file
from parentrus_desktop.gui.record_dialog import RecordDialog
from parentrus_desktop.i18n import _, pgettext

GUI = Path(qt_words.__file__).resolve().parent

ENGLISH_MENU = {"Undo", "Redo", "Cut", "Copy", "Paste", "Delete", "Select All"}


@pytest.fixture
def in_language(qapp: QApplication) -> Iterator[Callable[[str], None]]:
    yield lambda tag: assert_applied(apply_language(tag), tag)
    apply_language("en")


def assert_applied(used: str, asked: str) -> None:
    assert used == asked


def plain(text: str) -> str:
    """A button's or an action's words without the shortcut letter's "&" or the key."""
    return re.sub(r"&(?!&)", "", text.split("\t")[0]).replace("&&", "&")


def buttons_of_the_box(qtbot: QtBot, ask: Callable[[], object]) -> set[str]:
    """The words on the buttons of the box ``ask`` opens (and waits on); it is closed
    unanswered."""
    seen: set[str] = set()

    def read_and_close() -> None:
        box = QApplication.activeModalWidget()
        buttons = box.findChild(QDialogButtonBox) if isinstance(box, QDialog) else None
        if not isinstance(box, QDialog) or buttons is None:
            QTimer.singleShot(10, read_and_close)
            return
        seen.update(plain(button.text()) for button in buttons.buttons())
        box.reject()

    QTimer.singleShot(0, read_and_close)
    ask()
    return seen


def leave_without_saving_buttons(qtbot: QtBot) -> set[str]:
    form = RecordDialog(None, "A form")  # type: ignore[arg-type]  # no records needed to ask
    qtbot.addWidget(form)
    form._changed()  # something typed
    return buttons_of_the_box(qtbot, form.reject)


def another_language_buttons(qtbot: QtBot) -> set[str]:
    languages = LanguageList("languages", [("en", "English")])
    qtbot.addWidget(languages)
    return buttons_of_the_box(qtbot, lambda: languages._ask_for_another(languages.another))


@pytest.mark.parametrize("language", ["so", "el", "ro"])
def test_leave_without_saving_offers_the_app_s_words_where_qt_has_none(
    qtbot: QtBot, in_language: Callable[[str], None], language: str
) -> None:
    assert qt_translation_file(language) is None  # else this test tests nothing
    in_language(language)
    words = {pgettext("button", "Discard"), _("Cancel")}
    assert words.isdisjoint({"Discard", "Cancel"})  # the catalog has them
    assert leave_without_saving_buttons(qtbot) == words


@pytest.mark.parametrize("language", ["so", "el", "ro"])
def test_the_another_language_question_offers_the_app_s_words_where_qt_has_none(
    qtbot: QtBot, in_language: Callable[[str], None], language: str
) -> None:
    in_language(language)
    words = {pgettext("button", "OK"), _("Cancel")}
    assert _("Cancel") != "Cancel"  # ("OK" is Romanian too)
    assert another_language_buttons(qtbot) == words


def test_arabic_keeps_qt_s_own_arabic(qtbot: QtBot, in_language: Callable[[str], None]) -> None:
    found = qt_translation_file("ar")
    assert found is not None
    qt_arabic = QTranslator()
    assert qt_arabic.load(str(found))
    in_language("ar")

    def qt_s(english: str) -> str:
        return plain(qt_arabic.translate("QPlatformTheme", english) or "")

    assert leave_without_saving_buttons(qtbot) == {qt_s("Discard"), qt_s("Cancel")}
    assert another_language_buttons(qtbot) == {qt_s("OK"), qt_s("Cancel")}
    assert qt_s("Cancel") not in ("", "Cancel")


def test_back_in_english_qt_s_words_are_english_again(
    qtbot: QtBot, in_language: Callable[[str], None]
) -> None:
    in_language("so")
    in_language("en")
    assert leave_without_saving_buttons(qtbot) == {"Discard", "Cancel"}


@pytest.mark.parametrize("box", [QLineEdit, QPlainTextEdit])
def test_a_text_box_s_right_click_menu_in_somali_has_no_english(
    qtbot: QtBot, in_language: Callable[[str], None], box: type[QWidget]
) -> None:
    in_language("so")
    text_box = box()
    qtbot.addWidget(text_box)
    menu = text_box.createStandardContextMenu()  # type: ignore[attr-defined]
    assert isinstance(menu, QMenu)
    words = [plain(action.text()) for action in menu.actions() if not action.isSeparator()]
    menu.deleteLater()
    assert len(words) == len(ENGLISH_MENU)
    assert all(words)
    assert ENGLISH_MENU.isdisjoint(words)
    assert _("Undo") in words and pgettext("a text box's right-click menu", "Paste") in words


def test_a_shortcut_letter_stays_a_shortcut_letter(in_language: Callable[[str], None]) -> None:
    in_language("so")
    yes = pgettext("button", "Yes")
    assert qt_words.app_words("QPlatformTheme", "&Yes") == "&" + yes
    assert qt_words.app_words("QPlatformTheme", "Cancel") == _("Cancel")
    assert qt_words.app_words("QPlatformTheme", "Restore Defaults") is None  # Qt's English
    down = pgettext("a number or date box's right-click menu", "Step down")
    assert qt_words.app_words("QAbstractSpinBox", "Step &down") == "&" + down


def test_the_app_shows_only_standard_buttons_that_have_the_app_s_words() -> None:
    """A new standard button (Apply, Help...) needs its words in qt_words.py first, or
    Somali, Greek and Romanian mentors would read it in English."""
    used = {
        name
        for source in GUI.glob("*.py")
        for name in re.findall(r"StandardButton\.(\w+)", source.read_text(encoding="utf-8"))
    }
    assert used - {"NoButton"} <= qt_words.COVERED_BUTTONS


def test_slovak_buttons_qt_s_slovak_lacks_take_the_app_s_words(
    qtbot: QtBot, in_language: Callable[[str], None]
) -> None:
    """Qt ships a Slovak translation, but without its standard buttons."""
    in_language("sk")
    words = {pgettext("button", "Discard"), _("Cancel")}
    assert words.isdisjoint({"Discard", "Cancel"})
    assert leave_without_saving_buttons(qtbot) == words
