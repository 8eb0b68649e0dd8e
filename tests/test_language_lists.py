"""Language lists: each language in its own script and in the mentor's language, the
languages families speak, and the report's language cells in step with them."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from parentrus_sync.cells import LANGUAGE_CELLS

from parentrus_desktop import i18n
from parentrus_desktop.domain.validation import language_tags
from parentrus_desktop.labels import COMMON_LANGUAGES
from parentrus_desktop.language_names import ANOTHER_LANGUAGE, both_names, find_language
from parentrus_desktop.privacy.report import _known_languages
from parentrus_desktop.report_words import cell_label


@pytest.fixture
def in_arabic() -> Iterator[None]:
    i18n.set_language("ar")
    try:
        yield
    finally:
        i18n.set_language("en")


def test_a_language_is_named_in_its_own_script_and_in_the_mentor_s() -> None:
    assert both_names("bn") == "বাংলা — Bangla"
    assert both_names("rom") == "romani čhib — Romany"  # CLDR has no Romani locale
    assert both_names("en") == "English"  # once when the two are the same


def test_an_arabic_speaking_mentor_reads_the_names_in_arabic(in_arabic: None) -> None:
    assert both_names("bn") == "বাংলা — البنغالية"
    assert both_names("ar") == "العربية"


def test_families_languages_include_those_the_programme_meets() -> None:
    wanted = {"rom", "ku", "ti", "ps", "bn", "ur", "pa", "sq", "ru", "it", "fr"}
    app_languages = {"nl", "hu", "ro", "sk", "bg", "el", "es", "pl", "uk", "tr", "so", "fa"}
    assert wanted | app_languages <= set(COMMON_LANGUAGES)
    assert language_tags(COMMON_LANGUAGES, "languages") == COMMON_LANGUAGES  # all valid tags


def test_the_report_s_language_cells_are_the_list_s_languages() -> None:
    """The report's cells are on the wire (a new cell needs a new report format): the two
    lists are one, so a school sees every language a family can choose; a language the
    mentor types ("another language"), or any other tag, counts as "other"."""
    assert COMMON_LANGUAGES == LANGUAGE_CELLS
    assert _known_languages(["rom", "hu", "el"]) == ["rom", "hu", "el"]
    assert _known_languages([ANOTHER_LANGUAGE, "ta", "rom", "mis"]) == ["other", "rom"]


def test_the_report_s_languages_are_named_in_the_mentor_s_language(in_arabic: None) -> None:
    """What the school sees names each cell; CLDR has no Romani locale, but names it."""
    assert cell_label("languages_at_intake", "rom") == "الغجرية"
    i18n.set_language("en")
    assert cell_label("sessions_by_language", "rom") == "Romany"
    assert cell_label("sessions_by_language", "el") == "Greek"
    assert cell_label("sessions_by_language", "other") == "Other languages"


def test_a_language_typed_by_name_is_found_in_any_language() -> None:
    assert find_language("Tamil") == "ta"
    assert find_language(" tamil ") == "ta"
    assert find_language("தமிழ்") == "ta"  # in itself
    assert find_language("Romani") == "rom"
    assert find_language("Qwertyish") is None


def test_a_language_typed_in_arabic_is_found(in_arabic: None) -> None:
    assert find_language("التاميلية") == "ta"
