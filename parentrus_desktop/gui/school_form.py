"""The schools directory: each school's name and its key staff by role, with how to reach
them (staff, not families), and the list page that opens them."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import replace

from PySide6.QtCore import SignalInstance
from PySide6.QtWidgets import QDialog, QLineEdit, QPushButton, QWidget

from parentrus_desktop.domain import Record, School, StaffMember, new_record_id
from parentrus_desktop.domain.validation import N_, InvalidRecord
from parentrus_desktop.domain.vocabulary import StaffRole
from parentrus_desktop.gui.choosers import ChoiceBox, choice_box
from parentrus_desktop.gui.lists import Column, Filter, RecordListPage
from parentrus_desktop.gui.record_dialog import RecordDialog, line_box
from parentrus_desktop.gui.records import OpenRecords
from parentrus_desktop.gui.rows_editor import RowsEditor
from parentrus_desktop.i18n import _
from parentrus_desktop.labels import label


class StaffRow:
    """The fields of one member of staff. A row keeps its member's id (a child may name
    them), and a new row has a new one from the start. The id is held in a hidden field,
    so a draft put back after a lock gives each row its own member again, whichever rows
    were removed."""

    def __init__(self, member: StaffMember | None) -> None:
        self.key = QLineEdit(member.id if member else new_record_id())
        self.key.setObjectName("staff-id")
        self.key.hide()
        self.role: ChoiceBox[StaffRole] = choice_box(
            StaffRole, "staff-role", member.role if member else None
        )
        # As wide as the longest role (the default), so the chosen one is never cut off:
        # "Special educational needs coordinator (SENCO)" is long in every language.
        self.name = QLineEdit(member.name if member else "")
        self.name.setObjectName("staff-name")
        self.name.setPlaceholderText(_("For example: Mrs Okafor"))
        self.reach = QLineEdit(member.how_to_reach if member else "")
        self.reach.setObjectName("staff-reach")
        self.reach.setPlaceholderText(_("For example: office phone, Tuesday mornings"))
        for line in (self.name, self.reach):
            line.setCursorPosition(0)  # a long entry shows its start, not its end
        self.remove = QPushButton(_("Remove"))
        self.remove.setObjectName("remove-staff")
        # Never shorter than its words need (a set minimum overrides the style's own).
        self.remove.setMinimumHeight(max(32, self.remove.minimumSizeHint().height()))
        self.remove.setAutoDefault(False)

    def widgets(self) -> tuple[QWidget, ...]:
        return (self.role, self.name, self.reach, self.remove)

    def extra(self) -> QWidget:
        """The member's id, hidden."""
        return self.key

    def in_tab_order(self) -> tuple[QWidget, ...]:
        return self.widgets()

    def changes(self) -> tuple[SignalInstance, ...]:
        return (self.role.currentIndexChanged, self.name.textChanged, self.reach.textChanged)

    def name_them(self, number: int) -> None:
        """Names a screen reader says: which member of staff, and which of their fields."""
        self.role.setAccessibleName(_("Staff {number}: role").format(number=number))
        self.name.setAccessibleName(_("Staff {number}: name").format(number=number))
        self.reach.setAccessibleName(_("Staff {number}: how to reach them").format(number=number))
        self.remove.setAccessibleName(_("Remove staff {number}").format(number=number))

    def is_blank(self, saved: dict[str, StaffMember]) -> bool:
        """A new row nothing was typed in."""
        return (
            self.key.text() not in saved and not self.name.text().strip() and not self.reach.text()
        )

    def read(self, saved: dict[str, StaffMember]) -> StaffMember:
        if not self.name.text().strip():
            raise InvalidRecord("staff_name", N_("Each member of staff needs a name."))
        role, name, reach = self.role.chosen(), self.name.text(), self.reach.text()
        member = saved.get(self.key.text())
        if member is not None:
            return replace(member, role=role, name=name, how_to_reach=reach)
        return StaffMember(id=self.key.text(), role=role, name=name, how_to_reach=reach)


class StaffEditor(RowsEditor[StaffRow]):
    """One row per member of staff (role, name, how to reach them), with 'Add a member
    of staff' and 'Remove'. Tab goes along a row, then to the next."""

    def __init__(self, staff: Iterable[StaffMember]) -> None:
        super().__init__(
            name="staff",
            headings=[(_("Role"), 2), (_("Name"), 2), (_("How to reach them"), 3)],
            none_yet=(_("No staff added yet."), "no-staff"),
            add=(_("Add a member of staff"), "add-staff"),
        )
        staff = tuple(staff)
        #: The members as saved, by id: a row that names one changes it.
        self._saved = {member.id: member for member in staff}
        self.add_rows(staff)

    def make_row(self, record: object | None) -> StaffRow:
        assert record is None or isinstance(record, StaffMember)
        return StaffRow(record)

    def place_extra(self, row: StaffRow, line: int) -> None:
        self._grid.addWidget(row.key, line, len(row.widgets()))  # hidden, after Remove

    def read(self) -> tuple[StaffMember, ...]:
        """The staff as typed; a new row left empty is no one."""
        return tuple(row.read(self._saved) for row in self.rows if not row.is_blank(self._saved))


class SchoolForm(RecordDialog):
    """A school in the directory: its name and who a family can ask there. A school is
    not deleted from here: children, requests and reports refer to it."""

    def __init__(
        self, records: OpenRecords, school: School | None, parent: QWidget | None = None
    ) -> None:
        super().__init__(records, _("School in the directory"), parent, editing=school)
        self._school = school
        self.name = line_box("school-name", school.name if school else "")
        self.name.setPlaceholderText(_("For example: Riverside Primary"))
        self.problems.add_row(self.form, _("Name"), self.name, "name")
        self.staff = StaffEditor(school.staff if school else ())
        self.staff.changed.connect(self._changed)
        self.problems.add_wide_row(
            self.form,
            _("Who families can ask (staff, not families)"),
            self.staff,
            "staff",
            "staff_name",
            "staff_role",
            "staff_how_to_reach",
        )
        self.watch(self.name)

    def edits(self, record: Record | None, family_id: str | None = None) -> None:
        # No Delete: children, requests to the school and reports refer to a school.
        self.editing = record
        self.for_family = family_id

    def build(self) -> list[Record]:
        name, staff = self.name.text(), self.staff.read()
        if self._school is not None:
            return [replace(self._school, name=name, staff=staff)]
        return [School(id=new_record_id(), name=name, staff=staff)]


def staff_summary(school: School) -> str:
    """The school's key contact, else how many staff are listed, for the schools list."""
    contacts = school.with_role(StaffRole.KEY_CONTACT)
    if contacts:
        return _("{role}: {names}").format(
            role=label(StaffRole.KEY_CONTACT), names=", ".join(m.name for m in contacts)
        )
    if not school.staff:
        return _("No staff listed yet")
    shown = [
        _("{role}: {names}").format(role=label(m.role), names=m.name) for m in school.staff[:2]
    ]
    return ", ".join(shown) + (" …" if len(school.staff) > 2 else "")


def schools_page(
    records: OpenRecords, open_form: Callable[[School | None], QDialog]
) -> RecordListPage[School]:
    return RecordListPage(
        records,
        name="schools",
        title=_("Schools"),
        explanation=_(
            "The schools the children go to, and who a family can ask there: the class "
            "teacher, the head of year, the special needs coordinator, attendance, and the "
            "family's key contact. Staff, not families: this never goes into a report."
        ),
        kind=School,
        columns=[
            Column(_("Name"), lambda s: s.name),
            Column(_("Who to ask"), staff_summary),
        ],
        filters=[Filter(_("All"), lambda s: True)],
        order=lambda s: s.name.casefold(),
        add_text=_("Add a school"),
        open_form=open_form,
    )
