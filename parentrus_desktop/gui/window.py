"""The main window: first run, the profile picker, or the unlocked workspace — and locking."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtGui import QCloseEvent, QGuiApplication
from PySide6.QtWidgets import (
    QApplication,
    QFrame,
    QHBoxLayout,
    QMainWindow,
    QScrollArea,
    QStackedWidget,
    QWidget,
)

from parentrus_desktop.gui.context import AppContext
from parentrus_desktop.gui.first_run import FirstRunScreen
from parentrus_desktop.gui.idle import IdleLock
from parentrus_desktop.gui.language import apply_language
from parentrus_desktop.gui.system_lock import SystemLockWatch
from parentrus_desktop.gui.theme import apply_theme
from parentrus_desktop.gui.unlock import PickerScreen
from parentrus_desktop.gui.widgets import fitting_size
from parentrus_desktop.i18n import _
from parentrus_desktop.store.profiles import list_profiles
from parentrus_desktop.vault.errors import VaultError

if TYPE_CHECKING:
    # Loaded when a profile opens (open_workspace), not with the first screen: the
    # workspace and the records bring every page, sqlite_utils and the hub's client.
    from parentrus_desktop.gui.records import OpenRecords
    from parentrus_desktop.gui.workspace import Workspace
    from parentrus_desktop.store.unlocked import UnlockedProfile

#: The window title never changes: no mentor or family name ever appears in it.
TITLE = "Parent'R'Us Mentor"
NARROW_WIDTH = 760


class MentorWindow(QMainWindow):
    def __init__(self, context: AppContext) -> None:
        super().__init__()
        self.setWindowTitle(TITLE)
        self.setObjectName("main-window")
        self.resize(fitting_size(self, 1100, 760))
        self.context = context
        self.stack = QStackedWidget()
        self.setCentralWidget(self.stack)
        self.records: OpenRecords | None = None
        #: The screen on show (the first run, the picker or the workspace).
        self.current_screen: QWidget | None = None
        self.workspace: Workspace | None = None
        preferences = context.preferences
        self.idle = IdleLock(
            preferences.number("auto_lock_minutes"),
            clock=context.clock,
            parent=self,
        )
        self.idle.configure(
            enabled=bool(preferences.get("auto_lock")),
            minutes=preferences.number("auto_lock_minutes"),
        )
        self.idle.idle.connect(self.lock)
        app = QApplication.instance()
        if isinstance(app, QGuiApplication):
            app.installEventFilter(self.idle)
            # Qt reports suspension on the platforms that tell it; lock then too.
            app.applicationStateChanged.connect(self._state_changed)
        self.system_lock = SystemLockWatch(self)
        self.system_lock.should_lock.connect(self._system_locking)
        self._help_menu()
        self.show_start()

    # -- screens ---------------------------------------------------------------

    def _replace(self, screen: QWidget, *, narrow: bool = False) -> None:
        for old in filter(None, [self.stack.widget(i) for i in range(self.stack.count())]):
            self.stack.removeWidget(old)
            old.deleteLater()
        shown = screen
        if narrow:  # a short form reads better as a column than across a wide screen
            shown = QWidget()
            row = QHBoxLayout(shown)
            row.addStretch(1)
            screen.setMaximumWidth(NARROW_WIDTH)
            row.addWidget(screen, 4)
            row.addStretch(1)
            # The column scrolls on a short screen (the recovery panel open at 150%).
            column = QScrollArea()
            column.setFrameShape(QFrame.Shape.NoFrame)
            column.setWidgetResizable(True)
            column.setWidget(shown)
            shown = column
        self.stack.addWidget(shown)
        self.stack.setCurrentWidget(shown)
        self.current_screen = screen

    def show_start(self) -> None:
        """The picker when there are profiles, otherwise the first run."""
        if list_profiles(self.context.data_dir):
            self.show_picker()
        else:
            self.show_first_run(can_go_back=False)

    def show_picker(self) -> None:
        picker = PickerScreen(self.context)
        picker.unlocked.connect(self.open_workspace)
        picker.new_profile.connect(lambda: self.show_first_run(can_go_back=True))
        picker.restored.connect(self.show_picker)  # the list, with the restored profile
        self._replace(picker, narrow=True)

    def show_first_run(self, *, can_go_back: bool) -> None:
        ask_language = not self.context.preferences.get("language")
        first = FirstRunScreen(self.context, ask_language=ask_language, can_go_back=can_go_back)
        first.language_chosen.connect(self._first_language)
        first.profile_ready.connect(self.open_workspace)
        first.back.connect(self.show_picker)
        first.restored.connect(self.show_picker)
        self._replace(first, narrow=True)

    def _first_language(self, tag: str) -> None:
        self.set_language(tag)
        self.show_first_run(can_go_back=bool(list_profiles(self.context.data_dir)))

    def open_workspace(self, profile: UnlockedProfile) -> None:
        from parentrus_desktop.gui.warm_up import wait_for_warm_up

        wait_for_warm_up()  # finished already: the unlock waited for it (see warm_up.py)
        from parentrus_desktop.gui.records import OpenRecords  # on first use: see the top

        preferences = self.context.preferences
        # What the unlock did on its own (families erased automatically), to tell at once.
        news = getattr(self.current_screen, "unlock_news", "")
        self.records = OpenRecords(profile, privacy=bool(preferences.get("privacy_screen")))
        self._build_workspace()
        self.idle.reset()
        assert self.workspace is not None
        if news:
            self.workspace.tell(news)
        self.workspace.offer_drafts()  # forms that were open when the app last locked

    def _build_workspace(self, page: str = "today") -> None:
        from parentrus_desktop.gui.workspace import Workspace  # on first use: see the top

        assert self.records is not None
        workspace = Workspace(self.records, self.context.preferences, self.context.today)
        workspace.lock_requested.connect(self.lock)
        workspace.remove_profile_requested.connect(self.remove_profile)
        workspace.setting_changed.connect(self._setting_changed)
        self.workspace = workspace
        self._replace(workspace)
        if page == "settings":
            workspace.show_page(workspace.settings_page)

    # -- help -------------------------------------------------------------------

    def _help_menu(self) -> None:
        """Help → User guide (F1) and About, on every screen: before unlocking too, when
        a new mentor needs the guide most. Neither shows a record, so locking leaves them."""
        # Imported here, not at the top, so this part stays apart from the start-up imports.
        from PySide6.QtGui import QAction, QKeySequence

        self.help_menu = self.menuBar().addMenu("")
        self.guide_action = QAction(self)
        self.guide_action.setShortcut(QKeySequence.StandardKey.HelpContents)  # F1
        self.guide_action.triggered.connect(self.show_guide)
        self.about_action = QAction(self)
        self.about_action.setMenuRole(QAction.MenuRole.AboutRole)
        self.about_action.triggered.connect(self.show_about)
        self.help_menu.addAction(self.guide_action)
        self.help_menu.addAction(self.about_action)
        self.guide: QWidget | None = None
        self._name_help()

    def _name_help(self) -> None:
        self.help_menu.setTitle(_("&Help"))
        self.guide_action.setText(_("User guide"))
        self.about_action.setText(_("About Parent'R'Us Mentor"))

    def show_guide(self) -> QWidget:
        """The user guide, offline (one window of it: F1 again brings it forward)."""
        from parentrus_desktop.gui.guide_browser import GuideDialog  # on first use only

        if self.guide is not None and self.guide.isVisible():
            self.guide.activateWindow()  # already open, perhaps behind the window
            return self.guide
        if self.guide is not None:
            self.guide.deleteLater()  # last time's, perhaps in another language
        self.guide = GuideDialog(self)
        self.guide.show()
        return self.guide

    def show_about(self) -> QWidget:
        from parentrus_desktop.gui.about_dialog import AboutDialog  # on first use only

        about = AboutDialog(self.context.data_dir, self.show_guide, self)
        about.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        about.open()
        return about

    # -- locking ----------------------------------------------------------------

    def lock(self) -> None:
        """Keep unsaved forms as sealed drafts (the workspace does it first, while the
        profile is still open), then drop every opened record and every widget that
        showed one. Ctrl+L, the idle timer, the system lock and suspension all end here."""
        if self.workspace is not None:
            self.workspace.close_everything()
        if self.records is not None:
            self.records.close()
        self.records = None
        self.workspace = None
        self.show_picker()  # replaces (and deletes) the workspace

    def remove_profile(self) -> None:
        """Close the workspace, lock the profile without the day's backup (it would be
        removed at once), then remove it and this laptop's own backups of it."""
        from parentrus_desktop.operations.remove_profile import remove  # only with a profile open

        if self.records is None:
            return
        profile = self.records.profile
        name, path = profile.display_name, profile.path
        if self.workspace is not None:
            self.workspace.close_everything()
        profile.lock()
        self.records = None
        self.workspace = None
        try:
            remove(path)
            said = _("{name}'s profile was removed from this laptop.").format(name=name)
        except (VaultError, OSError):
            said = _(
                "{name}'s profile could not be removed (another window may have it open). "
                "It is locked. Close the other window, then try again."
            ).format(name=name)
        if not list_profiles(self.context.data_dir):
            self.show_first_run(can_go_back=False)
            return
        self.show_picker()
        if isinstance(self.current_screen, PickerScreen):
            self.current_screen.hint.setText(said)

    @property
    def is_locked(self) -> bool:
        return self.records is None

    def _system_locking(self) -> None:
        if not self.is_locked:
            self.lock()

    def _state_changed(self, state: Qt.ApplicationState) -> None:
        if state == Qt.ApplicationState.ApplicationSuspended and not self.is_locked:
            self.lock()

    # -- settings ---------------------------------------------------------------

    def set_language(self, tag: str) -> None:
        used = apply_language(tag)
        self.context.preferences.set("language", used)
        self._name_help()

    def _setting_changed(self, key: str) -> None:
        preferences = self.context.preferences
        if key == "language":
            self.set_language(str(preferences.get("language")))
            if self.records is not None:
                self._build_workspace(page="settings")  # every text again, in the new language
        elif key in ("auto_lock", "auto_lock_minutes"):
            self.idle.configure(
                enabled=bool(preferences.get("auto_lock")),
                minutes=preferences.number("auto_lock_minutes"),
            )
        elif key == "theme":
            apply_theme(str(preferences.get("theme")))

    def closeEvent(self, event: QCloseEvent) -> None:
        if self.workspace is not None:
            for dialog in self.workspace.findChildren(QWidget):
                if dialog.isWindow() and dialog.isVisible() and not dialog.close():
                    event.ignore()  # a form with unsaved changes asked, and the mentor stayed
                    return
        if not self.is_locked:
            self.lock()
        super().closeEvent(event)
