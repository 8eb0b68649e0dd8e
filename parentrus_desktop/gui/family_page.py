"""One family: details, consent, plan, and a timeline of everything that happened."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

from PySide6.QtCore import QPoint, Qt, Signal
from PySide6.QtWidgets import (
    QHBoxLayout,
    QListWidget,
    QListWidgetItem,
    QMenu,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from parentrus_desktop.bidi import isolated, left_to_right
from parentrus_desktop.domain import (
    Celebration,
    CheckIn,
    Consent,
    Family,
    FollowUp,
    Record,
    Referral,
    School,
    Session,
    TalkThrough,
)
from parentrus_desktop.gui.celebration_card import celebration_rows
from parentrus_desktop.gui.checkin_chart import check_ins_over_time
from parentrus_desktop.gui.flow_layout import FlowLayout
from parentrus_desktop.gui.records import OpenRecords
from parentrus_desktop.gui.safeguarding import WorryHistory, worry_button
from parentrus_desktop.gui.session_lines import (
    OutcomeButtons,
    can_say_how_it_went,
    outcome_menu_for,
)
from parentrus_desktop.gui.talk_through import talk_through_line, talk_through_row
from parentrus_desktop.gui.who_to_ask import WhoToAskSection, who_does_it
from parentrus_desktop.gui.widgets import big_button, heading, words
from parentrus_desktop.i18n import _, format_day, format_number, ngettext
from parentrus_desktop.labels import label, school_year
from parentrus_desktop.language_names import both_names

#: On a timeline line: the session it shows, if it shows one.
SESSION = Qt.ItemDataRole.UserRole + 1


def timeline_line(record: Record, *, privacy: bool = False) -> tuple[date, str] | None:
    """(when, one plain line) for a record on a family's timeline. With the privacy
    screen on, nothing the mentor typed is shown: it may name people."""
    if isinstance(record, Session):
        status = label(record.status)
        if record.non_attendance_reason is not None:
            status += " – " + label(record.non_attendance_reason)
        topics = ", ".join(label(t) for t in record.topics)
        line = f"{label(record.session_kind)} · {label(record.venue_category)} · {status}"
        return record.on, line + (f" · {topics}" if topics else "")
    if isinstance(record, FollowUp):
        return record.due_on, _("Follow-up ({who}): {what} – {status}").format(
            who=who_does_it(record),
            what="…" if privacy else _(record.what),
            status=label(record.status),
        )
    if isinstance(record, Referral):
        return record.made_on, _("Referral: {category} – {status}").format(
            category=label(record.category), status=label(record.status)
        )
    if isinstance(record, Celebration):
        return record.on, _("Celebration: {category}").format(category=label(record.category))
    if isinstance(record, CheckIn):
        average = sum(record.answers.values()) / len(record.answers)
        return record.on, ngettext(
            "Check-in: {count} answer, average {average}",
            "Check-in: {count} answers, average {average}",
            len(record.answers),
        ).format(count=len(record.answers), average=format_number(average, "0.0"))
    if isinstance(record, TalkThrough):
        return record.raised_on, talk_through_line(record, privacy=privacy)
    return None


class FamilyPage(QScrollArea):
    #: Fires with the family when the mentor wants to edit it.
    edit_family = Signal(object)
    #: Fires with the family when the mentor wants to log a session with it.
    log_session = Signal(object)
    #: Fires with ("follow_up" | "referral" | "celebration" | "check_in" | "consent", family id).
    add_for_family = Signal(str, str)
    #: Fires with the family when the mentor saves everything about it to a file.
    export_family = Signal(object)
    #: Fires with a consent the family takes back.
    withdraw = Signal(object)
    #: Fires with the family when the mentor asks what of it the school will see.
    show_counted = Signal(object)
    #: Fires with the family when the mentor asks to erase it for good.
    erase_family = Signal(object)
    #: Fires with a session id when the mentor opens a session line.
    open_session = Signal(str)
    #: Fires with (session, None) when it happened, (session, reason) when they could not come.
    session_outcome = Signal(object, object)
    #: Fires with a celebration to print as a card for the family.
    print_card = Signal(object)
    #: Fires with the family when the mentor prints "Who to ask at your school" for them.
    print_who_to_ask = Signal(object)
    #: Fires with the family when the mentor prints the handout for them (family_handout).
    print_handout = Signal(object)
    #: Fires with the family when the mentor prints the school words in their language.
    print_school_words = Signal(object)
    #: Fires with (a worry passed on, or None for a new one; family id): safeguarding.
    worried = Signal(object, str)

    def __init__(self, records: OpenRecords, family_id: str, today: Callable[[], date]) -> None:
        super().__init__()
        self.setObjectName("family-page")
        self.setAccessibleName(_("Family"))
        self.setWidgetResizable(True)
        self._records = records
        self.family_id = family_id
        self._today = today
        #: Says how the chosen planned session went (None when none can be marked).
        self.outcome: OutcomeButtons | None = None
        # Bound methods, not lambdas: Qt drops the connection when this page is deleted.
        records.changed.connect(self.refresh)
        records.privacy_changed.connect(self.refresh)
        self.refresh()

    def refresh(self, *_why: object) -> None:
        family = self._records.family(self.family_id)
        page = QWidget()
        layout = QVBoxLayout(page)
        if family is None:
            layout.addWidget(words(_("This family is no longer in your records.")))
        else:
            self._fill(layout, family)
        layout.addStretch()
        old = self.takeWidget()
        if old is not None:
            old.deleteLater()
        self.setWidget(page)

    def _consents(self, layout: QVBoxLayout, family: Family, consents: list[Consent]) -> None:
        """Each consent with what it covers, since when, and a one-click withdrawal."""
        top = QHBoxLayout()
        # The heading takes the room beside the buttons, so it wraps only when it must.
        top.addWidget(heading(_("Consent"), "section"), 1)
        record = big_button(_("Record consent"), "record-consent")
        record.clicked.connect(lambda: self.add_for_family.emit("consent", family.id))
        # What is kept, what the school sees and the family's rights, on one page to give.
        handout = big_button(_("Handout for the family"), "print-handout")
        handout.setToolTip(_("One page for the family, in their language, to print."))
        handout.clicked.connect(lambda: self.print_handout.emit(family))
        top.addWidget(handout)
        top.addWidget(record)
        layout.addLayout(top)
        today = self._today()
        if not consents:
            layout.addWidget(words(_("No consent recorded yet."), "consents"))
        for consent in sorted(consents, key=lambda c: c.given_on):
            row = QHBoxLayout()
            if consent.withdrawn_on is not None:
                state = _("withdrawn on {day}").format(day=format_day(consent.withdrawn_on))
            elif consent.agreed:
                state = _("yes, since {day}").format(day=format_day(consent.given_on))
            else:
                state = _("no, since {day}").format(day=format_day(consent.given_on))
            row.addWidget(words(f"{label(consent.scope)}: {state}", "consent"), 1)
            if consent.in_force(today):
                withdraw = big_button(_("Withdraw"), "withdraw-consent")
                withdraw.setAccessibleName(_("Withdraw: {what}").format(what=label(consent.scope)))
                withdraw.clicked.connect(lambda _c=False, c=consent: self.withdraw.emit(c))
                row.addWidget(withdraw)
            layout.addLayout(row)

    def _fill(self, layout: QVBoxLayout, family: Family) -> None:
        records = self._records
        top = QHBoxLayout()
        top.addWidget(heading(records.family_label(family), code=family.code))
        top.addStretch()
        edit = big_button(_("Edit"), "edit-family")
        if records.privacy:  # the form shows names: not with the privacy screen on
            edit.setEnabled(False)
            edit.setToolTip(_("Turn off the privacy screen to see or change names."))
        edit.clicked.connect(lambda: self.edit_family.emit(family))
        log = big_button(_("Log a session"), "log-session-for-family", primary=True)
        log.clicked.connect(lambda: self.log_session.emit(family))
        export = big_button(_("Save all about this family to a file"), "export-family")
        export.setToolTip(_("Everything you hold about this family, to give them if they ask."))
        export.clicked.connect(lambda: self.export_family.emit(family))
        if records.privacy:  # the file holds every name: not with the privacy screen on
            export.setEnabled(False)
            export.setToolTip(_("Turn off the privacy screen to see or change names."))
        # The buttons wrap onto more lines rather than make the page scroll sideways
        # (a long language on a small laptop).
        actions = FlowLayout()
        actions.addWidget(export)
        actions.addWidget(edit)
        actions.addWidget(log)
        top.addLayout(actions)
        layout.addLayout(top)
        more = FlowLayout()
        for kind, text in (
            ("follow_up", _("Add a follow-up")),
            ("referral", _("Add a referral")),
            ("celebration", _("Add a celebration")),
            ("check_in", _("Add a check-in")),
        ):
            button = big_button(text, f"family-add-{kind}")
            button.clicked.connect(lambda _c=False, k=kind: self.add_for_family.emit(k, family.id))
            more.addWidget(button)
        more.addStretch()
        layout.addLayout(more)
        worried = worry_button()
        worried.clicked.connect(lambda: self.worried.emit(None, family.id))
        # The glossary in the family's language, beside the worry button (the row above
        # is full on a small screen): no family data on it, so the privacy screen allows it.
        school_words = big_button(_("Print school words"), "print-school-words")
        school_words.clicked.connect(lambda: self.print_school_words.emit(family))
        beside = FlowLayout()
        beside.addWidget(worried)
        beside.addWidget(school_words)
        beside.addStretch()
        layout.addLayout(beside)
        facts = [
            _("Status: {status}").format(status=label(family.status)),
            _("Joined: {day}").format(day=format_day(family.joined_on)),
        ]
        if family.languages:
            facts.append(
                _("Languages: {languages}").format(
                    languages=", ".join(isolated(both_names(t)) for t in family.languages)
                )
            )
        if family.interpreter_needed:
            facts.append(_("Needs an interpreter"))
        if not records.privacy:
            if family.children:
                facts.append(
                    _("Children: {children}").format(
                        children=", ".join(
                            c.first_name
                            if c.year_group is None
                            else _("{name} ({school_year})").format(
                                name=c.first_name, school_year=school_year(c.year_group)
                            )
                            for c in family.children
                        )
                    )
                )
            # Which school counts them: the question Today's "Which school?" asks.
            names = {s.id: s.name for s in records.profile.all(School)}
            at = sorted({names[c.school_id] for c in family.children if c.school_id in names})
            facts.append(
                _("School: {schools}").format(schools=", ".join(at))
                if at
                else _("School: none chosen yet, so this family is not counted")
            )
            if family.contact.phone:
                facts.append(_("Phone: {phone}").format(phone=left_to_right(family.contact.phone)))
        if family.barriers:
            facts.append(
                _("What makes school hard: {barriers}").format(
                    barriers=", ".join(label(b) for b in family.barriers)
                )
            )
        layout.addWidget(words("\n".join(facts), "facts"))
        who_to_ask = WhoToAskSection(records, family)
        who_to_ask.print_requested.connect(self.print_who_to_ask)
        layout.addWidget(who_to_ask)
        if not records.privacy:
            plan = family.plan
            review = (
                _("Review the plan on {day}.").format(day=format_day(plan.review_on))
                if plan.review_on is not None
                else ""
            )
            # The whole engagement plan, as agreed with the family: what, how, and when
            # to look at it again.
            for title, text, name in (
                (_("Hopes for the child"), family.aspirations, "aspirations"),
                (_("Plan: goals"), plan.goals, "plan-goals"),
                (_("Plan: how we will get there"), plan.strategies, "plan-strategies"),
                (_("Plan: review"), review, "plan-review"),
                (_("Notes"), family.notes, "notes"),
            ):
                if text:
                    layout.addWidget(heading(title, "section"))
                    layout.addWidget(words(text, name))
        about = records.profile.about_family(family.id)
        if not records.privacy:  # the family's own answers: not for a public place
            layout.addWidget(check_ins_over_time(about, family.id))
        self._consents(layout, family, [r for r in about if isinstance(r, Consent)])
        worries = WorryHistory(records, family.id)
        worries.open_worry.connect(lambda w: self.worried.emit(w, family.id))
        layout.addWidget(worries)
        counted = QHBoxLayout()
        counted.addWidget(
            words(
                _("The school only gets numbers. See what of this family is counted."), "counted"
            ),
            1,
        )
        show = big_button(_("What is counted"), "show-counted")
        show.setAccessibleName(_("What of this family the school will see"))
        show.clicked.connect(lambda: self.show_counted.emit(family))
        counted.addWidget(show)
        layout.addLayout(counted)
        celebrations = [r for r in about if isinstance(r, Celebration)]
        celebration_rows(layout, celebrations, self.print_card.emit, privacy=records.privacy)
        layout.addLayout(talk_through_row(family.id, self.add_for_family.emit))
        layout.addWidget(heading(_("What happened"), "section"))
        layout.addWidget(words(_("Double-click a session, or press Enter, to open it.")))
        lines = sorted(
            ((line, r) for r in about if (line := timeline_line(r, privacy=records.privacy))),
            reverse=True,
            key=lambda pair: pair[0][0],
        )
        timeline = QListWidget()
        timeline.setObjectName("timeline")
        timeline.setAccessibleName(_("What happened"))
        for (day, what), record in lines:
            item = QListWidgetItem(f"{format_day(day)} · {what}", timeline)
            if isinstance(record, Session):
                item.setData(SESSION, record)
        if not lines:
            timeline.addItem(_("Nothing yet."))
        timeline.itemActivated.connect(self._activated)
        outcome_menu_for(
            timeline,
            lambda point: self._session_at(timeline, point),
            self._today,
            self.session_outcome.emit,
            self._open_choice,
        )
        # As tall as its lines, so the page is the only thing that scrolls (a list that
        # scrolls inside a page that scrolls is easy to get lost in).
        timeline.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        row = timeline.sizeHintForRow(0) if timeline.count() else 24
        timeline.setFixedHeight(row * timeline.count() + 2 * timeline.frameWidth() + 8)
        layout.addWidget(timeline)
        self._outcome_row(layout, timeline)
        # Erasing is at the foot of the page, well away from Edit: a slip of the mouse
        # must never land on the one thing that cannot be undone.
        foot = QHBoxLayout()
        foot.addStretch()
        erase = big_button(_("Erase for good"), "erase-family")
        erase.setToolTip(_("Erase this family and everything about them. It cannot be undone."))
        erase.clicked.connect(lambda: self.erase_family.emit(family))
        foot.addWidget(erase)
        layout.addLayout(foot)

    def _activated(self, item: QListWidgetItem) -> None:
        session = item.data(SESSION)
        if isinstance(session, Session):
            self.open_session.emit(session.id)

    @staticmethod
    def _session_at(timeline: QListWidget, point: QPoint) -> Session | None:
        item = timeline.itemAt(point)
        session = item.data(SESSION) if item is not None else None
        return session if isinstance(session, Session) else None

    def _open_choice(self, menu: QMenu, session: Session) -> None:
        opened = menu.addAction(_("Open this session"))
        opened.triggered.connect(lambda: self.open_session.emit(session.id))

    def _outcome_row(self, layout: QVBoxLayout, timeline: QListWidget) -> None:
        """Buttons for the chosen line when it is a planned session whose day has come
        (the same choices as its right-click menu, for those who never right-click)."""
        today = self._today()
        self.outcome = None

        def chosen() -> Session | None:
            item = timeline.currentItem()
            session = item.data(SESSION) if item is not None else None
            if isinstance(session, Session) and can_say_how_it_went(session, today):
                return session
            return None

        if not any(
            can_say_how_it_went(s, today)
            for i in range(timeline.count())
            if isinstance(s := timeline.item(i).data(SESSION), Session)
        ):
            return
        self.outcome = buttons = OutcomeButtons()
        buttons.setObjectName("timeline-outcome")
        buttons.setEnabled(False)
        timeline.currentItemChanged.connect(lambda *_i: buttons.setEnabled(chosen() is not None))

        def answer(reason: object) -> None:
            session = chosen()
            if session is not None:
                self.session_outcome.emit(session, reason)

        buttons.chosen.connect(answer)
        row = QHBoxLayout()
        row.addWidget(
            words(_("For a planned session, choose its line, then say whether it happened.")), 1
        )
        row.addWidget(buttons)
        layout.addLayout(row)
