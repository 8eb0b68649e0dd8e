"""Keeping a closed family past the retention rule: a reason from a short list and a new
date; the family leaves Today's "due for erasure" list until then."""

from __future__ import annotations

from datetime import date, timedelta

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QComboBox, QDialog, QFormLayout, QHBoxLayout, QVBoxLayout, QWidget

from parentrus_desktop.domain import Family
from parentrus_desktop.gui.operation import Problem, run_operation
from parentrus_desktop.gui.record_dialog import day_box
from parentrus_desktop.gui.records import OpenRecords
from parentrus_desktop.gui.widgets import FieldProblem, big_button, heading, words
from parentrus_desktop.i18n import _, ngettext
from parentrus_desktop.operations import Done
from parentrus_desktop.operations.kept import KEEP_REASON_WORDS, KeepReason, Kept
from parentrus_desktop.operations.retention import (
    add_months,
    beyond_school_maximum,
    keep_family,
    school_maximum,
)

#: The date offered first: half a year on, a time to look at it again.
OFFERED_MONTHS = 6


class KeepFamilyDialog(QDialog):
    #: Fires with the decision once it is saved.
    kept = Signal(object)

    def __init__(
        self, records: OpenRecords, family: Family, today: date, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setObjectName("keep-family")
        self.setWindowTitle(_("Keep this family's records"))  # never a name
        self.setModal(True)
        self._records, self._family, self._today = records, family, today
        layout = QVBoxLayout(self)
        layout.addWidget(
            heading(_("Keep {family} for longer?").format(family=records.family_label(family)))
        )
        layout.addWidget(
            words(
                _(
                    "Their records stay on this laptop until the day you choose. On that day "
                    "they are on Today's list again, to erase or to keep."
                )
            )
        )
        school = school_maximum(records.profile)
        # Any day from tomorrow on goes past the school's maximum: say so, and offer only
        # the reasons that can outweigh it.
        past_school = beyond_school_maximum(records.profile, family, today + timedelta(days=1))
        if school is not None and past_school:
            layout.addWidget(
                words(
                    ngettext(
                        "{school} asks that closed families are kept no longer than {months} "
                        "month. Keep them longer only when there is a need for it: the reason "
                        "you choose is kept with this decision.",
                        "{school} asks that closed families are kept no longer than {months} "
                        "months. Keep them longer only when there is a need for it: the reason "
                        "you choose is kept with this decision.",
                        school.months,
                    ).format(school=school.school_name, months=school.months),
                    "keep-school-maximum",
                )
            )
        form = QFormLayout()
        self.reason = QComboBox()
        self.reason.setObjectName("keep-reason")
        for reason in KeepReason:
            if past_school and reason is KeepReason.MAY_COME_BACK:
                continue  # "just in case" does not outweigh the school's maximum
            self.reason.addItem(_(KEEP_REASON_WORDS[reason]), reason.value)
        self.reason.setAccessibleName(_("Why keep them?"))
        form.addRow(_("Why keep them?"), self.reason)
        self.until = day_box("keep-until", add_months(today, OFFERED_MONTHS))
        self.until.setAccessibleName(_("Keep until"))
        form.addRow(_("Keep until"), self.until)
        layout.addLayout(form)
        self.problem = FieldProblem()
        layout.addWidget(self.problem)
        layout.addStretch()
        buttons = QHBoxLayout()
        buttons.addStretch()
        cancel = big_button(_("Cancel"), "keep-cancel")
        cancel.clicked.connect(self.reject)
        self.keep_button = big_button(_("Keep until that day"), "keep-confirm", primary=True)
        self.keep_button.clicked.connect(self.keep)
        buttons.addWidget(cancel)
        buttons.addWidget(self.keep_button)
        layout.addLayout(buttons)
        self.setMinimumWidth(520)
        self.adjustSize()

    def keep(self) -> None:
        chosen = self.until.date()
        until = date(chosen.year(), chosen.month(), chosen.day())
        reason = KeepReason(self.reason.currentData())
        profile, family_id, today = self._records.profile, self._family.id, self._today
        self.keep_button.setEnabled(False)
        run_operation(
            self,
            lambda: keep_family(profile, family_id, until, reason, today),
            self._done,
            self._not_kept,
            records=self._records,
        )

    def _done(self, done: Done[Kept]) -> None:
        self.kept.emit(done.result)
        self.accept()

    def _not_kept(self, problem: Problem) -> None:
        self.keep_button.setEnabled(True)
        self.problem.say(problem.words)
