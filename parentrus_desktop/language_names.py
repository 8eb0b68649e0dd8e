"""Languages' names for lists: each in its own script and in the mentor's language
("বাংলা — Bangla"), and a name a mentor types turned back into a language tag.

The names of the languages the app lists, in themselves and in each language the app
speaks, are read from a small file made from babel's CLDR data before the app is built
(``resources/language_names.json``, written by ``tools/language_names.py`` and
committed): babel loads a locale's whole data (a pickle, merged with its parents') to name
one language, and the first-run screen names every language in itself before its first
paint (issue 15). babel is asked only for a language or a mentor's language the file
does not hold."""

from __future__ import annotations

import json
from functools import cache
from importlib.resources import files
from typing import TypedDict

from babel import Locale, UnknownLocaleError

from parentrus_desktop import resources
from parentrus_desktop.i18n import _, babel_locale, current_language
from parentrus_desktop.resources import LANGUAGE_NAMES

#: A language none of whose tags the app knows: "another language" (BCP 47's "mis").
ANOTHER_LANGUAGE = "mis"
#: Their own names for languages CLDR has no locale for (babel knows their names in
#: other languages, "Romany", "الغجرية", but not in themselves).
OWN_NAMES = {"rom": "romani čhib"}
#: Where CLDR's name is wrong: (language named, language naming it) -> the name. CLDR's
#: Somali names Bangla "Bangladesh", the country.
CLDR_MISNAMES = {("bn", "so"): "Bangaali", ("rom", "so"): "Romaani", ("tr", "so"): "Turki"}
#: Names people use that CLDR gives otherwise ("Romany", "Bangla", "Persian").
#: Varieties a family names that the report counts with a language it has a cell for:
#: Dari with Persian, Sorani and Kurmanji with Kurdish; Romani as Hungarian ("cigány",
#: "lovári") and Persian ("رومانی") speakers call it.
ALSO_CALLED = {
    "romani": "rom",
    "roma": "rom",
    "cigány": "rom",
    "lovári": "rom",
    "رومانی": "rom",
    "bengali": "bn",
    "farsi": "fa",
    "dari": "fa",
    "دری": "fa",
    "sorani": "ku",
    "soranî": "ku",
    "سۆرانی": "ku",
    "kurmanji": "ku",
    "kurmancî": "ku",
}


def own_name(tag: str) -> str:
    """The language's name in itself ("বাংলা"), or in the mentor's language if the app
    does not know it."""
    if tag in OWN_NAMES:
        return OWN_NAMES[tag]
    known = _made_at_build()["own"].get(tag)
    if known is None:  # not in the file: a language typed by name, as CLDR has it
        known = own_name_in_cldr(tag)
    return known if known is not None else name_in_mentor_s_language(tag)


def name_in_mentor_s_language(tag: str) -> str:
    """The language's name in the current language ("Somali", "الصومالية")."""
    if tag == ANOTHER_LANGUAGE:
        return _("Another language")
    known = _made_at_build()["named_in"].get(current_language(), {}).get(tag)
    return known if known is not None else name_in_cldr(tag, babel_locale())


def own_name_in_cldr(tag: str) -> str | None:
    """The language's name in itself from CLDR; None when CLDR has no locale for it."""
    try:
        name = Locale.parse(tag.replace("-", "_")).get_display_name(tag.replace("-", "_"))
    except (UnknownLocaleError, ValueError):
        return None
    return _capitalised(name or tag)


def name_in_cldr(tag: str, locale: str) -> str:
    """The language's name in a locale (babel's name for it: ``i18n.locale_of``) from CLDR."""
    here = Locale.parse(locale)
    if (tag, here.language) in CLDR_MISNAMES:
        return CLDR_MISNAMES[(tag, here.language)]
    try:
        name = Locale.parse(tag.replace("-", "_")).get_display_name(here)
    except (UnknownLocaleError, ValueError):
        name = here.languages.get(tag.split("-")[0])
    if not name and here.language != "en":  # a name CLDR lacks in this language: English's
        return name_in_cldr(tag, "en")
    return _capitalised(name) if name else tag


class NamesFile(TypedDict):
    """resources/language_names.json: CLDR's words, kept in step with babel by
    tests/test_language_names_file.py."""

    #: {tag: the language's name in itself} (no entry where CLDR has no locale for it)
    own: dict[str, str]
    #: {a language the app may speak: {tag: the language's name in it}}
    named_in: dict[str, dict[str, str]]


@cache
def _made_at_build() -> NamesFile:
    """The file, read once (about 20 KB)."""
    text = files(resources).joinpath(LANGUAGE_NAMES).read_text(encoding="utf-8")
    names: NamesFile = json.loads(text)
    return names


def both_names(tag: str) -> str:
    """A language as its speakers write it and as the mentor reads it ("বাংলা — Bangla"),
    once when the two are the same."""
    own, mentor_s = own_name(tag), name_in_mentor_s_language(tag)
    return own if own.casefold() == mentor_s.casefold() else f"{own} — {mentor_s}"


def find_language(typed: str) -> str | None:
    """The tag of a language a mentor typed by name ("Tamil", "தமிழ்", "التاميلية"), in
    English, in the mentor's language or in itself; None if no language has that name."""
    wanted = " ".join(typed.split()).casefold()
    if not wanted:
        return None
    for tag, own in OWN_NAMES.items():
        if own.casefold() == wanted:
            return tag
    if wanted in ALSO_CALLED:
        return ALSO_CALLED[wanted]
    for locale in (babel_locale(), "en"):
        names: dict[str, str] = dict(Locale.parse(locale).languages)
        for code, name in names.items():
            if "_" not in code and name.casefold() == wanted and 2 <= len(code) <= 3:
                return code
    for code in list(Locale("en").languages):  # in itself: "தமிழ்"
        if "_" in code or not 2 <= len(code) <= 3:
            continue
        try:
            itself = Locale.parse(code).get_display_name(code)
        except (UnknownLocaleError, ValueError):
            continue
        if itself and itself.casefold() == wanted:
            return str(code)
    return None


def _capitalised(name: str) -> str:
    return name[:1].upper() + name[1:]
