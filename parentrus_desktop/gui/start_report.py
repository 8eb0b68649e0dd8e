"""What a started app has loaded, as one line of JSON: the bundle's smoke test runs
``parentrus --exit-after-start --start-report`` and checks it (packaging/smoke_bundle.py),
because a bundle that lost its catalogs or themes still starts, silently in English."""

from __future__ import annotations

import json

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtWidgets import QApplication, QWidget

from parentrus_desktop.i18n import _, current_language


def start_report(window: QWidget) -> str:
    app = QApplication.instance()
    assert isinstance(app, QApplication)
    screen = getattr(window, "current_screen", None)
    return json.dumps(
        {
            "language": current_language(),
            "right_to_left": app.layoutDirection() == Qt.LayoutDirection.RightToLeft,
            # A message every catalog holds, and Qt's own word on a dialog button.
            "app_words": _("Unlock"),
            "qt_words": QCoreApplication.translate("QPlatformTheme", "Cancel"),
            "style_sheet_characters": len(app.styleSheet()),
            "window_icon": not app.windowIcon().isNull(),
            "first_screen": screen.objectName() if isinstance(screen, QWidget) else "",
            "version": app.applicationVersion(),
        },
        ensure_ascii=False,
    )
