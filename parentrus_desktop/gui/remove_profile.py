"""Settings → "Remove my profile from this laptop…": the passphrase again, then the window
removes the profile and this laptop's own backups of it (operations/remove_profile.py)."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QDialog, QFormLayout, QHBoxLayout, QLineEdit, QVBoxLayout, QWidget

from parentrus_desktop.gui.operation import Problem, run_operation
from parentrus_desktop.gui.records import OpenRecords
from parentrus_desktop.gui.widgets import FieldProblem, big_button, heading, words
from parentrus_desktop.i18n import _, format_day
from parentrus_desktop.operations.remove_profile import check_before_removing
from parentrus_desktop.store.backup import last_external_backup


class RemoveProfileDialog(QDialog):
    """What removing does and does not do, the passphrase, and one clear button."""

    #: Fires once the passphrase was right: the window locks the profile and removes it.
    confirmed = Signal()

    def __init__(self, records: OpenRecords, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("remove-profile")
        self.setWindowTitle(_("Remove my profile from this laptop"))
        self._records = records
        layout = QVBoxLayout(self)
        layout.addWidget(heading(_("Remove my profile from this laptop")))
        layout.addWidget(
            words(
                _(
                    "This removes your profile and this laptop's own backups of it, so "
                    "nobody can open them here any more. Do it when you have moved to a "
                    "new laptop, or when you leave the programme. It cannot be undone."
                )
            )
        )
        layout.addWidget(
            words(
                _(
                    "Your backups on a USB stick or in another folder are not touched. If "
                    "you will go on with your records elsewhere, check first that you have "
                    "restored them there, or that you have a recent backup."
                )
            )
        )
        last = last_external_backup(records.profile)
        self.last_backup = words(
            _(
                "You have never backed up this profile to a USB stick or a folder: if you "
                "remove it, its records are gone for good."
            )
            if last is None
            else _(
                "Your last backup to a USB stick or a folder was made on {day}. Work done "
                "after that is not in it."
            ).format(day=format_day(last.astimezone().date(), "long")),
            "last-backup",
        )
        layout.addWidget(self.last_backup)
        form = QFormLayout()
        self.passphrase = QLineEdit()
        self.passphrase.setObjectName("remove-passphrase")
        self.passphrase.setEchoMode(QLineEdit.EchoMode.Password)
        self.passphrase.setAccessibleName(_("Your passphrase"))
        form.addRow(_("Your passphrase"), self.passphrase)
        layout.addLayout(form)
        self.problem = FieldProblem()
        layout.addWidget(self.problem)
        row = QHBoxLayout()
        row.addStretch()
        self.cancel = big_button(_("Cancel"), "cancel")
        self.cancel.clicked.connect(self.reject)
        row.addWidget(self.cancel)
        self.remove = big_button(_("Remove my profile"), "remove-now")
        self.remove.clicked.connect(self.start)
        row.addWidget(self.remove)
        layout.addLayout(row)
        self.cancel.setDefault(True)  # Enter never removes by accident
        self.setMinimumWidth(600)  # the words on few lines; fits a 1366x768 screen

    def start(self) -> None:
        typed, profile = self.passphrase.text(), self._records.profile
        if not typed:
            self.problem.say(_("Please type your passphrase."))
            return
        self.problem.say("")
        for widget in (self.remove, self.cancel, self.passphrase):
            widget.setEnabled(False)
        run_operation(self, lambda: check_before_removing(profile, typed), self._done, self._wrong)

    def _done(self, _checked: object) -> None:
        self.passphrase.clear()
        self.accept()
        self.confirmed.emit()

    def _wrong(self, problem: Problem) -> None:
        for widget in (self.remove, self.cancel, self.passphrase):
            widget.setEnabled(True)
        self.passphrase.selectAll()
        self.problem.say(problem.words)
