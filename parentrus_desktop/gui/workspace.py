"""The unlocked app: the mentor's pages, the Lock button, search and the privacy screen."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from datetime import date, datetime
from pathlib import Path
from typing import TypeVar

from PySide6.QtCore import Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QButtonGroup,
    QCheckBox,
    QDialog,
    QFileDialog,
    QHBoxLayout,
    QMessageBox,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from parentrus_desktop.domain import Agency, Consent, Family, FollowUp, Record, School
from parentrus_desktop.domain.vocabulary import FollowUpStatus
from parentrus_desktop.family_export import everything_about, export_as_text, write_private_file
from parentrus_desktop.gui.action_forms import AgencyForm, FollowUpForm, ReferralForm, VenueForm
from parentrus_desktop.gui.background import run_in_background
from parentrus_desktop.gui.connect_dialog import ConnectDialog
from parentrus_desktop.gui.families_page import FamiliesPage
from parentrus_desktop.gui.family_form import FamilyForm
from parentrus_desktop.gui.family_page import FamilyPage
from parentrus_desktop.gui.more_pages import (
    celebrations_page,
    check_ins_page,
    follow_ups_page,
    my_log_page,
    places_page,
    referrals_page,
)
from parentrus_desktop.gui.preferences import Preferences
from parentrus_desktop.gui.progress_forms import (
    CelebrationForm,
    CheckInForm,
    ConsentForm,
    MentorLogForm,
)
from parentrus_desktop.gui.record_dialog import RecordDialog
from parentrus_desktop.gui.records import OpenRecords
from parentrus_desktop.gui.school_view import FamilyCountedDialog, SchoolPage
from parentrus_desktop.gui.search import SearchDialog
from parentrus_desktop.gui.session_form import SessionForm
from parentrus_desktop.gui.settings_page import SettingsPage
from parentrus_desktop.gui.sync_sender import SyncSender
from parentrus_desktop.gui.today_page import TodayPage
from parentrus_desktop.gui.widgets import FieldProblem, big_button
from parentrus_desktop.i18n import _
from parentrus_desktop.vault.errors import VaultError

D = TypeVar("D", bound=QDialog)


class Workspace(QWidget):
    """Everything that shows records. Locking deletes this widget and all it holds."""

    #: Fires when the mentor asks to lock (button or Ctrl+L).
    lock_requested = Signal()
    #: Fires with the key of a setting the mentor changed.
    setting_changed = Signal(str)

    def __init__(
        self, records: OpenRecords, preferences: Preferences, today: Callable[[], date]
    ) -> None:
        super().__init__()
        self.setObjectName("workspace")
        self.records = records
        self._today = today
        self._preferences = preferences
        self._dialogs: list[QDialog] = []
        outer = QHBoxLayout(self)
        nav = QVBoxLayout()
        self.pages = QStackedWidget()
        #: Sends reports to the schools in the background while the profile is open.
        self.sync_sender = SyncSender(records, today, parent=self)
        self.today_page = TodayPage(records, today, self.sync_sender)
        self.families_page = FamiliesPage(records, today)
        self.settings_page = SettingsPage(preferences, records)
        self.follow_ups_page = follow_ups_page(records, self.open_follow_up, self._mark_done, today)
        self.referrals_page = referrals_page(records, self.open_referral, self.open_agency)
        self.celebrations_page = celebrations_page(records, self.open_celebration)
        self.check_ins_page = check_ins_page(records, self.open_check_in)
        self.my_log_page = my_log_page(records, self.open_log_entry)
        self.places_page = places_page(records, self.open_venue)
        self.school_page = SchoolPage(records, today, self.sync_sender)
        self.family_page: FamilyPage | None = None
        self._nav = QButtonGroup(self)
        self._nav_buttons = {}
        for name, text, page in (
            ("nav-today", _("Today"), self.today_page),
            ("nav-families", _("Families"), self.families_page),
            ("nav-follow-ups", _("Follow-ups"), self.follow_ups_page),
            ("nav-referrals", _("Referrals"), self.referrals_page),
            ("nav-celebrations", _("Celebrations"), self.celebrations_page),
            ("nav-check-ins", _("Check-ins"), self.check_ins_page),
            ("nav-my-log", _("My log"), self.my_log_page),
            ("nav-places", _("Places"), self.places_page),
            ("nav-school", _("What the school sees"), self.school_page),
            ("nav-settings", _("Settings"), self.settings_page),
        ):
            self.pages.addWidget(page)
            button = big_button(text, name)
            button.setCheckable(True)
            button.clicked.connect(lambda _c=False, p=page: self.show_page(p))
            self._nav.addButton(button)
            self._nav_buttons[page] = button
            nav.addWidget(button)
        log = big_button(_("Log a session"), "nav-log-session", primary=True)
        log.clicked.connect(lambda: self.log_session())
        nav.addWidget(log)
        nav.addStretch()
        self.privacy = QCheckBox(_("Privacy screen"))
        self.privacy.setObjectName("privacy-screen")
        self.privacy.setAccessibleName(_("Privacy screen: show family codes instead of names"))
        self.privacy.setChecked(records.privacy)
        self.privacy.toggled.connect(self._privacy_toggled)
        nav.addWidget(self.privacy)
        search = big_button(_("Search (Ctrl+K)"), "search-button")
        search.clicked.connect(self.open_search)
        nav.addWidget(search)
        lock = big_button(_("Lock (Ctrl+L)"), "lock")
        lock.clicked.connect(self.lock_requested.emit)
        nav.addWidget(lock)
        outer.addLayout(nav)
        right = QVBoxLayout()
        self.notice = FieldProblem()
        right.addWidget(self.notice)
        right.addWidget(self.pages, 1)
        outer.addLayout(right, 1)
        QShortcut(QKeySequence("Ctrl+L"), self, activated=self.lock_requested.emit)
        QShortcut(QKeySequence("Ctrl+K"), self, activated=self.open_search)
        self.today_page.open_family.connect(self.open_family)
        self.families_page.open_family.connect(self.open_family)
        self.families_page.add_family.connect(lambda: self.edit_family(None))
        self.settings_page.changed.connect(self._setting_changed)
        self.today_page.open_school_page.connect(lambda: self.show_page(self.school_page))
        if self.school_page.sending is not None:
            self.school_page.sending.connect_requested.connect(self.connect_school)
        self.show_page(self.today_page)
        # Prepare search now, off the UI thread, so the first Ctrl+K answers at once.
        profile = records.profile
        run_in_background(profile.prepare_search, lambda _index: None, lambda _error: None)
        self.sync_sender.start()  # the profile was just unlocked: send what is due

    def show_page(self, page: QWidget) -> None:
        self.pages.setCurrentWidget(page)
        button = self._nav_buttons.get(page)
        if button is not None:
            button.setChecked(True)

    def open_family(self, family_id: str) -> None:
        if self.family_page is not None:
            self.pages.removeWidget(self.family_page)
            self.family_page.deleteLater()
        self.family_page = FamilyPage(self.records, family_id, self._today)
        self.family_page.edit_family.connect(self.edit_family)
        self.family_page.log_session.connect(self.log_session)
        self.family_page.add_for_family.connect(self._add_for_family)
        self.family_page.withdraw.connect(self._withdraw)
        self.family_page.export_family.connect(self.export_family)
        self.family_page.show_counted.connect(self.show_counted)
        self.pages.addWidget(self.family_page)
        self.pages.setCurrentWidget(self.family_page)
        checked = self._nav.checkedButton()
        if checked is not None:  # no nav page is the current one now
            self._nav.setExclusive(False)
            checked.setChecked(False)
            self._nav.setExclusive(True)

    def edit_family(self, family: Family | None) -> FamilyForm:
        form = FamilyForm(self.records, family, self._today(), self)
        if family is None:
            form.accepted.connect(lambda: self.open_family(form.saved[0].id))
        self._open_dialog(form)
        return form

    def log_session(self, family: Family | None = None) -> SessionForm:
        form = SessionForm(self.records, self._today(), family=family, parent=self)
        form.accepted.connect(lambda: self._after_session(form))
        self._open_dialog(form)
        return form

    def _add_for_family(self, kind: str, family_id: str) -> None:
        if kind == "consent":
            self._open_dialog(ConsentForm(self.records, family_id, self._today(), self))
            return
        opener = {
            "follow_up": self.open_follow_up,
            "referral": self.open_referral,
            "celebration": self.open_celebration,
            "check_in": self.open_check_in,
        }[kind]
        opener(None, family_id)

    def _after_session(self, form: SessionForm) -> None:
        session = form.saved[0] if form.saved else None
        if form.then is not None and session is not None:
            families = session.families_mentioned()
            if families:  # a forum with only other parents has no family to add for
                self._add_for_family(form.then, families[0])

    def export_family(self, family: Family, chosen: Path | None = None) -> None:
        """Save everything held about a family (a subject access request), off the UI
        thread. ``chosen`` skips the file dialog (for tests)."""
        if chosen is None:
            answer = QMessageBox.question(
                self,
                _("Save all about this family"),
                _(
                    "The file will not be locked: anyone who opens it can read it. Give it "
                    "to the family, then delete it. Save it now?"
                ),
            )
            if answer != QMessageBox.StandardButton.Yes:
                return
            picked, _filter = QFileDialog.getSaveFileName(
                self, _("Save all about this family"), f"family-{family.code}.txt", "*.txt"
            )
            if not picked:
                return
            chosen = Path(picked)
        profile, target = self.records.profile, chosen

        def work() -> None:
            write_private_file(target, export_as_text(everything_about(profile, family)))

        run_in_background(
            work,
            lambda _done: self.tell(_("Saved to {file}.").format(file=target.name)),
            self._save_failed,
        )
        self.last_export = target

    def connect_school(
        self, school: School | None = None, now: Callable[[], datetime] | None = None
    ) -> ConnectDialog:
        """Connect this laptop to a school's hub; send what is waiting once connected.
        ``now`` sets when the connection counts from (for tests)."""
        dialog = ConnectDialog(self.records, school, self, **({"now": now} if now else {}))
        dialog.connected.connect(self._connected)
        return self._open_dialog(dialog)

    def _connected(self, _connection: object) -> None:
        self.records.changed.emit({School.kind})  # the school may have its hub address now
        self.sync_sender.sync_now()

    def show_counted(self, family: Family) -> FamilyCountedDialog:
        return self._open_dialog(FamilyCountedDialog(self.records, family, self._today(), self))

    def _withdraw(self, consent: Consent) -> None:
        """Withdrawal in one action: the record stays, so what was agreed and when it
        ended can still be shown to the family."""
        self.records.save(replace(consent, withdrawn_on=self._today()), on_failed=self._save_failed)

    def open_follow_up(self, record: Record | None, family_id: str | None = None) -> QDialog:
        return self._open_dialog(FollowUpForm(self.records, record, self._today(), family_id, self))  # type: ignore[arg-type]

    def open_referral(self, record: Record | None, family_id: str | None = None) -> QDialog:
        return self._open_dialog(ReferralForm(self.records, record, self._today(), family_id, self))  # type: ignore[arg-type]

    def open_venue(self, venue: Record | None) -> QDialog:
        return self._open_dialog(VenueForm(self.records, venue, self))  # type: ignore[arg-type]

    def open_agency(self, agency: Agency | None) -> QDialog:
        return self._open_dialog(AgencyForm(self.records, agency, self))

    def open_celebration(self, record: Record | None, family_id: str | None = None) -> QDialog:
        return self._open_dialog(
            CelebrationForm(self.records, record, self._today(), family_id, self)
        )  # type: ignore[arg-type]

    def open_check_in(self, record: Record | None, family_id: str | None = None) -> QDialog:
        return self._open_dialog(CheckInForm(self.records, record, self._today(), family_id, self))  # type: ignore[arg-type]

    def open_log_entry(self, record: Record | None) -> QDialog:
        return self._open_dialog(MentorLogForm(self.records, record, self._today(), self))  # type: ignore[arg-type]

    def _mark_done(self, follow_up: FollowUp) -> None:
        done = replace(follow_up, status=FollowUpStatus.DONE, done_on=self._today())
        self.records.save(done, on_failed=self._save_failed)

    def _save_failed(self, error: Exception) -> None:
        if not isinstance(error, VaultError | OSError):
            raise error
        message = (
            _(error.message)
            if isinstance(error, VaultError)
            else _("Could not write the file: {problem}").format(problem=error.strerror)
        )
        self.tell(message, problem=True)

    def tell(self, message: str, *, problem: bool = False) -> None:
        """A line at the top of the page: what just happened, or what went wrong."""
        self.notice.setObjectName("problem" if problem else "notice")
        self.notice.style().polish(self.notice)
        self.notice.say(message)

    def open_search(self) -> SearchDialog:
        dialog = SearchDialog(self.records, self)
        dialog.open_family.connect(self.open_family)
        self._open_dialog(dialog)
        return dialog

    def _open_dialog(self, dialog: D) -> D:
        """Open a dialog without blocking, remember it (locking closes it), hand it back."""
        self._dialogs.append(dialog)
        dialog.finished.connect(
            lambda _r: self._dialogs.remove(dialog) if dialog in self._dialogs else None
        )
        dialog.open()
        return dialog

    def _privacy_toggled(self, on: bool) -> None:
        self.records.set_privacy(on)
        self._preferences.set("privacy_screen", on)
        self.settings_page.privacy.setChecked(on)

    def _setting_changed(self, key: str) -> None:
        if key == "privacy_screen":
            self.privacy.setChecked(bool(self._preferences.get("privacy_screen")))
        self.setting_changed.emit(key)

    def close_everything(self) -> None:
        """Close every dialog without saving and empty every list: the profile is being
        locked, and nothing that showed a record may paint again."""
        self.sync_sender.stop()
        self.hide()
        for page in (
            self.follow_ups_page,
            self.referrals_page,
            self.celebrations_page,
            self.check_ins_page,
            self.my_log_page,
            self.places_page,
        ):
            page.model.show([])
        self.families_page.model.clear()
        for dialog in list(self._dialogs):
            if isinstance(dialog, RecordDialog):
                dialog.discard()
            else:
                dialog.reject()
            dialog.deleteLater()
        self._dialogs.clear()
