"""Backups on screen: "Back up now…" in Settings, and "Restore from a backup…" on the
profile picker and the first-run screen. The work is in operations/backups.py, run off
the UI thread."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QProgressBar,
    QVBoxLayout,
    QWidget,
)

from parentrus_desktop.domain.validation import N_
from parentrus_desktop.gui.operation import Problem, run_operation
from parentrus_desktop.gui.records import OpenRecords
from parentrus_desktop.gui.widgets import FieldProblem, big_button, heading, words
from parentrus_desktop.i18n import _, format_day, ngettext, pgettext
from parentrus_desktop.operations.backups import (
    NEVER_REMIND,
    ListedBackup,
    back_up_to,
    listed_external_backups,
    reminder_days,
    restore,
    set_reminder_days,
)
from parentrus_desktop.store.backup import BACKUP_SUFFIX
from parentrus_desktop.store.profiles import LockedProfile
from parentrus_desktop.store.restore import KEYS_FROM_BACKUP, ProfileIsNewer, Restored
from parentrus_desktop.store.unlocked import UnlockedProfile

#: Asks where: returns the chosen folder or file, or None when the mentor cancelled.
Chooser = Callable[[QWidget], Path | None]


def choose_folder(parent: QWidget) -> Path | None:
    chosen = QFileDialog.getExistingDirectory(
        parent, _("Choose a folder or a USB stick for the backup")
    )
    return Path(chosen) if chosen else None


def choose_backup_file(parent: QWidget) -> Path | None:
    chosen, _filter = QFileDialog.getOpenFileName(
        parent,
        _("Choose the backup"),
        "",
        _("Parent'R'Us backups (*{suffix} *.parentrus)").format(suffix=BACKUP_SUFFIX),
    )
    return Path(chosen) if chosen else None


#: The reminder's intervals, as Settings names them (operations/backups.py's choices).
REMINDER_NAMES = {
    7: N_("every week"),
    14: N_("every 2 weeks"),
    30: N_("every month"),
    NEVER_REMIND: N_("never remind me"),
}


def _isolated(text: str) -> str:
    return "\u2068" + text + "\u2069"  # FIRST STRONG ISOLATE ... POP DIRECTIONAL ISOLATE


def backup_words(entry: ListedBackup) -> str:
    """One backup to a stick or folder, as its line in Settings: when, which file where,
    and the families it still holds when they were erased after it was made."""
    backup = entry.backup
    day = format_day(backup.made_at.astimezone().date(), "long")
    if backup.file:
        # Isolated: a file name or path keeps its own direction in an Arabic sentence.
        text = _("{day}: {file}, in {folder}").format(
            day=day, file=_isolated(backup.file), folder=_isolated(backup.folder)
        )
    else:  # noted before the app kept the file's name
        text = _("{day}: a backup to a USB stick or folder").format(day=day)
    codes = sorted({erasure.code for erasure in entry.erased_since})
    if codes:
        text += "\n" + ngettext(
            "Made before you erased {count} family ({codes}): it still holds it until you "
            "replace it or delete it.",
            "Made before you erased {count} families ({codes}): it still holds them until "
            "you replace it or delete it.",
            len(codes),
        ).format(count=len(codes), codes=", ".join(codes))
    return text


class BackupSection(QWidget):
    """Settings' backups: when the last backup to a folder or USB stick was made, and
    "Back up now…"."""

    def __init__(self, records: OpenRecords, choose: Chooser = choose_folder) -> None:
        super().__init__()
        self.setObjectName("backups")
        self._records = records
        self.chooser = choose  # a test puts its own here
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(heading(_("Backups"), "section"))
        layout.addWidget(
            words(
                _(
                    "The app keeps a backup of your profile on this laptop each day. To be "
                    "safe if the laptop is lost, also back up to a USB stick now and then, "
                    "and keep it somewhere else. A backup is locked like your profile: it "
                    "opens only with your passphrase or your recovery key."
                )
            )
        )
        self.last = words("", "last-backup")
        layout.addWidget(self.last)
        reminder = QFormLayout()
        self.remind = QComboBox()
        self.remind.setObjectName("backup-reminder-interval")
        for days, name in REMINDER_NAMES.items():
            self.remind.addItem(_(name), days)
        label = _("Remind me on Today to back up to a USB stick")
        self.remind.setAccessibleName(label)
        reminder.addRow(label, self.remind)
        layout.addLayout(reminder)
        row = QHBoxLayout()
        self.back_up_button = big_button(_("Back up now…"), "back-up-now")
        self.back_up_button.clicked.connect(self.back_up)
        row.addWidget(self.back_up_button)
        self.busy = QProgressBar()
        self.busy.setRange(0, 0)
        self.busy.setAccessibleName(_("Saving the backup…"))
        self.busy.hide()
        row.addWidget(self.busy)
        row.addStretch()
        layout.addLayout(row)
        self.result = words("", "backup-result")
        self.result.hide()
        layout.addWidget(self.result)
        #: The backups to sticks and folders made from this profile, newest first: one
        #: line each (QLabel), with what it still holds when families were erased since.
        self.history = QWidget()
        self.history.setObjectName("external-backups")
        self.history_layout = QVBoxLayout(self.history)
        self.history_layout.setContentsMargins(0, 0, 0, 0)
        self.history_lines: list[QLabel] = []
        layout.addWidget(self.history)
        self._show_last()
        if not records.profile.is_locked:
            self.remind.setCurrentIndex(self.remind.findData(reminder_days(records.profile)))
        self.remind.currentIndexChanged.connect(self._remind_changed)
        records.changed.connect(self._show_last)  # an erasure changes what it says

    def _remind_changed(self) -> None:
        days = self.remind.currentData()
        if days is None:
            return
        profile = self._records.profile
        run_operation(self, lambda: set_reminder_days(profile, days), records=self._records)

    def _show_last(self, *_why: object) -> None:
        profile = self._records.profile
        listed = [] if profile.is_locked else listed_external_backups(profile)
        made = listed[0].backup.made_at if listed else None
        text = (
            _("Last backup to a USB stick or folder: {day}.").format(
                day=format_day(made.astimezone().date())
            )
            if made is not None
            else _("No backup to a USB stick or folder yet.")
        )
        if listed and listed[0].erased_since:
            # The app erased them from its own backups; a stick it does not have, it can't.
            text += " " + _(
                "That backup still holds families you have erased since (locked, like "
                "your profile). Make a new backup, then delete the old one."
            )
        self.last.setText(text)
        self._show_history(listed)

    def _show_history(self, listed: list[ListedBackup]) -> None:
        for line in self.history_lines:
            self.history_layout.removeWidget(line)
            line.deleteLater()
        self.history_lines = []
        if not listed:
            return
        lines = [words(_("Your backups to USB sticks and folders, newest first:"), "backups-list")]
        for entry in listed:
            line = words(backup_words(entry), "external-backup")
            line.setIndent(line.fontMetrics().averageCharWidth() * 3)  # under the heading
            lines.append(line)
        for line in lines:
            self.history_layout.addWidget(line)
        self.history_lines = lines

    def back_up(self) -> None:
        folder = self.chooser(self)
        if folder is None:
            return
        profile = self._records.profile
        self.back_up_button.setEnabled(False)
        self.busy.show()
        self.result.hide()
        run_operation(
            self,
            lambda: back_up_to(profile, folder, datetime.now(UTC)),
            self._done,
            self._problem,
            records=self._records,
        )

    def _done(self, done: object) -> None:
        self._finished()
        made = getattr(done, "result", None)
        name = made.name if isinstance(made, Path) else ""
        self._say(
            _(
                "Saved the backup as {file}. Keep the USB stick somewhere safe, away from "
                "the laptop."
            ).format(file=name)
        )
        self._show_last()

    def _problem(self, problem: Problem) -> None:
        self._finished()
        self._say(problem.words)

    def _finished(self) -> None:
        self.busy.hide()
        self.back_up_button.setEnabled(True)

    def _say(self, text: str) -> None:
        self.result.setText(text)
        self.result.setAccessibleName(text)
        self.result.show()


class RestoreDialog(QDialog):
    """Restore a profile from a backup file, with its passphrase or recovery key."""

    #: Fires with the Restored once the profile is in place.
    restored = Signal(object)

    def __init__(
        self, data_dir: Path, parent: QWidget | None = None, choose: Chooser = choose_backup_file
    ) -> None:
        super().__init__(parent)
        self.setObjectName("restore")
        self.setWindowTitle(_("Restore from a backup"))
        self._data_dir = data_dir
        self.chooser = choose  # a test puts its own here
        self._replace_newer = False
        self.backup: Path | None = None
        layout = QVBoxLayout(self)
        layout.addWidget(heading(_("Restore from a backup")))
        layout.addWidget(
            words(
                _(
                    "Choose the backup file (on a USB stick or in a folder), then type the "
                    "passphrase you had when the backup was made, or your recovery key. "
                    "Every record is checked before anything on this laptop is changed."
                )
            )
        )
        form = QFormLayout()
        file_row = QHBoxLayout()
        self.file = words(_("No file chosen yet."), "backup-file")
        choose_button = big_button(_("Choose the backup…"), "choose-backup")
        choose_button.clicked.connect(self.choose)
        file_row.addWidget(self.file, 1)
        file_row.addWidget(choose_button)
        form.addRow(_("Backup"), file_row)
        self.secret = QLineEdit()
        self.secret.setObjectName("restore-passphrase")
        self.secret.setEchoMode(QLineEdit.EchoMode.Password)
        self.secret.setAccessibleName(_("Passphrase"))
        self.secret_label = words(_("Passphrase"), "secret-label")
        form.addRow(self.secret_label, self.secret)
        self.use_recovery_key = QCheckBox(_("I will type my recovery key instead"))
        self.use_recovery_key.setObjectName("use-recovery-key")
        self.use_recovery_key.toggled.connect(self._secret_kind)
        form.addRow("", self.use_recovery_key)
        layout.addLayout(form)
        self.problem = FieldProblem()
        layout.addWidget(self.problem)
        self.outcome = words("", "restore-outcome")
        self.outcome.hide()
        layout.addWidget(self.outcome)
        self.busy = QProgressBar()
        self.busy.setRange(0, 0)
        self.busy.setAccessibleName(_("Checking every record in the backup…"))
        self.busy.hide()
        layout.addWidget(self.busy)
        row = QHBoxLayout()
        row.addStretch()
        self.cancel = big_button(_("Cancel"), "cancel")
        self.cancel.clicked.connect(self.reject)
        row.addWidget(self.cancel)
        self.restore_button = big_button(_("Restore"), "restore-now", primary=True)
        self.restore_button.clicked.connect(self.start)
        row.addWidget(self.restore_button)
        layout.addLayout(row)
        self.setMinimumWidth(640)

    def _secret_kind(self, recovery: bool) -> None:
        label = _("Recovery key") if recovery else _("Passphrase")
        self.secret_label.setText(label)
        self.secret.setAccessibleName(label)
        self.secret.setEchoMode(
            QLineEdit.EchoMode.Normal if recovery else QLineEdit.EchoMode.Password
        )

    def choose(self) -> None:
        chosen = self.chooser(self)
        if chosen is not None:
            self.backup = chosen
            self.file.setText(chosen.name)
            self._replace_newer = False
            self.restore_button.setText(_("Restore"))
            self.secret.setFocus()

    def start(self) -> None:
        if self.backup is None:
            self.problem.say(_("Please choose the backup file first."))
            return
        typed, recovery = self.secret.text(), self.use_recovery_key.isChecked()

        def open_backup(locked: LockedProfile) -> UnlockedProfile:
            if recovery:
                return locked.unlock_with_recovery_key(typed)
            return locked.unlock(typed)

        data_dir, backup, replace_newer = self._data_dir, self.backup, self._replace_newer
        self.problem.say("")
        self._busy(True)
        run_operation(
            self,
            lambda: (
                restore(
                    data_dir, backup, open_backup, datetime.now(UTC), replace_newer=replace_newer
                ).result
            ),
            self._done,
            self._problem,
        )

    def _busy(self, busy: bool) -> None:
        self.busy.setVisible(busy)
        for widget in (self.restore_button, self.cancel, self.secret, self.use_recovery_key):
            widget.setEnabled(not busy)

    def _done(self, restored: Restored) -> None:
        self._busy(False)
        self.secret.clear()
        text = _(
            "{name}'s profile is restored, and every record in it was checked. Choose it "
            "in the list and unlock it as usual."
        ).format(name=restored.display_name)
        if restored.replaced_kept_at is not None:
            text += " " + _("The profile it replaced is kept as a backup on this laptop.")
        if restored.keys_from_backup:
            text += " " + _(KEYS_FROM_BACKUP)
        self.outcome.setText(text)
        self.outcome.setAccessibleName(text)
        self.outcome.show()
        self.restore_button.setText(pgettext("button", "Close"))
        self.restore_button.clicked.disconnect()
        self.restore_button.clicked.connect(self.accept)
        self.cancel.hide()
        self.restored.emit(restored)

    def _problem(self, problem: Problem) -> None:
        self._busy(False)
        if isinstance(problem.error, ProfileIsNewer):
            self._replace_newer = True
            self.problem.say(
                problem.words
                + " "
                + _(
                    "To restore the backup anyway, press the button again: the "
                    "profile on this laptop is then kept as a backup."
                )
            )
            self.restore_button.setText(_("Restore it anyway"))
            return
        self.problem.say(problem.words)
