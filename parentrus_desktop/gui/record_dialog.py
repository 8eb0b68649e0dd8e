"""What every edit dialog shares: Save and Cancel, problems next to fields, and a
question before closing with unsaved changes."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QCloseEvent, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDateEdit,
    QDialog,
    QFormLayout,
    QHBoxLayout,
    QLineEdit,
    QListWidget,
    QMessageBox,
    QPlainTextEdit,
    QScrollArea,
    QSpinBox,
    QTimeEdit,
    QVBoxLayout,
    QWidget,
)

from parentrus_desktop.domain import Record
from parentrus_desktop.domain.validation import InvalidRecord
from parentrus_desktop.gui.records import OpenRecords
from parentrus_desktop.gui.widgets import FieldProblem, FormProblems, big_button, heading
from parentrus_desktop.i18n import _
from parentrus_desktop.store.errors import DiskFull
from parentrus_desktop.vault.errors import VaultError


class RecordDialog(QDialog):
    """A form for one record (or a few saved together as one action)."""

    def __init__(self, records: OpenRecords, title: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(title)  # a kind of form, never a name
        self.setModal(True)
        self.records = records
        self._dirty = False
        self._saving = False
        #: The records saved when the dialog was accepted.
        self.saved: list[Record] = []
        outer = QVBoxLayout(self)
        outer.addWidget(heading(title))
        general = FieldProblem()
        outer.addWidget(general)
        self.problems = FormProblems(general)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        body = QWidget()
        self.form = QFormLayout(body)
        scroll.setWidget(body)
        outer.addWidget(scroll, 1)
        buttons = QHBoxLayout()
        self.buttons = buttons  # forms may add their own buttons at the start
        buttons.addStretch()
        cancel = big_button(_("Cancel"), "cancel")
        cancel.clicked.connect(self.reject)
        self.save_button = big_button(_("Save"), "save", primary=True)
        self.save_button.clicked.connect(self.save)
        buttons.addWidget(cancel)
        buttons.addWidget(self.save_button)
        outer.addLayout(buttons)
        QShortcut(QKeySequence.StandardKey.Save, self, activated=self.save)
        self.resize(720, 760)

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
        self.save_button.setEnabled(False)
        self.records.save(*records, on_saved=lambda: self._saved(records), on_failed=self._failed)

    def _saved(self, records: list[Record]) -> None:
        self.saved = records
        self._saving = False
        self._dirty = False
        self.accept()

    def _failed(self, error: Exception) -> None:
        # Nothing was saved; everything typed is still in the form.
        self._saving = False
        self.save_button.setEnabled(True)
        if isinstance(error, InvalidRecord):
            self.problems.show(error)
        elif isinstance(error, DiskFull | VaultError):
            self.problems.say("", _(error.message))
        else:
            raise error

    def reject(self) -> None:
        if self._dirty and not self._confirm_leave():
            return
        super().reject()

    def closeEvent(self, event: QCloseEvent) -> None:
        if self._dirty and not self._confirm_leave():
            event.ignore()
            return
        super().closeEvent(event)

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


def day_box(name: str, day: object) -> QDateEdit:
    box = QDateEdit(day)  # type: ignore[call-overload]
    box.setObjectName(name)
    box.setCalendarPopup(True)
    box.setDisplayFormat("d MMM yyyy")
    box.setAlignment(Qt.AlignmentFlag.AlignLeading)
    return box
