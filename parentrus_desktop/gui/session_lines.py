"""Saying how a planned session went in one step, wherever the session is shown: two
buttons ("It happened", "They could not come" with its reasons) or the same choices in
a line's right-click menu, and running that action off the UI thread."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

from PySide6.QtCore import QPoint, Qt, Signal
from PySide6.QtWidgets import QHBoxLayout, QListWidget, QMenu, QPushButton, QWidget

from parentrus_desktop.domain import Session
from parentrus_desktop.domain.vocabulary import NonAttendanceReason, SessionStatus
from parentrus_desktop.gui.operation import run_operation
from parentrus_desktop.gui.records import OpenRecords
from parentrus_desktop.gui.widgets import big_button
from parentrus_desktop.i18n import _
from parentrus_desktop.labels import label
from parentrus_desktop.operations import Done
from parentrus_desktop.operations.sessions import Marked, mark_held, mark_missed

#: What a screen passes on: the session, and why they could not come (None: it happened).
Outcome = Callable[[Session, NonAttendanceReason | None], None]


def can_say_how_it_went(session: Session, today: date) -> bool:
    """Only a planned session whose day has come can be marked held or missed."""
    return session.status is SessionStatus.PLANNED and session.on <= today


def reasons_menu(parent: QWidget, chosen: Callable[[NonAttendanceReason], None]) -> QMenu:
    """'They could not come', then why: one choice saves it."""
    menu = QMenu(_("They could not come"), parent)
    menu.setObjectName("reasons")
    for reason in NonAttendanceReason:
        action = menu.addAction(label(reason))
        action.setObjectName(f"reason-{reason.value}")
        action.triggered.connect(lambda _c=False, r=reason: chosen(r))
    return menu


class OutcomeButtons(QWidget):
    """The two buttons shown next to a planned session."""

    #: Fires with None when it happened, or with why they could not come.
    chosen = Signal(object)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        row = QHBoxLayout(self)
        row.setContentsMargins(0, 0, 0, 0)
        self.held = big_button(_("It happened"), "mark-held")
        self.held.clicked.connect(lambda: self.chosen.emit(None))
        words = _("They could not come")
        # The arrow is part of the text, so it follows the words in either direction (the
        # style's own menu arrow was lost on right-to-left pages); the themes hide that one.
        self.missed: QPushButton = big_button(words + " \u25be", "mark-missed")
        self.missed.setAccessibleName(words)
        # The button opens the list of reasons; picking one saves (Enter or Space opens it).
        self.missed.setMenu(reasons_menu(self.missed, self.chosen.emit))
        row.addWidget(self.held)
        row.addWidget(self.missed)


def outcome_menu_for(
    listing: QListWidget,
    session_at: Callable[[QPoint], Session | None],
    today: Callable[[], date],
    outcome: Outcome,
    extra: Callable[[QMenu, Session], None] = lambda _menu, _session: None,
) -> None:
    """A right-click (or Menu key) menu on a list of lines: for a planned session whose
    day has come, "It happened" and "They could not come"; ``extra`` adds more."""

    def show(point: QPoint) -> None:
        session = session_at(point)
        if session is None:
            return
        menu = QMenu(listing)
        extra(menu, session)
        if can_say_how_it_went(session, today()):
            held = menu.addAction(_("It happened"))
            held.setObjectName("mark-held")
            held.triggered.connect(lambda: outcome(session, None))
            menu.addMenu(reasons_menu(menu, lambda reason: outcome(session, reason)))
        if menu.actions():
            menu.popup(listing.viewport().mapToGlobal(point))

    listing.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
    listing.customContextMenuRequested.connect(show)


def save_outcome(
    owner: QWidget,
    records: OpenRecords,
    session: Session,
    reason: NonAttendanceReason | None,
    today: date,
    on_marked: Callable[[Marked], None] = lambda _marked: None,
) -> None:
    """Mark a planned session held (reason None) or missed, off the UI thread; every
    screen hears of it through ``records.changed``, ``on_marked`` gets what was saved
    (with its Undo), and a problem is shown in the owner's usual place."""
    profile, session_id = records.profile, session.id

    def work() -> Done[Marked]:
        if reason is None:
            return mark_held(profile, session_id, today)
        return mark_missed(profile, session_id, reason, today)

    run_operation(owner, work, lambda done: on_marked(done.result), records=records)
