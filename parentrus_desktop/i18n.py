"""Translations: one gettext catalog for the whole app, switchable while it runs.

Rules (from the translation guide in i18n/README.md): never build a message with an
f-string or ``%`` inside ``_()``; use named placeholders and ``.format`` after
translating; never translate an empty string.
"""

from __future__ import annotations

import gettext
from datetime import date
from pathlib import Path

from babel import Locale, UnknownLocaleError
from babel.dates import format_date
from babel.numbers import format_decimal

DOMAIN = "parentrus"
#: The catalogs live in the top-level i18n/ folder (packaging copies it beside the code).
CATALOG_DIR = Path(__file__).resolve().parent.parent / "i18n"
SOURCE_LANGUAGE = "en"

_current: gettext.NullTranslations = gettext.NullTranslations()
_language = SOURCE_LANGUAGE


def set_language(tag: str) -> bool:
    """Switch every later ``_()`` to this language. Returns False (and falls back to
    English) when there is no catalog for it, so an unknown language never stops the app."""
    global _current, _language
    if tag == SOURCE_LANGUAGE:
        _current, _language = gettext.NullTranslations(), tag
        return True
    try:
        _current = gettext.translation(DOMAIN, CATALOG_DIR, languages=[tag])
    except OSError:
        _current, _language = gettext.NullTranslations(), SOURCE_LANGUAGE
        return False
    _language = tag
    return True


def current_language() -> str:
    return _language


def _(message: str) -> str:
    """The message in the current language."""
    return _current.gettext(message) if message else message


def ngettext(singular: str, plural: str, count: int) -> str:
    return _current.ngettext(singular, plural, count)


def format_day(day: date, style: str = "medium") -> str:
    """A date the way people write it in the current language (babel's CLDR data)."""
    return format_date(day, format=style, locale=babel_locale())


def format_day_and_weekday(day: date) -> str:
    return format_date(day, format="EEEE d MMMM", locale=babel_locale())


def format_number(value: float, pattern: str | None = None) -> str:
    """A number the way the current language writes it (decimal mark, digits)."""
    return format_decimal(value, format=pattern, locale=babel_locale())


def babel_locale() -> str:
    """The current language as babel names its locale (English if babel has none)."""
    try:
        return str(Locale.parse(_language.replace("-", "_")))
    except (UnknownLocaleError, ValueError):
        return SOURCE_LANGUAGE
