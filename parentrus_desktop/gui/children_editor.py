"""The children of a family, one row each: first name, school year and school, and under
it whom to ask at that school (the class teacher and the family's key contact)."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import replace
from itertools import pairwise

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QComboBox,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from parentrus_desktop.domain import Child, School
from parentrus_desktop.domain.family import LATEST_YEAR_GROUP
from parentrus_desktop.domain.validation import N_, InvalidRecord
from parentrus_desktop.gui.choosers import add_no_choice, choose_data, chosen_data, school_box
from parentrus_desktop.gui.who_to_ask import StaffChoices
from parentrus_desktop.gui.widgets import big_button
from parentrus_desktop.i18n import _
from parentrus_desktop.labels import RECEPTION, school_year


def _narrow(box: QComboBox) -> QComboBox:
    """A drop-down that may be narrower than its longest choice, so a row of them fits."""
    box.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
    box.setMinimumContentsLength(8)
    return box


def year_box(chosen: int | None) -> QComboBox:
    """School years as parents say them, with 'not known' first."""
    box = QComboBox()
    box.setObjectName("child-year")
    add_no_choice(box, _("School year not known"))
    for year in range(RECEPTION, LATEST_YEAR_GROUP + 1):
        box.addItem(school_year(year), year)
    choose_data(box, chosen)
    return _narrow(box)


class ChildRow:
    """The fields of one child, and the child they started from (None for a new one)."""

    def __init__(self, child: Child | None, schools: list[School], default_school: str | None):
        self.child = child
        self._default_school = default_school
        self.name = QLineEdit(child.first_name if child else "")
        self.name.setObjectName("child-name")
        self.name.setPlaceholderText(_("First name"))
        self.year = year_box(child.year_group if child else None)
        self.school = _narrow(
            school_box(
                schools,
                "child-school",
                child.school_id if child else default_school,
                _("Not at a school in the list"),
            )
        )
        self.remove = QPushButton(_("Remove"))
        self.remove.setObjectName("remove-child")
        self.remove.setMinimumHeight(32)
        self.remove.setAutoDefault(False)
        #: Whom to ask at the chosen school: on a line of its own under the row.
        self.staff = StaffChoices(schools, child)
        self.staff.follow(self.school)

    def widgets(self) -> tuple[QWidget, ...]:
        return (self.name, self.year, self.school, self.remove)

    def in_tab_order(self) -> tuple[QWidget, ...]:
        return (self.name, self.year, self.school, *self.staff.boxes(), self.remove)

    def name_them(self, number: int) -> None:
        """Names a screen reader says: which child, and which of its fields."""
        self.name.setAccessibleName(_("Child {number}: first name").format(number=number))
        self.year.setAccessibleName(_("Child {number}: school year").format(number=number))
        self.school.setAccessibleName(_("Child {number}: school").format(number=number))
        self.remove.setAccessibleName(_("Remove child {number}").format(number=number))
        self.staff.name_them(number)

    def is_blank(self) -> bool:
        """A new row nothing was typed or chosen in (the school it started with aside)."""
        school = chosen_data(self.school)
        return (
            not self.name.text().strip()
            and chosen_data(self.year) is None
            and (school is None or (self.child is None and school == self._default_school))
        )

    def read(self) -> Child:
        fields = {
            "first_name": self.name.text(),
            "year_group": chosen_data(self.year),
            "school_id": chosen_data(self.school),
            **self.staff.chosen(),
        }
        if not self.name.text().strip():
            raise InvalidRecord("children", N_("Each child needs a first name."))
        # Replace on the child it started from: a field this editor does not show stays.
        return replace(self.child, **fields) if self.child else Child(**fields)


class ChildrenEditor(QWidget):
    """One row per child, with 'Add a child' and 'Remove'. Reachable by keyboard: Tab goes
    along a row, then to the next; adding a child puts the cursor in its name."""

    #: Fires whenever a child is added, removed or changed.
    changed = Signal()

    def __init__(self, children: Iterable[Child], schools: Iterable[School]) -> None:
        super().__init__()
        self.setObjectName("children")
        self._schools = sorted(schools, key=lambda s: s.name.casefold())
        # With one school in the directory, a new child most likely goes there.
        self._default_school = self._schools[0].id if len(self._schools) == 1 else None
        self.rows: list[ChildRow] = []
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        self._grid = QGridLayout()
        self._grid.setColumnStretch(0, 3)
        self._grid.setColumnStretch(1, 2)
        self._grid.setColumnStretch(2, 3)
        self._headings = [QLabel(_("First name")), QLabel(_("School year")), QLabel(_("School"))]
        for column, label in enumerate(self._headings):
            self._grid.addWidget(label, 0, column)
        outer.addLayout(self._grid)
        self.none_yet = QLabel(_("No children added yet."))
        self.none_yet.setObjectName("no-children")
        outer.addWidget(self.none_yet)
        add_row = QHBoxLayout()
        self.add_button = big_button(_("Add a child"), "add-child")
        self.add_button.clicked.connect(self.add_child)
        add_row.addWidget(self.add_button)
        add_row.addStretch()
        outer.addLayout(add_row)
        for child in children:
            self._add_row(child)
        self._relayout()

    def add_child(self) -> ChildRow:
        """A new empty row, with the cursor in its name."""
        row = self._add_row(None)
        self._relayout()
        row.name.setFocus()
        self.changed.emit()
        return row

    def remove_child(self, row: ChildRow) -> None:
        index = self.rows.index(row)
        self.rows.remove(row)
        for widget in (*row.widgets(), row.staff):
            self._grid.removeWidget(widget)
            widget.hide()
            widget.deleteLater()
        self._relayout()
        after = self.rows[index].name if index < len(self.rows) else self.add_button
        after.setFocus()
        self.changed.emit()

    def read(self) -> tuple[Child, ...]:
        """The children as typed; a row left completely empty is not a child."""
        return tuple(row.read() for row in self.rows if not row.is_blank())

    def _add_row(self, child: Child | None) -> ChildRow:
        row = ChildRow(child, self._schools, self._default_school)
        self.rows.append(row)
        row.name.textChanged.connect(self.changed)
        row.year.currentIndexChanged.connect(self.changed)
        row.school.currentIndexChanged.connect(self.changed)
        row.staff.changed.connect(self.changed)
        row.remove.clicked.connect(lambda _checked=False, r=row: self.remove_child(r))
        return row

    def _relayout(self) -> None:
        """Put the rows in the grid in order, number them, and keep Tab in reading order."""
        for number, row in enumerate(self.rows, start=1):
            for column, widget in enumerate(row.widgets()):
                self._grid.addWidget(widget, 2 * number - 1, column)
            self._grid.addWidget(row.staff, 2 * number, 0, 1, len(row.widgets()))
            row.name_them(number)
        for label in self._headings:
            label.setVisible(bool(self.rows))
        self.none_yet.setVisible(not self.rows)
        # Rows added later were made last, so they start at the end of the window's Tab
        # chain; put them back after the (fixed) 'no children' line, before 'Add a child'.
        chain: list[QWidget] = [
            self.none_yet,
            *(w for row in self.rows for w in row.in_tab_order()),
        ]
        chain.append(self.add_button)
        for before, after in pairwise(chain):
            QWidget.setTabOrder(before, after)
        # The 'Children' label's shortcut and a screen reader land on the first field.
        self.setFocusProxy(self.rows[0].name if self.rows else self.add_button)
