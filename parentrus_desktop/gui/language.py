"""Switching the app's language while it runs, including right-to-left layout."""

from __future__ import annotations

from babel import Locale, UnknownLocaleError
from PySide6.QtCore import QLibraryInfo, QLocale, Qt, QTranslator
from PySide6.QtWidgets import QApplication

from parentrus_desktop import i18n

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
    return [(tag, native_name(tag)) for tag in tags]


def native_name(tag: str) -> str:
    try:
        name = Locale.parse(tag).get_display_name(tag) or tag
    except (UnknownLocaleError, ValueError):
        return tag
    return name[:1].upper() + name[1:]


def apply_language(tag: str) -> str:
    """Use this language from now on; returns the language actually in use (English when
    there is no catalog for the one asked for, so an unknown language never stops the app)."""
    if not i18n.set_language(tag):
        tag = i18n.SOURCE_LANGUAGE
    QLocale.setDefault(QLocale(tag))
    app = QApplication.instance()
    if isinstance(app, QApplication):
        _use_qt_translation(app, tag)
        app.setLayoutDirection(
            Qt.LayoutDirection.RightToLeft
            if is_right_to_left(tag)
            else Qt.LayoutDirection.LeftToRight
        )
    return tag


_qt_translator: QTranslator | None = None


def _use_qt_translation(app: QApplication, tag: str) -> None:
    """Qt's own words (OK, Cancel, the file dialog) in the same language, from the
    translations that ship with Qt."""
    global _qt_translator
    if _qt_translator is not None:
        app.removeTranslator(_qt_translator)
        _qt_translator = None
    if tag == i18n.SOURCE_LANGUAGE:
        return
    translator = QTranslator(app)
    folder = QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)
    if translator.load(f"qtbase_{tag.split('-')[0]}", folder):
        app.installTranslator(translator)
        _qt_translator = translator


def is_right_to_left(tag: str) -> bool:
    return tag.split("-")[0] in RIGHT_TO_LEFT
