"""How the app looks: a theme (palette and style sheet, package data), chosen or the system's."""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QGuiApplication, QPalette
from PySide6.QtWidgets import QApplication, QStyleFactory

from parentrus_desktop.resources import THEMES, resource_dir

# The choice in Settings (gui/preferences.py THEMES) that is light or dark as the computer is.
SYSTEM = "system"
FALLBACK = "light"
# A name in a style sheet: "@border", "@icons" (the theme's own icon folder).
_NAME = re.compile(r"@([a-z][a-z0-9-]*)")
_COMMENT = re.compile(r"/\*.*?\*/", re.DOTALL)


def themes_dir() -> Path:
    """The folder of the themes: the one place that knows where they are kept."""
    return resource_dir(THEMES)


@dataclass(frozen=True)
class Theme:
    """One theme, read from its files: every colour it has, its palette and its sheet."""

    name: str
    colours: dict[str, str]
    palette: QPalette
    style_sheet: str


def theme_names() -> list[str]:
    """The themes that have a palette file (not "system", which picks one of them)."""
    return sorted(path.stem for path in themes_dir().glob("*.toml"))


def load_theme(name: str) -> Theme:
    """Read ``<name>.toml`` (the colours and widths) and the style sheets that name them:
    ``common.qss`` (every theme's shapes), then ``<name>.qss`` (this theme's own rules).

    A name in a sheet that the palette file lacks is an error, not a silent black."""
    folder = themes_dir()
    with (folder / f"{name}.toml").open("rb") as file:
        table = tomllib.load(file)
    palette = QPalette()
    colours: dict[str, str] = {}
    for group, section, prefix in (
        (QPalette.ColorGroup.All, "palette", ""),
        (QPalette.ColorGroup.Disabled, "disabled", "disabled-"),
    ):
        for key, value in table.get(section, {}).items():
            palette.setColor(group, _role(key), QColor(str(value)))
            colours[prefix + key] = str(value)
    colours.update((key, str(value)) for key, value in table.get("colours", {}).items())
    names = dict(colours, icons=(folder / name).as_posix())
    names.update((key, str(value)) for key, value in table.get("sizes", {}).items())

    def named(match: re.Match[str]) -> str:
        found = names.get(match.group(1))
        if found is None:
            raise ValueError(f"the {name} theme has no @{match.group(1)} in {name}.toml")
        return found

    sheets = [folder / "common.qss", folder / f"{name}.qss"]
    text = "\n".join(sheet.read_text(encoding="utf-8") for sheet in sheets if sheet.is_file())
    text = _COMMENT.sub("", text)  # comments may speak of @names freely
    return Theme(name, colours, palette, _NAME.sub(named, text))


def _role(key: str) -> QPalette.ColorRole:
    """``window-text`` in a palette file is ``QPalette.ColorRole.WindowText``."""
    role: QPalette.ColorRole = getattr(
        QPalette.ColorRole, "".join(part.title() for part in key.split("-"))
    )
    return role


def system_theme() -> str:
    """Dark when the computer is set to dark (Qt 6.5+ knows, where the platform says)."""
    hints = QGuiApplication.styleHints()
    return "dark" if hints.colorScheme() == Qt.ColorScheme.Dark else "light"


def resolve(name: str) -> str:
    """The theme to show for a choice in Settings; an unknown one shows the light theme."""
    if name == SYSTEM:
        return system_theme()
    return name if name in theme_names() else FALLBACK


class _Chosen:
    """The mentor's choice, kept to redo "Same as my computer" when the computer changes."""

    name = FALLBACK
    following = False


def apply_theme(name: str) -> None:
    """Palette and style sheet for the whole app. Colours and spacing only: sizes stay
    relative to the system font, so text scales."""
    app = QApplication.instance()
    if not isinstance(app, QApplication):
        return
    _Chosen.name = name
    if not _Chosen.following:
        # When the computer switches between light and dark, "Same as my computer" follows.
        app.styleHints().colorSchemeChanged.connect(_system_changed)
        _Chosen.following = True
    theme = load_theme(resolve(name))
    # Fusion draws with the palette on every platform; native styles ignore parts of it,
    # so a theme measured here would look different on the mentor's laptop.
    fusion = QStyleFactory.create("Fusion")
    if fusion is not None and app.style().name().lower() != "fusion":
        app.setStyle(fusion)
    app.setPalette(theme.palette)
    app.setStyleSheet(theme.style_sheet)


def _system_changed() -> None:
    if _Chosen.name == SYSTEM:
        apply_theme(SYSTEM)


def printing_palette(palette: QPalette) -> QPalette:
    """A palette for drawing a page to print: black text whatever the app's look (paper
    is white in every look; the dark and high-contrast looks' white text printed a blank
    page)."""
    printing = QPalette(palette)
    printing.setColor(QPalette.ColorRole.Text, QColor(Qt.GlobalColor.black))
    return printing
