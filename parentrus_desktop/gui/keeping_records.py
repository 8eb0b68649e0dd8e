"""Settings → Keeping records: how long closed families are kept, what happened on this
profile (the activity log), and "Save my log…" (sessions and hours, without names)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtGui import QShowEvent, QWheelEvent
from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QListWidget,
    QMessageBox,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from parentrus_desktop.gui.operation import run_operation
from parentrus_desktop.gui.records import OpenRecords
from parentrus_desktop.gui.widgets import big_button, fitting_size, heading, words
from parentrus_desktop.i18n import _, format_day, ngettext, pgettext
from parentrus_desktop.operations import Done
from parentrus_desktop.operations.activity import Activity, activity_log, activity_words, when_words
from parentrus_desktop.operations.kept import KEEP_REASON_WORDS
from parentrus_desktop.operations.own_work import save_own_work
from parentrus_desktop.operations.retention import (
    MOST_MONTHS,
    RetentionRule,
    RuleInForce,
    SchoolMaximum,
    kept_past_school_maximum,
    rule_in_force,
    set_retention_rule,
)


class MonthsBox(QSpinBox):
    """A number of months, with the word after it in the language's plural."""

    def __init__(self, name: str, value: int, *, highest: int) -> None:
        super().__init__()
        self.setObjectName(name)
        self.setRange(1, highest)
        # Only when chosen: a mouse wheel rolling past on a scrolling page must not
        # shorten how long families are kept (with "erase automatically" on, families
        # would go at the next unlock).
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.valueChanged.connect(self._name_the_unit)
        self.setValue(value)
        self._name_the_unit(value)

    def wheelEvent(self, event: QWheelEvent) -> None:
        if self.hasFocus():
            super().wheelEvent(event)
        else:
            event.ignore()  # the page scrolls instead

    def _name_the_unit(self, months: int) -> None:
        self.setSuffix(" " + ngettext("month", "months", months))


class KeepingRecordsSection(QWidget):
    """The section of the Settings page; every change is sealed in the profile."""

    def __init__(self, records: OpenRecords, today: Callable[[], date] = date.today) -> None:
        super().__init__()
        self.setObjectName("keeping-records")
        self._records = records
        self._today = today
        self.activity_dialog: ActivityDialog | None = None
        self._school: SchoolMaximum | None = None
        #: Where "Save my log…" saved last (for tests and the message under the button).
        self.last_saved: Path | None = None
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(heading(_("Keeping records"), "section"))
        in_force = rule_in_force(records.profile)
        rule = in_force.rule
        form = QFormLayout()
        self.months = MonthsBox("retention-months", rule.months, highest=MOST_MONTHS)
        label = _("Erase closed families after")
        self.months.setAccessibleName(label)
        form.addRow(label, self.months)
        # Short, as a tick box's words do not wrap (it must fit a 150% laptop screen);
        # the rest is said in the lines below, which do.
        self.automatically = QCheckBox(_("Erase them automatically when I unlock"))
        self.automatically.setObjectName("erase-automatically")
        self.automatically.setAccessibleName(
            _("Erase them automatically when I unlock, without asking (each one is logged)")
        )
        self.automatically.setChecked(rule.erase_automatically)
        form.addRow("", self.automatically)
        layout.addLayout(form)
        layout.addWidget(
            words(
                _(
                    "Families closed longer ago than this are listed on Today, to erase or "
                    "to keep for longer. Erased automatically, they go without a question, "
                    "and each one is noted in the activity log."
                )
            )
        )
        #: What a connected school asks, when it sets a maximum (hidden otherwise).
        self.school_words = words("", "retention-school-maximum")
        layout.addWidget(self.school_words)
        #: Families kept, for a reason, past the school's maximum (hidden when none).
        self.kept_words = words("", "kept-past-school-maximum")
        layout.addWidget(self.kept_words)
        self._show_rule_in_force(in_force)
        buttons = QHBoxLayout()
        self.show_activity = big_button(_("What happened on this profile…"), "show-activity")
        self.show_activity.clicked.connect(self.open_activity)
        self.save_log = big_button(_("Save my log…"), "save-my-log")
        self.save_log.setToolTip(
            _("Your sessions and hours as a spreadsheet file, without names or notes")
        )
        self.save_log.clicked.connect(lambda: self.save_my_log())
        buttons.addWidget(self.show_activity)
        buttons.addWidget(self.save_log)
        buttons.addStretch()
        layout.addLayout(buttons)
        self.saved_words = words("", "my-log-saved")
        self.saved_words.hide()
        layout.addWidget(self.saved_words)
        self.months.valueChanged.connect(self._rule_changed)
        self.automatically.toggled.connect(self._automatically_toggled)
        #: The question asked before "erase automatically" is turned on (for tests).
        self.confirm_dialog: QMessageBox | None = None

    def _automatically_toggled(self, on: bool) -> None:
        if not on:
            self._rule_changed()
            return
        # Not on until the mentor has read what it does: the box stays clear meanwhile.
        self._set_automatically(False)
        self.confirm_dialog = ask = QMessageBox(self)
        ask.setObjectName("confirm-erase-automatically")
        ask.setIcon(QMessageBox.Icon.Warning)
        ask.setWindowTitle(_("Erase automatically?"))
        ask.setText(_("Erase closed families automatically?"))
        ask.setInformativeText(
            ngettext(
                "Each time you unlock, the app will erase every family closed more than "
                "{months} month ago, without asking you first. Erasing cannot be undone. "
                "Backups you make after that will not have those families.",
                "Each time you unlock, the app will erase every family closed more than "
                "{months} months ago, without asking you first. Erasing cannot be undone. "
                "Backups you make after that will not have those families.",
                self.months.value(),
            ).format(months=self.months.value())
        )
        yes = ask.addButton(_("Yes, erase them automatically"), QMessageBox.ButtonRole.AcceptRole)
        yes.setObjectName("erase-automatically-yes")
        no = ask.addButton(_("No, I will erase them myself"), QMessageBox.ButtonRole.RejectRole)
        no.setObjectName("erase-automatically-no")
        ask.setDefaultButton(no)  # Enter pressed in a hurry changes nothing

        def answered() -> None:
            if ask.clickedButton() is yes:
                self._set_automatically(True)
                self._rule_changed()
            self.confirm_dialog = None

        ask.finished.connect(answered)
        ask.open()

    def _set_automatically(self, on: bool) -> None:
        self.automatically.blockSignals(True)
        self.automatically.setChecked(on)
        self.automatically.blockSignals(False)

    def showEvent(self, event: QShowEvent) -> None:
        # A sync may have brought a school's new maximum since the page was made.
        self._show_rule_in_force(rule_in_force(self._records.profile))
        super().showEvent(event)

    def _show_rule_in_force(self, in_force: RuleInForce) -> None:
        """The box as the rule in force says, never above a school's maximum, and why."""
        school = in_force.school
        self.months.blockSignals(True)  # showing the rule is not changing it
        self.months.setMaximum(MOST_MONTHS if school is None else school.months)
        self.months.setValue(in_force.months)
        self.months.blockSignals(False)
        self.months.setSuffix(" " + ngettext("month", "months", in_force.months))
        self._say_school(in_force)
        self._say_kept()

    def _say_kept(self) -> None:
        """Each family kept past the school's maximum, with its reason: never silent."""
        kept = kept_past_school_maximum(self._records.profile)
        lines = [
            _("Kept longer than your school asks:"),
            *(
                _("{family} · until {day} · {reason}").format(
                    family=self._records.family_label(family),
                    day=format_day(decision.until),
                    reason=_(KEEP_REASON_WORDS[decision.reason]),
                )
                for family, decision in kept
            ),
        ]
        self.kept_words.setText("\n".join(lines))
        self.kept_words.setAccessibleName(self.kept_words.text())
        self.kept_words.setVisible(bool(kept))

    def _say_school(self, in_force: RuleInForce) -> None:
        self._school = in_force.school
        school = in_force.school
        if school is None:
            self.school_words.hide()
            self.months.setToolTip("")
            return
        if in_force.school_is_shorter:
            text = ngettext(
                "{school} asks that closed families are kept no longer than {months} month, "
                "so the app uses {months}.",
                "{school} asks that closed families are kept no longer than {months} months, "
                "so the app uses {months}.",
                school.months,
            )
        else:
            text = ngettext(
                "{school} asks that closed families are kept no longer than {months} month, "
                "so you can choose up to {months}.",
                "{school} asks that closed families are kept no longer than {months} months, "
                "so you can choose up to {months}.",
                school.months,
            )
        said = text.format(school=school.school_name, months=school.months)
        self.school_words.setText(said)
        self.school_words.setAccessibleName(said)
        self.school_words.show()
        self.months.setToolTip(said)  # why the box stops there

    def _rule_changed(self, *_args: object) -> None:
        rule = RetentionRule(self.months.value(), self.automatically.isChecked())
        self._say_school(RuleInForce(rule, self._school))
        profile = self._records.profile
        run_operation(self, lambda: set_retention_rule(profile, rule), records=self._records)

    def open_activity(self) -> ActivityDialog:
        self.activity_dialog = ActivityDialog(self._records, self)
        self.activity_dialog.open()
        return self.activity_dialog

    def save_my_log(self, chosen: Path | None = None) -> None:
        """Save the sessions and hours as CSV, off the UI thread. ``chosen`` skips the
        file dialog (for tests)."""
        if chosen is None:
            picked, _filter = QFileDialog.getSaveFileName(
                self,
                _("Save my log"),
                f"my-log-{self._today().isoformat()}.csv",
                "*.csv",
            )
            if not picked:
                return
            chosen = Path(picked)
        profile, target = self._records.profile, chosen
        self.save_log.setEnabled(False)

        def saved(done: Done[int]) -> None:
            self.save_log.setEnabled(True)
            self.last_saved = target
            self.saved_words.setText(
                ngettext(
                    "Saved {count} line to {file}. It has family codes but no names.",
                    "Saved {count} lines to {file}. It has family codes but no names.",
                    done.result,
                ).format(count=done.result, file=target.name)
            )
            self.saved_words.show()

        run_operation(
            self,
            lambda: save_own_work(profile, target),
            saved,
            lambda problem: self._say(problem.words),
            records=self._records,
        )

    def _say(self, text: str) -> None:
        self.save_log.setEnabled(True)
        self.saved_words.setText(text)
        self.saved_words.show()


class ActivityDialog(QDialog):
    """The activity log as a plain list, newest first."""

    def __init__(self, records: OpenRecords, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("activity")
        self.setWindowTitle(_("What happened on this profile"))
        layout = QVBoxLayout(self)
        layout.addWidget(heading(_("What happened on this profile")))
        layout.addWidget(
            words(
                _(
                    "Unlocks, wrong passphrases, files saved, families erased, backups and "
                    "key changes, newest first. Kept locked in this profile; families are "
                    "named only by their code."
                )
            )
        )
        self.entries = QListWidget()
        self.entries.setObjectName("activity-entries")
        self.entries.setAccessibleName(_("What happened on this profile"))
        layout.addWidget(self.entries, 1)
        close = big_button(pgettext("button", "Close"), "activity-close")
        close.clicked.connect(self.accept)
        row = QHBoxLayout()
        row.addStretch()
        row.addWidget(close)
        layout.addLayout(row)
        self.resize(fitting_size(self, 640, 520))
        self.loaded = False
        profile = records.profile
        run_operation(self, lambda: activity_log(profile), self._show)

    def _show(self, log: list[Activity]) -> None:
        if not log:
            self.entries.addItem(_("Nothing yet."))
        for entry in log:
            self.entries.addItem(
                _("{when} · {what}").format(when=when_words(entry), what=activity_words(entry))
            )
        self.loaded = True
