"""Logging a session, or changing one already saved: one family or several, where,
when, what about, and whether it happened. A missed session also creates a follow-up
to find out why.

A new session starts from defaults that fit a session logged just after it ended (see
operations/session_defaults.py): now, the mentor's last length, and, as families are
ticked, their languages and the place last used with them, until the mentor sets those
fields by hand. A saved session opens exactly as it was saved."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager, suppress
from datetime import date, datetime, time, timedelta
from typing import TypeVar

from PySide6.QtCore import Qt, QTime, Signal
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QHBoxLayout,
    QSpinBox,
    QTimeEdit,
    QWidget,
)

from parentrus_desktop.domain import Family, FollowUp, Record, Session, Venue, new_record_id
from parentrus_desktop.domain.rules import follow_ups_after_saving
from parentrus_desktop.domain.session import SINGLE_FAMILY_KINDS
from parentrus_desktop.domain.validation import N_, InvalidRecord
from parentrus_desktop.domain.vocabulary import (
    FamilyStatus,
    NonAttendanceReason,
    SessionKind,
    SessionStatus,
    Topic,
    VenueCategory,
)
from parentrus_desktop.gui.choosers import (
    NO_CHOICE,
    TickList,
    choice_box,
    choice_list,
    chosen_data,
    language_list,
)
from parentrus_desktop.gui.language import time_format
from parentrus_desktop.gui.record_dialog import RecordDialog, day_box, day_in, text_box
from parentrus_desktop.gui.records import OpenRecords
from parentrus_desktop.gui.safeguarding import worry_button
from parentrus_desktop.gui.session_lines import OutcomeButtons, can_say_how_it_went
from parentrus_desktop.gui.talk_through import add_session_tick
from parentrus_desktop.gui.widgets import MinutesBox, big_button, words
from parentrus_desktop.i18n import _
from parentrus_desktop.operations import Done
from parentrus_desktop.operations import records as record_actions
from parentrus_desktop.operations.session_defaults import (
    KINDS_WITH_THEIR_OWN_PLACE,
    languages_of,
    last_length,
    last_place_with,
    quarter_hour_before,
    remember_length,
)
from parentrus_desktop.vault.errors import VaultError

T = TypeVar("T")
#: Sessions are logged after they happen or planned ahead, but not years ahead.
FURTHEST_AHEAD_DAYS = 366
SHORTEST_CHOSEN_MINUTES = 5
_VENUE_FOR_KIND = {
    SessionKind.HOME_VISIT: VenueCategory.FAMILY_HOME,
    SessionKind.PHONE_OR_VIDEO: VenueCategory.PHONE_OR_ONLINE,
    SessionKind.SCHOOL_MEETING: VenueCategory.SCHOOL,
}


def in_saved_order(ticked: Iterable[T], saved: Sequence[T]) -> tuple[T, ...]:
    """What is ticked, in the order the session had it, new ticks after: a list shown in
    another order must not change the record when nothing was changed."""
    chosen = list(ticked)
    return tuple([x for x in saved if x in chosen] + [x for x in chosen if x not in saved])


def _row_of(problem: QWidget) -> QWidget:
    """The field part of a form row, from the problem line under its field."""
    row = problem.parentWidget()
    assert row is not None  # add_row puts the problem line in the row
    return row


class SessionForm(RecordDialog):
    #: Languages, topics, notes and "Did it happen?" beside the rest on a wide screen.
    second_column_from = "session-languages"
    #: Fires with the first ticked family's id ("" for none): a worry about a child.
    worried = Signal(str)

    def __init__(
        self,
        records: OpenRecords,
        today: date,
        *,
        family: Family | None = None,
        session: Session | None = None,
        now: time | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(
            records,
            _("Change a session") if session else _("Log a session"),
            parent,
            editing=session,
        )
        self._today = today
        #: The session as saved, when changing one: what the form does not show is kept.
        self.session = s = session
        profile = records.profile
        if s is not None and can_say_how_it_went(s, today):
            # Said in one step: the status is set and the form saved with it.
            self.outcome: OutcomeButtons | None = OutcomeButtons()
            self.outcome.chosen.connect(self._outcome_chosen)
            how = QHBoxLayout()
            how.addWidget(words(_("This session was planned. Did it happen?")), 1)
            how.addWidget(self.outcome)
            self.form.addRow(how)
        else:
            self.outcome = None
        self.kind = choice_box(SessionKind, "kind", s.session_kind if s else None)
        self.problems.add_row(self.form, _("What kind of session"), self.kind, "session_kind")
        came = set(s.families) if s else {family.id} if family else set()
        families = sorted(
            (f for f in profile.all(Family) if f.status is not FamilyStatus.CLOSED or f.id in came),
            key=lambda f: records.family_label(f).casefold(),
        )
        options = [(f.id, records.family_label(f)) for f in families]
        known = {f.id for f in families}
        # A family no longer in the records stays ticked, so saving does not drop it.
        options += [(f, _("(a family no longer in your records)")) for f in came - known]
        self.families: TickList[str] = TickList(
            "families", options, s.families if s else [family.id] if family else []
        )
        self.problems.add_row(
            self.form, _("Who came (tick each family)"), self.families, "families"
        )
        self.others = QSpinBox()
        self.others.setObjectName("others")
        self.others.setRange(0, 500)
        self.others.setValue(s.others if s else 0)
        self._others_row = _row_of(
            self.problems.add_row(
                self.form, _("Other people there (not families you mentor)"), self.others, "others"
            )
        )
        # What was talked about and the notes come right after who came: after a
        # meeting they are what the mentor types, while where and when are filled in.
        self.topics = choice_list("topics", Topic, s.topics if s else ())
        self.problems.add_row(self.form, _("What you talked about"), self.topics, "topics")
        # With the privacy screen on, notes typed earlier (they may name people) are not
        # shown, and saving keeps them as they were.
        hidden = s is not None and bool(s.notes) and records.privacy
        self.notes = text_box("notes", s.notes if s and not hidden else "", lines=5)
        if hidden:
            self.notes.setEnabled(False)
            self.notes.setPlaceholderText(
                _("Turn off the privacy screen to see or change the notes.")
            )
        # Qt may give back the text a little differently (line ends, no-break spaces):
        # remembered as shown, so an untouched box keeps the notes exactly as saved.
        self._notes_shown = self.notes.toPlainText()
        self.problems.add_row(self.form, _("Notes"), self.notes, "notes")
        self.venue_category = choice_box(
            VenueCategory, "venue-category", s.venue_category if s else None
        )
        self.problems.add_row(self.form, _("Where"), self.venue_category, "venue_category")
        self.venues = sorted(profile.all(Venue), key=lambda v: v.name.casefold())
        self.venue = QComboBox()
        self.venue.setObjectName("venue")
        self.venue.addItem(_("(no particular place)"), NO_CHOICE)
        for venue in self.venues:
            self.venue.addItem(venue.name, venue.id)
        if s is not None and s.venue is not None:
            if self.venue.findData(s.venue) < 0:  # taken off the list since: kept
                self.venue.addItem(_("(a place no longer in your list)"), s.venue)
            self.venue.setCurrentIndex(self.venue.findData(s.venue))
        self.problems.add_row(self.form, _("Which place"), self.venue, "venue")
        self.day = day_box("day", s.on if s else today)
        self.problems.add_row(self.form, _("Date"), self.day, "on")
        # A new session is logged just after it ended, or planned: it starts from now.
        starts = (
            s.starts_at if s and s.starts_at else quarter_hour_before(now or datetime.now().time())
        )
        self.starts = QTimeEdit(QTime(starts.hour, starts.minute))
        self.starts.setObjectName("starts-at")
        self.starts.setDisplayFormat(time_format())
        self.starts.setAccessibleName(_("Start time"))
        self.no_time = QCheckBox(_("No set time"))
        self.no_time.setObjectName("no-start-time")
        self.no_time.setChecked(s is not None and s.starts_at is None)
        self.no_time.toggled.connect(lambda on: self.starts.setEnabled(not on))
        self.starts.setEnabled(not self.no_time.isChecked())
        when = QHBoxLayout()
        when.addWidget(self.starts)
        when.addWidget(self.no_time)
        when.addStretch()
        self.problems.add_row(self.form, _("Start time"), when, "starts_at")
        minutes = s.minutes if s else last_length(profile)
        self.minutes = MinutesBox(
            "minutes",
            minutes,
            lowest=min(SHORTEST_CHOSEN_MINUTES, minutes),
            highest=12 * 60,
            step=15,
        )
        self.problems.add_row(self.form, _("How long"), self.minutes, "minutes")
        self.languages = language_list(
            "session-languages",
            s.languages if s else (),
            # The families' own languages come first (the same list whichever family
            # the form was opened for, so a form kept at lock comes back the same).
            offered=languages_of(families),
        )
        self.problems.add_row(self.form, _("Languages used"), self.languages, "languages")
        self.interpreter = QCheckBox(_("An interpreter helped"))
        self.interpreter.setObjectName("interpreter-used")
        self.interpreter.setChecked(bool(s and s.interpreter_used))
        self.problems.add_row(self.form, "", self.interpreter, "interpreter_used")
        self.status = choice_box(SessionStatus, "status", s.status if s else SessionStatus.HELD)
        self.problems.add_row(self.form, _("Did it happen?"), self.status, "status")
        self.reason = choice_box(
            NonAttendanceReason,
            "reason",
            (s.non_attendance_reason if s else None) or NonAttendanceReason.UNKNOWN,
        )
        self._reason_row = _row_of(
            self.problems.add_row(
                self.form, _("Why they could not come"), self.reason, "non_attendance_reason"
            )
        )
        worried = worry_button()
        worried.clicked.connect(lambda: self.worried.emit(next(iter(self.families.ticked()), "")))
        self.form.addRow(worried)
        self.talk_through = add_session_tick(self)  # once saved, for supervision
        self.status.currentIndexChanged.connect(self._status_changed)
        self.kind.currentIndexChanged.connect(self._kind_changed)
        self.venue.currentIndexChanged.connect(self._venue_changed)
        #: True while the form itself fills a field (not the mentor).
        self._following = False
        #: A new session's languages and place follow the ticked families until the
        #: mentor sets them; a saved session's never change by themselves.
        self._languages_follow = self._place_follows = s is None
        self.families.itemChanged.connect(self._families_changed)
        self.languages.itemChanged.connect(self._languages_set)
        self.venue.currentIndexChanged.connect(self._place_set)
        self.venue_category.currentIndexChanged.connect(self._place_set)
        self._status_changed()
        self._kind_changed(keep_place=s is not None)  # a saved session keeps its place
        #: What to add for the same family once the session is saved, if anything.
        self.then: str | None = None
        for position, (then, text) in enumerate(
            (
                ("follow_up", _("Save, then add a follow-up")),
                ("referral", _("Save, then add a referral")),
                ("celebration", _("Save, then add a celebration")),
            )
        ):
            button = big_button(text, f"save-then-{then}")
            button.clicked.connect(lambda _c=False, t=then: self._save_then(t))
            self.buttons.insertWidget(position, button)
        self.watch(
            self.kind,
            self.families,
            self.others,
            self.venue_category,
            self.venue,
            self.day,
            self.starts,
            self.no_time,
            self.minutes,
            self.languages,
            self.interpreter,
            self.topics,
            self.notes,
            self.status,
            self.reason,
        )
        self.kind.setFocus()

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        # The family the form was opened for (the first ticked) is in view, not scrolled
        # away in a long list (only a shown list knows its rows' places).
        for row in range(self.families.count()):
            if self.families.item(row).checkState() == Qt.CheckState.Checked:
                self.families.scrollToItem(self.families.item(row))
                break

    def _save_then(self, then: str) -> None:
        self.then = then
        self.save()

    def _outcome_chosen(self, reason: NonAttendanceReason | None) -> None:
        """'It happened' or 'They could not come' on a planned session: set and save."""
        if reason is None:
            self.status.choose(SessionStatus.HELD)
        else:
            self.status.choose(SessionStatus.DID_NOT_ATTEND)
            self.reason.choose(reason)
        self.save()

    def _status_changed(self) -> None:
        missed = self.status.chosen() is SessionStatus.DID_NOT_ATTEND
        self.reason.setEnabled(missed)
        # Asked only when it applies: the form stays short enough to see at once.
        self.set_row_visible(self._reason_row, missed)

    def _kind_changed(self, *_index: object, keep_place: bool = False) -> None:
        category = _VENUE_FOR_KIND.get(self.kind.chosen())
        if category is not None and not keep_place:
            with self._by_the_form():
                self.venue_category.choose(category)
        group = self.kind.chosen() not in SINGLE_FAMILY_KINDS
        self.others.setEnabled(group)
        self.set_row_visible(self._others_row, group or self.others.value() != 0)
        if not keep_place:
            self._follow_families()

    def _venue_changed(self) -> None:
        """A saved place says what kind of place it is: "Where" follows it."""
        venue = next((v for v in self.venues if v.id == chosen_data(self.venue)), None)
        if venue is not None:
            with self._by_the_form():
                self.venue_category.choose(venue.category)

    # -- defaults that follow the ticked families -----------------------------------

    @contextmanager
    def _by_the_form(self) -> Iterator[None]:
        """Fields set inside this are filled by the form, not chosen by the mentor."""
        was, self._following = self._following, True
        try:
            yield
        finally:
            self._following = was

    def _families_changed(self, *_item: object) -> None:
        if not self._following:
            self._follow_families()

    def _languages_set(self, *_item: object) -> None:
        if not self._following:
            self._languages_follow = False

    def _place_set(self, *_index: object) -> None:
        if not self._following:
            self._place_follows = False

    def _follow_families(self) -> None:
        """A new session's languages are the ticked families' languages, and its place
        the last one used with the first ticked family that has one."""
        ticked = self.families.ticked()
        with self._by_the_form():
            if self._languages_follow:
                found = (self.records.family(f) for f in ticked)
                wanted = set(languages_of(f for f in found if f is not None))
                for row in range(self.languages.count()):
                    item = self.languages.item(row)
                    on = item.data(Qt.ItemDataRole.UserRole) in wanted
                    state = Qt.CheckState.Checked if on else Qt.CheckState.Unchecked
                    if item.checkState() != state:
                        item.setCheckState(state)
            if self._place_follows:
                self._follow_place(ticked)

    def _follow_place(self, ticked: list[str]) -> None:
        if self.kind.chosen() in KINDS_WITH_THEIR_OWN_PLACE:
            # A home visit is at home: a saved place chosen by the form would be wrong.
            self.venue.setCurrentIndex(self.venue.findData(NO_CHOICE))
            return
        profile = self.records.profile
        place = next(
            (p for p in (last_place_with(profile, f) for f in ticked) if p is not None), None
        )
        if place is None:
            return
        self.venue.setCurrentIndex(max(0, self.venue.findData(place.venue or NO_CHOICE)))
        if place.venue is None:
            self.venue_category.choose(place.category)

    def saving(self, records: list[Record]) -> Callable[[], Done[record_actions.Undo]]:
        """Save, and remember a new session's length for the next one (sealed)."""
        save = super().saving(records)
        if self.session is not None:
            return save
        profile, minutes = self.records.profile, self.minutes.value()

        def work() -> Done[record_actions.Undo]:
            done = save()
            # A convenience only: the session is saved, and that is what counts.
            with suppress(VaultError):
                remember_length(profile, minutes)
            return done

        return work

    def build(self) -> list[Record]:
        before = self.session
        on = day_in(self.day)
        status = self.status.chosen()
        # A saved session is checked only on what was changed: one saved again as it
        # was (say, planned far ahead by an import) must not be refused.
        moved = before is None or on != before.on or status is not before.status
        if moved and on > self._today + timedelta(days=FURTHEST_AHEAD_DAYS):
            raise InvalidRecord("on", N_("This date is more than a year away. Please check it."))
        if moved and on > self._today and status is not SessionStatus.PLANNED:
            raise InvalidRecord("status", N_("A session in the future can only be planned."))
        kind = self.kind.chosen()
        starts = self.starts.time()
        notes = self.notes.toPlainText()
        if before is not None and notes == self._notes_shown:
            notes = before.notes
        saved_families = before.families if before else ()
        session = Session(
            id=before.id if before else new_record_id(),
            session_kind=kind,
            venue_category=self.venue_category.chosen(),
            venue=chosen_data(self.venue),
            on=on,
            starts_at=None if self.no_time.isChecked() else time(starts.hour(), starts.minute()),
            minutes=self.minutes.value(),
            families=in_saved_order(self.families.ticked(), saved_families),
            others=self.others.value() if kind not in SINGLE_FAMILY_KINDS else 0,
            languages=in_saved_order(self.languages.ticked(), before.languages if before else ()),
            interpreter_used=self.interpreter.isChecked(),
            topics=in_saved_order(self.topics.ticked(), before.topics if before else ()),
            topic_other=before.topic_other if before else "",
            notes=notes,
            status=status,
            non_attendance_reason=self.reason.chosen()
            if status is SessionStatus.DID_NOT_ATTEND
            else None,
            entered_on=before.entered_on if before else self._today,
        )
        follow_ups = follow_ups_after_saving(
            session,
            self._today,
            before=before,
            existing=self.records.profile.all(FollowUp) if before else (),
        )
        return [session, *follow_ups]
