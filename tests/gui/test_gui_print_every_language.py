"""The pages handed to a family print in every language the app speaks (issue 16): the
handout is one A4 page in that language, with no family data, even with a long mentor's
name and two schools' limits; the school words print in that language beside the English.

The languages are the language chooser's (every compiled catalog), so a new language is
checked as soon as ``make i18n-compile`` has compiled it. One profile serves the module:
the pages only read it, and a new profile per language would make these tests slow."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import replace
from pathlib import Path

import pytest
from helpers.kdf_cache import FLOOR_SALT
from helpers.planted import PLANTED_STRINGS, planted_family
from helpers.printed_pdf import A4, ink
from helpers.values import PASSPHRASE, TODAY
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot
from test_gui_family_handout import pages_in, ready, text_pieces, text_sizes

from parentrus_desktop import i18n
from parentrus_desktop.domain import Family, School, new_record_id
from parentrus_desktop.domain.consent_words import consent_words
from parentrus_desktop.domain.vocabulary import ConsentScope
from parentrus_desktop.gui.background import wait_for_background_work
from parentrus_desktop.gui.family_handout import (
    SMALLEST_TYPE,
    HandoutDialog,
    HandoutFacts,
    one_page,
    pages_on_a4,
)
from parentrus_desktop.gui.glossary import FamilySchoolWordsDialog
from parentrus_desktop.gui.language import available_languages, is_right_to_left
from parentrus_desktop.gui.records import OpenRecords
from parentrus_desktop.gui.theme import apply_theme, theme_names
from parentrus_desktop.i18n import _, speaking
from parentrus_desktop.operations.reports import YearlyPrivacy
from parentrus_desktop.school_words import SCHOOL_WORDS, shown
from parentrus_desktop.store.profiles import create_profile
from parentrus_desktop.vault.kdf import KdfParameters

#: Every language the app can speak: English and each compiled catalog, as the language
#: chooser lists them.
LANGUAGES = [tag for tag, _name in available_languages()]
SOURCES = Path(__file__).resolve().parents[2] / "i18n"
SCHOOL_NAME = "Riverside Primary"
#: The longest page: a long mentor's name (three lines of its own), the code, and two
#: schools with different limits (as in test_gui_family_handout).
LONGEST = HandoutFacts(
    "Oluwaseun Adebayo-Williams Fitzgerald-Kowalska, family learning mentor for "
    "the Riverside, Hillside and Brookfield schools' partnership, with the Oakfield "
    "Community Centre and the Saint Bartholomew's parents' forum",
    (
        YearlyPrivacy("2026/27", 10.0, 1e-6, 0.0),
        YearlyPrivacy("2026/27", 4.0, 1e-6, 0.0),
    ),
)


def direction(language: str) -> Qt.LayoutDirection:
    return (
        Qt.LayoutDirection.RightToLeft
        if is_right_to_left(language)
        else Qt.LayoutDirection.LeftToRight
    )


def in_language(language: str, english: str) -> str:
    """The catalog's words for this English (the English itself in English); a
    translation left as the English would not show the page is in the language."""
    with speaking([language]):
        said = _(english)
    assert language == "en" or said != english, (language, english)
    return said


@pytest.fixture(scope="module")
def records(
    qapp: QApplication, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[tuple[OpenRecords, Family]]:
    """One profile ("Hodan") with a family at a school, for every language's handout."""
    profile, _key = create_profile(
        tmp_path_factory.mktemp("handouts") / "data",
        "Hodan",
        PASSPHRASE,
        kdf=KdfParameters(salt=FLOOR_SALT),
    )
    school = School(id=new_record_id(), name=SCHOOL_NAME)
    family = planted_family("K7Q-4M")
    family = replace(family, children=(replace(family.children[0], school_id=school.id),))
    profile.save(school, family)
    opened = OpenRecords(profile, privacy=False)
    yield opened, family
    wait_for_background_work()
    profile.lock()
    opened.deleteLater()


@pytest.fixture
def themed(qapp: QApplication) -> Iterator[Callable[[str], None]]:
    """Switches the whole app to a look; afterwards, the look other tests run in."""
    sheet, palette = qapp.styleSheet(), qapp.palette()
    yield apply_theme
    qapp.setStyleSheet(sheet)
    qapp.setPalette(palette)


def test_every_translators_catalog_is_among_the_languages_printed() -> None:
    """The pages below are checked in each compiled catalog: one not compiled would be
    left out without a word (``make i18n-compile`` compiles them all)."""
    written = {p.name for p in SOURCES.iterdir() if (p / "LC_MESSAGES").is_dir()}
    assert written <= set(LANGUAGES), "run: make i18n-compile"
    assert "en" in LANGUAGES and len(LANGUAGES) > 2


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_handout_prints_on_one_a4_page_in_each_language_with_no_family_data(
    qtbot: QtBot,
    records: tuple[OpenRecords, Family],
    tmp_path: Path,
    language: str,
) -> None:
    opened, family = records
    # The family speaks this language first: the page starts in it.
    speaks = replace(family, languages=(language, "en"))
    dialog = HandoutDialog(opened, speaks, TODAY)
    qtbot.addWidget(dialog)
    ready(qtbot, dialog)
    assert dialog.language == language and dialog.language_box.currentData() == language
    assert i18n.current_language() == "en"  # the app stays in the mentor's language
    view = dialog.view
    assert view.document().defaultTextOption().textDirection() == direction(language)
    text = view.toPlainText()
    for said in (
        "Your mentor and your information",
        "What your mentor keeps, and where",
        "What the school sees",
        "Your rights",
        "Keep this page. If you have a question, ask your mentor.",
    ):
        assert in_language(language, said) in text, said
    for sentence in consent_words(ConsentScope.COUNTED).sentences[:2]:
        assert in_language(language, sentence) in text, sentence
    assert "Hodan" in text  # the mentor, as the profile names them
    # Large type, as printed: the headings stand out from the text under them (Arabic
    # headings printed smaller than the text when Qt sized them from the system's font).
    assert min(text_sizes(view.document())) >= SMALLEST_TYPE
    size = dict(text_pieces(view.document()))
    title = size[in_language(language, "Your mentor and your information")]
    heading = size[in_language(language, "Your rights")]
    body = size[in_language(language, "To have it all deleted, for good.")]
    assert title >= heading + 2 and heading >= body + 2 and body >= SMALLEST_TYPE, (
        title,
        heading,
        body,
    )
    # Nothing about the family, not even the code (the mentor did not tick it).
    for leak in (*PLANTED_STRINGS, family.code, SCHOOL_NAME):
        assert leak not in text and leak not in view.toHtml(), leak
    pdf = tmp_path / f"handout-{language}.pdf"
    assert dialog.print_to_pdf(str(pdf)) == 1
    assert pages_in(pdf) == 1
    assert A4.search(pdf.read_bytes())
    dialog.reject()


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_longest_handout_still_fits_one_a4_page_in_each_language(language: str) -> None:
    html, used = one_page(LONGEST, language, "WHQ-RU")
    assert used == language
    assert pages_on_a4(html, right_to_left_page=is_right_to_left(language)) == 1
    assert in_language(language, "Your rights") in html


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_school_words_print_in_each_language_beside_the_english(
    qtbot: QtBot, tmp_path: Path, language: str
) -> None:
    family = replace(planted_family(), languages=(language, "en"))
    dialog = FamilySchoolWordsDialog(family.languages, [])
    qtbot.addWidget(dialog)
    text = dialog.view.toPlainText()
    assert dialog.language.currentData() == language
    assert text.startswith(in_language(language, "School words"))
    assert in_language(language, "At school they say") in text
    with speaking([language]):
        expected = shown()
    assert len(expected) == len(SCHOOL_WORDS)
    for word in expected:
        # The word as the school says it (English), beside the word and what it means in
        # the family's language.
        assert word.school_says in text, word.school_says
        assert word.word in text and word.explanation in text, (word.word, word.explanation)
    if language != "en":
        # In the family's language, not the English explanation.
        english = {f"word:{w.english}": w.explanation for w in SCHOOL_WORDS}
        assert [w.key for w in expected if w.explanation == english[w.key]] == []
        assert [w.key for w in expected if english[w.key] in text] == []
    for leak in (*PLANTED_STRINGS, family.code):
        assert leak not in text, leak
    assert dialog.view.document().defaultTextOption().textDirection() == direction(language)
    assert dialog.windowTitle() == "School words"  # the mentor's language, no family
    pdf = tmp_path / f"school-words-{language}.pdf"
    dialog.view.print_to_pdf(str(pdf))
    assert pdf.read_bytes().startswith(b"%PDF") and pages_in(pdf) >= 1
    dialog.reject()


@pytest.mark.parametrize("look", [name for name in theme_names() if name != "light"])
def test_the_handout_prints_black_on_white_in_every_look(
    qtbot: QtBot,
    records: tuple[OpenRecords, Family],
    themed: Callable[[str], None],
    tmp_path: Path,
    look: str,
) -> None:
    """In the dark and high-contrast looks the text on screen is light: on paper it is
    black (white text printed a blank page)."""
    themed(look)
    opened, family = records
    dialog = HandoutDialog(opened, family, TODAY, language="en")
    qtbot.addWidget(dialog)
    ready(qtbot, dialog)
    pdf = tmp_path / f"handout-{look}.pdf"
    assert dialog.print_to_pdf(str(pdf)) == 1
    colours = ink(pdf)
    assert colours and all(max(colour) <= 0.3 for colour in colours), colours
    dialog.reject()
