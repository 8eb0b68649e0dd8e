"""Erasing families for good: the mentor types the family's code (or, for several, how
many there are) to say they mean it."""

from __future__ import annotations

from collections.abc import Callable, Sequence

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QDialog,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QVBoxLayout,
    QWidget,
)

from parentrus_desktop.bidi import left_to_right
from parentrus_desktop.domain import Family
from parentrus_desktop.gui.operation import Problem, run_operation
from parentrus_desktop.gui.records import OpenRecords
from parentrus_desktop.gui.tall_enough import tall_enough
from parentrus_desktop.gui.widgets import FieldProblem, big_button, heading, words
from parentrus_desktop.i18n import _, ngettext
from parentrus_desktop.operations import Done
from parentrus_desktop.operations.records import erase_families, erase_family
from parentrus_desktop.operations.retention import safeguarding_warning


class _TypeToErase(QDialog):
    """What erasing does, that it cannot be undone, and a field to type into: Erase works
    only once what is typed ``_matches``. The erasing runs off the UI thread; the backups
    on this laptop are reached after, in the background (``OpenRecords.clean_backups``)."""

    def __init__(
        self,
        records: OpenRecords,
        parent: QWidget | None,
        *,
        name: str,
        title: str,
        question: str,
        what: str,
        type_here: tuple[str, str],  # what to type, and the field's name for screen readers
        keep_words: str,
        shown: QWidget | None = None,
        safeguarding: str = "",
    ) -> None:
        super().__init__(parent)
        self.setObjectName(name)
        self.setWindowTitle(title)  # never a name
        self.setModal(True)
        self._records = records
        layout = QVBoxLayout(self)
        layout.addWidget(heading(question))
        if shown is not None:
            layout.addWidget(shown)
        layout.addWidget(words(what, "erase-what"))
        self.safeguarding: QLabel | None = None
        if safeguarding:
            # Said apart and in bold: these are the records a programme may need later.
            self.safeguarding = words(safeguarding, "erase-safeguarding")
            bold = self.safeguarding.font()
            bold.setBold(True)
            self.safeguarding.setFont(bold)
            layout.addWidget(self.safeguarding)
        no_undo = words(_("This cannot be undone. There is no Undo for it."), "erase-no-undo")
        font = no_undo.font()
        font.setBold(True)
        no_undo.setFont(font)
        layout.addWidget(no_undo)
        layout.addWidget(words(type_here[0], "erase-type"))
        self.typed = QLineEdit()
        self.typed.setAccessibleName(type_here[1])
        self.typed.textChanged.connect(self._typed)
        layout.addWidget(self.typed)
        self.problem = FieldProblem()
        layout.addWidget(self.problem)
        layout.addStretch()
        buttons = QHBoxLayout()
        buttons.addStretch()
        keep = big_button(keep_words, "erase-cancel")
        keep.clicked.connect(self.reject)
        self.erase_button = big_button(_("Erase for good"), "erase-confirm", primary=True)
        self.erase_button.setEnabled(False)
        self.erase_button.clicked.connect(self.erase)
        buttons.addWidget(keep)
        buttons.addWidget(self.erase_button)
        layout.addLayout(buttons)
        keep.setDefault(True)  # Enter never erases
        self.typed.setFocus()
        self.setMinimumWidth(560)
        self.adjustSize()
        tall_enough(self)

    def _matches(self) -> bool:
        raise NotImplementedError

    def _work(self) -> tuple[Callable[[], Done[int]], Callable[[Done[int]], None]]:
        """The erasing to run off the UI thread, and what to say once it is done."""
        raise NotImplementedError

    def _typed(self, _text: str) -> None:
        self.erase_button.setEnabled(self._matches())

    def erase(self) -> None:
        if not self._matches():
            return
        self.erase_button.setEnabled(False)
        self.typed.setEnabled(False)
        work, then = self._work()
        run_operation(
            self, work, lambda done: self._done(done, then), self._not_erased, records=self._records
        )

    def _done(self, done: Done[int], then: Callable[[Done[int]], None]) -> None:
        self._records.clean_backups()
        then(done)
        self.accept()

    def _not_erased(self, problem: Problem) -> None:
        self.typed.setEnabled(True)
        self.erase_button.setEnabled(self._matches())
        self.problem.say(problem.words)


class EraseFamilyDialog(_TypeToErase):
    """Erasing one family: Erase works only once the family's code is typed."""

    #: Fires with (family code, how many records were erased or changed) once it is done.
    erased = Signal(str, int)

    def __init__(self, records: OpenRecords, family: Family, parent: QWidget | None = None) -> None:
        self._family = family
        super().__init__(
            records,
            parent,
            name="erase-family",
            title=_("Erase this family"),
            question=_("Erase {family} for good?").format(family=records.family_label(family)),
            what=_(
                "This erases the family and everything about them from this laptop: "
                "their details, sessions, follow-ups, referrals, celebrations, check-ins "
                "and consents. Group sessions stay, without them."
            ),
            type_here=(
                _("To erase, type the family code {code} here:").format(
                    code=left_to_right(family.code)
                ),
                _("Family code"),
            ),
            keep_words=_("Keep the family"),
            safeguarding=safeguarding_warning(records.profile, [family.id]),
        )
        self.code = self.typed
        self.code.setObjectName("erase-code")

    def _matches(self) -> bool:
        return self.typed.text().strip().upper() == self._family.code

    def _work(self) -> tuple[Callable[[], Done[int]], Callable[[Done[int]], None]]:
        profile, family = self._records.profile, self._family
        return (
            # Not yet from the backups: that is done after, in the background.
            lambda: erase_family(profile, family.id, reach_backups=False),
            lambda done: self.erased.emit(family.code, done.result),
        )


class EraseFamiliesDialog(_TypeToErase):
    """Erasing several families due for erasure in one step (Today's "Erase these N
    families…"): the list, and the number of families typed to say the mentor means it."""

    #: Fires with (the families' ids, how many records were erased or changed).
    erased = Signal(object, int)

    def __init__(
        self, records: OpenRecords, families: Sequence[Family], parent: QWidget | None = None
    ) -> None:
        self._families = list(families)
        count = len(self._families)
        shown = QListWidget()
        shown.setObjectName("erase-families-list")
        shown.setAccessibleName(_("Families to erase"))
        for family in self._families:
            shown.addItem(records.family_label(family))
        shown.setMaximumHeight(min(count, 6) * 30 + 8)  # the buttons stay on a small screen
        super().__init__(
            records,
            parent,
            name="erase-families",
            title=_("Erase these families"),
            question=ngettext(
                "Erase {count} family for good?", "Erase {count} families for good?", count
            ).format(count=count),
            what=_(
                "This erases each family and everything about them from this laptop: "
                "their details, sessions, follow-ups, referrals, celebrations, check-ins "
                "and consents. Group sessions stay, without them."
            ),
            type_here=(
                _("To erase, type the number of families, {count}, here:").format(count=count),
                _("Number of families"),
            ),
            keep_words=_("Keep them"),
            shown=shown,
            safeguarding=safeguarding_warning(records.profile, [f.id for f in families]),
        )
        self.count = self.typed
        self.count.setObjectName("erase-count")

    def _matches(self) -> bool:
        typed = self.typed.text().strip()
        # Digits as typed on an Arabic keyboard count too.
        return typed.isdecimal() and int(typed) == len(self._families)

    def _work(self) -> tuple[Callable[[], Done[int]], Callable[[Done[int]], None]]:
        profile, ids = self._records.profile, [f.id for f in self._families]
        return (
            lambda: erase_families(profile, ids, reach_backups=False),
            lambda done: self.erased.emit(ids, done.result),
        )
