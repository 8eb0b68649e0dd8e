"""First run: choose the language, create a profile, keep the recovery key — or try it
with example families."""

from __future__ import annotations

import os
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QFont, QTextDocument
from PySide6.QtWidgets import (
    QCheckBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLineEdit,
    QProgressBar,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from parentrus_desktop.domain.validation import InvalidRecord
from parentrus_desktop.gui.context import AppContext
from parentrus_desktop.gui.language import available_languages
from parentrus_desktop.gui.operation import Problem, run_operation
from parentrus_desktop.gui.widgets import FieldProblem, FormProblems, big_button, heading, words
from parentrus_desktop.i18n import _
from parentrus_desktop.store.profiles import check_passphrase, create_profile
from parentrus_desktop.vault.strength import ADVICE, strength

if TYPE_CHECKING:
    # Loaded when they are used (a profile made, a backup restored), not with the
    # first screen: they bring sqlite_utils, the records and the backups' code.
    from parentrus_desktop.gui.backups import RestoreDialog
    from parentrus_desktop.store.unlocked import UnlockedProfile

TRAINING_PASSPHRASE = "training"  # noqa: S105 - shown on screen: no real family in it
#: The training profile's example families and sessions (operations.demo_data.DemoSize).
TRAINING_FAMILIES, TRAINING_SESSIONS = 12, 120


class LanguageStep(QWidget):
    """One big button per language, each written in that language."""

    #: Fires with the chosen language tag.
    chosen = Signal(str)

    def __init__(self) -> None:
        super().__init__()
        layout = QVBoxLayout(self)
        layout.addWidget(heading(_("Welcome to Parent'R'Us Mentor")))
        layout.addWidget(words(_("Choose your language. You can change it later in Settings.")))
        for tag, name in available_languages():
            button = big_button(name, f"language-{tag}")
            button.clicked.connect(lambda _checked=False, t=tag: self.chosen.emit(t))
            layout.addWidget(button)
        layout.addStretch()


class CreateStep(QWidget):
    """The mentor's name and passphrase; the profile is made in the background."""

    #: Fires with (profile, recovery key) once the profile exists.
    created = Signal(object, str)
    #: Fires with a training profile already filled with example families.
    training_ready = Signal(object)
    #: Fires when the mentor wants to go back to the profile list.
    back = Signal()
    #: Fires when a profile was restored from a backup (and its dialog closed).
    restored = Signal()

    def __init__(self, context: AppContext, *, can_go_back: bool) -> None:
        super().__init__()
        self._context = context
        layout = QVBoxLayout(self)
        layout.addWidget(heading(_("Create your profile")))
        layout.addWidget(
            words(
                _(
                    "Your records are locked with a passphrase that only you know. A short "
                    "sentence is easiest to remember, for example: we meet for tea on Fridays."
                )
            )
        )
        general = FieldProblem()
        layout.addWidget(general)
        self.problems = FormProblems(general)
        form = QFormLayout()
        self.name = QLineEdit()
        self.name.setObjectName("display-name")
        self.problems.add_row(
            form, _("Your name (others on this laptop will see it)"), self.name, "display_name"
        )
        self.passphrase = QLineEdit()
        self.passphrase.setObjectName("passphrase")
        self.passphrase.setEchoMode(QLineEdit.EchoMode.Password)
        self.problems.add_row(form, _("Passphrase"), self.passphrase, "passphrase")
        self.strength = words("", "strength")
        self.strength.hide()
        form.addRow("", self.strength)
        self.again = QLineEdit()
        self.again.setObjectName("passphrase-again")
        self.again.setEchoMode(QLineEdit.EchoMode.Password)
        self.problems.add_row(form, _("Passphrase again"), self.again, "again")
        layout.addLayout(form)
        self.busy = QProgressBar()
        self.busy.setRange(0, 0)
        self.busy.setAccessibleName(_("Working…"))
        self.busy.hide()
        layout.addWidget(self.busy)
        buttons = QHBoxLayout()
        if can_go_back:
            back = big_button(_("Back"), "back")
            back.clicked.connect(self.back.emit)
            buttons.addWidget(back)
        self.training = big_button(_("Try it with example families"), "try-training")
        self.training.clicked.connect(self._make_training_profile)
        buttons.addWidget(self.training)
        self.restore_button = big_button(_("Restore from a backup…"), "restore-backup")
        self.restore_button.clicked.connect(self.open_restore)
        buttons.addWidget(self.restore_button)
        self.restore_dialog: RestoreDialog | None = None
        buttons.addStretch()
        self.create_button = big_button(_("Create my profile"), "create-profile", primary=True)
        self.create_button.clicked.connect(self._create)
        buttons.addWidget(self.create_button)
        layout.addLayout(buttons)
        layout.addStretch()
        self.passphrase.textChanged.connect(self._show_strength)
        self.again.returnPressed.connect(self._create)

    def open_restore(self) -> RestoreDialog:
        """A new laptop: bring the profile back from a backup instead of making one."""
        from parentrus_desktop.gui.backups import RestoreDialog  # on first use: see the top

        self.restore_dialog = RestoreDialog(self._context.data_dir, self)
        self.restore_dialog.accepted.connect(self.restored.emit)
        self.restore_dialog.open()
        return self.restore_dialog

    def _show_strength(self, text: str) -> None:
        self.strength.setText(_(ADVICE[strength(text)]) if text else "")
        self.strength.setVisible(bool(text))

    def _busy(self, busy: bool) -> None:
        self.busy.setVisible(busy)
        for widget in (self.create_button, self.training, self.name, self.passphrase, self.again):
            widget.setEnabled(not busy)

    def _create(self) -> None:
        self.problems.clear()
        name, passphrase = self.name.text().strip(), self.passphrase.text()
        if not name:
            self.problems.say("display_name", _("Please write your name."))
            return
        try:
            check_passphrase(passphrase)
        except InvalidRecord as problem:
            self.problems.show(problem)
            return
        if passphrase != self.again.text():
            self.problems.say("again", _("The two passphrases are different."))
            return
        context = self._context
        self._busy(True)
        run_operation(
            self,
            lambda: create_profile(context.data_dir, name, passphrase, kdf=context.make_kdf()),
            lambda made: self._done(*made),
            self._not_made,
        )

    def _done(self, profile: UnlockedProfile, recovery_key: str) -> None:
        self._busy(False)
        self.passphrase.clear()
        self.again.clear()
        self.created.emit(profile, recovery_key)

    def _not_made(self, problem: Problem) -> None:
        self._busy(False)
        if isinstance(problem.error, InvalidRecord):
            self.problems.show(problem.error)  # next to the field it is about
        else:
            self.problems.say("", problem.words)

    def _make_training_profile(self) -> None:
        context = self._context

        def make() -> UnlockedProfile:
            # The example families' code loads here, off the UI thread, when asked for.
            from parentrus_desktop.operations.demo_data import DemoSize, add_example_records

            profile, _recovery = create_profile(
                context.data_dir,
                _("Training – example families"),
                TRAINING_PASSPHRASE,
                kdf=context.make_kdf(),
                training=True,
            )
            size = DemoSize(families=TRAINING_FAMILIES, sessions=TRAINING_SESSIONS)
            add_example_records(profile, size, seed=7, today=context.today())
            return profile

        self._busy(True)
        run_operation(self, make, self._training_done, self._not_made)

    def _training_done(self, profile: UnlockedProfile) -> None:
        self._busy(False)
        self.training_ready.emit(profile)


class RecoveryKeyStep(QWidget):
    """The recovery key, shown once: print it or save it, then say it is kept."""

    #: Fires when the mentor has kept the key and wants to start.
    kept = Signal()

    def __init__(self, recovery_key: str) -> None:
        super().__init__()
        self._key = recovery_key
        layout = QVBoxLayout(self)
        layout.addWidget(heading(_("Your recovery key")))
        layout.addWidget(
            words(
                _(
                    "If you forget your passphrase, this key opens your records. It is shown "
                    "only now. Print it or write it down, and keep it somewhere safe, away "
                    "from the laptop."
                )
            )
        )
        key = words(recovery_key, "recovery-key")
        key.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        font = QFont("monospace")
        font.setStyleHint(QFont.StyleHint.Monospace)
        font.setPointSizeF(font.pointSizeF() * 1.4)
        key.setFont(font)
        key.setLayoutDirection(Qt.LayoutDirection.LeftToRight)  # a key reads left to right
        layout.addWidget(key)
        row = QHBoxLayout()
        print_button = big_button(_("Print"), "print-key")
        print_button.clicked.connect(self._print)
        save_button = big_button(_("Save to a file"), "save-key")
        save_button.clicked.connect(self._save)
        row.addWidget(print_button)
        row.addWidget(save_button)
        row.addStretch()
        layout.addLayout(row)
        self.confirm = QCheckBox(_("I have printed, saved or written down my recovery key"))
        self.confirm.setObjectName("key-kept")
        layout.addWidget(self.confirm)
        self.start = big_button(_("Start"), "start", primary=True)
        self.start.setEnabled(False)
        self.confirm.toggled.connect(self.start.setEnabled)
        self.start.clicked.connect(self._start)
        layout.addWidget(self.start)
        layout.addStretch()

    def _start(self) -> None:
        self._key = ""
        self.kept.emit()

    def _print(self) -> None:
        from PySide6.QtPrintSupport import QPrintDialog, QPrinter

        printer = QPrinter()
        if QPrintDialog(printer, self).exec():
            page = QTextDocument()
            page.setPlainText(_("Parent'R'Us Mentor recovery key") + "\n\n" + self._key)
            page.print_(printer)

    def _save(self) -> None:
        chosen, _filter = QFileDialog.getSaveFileName(
            self, _("Save the recovery key"), "recovery-key.txt", "*.txt"
        )
        if chosen:
            save_recovery_key(Path(chosen), self._key)


def save_recovery_key(path: Path, key: str) -> None:
    """Write the key to a file only its owner can read."""
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "w", encoding="utf-8") as file:
        file.write(_("Parent'R'Us Mentor recovery key") + "\n\n" + key + "\n")


class FirstRunScreen(QStackedWidget):
    """The steps of the first run, one page at a time."""

    #: Fires with the new profile, unlocked, once its recovery key is kept.
    profile_ready = Signal(object)
    #: Fires with a language tag the mentor chose.
    language_chosen = Signal(str)
    #: Fires when the mentor goes back to the profile list.
    back = Signal()
    #: Fires when a profile was restored from a backup.
    restored = Signal()

    def __init__(self, context: AppContext, *, ask_language: bool, can_go_back: bool) -> None:
        super().__init__()
        self.setObjectName("first-run")
        self._context = context
        self._made: UnlockedProfile | None = None
        self._can_go_back = can_go_back
        self._create_step: CreateStep | None = None
        if ask_language:
            step = LanguageStep()
            step.chosen.connect(self.language_chosen.emit)
            self.addWidget(step)
        else:
            self.addWidget(self.create_step)

    @property
    def create_step(self) -> CreateStep:
        """The profile's page, made when first needed. Behind the language step it is
        not: once a language is chosen, the window shows a new first run in it (issue 15:
        the widgets of a page no one sees cost time before the first paint)."""
        if self._create_step is None:
            step = CreateStep(self._context, can_go_back=self._can_go_back)
            step.created.connect(self._show_key)
            step.training_ready.connect(self.profile_ready.emit)
            step.back.connect(self.back.emit)
            step.restored.connect(self.restored.emit)
            self._create_step = step
            self.addWidget(step)
        return self._create_step

    def _show_key(self, profile: UnlockedProfile, recovery_key: str) -> None:
        self._made = profile
        step = RecoveryKeyStep(recovery_key)
        step.kept.connect(self._finish)
        self.addWidget(step)
        self.setCurrentWidget(step)

    def _finish(self) -> None:
        if self._made is not None:
            self.profile_ready.emit(self._made)
            self._made = None
