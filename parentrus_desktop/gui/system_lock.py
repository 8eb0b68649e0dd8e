"""Locking when the laptop goes to sleep or the screen locks, where the system says so.

Qt reports suspension on some platforms (applicationStateChanged, handled by the
window). On Linux desktops the news comes over D-Bus: logind's PrepareForSleep and
the screensaver's ActiveChanged. Without a bus (a venue laptop with no desktop
session, or CI) nothing is connected and nothing fails.
"""

from __future__ import annotations

from PySide6.QtCore import QObject, Signal, Slot
from PySide6.QtDBus import QDBusConnection

_WATCHED = (
    # (bus, service, path, interface, signal)
    (
        "system",
        "org.freedesktop.login1",
        "/org/freedesktop/login1",
        "org.freedesktop.login1.Manager",
        "PrepareForSleep",
    ),
    (
        "session",
        "org.freedesktop.ScreenSaver",
        "/org/freedesktop/ScreenSaver",
        "org.freedesktop.ScreenSaver",
        "ActiveChanged",
    ),
    (
        "session",
        "org.gnome.ScreenSaver",
        "/org/gnome/ScreenSaver",
        "org.gnome.ScreenSaver",
        "ActiveChanged",
    ),
)


class SystemLockWatch(QObject):
    """Emits ``should_lock`` when the system is about to sleep or the screen locks."""

    #: Fires when the laptop is going to sleep or its screen has locked.
    should_lock = Signal()

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.connected: list[str] = []
        for bus_name, service, path, interface, signal in _WATCHED:
            bus = (
                QDBusConnection.systemBus()
                if bus_name == "system"
                else QDBusConnection.sessionBus()
            )
            # PySide6's stub types the slot as bytes, but only a str works (bytes
            # raises ValueError), so the stub is wrong here.
            if bus.isConnected() and bus.connect(  # type: ignore[call-overload]
                service, path, interface, signal, self, "1changed(bool)"
            ):
                self.connected.append(f"{interface}.{signal}")

    @Slot(bool)
    def changed(self, starting: bool) -> None:
        """True means: going to sleep, or the screen saver has just locked the screen."""
        if starting:
            self.should_lock.emit()
