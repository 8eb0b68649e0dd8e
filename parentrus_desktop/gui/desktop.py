"""How the app presents itself to the desktop: its name, version, icon and desktop entry."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, QSize
from PySide6.QtGui import QGuiApplication, QIcon

from parentrus_desktop.about import APP_ID, app_version
from parentrus_desktop.resources import ICONS, resource_dir


def app_icon() -> QIcon:
    """The app's icon at every size drawn for it (packaging/make_icons.py)."""
    icon = QIcon()
    for path in sorted((resource_dir(ICONS) / "hicolor").glob(f"*x*/apps/{APP_ID}.png")):
        side = int(path.parent.parent.name.split("x")[0])
        icon.addFile(str(path), QSize(side, side))
    return icon


def present_app() -> None:
    """Version and icon for the window, the task bar and the About box; on Linux the
    desktop entry's name ties the running window to its .desktop file (Wayland's app id)."""
    QCoreApplication.setApplicationVersion(app_version())
    QGuiApplication.setDesktopFileName(APP_ID)
    QGuiApplication.setWindowIcon(app_icon())
