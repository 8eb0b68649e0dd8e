"""Today asks which school for families that no school's report counts yet."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace

from PySide6.QtWidgets import QLabel, QListWidget, QWidget
from pytestqt.qtbot import QtBot
from test_gui_flow import add_family, create_first_profile, settle

from parentrus_desktop.domain import Child, School, new_record_id
from parentrus_desktop.domain.vocabulary import FamilyStatus
from parentrus_desktop.gui.window import MentorWindow
from parentrus_desktop.gui.workspace import Workspace

MakeWindow = Callable[..., MentorWindow]


TITLE = "Which school? These families are not counted until you say"


def test_today_lists_families_at_no_known_school_and_opens_them(
    qtbot: QtBot, make_window: MakeWindow
) -> None:
    window = make_window()
    workspace = create_first_profile(qtbot, window)
    school = School(id=new_record_id(), name="Riverside Primary")
    profile = workspace.records.profile
    profile.save(school)
    unknown = replace(add_family(qtbot, workspace, "Amina"), children=(Child(first_name="Idil"),))
    counted = replace(
        add_family(qtbot, workspace, "Saima"),
        children=(Child(first_name="Ayaan", school_id=school.id),),
    )
    closed = replace(
        add_family(qtbot, workspace, "Nasrin"),
        children=(Child(first_name="Omar"),),
        status=FamilyStatus.CLOSED,
        closed_on=unknown.joined_on,
    )
    workspace.records.save(unknown, counted, closed, owner=workspace)
    settle(qtbot)
    workspace.show_page(workspace.today_page)
    listed = workspace.today_page.findChild(QListWidget, "school-unknown")
    assert listed is not None and listed.accessibleName() == TITLE
    assert [listed.item(i).text() for i in range(listed.count())] == [
        f"Amina (\u2066{unknown.code}\u2069)"
    ]
    listed.itemActivated.emit(listed.item(0))  # Enter or a double-click on the line
    assert workspace.family_page is not None and workspace.family_page.family_id == unknown.id
    assert "School: none chosen yet, so this family is not counted" in _facts(workspace)

    # Once the mentor says which school, the family is counted and the section goes.
    form = workspace.edit_family(unknown)
    settle(qtbot)
    (row,) = form.children_editor.rows
    row.school.setCurrentIndex(row.school.findData(school.id))
    form.save_button.click()
    qtbot.waitUntil(lambda: form.saved != [], timeout=10_000)
    settle(qtbot)
    assert workspace.today_page.findChild(QListWidget, "school-unknown") is None
    workspace.open_family(unknown.id)
    assert "School: Riverside Primary" in _facts(workspace).splitlines()
    titles = [w.text() for w in workspace.today_page.findChildren(QWidget, "section")]
    assert TITLE not in titles


def _facts(workspace: Workspace) -> str:
    """The facts block of the family page on show."""
    page = workspace.family_page
    assert page is not None
    facts = page.findChild(QLabel, "facts")
    assert facts is not None
    return facts.text()
