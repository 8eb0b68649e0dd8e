"""Switching the app's language while it runs, including right-to-left layout."""

from __future__ import annotations

import re
from pathlib import Path

from babel.dates import get_date_format, get_time_format
from PySide6.QtCore import QLibraryInfo, QLocale, Qt, QTranslator
from PySide6.QtWidgets import QApplication

from parentrus_desktop import i18n
from parentrus_desktop.gui.qt_words import AppWordsForQt
from parentrus_desktop.language_names import both_names, own_name

RIGHT_TO_LEFT = frozenset({"ar", "ur", "ps", "fa", "he", "ckb"})


def available_languages() -> list[tuple[str, str]]:
    """(tag, the language's name in itself) for English and every language with a catalog."""
    tags = (
        [
            "en",
            *sorted(
                p.name
                for p in i18n.CATALOG_DIR.iterdir()
                if (p / "LC_MESSAGES" / f"{i18n.DOMAIN}.mo").is_file()
            ),
        ]
        if i18n.CATALOG_DIR.is_dir()
        else ["en"]
    )
    return [(tag, both_names(tag)) for tag in tags]


def native_name(tag: str) -> str:
    """The language's name in itself ("Soomaali"; "romani čhib", which CLDR lacks)."""
    return own_name(tag)


def apply_language(tag: str) -> str:
    """Use this language from now on; returns the language actually in use (English when
    there is no catalog for the one asked for, so an unknown language never stops the app)."""
    if not i18n.set_language(tag):
        tag = i18n.SOURCE_LANGUAGE
    QLocale.setDefault(QLocale(i18n.qt_locale_of(tag)))
    app = QApplication.instance()
    if isinstance(app, QApplication):
        _use_qt_translation(app, tag)
        app.setLayoutDirection(
            Qt.LayoutDirection.RightToLeft
            if is_right_to_left(tag)
            else Qt.LayoutDirection.LeftToRight
        )
    return tag


#: The translators installed for Qt's own words (the app's, then Qt's on top).
_qt_translators: list[QTranslator] = []


def _use_qt_translation(app: QApplication, tag: str) -> None:
    """Qt's own words (OK, Cancel, a text box's right-click menu, the file dialog) in the
    same language, from the translations that ship with Qt; where Qt has none for the
    language (Somali, Greek, Romanian), or its translation lacks a word (Qt's Slovak has
    no standard buttons), its buttons and right-click menus take the app's own words
    (gui/qt_words.py), so no button that throws changes away is in English."""
    while _qt_translators:
        old = _qt_translators.pop()
        app.removeTranslator(old)
        old.deleteLater()
    if tag == i18n.SOURCE_LANGUAGE:
        return
    # Qt asks the translator installed last first: Qt's own words win where it has them.
    ours = AppWordsForQt(app)
    app.installTranslator(ours)
    _qt_translators.append(ours)
    found = qt_translation_file(tag)
    if found is None:
        return
    translator = QTranslator(app)
    if translator.load(str(found)):
        app.installTranslator(translator)
        _qt_translators.append(translator)
    else:
        translator.deleteLater()


#: Where Qt has no translation of its own for a language but has one its speakers read:
#: Portuguese is Brazilian in Qt (qtbase_pt_BR); Norwegian Bokmål readers read Nynorsk.
NEAREST_QT_LANGUAGE = {"pt": "pt_BR", "nb": "nn", "no": "nn", "zh": "zh_CN"}


def qt_translation_file(tag: str) -> Path | None:
    """Qt's catalog of its own words for this language, or the nearest one (``pt`` ->
    ``pt_BR``, ``pt-PT`` -> ``pt_BR``, ``fa-AF`` -> ``fa``); None when Qt has none (Somali,
    Romanian, Greek in Qt 6.11): Qt's buttons then take the app's words (gui/qt_words.py)."""
    folder = Path(QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath))
    full = tag.replace("-", "_")
    base = full.split("_")[0]
    ui = [name.replace("-", "_") for name in QLocale(full).uiLanguages()]
    for candidate in dict.fromkeys([full, *ui, base, NEAREST_QT_LANGUAGE.get(base, base)]):
        path = folder / f"qtbase_{candidate}.qm"
        if path.is_file():
            return path
    return None


def is_right_to_left(tag: str) -> bool:
    return tag.split("-")[0] in RIGHT_TO_LEFT


def date_format() -> str:
    """The display format for a date box: the current language's medium date ("3 Nov
    2026" in British English), as the pages write it, in Qt's pattern letters. Where the
    boxes follow another locale than the pages (Persian: i18n.QT_LOCALES), the language's
    short date, in numbers only (2026/11/3), so the box names no month in another language."""
    language = i18n.current_language()
    follow = _boxes_follow_the_pages(language)
    found = get_date_format("medium" if follow else "short", locale=i18n.babel_locale())
    pattern = qt_pattern(found.pattern)
    return pattern if follow else _as_qt_reverses(pattern)


def time_format() -> str:
    """The display format for a time box, as the pages write a time ("14:30"). In every
    right-to-left language Qt writes the box's fields in reverse order while the digits
    and the colon read left to right: an Arabic box showed 14:05 as "م 05:2" until the
    pattern was handed over reversed too (as for Persian)."""
    return _as_qt_reverses(qt_pattern(get_time_format("short", locale=i18n.babel_locale()).pattern))


def _boxes_follow_the_pages(language: str) -> bool:
    return i18n.qt_locale_of(language) == i18n.locale_of(language)


def _as_qt_reverses(pattern: str) -> str:
    """A digits-only date or time pattern, its fields in reverse order, for a right-to-left
    language whose boxes take another locale's digits (Persian). Qt writes the fields of a
    right-to-left box in reverse order, but digits and the marks between them read left to
    right, so a Persian time box showed 14:05 as "05:14", and a date the other way round
    from its page: reversed here, Qt's reversal puts them back ("14:05", "2026/11/3")."""
    if not is_right_to_left(i18n.current_language()):
        return pattern
    # Qt's "Ap" (AM/PM) is one field of two letters.
    fields = r"'(?:[^']|'')*'|[Aa][Pp]|([A-Za-z])\1*|[^A-Za-z']+"
    tokens = [t.group(0) for t in re.finditer(fields, pattern)]
    return "".join(reversed(tokens))


#: CLDR's pattern letters (by letter, then length) as Qt's date-time format writes them;
#: a letter Qt has no field for (era, time zone) is left out.
_QT_FIELDS = {
    "d": {1: "d", 2: "dd"},
    "M": {1: "M", 2: "MM", 3: "MMM", 4: "MMMM"},
    "L": {1: "M", 2: "MM", 3: "MMM", 4: "MMMM"},
    "y": {1: "yyyy", 2: "yy", 3: "yyyy", 4: "yyyy"},
    "E": {1: "ddd", 2: "ddd", 3: "ddd", 4: "dddd"},
    "c": {3: "ddd", 4: "dddd"},
    "H": {1: "H", 2: "HH"},
    "h": {1: "h", 2: "hh"},
    "m": {1: "m", 2: "mm"},
    "s": {1: "s", 2: "ss"},
    "a": {1: "Ap", 2: "Ap", 3: "Ap"},
}


def qt_pattern(cldr: str) -> str:
    """A CLDR date or time pattern (babel's) in Qt's format letters. Quoted text stays
    quoted (both write it '...'); letters Qt has no field for are dropped, and so are
    the marks that order a date right to left on a page (Qt's boxes order their fields
    themselves: with the marks, a box showed the day where a page shows the year)."""
    out: list[str] = []
    for token in re.finditer(r"'(?:[^']|'')*'|([A-Za-z])\1*|[^A-Za-z']+", cldr):
        text, letter = token.group(0), token.group(1)
        if letter is None:
            out.append(text)
        elif letter in _QT_FIELDS:
            fields = _QT_FIELDS[letter]
            out.append(fields.get(len(text), fields[max(fields)]))
    return "".join(out).translate(_BIDI_MARKS).strip()


_BIDI_MARKS = dict.fromkeys(map(ord, "\u200e\u200f\u061c"))
