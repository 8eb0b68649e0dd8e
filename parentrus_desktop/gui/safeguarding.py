"""Safeguarding on screen: the button "I am worried about a child's safety", its dialog
(the organisation's steps and contacts first, then a sealed note of when, and to whom as
a role, the worry was passed on), the family page's short history of those notes, and the
Settings section where the steps are set."""

from __future__ import annotations

from datetime import date, datetime, time

from PySide6.QtCore import QSize, Qt, QTime, Signal
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import (
    QComboBox,
    QFrame,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPlainTextEdit,
    QPushButton,
    QSizePolicy,
    QTimeEdit,
    QVBoxLayout,
    QWidget,
)

from parentrus_desktop.domain import Record, WorryPassedOn, new_record_id
from parentrus_desktop.domain.safeguarding import PassedOnTo
from parentrus_desktop.domain.validation import N_, InvalidRecord
from parentrus_desktop.gui.choosers import NO_CHOICE, choice_box, chosen_data, family_box
from parentrus_desktop.gui.flow_layout import wrapping_form
from parentrus_desktop.gui.language import available_languages, native_name, time_format
from parentrus_desktop.gui.operation import Problem, run_operation
from parentrus_desktop.gui.record_dialog import RecordDialog, day_box, day_in, text_box
from parentrus_desktop.gui.records import OpenRecords
from parentrus_desktop.gui.widgets import big_button, heading, typed_text, words
from parentrus_desktop.i18n import _, current_language, format_day, format_time, pgettext
from parentrus_desktop.labels import label
from parentrus_desktop.operations import Done
from parentrus_desktop.operations.safeguarding import (
    LONGEST_STEPS,
    Steps,
    default_steps,
    organisation_steps,
    set_steps,
    steps_for,
)

#: On a line of the history: the record it shows.
WORRY = Qt.ItemDataRole.UserRole + 1
#: Where the record stays, said on the form and in Settings.
STAYS_HERE = N_(
    "This note stays on this laptop, sealed: it is in no report to a school, and not in "
    "the file of everything about the family."
)


def worry_button(name: str = "worried-about-a-child") -> QPushButton:
    """The big, clear button, in bold so it is found in a hurry."""
    button = big_button(_("I am worried about a child's safety"), name)
    font = button.font()
    font.setBold(True)
    button.setFont(font)
    return button


def steps_words(steps: Steps) -> str:
    """Where the steps come from, in a line over them: the default is never taken for the
    organisation's own, and steps in another language say so."""
    if steps.is_default:
        return _(
            "These are the app's general steps: your organisation has not set its own yet "
            "(Settings, Safeguarding)."
        )
    if steps.language != current_language():
        return _("Your organisation's steps, written in {language}:").format(
            language=native_name(steps.language)
        )
    return _("Your organisation's steps and contacts:")


def steps_box(steps: Steps) -> QLabel:
    """The steps as the organisation wrote them: words to read (and select, to copy a
    number), not a field: nothing of them is kept in a draft or saved with the record."""
    box = words(steps.text, "safeguarding-steps")
    box.setTextInteractionFlags(
        Qt.TextInteractionFlag.TextSelectableByMouse
        | Qt.TextInteractionFlag.TextSelectableByKeyboard
    )
    box.setFrameShape(QFrame.Shape.StyledPanel)
    box.setMargin(8)
    if steps.language != current_language():
        # Steps written in English shown to an Arabic-speaking mentor still read left to
        # right, and Arabic steps shown in an English app right to left.
        rtl = steps.language.split("-")[0] in ("ar", "fa", "he", "ur", "ps")
        box.setLayoutDirection(
            Qt.LayoutDirection.RightToLeft if rtl else Qt.LayoutDirection.LeftToRight
        )
        box.setAlignment(Qt.AlignmentFlag.AlignLeading | Qt.AlignmentFlag.AlignTop)
    return box


class WorryForm(RecordDialog):
    """The steps and contacts first; then "Record that I passed it on"."""

    def __init__(
        self,
        records: OpenRecords,
        worry: WorryPassedOn | None,
        today: date,
        family_id: str | None = None,
        parent: QWidget | None = None,
        *,
        now: time | None = None,
    ) -> None:
        super().__init__(records, _("I am worried about a child's safety"), parent, editing=worry)
        w, self._worry = worry, worry
        self.steps = steps_for(records.profile)
        self.form.addRow(heading(_("What to do"), "section"))
        self.steps_words = words(steps_words(self.steps), "safeguarding-steps-source")
        self.form.addRow(self.steps_words)
        self.steps_box = steps_box(self.steps)
        self.form.addRow(self.steps_box)
        self.form.addRow(heading(_("Record that I passed it on"), "section"))
        self.family = family_box(records, "family", w.family if w else family_id, optional=False)
        self.problems.add_row(self.form, _("Family"), self.family, "family")
        at = w.at if w else (now or datetime.now().time())
        self.on = day_box("on", w.on if w else today)
        self.problems.add_row(self.form, _("Date"), self.on, "on")
        self.at = QTimeEdit(QTime(at.hour, at.minute))
        self.at.setObjectName("at")
        self.at.setDisplayFormat(time_format())
        self.problems.add_row(self.form, _("Time"), self.at, "at")
        self.to = choice_box(PassedOnTo, "passed-on-to")
        # Asked, never assumed: the first role chosen by itself recorded a hand-over to
        # someone the mentor may never have told.
        self.to.insertItem(0, _("(please choose)"), NO_CHOICE)
        if w is not None:
            self.to.choose(w.to)
        else:
            self.to.setCurrentIndex(0)
        self.problems.add_row(
            self.form, _("Whom I told (their role, not their name)"), self.to, "to"
        )
        # Words typed earlier may name people: not shown on the privacy screen, and kept.
        self._hidden = w is not None and bool(w.words) and records.privacy
        self.words = text_box("worry-words", w.words if w and not self._hidden else "", lines=2)
        self.words.setFixedHeight(self.words.minimumHeight() + 24)
        if self._hidden:
            self.words.setEnabled(False)
            self.words.setPlaceholderText(_("Turn off the privacy screen to see or change this."))
        self._words_shown = typed_text(self.words)
        self.problems.add_row(self.form, _("A few words (if you want)"), self.words, "words")
        holder = self.words.parentWidget()
        if holder is not None:  # the row as tall as its box: the form is short, not spread
            holder.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Fixed)
        self.form.addRow(words(_(STAYS_HERE), "worry-stays-here"))
        self.save_button.setText(_("Record that I passed it on"))
        self.save_button.setAccessibleName(self.save_button.text())
        cancel = self.findChild(QPushButton, "cancel")
        if cancel is not None:  # reading the steps is often all that is needed
            cancel.setText(pgettext("button", "Close"))
            cancel.setAccessibleName(cancel.text())
        self.watch(self.family, self.on, self.at, self.to, self.words)
        self.to.setFocus()

    def build(self) -> list[Record]:
        w = self._worry
        typed = typed_text(self.words)
        if w is not None and typed == self._words_shown:
            typed = w.words  # untouched (or hidden): exactly as saved
        at = self.at.time()
        return [
            WorryPassedOn(
                id=w.id if w else new_record_id(),
                family=chosen_data(self.family),
                on=day_in(self.on),
                at=time(at.hour(), at.minute()),
                to=self._whom_told(),
                words=typed,
            )
        ]

    def _whom_told(self) -> PassedOnTo:
        whom = chosen_data(self.to)
        if whom is None:
            raise InvalidRecord("to", N_("Please choose whom you told: their role."))
        return PassedOnTo(whom)


def history_line(worry: WorryPassedOn) -> str:
    line = _("{day}, {time} · passed on to: {whom}").format(
        day=format_day(worry.on), time=format_time(worry.at), whom=label(worry.to)
    )
    return f"{line} · {worry.words}" if worry.words else line


class WorryHistory(QWidget):
    """The family's worries passed on, newest first; hidden on the privacy screen (it
    says something about a family no one nearby should read) and when there are none."""

    #: Fires with the record the mentor opens.
    open_worry = Signal(object)

    def __init__(self, records: OpenRecords, family_id: str) -> None:
        super().__init__()
        self.setObjectName("worries-passed-on")
        worries = sorted(
            (r for r in records.profile.about_family(family_id) if isinstance(r, WorryPassedOn)),
            key=lambda r: (r.on, r.at, r.id),
            reverse=True,
        )
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(heading(_("Safety worries passed on"), "section"))
        self.lines = QListWidget()
        self.lines.setObjectName("worry-lines")
        self.lines.setAccessibleName(_("Safety worries passed on"))
        for worry in worries:
            line = history_line(worry)
            # One line each, cut short with "…" where the list ends: a long note made the
            # list scroll sideways over its only line on a small screen. The whole line
            # is in the tooltip, and opening the worry shows all of it.
            item = QListWidgetItem(line.replace("\n", " "), self.lines)
            item.setToolTip(line)
            item.setData(WORRY, worry)
        self.lines.itemActivated.connect(lambda item: self.open_worry.emit(item.data(WORRY)))
        self.lines.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.lines.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.lines.setTextElideMode(Qt.TextElideMode.ElideRight)
        row = self.lines.sizeHintForRow(0) if self.lines.count() else 24
        for index in range(self.lines.count()):
            # Rows as wide as the list (not as their words), so the words are elided.
            self.lines.item(index).setSizeHint(QSize(1, row))
        self.lines.setFixedHeight(row * self.lines.count() + 2 * self.lines.frameWidth() + 8)
        layout.addWidget(self.lines)
        self.setVisible(bool(worries) and not records.privacy)


class SafeguardingSection(QWidget):
    """Settings → Safeguarding: the organisation's steps and contacts, per language."""

    def __init__(self, records: OpenRecords) -> None:
        super().__init__()
        self.setObjectName("safeguarding-settings")
        self._records = records
        #: The text as last read from the profile (the box holds it until typed into).
        self._loaded = ""
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(heading(_("Safeguarding"), "section"))
        layout.addWidget(
            words(
                _(
                    "Your organisation's steps and contacts for a worry about a child's "
                    "safety, as plain text. Mentors see them in their own language when "
                    "there is one, otherwise in English or the first one set."
                )
            )
        )
        form = wrapping_form()
        self.language = QComboBox()
        self.language.setObjectName("safeguarding-language")
        for tag, name in available_languages():
            self.language.addItem(name, tag)
        self.language.setCurrentIndex(max(0, self.language.findData(current_language())))
        self.language.setAccessibleName(_("The language these steps are in"))
        form.addRow(_("The language these steps are in"), self.language)
        layout.addLayout(form)
        self.text = QPlainTextEdit()
        self.text.setObjectName("safeguarding-steps-text")
        self.text.setTabChangesFocus(True)
        self.text.setAccessibleName(_("Steps and contacts"))
        self.text.setFixedHeight(8 * self.text.fontMetrics().lineSpacing() + 24)
        layout.addWidget(self.text)
        #: Whether the text shown is the organisation's or the app's default, and problems.
        self.state = words("", "safeguarding-steps-state")
        layout.addWidget(self.state)
        buttons = QHBoxLayout()
        self.save = big_button(_("Save the steps"), "save-safeguarding-steps")
        self.save.clicked.connect(self.save_steps)
        buttons.addWidget(self.save)
        self.start_from_general = big_button(
            _("Start from the app's general steps"), "start-from-general-steps"
        )
        self.start_from_general.clicked.connect(lambda: self.text.setPlainText(default_steps()))
        buttons.addWidget(self.start_from_general)
        buttons.addStretch()
        layout.addLayout(buttons)
        self.language.currentIndexChanged.connect(self._show_language)
        self._show_language()

    def showEvent(self, event: QShowEvent) -> None:
        # Set since the page was made (by the admin tool, or before a restore): shown as
        # it is now, unless the mentor is typing a text not yet saved.
        if self.text.toPlainText() == self._loaded:
            self._show_language()
        super().showEvent(event)

    def _show_language(self, *_index: object) -> None:
        tag = self.language.currentData()
        set_in = organisation_steps(self._records.profile)
        self._loaded = set_in.get(tag, "")
        self.text.setPlainText(self._loaded)
        if tag in set_in:
            self._say(_("Set by your organisation."))
            return
        shown = steps_for(self._records.profile, tag)
        if shown.is_default:
            self._say(
                _(
                    "Not set yet: mentors see the app's general steps until you write your "
                    "organisation's own here."
                )
            )
        else:
            self._say(
                _(
                    "Not set in this language: mentors who use it see the steps in {language}."
                ).format(language=native_name(shown.language))
            )

    def _say(self, text: str) -> None:
        self.state.setText(text)
        self.state.setAccessibleName(text)

    def save_steps(self) -> None:
        tag, text = self.language.currentData(), self.text.toPlainText()
        if len(text.strip()) > LONGEST_STEPS:
            self._say(
                _("This is too long: please keep it under {longest} letters.").format(
                    longest=LONGEST_STEPS
                )
            )
            return
        profile = self._records.profile
        self.save.setEnabled(False)
        run_operation(
            self,
            lambda: set_steps(profile, tag, text),
            self._saved,
            self._not_saved,
            records=self._records,
        )

    def _saved(self, _done: Done[dict[str, str]]) -> None:
        self.save.setEnabled(True)
        self._show_language()
        self._say(self.state.text() + " " + _("Saved."))

    def _not_saved(self, problem: Problem) -> None:
        self.save.setEnabled(True)
        self._say(problem.words)
