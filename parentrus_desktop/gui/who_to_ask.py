"""Who to ask at school: the staff choices under each child in the family form, the
"Who to ask at school" part of the family page, whom a request to the school went to,
and the one page "Who to ask at your school" printed for the family in their language."""

from __future__ import annotations

from collections.abc import Iterable
from html import escape
from typing import Any

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QComboBox, QGridLayout, QHBoxLayout, QLabel, QVBoxLayout, QWidget

from parentrus_desktop.bidi import isolated
from parentrus_desktop.domain import Child, Family, FollowUp, School, StaffMember
from parentrus_desktop.domain.school_staff import (
    ChildAtSchool,
    children_at_school,
    schools_of,
    staff_by_role,
)
from parentrus_desktop.domain.validation import N_
from parentrus_desktop.domain.vocabulary import StaffRole
from parentrus_desktop.gui.choosers import add_no_choice, choose_data, chosen_data
from parentrus_desktop.gui.language import is_right_to_left
from parentrus_desktop.gui.printable import (
    PrintableDialog,
    page,
    page_heading,
    right_to_left,
    table_row,
)
from parentrus_desktop.gui.records import OpenRecords
from parentrus_desktop.gui.widgets import big_button, heading, words
from parentrus_desktop.i18n import _, speaking
from parentrus_desktop.labels import label

#: What a family can ask each of them about: one plain sentence per role, printed for
#: the family in their language.
WHAT_TO_ASK: dict[StaffRole, str] = {
    StaffRole.KEY_CONTACT: N_(
        "Ask them first, about anything. They will find the right person for you."
    ),
    StaffRole.CLASS_TEACHER: N_(
        "Ask them how your child is doing in class, about homework and day-to-day worries."
    ),
    StaffRole.HEAD_OF_YEAR: N_(
        "Ask them about bigger worries in your child's year: behaviour, friends, bullying."
    ),
    StaffRole.SPECIAL_NEEDS_COORDINATOR: N_(
        "Ask them about extra help with learning, or with a disability or health need."
    ),
    StaffRole.ATTENDANCE: N_(
        "Tell them when your child is ill or will miss school; ask them for help with "
        "getting to school every day."
    ),
}

#: The order roles come in on the page: the one key person first.
PRINTED_ORDER = (
    StaffRole.KEY_CONTACT,
    StaffRole.CLASS_TEACHER,
    StaffRole.HEAD_OF_YEAR,
    StaffRole.SPECIAL_NEEDS_COORDINATOR,
    StaffRole.ATTENDANCE,
)


def person(member: StaffMember) -> str:
    """A member of staff with how to reach them: "Mrs Okafor (office phone, Tuesdays)"."""
    if not member.how_to_reach:
        return member.name
    return _("{name} ({how_to_reach})").format(name=member.name, how_to_reach=member.how_to_reach)


# --- Choosing them for a child (the family form) ----------------------------------------


class StaffChoices(QWidget):
    """Under a child's row: the child's class teacher and the family's key contact,
    from the staff of the school chosen in the row. Shown once that school lists staff."""

    #: Fires when either choice changes.
    changed = Signal()

    def __init__(self, schools: Iterable[School], child: Child | None) -> None:
        super().__init__()
        self.setObjectName("child-staff")
        self._schools = {school.id: school for school in schools}
        self._child = child
        self.class_teacher = QComboBox()
        self.class_teacher.setObjectName("child-class-teacher")
        self.key_contact = QComboBox()
        self.key_contact.setObjectName("child-key-contact")
        # One above the other, each as wide as the row: side by side, a long name or
        # "(the family's key contact at school)" in a longer language was cut off.
        rows = QGridLayout(self)
        rows.setContentsMargins(0, 0, 0, 6)
        rows.setColumnStretch(1, 1)
        for line, (text, box) in enumerate(
            ((_("Class teacher"), self.class_teacher), (_("Key contact"), self.key_contact))
        ):
            box.setSizeAdjustPolicy(
                QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon
            )
            box.setMinimumContentsLength(8)
            caption = QLabel(text)
            caption.setBuddy(box)
            rows.addWidget(caption, line, 0)
            rows.addWidget(box, line, 1)
            box.currentIndexChanged.connect(self.changed)

    def boxes(self) -> tuple[QComboBox, QComboBox]:
        return self.class_teacher, self.key_contact

    def follow(self, school_box: QComboBox) -> None:
        """Offer the staff of the school chosen in ``school_box``, now and when it changes.
        The child's own choices are kept as they were, even for someone no longer listed."""
        child = self._child
        self._fill(
            chosen_data(school_box),
            child.class_teacher if child else None,
            child.key_contact if child else None,
            keep_unlisted=True,
        )
        school_box.currentIndexChanged.connect(
            lambda _i: self._fill(
                chosen_data(school_box),
                chosen_data(self.class_teacher),
                chosen_data(self.key_contact),
                keep_unlisted=False,
            )
        )

    def chosen(self) -> dict[str, Any]:
        return {
            "class_teacher": chosen_data(self.class_teacher),
            "key_contact": chosen_data(self.key_contact),
        }

    def name_them(self, number: int) -> None:
        self.class_teacher.setAccessibleName(
            _("Child {number}: class teacher").format(number=number)
        )
        self.key_contact.setAccessibleName(_("Child {number}: key contact").format(number=number))

    def _fill(
        self,
        school_id: str | None,
        teacher: str | None,
        contact: str | None,
        *,
        keep_unlisted: bool,
    ) -> None:
        school = self._schools.get(school_id or "")
        staff = school.staff if school else ()
        only_contact = school is not None and len(school.with_role(StaffRole.KEY_CONTACT)) == 1
        for box, members, chosen, none_text, say_role in (
            (
                self.class_teacher,
                [m for m in staff if m.role is StaffRole.CLASS_TEACHER],
                teacher,
                _("(not chosen)"),
                False,  # only class teachers are listed: their role would only cut the name
            ),
            (
                self.key_contact,
                sorted(staff, key=lambda m: m.role is not StaffRole.KEY_CONTACT),
                contact,
                _("(the school's key contact)") if only_contact else _("(not chosen)"),
                True,
            ),
        ):
            box.blockSignals(True)
            box.clear()
            add_no_choice(box, none_text)
            for member in members:
                box.addItem(
                    _("{name} ({role})").format(name=member.name, role=label(member.role))
                    if say_role
                    else member.name,
                    member.id,
                )
            if not choose_data(box, chosen) and keep_unlisted:
                # Saving must not quietly forget whom the mentor chose.
                box.addItem(_("Someone no longer in the school's list"), chosen)
                box.setCurrentIndex(box.count() - 1)
            box.blockSignals(False)
        kept = any(chosen_data(box) is not None for box in self.boxes())
        self.setHidden(not staff and not kept)
        self.changed.emit()


# --- Whom a request to the school went to -------------------------------------------------


def role_box(chosen: StaffRole | None) -> QComboBox:
    """For a request to the school: which of the school's roles it went to (optional)."""
    box = QComboBox()
    box.setObjectName("school-role")
    add_no_choice(box, _("(not said)"))
    for role in StaffRole:
        box.addItem(label(role), role.value)
    choose_data(box, chosen.value if chosen else None)
    return box


def role_in(box: QComboBox) -> StaffRole | None:
    value = chosen_data(box)
    return None if value is None else StaffRole(value)


def who_does_it(follow_up: FollowUp) -> str:
    """Who has to act, for the lists: "School – Class teacher" for a request that says
    whom at school it went to."""
    if follow_up.is_school_request and follow_up.school_role is not None:
        return _("{who} – {role}").format(
            who=label(follow_up.owner), role=label(follow_up.school_role)
        )
    return label(follow_up.owner)


# --- On the family page -------------------------------------------------------------------


def _reading_order(line: str) -> str:
    """A line that starts with a Latin name still reads right to left in Arabic: a
    paragraph takes its direction from its first letter, so it starts with a
    right-to-left mark there (the names themselves are isolated where they are put in)."""
    return "\u200f" + line if right_to_left() else line


def _child_lines(at: ChildAtSchool, who: str) -> str:
    not_chosen = _("not chosen yet")
    return "\n".join(
        _reading_order(line)
        for line in (
            _("{child} at {school}").format(child=isolated(who), school=isolated(at.school.name)),
            _("Class teacher: {person}").format(
                person=isolated(person(at.class_teacher)) if at.class_teacher else not_chosen
            ),
            _("Key contact: {person}").format(
                person=isolated(person(at.key_contact)) if at.key_contact else not_chosen
            ),
        )
    )


def _school_line(school: School) -> str:
    others = [
        _("{role}: {names}").format(
            role=label(role), names=", ".join(isolated(m.name) for m in members)
        )
        for role, members in staff_by_role(school)
        if role not in (StaffRole.CLASS_TEACHER, StaffRole.KEY_CONTACT)
    ]
    if not school.staff:
        return _reading_order(
            _("{school} has no staff in your list yet: add them under Schools.").format(
                school=isolated(school.name)
            )
        )
    if not others:
        return ""
    return _reading_order(
        _("Also at {school}: {staff}").format(
            school=isolated(school.name), staff=" · ".join(others)
        )
    )


class WhoToAskSection(QWidget):
    """ "Who to ask at school" for each child: their school, class teacher and key contact,
    then each school's other key staff; with the page to print for the family."""

    #: Fires with the family when the mentor asks for the page to print for them.
    print_requested = Signal(object)

    def __init__(self, records: OpenRecords, family: Family) -> None:
        super().__init__()
        self.setObjectName("who-to-ask")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        top = QHBoxLayout()
        # The heading takes the room beside the button (a stretch took it before, and the
        # heading wrapped onto two lines with room to spare: Hungarian).
        top.addWidget(heading(_("Who to ask at school"), "section"), 1)
        self.print_button = big_button(_("Print for the family"), "print-who-to-ask")
        self.print_button.setAccessibleName(_("Print 'Who to ask at your school' for the family"))
        self.print_button.clicked.connect(lambda: self.print_requested.emit(family))
        top.addWidget(self.print_button)
        layout.addLayout(top)
        #: One label per child at a school in the directory (for tests).
        self.child_lines: list[QLabel] = []
        if records.privacy:
            # Which school and which teacher can point to a family as surely as a name:
            # like the children and their school above, not on the privacy screen.
            self.print_button.setEnabled(False)
            self.print_button.setToolTip(_("Turn off the privacy screen to see or change names."))
            layout.addWidget(
                words(_("Turn off the privacy screen to see who to ask."), "who-to-ask-private")
            )
            return
        schools = records.profile.all(School)
        found = children_at_school(family, schools)
        if not found:
            layout.addWidget(
                words(
                    _(
                        "None of the children is at a school in your list yet: press Edit "
                        "and choose each child's school."
                    ),
                    "who-to-ask-none",
                )
            )
            self.print_button.setEnabled(False)
        for at in found:
            line = words(_child_lines(at, at.child.first_name), "who-to-ask-child")
            self.child_lines.append(line)
            layout.addWidget(line)
        for school in schools_of(family, schools):
            text = _school_line(school)
            if text:
                layout.addWidget(words(text, "who-to-ask-school"))


# --- The page printed for the family ------------------------------------------------------


def _rows_for(school: School, children: list[ChildAtSchool]) -> list[tuple[StaffRole, str, str]]:
    """(role, who it is for the family, how to reach them) in the printed order: the
    family's key contact and the children's class teachers, then the school's others."""
    seen: set[tuple[StaffRole, str, str]] = set()
    result: list[tuple[StaffRole, str, str]] = []
    for role in PRINTED_ORDER:
        members: list[tuple[StaffMember, str]] = []
        if role is StaffRole.KEY_CONTACT:
            members = _key_contacts(school, children)
        elif role is StaffRole.CLASS_TEACHER:
            members = [
                (at.class_teacher, at.child.first_name)
                for at in children
                if at.class_teacher is not None
            ]
        else:
            members = [(m, "") for m in school.with_role(role)]
        for member, for_child in members:
            if (role, member.id, for_child) in seen:
                continue
            seen.add((role, member.id, for_child))
            title = (
                _("{role} of {child}").format(role=label(role), child=for_child)
                if for_child
                else label(role)
            )
            result.append((role, title, person(member)))
    return result


def _key_contacts(school: School, children: list[ChildAtSchool]) -> list[tuple[StaffMember, str]]:
    """The family's key person at this school, with the child they are for when the
    children have different ones; the school's key contacts when none is known."""
    chosen = [(at.key_contact, at.child.first_name) for at in children if at.key_contact]
    if len({member.id for member, _child in chosen}) > 1:
        return [(member, child) for member, child in chosen]
    if chosen:
        return [(chosen[0][0], "")]
    return [(member, "") for member in school.with_role(StaffRole.KEY_CONTACT)]


def who_to_ask_html(family: Family, schools: Iterable[School]) -> tuple[str, bool]:
    """The page "Who to ask at your school" for this family, in the first of their
    languages the app speaks, and whether it reads right to left. It holds this family's
    children and their schools' staff only."""
    with speaking(family.languages) as used:
        found = children_at_school(family, schools)
        body = [
            "<p>"
            + escape(
                _(
                    "These are the people at school you can ask. Start with your key "
                    "contact: they know you, and they will find the right person."
                )
            )
            + "</p>"
        ]
        for school in schools_of(family, schools):
            children = [at for at in found if at.school.id == school.id]
            body.append(page_heading(school.name))
            rows = _rows_for(school, children)
            if not rows:
                body.append(
                    "<p>" + escape(_("Ask at the school office who can help you.")) + "</p>"
                )
                continue
            cells = "".join(
                table_row(
                    [
                        f'<td width="35%"><b>{escape(title)}</b><br/>{escape(reach)}</td>',
                        f"<td>{escape(_(WHAT_TO_ASK[role]))}</td>",
                    ]
                )
                for role, title, reach in rows
            )
            head = table_row(
                f"<th>{escape(text)}</th>" for text in (_("Who"), _("What to ask them about"))
            )
            body.append(
                '<table width="100%" cellspacing="0" cellpadding="6" border="1">'
                f"{head}{cells}</table>"
            )
        last = _("Take this page with you when you go to school.")
        body.append(f"<p><i>{escape(last)}</i></p>")
        return page(_("Who to ask at your school"), body), is_right_to_left(used)


def who_to_ask_dialog(
    records: OpenRecords, family: Family, parent: QWidget | None = None
) -> PrintableDialog:
    """The page, shown first, with Print. Its window title names no family."""
    html, right_to_left_page = who_to_ask_html(family, records.profile.all(School))
    return PrintableDialog(
        _("Who to ask at your school"),
        html,
        "who-to-ask-page",
        right_to_left_page=right_to_left_page,
        parent=parent,
    )
