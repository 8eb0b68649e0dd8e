"""'Talk this through with my manager': raised from a family's page and from the session
form, listed on Today (a count only on the privacy screen), marked talked through with
Undo, and the month's supervision summary, printed, with no name or note unless ticked."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from datetime import date
from pathlib import Path

from helpers.planted import PLANTED_FAMILY, PLANTED_STRINGS, planted_family, planted_session
from helpers.values import TODAY
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QListWidget, QPushButton
from pytestqt.qtbot import QtBot
from test_gui_flow import create_first_profile, settle, unlock

from parentrus_desktop.domain import Family, Session, TalkThrough, new_record_id
from parentrus_desktop.gui.supervision_dialog import SupervisionDialog
from parentrus_desktop.gui.talk_through import TalkThroughForm, TalkThroughSection
from parentrus_desktop.gui.window import MentorWindow
from parentrus_desktop.gui.workspace import Workspace

MakeWindow = Callable[..., MentorWindow]
WORDS = "pomegranate staircase whisper"  # planted: printed only when ticked


def _with_a_flag(qtbot: QtBot, make_window: MakeWindow) -> tuple[Workspace, Family, TalkThrough]:
    window = make_window()
    workspace = create_first_profile(qtbot, window)
    family = planted_family("PKT-43")
    session = planted_session(family)
    flag = TalkThrough(
        id=new_record_id(),
        family=family.id,
        session=session.id,
        words=WORDS + " — " + PLANTED_FAMILY["carer"],
        raised_on=date(2026, 11, 2),
    )
    workspace.records.profile.save(family, session, flag)
    workspace.records.changed.emit({Family.kind, Session.kind, TalkThrough.kind})
    settle(qtbot)
    return workspace, family, flag


def _section(workspace: Workspace) -> TalkThroughSection:
    return workspace.today_page.talk_through_section


def test_today_lists_it_and_hides_the_words_on_the_privacy_screen(
    qtbot: QtBot, make_window: MakeWindow
) -> None:
    workspace, _family, flag = _with_a_flag(qtbot, make_window)
    (shown,) = _section(workspace).lines
    assert shown[0] == flag
    assert WORDS in shown[1].text() and PLANTED_FAMILY["carer"] in shown[1].text()

    workspace.privacy.setChecked(True)
    settle(qtbot)
    section = _section(workspace)
    assert section.lines == []
    assert section.count_line is not None
    assert section.count_line.text().startswith("1 thing to talk through")
    on_screen = " ".join(
        w.text() for w in workspace.today_page.findChildren(QPushButton)
    ) + " ".join(label.text() for label in section.findChildren(type(section.count_line)))
    for planted in (WORDS, "PKT-43", *PLANTED_STRINGS):
        assert planted not in on_screen


def test_talked_it_through_takes_it_off_today_and_undo_puts_it_back(
    qtbot: QtBot, make_window: MakeWindow
) -> None:
    workspace, _family, flag = _with_a_flag(qtbot, make_window)
    ((_flag, _line, done),) = _section(workspace).lines
    done.click()
    settle(qtbot)
    assert _section(workspace).lines == []
    stored = workspace.records.profile.get(flag.id)
    assert isinstance(stored, TalkThrough) and stored.talked_on == TODAY
    workspace.undo_last()
    settle(qtbot)
    assert [line[0] for line in _section(workspace).lines] == [flag]


def test_raised_from_the_family_page_with_the_mentors_words(
    qtbot: QtBot, make_window: MakeWindow
) -> None:
    workspace, family, _flag = _with_a_flag(qtbot, make_window)
    workspace.open_family(family.id)
    assert workspace.family_page is not None
    button = workspace.family_page.findChild(QPushButton, "family-add-talk_through")
    assert button is not None
    button.click()
    (form,) = [d for d in workspace._dialogs if isinstance(d, TalkThroughForm)]
    assert form.family.currentData() == family.id
    form.words.setPlainText("Is the housing worry one for the school?")
    form.save_button.click()
    qtbot.waitUntil(lambda: form.saved != [], timeout=10_000)
    (saved,) = form.saved
    assert isinstance(saved, TalkThrough)
    assert (saved.family, saved.session, saved.raised_on) == (family.id, None, TODAY)
    settle(qtbot)
    assert len(_section(workspace).lines) == 2


def test_the_session_forms_tick_opens_it_for_that_session_once_saved(
    qtbot: QtBot, make_window: MakeWindow
) -> None:
    workspace, family, _flag = _with_a_flag(qtbot, make_window)
    form = workspace.log_session(family)
    form.talk_through.setChecked(True)
    form.save_button.click()
    qtbot.waitUntil(lambda: form.saved != [], timeout=10_000)
    settle(qtbot)
    (session,) = [r for r in form.saved if isinstance(r, Session)]
    (flag_form,) = [d for d in workspace._dialogs if isinstance(d, TalkThroughForm)]
    flag_form.words.setPlainText("Ask about the interpreter")
    (built,) = flag_form.build()
    assert isinstance(built, TalkThrough)
    assert (built.family, built.session) == (family.id, session.id)


def test_a_new_flag_kept_as_a_draft_at_lock_keeps_the_session_it_came_from(
    qtbot: QtBot, make_window: MakeWindow
) -> None:
    workspace, family, _flag = _with_a_flag(qtbot, make_window)
    session = planted_session(family)
    workspace.records.profile.save(session)
    form = workspace.open_talk_through(None, family.id, session.id)
    assert isinstance(form, TalkThroughForm)
    form.words.setPlainText("Ask about the interpreter")
    window = workspace.window()
    assert isinstance(window, MentorWindow)
    window.lock()
    settle(qtbot)
    unlock(qtbot, window)
    assert window.workspace is not None
    qtbot.waitUntil(lambda: window.workspace.draft_offer is not None, timeout=10_000)
    window.workspace.draft_offer.carry_on.click()
    (reopened,) = [d for d in window.workspace._dialogs if isinstance(d, TalkThroughForm)]
    assert reopened.findChild(QLabel, "from-session") is not None  # "From: the session on …"
    (built,) = reopened.build()
    assert isinstance(built, TalkThrough)
    assert (built.family, built.session, built.words) == (
        family.id,
        session.id,
        "Ask about the interpreter",
    )
    reopened.discard()


def test_a_saved_flag_opens_and_saves_unchanged_even_on_the_privacy_screen(
    qtbot: QtBot, make_window: MakeWindow
) -> None:
    workspace, _family, flag = _with_a_flag(qtbot, make_window)
    talked = replace(flag, words="two lines\nof words\u00a0kept", talked_on=date(2026, 11, 20))
    for privacy in (False, True):
        workspace.records.set_privacy(privacy)
        for record in (flag, talked):
            form = TalkThroughForm(workspace.records, record, TODAY)
            assert form.build() == [record]
            assert (form.words.toPlainText() == "") is privacy
            form.deleteLater()


def test_the_family_timeline_and_search_show_it_without_words_on_the_privacy_screen(
    qtbot: QtBot, make_window: MakeWindow
) -> None:
    workspace, family, _flag = _with_a_flag(qtbot, make_window)
    workspace.open_family(family.id)
    assert workspace.family_page is not None

    def timeline() -> str:
        assert workspace.family_page is not None
        shown = workspace.family_page.findChild(QListWidget, "timeline")
        assert shown is not None
        return "\n".join(shown.item(i).text() for i in range(shown.count()))

    assert "To talk through with my manager: " + WORDS in timeline()
    search = workspace.open_search()
    search.query.setText("pomegranate")
    assert search.results.count() == 1
    assert WORDS in search.results.item(0).text()
    search.reject()
    workspace.privacy.setChecked(True)
    settle(qtbot)
    assert "To talk through with my manager: …" in timeline()
    assert WORDS not in timeline()


def test_the_summary_opens_from_my_log_too(qtbot: QtBot, make_window: MakeWindow) -> None:
    workspace, _family, _flag = _with_a_flag(qtbot, make_window)
    workspace.show_page(workspace.my_log_page)
    button = workspace.my_log_page.findChild(QPushButton, "my-log-supervision-summary")
    assert button is not None and button.isVisible()
    button.click()
    assert [d for d in workspace._dialogs if isinstance(d, SupervisionDialog)]


def test_the_summary_prints_codes_only_and_words_only_when_ticked(
    qtbot: QtBot, make_window: MakeWindow, tmp_path: Path
) -> None:
    workspace, _family, flag = _with_a_flag(qtbot, make_window)
    dialog = workspace.open_supervision_summary()
    assert isinstance(dialog, SupervisionDialog)
    assert dialog.windowTitle() == "Supervision summary"
    assert dialog.month.currentText() == "November 2026"
    text = dialog.view.toPlainText()
    assert "PKT-43" in text
    assert "Held: 1" in text and "Hours: 1" in text
    for planted in (WORDS, *PLANTED_STRINGS):
        assert planted not in text
        assert planted not in dialog.html
    (item,) = [dialog.ticks.item(i) for i in range(dialog.ticks.count())]
    item.setCheckState(Qt.CheckState.Checked)
    assert WORDS in dialog.view.toPlainText()
    for planted in (PLANTED_FAMILY["note"], PLANTED_FAMILY["phone"], PLANTED_FAMILY["child"]):
        assert planted not in dialog.view.toPlainText()
    pdf = tmp_path / "summary.pdf"
    dialog.view.print_to_pdf(str(pdf))
    assert pdf.read_bytes().startswith(b"%PDF")
    assert pdf.stat().st_size > 1000
    # An earlier month holds none of it, so there is nothing to tick.
    dialog.month.setCurrentIndex(2)
    assert dialog.ticks.count() == 0
    assert "PKT-43" not in dialog.view.toPlainText()
    assert flag.id not in dialog.html


def test_turning_on_the_privacy_screen_closes_the_summary_with_its_ticked_words(
    qtbot: QtBot, make_window: MakeWindow
) -> None:
    workspace, _family, _flag = _with_a_flag(qtbot, make_window)
    dialog = workspace.open_supervision_summary()
    (item,) = [dialog.ticks.item(i) for i in range(dialog.ticks.count())]
    item.setCheckState(Qt.CheckState.Checked)
    assert dialog.isVisible() and WORDS in dialog.view.toPlainText()
    workspace.privacy.setChecked(True)
    settle(qtbot)
    assert not dialog.isVisible()
    assert dialog not in workspace._dialogs
