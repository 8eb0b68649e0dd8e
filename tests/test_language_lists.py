"""Language lists: each language in its own script and in the mentor's language, the
languages families speak, and the report's language cells in step with them."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from parentrus_sync.cells import LANGUAGE_CELLS

from parentrus_desktop import i18n
from parentrus_desktop.domain.validation import language_tags
from parentrus_desktop.labels import COMMON_LANGUAGES
from parentrus_desktop.language_names import both_names, find_language
from parentrus_desktop.privacy.report import _known_languages


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


def test_the_report_s_language_cells_are_the_lists_first_languages() -> None:
    """The report's cells are on the wire (a new cell needs a new report format): the list
    starts with exactly them, and every other language in it counts as "other"."""
    assert COMMON_LANGUAGES[: len(LANGUAGE_CELLS)] == LANGUAGE_CELLS
    beyond = COMMON_LANGUAGES[len(LANGUAGE_CELLS) :]
    assert _known_languages(beyond) == (["other"] if beyond else [])


def test_a_language_typed_by_name_is_found_in_any_language() -> None:
    assert find_language("Tamil") == "ta"
    assert find_language(" tamil ") == "ta"
    assert find_language("தமிழ்") == "ta"  # in itself
    assert find_language("Romani") == "rom"
    assert find_language("Qwertyish") is None


def test_a_language_typed_in_arabic_is_found(in_arabic: None) -> None:
    assert find_language("التاميلية") == "ta"
