"""'Talk this through with my manager': its form, Today's list of what is still to talk
through, and the small additions that reach them from a family's page and the session form.

With the privacy screen on, Today says only how many there are: the mentor's words may
name people, and even a family code next to "to talk through" says something.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import TYPE_CHECKING, Any

from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from parentrus_desktop.domain import Record, Session, TalkThrough, new_record_id
from parentrus_desktop.gui.choosers import chosen_data, family_box
from parentrus_desktop.gui.operation import run_operation
from parentrus_desktop.gui.record_dialog import RecordDialog, day_box, day_in, text_box
from parentrus_desktop.gui.records import OpenRecords
from parentrus_desktop.gui.widgets import big_button, heading, line_button, typed_text, words
from parentrus_desktop.i18n import _, format_day, ngettext, pgettext
from parentrus_desktop.operations.supervision import mark_talked_through, still_to_talk_through

if TYPE_CHECKING:
    from parentrus_desktop.gui.workspace import Workspace

#: What Today's section asks of the workspace (the second value of its signal).
OPEN, DONE, SUMMARY = "open", "done", "summary"
#: The session form's tick: "after saving, talk this through with my manager".
SESSION_TICK = "talk-through-after-saving"
#: The draft's key for the session a new flag came from.
DRAFT_SESSION = "(session)"

#: How much of the mentor's words a line on Today shows.
LINE_LENGTH = 70


class TalkThroughForm(RecordDialog):
    """The mentor's own words about a family (and the session it came from, if any), for
    their next supervision; and, later, when it was talked through."""

    def __init__(
        self,
        records: OpenRecords,
        flag: TalkThrough | None,
        today: date,
        family_id: str | None = None,
        session_id: str | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(records, _("Talk this through with my manager"), parent, editing=flag)
        f, self._flag = flag, flag
        self._session = f.session if f else session_id
        self.form.addRow(
            words(
                _(
                    "Write what you want to talk through, in your own words. It stays "
                    "sealed on this laptop; the supervision summary shows it only if you "
                    "tick it."
                ),
                "talk-through-help",
            )
        )
        self.family = family_box(records, "family", f.family if f else family_id, optional=False)
        self.problems.add_row(self.form, _("Family"), self.family, "family")
        self._show_session()
        # With the privacy screen on, words written earlier are not shown, and saving
        # keeps them as they were (as the session form does with its notes).
        self._hidden = f is not None and records.privacy
        self.words = text_box("words", "" if f is None or self._hidden else f.words, lines=5)
        if self._hidden:
            self.words.setEnabled(False)
            self.words.setPlaceholderText(_("Turn off the privacy screen to see or change this."))
        self._words_shown = typed_text(self.words)
        self.problems.add_row(self.form, _("What to talk through"), self.words, "words")
        self.raised_on = day_box("raised-on", f.raised_on if f else today)
        self.problems.add_row(self.form, _("Date"), self.raised_on, "raised_on")
        self.talked = QCheckBox(_("Talked it through with my manager"))
        self.talked.setObjectName("talked")
        self.talked.setChecked(f is not None and f.talked_on is not None)
        self.talked_on = day_box("talked-on", f.talked_on if f and f.talked_on else today)
        self.talked_on.setEnabled(self.talked.isChecked())
        self.talked.toggled.connect(self.talked_on.setEnabled)
        when = QHBoxLayout()
        when.addWidget(self.talked)
        when.addWidget(self.talked_on)
        when.addStretch()
        self.problems.add_row(
            self.form, pgettext("talked through, on this day", "Done"), when, "talked_on"
        )
        self.watch(self.family, self.words, self.raised_on, self.talked, self.talked_on)
        self.words.setFocus()

    def _show_session(self) -> None:
        session = self.records.profile.get(self._session) if self._session else None
        if isinstance(session, Session) and self.findChild(QLabel, "from-session") is None:
            self.form.insertRow(
                2,
                _("From"),
                words(_("the session on {day}").format(day=format_day(session.on)), "from-session"),
            )

    # The session a flag came from is not a field, so a draft would lose it: kept beside
    # the fields, and the "From" line comes back with it.
    def draft_fields(self) -> dict[str, Any]:
        return {**super().draft_fields(), DRAFT_SESSION: {"session": self._session}}

    def put_back(self, fields: dict[str, Any]) -> None:
        kept = fields.get(DRAFT_SESSION)
        if self._flag is None and isinstance(kept, dict) and isinstance(kept.get("session"), str):
            self._session = kept["session"]
            self._show_session()
        super().put_back(fields)

    def build(self) -> list[Record]:
        f = self._flag
        typed = typed_text(self.words)
        # Untouched: the words exactly as saved (Qt may give back line ends differently).
        said = f.words if f is not None and (self._hidden or typed == self._words_shown) else typed
        return [
            TalkThrough(
                id=f.id if f else new_record_id(),
                family=chosen_data(self.family),
                session=self._session,
                words=said,
                raised_on=day_in(self.raised_on),
                talked_on=day_in(self.talked_on) if self.talked.isChecked() else None,
            )
        ]


def _short(text: str) -> str:
    first = text.splitlines()[0] if text else ""
    return first if len(first) <= LINE_LENGTH and first == text else first[:LINE_LENGTH] + "…"


class TalkThroughSection(QWidget):
    """Today's "To talk through with my manager": each flag still open, with "Talked it
    through", and the button to the month's supervision summary."""

    def __init__(self, records: OpenRecords, ask: Callable[[TalkThrough | None, str], None]):
        super().__init__()
        self.setObjectName("talk-through-section")
        title = _("To talk through with my manager")
        self.setAccessibleName(title)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        top = QHBoxLayout()
        top.addWidget(heading(title, "section"), 1)
        self.summary_button = big_button(_("Supervision summary…"), "supervision-summary")
        self.summary_button.clicked.connect(lambda: ask(None, SUMMARY))
        top.addWidget(self.summary_button)
        layout.addLayout(top)
        flags = still_to_talk_through(records.profile)
        #: One row per flag on show: (flag, its line, its "Talked it through" button).
        self.lines: list[tuple[TalkThrough, QPushButton, QPushButton]] = []
        self.count_line: QLabel | None = None
        if not flags:
            layout.addWidget(words(_("Nothing to talk through."), "empty"))
            return
        if records.privacy:
            self.count_line = words(
                ngettext(
                    "{count} thing to talk through with your manager (hidden on the privacy "
                    "screen).",
                    "{count} things to talk through with your manager (hidden on the privacy "
                    "screen).",
                    len(flags),
                ).format(count=len(flags)),
                "talk-through-count",
            )
            layout.addWidget(self.count_line)
            return
        for flag in flags:
            family = records.family_label(records.family(flag.family))
            text = f"{format_day(flag.raised_on)} · {family} · {_short(flag.words)}"
            row = QHBoxLayout()
            line = line_button(text, "talk-through-line")
            # Translators: a tooltip on a line of the list: opening the item shown
            line.setToolTip(_("Open it"))
            line.clicked.connect(lambda _c=False, f=flag: ask(f, OPEN))
            row.addWidget(line, 1)
            done = big_button(_("Talked it through"), "talked-through")
            done.setAccessibleDescription(text)
            done.clicked.connect(lambda _c=False, f=flag: ask(f, DONE))
            row.addWidget(done)
            layout.addLayout(row)
            self.lines.append((flag, line, done))


def talk_through_line(flag: TalkThrough, *, privacy: bool) -> str:
    """A flag on the family's timeline (and in search): the mentor's words, except on the
    privacy screen, and whether it was talked through."""
    words_ = "…" if privacy else _short(flag.words)
    if flag.talked_on is None:
        return _("To talk through with my manager: {words}").format(words=words_)
    return _("Talked through with my manager on {day}: {words}").format(
        day=format_day(flag.talked_on), words=words_
    )


def talk_through_row(family_id: str, ask: Callable[[str, str], None]) -> QHBoxLayout:
    """The family page's line: "Talk this through with my manager…" for this family
    (``ask`` is the page's add_for_family)."""
    row = QHBoxLayout()
    row.addWidget(
        words(_("Something about this family to talk through with your manager?"), "manager"), 1
    )
    button = big_button(_("Talk this through with my manager…"), "family-add-talk_through")
    button.clicked.connect(lambda: ask("talk_through", family_id))
    row.addWidget(button)
    return row


def add_session_tick(form: RecordDialog) -> QCheckBox:
    """The session form's tick: once saved, the flag form opens for this session."""
    tick = QCheckBox(_("After saving, talk this through with my manager"))
    tick.setObjectName(SESSION_TICK)
    form.problems.add_row(form.form, _("Your manager"), tick, "talk_through")
    return tick


def wants_talk_through(form: RecordDialog) -> bool:
    tick = form.findChild(QCheckBox, SESSION_TICK)
    return isinstance(tick, QCheckBox) and tick.isChecked()


def from_today(workspace: Workspace, flag: TalkThrough | None, what: str) -> None:
    """What Today's manager list asks for: open a flag, mark it talked through (said,
    with Undo), or open the supervision summary."""
    if what == SUMMARY:
        workspace.open_supervision_summary()
    elif flag is not None and what == OPEN:
        workspace.open_talk_through(flag)
    elif flag is not None and what == DONE:
        profile, day = workspace.records.profile, workspace._today()
        run_operation(
            workspace,
            lambda: mark_talked_through(profile, flag, day),
            lambda done: workspace._remember(done.result, _("Marked as talked through.")),
            records=workspace.records,
        )


def add_summary_to_my_log(page: QWidget, open_summary: Callable[[], object]) -> QPushButton:
    """My log is where supervision meetings are written down, so the month's summary is a
    click away there too: a button on the row of the page's filter."""
    button = big_button(_("Supervision summary…"), "my-log-supervision-summary")
    button.clicked.connect(lambda: open_summary())
    chooser = page.findChild(QComboBox)
    layout = page.layout()
    for index in range(layout.count() if layout is not None else 0):
        item = layout.itemAt(index) if layout is not None else None
        row = item.layout() if item is not None else None
        if isinstance(row, QHBoxLayout) and chooser is not None and row.indexOf(chooser) >= 0:
            row.addWidget(button)
            break
    return button
