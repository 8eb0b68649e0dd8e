"""The app's settings, declared once and kept in a small INI file beside the profiles.

Nothing about a family or a mentor is ever stored here: only the language, the
auto-lock time, the privacy screen and the theme.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from PySide6.QtCore import QSettings

from parentrus_desktop.domain.validation import N_


@dataclass(frozen=True)
class Setting:
    key: str
    kind: type
    default: object
    description: str


SETTINGS = (
    Setting("language", str, "", N_("The language the app speaks")),
    Setting("auto_lock", bool, True, N_("Lock by itself when I stop using it")),
    Setting("auto_lock_minutes", int, 5, N_("Minutes before it locks by itself")),
    Setting("privacy_screen", bool, False, N_("Show family codes instead of names")),
    Setting("theme", str, "system", N_("How the app looks")),
)
_BY_KEY = {s.key: s for s in SETTINGS}
# The looks in Settings (files in resources/themes, see gui/theme.py); "system" is light or dark
# as the computer is set.
THEMES = {
    "system": N_("Same as my computer"),
    # Translators: the looks of the app (colours): light, dark, high contrast
    "light": N_("Light"),
    "dark": N_("Dark"),
    "high_contrast": N_("High contrast"),
}


class Preferences:
    """Typed access to the settings file."""

    def __init__(self, folder: Path) -> None:
        folder.mkdir(parents=True, exist_ok=True)
        #: The data folder, where the organisation's own school words are kept too.
        self.folder = folder
        self._store = QSettings(str(folder / "settings.ini"), QSettings.Format.IniFormat)

    def get(self, key: str) -> object:
        setting = _BY_KEY[key]
        value = self._store.value(key, setting.default)
        if setting.kind is bool:
            return value in (True, "true", "1", 1)
        try:
            return setting.kind(value)
        except (TypeError, ValueError):
            return setting.default

    def number(self, key: str) -> int:
        """A whole-number setting (the minutes before the app locks by itself)."""
        value = self.get(key)
        if not isinstance(value, int):
            raise TypeError(f"{key} is not a number")
        return value

    def set(self, key: str, value: object) -> None:
        setting = _BY_KEY[key]
        if not isinstance(value, setting.kind):
            raise TypeError(f"{key} takes {setting.kind.__name__}")
        self._store.setValue(key, value)
        self._store.sync()
