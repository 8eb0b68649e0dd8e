"""The Qt binding must not wear None away. PySide6 6.12.0 drops a reference to None on
every call that returns nothing (setText, setCurrentIndex...) and on every empty value it
hands back; on Python 3.11, where None is an ordinary object, the app then aborts with
"deallocating None" after enough clicks and typing (the form round trip reached it)."""

from __future__ import annotations

import sys

import PySide6
import pytest
from PySide6.QtWidgets import QApplication, QComboBox, QLineEdit

# Python 3.12 made None immortal: there a lost reference does no harm.
WEARS_NONE_AWAY = sys.version_info < (3, 12) and PySide6.__version__ == "6.12.0"


@pytest.mark.xfail(
    WEARS_NONE_AWAY,
    reason="PySide6 6.12.0 on Python 3.11: exclude that release in pyproject.toml",
    strict=True,
)
def test_qt_calls_leave_none_alone(qapp: QApplication) -> None:
    line, box = QLineEdit(), QComboBox()
    box.addItem("Riverside Primary", "school-id")
    before = sys.getrefcount(None)
    for _ in range(1000):
        line.setText("Amina")
        box.setCurrentIndex(0)
        box.setCurrentIndex(-1)
        box.currentData()  # nothing chosen: an empty value
    assert sys.getrefcount(None) > before - 100
