"""How the app looks: a style sheet from ui/themes, and text that follows the system size."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import QApplication

THEMES_DIR = Path(__file__).resolve().parents[2] / "ui" / "themes"


def apply_theme(name: str) -> None:
    """Colours and spacing only: sizes stay relative to the system font, so text scales."""
    app = QApplication.instance()
    if not isinstance(app, QApplication):
        return
    sheet = THEMES_DIR / f"{name}.qss"
    if not sheet.is_file():
        sheet = THEMES_DIR / "light.qss"
    app.setStyleSheet(sheet.read_text(encoding="utf-8") if sheet.is_file() else "")
