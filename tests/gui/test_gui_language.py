"""Languages: switching while the app runs, Arabic right to left, an unknown language."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QAbstractButton, QApplication
from pytestqt.qtbot import QtBot
from test_gui_flow import add_family, create_first_profile, settle

from parentrus_desktop.gui.language import apply_language
from parentrus_desktop.gui.window import MentorWindow
from parentrus_desktop.i18n import current_language

MakeWindow = Callable[..., MentorWindow]


def nav_texts(window: MentorWindow) -> list[str]:
    assert window.workspace is not None
    return [
        b.text()
        for b in window.workspace.findChildren(QAbstractButton)
        if b.objectName().startswith("nav-")
    ]


def test_switching_language_retranslates_the_open_window(
    qtbot: QtBot, make_window: MakeWindow
) -> None:
    window = make_window()
    workspace = create_first_profile(qtbot, window)
    add_family(qtbot, workspace, "Layla")
    english = nav_texts(window)
    assert "Families" in english
    workspace.show_page(workspace.settings_page)
    combo = workspace.settings_page.language
    combo.setCurrentIndex(combo.findData("ar"))
    settle(qtbot)
    arabic = nav_texts(window)
    assert current_language() == "ar"
    assert QApplication.layoutDirection() == Qt.LayoutDirection.RightToLeft
    assert arabic != english and all(any("\u0600" <= ch <= "\u06ff" for ch in t) for t in arabic)
    assert window.workspace is not None and not window.is_locked  # still unlocked
    assert window.workspace.pages.currentWidget() is window.workspace.settings_page
    assert window.context.preferences.get("language") == "ar"

    settings = window.workspace.settings_page.language
    settings.setCurrentIndex(settings.findData("en"))
    settle(qtbot)
    assert nav_texts(window) == english
    assert QApplication.layoutDirection() == Qt.LayoutDirection.LeftToRight


def test_the_app_starts_in_arabic_right_to_left(qtbot: QtBot, make_window: MakeWindow) -> None:
    window = make_window("ar")
    assert QApplication.layoutDirection() == Qt.LayoutDirection.RightToLeft
    assert window.isRightToLeft()
    workspace = create_first_profile(qtbot, window)
    assert workspace.isRightToLeft()
    assert window.windowTitle() == "Parent'R'Us Mentor"


def test_an_unknown_language_falls_back_to_english(qapp: QApplication) -> None:
    assert apply_language("xx-Unknown") == "en"
    assert current_language() == "en"
    assert QApplication.layoutDirection() == Qt.LayoutDirection.LeftToRight


def test_qt_s_own_words_follow_the_language(qapp: QApplication) -> None:
    from PySide6.QtCore import QCoreApplication

    apply_language("ar")
    try:
        # Qt's own button text, from the qtbase catalog that ships with Qt.
        assert QCoreApplication.translate("QPlatformTheme", "Cancel") != "Cancel"
    finally:
        apply_language("en")
    assert QCoreApplication.translate("QPlatformTheme", "Cancel") == "Cancel"
