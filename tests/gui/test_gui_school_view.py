"""What the school will see, on screen and on paper; and what of one family is counted:
only the breakdowns the school chose, the counts before the noise with each number's
margin, and the privacy figures the reports' own privacy block gives."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from datetime import UTC, date, datetime, time
from pathlib import Path

from helpers.hub_process import SCHOOL, HubProcess
from helpers.planted import PLANTED_STRINGS
from helpers.values import TODAY
from parentrus_sync.periods import PeriodKind
from parentrus_sync.protocol import Policy
from parentrus_sync.school_plan import ReportPlan
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QPushButton
from pytestqt.qtbot import QtBot
from test_gui_flow import add_family, create_first_profile, settle

from parentrus_desktop.domain import Child, School, new_record_id
from parentrus_desktop.gui.window import MentorWindow
from parentrus_desktop.i18n import format_day
from parentrus_desktop.operations import CONNECTIONS
from parentrus_desktop.operations.reports import preview_next_reports
from parentrus_desktop.outbox.connection import (
    connect_with_invitation,
    save_connection,
    stored_connections,
)
from parentrus_desktop.outbox.outbox import fill_outbox, sealed_report
from parentrus_desktop.report_words import epsilon_words, margin_words

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


#: What every page says of the counts it shows, and how it states a school's privacy.
BEFORE_NOISE = "These are the counts as they stand today, before the noise."
UNIT = "The family is the unit: what one family can add to these numbers is limited"
MEANING = "What this means for a family: over a whole school year"


def _limit_line(school: str, epsilon: float) -> str:
    return (
        f"{school}, for the school year 2026/27: a limit of ε {epsilon_words(epsilon)} for "
        "each family, with δ 0.000001 (a one in 1,000,000 chance that the limit does not "
        "hold)."
    )


def test_the_school_page_shows_every_number_and_no_name(
    qtbot: QtBot, make_window: MakeWindow, tmp_path: Path
) -> None:
    window = make_window()
    workspace, family = _family_at_school(qtbot, window)
    workspace.show_page(workspace.school_page)
    view = workspace.school_page.view
    qtbot.waitUntil(lambda: "Riverside Primary" in view.toPlainText(), timeout=10_000)
    text = view.toPlainText()
    assert "the report for Autumn term 2026" in text
    # Not connected: the page says plainly that nothing goes there, not when it is sent.
    assert "Not connected: nothing is sent to Riverside Primary until you connect" in text
    assert "It can be sent from" not in text
    # Only the usual core, the session counted once for the family there, before noise,
    # each number with the margin the plan gives it.
    plan = ReportPlan()
    assert "Sessions with families\n1\n± " + margin_words(plan.margin("sessions_held")) in text
    assert "Families being supported\n1\n± " + margin_words(plan.margin("families_active")) in text
    assert "Sessions, by kind of place" not in text and "Library" not in text  # not chosen
    assert BEFORE_NOISE in text and "When Autumn term 2026 ends, a random amount" in text
    assert "small random amount" not in text  # the old sentence, which said it was added now
    # The privacy, in one place, with the plan's figures: nothing used, as nothing was made.
    assert text.count("How private this is for each family") == 1
    assert UNIT in text and MEANING in text
    assert _limit_line("Riverside Primary", plan.epsilon) in text
    assert "Used so far this school year: none, as no report has been made yet." in text
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
    assert "Counted in the totals for Autumn term 2026 for Riverside Primary" in text
    for line in ("Sessions with families\n1", "Families being supported\n1"):
        assert line in text
    assert "Sessions, by kind" not in text  # the school did not choose it
    # The same statement of privacy as "What the school sees", on screen and on paper.
    assert UNIT in text and MEANING in text
    assert _limit_line("Riverside Primary", ReportPlan().epsilon) in text
    assert "Used so far this school year: none, as no report has been made yet." in text
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
    assert "Families being supported" not in view.toPlainText()  # translated


def _connected(qtbot: QtBot, make_window: MakeWindow, hub: HubProcess, policy: Policy, on: date):  # type: ignore[no-untyped-def]
    """A family at Riverside Primary with a session today; the laptop connected to the
    hub (which asks for ``policy``) on ``on``, and every report ready today sealed."""
    storage = hub.storage()
    try:
        storage.set_policy(policy)
    finally:
        storage.close()
    window = make_window()
    workspace, family = _family_at_school(qtbot, window)  # a session today, 22 November
    profile = workspace.records.profile
    # The same "Riverside Primary" in the directory.
    connect_with_invitation(profile, hub.invitation(), now=datetime.combine(on, time(9), UTC))
    fill_outbox(profile, TODAY)
    workspace.records.changed.emit(frozenset({CONNECTIONS}))
    school = next(s for s in profile.all(School) if s.name == "Riverside Primary")
    return workspace, family, school


def test_a_connected_school_s_page_and_a_family_s_part_follow_the_school_s_own_policy(
    qtbot: QtBot, make_window: MakeWindow, tmp_path: Path
) -> None:
    """Connected to a hub that asks for monthly reports at ε 8 a year: the page and the
    family's part are for the month the outbox will seal next, not a default term, and
    the privacy they state is the school's: its ε, and what the October report used."""
    hub = HubProcess(tmp_path / "hub", [])
    try:
        policy = Policy(SCHOOL, period_kind=PeriodKind.MONTH, grace_days=1, epsilon=8.0)
        workspace, family, school = _connected(qtbot, make_window, hub, policy, date(2026, 10, 5))
        profile = workspace.records.profile
        october = sealed_report(profile, school.id, "2026-10")
        assert october is not None  # sealed today: October is over, with its grace day
        (next_report,) = preview_next_reports(profile, TODAY).result
        assert next_report.report is not None
        workspace.show_page(workspace.school_page)
        view = workspace.school_page.view
        qtbot.waitUntil(lambda: "November 2026" in view.toPlainText(), timeout=10_000)
        text = view.toPlainText()
        assert "Riverside Primary: the report for November 2026" in text
        sent_from = format_day(date(2026, 12, 2), "long")  # one day of grace after the 30th
        assert f"It can be sent from {sent_from}" in text
        assert "Not connected" not in text
        assert BEFORE_NOISE in text and "When November 2026 ends" in text
        # Every figure is the report's or its plan's: the school's ε, what the sealed
        # October report says is used, what the next report's own privacy block will say.
        plan = next_report.plan
        assert plan.epsilon == 8.0 == october["privacy"]["epsilon_year"]
        assert _limit_line("Riverside Primary", 8.0) in text
        used = epsilon_words(october["privacy"]["epsilon_year_so_far"])
        after = epsilon_words(next_report.report["privacy"]["epsilon_year_so_far"])
        assert 0 < october["privacy"]["epsilon_year_so_far"] < 8
        assert f"Used so far this school year: ε {used} of 8." in text
        assert f"With the next report: ε {after} of 8." in text
        margin = margin_words(plan.margin("sessions_held"))
        assert f"Sessions with families\n1\n± {margin}" in text
        # The sending part says when a monthly school's reports are made.
        panel = workspace.school_page.sending
        assert panel is not None
        workspace.sync_sender.sync_now()
        qtbot.waitUntil(
            lambda: (
                "October 2026"
                in " ".join(lst.item(0).text() for lst in panel.lists.values() if lst.count())
            ),
            timeout=20_000,
        )
        workspace.school_page.grab().save(str(tmp_path / "school-page.png"))

        workspace.open_family(family.id)
        settle(qtbot)
        button = workspace.family_page.findChild(QPushButton, "show-counted")  # type: ignore[union-attr]
        button.click()
        dialog = workspace._dialogs[-1]
        month = "Counted in the totals for November 2026 for Riverside Primary"
        qtbot.waitUntil(lambda: month in dialog.view.toPlainText(), timeout=10_000)
        counted = dialog.view.toPlainText()
        assert _limit_line("Riverside Primary", 8.0) in counted
        assert f"Used so far this school year: ε {used} of 8." in counted
        dialog.reject()
    finally:
        hub.stop()


def test_a_used_up_budget_is_said_plainly_and_shows_no_numbers(
    qtbot: QtBot, make_window: MakeWindow, tmp_path: Path
) -> None:
    """The school lowers its ε after two monthly reports spent more than the new one
    allows: the next report cannot be made, and the page says why, in plain words."""
    hub = HubProcess(tmp_path / "hub", [])
    try:
        policy = Policy(SCHOOL, period_kind=PeriodKind.MONTH, grace_days=1)
        workspace, _family, school = _connected(qtbot, make_window, hub, policy, date(2026, 9, 3))
        profile = workspace.records.profile
        october = sealed_report(profile, school.id, "2026-10")
        assert october is not None and sealed_report(profile, school.id, "2026-09") is not None
        # The school's next signed policy, kept as a sync keeps it: ε 1 a year.
        (link,) = stored_connections(profile)
        save_connection(profile, replace(link, policy=replace(policy, epsilon=1.0)))
        workspace.records.changed.emit(frozenset({CONNECTIONS}))
        workspace.show_page(workspace.school_page)
        view = workspace.school_page.view
        used_up = (
            "This school year's privacy budget for each family at Riverside Primary is used "
            "up, so no report is made for Riverside Primary until the new school year "
            "starts in September."
        )
        qtbot.waitUntil(lambda: used_up in view.toPlainText(), timeout=10_000)
        text = view.toPlainText()
        assert "Riverside Primary: the report for November 2026" in text
        assert BEFORE_NOISE not in text and "Now, before the noise" not in text  # no numbers
        assert _limit_line("Riverside Primary", 1.0) in text
        used = epsilon_words(october["privacy"]["epsilon_year_so_far"])
        assert f"Used so far this school year: ε {used} of 1." in text
        assert "With the next report" not in text
    finally:
        hub.stop()
