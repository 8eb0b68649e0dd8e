"""What every edit dialog shares: Save and Cancel, Delete for a saved record, problems
next to fields, a question before closing with unsaved changes, and what it holds as a
draft when the profile locks."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any

from PySide6.QtCore import QDate, Qt, Signal
from PySide6.QtGui import (
    QCloseEvent,
    QKeySequence,
    QResizeEvent,
    QShortcut,
    QShowEvent,
    QTextCharFormat,
)
from PySide6.QtWidgets import (
    QBoxLayout,
    QCheckBox,
    QComboBox,
    QDateEdit,
    QDialog,
    QFormLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QMessageBox,
    QPlainTextEdit,
    QPushButton,
    QScrollArea,
    QSpinBox,
    QTimeEdit,
    QVBoxLayout,
    QWidget,
)

from parentrus_desktop.domain import Family, Record
from parentrus_desktop.domain.validation import InvalidRecord
from parentrus_desktop.gui import form_state
from parentrus_desktop.gui.flow_layout import FlowLayout, wrapping_form
from parentrus_desktop.gui.language import date_format
from parentrus_desktop.gui.operation import Problem, run_operation
from parentrus_desktop.gui.records import OpenRecords
from parentrus_desktop.gui.widgets import (
    FieldProblem,
    FormProblems,
    big_button,
    fitting_size,
    heading,
)
from parentrus_desktop.i18n import _
from parentrus_desktop.operations import Done
from parentrus_desktop.operations import records as record_actions

#: Labels whose text is part of what a form saves (a new family's code is made when its
#: form opens): kept in a draft with the fields.
DRAFT_LABELS = frozenset({"family-code"})


class RecordDialog(QDialog):
    """A form for one record (or a few saved together as one action)."""

    #: Fires with the Undo (operations.records) of a delete, once it is on disk.
    deleted = Signal(object)

    def __init__(
        self,
        records: OpenRecords,
        title: str,
        parent: QWidget | None = None,
        *,
        editing: Record | None = None,
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle(title)  # a kind of form, never a name
        self.setModal(True)
        self.records = records
        self._dirty = False
        self._saving = False
        #: The records saved when the dialog was accepted.
        self.saved: list[Record] = []
        #: How to undo the save or the delete this form did (operations.records.Undo).
        self.undo: record_actions.Undo | None = None
        #: The saved record this form changes (None: a new one); see ``edits``.
        self.editing: Record | None = editing
        #: The family the form was opened for, if any (a consent, "add for this family").
        self.for_family: str | None = None
        #: The ids being saved right now (kept with a draft if the profile locks meanwhile).
        self.saving_ids: tuple[str, ...] = ()
        #: Reopened from a draft whose record was changed since: the fingerprint of the
        #: record the typed text started from (kept again if the profile locks).
        self.started_from: str | None = None
        self.delete_button: QPushButton | None = None
        self.delete_question: QMessageBox | None = None
        outer = QVBoxLayout(self)
        outer.addWidget(heading(title))
        #: A line about the form as a whole, above its fields (see say_at_top).
        self.top_notice = QLabel()
        self.top_notice.setObjectName("form-notice")
        self.top_notice.setWordWrap(True)
        self.top_notice.setTextFormat(Qt.TextFormat.PlainText)
        bold = self.top_notice.font()
        bold.setBold(True)  # it says what Save will do: read before saving
        self.top_notice.setFont(bold)
        self.top_notice.hide()
        outer.addWidget(self.top_notice)
        general = FieldProblem()
        outer.addWidget(general)
        self.problems = FormProblems(general)
        # The fields scroll; the heading above and the buttons below them do not.
        self._scroll = scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        self._body = body = QWidget()
        self._columns = QBoxLayout(QBoxLayout.Direction.TopToBottom, body)
        self.form = wrapping_form()
        self._columns.addLayout(self.form)
        scroll.setWidget(body)
        outer.addWidget(scroll, 1)
        # A flow: with long words (or many buttons) they wrap, never widen the form.
        buttons = FlowLayout()
        self.buttons = buttons  # forms may add their own buttons at the start
        buttons.addStretch()
        cancel = big_button(_("Cancel"), "cancel")
        cancel.clicked.connect(self.reject)
        self.save_button = big_button(_("Save"), "save", primary=True)
        self.save_button.clicked.connect(self.save)
        buttons.addWidget(cancel)
        buttons.addWidget(self.save_button)
        outer.addLayout(buttons)
        QShortcut(QKeySequence.StandardKey.Save, self, self.save)
        self.resize(fitting_size(self, 720, 760))

    #: The object name of the field from which on the rows make a second column, beside
    #: the first when the screen is wide enough (a long form on a 1366x768 laptop shows
    #: every field without scrolling), under it otherwise. None: one column.
    second_column_from: str | None = None

    def set_row_visible(self, field: QWidget, visible: bool) -> None:
        """Show or hide the form row holding ``field``, in whichever column it is now
        (the rows from ``second_column_from`` on move to a second form when shown)."""
        # A field added with its problem line sits in a holder: the holder is the row's.
        for shown in (field, field.parentWidget()):
            if shown is None:
                continue
            for form in [self.form, *self.findChildren(QFormLayout)]:
                row: tuple[int, object] = form.getWidgetPosition(shown)  # type: ignore[assignment]
                if row[0] >= 0:
                    form.setRowVisible(shown, visible)
                    return

    def showEvent(self, event: QShowEvent) -> None:
        if self.second_column_from is not None and self._columns.count() == 1:
            self._split_columns(self.second_column_from)
        super().showEvent(event)

    def _split_columns(self, first_field: str) -> None:
        """Move the rows from ``first_field`` on into a second column."""
        field = self.findChild(QWidget, first_field)
        holder = field.parentWidget() if isinstance(field, QWidget) else None
        if holder is None:
            return
        found: tuple[int, object] = self.form.getWidgetPosition(holder)  # type: ignore[assignment]
        row = found[0]
        if row < 0:
            return
        second = wrapping_form()
        while self.form.rowCount() > row:
            taken = self.form.takeRow(row)
            label = taken.labelItem.widget() if taken.labelItem is not None else None
            item = taken.fieldItem
            shown = None if item is None else item.widget() or item.layout()
            if shown is None:
                continue
            if label is not None:
                second.addRow(label, shown)
            else:
                second.addRow(shown)
        self._columns.removeItem(self.form)
        for form in (self.form, second):
            column = QVBoxLayout()
            column.addLayout(form)
            column.addStretch(1)  # a shorter column keeps its rows at the top
            self._columns.addLayout(column)
        # Lists and notes as short as they may be (five lines): the columns then fit
        # the height of the screen.
        for box in self._body.findChildren(QListWidget) + self._body.findChildren(QPlainTextEdit):
            box.setMaximumHeight(max(box.minimumHeight(), box.minimumSizeHint().height()))
        self.resize(fitting_size(self, 1240, 760))
        self._place_columns()

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._place_columns()

    def _place_columns(self) -> None:
        """Side by side when both fit the width at their natural size, else one under
        the other: two cramped columns that scroll read worse than one."""
        if self._columns.count() < 2:
            return
        columns = [self._columns.itemAt(i) for i in range(self._columns.count())]
        wide = sum(c.sizeHint().width() for c in columns if c is not None)
        wide += self._columns.spacing()
        margins = self._columns.contentsMargins()
        frame = 2 * self._scroll.frameWidth() + self._scroll.verticalScrollBar().sizeHint().width()
        room = self._scroll.width() - frame - margins.left() - margins.right()
        self._columns.setDirection(
            QBoxLayout.Direction.LeftToRight if wide <= room else QBoxLayout.Direction.TopToBottom
        )

    def watch(self, *widgets: QWidget) -> None:
        """Remember that the form has unsaved changes once any of these is changed."""
        for widget in widgets:
            signal = {
                QLineEdit: "textChanged",
                QPlainTextEdit: "textChanged",
                QComboBox: "currentIndexChanged",
                QCheckBox: "toggled",
                QDateEdit: "dateChanged",
                QTimeEdit: "timeChanged",
                QSpinBox: "valueChanged",
                QListWidget: "itemChanged",
            }
            for kind, name in signal.items():
                if isinstance(widget, kind):
                    getattr(widget, name).connect(self._changed)
                    break

    def _changed(self, *_args: object) -> None:
        self._dirty = True

    def build(self) -> list[Record]:
        """The records this form saves; raises InvalidRecord naming the field at fault."""
        raise NotImplementedError

    def save(self) -> None:
        if self._saving:
            return
        try:
            records = self.build()
        except InvalidRecord as problem:
            self.problems.show(problem)
            return
        self.problems.clear()
        self._saving = True
        self.saving_ids = tuple(r.id for r in records)
        self.save_button.setEnabled(False)
        run_operation(
            self,
            self.saving(records),
            lambda done: self._saved(records, done),
            self._not_saved,
            records=self.records,
        )

    def saving(self, records: list[Record]) -> Callable[[], Done[record_actions.Undo]]:
        """The work Save does off the UI thread: saving the records (a form may add to it,
        such as remembering what the mentor chose for next time)."""
        profile = self.records.profile
        return lambda: record_actions.save(profile, *records)

    def _saved(self, records: list[Record], done: Done[record_actions.Undo]) -> None:
        self.saved = records
        self.undo = done.result
        self._saving = False
        self.saving_ids = ()
        self._dirty = False
        self.accept()

    # -- which record, and deleting it ------------------------------------------

    def edits(self, record: Record | None, family_id: str | None = None) -> None:
        """Say which saved record this form changes (and for which family it was
        opened). A saved record other than a family gets a Delete button; a family is
        erased from its page instead."""
        self.editing = record
        self.for_family = family_id
        if record is None or isinstance(record, Family) or self.delete_button is not None:
            return
        self.delete_button = big_button(_("Delete"), "delete-record")
        self.delete_button.setToolTip(_("Delete this record. You can undo it until you lock."))
        self.delete_button.clicked.connect(self.ask_delete)
        self.buttons.insertWidget(0, self.delete_button)

    def ask_delete(self) -> QMessageBox:
        """A plain question before deleting; Delete deletes, in the background."""
        question = QMessageBox(
            QMessageBox.Icon.Question,
            _("Delete this record?"),
            _("Delete this record? You can undo it until you lock the app."),
            QMessageBox.StandardButton.NoButton,
            self,
        )
        question.setObjectName("delete-question")
        yes = question.addButton(_("Delete"), QMessageBox.ButtonRole.DestructiveRole)
        yes.setObjectName("delete-yes")
        # Translators: a button: do not delete the record after all
        keep = question.addButton(_("Keep it"), QMessageBox.ButtonRole.RejectRole)
        keep.setObjectName("delete-no")
        question.setDefaultButton(keep)
        question.setEscapeButton(keep)
        question.finished.connect(
            lambda _r: self._delete() if question.clickedButton() is yes else None
        )
        self.delete_question = question
        question.open()
        return question

    def _delete(self) -> None:
        record = self.editing
        if record is None or self._saving:
            return
        self._saving = True
        self.save_button.setEnabled(False)
        if self.delete_button is not None:
            self.delete_button.setEnabled(False)
        profile = self.records.profile
        run_operation(
            self,
            lambda: record_actions.delete(profile, record),
            self._was_deleted,
            self._not_saved,
            records=self.records,
        )

    def _was_deleted(self, done: Done[record_actions.Undo]) -> None:
        self.undo = done.result
        self._saving = False
        self._dirty = False
        self.deleted.emit(done.result)
        super().reject()

    def _not_saved(self, problem: Problem) -> None:
        # Nothing was saved; everything typed is still in the form.
        self._saving = False
        self.saving_ids = ()
        self.save_button.setEnabled(True)
        if self.delete_button is not None:
            self.delete_button.setEnabled(True)
        if isinstance(problem.error, InvalidRecord):
            self.problems.show(problem.error)  # next to the field it is about
        else:
            self.problems.say("", problem.words)

    def reject(self) -> None:
        if self._dirty and not self._confirm_leave():
            return
        super().reject()

    def closeEvent(self, event: QCloseEvent) -> None:
        if self._dirty and not self._confirm_leave():
            event.ignore()
            return
        super().closeEvent(event)

    # -- drafts ---------------------------------------------------------------------

    @property
    def has_unsaved_changes(self) -> bool:
        """Something typed that is not on disk (or is on its way there)."""
        return self._dirty

    def draft_fields(self) -> dict[str, Any]:
        """What every field holds now, by field name (see gui/form_state.py)."""
        return form_state.capture(self, DRAFT_LABELS)

    def put_back(self, fields: dict[str, Any]) -> None:
        """Fill the fields from a draft; the form then has unsaved changes again."""
        form_state.restore(self, fields, DRAFT_LABELS)
        self._dirty = True

    def say_at_top(self, message: str) -> None:
        """A plain line above the fields, shown until the form closes (what a reopened
        draft's save would do)."""
        self.top_notice.setText(message)
        self.top_notice.setAccessibleName(message)
        self.top_notice.setVisible(bool(message))

    def families_named(self) -> tuple[str, ...]:
        """Every family the form names as it stands (for a draft: erasing one of them
        deletes the draft too)."""
        named: list[str] = []
        if self.for_family:
            named.append(self.for_family)
        if self.editing is not None:
            named += [self.editing.id] if isinstance(self.editing, Family) else []
            named += self.editing.families_mentioned()
        try:
            for record in self.build():
                named += record.families_mentioned()
        except (InvalidRecord, ValueError, TypeError, KeyError):
            pass  # half-typed: the fields below still say which families are chosen
        for box in self.findChildren(QComboBox, "family"):
            if isinstance(box.currentData(), str):
                named.append(box.currentData())
        for ticks in self.findChildren(QListWidget, "families"):
            for row in range(ticks.count()):
                item = ticks.item(row)
                value = item.data(Qt.ItemDataRole.UserRole)
                if item.checkState() == Qt.CheckState.Checked and isinstance(value, str):
                    named.append(value)
        return tuple(dict.fromkeys(named))

    def discard(self) -> None:
        """Close without asking (the profile is being locked)."""
        self._dirty = False
        super().reject()

    def _confirm_leave(self) -> bool:
        answer = QMessageBox.question(
            self,
            _("Leave without saving?"),
            _("You have changes that are not saved. Leave without saving them?"),
            QMessageBox.StandardButton.Discard | QMessageBox.StandardButton.Cancel,
            QMessageBox.StandardButton.Cancel,
        )
        return answer == QMessageBox.StandardButton.Discard


def text_box(name: str, text: str = "", lines: int = 3) -> QPlainTextEdit:
    box = QPlainTextEdit(text)
    box.setObjectName(name)
    box.setTabChangesFocus(True)  # Tab moves on, as in every other field
    box.setMinimumHeight(lines * 22 + 12)
    return box


def line_box(name: str, text: str = "") -> QLineEdit:
    box = QLineEdit(text)
    box.setObjectName(name)
    return box


def day_box(name: str, day: date) -> QDateEdit:
    box = QDateEdit(QDate(day.year, day.month, day.day))
    box.setObjectName(name)
    box.setCalendarPopup(True)
    box.setDisplayFormat(date_format())  # as the pages write a date, in the language's digits
    box.setAlignment(Qt.AlignmentFlag.AlignLeading)
    # Qt writes Saturday and Sunday in a fixed red, too faint on white and on the dark
    # themes: every day in the theme's text colour instead.
    for weekend in (Qt.DayOfWeek.Saturday, Qt.DayOfWeek.Sunday):
        box.calendarWidget().setWeekdayTextFormat(weekend, QTextCharFormat())
    return box


def day_in(box: QDateEdit) -> date:
    """The day a date box shows, as a ``date`` (QDate.toPython() is typed as object)."""
    day = box.date()
    return date(day.year(), day.month(), day.day())
