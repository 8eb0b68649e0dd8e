"""School words: the glossary page and its search, Ctrl+K finding a school word, the
organisation's own words added in Settings, and the page printed for a family in their
language (English school word beside the translated one, no family data)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from pathlib import Path

import pytest
from helpers.planted import PLANTED_STRINGS, planted_family
from PySide6.QtCore import Qt
from PySide6.QtGui import QTextDocument
from PySide6.QtWidgets import QApplication, QComboBox, QLabel, QPushButton
from pytestqt.qtbot import QtBot
from test_gui_flow import create_first_profile, settle, unlock

from parentrus_desktop import i18n
from parentrus_desktop.gui.family_page import FamilyPage
from parentrus_desktop.gui.glossary import GlossaryPage, glossary_html
from parentrus_desktop.gui.search import SCHOOL_WORD
from parentrus_desktop.gui.window import MentorWindow
from parentrus_desktop.gui.workspace import Workspace
from parentrus_desktop.school_words import SCHOOL_WORDS
from parentrus_desktop.store.own_school_words import FILE_NAME

MakeWindow = Callable[..., MentorWindow]
ARABIC_PARENTS_EVENING = "أمسية أولياء الأمور"
ARABIC_PARENTS_EVENING_MEANS = "لقاء قصير مع معلم طفلكم، غالبًا بعد المدرسة."


@pytest.fixture
def workspace(qtbot: QtBot, make_window: MakeWindow) -> Workspace:
    return create_first_profile(qtbot, make_window())


def listed(page: GlossaryPage) -> list[str]:
    return [page.list.item(row).text() for row in range(page.list.count())]


def test_the_glossary_page_is_in_the_navigation_and_its_search_finds_words(
    qtbot: QtBot, workspace: Workspace
) -> None:
    nav = workspace.findChild(QPushButton, "nav-glossary")
    assert nav is not None and nav.text() == "School words"
    nav.click()
    page = workspace.glossary_page
    assert workspace.pages.currentWidget() is page
    assert len(listed(page)) == len(SCHOOL_WORDS) >= 40
    qtbot.keyClicks(page.search, "senco")
    assert listed(page) == ["SENCO"]
    assert "organises extra help" in page.entry_explanation.text()
    page.search.clear()
    qtbot.keyClicks(page.search, "no such word here")
    assert listed(page) == []
    assert page.entry_word.text() == "No school word matches."


def test_ctrl_k_finds_a_school_word_and_opens_it_in_the_glossary(
    qtbot: QtBot, workspace: Workspace
) -> None:
    family = planted_family()
    workspace.records.profile.save(family)
    settle(qtbot)
    dialog = workspace.open_search()
    qtbot.keyClicks(dialog.query, "phonics")
    texts = [dialog.results.item(r).text() for r in range(dialog.results.count())]
    assert texts == ["School words", "Phonics"]
    heading = dialog.results.item(0)
    assert not heading.flags() & Qt.ItemFlag.ItemIsEnabled  # a group's heading, not a result
    # Enter opens the first result: the word, not the heading.
    qtbot.keyClick(dialog.query, Qt.Key.Key_Return)
    settle(qtbot)
    page = workspace.glossary_page
    assert workspace.pages.currentWidget() is page
    current = page.list.currentItem()
    assert current is not None and current.text() == "Phonics"
    assert "learn to read" in page.entry_explanation.text()
    # Records come first, the school words after them.
    dialog = workspace.open_search()
    qtbot.keyClicks(dialog.query, family.code)
    assert dialog.results.item(0).data(SCHOOL_WORD) is None
    assert dialog.results.count() >= 1
    dialog.reject()


def test_an_organisations_own_word_is_saved_survives_a_restart_and_is_found(
    qtbot: QtBot, make_window: MakeWindow, data_dir: Path
) -> None:
    window = make_window()
    workspace = create_first_profile(qtbot, window)
    workspace.records.profile.save(planted_family())
    settle(qtbot)
    section = workspace.settings_page.school_words
    section.add_button.click()
    assert section.problem.isVisible() or section.problem.text()
    assert section.problem.text() == "Type the word and what it means."
    qtbot.keyClicks(section.word, "Schoolarts")
    qtbot.keyClicks(section.explanation, "De dokter van de school, voor alle kinderen.")
    section.add_button.click()
    assert section.list.count() == 1 and not section.problem.isVisible()
    # The glossary shows it at once, as typed.
    assert "Schoolarts" in listed(workspace.glossary_page)
    window.lock()
    window.close()
    settle(qtbot)
    again = make_window()
    unlock(qtbot, again)
    workspace = again.current_screen
    assert isinstance(workspace, Workspace)
    assert "Schoolarts" in listed(workspace.glossary_page)
    assert workspace.settings_page.school_words.list.count() == 1
    dialog = workspace.open_search()
    qtbot.keyClicks(dialog.query, "schoolarts")
    found = [dialog.results.item(r) for r in range(dialog.results.count())]
    assert [item.text() for item in found] == ["School words", "Schoolarts"]
    assert found[1].data(SCHOOL_WORD) == "own:Schoolarts"
    dialog.reject()
    # The file beside the settings holds the organisation's words and nothing of a family.
    saved = (data_dir / FILE_NAME).read_bytes()
    assert b"Schoolarts" in saved
    for planted in (*PLANTED_STRINGS, "K7Q-4M"):
        assert planted.encode() not in saved, planted
    # Adding it twice says so.
    section = workspace.settings_page.school_words
    qtbot.keyClicks(section.word, "SCHOOLARTS")
    qtbot.keyClicks(section.explanation, "Again")
    assert not section.add()
    assert section.problem.text() == "That word is in the list already."


def test_the_school_words_print_in_the_familys_arabic_beside_the_english(
    qtbot: QtBot, workspace: Workspace, tmp_path: Path
) -> None:
    family = planted_family()  # speaks Arabic, then English
    workspace.records.profile.save(family)
    settle(qtbot)
    workspace.open_family(family.id)
    page = workspace.family_page
    assert isinstance(page, FamilyPage)
    button = page.findChild(QPushButton, "print-school-words")
    assert button is not None and button.text() == "Print school words"
    button.click()
    settle(qtbot)
    dialog = workspace._dialogs[-1]
    text = dialog.view.toPlainText()  # type: ignore[attr-defined]
    assert "كلمات المدرسة" in text  # the title, in Arabic
    assert "Parents' evening" in text and ARABIC_PARENTS_EVENING in text
    assert ARABIC_PARENTS_EVENING_MEANS in text
    assert "A short meeting with your child's teacher" not in text
    for word in SCHOOL_WORDS:
        assert word.english in text, word.english
    for planted in (*PLANTED_STRINGS, family.code):
        assert planted not in text, planted
    option = dialog.view.document().defaultTextOption()  # type: ignore[attr-defined]
    assert option.textDirection() is Qt.LayoutDirection.RightToLeft
    assert dialog.windowTitle() == "School words"  # type: ignore[attr-defined]
    assert i18n.current_language() == "en"
    pdf = tmp_path / "school-words.pdf"
    dialog.view.print_to_pdf(str(pdf))  # type: ignore[attr-defined]
    assert pdf.read_bytes().startswith(b"%PDF")
    dialog.reject()  # type: ignore[attr-defined]


def test_the_glossary_page_prints_the_ticked_words_in_the_chosen_language(
    qtbot: QtBot, workspace: Workspace
) -> None:
    workspace.show_page(workspace.glossary_page)
    page = workspace.glossary_page
    for row in range(page.list.count()):
        item = page.list.item(row)
        if item.text() in ("Parents' evening", "Uniform"):
            item.setCheckState(Qt.CheckState.Checked)
    assert page.ticked() == ["word:Parents' evening", "word:Uniform"]
    page.language.setCurrentIndex(page.language.findData("ar"))
    page.print_button.click()
    settle(qtbot)
    dialog = workspace._dialogs[-1]
    text = dialog.view.toPlainText()  # type: ignore[attr-defined]
    assert ARABIC_PARENTS_EVENING in text and "Uniform" in text and "الزي المدرسي" in text
    assert "Phonics" not in text
    dialog.reject()
    # In English, nothing ticked: every word, each once.
    for row in range(page.list.count()):
        page.list.item(row).setCheckState(Qt.CheckState.Unchecked)
    page.language.setCurrentIndex(page.language.findData("en"))
    page.print_button.click()
    settle(qtbot)
    dialog = workspace._dialogs[-1]
    text = dialog.view.toPlainText()  # type: ignore[attr-defined]
    assert text.startswith("School words")
    assert all(word.english in text for word in SCHOOL_WORDS)
    option = dialog.view.document().defaultTextOption()  # type: ignore[attr-defined]
    assert option.textDirection() is Qt.LayoutDirection.LeftToRight
    dialog.reject()


def test_the_school_words_for_a_family_whose_language_the_app_lacks_say_so(
    qtbot: QtBot, workspace: Workspace
) -> None:
    """A family speaking only Tigrinya (no words in the app yet; Somali was the example
    until its catalog shipped): the page says so, starts in the mentor's language, and the
    mentor can choose another (as the handout does)."""
    family = replace(planted_family(), languages=("ti",))
    workspace.records.profile.save(family)
    dialog = workspace.print_school_words(family)
    settle(qtbot)
    (said,) = [
        label
        for label in dialog.findChildren(QLabel)
        if label.objectName() == "school-words-no-language"
    ]
    assert said.text().startswith("The app has no words in") and "ትግርኛ" in said.text()
    assert dialog.view.toPlainText().startswith("School words")  # type: ignore[attr-defined]
    chooser = dialog.findChild(QComboBox, "school-words-language")
    assert isinstance(chooser, QComboBox) and chooser.currentData() == "en"
    chooser.setCurrentIndex(chooser.findData("ar"))
    text = dialog.view.toPlainText()  # type: ignore[attr-defined]
    assert ARABIC_PARENTS_EVENING in text and "Parents' evening" in text
    option = dialog.view.document().defaultTextOption()  # type: ignore[attr-defined]
    assert option.textDirection() is Qt.LayoutDirection.RightToLeft
    dialog.reject()


@pytest.mark.parametrize("language", ["ar", "fa", "en"])
def test_the_printed_words_columns_run_in_the_languages_reading_order(
    qapp: QApplication, language: str
) -> None:
    """Qt lays a table's columns out left to right whatever the page's direction: on an
    Arabic or Persian page the school's word must come first from the right, then its
    meaning, as the page is read."""
    html, _right_to_left = glossary_html([language], [])
    document = QTextDocument()
    document.setHtml(html)
    document.setTextWidth(600)
    with i18n.speaking([language]):
        word, meaning = i18n._("At school they say"), i18n._("What it means")
    layout = document.documentLayout()
    x_word = layout.blockBoundingRect(document.find(word).block()).x()
    x_meaning = layout.blockBoundingRect(document.find(meaning).block()).x()
    if language == "en":
        assert x_word < x_meaning
    else:
        assert x_word > x_meaning
