"""Erasing a family for good: the mentor types the family's code to say they mean it."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QDialog, QHBoxLayout, QLineEdit, QListWidget, QVBoxLayout, QWidget

from parentrus_desktop.domain import Family
from parentrus_desktop.gui.operation import Problem, run_operation
from parentrus_desktop.gui.records import OpenRecords, left_to_right
from parentrus_desktop.gui.widgets import FieldProblem, big_button, heading, words
from parentrus_desktop.i18n import _, ngettext
from parentrus_desktop.operations import Done
from parentrus_desktop.operations.records import erase_families, erase_family


class EraseFamilyDialog(QDialog):
    """Says plainly what erasing does and that it cannot be undone; Erase works only once
    the family's code is typed."""

    #: Fires with (family code, how many records were erased or changed) once it is done.
    erased = Signal(str, int)

    def __init__(self, records: OpenRecords, family: Family, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("erase-family")
        self.setWindowTitle(_("Erase this family"))  # never a name
        self.setModal(True)
        self._records = records
        self._family = family
        layout = QVBoxLayout(self)
        layout.addWidget(
            heading(_("Erase {family} for good?").format(family=records.family_label(family)))
        )
        layout.addWidget(
            words(
                _(
                    "This erases the family and everything about them from this laptop: "
                    "their details, sessions, follow-ups, referrals, celebrations, check-ins "
                    "and consents. Group sessions stay, without them."
                ),
                "erase-what",
            )
        )
        no_undo = words(_("This cannot be undone. There is no Undo for it."), "erase-no-undo")
        font = no_undo.font()
        font.setBold(True)
        no_undo.setFont(font)
        layout.addWidget(no_undo)
        layout.addWidget(
            words(
                _("To erase, type the family code {code} here:").format(
                    code=left_to_right(family.code)
                ),
                "erase-type-code",
            )
        )
        self.code = QLineEdit()
        self.code.setObjectName("erase-code")
        self.code.setAccessibleName(_("Family code"))
        self.code.textChanged.connect(self._typed)
        layout.addWidget(self.code)
        self.problem = FieldProblem()
        layout.addWidget(self.problem)
        layout.addStretch()
        buttons = QHBoxLayout()
        buttons.addStretch()
        keep = big_button(_("Keep the family"), "erase-cancel")
        keep.clicked.connect(self.reject)
        self.erase_button = big_button(_("Erase for good"), "erase-confirm", primary=True)
        self.erase_button.setEnabled(False)
        self.erase_button.clicked.connect(self.erase)
        buttons.addWidget(keep)
        buttons.addWidget(self.erase_button)
        layout.addLayout(buttons)
        keep.setDefault(True)  # Enter never erases
        self.code.setFocus()
        self.setMinimumWidth(560)
        self.adjustSize()

    def _matches(self) -> bool:
        return self.code.text().strip().upper() == self._family.code

    def _typed(self, _text: str) -> None:
        self.erase_button.setEnabled(self._matches())

    def erase(self) -> None:
        if not self._matches():
            return
        self.erase_button.setEnabled(False)
        self.code.setEnabled(False)
        profile, family = self._records.profile, self._family
        run_operation(
            self,
            # Not yet from the backups: that is done after, in the background.
            lambda: erase_family(profile, family.id, reach_backups=False),
            self._done,
            self._not_erased,
            records=self._records,
        )

    def _done(self, done: Done[int]) -> None:
        self._records.clean_backups()
        self.erased.emit(self._family.code, done.result)
        self.accept()

    def _not_erased(self, problem: Problem) -> None:
        self.code.setEnabled(True)
        self.erase_button.setEnabled(self._matches())
        self.problem.say(problem.words)


class EraseFamiliesDialog(QDialog):
    """Erasing several families due for erasure in one step (Today's "Erase these N
    families…"): the list, what erasing does, and the number of families typed to say
    the mentor means it. The erasing runs off the UI thread; the backups on this laptop
    are reached after, in the background (``OpenRecords.clean_backups``)."""

    #: Fires with (the families' ids, how many records were erased or changed).
    erased = Signal(object, int)

    def __init__(
        self, records: OpenRecords, families: Sequence[Family], parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setObjectName("erase-families")
        self.setWindowTitle(_("Erase these families"))  # never a name
        self.setModal(True)
        self._records = records
        self._families = list(families)
        count = len(self._families)
        layout = QVBoxLayout(self)
        layout.addWidget(
            heading(
                ngettext(
                    "Erase {count} family for good?", "Erase {count} families for good?", count
                ).format(count=count)
            )
        )
        shown = QListWidget()
        shown.setObjectName("erase-families-list")
        shown.setAccessibleName(_("Families to erase"))
        for family in self._families:
            shown.addItem(records.family_label(family))
        shown.setMaximumHeight(min(count, 6) * 30 + 8)  # the buttons stay on a small screen
        layout.addWidget(shown)
        layout.addWidget(
            words(
                _(
                    "This erases each family and everything about them from this laptop: "
                    "their details, sessions, follow-ups, referrals, celebrations, check-ins "
                    "and consents. Group sessions stay, without them."
                ),
                "erase-what",
            )
        )
        no_undo = words(_("This cannot be undone. There is no Undo for it."), "erase-no-undo")
        font = no_undo.font()
        font.setBold(True)
        no_undo.setFont(font)
        layout.addWidget(no_undo)
        layout.addWidget(
            words(
                _("To erase, type the number of families, {count}, here:").format(count=count),
                "erase-type-count",
            )
        )
        self.count = QLineEdit()
        self.count.setObjectName("erase-count")
        self.count.setAccessibleName(_("Number of families"))
        self.count.textChanged.connect(self._typed)
        layout.addWidget(self.count)
        self.problem = FieldProblem()
        layout.addWidget(self.problem)
        layout.addStretch()
        buttons = QHBoxLayout()
        buttons.addStretch()
        keep = big_button(_("Keep them"), "erase-cancel")
        keep.clicked.connect(self.reject)
        self.erase_button = big_button(_("Erase for good"), "erase-confirm", primary=True)
        self.erase_button.setEnabled(False)
        self.erase_button.clicked.connect(self.erase)
        buttons.addWidget(keep)
        buttons.addWidget(self.erase_button)
        layout.addLayout(buttons)
        keep.setDefault(True)  # Enter never erases
        self.count.setFocus()
        self.setMinimumWidth(560)
        self.adjustSize()

    def _matches(self) -> bool:
        typed = self.count.text().strip()
        # Digits as typed on an Arabic keyboard count too.
        return typed.isdecimal() and int(typed) == len(self._families)

    def _typed(self, _text: str) -> None:
        self.erase_button.setEnabled(self._matches())

    def erase(self) -> None:
        if not self._matches():
            return
        self.erase_button.setEnabled(False)
        self.count.setEnabled(False)
        profile, ids = self._records.profile, [f.id for f in self._families]
        run_operation(
            self,
            lambda: erase_families(profile, ids, reach_backups=False),
            lambda done: self._done(ids, done),
            self._not_erased,
            records=self._records,
        )

    def _done(self, ids: list[str], done: Done[int]) -> None:
        self._records.clean_backups()
        self.erased.emit(ids, done.result)
        self.accept()

    def _not_erased(self, problem: Problem) -> None:
        self.count.setEnabled(True)
        self.erase_button.setEnabled(self._matches())
        self.problem.say(problem.words)
