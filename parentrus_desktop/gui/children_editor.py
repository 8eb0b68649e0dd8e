"""The children of a family, one row each: first name, school year and school, and under
it whom to ask at that school (the class teacher and the family's key contact)."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import replace

from PySide6.QtCore import SignalInstance
from PySide6.QtWidgets import QComboBox, QLineEdit, QPushButton, QWidget

from parentrus_desktop.domain import Child, School
from parentrus_desktop.domain.family import LATEST_YEAR_GROUP
from parentrus_desktop.domain.validation import N_, InvalidRecord
from parentrus_desktop.gui.choosers import add_no_choice, choose_data, chosen_data, school_box
from parentrus_desktop.gui.rows_editor import RowsEditor
from parentrus_desktop.gui.who_to_ask import StaffChoices
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

    def extra(self) -> QWidget:
        return self.staff

    def in_tab_order(self) -> tuple[QWidget, ...]:
        return (self.name, self.year, self.school, *self.staff.boxes(), self.remove)

    def changes(self) -> tuple[SignalInstance, ...]:
        return (
            self.name.textChanged,
            self.year.currentIndexChanged,
            self.school.currentIndexChanged,
            self.staff.changed,
        )

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


class ChildrenEditor(RowsEditor[ChildRow]):
    """One row per child, with 'Add a child' and 'Remove'. Reachable by keyboard: Tab goes
    along a row (and the staff choices under it), then to the next; adding a child puts
    the cursor in its name."""

    #: A child's staff choices go on a line of their own under the row.
    LINES = 2

    def __init__(self, children: Iterable[Child], schools: Iterable[School]) -> None:
        super().__init__(
            name="children",
            headings=[(_("First name"), 3), (_("School year"), 2), (_("School"), 3)],
            none_yet=(_("No children added yet."), "no-children"),
            add=(_("Add a child"), "add-child"),
        )
        self._schools = sorted(schools, key=lambda s: s.name.casefold())
        # With one school in the directory, a new child most likely goes there.
        self._default_school = self._schools[0].id if len(self._schools) == 1 else None
        self.add_rows(children)

    def make_row(self, record: object | None) -> ChildRow:
        assert record is None or isinstance(record, Child)
        return ChildRow(record, self._schools, self._default_school)

    def place_extra(self, row: ChildRow, line: int) -> None:
        self._grid.addWidget(row.staff, line + 1, 0, 1, len(row.widgets()))

    def add_child(self) -> ChildRow:
        """A new empty row, with the cursor in its name."""
        return self.add_row()

    def remove_child(self, row: ChildRow) -> None:
        self.remove_row(row)

    def read(self) -> tuple[Child, ...]:
        """The children as typed; a row left completely empty is not a child."""
        return tuple(row.read() for row in self.rows if not row.is_blank())
