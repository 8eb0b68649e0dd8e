"""The profile picker of a shared laptop, and unlocking one profile (or recovering it)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QSize, Signal
from PySide6.QtWidgets import (
    QDialog,
    QFormLayout,
    QHBoxLayout,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QProgressBar,
    QVBoxLayout,
    QWidget,
)

from parentrus_desktop.domain.validation import InvalidRecord
from parentrus_desktop.gui.context import AppContext
from parentrus_desktop.gui.first_run import TRAINING_PASSPHRASE
from parentrus_desktop.gui.operation import Problem, run_operation
from parentrus_desktop.gui.widgets import FieldProblem, FormProblems, big_button, heading, words
from parentrus_desktop.i18n import _
from parentrus_desktop.store.profiles import (
    LockedProfile,
    ProfileEntry,
    check_passphrase,
    list_profiles,
)
from parentrus_desktop.vault.errors import VaultError, WrongPassphrase, WrongRecoveryKey
from parentrus_desktop.vault.kdf import KdfParameters

if TYPE_CHECKING:
    # What an open profile needs (sqlite_utils, the records, the dialogs after unlock)
    # loads when a profile is opened, in the functions below, not with the picker.
    from parentrus_desktop.gui.backups import RestoreDialog
    from parentrus_desktop.store.unlocked import UnlockedProfile

    #: What unlocking gives: the profile, and a new recovery key when one was just made.
    Opened = tuple[UnlockedProfile, str | None]


class FileChangedNotice(QDialog):
    """Said once after unlock when the file was changed outside the app: the mentor can
    still read every record, but should know, and reports wait for the IT volunteer."""

    def __init__(self, profile: UnlockedProfile, parent: QWidget | None = None) -> None:
        from parentrus_desktop.store.integrity import FileChangedOutsideApp, integrity_words

        super().__init__(parent)
        self.setObjectName("file-changed")
        self.setWindowTitle(_("This file was changed outside the app"))
        layout = QVBoxLayout(self)
        layout.addWidget(heading(_("This file was changed outside the app")))
        layout.addWidget(words(_(FileChangedOutsideApp.message)))
        for line in integrity_words(profile.integrity):
            layout.addWidget(words(line, "what-changed"))
        row = QHBoxLayout()
        row.addStretch()
        ok = big_button(_("I understand: open my records"), "understood", primary=True)
        ok.clicked.connect(self.accept)
        row.addWidget(ok)
        layout.addLayout(row)
        self.setMinimumWidth(640)
        self.adjustSize()  # tall enough for every wrapped line


class PickerScreen(QWidget):
    """Mentor names only; choose yours, type your passphrase."""

    #: Fires with the unlocked profile.
    unlocked = Signal(object)
    #: Fires when someone wants a new profile on this laptop.
    new_profile = Signal()
    #: Fires when a profile was restored from a backup (and its dialog closed).
    restored = Signal()

    def __init__(self, context: AppContext) -> None:
        super().__init__()
        self.setObjectName("picker")
        self._context = context
        self._entries = list_profiles(context.data_dir)
        self.unlock_news = ""
        layout = QVBoxLayout(self)
        layout.addWidget(heading(_("Who is using the laptop?")))
        self.profiles = QListWidget()
        self.profiles.setObjectName("profiles")
        self.profiles.setAccessibleName(_("Profiles on this laptop"))
        for entry in self._entries:
            text = entry.display_name
            if entry.problem is not None:
                text = _("{name} (cannot be opened)").format(name=entry.path.name)
            item = QListWidgetItem(text, self.profiles)
            item.setSizeHint(QSize(0, self.profiles.fontMetrics().height() * 2 + 12))
        self.profiles.setMaximumHeight(min(len(self._entries), 6) * 48 + 12)
        self.profiles.currentRowChanged.connect(self._chosen)
        layout.addWidget(self.profiles)

        self.hint = words("", "hint")
        layout.addWidget(self.hint)
        general = FieldProblem()
        layout.addWidget(general)
        self.problems = FormProblems(general)
        form = QFormLayout()
        self.passphrase = QLineEdit()
        self.passphrase.setObjectName("passphrase")
        self.passphrase.setEchoMode(QLineEdit.EchoMode.Password)
        self.passphrase.returnPressed.connect(self.unlock)
        self.problems.add_row(form, _("Passphrase"), self.passphrase, "passphrase")
        layout.addLayout(form)
        self.busy = QProgressBar()
        self.busy.setRange(0, 0)
        self.busy.setAccessibleName(_("Opening your records…"))
        self.busy.hide()
        layout.addWidget(self.busy)
        row = QHBoxLayout()
        self.forgot = big_button(_("I forgot my passphrase"), "forgot")
        self.forgot.clicked.connect(self._show_recovery)
        add = big_button(_("New profile"), "new-profile")
        add.clicked.connect(self.new_profile.emit)
        row.addWidget(add)
        row.addWidget(self.forgot)
        self.restore_button = big_button(_("Restore from a backup…"), "restore-backup")
        self.restore_button.clicked.connect(self.open_restore)
        self.restore_dialog: RestoreDialog | None = None
        row.addWidget(self.restore_button)
        row.addStretch()
        self.unlock_button = big_button(_("Unlock"), "unlock", primary=True)
        self.unlock_button.clicked.connect(self.unlock)
        row.addWidget(self.unlock_button)
        layout.addLayout(row)
        self.recovery = RecoveryPanel(self._start, context.make_kdf)
        #: The dialog shown after unlock (a new recovery key, or a file changed outside
        #: the app), before the workspace opens.
        self.notice: QDialog | None = None
        self.recovery.hide()
        layout.addWidget(self.recovery)
        layout.addStretch()
        if self._entries:  # someone is always chosen, so Unlock says whose profile it opens
            self.profiles.setCurrentRow(0)
        self._chosen(self.profiles.currentRow())

    def _entry(self) -> ProfileEntry | None:
        row = self.profiles.currentRow()
        return self._entries[row] if 0 <= row < len(self._entries) else None

    def _chosen(self, _row: int) -> None:
        entry = self._entry()
        self.problems.clear()
        usable = entry is not None and entry.problem is None
        for widget in (self.passphrase, self.unlock_button, self.forgot):
            widget.setEnabled(usable)
        if entry is not None and entry.problem is not None:
            self.problems.say("", _(entry.problem.message))
        self.hint.setText(
            _("This is a training profile. Its passphrase is: {passphrase}").format(
                passphrase=TRAINING_PASSPHRASE
            )
            if entry is not None and entry.training
            else ""
        )
        if usable:
            self.passphrase.setFocus()

    def unlock(self) -> None:
        entry = self._entry()
        if entry is None or entry.problem is not None:
            return
        passphrase = self.passphrase.text()
        throttle, key = self._context.throttle, entry.path

        def work() -> Opened:
            return LockedProfile(key).unlock(passphrase, throttle), None

        self._start(work)

    def _start(self, work: Callable[[], Opened]) -> None:
        self.problems.clear()
        self._busy(True)
        throttle, today = self._context.throttle, self._context.today
        news: list[str] = []  # what the unlock did that the mentor must be told

        def opened() -> Opened:
            from parentrus_desktop.gui.warm_up import wait_for_warm_up

            wait_for_warm_up()  # one thread imports at a time (see warm_up.py)
            from parentrus_desktop.operations.retention import at_unlock  # off the UI thread

            started = datetime.now(UTC)
            profile, new_recovery_key = work()
            try:
                # The unlock and the wrong passphrases before it go in the activity log;
                # families due are erased if the mentor asked for that (retention.py).
                done = at_unlock(
                    profile,
                    today(),
                    failed_at=throttle.take_failed_times(str(profile.path)),
                    with_recovery_key=new_recovery_key is not None,
                    now=started,
                )
                news.append(done.result.words())
            except BaseException:
                profile.lock()
                raise
            return profile, new_recovery_key

        run_operation(self, opened, lambda o: self._opened(o, "".join(news)), self._not_opened)

    def _busy(self, busy: bool) -> None:
        self.busy.setVisible(busy)
        for widget in (self.passphrase, self.unlock_button, self.profiles, self.recovery):
            widget.setEnabled(not busy)

    def _opened(self, opened: Opened, news: str = "") -> None:
        #: Said on the workspace's message bar once it opens (families erased
        #: automatically, or not because the clock looked wrong); empty: nothing.
        self.unlock_news = news
        self._busy(False)
        self.passphrase.clear()
        self._before_workspace(*opened)

    def _before_workspace(self, profile: UnlockedProfile, new_recovery_key: str | None) -> None:
        """Show what the mentor must see first, one dialog after the other, then open."""
        from parentrus_desktop.gui.keys_dialog import NewRecoveryKeyDialog

        if new_recovery_key is not None:
            self.notice = NewRecoveryKeyDialog(new_recovery_key, self)
            self.notice.finished.connect(lambda _result: self._before_workspace(profile, None))
            self.notice.open()
            return
        if not profile.integrity.ok and not isinstance(self.notice, FileChangedNotice):
            self.notice = FileChangedNotice(profile, self)
            self.notice.finished.connect(lambda _result: self._before_workspace(profile, None))
            self.notice.open()
            return
        self.notice = None
        self.unlocked.emit(profile)

    def _not_opened(self, problem: Problem) -> None:
        self._busy(False)
        self.passphrase.selectAll()
        error = problem.error
        if isinstance(error, WrongPassphrase | WrongRecoveryKey):
            field = "passphrase" if isinstance(error, WrongPassphrase) else ""
            self.problems.say(field, problem.words)
            self.recovery.problems.say("recovery_key", problem.words)
        elif isinstance(error, InvalidRecord):
            self.recovery.problems.show(error)  # next to the field it is about
        elif isinstance(error, VaultError):
            self.problems.say(
                "",
                problem.words
                + " "
                + _("Your IT volunteer can check the file with: parentrus-admin verify"),
            )
        else:  # a bug: said in general words, and raised again by run_operation
            self.problems.say("", problem.words)

    def open_restore(self) -> RestoreDialog:
        """Bring a profile back from a backup (a new laptop, or a lost or damaged file)."""
        from parentrus_desktop.gui.backups import RestoreDialog

        self.restore_dialog = RestoreDialog(self._context.data_dir, self)
        self.restore_dialog.accepted.connect(self.restored.emit)
        self.restore_dialog.open()
        return self.restore_dialog

    def _show_recovery(self) -> None:
        entry = self._entry()
        if entry is None:
            return
        self.recovery.path = entry.path
        self.recovery.show()
        self.recovery.key.setFocus()


class RecoveryPanel(QWidget):
    """Open with the recovery key and choose a new passphrase, in one step."""

    def __init__(
        self,
        start: Callable[[Callable[[], Opened]], None],
        make_kdf: Callable[[], KdfParameters],
    ) -> None:
        super().__init__()
        self.setObjectName("recovery")
        self._start = start
        self._make_kdf = make_kdf
        self.path: Path | None = None
        layout = QVBoxLayout(self)
        layout.addWidget(
            words(
                _(
                    "Type the recovery key you printed or saved when you made your profile, "
                    "then choose a new passphrase."
                )
            )
        )
        general = FieldProblem()
        layout.addWidget(general)
        self.problems = FormProblems(general)
        form = QFormLayout()
        self.key = QLineEdit()
        self.key.setObjectName("recovery-key")
        self.problems.add_row(form, _("Recovery key"), self.key, "recovery_key")
        self.new = QLineEdit()
        self.new.setObjectName("new-passphrase")
        self.new.setEchoMode(QLineEdit.EchoMode.Password)
        self.problems.add_row(form, _("New passphrase"), self.new, "passphrase")
        layout.addLayout(form)
        go = big_button(_("Open and change my passphrase"), "recover", primary=True)
        go.clicked.connect(self.recover)
        layout.addWidget(go)

    def recover(self) -> None:
        if self.path is None:
            return
        typed, new_passphrase, path = self.key.text(), self.new.text(), self.path
        make_kdf = self._make_kdf
        try:
            check_passphrase(new_passphrase)
        except InvalidRecord as problem:
            self.problems.show(problem)
            return

        def work() -> Opened:
            from parentrus_desktop.operations.keys import change_passphrase  # off the UI thread

            profile = LockedProfile(path).unlock_with_recovery_key(typed)
            try:
                # A new passphrase means new keys and a new recovery key (the old one,
                # just used, stops working): it is shown before the workspace opens.
                done = change_passphrase(profile, new_passphrase, kdf=make_kdf())
            except BaseException:
                profile.lock()
                raise
            return profile, done.result

        self._start(work)
