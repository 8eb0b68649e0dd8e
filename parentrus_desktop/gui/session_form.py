"""Logging a session: one family or several, where, when, what about, and whether it
happened. A missed session also creates a follow-up to find out why."""

from __future__ import annotations

from datetime import date, time, timedelta

from PySide6.QtCore import QTime
from PySide6.QtWidgets import QCheckBox, QComboBox, QSpinBox, QTimeEdit, QWidget

from parentrus_desktop.domain import Family, Record, Session, Venue, new_record_id
from parentrus_desktop.domain.rules import follow_ups_for
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
from parentrus_desktop.gui.choosers import TickList, choice_box, choice_list, language_list
from parentrus_desktop.gui.record_dialog import RecordDialog, day_box, text_box
from parentrus_desktop.gui.records import OpenRecords
from parentrus_desktop.gui.widgets import MinutesBox, big_button
from parentrus_desktop.i18n import _

#: Sessions are logged after they happen or planned ahead, but not years ahead.
FURTHEST_AHEAD_DAYS = 366
_VENUE_FOR_KIND = {
    SessionKind.HOME_VISIT: VenueCategory.FAMILY_HOME,
    SessionKind.PHONE_OR_VIDEO: VenueCategory.PHONE_OR_ONLINE,
    SessionKind.SCHOOL_MEETING: VenueCategory.SCHOOL,
}


class SessionForm(RecordDialog):
    def __init__(
        self,
        records: OpenRecords,
        today: date,
        *,
        family: Family | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(records, _("Log a session"), parent)
        self._today = today
        profile = records.profile
        self.kind = choice_box(SessionKind, "kind")
        self.problems.add_row(self.form, _("What kind of session"), self.kind, "session_kind")
        families = sorted(
            (f for f in profile.all(Family) if f.status is not FamilyStatus.CLOSED or f is family),
            key=lambda f: records.family_label(f).casefold(),
        )
        self.families: TickList[str] = TickList(
            "families",
            [(f.id, records.family_label(f)) for f in families],
            [family.id] if family else [],
        )
        self.problems.add_row(
            self.form, _("Who came (tick each family)"), self.families, "families"
        )
        self.others = QSpinBox()
        self.others.setObjectName("others")
        self.others.setRange(0, 500)
        self.problems.add_row(
            self.form, _("Other people there (not families you mentor)"), self.others, "others"
        )
        self.venue_category = choice_box(VenueCategory, "venue-category")
        self.problems.add_row(self.form, _("Where"), self.venue_category, "venue_category")
        self.venues = sorted(profile.all(Venue), key=lambda v: v.name.casefold())
        self.venue = QComboBox()
        self.venue.setObjectName("venue")
        self.venue.addItem(_("(no particular place)"), None)
        for venue in self.venues:
            self.venue.addItem(venue.name, venue.id)
        self.problems.add_row(self.form, _("Which place"), self.venue, "venue")
        self.day = day_box("day", today)
        self.problems.add_row(self.form, _("Date"), self.day, "on")
        self.starts = QTimeEdit(QTime(10, 0))
        self.starts.setObjectName("starts-at")
        self.starts.setDisplayFormat("HH:mm")
        self.problems.add_row(self.form, _("Start time"), self.starts, "starts_at")
        self.minutes = MinutesBox("minutes", 60, lowest=5, highest=12 * 60, step=15)
        self.problems.add_row(self.form, _("How long"), self.minutes, "minutes")
        self.languages = language_list("session-languages", family.languages if family else ())
        self.problems.add_row(self.form, _("Languages used"), self.languages, "languages")
        self.interpreter = QCheckBox(_("An interpreter helped"))
        self.interpreter.setObjectName("interpreter-used")
        self.problems.add_row(self.form, "", self.interpreter, "interpreter_used")
        self.topics = choice_list("topics", Topic)
        self.problems.add_row(self.form, _("What you talked about"), self.topics, "topics")
        self.notes = text_box("notes", lines=5)
        self.problems.add_row(self.form, _("Notes"), self.notes, "notes")
        self.status = choice_box(SessionStatus, "status", SessionStatus.HELD)
        self.problems.add_row(self.form, _("Did it happen?"), self.status, "status")
        self.reason = choice_box(NonAttendanceReason, "reason", NonAttendanceReason.UNKNOWN)
        self.problems.add_row(
            self.form, _("Why they could not come"), self.reason, "non_attendance_reason"
        )
        self.status.currentIndexChanged.connect(self._status_changed)
        self.kind.currentIndexChanged.connect(self._kind_changed)
        self._status_changed()
        self._kind_changed()
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
            self.minutes,
            self.languages,
            self.interpreter,
            self.topics,
            self.notes,
            self.status,
            self.reason,
        )
        self.kind.setFocus()

    def _save_then(self, then: str) -> None:
        self.then = then
        self.save()

    def _status_changed(self) -> None:
        self.reason.setEnabled(self.status.chosen() is SessionStatus.DID_NOT_ATTEND)

    def _kind_changed(self) -> None:
        category = _VENUE_FOR_KIND.get(self.kind.chosen())
        if category is not None:
            self.venue_category.choose(category)
        self.others.setEnabled(self.kind.chosen() not in SINGLE_FAMILY_KINDS)

    def build(self) -> list[Record]:
        on = self.day.date().toPython()
        status = self.status.chosen()
        if on > self._today + timedelta(days=FURTHEST_AHEAD_DAYS):
            raise InvalidRecord("on", N_("This date is more than a year away. Please check it."))
        if on > self._today and status is not SessionStatus.PLANNED:
            raise InvalidRecord("status", N_("A session in the future can only be planned."))
        kind = self.kind.chosen()
        starts = self.starts.time()
        session = Session(
            id=new_record_id(),
            session_kind=kind,
            venue_category=self.venue_category.chosen(),
            venue=self.venue.currentData(),
            on=on,
            starts_at=time(starts.hour(), starts.minute()),
            minutes=self.minutes.value(),
            families=tuple(self.families.ticked()),
            others=self.others.value() if kind not in SINGLE_FAMILY_KINDS else 0,
            languages=tuple(self.languages.ticked()),
            interpreter_used=self.interpreter.isChecked(),
            topics=tuple(self.topics.ticked()),
            notes=self.notes.toPlainText(),
            status=status,
            non_attendance_reason=self.reason.chosen()
            if status is SessionStatus.DID_NOT_ATTEND
            else None,
            entered_on=self._today,
        )
        return [session, *follow_ups_for(session, self._today)]
