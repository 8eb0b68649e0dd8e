"""Today's list shows a closed family with a safety worry passed on as held (not among
those erased together), and its erase dialog names the safeguarding records erased too."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, time

from helpers.planted import planted_family
from helpers.values import TODAY
from PySide6.QtWidgets import QListWidget
from pytestqt.qtbot import QtBot
from test_gui_flow import create_first_profile, settle
from test_gui_keeping_records import _closed_families, _due_codes

from parentrus_desktop.domain import TalkThrough, WorryPassedOn, new_record_id
from parentrus_desktop.domain.safeguarding import PassedOnTo
from parentrus_desktop.gui.erase_dialog import EraseFamilyDialog
from parentrus_desktop.gui.family_page import FamilyPage
from parentrus_desktop.gui.records import OpenRecords
from parentrus_desktop.gui.safeguarding import WorryForm, history_line
from parentrus_desktop.gui.widgets import FieldProblem, LineButton
from parentrus_desktop.gui.window import MentorWindow
from parentrus_desktop.store.unlocked import UnlockedProfile

MakeWindow = Callable[..., MentorWindow]


def test_a_family_with_a_worry_is_held_and_its_erase_dialog_says_so(
    qtbot: QtBot, make_window: MakeWindow
) -> None:
    window = make_window()
    workspace = create_first_profile(qtbot, window)
    old, older, _recent = _closed_families(qtbot, workspace)
    told = WorryPassedOn(
        id=new_record_id(), family=old.id, on=date(2025, 5, 2), at=time(9, 0), to=PassedOnTo.OTHER
    )
    talk = TalkThrough(
        id=new_record_id(), family=old.id, words="Ask about it", raised_on=date(2025, 5, 2)
    )
    workspace.records.save(told, talk, owner=workspace)
    settle(qtbot)
    workspace.show_page(workspace.today_page)
    assert _due_codes(workspace) == ["ABC-DE", "K7Q-4M"]  # still listed, to decide on
    lines = [b.text() for b in workspace.today_page.findChildren(LineButton, "due-family")]
    (held,) = [line for line in lines if "held: a safety worry was passed on" in line]
    assert "K7Q-4M" in held
    # Only one family may be erased together with others: no "Erase these 2 families…".
    assert workspace.today_page.erase_all_due is None

    (erase,) = [e for f, e, _k in workspace.today_page.due_for_erasure if f.id == old.id]
    erase.click()
    dialog = workspace.findChild(EraseFamilyDialog)
    assert dialog is not None and dialog.isVisible() and dialog.safeguarding is not None
    said = dialog.safeguarding.text()
    assert "safety worries you passed on" in said and "talk through with your manager" in said
    dialog.reject()

    other = workspace.ask_erase(older)
    assert isinstance(other, EraseFamilyDialog) and other.safeguarding is None
    other.reject()


def test_whom_i_told_starts_unchosen_and_must_be_chosen(
    qtbot: QtBot, make_window: MakeWindow
) -> None:
    window = make_window()
    workspace = create_first_profile(qtbot, window)
    old, _older, _recent = _closed_families(qtbot, workspace)
    records = workspace.records
    form = WorryForm(records, None, TODAY, old.id, workspace)
    qtbot.addWidget(form)
    form.show()
    assert form.to.currentText() == "(please choose)"  # no hand-over assumed
    form.save_button.click()
    settle(qtbot)
    assert form.isVisible() and records.profile.all(WorryPassedOn) == []
    shown = [p.text() for p in form.findChildren(FieldProblem) if p.text()]
    assert shown == ["Please choose whom you told: their role."]
    form.to.choose(PassedOnTo.SCHOOL_LEAD)
    form.save_button.click()
    qtbot.waitUntil(lambda: bool(records.profile.all(WorryPassedOn)), timeout=10_000)
    (saved,) = records.profile.all(WorryPassedOn)
    assert saved.to is PassedOnTo.SCHOOL_LEAD and saved.family == old.id
    settle(qtbot)
    again = WorryForm(records, saved, TODAY, None, workspace)
    qtbot.addWidget(again)
    assert again.to.currentData() == PassedOnTo.SCHOOL_LEAD.value  # opens with its role


def test_a_long_note_is_cut_short_on_one_line_not_scrolled_sideways(
    qtbot: QtBot, profile: UnlockedProfile
) -> None:
    family = planted_family()
    note = "Rang the lead from the car park, then wrote it all down " * 8  # about 450 letters
    told = WorryPassedOn(
        id=new_record_id(),
        family=family.id,
        on=TODAY,
        at=time(16, 5),
        to=PassedOnTo.PROGRAMME_LEAD,
        words=note.strip(),
    )
    profile.save(family, told)
    page = FamilyPage(OpenRecords(profile, privacy=False), family.id, lambda: TODAY)
    qtbot.addWidget(page)
    page.resize(853, 440)  # 1280x720 at 150%, less the task bar, in logical pixels
    page.show()
    qtbot.waitExposed(page)
    settle(qtbot)
    lines = page.findChild(QListWidget, "worry-lines")
    assert lines is not None and lines.isVisible() and lines.count() == 1
    assert lines.horizontalScrollBar().maximum() == 0
    assert not lines.horizontalScrollBar().isVisible()
    # The row is as wide as the list, so its words are elided; the whole line is a tooltip.
    assert lines.visualItemRect(lines.item(0)).width() <= lines.viewport().width()
    assert lines.item(0).toolTip() == history_line(told)
    assert note.strip() in lines.item(0).toolTip()
