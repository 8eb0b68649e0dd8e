"""Who to ask at school: staff typed into a school of the directory, each child's class
teacher and key contact, "Who to ask at school" on the family page, the role a request
to the school went to, and the page printed for a family in their language."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import date
from pathlib import Path

import pytest
import shiboken6
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QComboBox, QLabel, QListWidget, QPushButton
from pytestqt.qtbot import QtBot
from test_gui_drafts import reopened_form
from test_gui_flow import create_first_profile, settle, unlock
from test_gui_more_records import save

from parentrus_desktop import i18n
from parentrus_desktop.domain import Child, Family, FollowUp, School, StaffMember, new_record_id
from parentrus_desktop.domain.vocabulary import ActionOwner, StaffRole
from parentrus_desktop.gui.language import apply_language
from parentrus_desktop.gui.school_form import SchoolForm
from parentrus_desktop.gui.who_to_ask import WhoToAskSection
from parentrus_desktop.gui.widgets import FieldProblem
from parentrus_desktop.gui.window import MentorWindow
from parentrus_desktop.gui.workspace import Workspace
from parentrus_desktop.i18n import _

MakeWindow = Callable[..., MentorWindow]


def _member(role: StaffRole, name: str, reach: str = "") -> StaffMember:
    return StaffMember(id=new_record_id(), role=role, name=name, how_to_reach=reach)


@dataclass
class Staffed:
    """A school with its key staff, a family with two children there, another family."""

    school: School
    other_school: School
    family: Family
    other_family: Family
    okafor: StaffMember
    hughes: StaffMember
    diallo: StaffMember
    begum: StaffMember


def _staffed(workspace: Workspace) -> Staffed:
    okafor = _member(StaffRole.CLASS_TEACHER, "Mrs Okafor", "Office phone, Tuesday mornings")
    hughes = _member(StaffRole.CLASS_TEACHER, "Mr Hughes", "A note in the reading book")
    diallo = _member(StaffRole.KEY_CONTACT, "Mr Diallo", "Family room, 8:30 each morning")
    begum = _member(StaffRole.HEAD_OF_YEAR, "Ms Begum")
    school = School(
        id=new_record_id(),
        name="Riverside Primary",
        staff=(
            diallo,
            okafor,
            hughes,
            begum,
            _member(StaffRole.SPECIAL_NEEDS_COORDINATOR, "Mrs Kowalska", "Office phone"),
            _member(StaffRole.ATTENDANCE, "Mr Ahmed", "Attendance line before 9am"),
        ),
    )
    other_school = School(id=new_record_id(), name="Hillview Academy")
    family = Family(
        id=new_record_id(),
        code="K7Q-4M",
        carers=("Amina",),
        children=(
            Child(first_name="Yusuf", school_id=school.id, year_group=3, class_teacher=okafor.id),
            # Mariam's family chose the head of year as their key person for her.
            Child(
                first_name="Mariam",
                school_id=school.id,
                year_group=5,
                class_teacher=hughes.id,
                key_contact=begum.id,
            ),
            Child(first_name="Idris", year_group=0),  # not at a school in the list
        ),
        languages=("ar", "en"),
        joined_on=date(2026, 9, 14),
    )
    other_family = Family(
        id=new_record_id(),
        code="B3X-9P",
        carers=("Saima",),
        children=(Child(first_name="Zainab", school_id=school.id, class_teacher=okafor.id),),
        languages=("ur", "en"),
        joined_on=date(2026, 9, 14),
    )
    records = workspace.records
    records.profile.save(school, other_school, family, other_family)
    records.changed.emit({School.kind, Family.kind})
    return Staffed(school, other_school, family, other_family, okafor, hughes, diallo, begum)


@pytest.fixture
def workspace(qtbot: QtBot, make_window: MakeWindow) -> Workspace:
    return create_first_profile(qtbot, make_window())


def test_staff_typed_into_a_school_are_saved_and_shown_again(
    qtbot: QtBot, workspace: Workspace
) -> None:
    form = workspace.open_school(None)
    assert isinstance(form, SchoolForm)
    qtbot.keyClicks(form.name, "Riverside Primary")
    for role, name, reach in (
        (StaffRole.KEY_CONTACT, "Mr Diallo", "Family room, 8:30 each morning"),
        (StaffRole.SPECIAL_NEEDS_COORDINATOR, "Mrs Kowalska", ""),
    ):
        qtbot.mouseClick(form.staff.add_button, Qt.MouseButton.LeftButton)
        row = form.staff.rows[-1]
        row.role.choose(role)
        qtbot.keyClicks(row.name, name)
        qtbot.keyClicks(row.reach, reach)
    (school,) = save(qtbot, form)
    assert isinstance(school, School)
    stored = workspace.records.profile.get(school.id)
    assert stored == school
    assert [(m.role, m.name, m.how_to_reach) for m in school.staff] == [
        (StaffRole.KEY_CONTACT, "Mr Diallo", "Family room, 8:30 each morning"),
        (StaffRole.SPECIAL_NEEDS_COORDINATOR, "Mrs Kowalska", ""),
    ]
    assert school.hub_address == ""
    # The schools page lists it with its key contact; opening it shows the staff again.
    settle(qtbot)
    page = workspace.schools_page
    assert page.model.rows == [school]
    who = page.model.data(page.model.index(0, 1), Qt.ItemDataRole.DisplayRole)
    assert who == "Key contact: Mr Diallo"
    again = workspace.open_school(school)
    assert isinstance(again, SchoolForm)
    assert [(r.name.text(), r.reach.text()) for r in again.staff.rows] == [
        ("Mr Diallo", "Family room, 8:30 each morning"),
        ("Mrs Kowalska", ""),
    ]
    assert again.delete_button is None  # children and reports refer to a school
    again.discard()


def test_a_member_of_staff_without_a_name_is_refused_in_plain_words(
    qtbot: QtBot, workspace: Workspace
) -> None:
    form = workspace.open_school(None)
    assert isinstance(form, SchoolForm)
    qtbot.keyClicks(form.name, "Riverside Primary")
    qtbot.mouseClick(form.staff.add_button, Qt.MouseButton.LeftButton)
    qtbot.keyClicks(form.staff.rows[0].reach, "Office phone")
    assert save(qtbot, form) == []
    shown = [p.text() for p in form.findChildren(FieldProblem) if p.isVisible()]
    assert shown == ["Each member of staff needs a name."]
    assert workspace.records.profile.all(School) == []
    form.discard()


def plain(label: QLabel) -> str:
    """A line's words without the invisible marks that keep names in their own
    direction (tested in Arabic below)."""
    return "".join(c for c in label.text() if c not in "\u2066\u2067\u2068\u2069\u200f")


def _section(qtbot: QtBot, workspace: Workspace, family: Family) -> WhoToAskSection:
    workspace.open_family(family.id)
    settle(qtbot)
    page = workspace.family_page
    assert page is not None
    section = page.findChild(WhoToAskSection, "who-to-ask")
    assert isinstance(section, WhoToAskSection)
    return section


def test_the_family_page_says_whom_to_ask_for_each_child(
    qtbot: QtBot, workspace: Workspace
) -> None:
    staffed = _staffed(workspace)
    section = _section(qtbot, workspace, staffed.family)
    assert [plain(line) for line in section.child_lines] == [
        "Yusuf at Riverside Primary\n"
        "Class teacher: Mrs Okafor (Office phone, Tuesday mornings)\n"
        # No one chosen for Yusuf: the school's one key contact.
        "Key contact: Mr Diallo (Family room, 8:30 each morning)",
        "Mariam at Riverside Primary\n"
        "Class teacher: Mr Hughes (A note in the reading book)\n"
        "Key contact: Ms Begum",
    ]
    school_line = section.findChild(QLabel, "who-to-ask-school")
    assert school_line is not None
    assert plain(school_line) == (
        "Also at Riverside Primary: Head of year: Ms Begum · Special needs (SENCO): "
        "Mrs Kowalska · Attendance officer: Mr Ahmed"
    )
    everything = " ".join(label.text() for label in section.findChildren(QLabel))
    assert "Zainab" not in everything and "Idris" not in everything
    assert section.print_button.isEnabled()
    # On the privacy screen, no child, school or teacher (they point to a family as surely
    # as a name does), and nothing is printed.
    workspace.privacy.setChecked(True)
    section = _section(qtbot, workspace, staffed.family)
    shown = " ".join(label.text() for label in section.findChildren(QLabel))
    for private in ("Yusuf", "Mariam", "Riverside", "Mrs Okafor", "Mr Diallo"):
        assert private not in shown, private
    assert "Turn off the privacy screen to see who to ask." in shown
    assert not section.print_button.isEnabled()


def test_a_childs_class_teacher_and_key_contact_are_chosen_in_the_family_form(
    qtbot: QtBot, workspace: Workspace
) -> None:
    staffed = _staffed(workspace)
    form = workspace.edit_family(staffed.family)
    yusuf, mariam, idris = form.children_editor.rows
    assert yusuf.staff.class_teacher.currentData() == staffed.okafor.id
    assert yusuf.staff.class_teacher.currentText() == "Mrs Okafor"  # only teachers listed
    assert yusuf.staff.key_contact.currentText() == "(the school's key contact)"
    assert idris.staff.isHidden()  # no school, so no one to choose
    # Only class teachers are offered as a class teacher; anyone as the key contact.
    offered = [
        yusuf.staff.class_teacher.itemText(i) for i in range(yusuf.staff.class_teacher.count())
    ]
    assert offered == ["(not chosen)", "Mrs Okafor", "Mr Hughes"]
    assert yusuf.staff.key_contact.count() == 1 + len(staffed.school.staff)
    choose(yusuf.staff.class_teacher, staffed.hughes.id)
    choose(yusuf.staff.key_contact, staffed.begum.id)
    # Mariam moves school: the new school lists no staff, so nothing is kept for her.
    choose(mariam.school, staffed.other_school.id)
    assert mariam.staff.isHidden()
    (saved,) = save(qtbot, form)
    assert isinstance(saved, Family)
    assert workspace.records.profile.get(saved.id) == saved
    got = [(c.first_name, c.school_id, c.class_teacher, c.key_contact) for c in saved.children]
    assert got == [
        ("Yusuf", staffed.school.id, staffed.hughes.id, staffed.begum.id),
        ("Mariam", staffed.other_school.id, None, None),
        ("Idris", None, None, None),
    ]


def choose(box: QComboBox, value: str) -> None:
    found = box.findData(value)
    assert found >= 0, value
    box.setCurrentIndex(found)


def test_a_request_to_the_school_says_whom_it_went_to_in_the_lists(
    qtbot: QtBot, workspace: Workspace
) -> None:
    staffed = _staffed(workspace)
    form = workspace.open_follow_up(None, staffed.family.id)
    form.owner.choose(ActionOwner.SCHOOL)  # type: ignore[attr-defined]
    form.what.setPlainText("Ask about reading help for Yusuf")  # type: ignore[attr-defined]
    choose(form.school, staffed.school.id)  # type: ignore[attr-defined]
    choose(form.school_role, StaffRole.SPECIAL_NEEDS_COORDINATOR.value)  # type: ignore[attr-defined]
    (request,) = save(qtbot, form)  # type: ignore[arg-type]
    assert isinstance(request, FollowUp)
    assert request.school_role is StaffRole.SPECIAL_NEEDS_COORDINATOR
    assert workspace.records.profile.get(request.id) == request
    settle(qtbot)
    page = workspace.follow_ups_page
    row = page.model.rows.index(request)
    who = page.model.data(page.model.index(row, 2), Qt.ItemDataRole.DisplayRole)
    assert who == "School – Special needs (SENCO)"
    workspace.open_family(staffed.family.id)
    settle(qtbot)
    assert workspace.family_page is not None
    timeline = workspace.family_page.findChild(QListWidget, "timeline")
    assert timeline is not None
    assert "Follow-up (School – Special needs (SENCO)): Ask about reading help" in (
        timeline.item(0).text()
    )
    # Reopened, the form shows whom it went to.
    again = workspace.open_follow_up(request)
    assert again.school_role.currentText() == "Special needs (SENCO)"  # type: ignore[attr-defined]
    again.discard()  # type: ignore[attr-defined]


ARABIC_TITLE = "مَن تسألون في مدرستكم"
ARABIC_KEY_CONTACT_SENTENCE = "اسألوهم أولًا عن أي شيء. سيجدون لكم الشخص المناسب."


def test_the_page_for_an_arabic_speaking_family_is_in_arabic_while_the_app_is_in_english(
    qtbot: QtBot, workspace: Workspace, tmp_path: Path
) -> None:
    staffed = _staffed(workspace)
    assert i18n.current_language() == "en"
    dialog = workspace.print_who_to_ask(staffed.family)
    settle(qtbot)
    text = dialog.view.toPlainText()  # type: ignore[attr-defined]
    assert ARABIC_TITLE in text
    assert ARABIC_KEY_CONTACT_SENTENCE in text
    assert "Who to ask at your school" not in text
    assert "Ask them first" not in text
    # The school's staff by role, with how to reach them, and one sentence for each role.
    for words in (
        "Riverside Primary",
        "Mr Diallo (Family room, 8:30 each morning)",
        "Mrs Okafor (Office phone, Tuesday mornings)",
        "Mr Hughes (A note in the reading book)",
        "Mrs Kowalska (Office phone)",
        "Mr Ahmed (Attendance line before 9am)",
        "Yusuf",
        "Mariam",
    ):
        assert words in text, words
    assert text.count("اسألوهم") >= 4
    # Yusuf and Mariam have different key people: the page says whose is whose.
    assert "الشخص المسؤول لـYusuf" in text and "الشخص المسؤول لـMariam" in text
    # This family's children only: no other family, no name or code of the family.
    for other in ("Zainab", "Saima", "Amina", "K7Q-4M", "Idris"):
        assert other not in text, other
    # It reads right to left; the window speaks the mentor's language and names no one.
    option = dialog.view.document().defaultTextOption()  # type: ignore[attr-defined]
    assert option.textDirection() is Qt.LayoutDirection.RightToLeft
    assert dialog.windowTitle() == "Who to ask at your school"
    assert i18n.current_language() == "en"
    assert _("Save") == "Save"
    nav = workspace.findChild(QPushButton, "nav-schools")
    assert nav is not None and nav.text() == "Schools"
    # It prints: to a PDF here, as a printer would get it.
    pdf = tmp_path / "who-to-ask.pdf"
    dialog.view.print_to_pdf(str(pdf))  # type: ignore[attr-defined]
    printed = pdf.read_bytes()
    assert printed.startswith(b"%PDF") and len(printed) > 2_000
    pages = re.findall(rb"/Type\s*/Page\b(?!s)", printed)
    assert len(pages) == 1  # one page to hand over
    dialog.reject()


def test_the_page_for_a_family_whose_language_the_app_lacks_is_in_the_mentors(
    qtbot: QtBot, workspace: Workspace
) -> None:
    staffed = _staffed(workspace)
    family = staffed.other_family  # Urdu, then English: no Urdu catalog yet
    dialog = workspace.print_who_to_ask(family)
    settle(qtbot)
    text = dialog.view.toPlainText()  # type: ignore[attr-defined]
    assert text.startswith("Who to ask at your school")
    assert "Class teacher of Zainab" in text and "Mrs Okafor" in text
    assert "Ask them first, about anything." in text
    assert "Yusuf" not in text and "Mariam" not in text
    option = dialog.view.document().defaultTextOption()  # type: ignore[attr-defined]
    assert option.textDirection() is Qt.LayoutDirection.LeftToRight
    # It names children: locking closes it, like every form.
    workspace.lock_requested.emit()
    settle(qtbot)
    assert not shiboken6.isValid(dialog) or not dialog.isVisible()


def test_turning_on_the_privacy_screen_closes_the_page_for_the_family(
    qtbot: QtBot, workspace: Workspace
) -> None:
    staffed = _staffed(workspace)
    dialog = workspace.print_who_to_ask(staffed.family)
    settle(qtbot)
    assert dialog.isVisible() and "Yusuf" in dialog.view.toPlainText()  # type: ignore[attr-defined]
    workspace.privacy.setChecked(True)  # it names the children: not for a passer-by
    settle(qtbot)
    assert not shiboken6.isValid(dialog) or not dialog.isVisible()


def test_a_school_being_changed_comes_back_as_typed_after_a_lock(
    qtbot: QtBot, make_window: MakeWindow
) -> None:
    window = make_window()
    workspace = create_first_profile(qtbot, window)
    staffed = _staffed(workspace)
    form = workspace.open_school(staffed.school)
    assert isinstance(form, SchoolForm)
    form.staff.remove_row(form.staff.rows[0])  # Mr Diallo has left
    okafor = form.staff.rows[0]
    okafor.reach.setText("Office phone, Wednesdays")
    window.lock()
    unlock(qtbot, window)
    again = reopened_form(qtbot, window)
    assert isinstance(again, SchoolForm)
    assert [row.name.text() for row in again.staff.rows] == [
        m.name for m in staffed.school.staff[1:]
    ]
    (saved,) = save(qtbot, again)
    assert isinstance(saved, School)
    # Each row is still its own member (a child names them by id), Mr Diallo is gone.
    assert saved.staff == (
        replace(staffed.okafor, how_to_reach="Office phone, Wednesdays"),
        *staffed.school.staff[2:],
    )


def test_in_arabic_the_lines_read_right_to_left_though_they_start_with_a_name(
    qtbot: QtBot, workspace: Workspace
) -> None:
    staffed = _staffed(workspace)
    apply_language("ar")
    try:
        section = _section(qtbot, workspace, staffed.family)
        lines = [
            line
            for label in [*section.child_lines, section.findChild(QLabel, "who-to-ask-school")]
            for line in label.text().split("\n")  # type: ignore[union-attr]
        ]
        # A paragraph takes its direction from its first strong letter: the mark makes it
        # Arabic's, and each name keeps its own inside an isolate.
        assert lines and all(line.startswith("\u200f") for line in lines)
        assert all("\u2068Riverside Primary\u2069" in line for line in lines[::3][:2])
    finally:
        apply_language("en")


def test_the_school_rows_of_a_follow_up_show_only_when_the_school_has_to_act(
    qtbot: QtBot, workspace: Workspace
) -> None:
    """Whom at school it went to (and which school, its answer) is kept only for a request
    to the school: for another owner the rows are hidden, so nothing is chosen for nothing."""
    staffed = _staffed(workspace)
    form = workspace.open_follow_up(None, staffed.family.id)
    school_rows = [form.school, form.school_role, form.answered, form.answer]  # type: ignore[attr-defined]
    form.owner.choose(ActionOwner.PARENT)  # type: ignore[attr-defined]
    assert not any(row.isVisibleTo(form) for row in school_rows)
    form.owner.choose(ActionOwner.SCHOOL)  # type: ignore[attr-defined]
    assert all(row.isVisibleTo(form) for row in school_rows)
    form.owner.choose(ActionOwner.MENTOR)  # type: ignore[attr-defined]
    assert not any(row.isVisibleTo(form) for row in school_rows)
    form.discard()  # type: ignore[attr-defined]
