"""Languages' names made at build time (resources/language_names.json, tools/language_names.py):
the file is what the tool writes from babel now, it covers every language the app lists
and speaks, and naming them loads no CLDR locale; a language it lacks still gets a name."""

from __future__ import annotations

import importlib.util
from collections.abc import Callable
from importlib.resources import files
from pathlib import Path
from types import ModuleType
from typing import Any

import babel.localedata
import pytest

from parentrus_desktop import i18n, resources
from parentrus_desktop.gui.language import available_languages
from parentrus_desktop.labels import COMMON_LANGUAGES
from parentrus_desktop.language_names import (
    ANOTHER_LANGUAGE,
    both_names,
    find_language,
    name_in_mentor_s_language,
    own_name,
)

ROOT = Path(__file__).resolve().parents[1]
#: The app's languages (those being translated too): each must have its names in the file.
APP_LANGUAGES = ("en", "ar", "es", "nl", "pl", "ro", "tr", "uk", "hu", "sk", "bg", "el", "so", "fa")


def _tool() -> ModuleType:
    spec = importlib.util.spec_from_file_location(
        "language_names_tool", ROOT / "tools" / "language_names.py"
    )
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.fixture
def no_cldr_locale(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Every CLDR locale's data babel is asked for from here on, cached or not (babel
    keeps what it loaded: another test may have loaded it already)."""
    asked: list[str] = []
    # Locale reads its data through one of these, depending on babel's version.
    for name in ("load", "get_locale_data"):
        original = getattr(babel.localedata, name, None)
        if original is not None:
            monkeypatch.setattr(babel.localedata, name, _counted(original, asked))
    return asked


def _counted(function: Callable[..., Any], asked: list[str]) -> Callable[..., Any]:
    def counted(name: str, *rest: Any) -> Any:
        asked.append(str(name))
        return function(name, *rest)

    return counted


def test_the_file_is_what_the_tool_writes_from_babel_now() -> None:
    """A new catalog, a new language in the lists or another babel changes it: run
    `.venv/bin/python tools/language_names.py` and commit the file."""
    shipped = files(resources).joinpath(resources.LANGUAGE_NAMES).read_text(encoding="utf-8")
    assert shipped == _tool().names_file(), "run tools/language_names.py and commit the file"


def test_it_names_every_listed_language_in_every_app_language() -> None:
    tags = _tool().languages()
    assert set(COMMON_LANGUAGES) | set(APP_LANGUAGES) <= set(tags)
    catalogs = {path.parts[-3] for path in (ROOT / "i18n").glob("*/LC_MESSAGES/*.po")}
    assert catalogs <= set(tags)


@pytest.mark.parametrize("language", APP_LANGUAGES)
def test_naming_the_languages_loads_no_cldr_locale(
    language: str, no_cldr_locale: list[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """The first-run screen's buttons and the families' language lists, in every app
    language (those still being translated too): read from the file, none of babel's
    locale files opened (each a pickle of up to ~0.5 MB, merged with its parents)."""
    monkeypatch.setattr("parentrus_desktop.language_names.current_language", lambda: language)
    for tag in {*COMMON_LANGUAGES, *APP_LANGUAGES, ANOTHER_LANGUAGE}:
        assert both_names(tag)
    available_languages()
    assert no_cldr_locale == []


def test_the_names_are_those_babel_gives() -> None:
    assert own_name("so") == "Soomaali"
    assert own_name("fa") == "فارسی"
    assert own_name("el") == "Ελληνικά"
    with i18n.speaking(["ar"]) as spoken:
        assert spoken == "ar"
        assert name_in_mentor_s_language("so") == "الصومالية"
        assert name_in_mentor_s_language("rom") == "الغجرية"  # CLDR has no Romani locale


def test_a_language_not_in_the_file_is_named_from_cldr(no_cldr_locale: list[str]) -> None:
    assert both_names("ta") == "தமிழ் — Tamil"
    assert both_names("pt-BR") == "Português (Brasil) — Portuguese (Brazil)"
    assert "ta" in no_cldr_locale


def test_in_a_language_not_in_the_file_the_names_come_from_cldr(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr("parentrus_desktop.language_names.current_language", lambda: "de")
    monkeypatch.setattr("parentrus_desktop.language_names.babel_locale", lambda: "de")
    assert both_names("so") == "Soomaali — Somali"
    assert name_in_mentor_s_language("ar") == "Arabisch"


def test_a_name_cldr_has_wrong_is_corrected() -> None:
    """CLDR's Somali calls Bangla "Bangladesh", the country: a Somali-speaking mentor
    choosing a family's languages must see the language."""
    with i18n.speaking(["so"]) as spoken:
        assert spoken == "so"
        assert name_in_mentor_s_language("bn") == "Bangaali"
        assert name_in_mentor_s_language("ur") != "Bangaali"


def test_somali_names_every_listed_language_in_somali() -> None:
    """CLDR's Somali lacks Romani and gives Turkish in English: both corrected."""
    with i18n.speaking(["so"]):
        assert name_in_mentor_s_language("rom") == "Romaani"
        assert name_in_mentor_s_language("tr") == "Turki"


@pytest.mark.parametrize(
    ("typed", "tag"),
    [
        ("Dari", "fa"),
        ("دری", "fa"),
        ("Sorani", "ku"),
        ("Kurmanji", "ku"),
        ("cigány", "rom"),
        ("Lovári", "rom"),
        ("رومانی", "rom"),
    ],
)
def test_a_variety_a_family_names_is_counted_with_its_language(typed: str, tag: str) -> None:
    """Typed as "another language", a variety the report has a cell for is that cell,
    not "other" (Dari with Persian, Sorani and Kurmanji with Kurdish)."""
    assert find_language(typed) == tag
