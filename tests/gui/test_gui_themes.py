"""The look a mentor picks in Settings, and "Same as my computer" following dark mode."""

from __future__ import annotations

from collections.abc import Callable, Iterator

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QPalette
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot
from test_gui_flow import create_first_profile, settle

from parentrus_desktop.gui import theme
from parentrus_desktop.gui.preferences import THEMES
from parentrus_desktop.gui.theme import apply_theme, load_theme, theme_names
from parentrus_desktop.gui.window import MentorWindow

MakeWindow = Callable[..., MentorWindow]


@pytest.fixture(autouse=True)
def look_afterwards(qapp: QApplication) -> Iterator[None]:
    """Afterwards, the look other tests run in."""
    sheet, palette = qapp.styleSheet(), qapp.palette()
    yield
    qapp.setStyleSheet(sheet)
    qapp.setPalette(palette)


def page_colour() -> str:
    app = QApplication.instance()
    assert isinstance(app, QApplication)
    return app.palette().color(QPalette.ColorRole.Window).name()


def test_every_look_in_settings_has_its_files() -> None:
    assert set(THEMES) - {"system"} == set(theme_names()) == {"light", "dark", "high_contrast"}


def test_dark_chosen_in_settings_colours_the_app_and_is_kept(
    qtbot: QtBot, make_window: MakeWindow
) -> None:
    window = make_window()
    workspace = create_first_profile(qtbot, window)
    assert window.context.preferences.get("theme") == "system"  # a new laptop follows it
    workspace.show_page(workspace.settings_page)
    choice = workspace.settings_page.theme
    choice.setCurrentIndex(choice.findData("dark"))
    settle(qtbot)
    dark = load_theme("dark")
    assert page_colour() == dark.colours["window"] != load_theme("light").colours["window"]
    assert window.context.preferences.get("theme") == "dark"
    # The style sheet in effect is the dark one: a field is painted in its colour.
    field = workspace.findChild(type(choice), "theme")
    assert field is not None
    image = field.grab().toImage()
    assert image.pixelColor(field.width() // 2, 3).name() == dark.colours["base"]


def test_same_as_my_computer_follows_the_switch_to_dark(monkeypatch: pytest.MonkeyPatch) -> None:
    app = QApplication.instance()
    assert isinstance(app, QApplication)
    computer = {"scheme": "light"}
    # The offscreen platform has no dark mode to switch: stand in for the computer's
    # setting only; the signal, the choice and the palette are the real ones.
    monkeypatch.setattr(theme, "system_theme", lambda: computer["scheme"])
    apply_theme("system")
    assert page_colour() == load_theme("light").colours["window"]
    computer["scheme"] = "dark"
    app.styleHints().colorSchemeChanged.emit(Qt.ColorScheme.Dark)
    assert page_colour() == load_theme("dark").colours["window"]
    apply_theme("high_contrast")  # a look of her own: the computer's switch is ignored
    computer["scheme"] = "light"
    app.styleHints().colorSchemeChanged.emit(Qt.ColorScheme.Light)
    assert page_colour() == load_theme("high_contrast").colours["window"]


def test_an_unknown_look_shows_the_light_one() -> None:
    apply_theme("sepia")
    assert page_colour() == load_theme("light").colours["window"]
