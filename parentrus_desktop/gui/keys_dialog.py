"""Changing the passphrase, or making a new recovery key; then the new key, shown once."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QDialog,
    QFormLayout,
    QHBoxLayout,
    QLineEdit,
    QProgressBar,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from parentrus_desktop.domain.validation import InvalidRecord
from parentrus_desktop.gui.first_run import RecoveryKeyStep
from parentrus_desktop.gui.operation import Problem, run_operation
from parentrus_desktop.gui.records import OpenRecords
from parentrus_desktop.gui.tall_enough import tall_enough
from parentrus_desktop.gui.widgets import FieldProblem, FormProblems, big_button, heading, words
from parentrus_desktop.i18n import _, pgettext
from parentrus_desktop.operations import Done
from parentrus_desktop.operations.keys import change_passphrase, make_new_recovery_key
from parentrus_desktop.store.profiles import check_passphrase
from parentrus_desktop.vault.errors import WrongPassphrase
from parentrus_desktop.vault.kdf import KdfParameters
from parentrus_desktop.vault.strength import ADVICE, strength

CHANGE_PASSPHRASE = "passphrase"  # noqa: S105 - the name of a dialog, not a secret
NEW_RECOVERY_KEY = "recovery-key"
KEY_WIDTH = 720  # the key on one line, in its large font; fits a 1366x768 screen


class NewKeyPage(QWidget):
    """The new recovery key, large, with Print and Save; Done once it is kept."""

    #: Fires when the mentor says the key is kept.
    kept = Signal()

    def __init__(self, recovery_key: str) -> None:
        super().__init__()
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        self.step = RecoveryKeyStep(recovery_key)
        gone = heading(
            _("Your old recovery key no longer works: throw it away. Keep this new one instead."),
            "old-key-gone",
        )
        # Under the heading, with the step's own explanation.
        step_layout = self.step.layout()
        if isinstance(step_layout, QVBoxLayout):
            step_layout.insertWidget(2, gone)
        self.step.start.setText(pgettext("button", "Done"))
        self.step.start.setAccessibleName(pgettext("button", "Done"))
        self.step.kept.connect(self.kept.emit)
        layout.addWidget(self.step)


class NewRecoveryKeyDialog(QDialog):
    """Only the new key (after opening with the recovery key and choosing a passphrase)."""

    def __init__(self, recovery_key: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("new-recovery-key")
        self.setWindowTitle(_("Your new recovery key"))
        layout = QVBoxLayout(self)
        self.page = NewKeyPage(recovery_key)
        self.page.kept.connect(self.accept)
        layout.addWidget(self.page)
        self.setMinimumWidth(KEY_WIDTH)
        tall_enough(self)  # at 150% scaling the key itself was cut in half

    def reject(self) -> None:
        """Escape or the window's close button do nothing: the key is shown only once."""


class KeysDialog(QDialog):
    """Change my passphrase, or make a new recovery key: both give a new recovery key."""

    def __init__(
        self,
        records: OpenRecords,
        mode: str,
        make_kdf: Callable[[], KdfParameters] | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("keys-dialog")
        self._records = records
        self._mode = mode
        self._make_kdf = make_kdf
        self._key_shown = False
        passphrase_mode = mode == CHANGE_PASSPHRASE
        self.setWindowTitle(
            _("Change my passphrase") if passphrase_mode else _("Make a new recovery key")
        )
        outer = QVBoxLayout(self)
        self.pages = QStackedWidget()
        outer.addWidget(self.pages)

        form_page = QWidget()
        layout = QVBoxLayout(form_page)
        layout.addWidget(
            heading(_("Change my passphrase") if passphrase_mode else _("Make a new recovery key"))
        )
        layout.addWidget(
            words(
                _(
                    "Every record gets new keys, so a copy of this profile taken before "
                    "cannot open what you save from now on. You also get a new recovery key: "
                    "the old one stops working."
                )
                if passphrase_mode
                else _(
                    "Do this if your recovery key is lost or someone else may have seen it. "
                    "The old one stops working, every record gets new keys, and your "
                    "passphrase stays the same."
                )
            )
        )
        general = FieldProblem()
        layout.addWidget(general)
        self.problems = FormProblems(general)
        form = QFormLayout()
        self.current = QLineEdit()
        self.current.setObjectName("current-passphrase")
        self.current.setEchoMode(QLineEdit.EchoMode.Password)
        self.problems.add_row(form, _("Your passphrase now"), self.current, "current")
        self.new = QLineEdit()
        self.new.setObjectName("new-passphrase")
        self.new.setEchoMode(QLineEdit.EchoMode.Password)
        self.again = QLineEdit()
        self.again.setObjectName("again")
        self.again.setEchoMode(QLineEdit.EchoMode.Password)
        self.advice = words("", "strength")
        if passphrase_mode:
            self.problems.add_row(form, _("New passphrase"), self.new, "passphrase")
            self.problems.add_row(form, "", self.advice)
            self.problems.add_row(form, _("New passphrase again"), self.again, "again")
            self.new.textChanged.connect(
                lambda text: self.advice.setText(_(ADVICE[strength(text)]) if text else "")
            )
        layout.addLayout(form)
        self.busy = QProgressBar()
        self.busy.setRange(0, 0)
        self.busy.setAccessibleName(_("Making new keys for every record…"))
        self.busy.hide()
        layout.addWidget(self.busy)
        layout.addStretch()
        row = QHBoxLayout()
        self.cancel = big_button(_("Cancel"), "cancel")
        self.cancel.clicked.connect(self.reject)
        row.addWidget(self.cancel)
        row.addStretch()
        self.go = big_button(
            _("Change my passphrase") if passphrase_mode else _("Make a new recovery key"),
            "go",
            primary=True,
        )
        self.go.clicked.connect(self.start)
        row.addWidget(self.go)
        layout.addLayout(row)
        self.pages.addWidget(form_page)
        self.key_page: NewKeyPage | None = None
        self.setMinimumWidth(KEY_WIDTH)

    def start(self) -> None:
        """Check what was typed, then make the new keys off the UI thread."""
        current, new, again = self.current.text(), self.new.text(), self.again.text()
        profile, make_kdf, mode = self._records.profile, self._make_kdf, self._mode
        if not current:
            self.problems.say("current", _("Please type the passphrase you use now."))
            return
        if self._mode == CHANGE_PASSPHRASE:
            try:
                check_passphrase(new)
            except InvalidRecord as problem:
                self.problems.show(problem)
                return
            if new != again:
                self.problems.say("again", _("The two passphrases are different."))
                return

        def work() -> Done[str]:
            kdf = make_kdf() if make_kdf is not None else None
            if mode == CHANGE_PASSPHRASE:
                return change_passphrase(profile, new, current_passphrase=current, kdf=kdf)
            return make_new_recovery_key(profile, current, kdf=kdf)

        self.problems.clear()
        self._busy(True)
        run_operation(self, work, self._done, self._not_done, records=self._records)

    def _busy(self, busy: bool) -> None:
        self.busy.setVisible(busy)
        for widget in (self.current, self.new, self.again, self.go, self.cancel):
            widget.setEnabled(not busy)

    def _done(self, done: Done[str]) -> None:
        self._busy(False)
        for field in (self.current, self.new, self.again):
            field.clear()
        # Only the keys changed (run_operation said so: records.changed with {KEYS}).
        self.key_page = NewKeyPage(done.result)
        self.key_page.kept.connect(self.accept)
        self.pages.addWidget(self.key_page)
        self.pages.setCurrentWidget(self.key_page)
        self._key_shown = True

    def _not_done(self, problem: Problem) -> None:
        self._busy(False)
        if isinstance(problem.error, WrongPassphrase):
            self.problems.say("current", problem.words)
            self.current.selectAll()
            self.current.setFocus()
        elif isinstance(problem.error, InvalidRecord):
            self.problems.show(problem.error)  # next to the field it is about
        else:
            self.problems.say("", problem.words)

    def reject(self) -> None:
        # While the keys are being made, and once the new key is shown (only once), the
        # dialog stays until the mentor says the key is kept.
        if self._key_shown or self.busy.isVisible():
            return
        super().reject()
