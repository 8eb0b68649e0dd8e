"""Translations: one gettext catalog for the whole app, switchable while it runs.

Rules (from the translation guide in i18n/README.md): never build a message with an
f-string or ``%`` inside ``_()``; use named placeholders and ``.format`` after
translating; never translate an empty string.
"""

from __future__ import annotations

import gettext
import re
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from datetime import date, datetime, time
from pathlib import Path

from babel import Locale, UnknownLocaleError
from babel.dates import format_date
from babel.dates import format_time as format_time_
from babel.numbers import format_decimal

from parentrus_desktop.resources import LOCALE, resource_dir

DOMAIN = "parentrus"
#: The compiled catalogs, package data (the .po sources stay in the top-level i18n/).
CATALOG_DIR: Path = resource_dir(LOCALE)
SOURCE_LANGUAGE = "en"
#: The locale whose dates and numbers a language follows, where that is not babel's
#: default for it. English is British: a UK and European programme writes "3 Nov 2026",
#: not babel's American "Nov 3, 2026". Arabic is Modern Standard Arabic with Western
#: digits (ar_001): babel writes Western digits on every page, a count in a message is
#: formatted by Python (Western), and family codes and phone numbers are typed that way,
#: so Qt's boxes must not switch to Arabic-Indic digits (ar_EG, Qt's default for "ar").
#: A new language whose Qt locale writes other digits needs a line here (a test says so).
LOCALES = {"en": "en_GB", "ar": "ar_001"}
#: The locale Qt's boxes (dates, times, numbers) follow, where it cannot be the pages'
#: locale. Persian pages write Western digits (babel's ``fa``, as for Arabic), but Qt has
#: no Persian locale with them (fa_IR and fa_AF write ۰-۹, and Qt ignores "-u-nu-latn"),
#: so a Persian box would show other digits than its page, and a family code or a phone
#: number typed in Western digits would look foreign beside them. Persian boxes take
#: British English's digits; a date box then writes the date in numbers, as Persian
#: writes it short (2026/11/3: see gui.language.date_format), so no English month name
#: shows in it.
QT_LOCALES = {"fa": "en_GB"}

_current: gettext.NullTranslations = gettext.NullTranslations()
_language = SOURCE_LANGUAGE
#: A page printed for a family speaks the family's language while the app keeps the
#: mentor's. A context variable, not the globals: a background thread formatting a status
#: line at the same moment keeps speaking the mentor's language.
_speaking: ContextVar[tuple[gettext.NullTranslations, str] | None] = ContextVar(
    "speaking", default=None
)


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
    spoken = _speaking.get()
    return spoken[1] if spoken else _language


def _translations() -> gettext.NullTranslations:
    spoken = _speaking.get()
    return spoken[0] if spoken else _current


def _(message: str) -> str:
    """The message in the current language."""
    return _translations().gettext(message) if message else message


def ngettext(singular: str, plural: str, count: int) -> str:
    return _translations().ngettext(singular, plural, count)


def pgettext(context: str, message: str) -> str:
    """The message in the current language, as meant in this context: one English word
    with two meanings ("Done" on a button, "Done" as a follow-up's state) is two messages
    for a translator (``msgctxt``)."""
    return _translations().pgettext(context, message) if message else message


def npgettext(context: str, singular: str, plural: str, count: int) -> str:
    return _translations().npgettext(context, singular, plural, count)


def NC_(context: str, message: str) -> tuple[str, str]:
    """Marks a message with its context where it is defined; ``pgettext(*marked)`` where
    it is shown (see labels.label)."""
    return (context, message)


def has_catalog(tag: str) -> bool:
    """Whether the app can speak this language (English always)."""
    return tag == SOURCE_LANGUAGE or gettext.find(DOMAIN, CATALOG_DIR, languages=[tag]) is not None


@contextmanager
def speaking(languages: Iterable[str]) -> Iterator[str]:
    """Inside the block, ``_()`` and the date and number formats use the first of these
    languages the app has words for (a family's languages, best first); with none, the
    mentor's language. Yields the language used, so a page can say when it is not the
    family's own."""
    chosen = next((tag for tag in languages if has_catalog(tag)), current_language())
    words: gettext.NullTranslations = (
        gettext.NullTranslations()
        if chosen == SOURCE_LANGUAGE
        else gettext.translation(DOMAIN, CATALOG_DIR, languages=[chosen])
    )
    token = _speaking.set((words, chosen))
    try:
        yield chosen
    finally:
        _speaking.reset(token)


def format_day(day: date, style: str = "medium") -> str:
    """A date the way people write it in the current language (babel's CLDR data)."""
    return format_date(day, format=style, locale=babel_locale())


def format_day_and_weekday(day: date) -> str:
    """ "Sunday 22 November", in the language's own order ("november 22., vasárnap",
    "domingo, 22 de noviembre"): CLDR's pattern for a day, month and weekday, with the
    weekday's full name (the pattern's own is short in some languages, "V", "niedz.")."""
    locale = Locale.parse(babel_locale())
    pattern = _skeleton_pattern(locale, "MMMMEd", "EEEE d MMMM")
    # A run of E outside quotes is the weekday: always its full name.
    return format_date(day, format=re.sub(r"(?<![E'])E{1,4}(?!E)", "EEEE", pattern), locale=locale)


def format_day_and_month(day: date) -> str:
    """ "22 November", in the language's own order ("november 22.", "22 de noviembre")."""
    locale = Locale.parse(babel_locale())
    return format_date(day, format=_skeleton_pattern(locale, "MMMMd", "d MMMM"), locale=locale)


def _skeleton_pattern(locale: Locale, skeleton: str, fallback: str) -> str:
    found = locale.datetime_skeletons.get(skeleton)
    return str(found.pattern) if found is not None else fallback


def format_time(moment: time | datetime) -> str:
    """A time of day the way the current language writes it ("14:30" in British English)."""
    # The clock time as given (as strftime would), never moved to another time zone.
    clock = moment.time() if isinstance(moment, datetime) else moment
    return format_time_(clock, format="short", locale=babel_locale())


def format_number(value: float, pattern: str | None = None) -> str:
    """A number the way the current language writes it (decimal mark, digits)."""
    return format_decimal(value, format=pattern, locale=babel_locale())


def babel_locale() -> str:
    """The current language as babel names its locale (British English if babel has none)."""
    return locale_of(current_language())


def qt_locale_of(tag: str) -> str:
    """The locale (CLDR's name) Qt's date, time and number boxes use for a language: the
    pages' locale, or a locale with the same Western digits where Qt has none for it."""
    language = tag.replace("-", "_").split("_")[0]
    return QT_LOCALES.get(language) or locale_of(tag)


def locale_of(tag: str) -> str:
    """The locale (CLDR's name, which Qt's QLocale reads too) for a language's dates,
    numbers and digits."""
    base = tag.replace("-", "_")
    try:
        return str(Locale.parse(LOCALES.get(base, base)))
    except (UnknownLocaleError, ValueError):
        return LOCALES[SOURCE_LANGUAGE]
