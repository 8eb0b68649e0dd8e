"""The unlocked app: the mentor's pages, the Lock button, search, the privacy screen,
the message bar with Undo, erasing a family, and forms kept as drafts across a lock."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from datetime import UTC, date, datetime
from pathlib import Path
from typing import TypeVar

from PySide6.QtCore import QEvent, QObject, Qt, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QButtonGroup,
    QCheckBox,
    QDialog,
    QFileDialog,
    QFrame,
    QHBoxLayout,
    QMessageBox,
    QPushButton,
    QScrollArea,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from parentrus_desktop.domain import (
    Agency,
    Celebration,
    CheckIn,
    Consent,
    Family,
    FollowUp,
    MentorLogEntry,
    Record,
    Referral,
    School,
    Session,
    TalkThrough,
    Venue,
    WorryPassedOn,
)
from parentrus_desktop.domain.validation import N_
from parentrus_desktop.domain.vocabulary import FollowUpStatus, NonAttendanceReason, SessionStatus
from parentrus_desktop.gui.action_forms import AgencyForm, FollowUpForm, ReferralForm, VenueForm
from parentrus_desktop.gui.celebration_card import CelebrationCard
from parentrus_desktop.gui.connect_dialog import ConnectDialog
from parentrus_desktop.gui.draft_offer import DraftOffer
from parentrus_desktop.gui.erase_dialog import EraseFamiliesDialog, EraseFamilyDialog
from parentrus_desktop.gui.families_page import FamiliesPage
from parentrus_desktop.gui.family_form import FamilyForm
from parentrus_desktop.gui.family_handout import HandoutDialog
from parentrus_desktop.gui.family_page import FamilyPage
from parentrus_desktop.gui.glossary import FamilySchoolWordsDialog, GlossaryPage, glossary_dialog
from parentrus_desktop.gui.keep_dialog import KeepFamilyDialog
from parentrus_desktop.gui.message_bar import MessageBar
from parentrus_desktop.gui.more_pages import (
    celebrations_page,
    check_ins_page,
    follow_ups_page,
    my_log_page,
    places_page,
    referrals_page,
)
from parentrus_desktop.gui.operation import Problem, run_operation
from parentrus_desktop.gui.preferences import Preferences
from parentrus_desktop.gui.printable import PrintableDialog
from parentrus_desktop.gui.progress_forms import (
    CelebrationForm,
    CheckInForm,
    ConsentForm,
    MentorLogForm,
)
from parentrus_desktop.gui.record_dialog import RecordDialog
from parentrus_desktop.gui.records import OpenRecords
from parentrus_desktop.gui.safeguarding import WorryForm
from parentrus_desktop.gui.school_form import SchoolForm, schools_page
from parentrus_desktop.gui.school_view import FamilyCountedDialog, SchoolPage
from parentrus_desktop.gui.search import SearchDialog
from parentrus_desktop.gui.session_form import SessionForm
from parentrus_desktop.gui.session_lines import save_outcome
from parentrus_desktop.gui.settings_page import SettingsPage
from parentrus_desktop.gui.supervision_dialog import SupervisionDialog
from parentrus_desktop.gui.sync_sender import SyncSender
from parentrus_desktop.gui.talk_through import (
    TalkThroughForm,
    add_summary_to_my_log,
    from_today,
    wants_talk_through,
)
from parentrus_desktop.gui.today_page import TodayPage
from parentrus_desktop.gui.training import mark_training, training_banner, training_colour
from parentrus_desktop.gui.who_to_ask import who_to_ask_dialog
from parentrus_desktop.gui.widgets import big_button
from parentrus_desktop.i18n import _, format_day, ngettext
from parentrus_desktop.operations import Done
from parentrus_desktop.operations import records as record_actions
from parentrus_desktop.operations.drafts import (
    CHANGED,
    GONE,
    Draft,
    drop_draft,
    fingerprint,
    keep_drafts,
    since_started,
    waiting_drafts,
)
from parentrus_desktop.operations.family_export import export_family
from parentrus_desktop.operations.sessions import Marked
from parentrus_desktop.store.own_school_words import OwnSchoolWords
from parentrus_desktop.vault.errors import VaultError

D = TypeVar("D", bound=QDialog)

#: Profiles (by file) whose unsaved forms could not be sealed at the last lock: said
#: after the next unlock. Memory only, and only that it happened, never what was typed.
_NOT_KEPT: set[str] = set()
#: How many actions Undo reaches back (this unlock only: locking forgets them).
UNDO_DEPTH = 10
#: Each kind of record in the mentor's words, for "Session deleted." and the like.
KIND_WORDS = {
    "session": N_("Session"),
    "follow_up": N_("Follow-up"),
    "referral": N_("Referral"),
    "celebration": N_("Celebration"),
    # Translators: a record: a family's answers to a few questions, asked again over time
    "check_in": N_("Check-in"),
    "consent": N_("Consent"),
    "mentor_log": N_("Log entry"),
    "talk_through": N_("To talk through with my manager"),
    "venue": N_("Place"),
    "agency": N_("Service"),
    "school": N_("School"),
    "family": N_("Family details"),
    "worry_passed_on": N_("Safety worry passed on"),
}


K = TypeVar("K", bound=Record)


def _of_kind(record: Record | None, kind: type[K]) -> K | None:
    """A draft's saved record, if it is still the kind its form changes."""
    return record if isinstance(record, kind) else None


def _said_later(_problem: Problem) -> None:
    pass


class NavColumn(QScrollArea):
    """The pages' buttons in a column that scrolls up and down, never sideways, and
    follows the keyboard: the arrow keys move between the buttons (one exclusive
    group), which by itself would not scroll the one focused into view."""

    def __init__(self, buttons: QWidget) -> None:
        super().__init__()
        self.setObjectName("nav-scroll")
        self.setFrameShape(QFrame.Shape.NoFrame)
        self.setWidgetResizable(True)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setWidget(buttons)
        # Not a stop of its own for Tab: the buttons are.
        self.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        # As wide as the buttons and a scroll bar, so no word of a button is cut off.
        self.setMinimumWidth(
            buttons.minimumSizeHint().width() + self.verticalScrollBar().sizeHint().width()
        )
        self.setMinimumHeight(2 * 50)  # two buttons at least, on the shortest screen
        for button in buttons.findChildren(QPushButton):
            button.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.FocusIn and isinstance(watched, QWidget):
            self.ensureWidgetVisible(watched, 0, 0)
        return super().eventFilter(watched, event)


class Workspace(QWidget):
    """Everything that shows records. Locking deletes this widget and all it holds."""

    #: Fires when the mentor asks to lock (button or Ctrl+L).
    lock_requested = Signal()
    #: Fires with the key of a setting the mentor changed.
    setting_changed = Signal(str)
    #: Fires when the mentor confirmed removing the profile from this laptop.
    remove_profile_requested = Signal()

    def __init__(
        self, records: OpenRecords, preferences: Preferences, today: Callable[[], date]
    ) -> None:
        super().__init__()
        self.setObjectName("workspace")
        self.records = records
        self._today = today
        self._preferences = preferences
        self._dialogs: list[QDialog] = []
        records.privacy_changed.connect(self._close_pages_with_names)
        #: The last actions of this unlock, newest last (operations.records.Undo).
        self.undo_stack: list[record_actions.Undo] = []
        #: The "carry on?" question on show after unlocking, if any.
        self.draft_offer: DraftOffer | None = None
        self._drafts_waiting: list[Draft] = []
        outer = QHBoxLayout(self)
        column = QVBoxLayout()
        # The pages' buttons scroll when the screen is short (1280x720 at 150%); Log a
        # session, the privacy screen, Search and Lock stay in view below them.
        nav_box = QWidget()
        nav = QVBoxLayout(nav_box)
        nav.setContentsMargins(0, 0, 0, 0)
        self.pages = QStackedWidget()
        #: Sends reports to the schools in the background while the profile is open.
        self.sync_sender = SyncSender(records, today, parent=self)
        self.today_page = TodayPage(records, today, self.sync_sender)
        self.families_page = FamiliesPage(records, today)
        self.settings_page = SettingsPage(preferences, records)
        self.settings_page.remove_profile.connect(self.remove_profile_requested.emit)
        self.follow_ups_page = follow_ups_page(records, self.open_follow_up, self._mark_done, today)
        self.referrals_page = referrals_page(records, self.open_referral, self.open_agency)
        self.celebrations_page = celebrations_page(records, self.open_celebration)
        self.check_ins_page = check_ins_page(records, self.open_check_in)
        self.my_log_page = my_log_page(records, self.open_log_entry)
        add_summary_to_my_log(self.my_log_page, self.open_supervision_summary)
        self.places_page = places_page(records, self.open_venue)
        self.schools_page = schools_page(records, self.open_school)
        self.school_page = SchoolPage(records, today, self.sync_sender)
        self.glossary_page = GlossaryPage(OwnSchoolWords(preferences.folder))
        self.glossary_page.print_requested.connect(self.print_glossary)
        self.family_page: FamilyPage | None = None
        self._nav = QButtonGroup(self)
        self._nav_buttons: dict[QWidget, QPushButton] = {}
        for name, text, page in (
            ("nav-today", _("Today"), self.today_page),
            ("nav-families", _("Families"), self.families_page),
            ("nav-follow-ups", _("Follow-ups"), self.follow_ups_page),
            ("nav-referrals", _("Referrals"), self.referrals_page),
            ("nav-celebrations", _("Celebrations"), self.celebrations_page),
            ("nav-check-ins", _("Check-ins"), self.check_ins_page),
            ("nav-my-log", _("My log"), self.my_log_page),
            ("nav-places", _("Places"), self.places_page),
            ("nav-schools", _("Schools"), self.schools_page),
            ("nav-school", _("What the school sees"), self.school_page),
            ("nav-glossary", _("School words"), self.glossary_page),
            ("nav-settings", _("Settings"), self.settings_page),
        ):
            self.pages.addWidget(page)
            button = big_button(text, name)
            button.setCheckable(True)
            button.clicked.connect(lambda _c=False, p=page: self.show_page(p))
            self._nav.addButton(button)
            self._nav_buttons[page] = button
            nav.addWidget(button)
        nav.addStretch()
        column.addWidget(NavColumn(nav_box), 1)
        nav = column
        log = big_button(_("Log a session"), "nav-log-session", primary=True)
        log.clicked.connect(lambda: self.log_session(self.family_in_view()))
        nav.addWidget(log)
        self.privacy = QCheckBox(_("Privacy screen"))
        self.privacy.setObjectName("privacy-screen")
        self.privacy.setAccessibleName(_("Privacy screen: show family codes instead of names"))
        self.privacy.setChecked(records.privacy)
        self.privacy.toggled.connect(self._privacy_toggled)
        nav.addWidget(self.privacy)
        search = big_button(_("Search (Ctrl+K)"), "search-button")
        search.clicked.connect(self.open_search)
        lock = big_button(_("Lock (Ctrl+L)"), "lock")
        lock.clicked.connect(self.lock_requested.emit)
        nav.addWidget(search)
        nav.addWidget(lock)
        outer.addLayout(nav)
        right = QVBoxLayout()
        if records.profile.training:
            right.addWidget(training_banner())
            training_colour(self)
        self.message_bar = MessageBar()
        self.notice = self.message_bar  # what just happened, at the top of every page
        right.addWidget(self.message_bar)
        right.addWidget(self.pages, 1)
        outer.addLayout(right, 1)
        QShortcut(QKeySequence("Ctrl+L"), self, self.lock_requested.emit)
        QShortcut(QKeySequence("Ctrl+K"), self, self.open_search)
        QShortcut(QKeySequence.StandardKey.Undo, self, self.undo_last)
        self.today_page.open_family.connect(self.open_family)
        self.today_page.open_session.connect(self.open_session)
        self.today_page.session_outcome.connect(self.say_how_it_went)
        self.today_page.erase_family.connect(self.ask_erase)
        self.today_page.keep_family.connect(self.ask_keep)
        self.today_page.erase_families.connect(self.ask_erase_families)
        self.today_page.talk_through.connect(lambda flag, what: from_today(self, flag, what))
        self.families_page.open_family.connect(self.open_family)
        self.families_page.add_family.connect(lambda: self.edit_family(None))
        self.settings_page.changed.connect(self._setting_changed)
        self.settings_page.school_words.changed.connect(self.glossary_page.refresh)
        self.today_page.open_school_page.connect(lambda: self.show_page(self.school_page))
        self.today_page.open_backups.connect(self.show_backups)
        if self.school_page.sending is not None:
            self.school_page.sending.connect_requested.connect(self.connect_school)
        self.show_page(self.today_page)
        # Prepare search now, off the UI thread, so the first Ctrl+K answers at once.
        profile = records.profile
        # A problem here is met again, and said, when the mentor searches.
        run_operation(self, profile.prepare_search, on_problem=_said_later, records=records)
        self.sync_sender.start()  # the profile was just unlocked: send what is due

    def show_backups(self) -> None:
        """Settings, scrolled to "Back up now…" (Today's reminder leads here)."""
        self.show_page(self.settings_page)
        self.settings_page.show_backups()

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
        self.family_page.erase_family.connect(self.ask_erase)
        self.family_page.open_session.connect(self.open_session)
        self.family_page.session_outcome.connect(self.say_how_it_went)
        self.family_page.print_card.connect(self.print_card)
        self.family_page.print_who_to_ask.connect(self.print_who_to_ask)
        self.family_page.print_handout.connect(self.print_handout)
        self.family_page.print_school_words.connect(self.print_school_words)
        self.family_page.worried.connect(self.open_worry)
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

    def family_in_view(self) -> Family | None:
        """The family whose page is showing, if one is: "Log a session" ticks it."""
        page = self.family_page
        if page is None or self.pages.currentWidget() is not page:
            return None
        return self.records.family(page.family_id)

    def log_session(self, family: Family | None = None) -> SessionForm:
        form = SessionForm(self.records, self._today(), family=family, parent=self)
        form.accepted.connect(lambda: self._after_session(form))
        form.worried.connect(lambda family_id: self.open_worry(None, family_id or None))
        self._open_dialog(form)
        return form

    def open_session(self, session: Session | str) -> SessionForm | None:
        """A saved session (or its id), opened to change it: from Today, a family's
        timeline or search."""
        found = self.records.profile.get(session) if isinstance(session, str) else session
        if not isinstance(found, Session):
            self.tell(_("This session is no longer in your records."), problem=True)
            return None
        form = SessionForm(self.records, self._today(), session=found, parent=self)
        form.accepted.connect(lambda: self._after_session(form))
        form.worried.connect(lambda family_id: self.open_worry(None, family_id or None))
        return self._open_dialog(form)

    def say_how_it_went(self, session: Session, reason: NonAttendanceReason | None) -> None:
        """A planned session happened (reason None) or they could not come, in one step."""
        save_outcome(self, self.records, session, reason, self._today(), self._marked)

    def _marked(self, marked: Marked) -> None:
        # A one-click action is one misclick away: said, with Undo (the follow-up it
        # added goes too, and the session is planned again, in one transaction).
        if marked.session.status is SessionStatus.HELD:
            message = _("Marked as happened.")
        elif marked.follow_ups:
            message = ngettext(
                "Marked as missed; a follow-up was added.",
                "Marked as missed; {count} follow-ups were added.",
                len(marked.follow_ups),
            ).format(count=len(marked.follow_ups))
        else:
            message = _("Marked as missed.")
        self._remember(marked.undo, message)

    def _add_for_family(self, kind: str, family_id: str) -> None:
        if kind == "consent":
            consent = ConsentForm(self.records, family_id, self._today(), self)
            consent.for_family = family_id  # the form has no family field to keep it in
            self._open_dialog(consent)
            return
        openers: dict[str, Callable[[None, str], QDialog]] = {
            "follow_up": self.open_follow_up,
            "referral": self.open_referral,
            "celebration": self.open_celebration,
            "check_in": self.open_check_in,
            "talk_through": self.open_talk_through,
        }
        openers[kind](None, family_id)

    def _after_session(self, form: SessionForm) -> None:
        session = form.saved[0] if form.saved else None
        if session is not None and wants_talk_through(form):
            families = session.families_mentioned()
            self.open_talk_through(None, families[0] if families else None, session.id)
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

        run_operation(
            self,
            lambda: export_family(profile, family, target),
            lambda _done: self.tell(_("Saved to {file}.").format(file=target.name)),
            records=self.records,
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
        withdrawn = replace(consent, withdrawn_on=self._today())
        profile = self.records.profile
        run_operation(
            self,
            lambda: record_actions.save(profile, withdrawn),
            lambda done: self._remember(done.result, _("Consent withdrawn.")),
            records=self.records,
        )

    def open_follow_up(self, record: FollowUp | None, family_id: str | None = None) -> QDialog:
        return self._open_dialog(FollowUpForm(self.records, record, self._today(), family_id, self))

    def open_referral(self, record: Referral | None, family_id: str | None = None) -> QDialog:
        return self._open_dialog(ReferralForm(self.records, record, self._today(), family_id, self))

    def open_venue(self, venue: Venue | None) -> QDialog:
        return self._open_dialog(VenueForm(self.records, venue, self))

    def open_agency(self, agency: Agency | None) -> QDialog:
        return self._open_dialog(AgencyForm(self.records, agency, self))

    def open_school(self, school: School | None) -> QDialog:
        return self._open_dialog(SchoolForm(self.records, school, self))

    def print_who_to_ask(self, family: Family) -> QDialog:
        """The page "Who to ask at your school", in the family's language (closed at lock)."""
        return self._open_dialog(who_to_ask_dialog(self.records, family, self))

    def print_handout(self, family: Family | None) -> HandoutDialog:
        """The one-page handout for a family, in their language (closed at lock)."""
        return self._open_dialog(HandoutDialog(self.records, family, self._today(), self))

    def print_school_words(self, family: Family) -> QDialog:
        """The school words in the family's language (no family data on the page)."""
        own = self.glossary_page.own_words()
        return self._open_dialog(FamilySchoolWordsDialog(family.languages, own, self))

    def print_glossary(self) -> QDialog:
        """The glossary page's words (the ticked ones, or all) in the chosen language."""
        page = self.glossary_page
        language, own, keys = page.print_language(), page.own_words(), page.ticked()
        return self._open_dialog(glossary_dialog([language], own, keys, parent=self))

    def open_school_word(self, key: str) -> None:
        """A school word found with Ctrl+K: the glossary page, at that word."""
        self.show_page(self.glossary_page)
        self.glossary_page.show_word(key)

    def open_celebration(self, record: Celebration | None, family_id: str | None = None) -> QDialog:
        return self._open_dialog(
            CelebrationForm(self.records, record, self._today(), family_id, self)
        )

    def print_card(self, celebration: Celebration) -> CelebrationCard | None:
        """The card for a family's celebration, shown before it is printed."""
        family = self.records.family(celebration.family)
        if family is None:
            return None
        return self._open_dialog(CelebrationCard(family, celebration, self))

    def open_check_in(self, record: CheckIn | None, family_id: str | None = None) -> QDialog:
        return self._open_dialog(CheckInForm(self.records, record, self._today(), family_id, self))

    def open_worry(self, record: WorryPassedOn | None, family_id: str | None = None) -> QDialog:
        """The safeguarding steps, and a note that the worry was passed on."""
        return self._open_dialog(WorryForm(self.records, record, self._today(), family_id, self))

    def open_log_entry(self, record: MentorLogEntry | None) -> QDialog:
        return self._open_dialog(MentorLogForm(self.records, record, self._today(), self))

    def open_talk_through(
        self, record: TalkThrough | None, family_id: str | None = None, session: str | None = None
    ) -> QDialog:
        form = TalkThroughForm(self.records, record, self._today(), family_id, session, self)
        return self._open_dialog(form)

    def open_supervision_summary(self) -> SupervisionDialog:
        return self._open_dialog(SupervisionDialog(self.records, self._today, self))

    def _close_pages_with_names(self, privacy_on: bool) -> None:
        """The privacy screen is on: close every page ready to print (a celebration card,
        "Who to ask at your school", the supervision summary), wherever it was opened from
        (a form's card too), since they show names or a mentor's own words. Forms stay:
        they show codes under the privacy screen and may hold unsaved typing."""
        if not privacy_on:
            return
        for dialog in self.findChildren(QDialog):
            if isinstance(dialog, PrintableDialog | SupervisionDialog) and dialog.isVisible():
                dialog.reject()

    def _mark_done(self, follow_up: FollowUp) -> None:
        """One click from the follow-ups list, so it says what it did, with Undo."""
        done = replace(follow_up, status=FollowUpStatus.DONE, done_on=self._today())
        profile = self.records.profile
        run_operation(
            self,
            lambda: record_actions.save(profile, done),
            lambda saved: self._remember(saved.result, _("Follow-up marked as done.")),
            records=self.records,
        )

    def show_problem(self, problem: Problem) -> None:
        """The usual place for a problem of the workspace, its pages and dialogs without
        a place of their own (gui/operation.py): the message bar."""
        self.tell(problem.words, problem=True)

    def tell(
        self, message: str, *, problem: bool = False, undo: Callable[[], None] | None = None
    ) -> None:
        """A line at the top of the page: what just happened (with Undo when it can be
        undone), or what went wrong."""
        self.message_bar.say(message, problem=problem, undo=undo)

    def open_search(self) -> SearchDialog:
        dialog = SearchDialog(self.records, self, school_words=self.glossary_page.found)
        dialog.open_school_word.connect(self.open_school_word)
        dialog.open_family.connect(self.open_family)
        dialog.open_session.connect(self.open_session)
        self._open_dialog(dialog)
        return dialog

    def _open_dialog(self, dialog: D) -> D:
        """Open a dialog without blocking, remember it (locking closes it), hand it back."""
        self._dialogs.append(dialog)
        dialog.finished.connect(
            lambda _r: self._dialogs.remove(dialog) if dialog in self._dialogs else None
        )
        # Ctrl+L locks from inside a dialog too (the workspace's own shortcut does not
        # reach past a dialog that blocks it).
        QShortcut(QKeySequence("Ctrl+L"), dialog, self.lock_requested.emit)
        if self.records.profile.training:
            mark_training(dialog)
        if isinstance(dialog, RecordDialog):
            dialog.edits(dialog.editing, dialog.for_family)  # Delete, for a saved record
            dialog.accepted.connect(lambda: self._record_saved(dialog))
            dialog.deleted.connect(self._record_deleted)
        dialog.open()
        return dialog

    # -- undo -------------------------------------------------------------------

    def _record_saved(self, form: RecordDialog) -> None:
        # Only a change to a saved record can be undone (its last version is put back):
        # undo never deletes something new the mentor made; Delete does, with its own Undo.
        undo = form.undo
        if undo is None or not undo.put_back:
            return
        what = _(KIND_WORDS.get(undo.kind, N_("Record")))
        self._remember(undo, _("{what} changed.").format(what=what))

    def _record_deleted(self, undo: record_actions.Undo) -> None:
        what = _(KIND_WORDS.get(undo.kind, N_("Record")))
        self._remember(undo, _("{what} deleted.").format(what=what))

    def _remember(self, undo: record_actions.Undo, message: str) -> None:
        if not undo.possible:  # a new family: only erasing takes it away
            self.tell(message)
            return
        self.undo_stack.append(undo)
        del self.undo_stack[:-UNDO_DEPTH]
        self.tell(message, undo=self.undo_last)

    def undo_last(self) -> None:
        """Undo the newest action of this unlock (Ctrl+Z, or Undo in the message bar)."""
        if not self.undo_stack:
            self.tell(_("There is nothing to undo."))
            return
        undo = self.undo_stack.pop()
        profile = self.records.profile
        run_operation(
            self,
            lambda: record_actions.restore(profile, undo),
            self._undone,
            lambda problem: self._not_undone(undo, problem),
            records=self.records,
        )

    def _undone(self, done: Done[record_actions.Undo]) -> None:
        undo = done.result
        what = _(KIND_WORDS.get(undo.kind, N_("Record")))
        if undo.what == record_actions.DELETED:
            self.tell(_("{what} is back.").format(what=what))
        else:
            self.tell(_("Undone: {what} is as it was before.").format(what=what))

    def _not_undone(self, undo: record_actions.Undo, problem: Problem) -> None:
        if not isinstance(problem.error, record_actions.ChangedSince):
            self.undo_stack.append(undo)  # nothing was undone: it can be tried again
        self.show_problem(problem)

    # -- erasing a family ---------------------------------------------------------

    def ask_erase(self, family: Family) -> EraseFamilyDialog:
        """The erase question: the mentor types the family code; no undo."""
        dialog = EraseFamilyDialog(self.records, family, self)
        dialog.erased.connect(lambda code, count: self._family_erased(family.id, code, count))
        return self._open_dialog(dialog)

    def ask_erase_families(self, families: list[Family]) -> EraseFamiliesDialog:
        """Erase every family due for erasure in one step: the mentor types how many."""
        dialog = EraseFamiliesDialog(self.records, families, self)
        dialog.erased.connect(self._families_erased)
        return self._open_dialog(dialog)

    def _families_erased(self, family_ids: list[str], count: int) -> None:
        self.undo_stack = [u for u in self.undo_stack if not any(u.mentions(i) for i in family_ids)]
        if self.family_page is not None and self.family_page.family_id in family_ids:
            self.pages.removeWidget(self.family_page)
            self.family_page.deleteLater()
            self.family_page = None
        self.tell(
            ngettext(
                "{families} families are erased, with {count} record about them.",
                "{families} families are erased, with {count} records about them.",
                count,
            ).format(families=len(family_ids), count=count)
        )

    def ask_keep(self, family: Family) -> KeepFamilyDialog:
        """Keep a closed family due for erasure until a later day, with a reason."""
        dialog = KeepFamilyDialog(self.records, family, self._today(), self)
        dialog.kept.connect(
            lambda kept: self.tell(
                _("Family {code} is kept until {day}.").format(
                    code=family.code, day=format_day(kept.until)
                )
            )
        )
        return self._open_dialog(dialog)

    def _family_erased(self, family_id: str, code: str, count: int) -> None:
        # Undo must never try to put back a record of a family that no longer exists.
        self.undo_stack = [u for u in self.undo_stack if not u.mentions(family_id)]
        if self.family_page is not None and self.family_page.family_id == family_id:
            self.pages.removeWidget(self.family_page)
            self.family_page.deleteLater()
            self.family_page = None
        if self.pages.currentWidget() is not self.today_page:  # erased from Today: stay
            self.show_page(self.families_page)
        self.tell(
            ngettext(
                "Family {code} is erased, with {count} record about them.",
                "Family {code} is erased, with {count} records about them.",
                count,
            ).format(code=code, count=count)
        )

    # -- drafts: nothing typed is lost when the app locks ----------------------------

    def keep_unsaved_forms(self) -> int:
        """Seal every form with unsaved changes into the vault as a draft, before the
        profile locks. Returns how many were kept."""
        now = datetime.now(UTC)
        drafts = []
        for dialog in self._dialogs:
            if isinstance(dialog, RecordDialog) and dialog.has_unsaved_changes:
                named = dialog.families_named()
                about = dialog.for_family or next(
                    (f for f in named if self.records.family(f) is not None), None
                )
                drafts.append(
                    Draft(
                        form=type(dialog).__name__,
                        fields=dialog.draft_fields(),
                        written_at=now,
                        editing=dialog.editing.id if dialog.editing else None,
                        family=about,
                        families=named,
                        pending=dialog.saving_ids,
                        was=dialog.started_from
                        or (fingerprint(dialog.editing) if dialog.editing else None),
                    )
                )
        if not drafts:
            return 0
        profile = self.records.profile
        try:
            return keep_drafts(profile, drafts).result
        except VaultError:
            # The disk is full or the file is damaged: the app locks all the same, since
            # leaving records open would be worse. Only that it happened is remembered
            # (in memory, never what was typed), to be said after the next unlock.
            _NOT_KEPT.add(str(profile.path))
            return 0

    def offer_drafts(self) -> None:
        """After unlocking: find the drafts (deleting those over a week old) off the UI
        thread, then ask about each in turn."""
        profile = self.records.profile
        if str(profile.path) in _NOT_KEPT:
            _NOT_KEPT.discard(str(profile.path))
            self.tell(
                _(
                    "When the app last locked, what you were typing could not be kept: the "
                    "file could not be written (perhaps the disk is full). That text is lost."
                ),
                problem=True,
            )
        run_operation(
            self, lambda: waiting_drafts(profile), self._drafts_found, records=self.records
        )

    def _drafts_found(self, done: Done[list[Draft]]) -> None:
        self._drafts_waiting = list(done.result)
        self._offer_next()

    def _offer_next(self) -> None:
        if not self._drafts_waiting or self.records.profile.is_locked:
            self.draft_offer = None
            return
        draft = self._drafts_waiting.pop(0)
        offer = DraftOffer(self.records, draft, self)
        offer.finished.connect(lambda _r: self._answered(offer))
        self.draft_offer = offer
        self._open_dialog(offer)

    def _answered(self, offer: DraftOffer) -> None:
        answer, draft = offer.answer(), offer.draft
        reopened = self.carry_on(draft) if answer == "carry on" else None
        if reopened is not None or answer == "no":
            profile = self.records.profile
            run_operation(self, lambda: drop_draft(profile, draft.id), records=self.records)
        offer.deleteLater()
        # A reopened form is answered first; the rest wait. A form that could not be
        # reopened keeps its draft (offered again at the next unlock) and the rest go on.
        if reopened is None:
            self._offer_next()

    def carry_on(self, draft: Draft) -> RecordDialog | None:
        """Reopen the form of a draft with every field as it was typed."""
        profile = self.records.profile
        editing = profile.get(draft.editing) if draft.editing else None
        state = since_started(profile, draft)
        family_record = _of_kind(editing, Family)
        family_id = draft.family if self.records.family(draft.family) else None
        family = self.records.family(family_id)
        session = _of_kind(editing, Session)
        openers: dict[str, Callable[[], QDialog | None]] = {
            "FamilyForm": lambda: self.edit_family(family_record),
            "SessionForm": lambda: (
                self.open_session(session) if session is not None else self.log_session(family)
            ),
            "FollowUpForm": lambda: self.open_follow_up(_of_kind(editing, FollowUp), family_id),
            "ReferralForm": lambda: self.open_referral(_of_kind(editing, Referral), family_id),
            "CelebrationForm": lambda: self.open_celebration(
                _of_kind(editing, Celebration), family_id
            ),
            "CheckInForm": lambda: self.open_check_in(_of_kind(editing, CheckIn), family_id),
            "ConsentForm": lambda: (
                self._add_for_family("consent", family_id) if family_id else None
            ),
            "MentorLogForm": lambda: self.open_log_entry(_of_kind(editing, MentorLogEntry)),
            "WorryForm": lambda: self.open_worry(_of_kind(editing, WorryPassedOn), family_id),
            "TalkThroughForm": lambda: self.open_talk_through(
                _of_kind(editing, TalkThrough), family_id
            ),
            "VenueForm": lambda: self.open_venue(_of_kind(editing, Venue)),
            "AgencyForm": lambda: self.open_agency(_of_kind(editing, Agency)),
            "SchoolForm": lambda: self.open_school(_of_kind(editing, School)),
        }
        opener = openers.get(draft.form)
        before = set(self._dialogs)
        if opener is not None:
            opener()
        opened = [d for d in self._dialogs if d not in before and isinstance(d, RecordDialog)]
        if not opened:
            self.tell(
                _(
                    "That form could not be opened again. What you typed is still kept, "
                    "and you will be asked about it after the next unlock."
                ),
                problem=True,
            )
            return None
        form = opened[0]
        form.put_back(dict(draft.fields))
        # What the form does not show comes from the record as it is now; what was
        # typed goes over it, and the mentor is told what saving will do.
        if state == CHANGED:
            form.started_from = draft.was
            form.say_at_top(
                _("This was changed after you started writing. Saving will replace those changes.")
            )
        elif state == GONE:
            form.say_at_top(
                _("The record you were changing was deleted; saving will add it again.")
            )
        form.finished.connect(lambda _r: self._offer_next())
        return form

    def _privacy_toggled(self, on: bool) -> None:
        self.records.set_privacy(on)
        self._preferences.set("privacy_screen", on)
        self.settings_page.privacy.setChecked(on)

    def _setting_changed(self, key: str) -> None:
        if key == "privacy_screen":
            self.privacy.setChecked(bool(self._preferences.get("privacy_screen")))
        self.setting_changed.emit(key)

    def close_everything(self) -> None:
        """Keep every unsaved form as a sealed draft, then close every dialog and empty
        every list: the profile is being locked, and nothing that showed a record may
        paint again."""
        self.keep_unsaved_forms()
        self.undo_stack.clear()
        self._drafts_waiting.clear()
        for dialog in list(self._dialogs):
            # A question inside a form ("Leave without saving?") ends first, unanswered.
            for question in dialog.findChildren(QMessageBox):
                question.reject()
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
