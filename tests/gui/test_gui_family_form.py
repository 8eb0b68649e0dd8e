"""The family form's children: one row each (first name, school year, school), and every
child keeps its school when the family is saved."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace

import pytest
from PySide6.QtWidgets import QScrollArea
from pytestqt.qtbot import QtBot
from test_gui_flow import add_family, create_first_profile, settle

from parentrus_desktop.domain import Child, Family, School, new_record_id
from parentrus_desktop.gui.family_form import FamilyForm
from parentrus_desktop.gui.window import MentorWindow
from parentrus_desktop.gui.workspace import Workspace
from parentrus_desktop.operations.today import what_is_on

MakeWindow = Callable[..., MentorWindow]


def _saved(qtbot: QtBot, form: FamilyForm) -> Family:
    form.save_button.click()
    qtbot.waitUntil(lambda: form.saved != [], timeout=10_000)
    (family,) = form.saved
    assert isinstance(family, Family)
    return family


def _with_schools(qtbot: QtBot, make_window: MakeWindow) -> tuple[Workspace, School, School]:
    workspace = create_first_profile(qtbot, make_window())
    riverside = School(id=new_record_id(), name="Riverside Primary")
    hillview = School(id=new_record_id(), name="Hillview Academy")
    workspace.records.profile.save(riverside, hillview)
    return workspace, riverside, hillview


def test_changing_only_the_notes_keeps_every_child_and_school(
    qtbot: QtBot, make_window: MakeWindow
) -> None:
    workspace, riverside, hillview = _with_schools(qtbot, make_window)
    family = add_family(qtbot, workspace, "Amina")
    family = replace(
        family,
        children=(
            Child(first_name="Ayaan", school_id=riverside.id, year_group=3),
            Child(first_name="Idil", school_id=hillview.id, year_group=0),
            Child(first_name="Omar"),
        ),
        barrier_other="the bus stopped running",  # not on the form: must stay as it is
    )
    workspace.records.profile.save(family)
    form = workspace.edit_family(family)
    settle(qtbot)
    form.notes.setPlainText("Met at the library")
    saved = _saved(qtbot, form)
    assert saved == replace(family, notes="Met at the library")
    assert workspace.records.profile.get(family.id) == saved
    assert what_is_on(workspace.records.profile, family.joined_on).school_unknown == []


def test_a_family_added_in_the_app_is_counted_at_its_childs_school(
    qtbot: QtBot, make_window: MakeWindow
) -> None:
    workspace, _riverside, hillview = _with_schools(qtbot, make_window)
    form = workspace.edit_family(None)
    settle(qtbot)
    form.carers.setText("Hodan")
    editor = form.children_editor
    assert editor.rows == []
    first = editor.add_child()
    first.name.setText("Sagal")
    first.year.setCurrentIndex(first.year.findText("Year 4"))
    first.school.setCurrentIndex(first.school.findText("Hillview Academy"))
    second = editor.add_child()
    second.name.setText("Abdi")
    blank = editor.add_child()  # added and left empty: not a child
    assert blank.is_blank()
    saved = _saved(qtbot, form)
    assert saved.children == (
        Child(first_name="Sagal", school_id=hillview.id, year_group=4),
        Child(first_name="Abdi"),  # 'not at a school in the list', year not known
    )
    assert workspace.records.profile.get(saved.id) == saved
    today = what_is_on(workspace.records.profile, saved.joined_on)
    assert saved not in today.school_unknown


def test_with_one_school_a_new_child_is_put_at_it_and_can_be_moved_off(
    qtbot: QtBot, make_window: MakeWindow
) -> None:
    workspace = create_first_profile(qtbot, make_window())
    only = School(id=new_record_id(), name="Riverside Primary")
    workspace.records.profile.save(only)
    form = workspace.edit_family(None)
    form.carers.setText("Hodan")
    row = form.children_editor.add_child()
    assert row.school.currentData() == only.id
    row.name.setText("Sagal")
    row.school.setCurrentIndex(row.school.findText("Not at a school in the list"))
    assert _saved(qtbot, form).children == (Child(first_name="Sagal"),)


def test_removing_a_child_and_a_school_no_longer_listed(
    qtbot: QtBot, make_window: MakeWindow
) -> None:
    workspace, riverside, _hillview = _with_schools(qtbot, make_window)
    gone = new_record_id()  # a school that was taken out of the directory
    family = replace(
        add_family(qtbot, workspace, "Amina"),
        children=(
            Child(first_name="Ayaan", school_id=riverside.id),
            Child(first_name="Idil", school_id=gone, year_group=5),
        ),
    )
    workspace.records.profile.save(family)
    form = workspace.edit_family(family)
    settle(qtbot)
    first, second = form.children_editor.rows
    assert second.school.currentText() == "A school no longer in the list"
    first.remove.click()
    assert form.children_editor.rows == [second]
    assert second.name.accessibleName() == "Child 1: first name"  # numbered again
    assert _saved(qtbot, form).children == (Child(first_name="Idil", school_id=gone, year_group=5),)


def test_a_child_needs_a_first_name(qtbot: QtBot, make_window: MakeWindow) -> None:
    workspace, riverside, _hillview = _with_schools(qtbot, make_window)
    form = workspace.edit_family(None)
    form.carers.setText("Hodan")
    row = form.children_editor.add_child()
    row.school.setCurrentIndex(row.school.findData(riverside.id))
    form.save_button.click()
    settle(qtbot)
    assert form.saved == [] and form.isVisible()
    shown = [w.text() for w in form.findChildren(type(form.problems._general)) if w.isVisible()]
    assert shown == ["Each child needs a first name."]
    form.discard()


def test_the_children_are_reached_by_keyboard_in_reading_order(
    qtbot: QtBot, make_window: MakeWindow
) -> None:
    workspace, _riverside, _hillview = _with_schools(qtbot, make_window)
    family = replace(add_family(qtbot, workspace, "Amina"), children=(Child(first_name="Ayaan"),))
    workspace.records.profile.save(family)
    form = workspace.edit_family(family)
    settle(qtbot)
    editor = form.children_editor
    editor.add_button.click()  # as Enter or Space on the focused button would
    settle(qtbot)
    first, added = editor.rows
    assert form.focusWidget() is added.name  # the cursor is in the new child's name
    expected = [
        form.carers,
        *first.widgets(),
        *added.widgets(),
        editor.add_button,
        form.languages,
        form.notes,
        form.save_button,
    ]
    reached: list[object] = []
    widget = form.carers
    for _ in range(300):
        reached.append(widget)
        widget = widget.nextInFocusChain()
        if widget is form.carers:
            break
    order = [reached.index(w) for w in expected]
    assert order == sorted(order)  # top to bottom, along each row, then 'Add a child'
    added.remove.click()
    assert form.focusWidget() is editor.add_button  # focus is not lost with the row
    form.discard()


@pytest.mark.parametrize("language", ["en", "ar"])
def test_a_family_with_many_children_fits_a_small_laptop_screen(
    qtbot: QtBot, make_window: MakeWindow, language: str
) -> None:
    """1366x768: the rows fit the form's width (no sideways scrolling), the form scrolls
    down, and Save stays in view."""
    workspace = create_first_profile(qtbot, make_window(language))
    schools = [
        School(id=new_record_id(), name=f"St Mary and St John's Primary School {n}") for n in "ABC"
    ]
    workspace.records.profile.save(*schools)
    family = replace(
        add_family(qtbot, workspace, "Amina"),
        children=tuple(
            Child(first_name=f"Ayaan-Mohamed {n}", school_id=schools[n % 3].id, year_group=n)
            for n in range(8)
        ),
    )
    form = workspace.edit_family(family)
    form.resize(720, 700)
    settle(qtbot)
    assert form.minimumSizeHint().height() <= 700 and form.minimumSizeHint().width() <= 1366
    scroll = form.findChild(QScrollArea)
    assert scroll is not None
    assert not scroll.horizontalScrollBar().isVisible()
    assert scroll.verticalScrollBar().isVisible()
    save = form.save_button
    assert save.isVisible() and form.rect().contains(save.geometry())
    assert all(row.remove.isVisible() for row in form.children_editor.rows)
    form.discard()


def test_forms_open_no_taller_than_the_screen(qtbot: QtBot, make_window: MakeWindow) -> None:
    """A form opened at a fixed 760 pixels (as before) did not fit a 768-pixel laptop
    screen once the title bar and taskbar were counted: Save fell off the bottom."""
    workspace = create_first_profile(qtbot, make_window("en"))
    family = add_family(qtbot, workspace, "Amina")
    for form in (workspace.edit_family(family), workspace.log_session(family)):
        settle(qtbot)
        free = form.screen().availableGeometry()
        assert form.height() <= free.height() - 48 and form.width() <= free.width()
        assert form.rect().contains(form.save_button.geometry())
        form.discard()
