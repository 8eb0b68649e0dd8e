"""What the school will see, on screen and on paper; and what of one family is counted."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from pathlib import Path

from helpers.planted import PLANTED_STRINGS
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QPushButton
from pytestqt.qtbot import QtBot
from test_gui_flow import add_family, create_first_profile, settle

from parentrus_desktop.domain import Child, School, new_record_id
from parentrus_desktop.gui.window import MentorWindow

MakeWindow = Callable[..., MentorWindow]


def _family_at_school(qtbot: QtBot, window: MentorWindow):  # type: ignore[no-untyped-def]
    workspace = create_first_profile(qtbot, window)
    school = School(id=new_record_id(), name="Riverside Primary")
    family = add_family(qtbot, workspace, PLANTED_STRINGS[0], PLANTED_STRINGS[3])
    at_school = replace(
        family, children=(Child(first_name=PLANTED_STRINGS[1], school_id=school.id),)
    )
    workspace.records.profile.save(school, at_school)
    form = workspace.log_session(at_school)
    form.notes.setPlainText(PLANTED_STRINGS[5])
    form.save_button.click()
    qtbot.waitUntil(lambda: form.saved != [], timeout=10_000)
    return workspace, at_school


def test_the_school_page_shows_every_number_and_no_name(
    qtbot: QtBot, make_window: MakeWindow, tmp_path: Path
) -> None:
    window = make_window()
    workspace, family = _family_at_school(qtbot, window)
    workspace.show_page(workspace.school_page)
    view = workspace.school_page.view
    qtbot.waitUntil(lambda: "Riverside Primary" in view.toPlainText(), timeout=10_000)
    text = view.toPlainText()
    assert "the report for November 2026" in text
    # Not connected: the page says plainly that nothing goes there, not when it is sent.
    assert "Not connected: nothing is sent to Riverside Primary until you connect" in text
    assert "It can be sent from" not in text
    assert "Sessions, by kind of place" in text and "Library" in text
    assert "small random amount" in text  # the sentence on blurring
    for planted in (*PLANTED_STRINGS, family.code):
        assert planted not in text
    pdf = tmp_path / "school.pdf"
    view.print_to_pdf(str(pdf))
    assert pdf.read_bytes().startswith(b"%PDF") and pdf.stat().st_size > 2000


def test_what_is_counted_for_a_family_names_its_sessions_and_period(
    qtbot: QtBot, make_window: MakeWindow
) -> None:
    window = make_window()
    workspace, family = _family_at_school(qtbot, window)
    workspace.open_family(family.id)
    settle(qtbot)
    button = workspace.family_page.findChild(QPushButton, "show-counted")  # type: ignore[union-attr]
    button.click()
    dialog = workspace._dialogs[-1]
    qtbot.waitUntil(lambda: "Counted in the totals" in dialog.view.toPlainText(), timeout=10_000)
    text = dialog.view.toPlainText()
    assert "Counted in the totals for November 2026 for Riverside Primary" in text
    for line in (
        "Sessions, by kind: One to one\n1",
        "Sessions, by kind of place: Community centre\n1",
        "Families being supported\n1",
    ):
        assert line in text
    assert PLANTED_STRINGS[3] not in text  # the family's notes
    assert PLANTED_STRINGS[0] not in dialog.windowTitle()
    dialog.reject()


def test_the_school_page_reads_right_to_left_in_arabic(
    qtbot: QtBot, make_window: MakeWindow
) -> None:
    window = make_window("ar")
    workspace, _family = _family_at_school(qtbot, window)
    workspace.show_page(workspace.school_page)
    view = workspace.school_page.view
    qtbot.waitUntil(lambda: "Riverside Primary" in view.toPlainText(), timeout=10_000)
    assert window.layoutDirection() == Qt.LayoutDirection.RightToLeft
    option = view.document().defaultTextOption()
    assert option.textDirection() == Qt.LayoutDirection.RightToLeft
    assert "Sessions, by kind" not in view.toPlainText()  # translated
