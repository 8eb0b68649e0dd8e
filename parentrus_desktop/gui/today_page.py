"""Today: what is planned, what is overdue, who needs a call, whose check-in is due."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import UTC, date, datetime
from functools import partial
from typing import TypeVar

from PySide6.QtCore import QPoint, Qt, Signal
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QMenu,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from parentrus_desktop.bidi import left_to_right
from parentrus_desktop.domain import Family, FollowUp, Session
from parentrus_desktop.domain.vocabulary import ContactMethod
from parentrus_desktop.gui.records import OpenRecords
from parentrus_desktop.gui.session_lines import OutcomeButtons, outcome_menu_for
from parentrus_desktop.gui.sync_sender import SyncSender
from parentrus_desktop.gui.sync_words import today_lines
from parentrus_desktop.gui.talk_through import TalkThroughSection
from parentrus_desktop.gui.widgets import big_button, heading, line_button, words
from parentrus_desktop.i18n import _, format_day, format_day_and_weekday, format_time, ngettext
from parentrus_desktop.labels import label
from parentrus_desktop.operations.backups import NEVER_REMIND, overdue, reminder_days
from parentrus_desktop.operations.retention import erasable, families_due, rule_in_force
from parentrus_desktop.operations.today import what_is_on
from parentrus_desktop.store.backup import last_external_backup

#: What one line of a section is about (a session, a follow-up, a family...).
L = TypeVar("L")

FAMILY_ID = Qt.ItemDataRole.UserRole
SESSION = Qt.ItemDataRole.UserRole + 1  # the session a line is about, if it is one


class TodayPage(QScrollArea):
    #: Fires with a family id when the mentor opens an item about that family.
    open_family = Signal(str)
    #: Fires when the mentor opens the line about reports for the school.
    open_school_page = Signal()
    #: Fires when the mentor wants to back up now (the reminder's button).
    open_backups = Signal()
    #: Fires with a session id when the mentor opens a line about a session.
    open_session = Signal(str)
    #: Fires with (session, None) when it happened, (session, reason) when they could not come.
    session_outcome = Signal(object, object)
    #: Fires with a Family due for erasure: the mentor chose Erase (the dialog asks first).
    erase_family = Signal(object)
    #: Fires with a Family due for erasure: the mentor chose to keep it for longer.
    keep_family = Signal(object)
    #: Fires with the list of Families due for erasure: "Erase these N families…".
    erase_families = Signal(object)
    #: Fires with (TalkThrough or None, "open" | "done" | "summary") from the manager list.
    talk_through = Signal(object, str)

    def __init__(
        self, records: OpenRecords, today: Callable[[], date], sender: SyncSender | None = None
    ) -> None:
        super().__init__()
        self.setObjectName("today")
        self.setAccessibleName(_("Today"))
        self.setWidgetResizable(True)
        self._records = records
        self._today = today
        self._sender = sender
        #: One row per planned session whose day has passed (none when all are said).
        self.to_confirm: list[tuple[Session, OutcomeButtons]] = []
        #: The lines about reports for the school (none when all were received).
        self.report_lines: list[QPushButton] = []
        #: The reminder to back up to a USB stick or folder, when one is due.
        self.backup_reminder: QPushButton | None = None
        #: One row per closed family due for erasure: (family, Erase button, Keep button).
        self.due_for_erasure: list[tuple[Family, QPushButton, QPushButton]] = []
        #: "Erase these N families…", when more than one is due.
        self.erase_all_due: QPushButton | None = None
        #: The line that says erased families are still being erased from the backups.
        self.backups_cleaning_line: QLabel | None = None
        if sender is not None:
            sender.state_changed.connect(self.refresh)
        # Bound methods, not lambdas: Qt drops the connection when this page is deleted.
        records.changed.connect(self.refresh)
        records.privacy_changed.connect(self.refresh)
        records.backups_cleaning.connect(self.refresh)
        self.refresh()

    def refresh(self, *_why: object) -> None:
        day = self._today()
        shown = what_is_on(self._records.profile, day)
        page = QWidget()
        layout = QVBoxLayout(page)
        layout.addWidget(heading(_("Today, {day}").format(day=format_day_and_weekday(day))))
        layout.addWidget(words(_("Double-click a line, or press Enter, to open it.")))
        self._reports_lines(layout)
        self._backup_reminder(layout)
        self._school_unknown_section(layout, shown.school_unknown)
        self._due_for_erasure(layout, day)
        self._backups_cleaning(layout)
        self._did_this_happen(layout, shown.did_this_happen)
        self._section(
            layout,
            _("Sessions today"),
            shown.sessions_today,
            self._session_line,
            _("No sessions planned today."),
            "sessions-today",
        )
        self._section(
            layout,
            _("Later this week"),
            shown.sessions_this_week,
            self._session_line,
            _("Nothing else planned this week."),
            "sessions-week",
        )
        self._section(
            layout,
            _("Families to call: they could not come"),
            shown.families_to_call,
            self._to_call_line,
            _("Nobody to call."),
            "to-call",
            lines=2,
        )
        self._section(
            layout,
            _("Follow-ups that are late"),
            shown.overdue_follow_ups,
            self._follow_up_line,
            _("Nothing is late."),
            "overdue",
        )
        self._section(
            layout,
            _("Waiting for the school to answer"),
            shown.school_requests_waiting,
            self._follow_up_line,
            _("No requests waiting."),
            "school-waiting",
        )
        self._section(
            layout,
            _("Plans to review"),
            shown.plans_to_review,
            self._plan_line,
            _("No plan is due for review this week."),
            "plans-to-review",
        )
        self._section(
            layout,
            _("Check-ins due"),
            shown.check_ins_due,
            lambda f: (self._records.family_label(f), f.id),
            _("No check-ins due."),
            "check-ins",
        )
        self.talk_through_section = TalkThroughSection(self._records, self.talk_through.emit)
        layout.addWidget(self.talk_through_section)
        layout.addStretch()
        old = self.takeWidget()
        if old is not None:
            old.deleteLater()
        self.setWidget(page)

    def _reports_lines(self, layout: QVBoxLayout) -> None:
        """Reports still on their way to the school, or refused by it: one click to see."""
        self.report_lines = []
        if self._sender is None:
            return
        for name, text in today_lines(self._sender.state.entries):
            line = line_button(text, name)
            line.clicked.connect(self.open_school_page.emit)
            row = QHBoxLayout()
            row.addWidget(line)
            row.addStretch()
            layout.addLayout(row)
            self.report_lines.append(line)

    def _backup_reminder(self, layout: QVBoxLayout) -> None:
        """A line when the last backup to a USB stick or folder is older than the interval
        the mentor chose in Settings (14 days unless changed), or there is none: losing
        the laptop would lose everything since. None when the mentor chose "never"."""
        self.backup_reminder = None
        last = last_external_backup(self._records.profile)  # read once: Today is redrawn often
        days = reminder_days(self._records.profile)
        if days == NEVER_REMIND or not overdue(last, datetime.now(UTC), days):
            return
        text = (
            _("Your records have never been backed up to a USB stick or folder. Back up now…")
            if last is None
            else _("Your last backup to a USB stick or folder was on {day}. Back up now…").format(
                day=format_day(last.astimezone().date(), "long")
            )
        )
        line = line_button(text, "backup-reminder")
        line.clicked.connect(self.open_backups.emit)
        row = QHBoxLayout()
        row.addWidget(line)
        row.addStretch()
        layout.addLayout(row)
        self.backup_reminder = line

    def _school_unknown_section(self, layout: QVBoxLayout, families: list[Family]) -> None:
        """Families no school's report counts, because none of their children is at a
        school in the list. Shown only when there are some: it asks the mentor to act."""
        if not families:
            return
        self._section(
            layout,
            _("Which school? These families are not counted until you say"),
            families,
            lambda f: (self._records.family_label(f), f.id),
            "",
            "school-unknown",
        )
        layout.addWidget(
            words(
                _("Open the family, press Edit, and add each child with their school."),
                "school-unknown-how",
            )
        )

    def _due_for_erasure(self, layout: QVBoxLayout, day: date) -> None:
        """Closed families kept longer than the retention rule: erase or keep, each in one
        step. Shown only when there are some."""
        self.due_for_erasure = []
        profile = self._records.profile
        due = families_due(profile, day)
        if not due:
            return
        months = rule_in_force(profile).months  # a school's maximum when shorter
        title = ngettext(
            "Closed more than {months} month ago: due for erasure",
            "Closed more than {months} months ago: due for erasure",
            months,
        ).format(months=months)
        layout.addWidget(heading(title, "section"))
        box = QWidget()
        box.setObjectName("due-for-erasure")
        box.setAccessibleName(title)
        rows = QVBoxLayout(box)
        rows.setContentsMargins(0, 0, 0, 0)
        for item in due:
            family = item.family
            text = _("{family} · closed {day}").format(
                family=self._records.family_label(family), day=format_day(item.closed_on)
            )
            if item.kept_until is not None:
                text += " · " + _("kept until {day}").format(day=format_day(item.kept_until))
            if item.held_for_safeguarding:
                # Never erased automatically nor with the others: only by itself, by hand.
                text += " · " + _("held: a safety worry was passed on")
            row = QHBoxLayout()
            line = line_button(text, "due-family")
            line.setToolTip(_("Open the family"))
            line.clicked.connect(lambda _c=False, f=family: self.open_family.emit(f.id))
            row.addWidget(line)
            row.addStretch()
            erase = big_button(_("Erase…"), "erase-due")
            erase.setAccessibleDescription(text)
            erase.clicked.connect(lambda _c=False, f=family: self.erase_family.emit(f))
            keep = big_button(_("Keep for longer…"), "keep-due")
            keep.setAccessibleDescription(text)
            keep.clicked.connect(lambda _c=False, f=family: self.keep_family.emit(f))
            row.addWidget(erase)
            row.addWidget(keep)
            rows.addLayout(row)
            self.due_for_erasure.append((family, erase, keep))
        layout.addWidget(box)
        self.erase_all_due = None
        families = [item.family for item in erasable(due)]
        if len(families) > 1:
            self.erase_all_due = big_button(
                ngettext(
                    "Erase this {count} family…", "Erase these {count} families…", len(families)
                ).format(count=len(families)),
                "erase-all-due",
            )
            self.erase_all_due.clicked.connect(lambda: self.erase_families.emit(families))
            row = QHBoxLayout()
            row.addWidget(self.erase_all_due)
            row.addStretch()
            layout.addLayout(row)

    def _backups_cleaning(self, layout: QVBoxLayout) -> None:
        """A plain line while erased families are still being erased from this laptop's
        own backups (in the background: the mentor can keep working)."""
        self.backups_cleaning_line = None
        if not self._records.cleaning_backups:
            return
        self.backups_cleaning_line = words(
            _(
                "Still removing erased families from the backups on this laptop. "
                "You can keep working."
            ),
            "backups-cleaning",
        )
        layout.addWidget(self.backups_cleaning_line)

    def _plan_line(self, family: Family) -> tuple[str, str | None]:
        review_on = family.plan.review_on
        when = format_day(review_on) if review_on is not None else ""
        return (
            _("{family} · review the plan on {day}").format(
                family=self._records.family_label(family), day=when
            ),
            family.id,
        )

    def _section(
        self,
        layout: QVBoxLayout,
        title: str,
        items: Sequence[L],
        line: Callable[[L], tuple[str, str | None]],
        empty: str,
        name: str,
        lines: int = 1,
    ) -> None:
        layout.addWidget(heading(title, "section"))
        if not items:
            layout.addWidget(words(empty, "empty"))
            return
        shown = QListWidget()
        shown.setObjectName(name)
        shown.setAccessibleName(title)
        for item in items:
            text, family_id = line(item)
            entry = QListWidgetItem(text, shown)
            entry.setData(FAMILY_ID, family_id)
            if isinstance(item, Session):
                entry.setData(SESSION, item)
        shown.setMaximumHeight(min(len(items), 6) * 34 * lines + 8)
        shown.itemActivated.connect(self._activated)
        if items and isinstance(items[0], Session):
            outcome_menu_for(
                shown,
                partial(self._session_at, shown),
                self._today,
                self.session_outcome.emit,
                self._family_choice,
            )
        layout.addWidget(shown)

    def _activated(self, item: QListWidgetItem) -> None:
        session = item.data(SESSION)
        if isinstance(session, Session):
            self.open_session.emit(session.id)
            return
        family_id = item.data(FAMILY_ID)
        if family_id:
            self.open_family.emit(family_id)

    @staticmethod
    def _session_at(shown: QListWidget, point: QPoint) -> Session | None:
        item = shown.itemAt(point)
        session = item.data(SESSION) if item is not None else None
        return session if isinstance(session, Session) else None

    def _family_choice(self, menu: QMenu, session: Session) -> None:
        """A session line opens the session; its menu still leads to the family."""
        opened = menu.addAction(_("Open this session"))
        opened.triggered.connect(lambda: self.open_session.emit(session.id))
        if session.families:
            family = menu.addAction(_("Open the family"))
            family.triggered.connect(lambda: self.open_family.emit(session.families[0]))

    def _did_this_happen(self, layout: QVBoxLayout, sessions: list[Session]) -> None:
        """Planned sessions whose day has passed, each with the one-step answer. Shown
        only when there is something to answer."""
        self.to_confirm = []
        if not sessions:
            return
        layout.addWidget(heading(_("Did this happen?"), "section"))
        box = QWidget()
        box.setObjectName("did-this-happen")
        box.setAccessibleName(_("Did this happen?"))
        rows = QVBoxLayout(box)
        rows.setContentsMargins(0, 0, 0, 0)
        for session in sessions:
            row = QHBoxLayout()
            text, _family = self._session_line(session)
            line = line_button(text, "session-to-confirm")
            line.setToolTip(_("Open this session"))
            line.clicked.connect(lambda _c=False, s=session: self.open_session.emit(s.id))
            row.addWidget(line)
            row.addStretch()
            answer = OutcomeButtons()
            for button in (answer.held, answer.missed):  # a screen reader says which session
                button.setAccessibleDescription(text)
            answer.chosen.connect(lambda reason, s=session: self.session_outcome.emit(s, reason))
            row.addWidget(answer)
            rows.addLayout(row)
            self.to_confirm.append((session, answer))
        layout.addWidget(box)

    def _session_line(self, session: Session) -> tuple[str, str | None]:
        who = ", ".join(
            self._records.family_label(self._records.family(f)) for f in session.families
        )
        day = "" if session.on == self._today() else format_day_and_weekday(session.on)
        time = format_time(session.starts_at) if session.starts_at else ""
        when = " ".join(part for part in (day, time) if part)
        return f"{when} · {label(session.session_kind)} · {who}", session.families[
            0
        ] if session.families else None

    def _to_call_line(self, follow_up: FollowUp) -> tuple[str, str | None]:
        """A family to call, with how to reach them under it (not on the privacy screen:
        a phone number is as personal as a name)."""
        text, family_id = self._follow_up_line(follow_up)
        family = self._records.family(follow_up.family)
        if family is None or self._records.privacy:
            return text, family_id
        return text + "\n" + how_to_reach(family), family_id

    def _follow_up_line(self, follow_up: FollowUp) -> tuple[str, str | None]:
        who = self._records.family_label(self._records.family(follow_up.family))
        # What a follow-up says is typed by the mentor and may name people: not in public.
        what = label(follow_up.owner) if self._records.privacy else _(follow_up.what)
        return (f"{format_day(follow_up.due_on)} · {who} · {what}", follow_up.family)


def how_to_reach(family: Family) -> str:
    """How the family likes to be contacted, with the phone number and the good times to
    call, as the family form has them ("Call 07700 900123 · Good times to call: after
    school")."""
    contact = family.contact
    phone = left_to_right(contact.phone)
    by_phone = contact.method in (ContactMethod.PHONE_CALL, ContactMethod.TEXT_MESSAGE)
    if contact.phone and contact.method is ContactMethod.PHONE_CALL:
        parts = [_("Call {phone}").format(phone=phone)]
    elif contact.phone and contact.method is ContactMethod.TEXT_MESSAGE:
        parts = [_("Send a text to {phone}").format(phone=phone)]
    elif contact.phone:
        parts = [label(contact.method), _("Phone: {phone}").format(phone=phone)]
    elif by_phone:
        parts = [label(contact.method), _("No phone number written down")]
    else:
        parts = [label(contact.method)]
    if contact.best_times:
        parts.append(_("Good times to call: {times}").format(times=contact.best_times))
    return " · ".join(parts)
