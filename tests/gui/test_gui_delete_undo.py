"""Deleting a record from its form, with Undo; erasing a family for good from its page."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from datetime import timedelta

from helpers.planted import planted_session
from helpers.values import TODAY
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QPushButton
from pytestqt.qtbot import QtBot
from test_gui_flow import add_family, create_first_profile, settle, unlock

from parentrus_desktop.domain import FollowUp, Referral, new_record_id
from parentrus_desktop.domain.vocabulary import ActionOwner, AgencyCategory
from parentrus_desktop.gui.erase_dialog import EraseFamilyDialog
from parentrus_desktop.gui.record_dialog import RecordDialog
from parentrus_desktop.gui.window import MentorWindow
from parentrus_desktop.gui.workspace import Workspace
from parentrus_desktop.operations.drafts import DRAFT

MakeWindow = Callable[..., MentorWindow]


def a_follow_up(family_id: str) -> FollowUp:
    return FollowUp(
        id=new_record_id(),
        family=family_id,
        owner=ActionOwner.MENTOR,
        what="Ring the office",
        due_on=TODAY + timedelta(days=3),
        raised_on=TODAY,
    )


def delete_from(qtbot: QtBot, form: RecordDialog) -> None:
    assert form.delete_button is not None and form.delete_button.isVisible()
    form.delete_button.click()
    question = form.delete_question
    assert question is not None and question.isVisible()
    yes = question.findChild(QPushButton, "delete-yes")
    assert isinstance(yes, QPushButton)
    yes.click()
    qtbot.waitUntil(lambda: not form.isVisible(), timeout=10_000)
    settle(qtbot)


def test_a_saved_record_is_deleted_from_its_form_and_undo_puts_it_back_identical(
    qtbot: QtBot, make_window: MakeWindow
) -> None:
    window = make_window()
    workspace = create_first_profile(qtbot, window)
    family = add_family(qtbot, workspace, "Oyelaran")
    profile = workspace.records.profile
    follow_up = a_follow_up(family.id)
    profile.save(follow_up)

    form = workspace.open_follow_up(follow_up)
    assert isinstance(form, RecordDialog)
    delete_from(qtbot, form)
    assert profile.get(follow_up.id) is None
    assert workspace.follow_ups_page.model.rows == []  # the list heard about it
    assert workspace.message_bar.isVisible()
    assert workspace.message_bar.text() == "Follow-up deleted."
    assert workspace.message_bar.undo_button.isVisible()

    workspace.message_bar.undo_button.click()
    settle(qtbot)
    assert profile.get(follow_up.id) == follow_up  # same id, same content
    assert workspace.message_bar.text() == "Follow-up is back."
    window.lock()
    unlock(qtbot, window)
    assert window.records is not None
    assert window.records.profile.get(follow_up.id) == follow_up  # on disk, sealed again


def test_ctrl_z_undoes_the_last_delete_then_the_one_before(
    qtbot: QtBot, make_window: MakeWindow
) -> None:
    window = make_window()
    workspace = create_first_profile(qtbot, window)
    family = add_family(qtbot, workspace, "Oyelaran")
    profile = workspace.records.profile
    follow_up = a_follow_up(family.id)
    referral = Referral(
        id=new_record_id(),
        family=family.id,
        category=AgencyCategory.OTHER,
        made_on=TODAY,
        consent_given=True,
    )
    profile.save(follow_up, referral)
    delete_from(qtbot, workspace.open_referral(referral))  # type: ignore[arg-type]
    assert profile.all(Referral) == []
    delete_from(qtbot, workspace.open_follow_up(follow_up))  # type: ignore[arg-type]
    assert profile.all(FollowUp) == []
    workspace.activateWindow()
    qtbot.waitUntil(workspace.isActiveWindow, timeout=5_000)
    qtbot.keyClick(workspace, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    settle(qtbot)
    assert profile.all(FollowUp) == [follow_up] and profile.all(Referral) == []
    qtbot.keyClick(workspace, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    settle(qtbot)
    assert profile.all(Referral) == [referral]
    qtbot.keyClick(workspace, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    settle(qtbot)
    assert workspace.message_bar.text() == "There is nothing to undo."


def test_undo_of_a_change_puts_back_the_version_before(
    qtbot: QtBot, make_window: MakeWindow
) -> None:
    window = make_window()
    workspace = create_first_profile(qtbot, window)
    family = add_family(qtbot, workspace, "Oyelaran")
    profile = workspace.records.profile
    follow_up = a_follow_up(family.id)
    profile.save(follow_up)
    form = workspace.open_follow_up(follow_up)
    form.what.setPlainText("Ring the office on Monday")  # type: ignore[attr-defined]
    form.save_button.click()  # type: ignore[attr-defined]
    qtbot.waitUntil(lambda: workspace.message_bar.text() == "Follow-up changed.", timeout=10_000)
    assert profile.get(follow_up.id) == replace(follow_up, what="Ring the office on Monday")
    workspace.message_bar.undo_button.click()
    settle(qtbot)
    assert profile.get(follow_up.id) == follow_up


def test_undo_is_forgotten_at_lock(qtbot: QtBot, make_window: MakeWindow) -> None:
    window = make_window()
    workspace = create_first_profile(qtbot, window)
    family = add_family(qtbot, workspace, "Oyelaran")
    follow_up = a_follow_up(family.id)
    workspace.records.profile.save(follow_up)
    delete_from(qtbot, workspace.open_follow_up(follow_up))  # type: ignore[arg-type]
    assert len(workspace.undo_stack) == 1
    window.lock()
    unlock(qtbot, window)
    assert window.workspace is not None and window.workspace.undo_stack == []
    assert window.records is not None and window.records.profile.get(follow_up.id) is None


def test_a_new_record_and_a_family_have_no_delete_button(
    qtbot: QtBot, make_window: MakeWindow
) -> None:
    window = make_window()
    workspace = create_first_profile(qtbot, window)
    family = add_family(qtbot, workspace, "Oyelaran")
    new = workspace.open_follow_up(None, family.id)
    assert isinstance(new, RecordDialog) and new.delete_button is None
    new.discard()
    changing = workspace.edit_family(family)
    assert changing.delete_button is None  # a family is erased from its page instead
    assert changing.findChild(QPushButton, "delete-record") is None


def test_keep_it_deletes_nothing(qtbot: QtBot, make_window: MakeWindow) -> None:
    window = make_window()
    workspace = create_first_profile(qtbot, window)
    family = add_family(qtbot, workspace, "Oyelaran")
    follow_up = a_follow_up(family.id)
    workspace.records.profile.save(follow_up)
    form = workspace.open_follow_up(follow_up)
    assert isinstance(form, RecordDialog)
    question = form.ask_delete()
    no = question.findChild(QPushButton, "delete-no")
    assert isinstance(no, QPushButton)
    no.click()
    settle(qtbot)
    assert form.isVisible() and workspace.records.profile.get(follow_up.id) == follow_up


def erase_dialog(qtbot: QtBot, workspace: Workspace) -> EraseFamilyDialog:
    page = workspace.family_page
    assert page is not None
    button = page.findChild(QPushButton, "erase-family")
    assert isinstance(button, QPushButton) and button.isVisible()
    button.click()
    dialog = workspace._dialogs[-1]
    assert isinstance(dialog, EraseFamilyDialog) and dialog.isVisible()
    return dialog


def test_a_family_is_erased_for_good_once_its_code_is_typed(
    qtbot: QtBot, make_window: MakeWindow
) -> None:
    window = make_window()
    workspace = create_first_profile(qtbot, window)
    family = add_family(qtbot, workspace, "Oyelaran")
    keep = add_family(qtbot, workspace, "Marisol")
    profile = workspace.records.profile
    follow_up = a_follow_up(family.id)
    profile.save(planted_session(family), follow_up)
    delete_from(qtbot, workspace.open_follow_up(follow_up))  # something to undo about them
    workspace.open_family(family.id)
    dialog = erase_dialog(qtbot, workspace)
    no_undo = dialog.findChild(QLabel, "erase-no-undo")
    assert isinstance(no_undo, QLabel) and "cannot be undone" in no_undo.text()
    assert not dialog.erase_button.isEnabled()
    dialog.code.setText("AAA-00")
    assert not dialog.erase_button.isEnabled()
    dialog.code.setText(family.code.lower())  # case aside, as the CLI
    assert dialog.erase_button.isEnabled()
    dialog.erase_button.click()
    qtbot.waitUntil(lambda: profile.get(family.id) is None, timeout=10_000)
    settle(qtbot)
    assert not dialog.isVisible()
    assert profile.about_family(family.id) == []
    assert profile.get(keep.id) == keep
    assert workspace.pages.currentWidget() is workspace.families_page
    assert workspace.family_page is None
    assert workspace.message_bar.text() == (
        f"Family {family.code} is erased, with 2 records about them."
    )
    assert not workspace.message_bar.undo_button.isVisible()  # there is no undo for it
    assert workspace.undo_stack == []  # nor for what was deleted about them before


def test_keep_the_family_erases_nothing(qtbot: QtBot, make_window: MakeWindow) -> None:
    window = make_window()
    workspace = create_first_profile(qtbot, window)
    family = add_family(qtbot, workspace, "Oyelaran")
    dialog = erase_dialog(qtbot, workspace)
    dialog.code.setText(family.code)
    dialog.reject()
    settle(qtbot)
    assert workspace.records.profile.get(family.id) == family
    assert workspace.records.profile.sealed_items(DRAFT) == {}
