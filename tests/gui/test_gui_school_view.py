"""What the school will see, on screen and on paper; and what of one family is counted."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from datetime import UTC, date, datetime
from pathlib import Path

from helpers.hub_process import SCHOOL, HubProcess
from helpers.planted import PLANTED_STRINGS
from parentrus_sync.periods import PeriodKind
from parentrus_sync.protocol import Policy
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QPushButton
from pytestqt.qtbot import QtBot
from test_gui_flow import add_family, create_first_profile, settle

from parentrus_desktop.domain import Child, School, new_record_id
from parentrus_desktop.gui.window import MentorWindow
from parentrus_desktop.i18n import format_day
from parentrus_desktop.operations import CONNECTIONS
from parentrus_desktop.outbox.connection import connect_with_invitation

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


def test_a_connected_school_s_page_and_a_family_s_part_follow_the_school_s_own_policy(
    qtbot: QtBot, make_window: MakeWindow, tmp_path: Path
) -> None:
    """Connected to a hub that asks for weekly reports: the page and the family's part
    are for the week the outbox will seal, not a default month."""
    hub = HubProcess(tmp_path / "hub", [])
    try:
        storage = hub.storage()
        try:
            storage.set_policy(Policy(SCHOOL, period_kind=PeriodKind.WEEK, grace_days=1))
        finally:
            storage.close()
        window = make_window()
        workspace, family = _family_at_school(qtbot, window)  # a session today, 22 November
        profile = workspace.records.profile
        # Connected on the Monday of week 47: the same "Riverside Primary" in the directory.
        connect_with_invitation(profile, hub.invitation(), now=datetime(2026, 11, 16, tzinfo=UTC))
        workspace.records.changed.emit(frozenset({CONNECTIONS}))
        workspace.show_page(workspace.school_page)
        view = workspace.school_page.view
        qtbot.waitUntil(lambda: "week 47 of 2026" in view.toPlainText(), timeout=10_000)
        text = view.toPlainText()
        assert "Riverside Primary: the report for week 47 of 2026" in text
        sent_from = format_day(date(2026, 11, 24), "long")  # one day of grace after Sunday
        assert f"It can be sent from {sent_from}" in text
        assert "Not connected" not in text
        # The sending part says when a weekly school's reports are made.
        workspace.sync_sender.sync_now()
        panel = workspace.school_page.sending
        assert panel is not None
        weekly = "No reports yet. A report is made a few days after each week ends."
        qtbot.waitUntil(
            lambda: weekly in [w.text() for w in panel.findChildren(QLabel)], timeout=20_000
        )
        workspace.school_page.grab().save(str(tmp_path / "school-page.png"))

        workspace.open_family(family.id)
        settle(qtbot)
        button = workspace.family_page.findChild(QPushButton, "show-counted")  # type: ignore[union-attr]
        button.click()
        dialog = workspace._dialogs[-1]
        week = "Counted in the totals for week 47 of 2026 for Riverside Primary"
        qtbot.waitUntil(lambda: week in dialog.view.toPlainText(), timeout=10_000)
        dialog.reject()
    finally:
        hub.stop()
