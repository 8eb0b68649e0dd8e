"""Languages: switching while the app runs, Arabic right to left, an unknown language."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QAbstractButton, QApplication, QLabel
from pytestqt.qtbot import QtBot
from test_gui_flow import add_family, create_first_profile, settle

from parentrus_desktop.gui.language import apply_language
from parentrus_desktop.gui.widgets import heading
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


def test_a_title_that_starts_with_a_latin_name_sits_on_the_right_in_arabic(
    qapp: QApplication,
) -> None:
    """School headings on "What the school sees" sat at the left edge of the Arabic page:
    a paragraph that starts with Latin letters is laid out left to right."""

    def ink_columns(label: QLabel) -> list[int]:
        label.resize(600, label.sizeHint().height())
        image = label.grab().toImage()
        background = image.pixel(image.width() // 2, 0)
        return [
            x
            for x in range(image.width())
            if any(image.pixel(x, y) != background for y in range(image.height()))
        ]

    apply_language("ar")
    try:
        inked = ink_columns(heading("Hillview Academy", "section"))
    finally:
        apply_language("en")
    assert inked and min(inked) > 300  # all of it in the right half
    inked = ink_columns(heading("Hillview Academy", "section"))
    assert inked and max(inked) < 300  # and in English, in the left half
