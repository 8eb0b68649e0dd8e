"""Safeguarding: "I am worried about a child's safety" on the family page and the session
form opens the organisation's steps in the mentor's language, records to whom the worry
was passed on, and the family page lists it except on the privacy screen; the form gives
back exactly the record it opened; Settings sets the steps."""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from dataclasses import replace
from datetime import date, time
from pathlib import Path

import pytest
import shiboken6
from helpers import record_strategies as rs
from helpers.planted import planted_family
from helpers.values import PASSPHRASE, TODAY
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QLabel, QListWidget, QPushButton, QWidget
from pytestqt.qtbot import QtBot
from test_gui_flow import create_first_profile, settle

from parentrus_desktop.domain import Family, WorryPassedOn, new_record_id
from parentrus_desktop.domain.safeguarding import PassedOnTo
from parentrus_desktop.gui.records import OpenRecords
from parentrus_desktop.gui.safeguarding import WorryForm
from parentrus_desktop.gui.window import MentorWindow
from parentrus_desktop.i18n import set_language
from parentrus_desktop.operations.safeguarding import organisation_steps, set_steps
from parentrus_desktop.store.profiles import create_profile
from parentrus_desktop.store.unlocked import UnlockedProfile
from parentrus_desktop.vault.kdf import KdfParameters

MakeWindow = Callable[..., MentorWindow]
ENGLISH = "Call 999 if a child is in danger now.\nSafeguarding lead: Dana, 07700 900456."
ARABIC = "اتصل بالرقم 999 إذا كان الطفل في خطر الآن.\nمسؤولة الحماية: دانا، 07700 900456."
SOMALI = "Wac 999 haddii ilmuhu khatar ku jiro hadda."
WORDS = "Rang the duty desk, ref 88231"

ROUND_TRIP = settings(
    max_examples=30,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)


@pytest.fixture(scope="module")
def shared(
    qapp: QApplication, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[tuple[OpenRecords, list[str]]]:
    """One real profile, with families the generated worries are about."""
    data_dir: Path = tmp_path_factory.mktemp("worries") / "data"
    profile, _key = create_profile(
        data_dir, "Hodan", PASSPHRASE, kdf=KdfParameters(salt=os.urandom(16))
    )
    families = [planted_family(code) for code in ("AAA-BB", "CCC-DD")]
    profile.save(*families)
    yield OpenRecords(profile, privacy=False), [f.id for f in families]
    profile.lock()


def _opened_and_built(records: OpenRecords, worry: WorryPassedOn) -> list[object]:
    profile = records.profile
    profile.save(worry)
    stored = profile.get(worry.id)
    assert stored == worry
    form = WorryForm(records, stored, TODAY)  # type: ignore[arg-type]
    try:
        return list(form.build())
    finally:
        shiboken6.delete(form)


@ROUND_TRIP
@given(data=st.data())
@example(data=None)  # words with a no-break space and a line break, late at night
def test_the_worry_form_gives_back_the_worry(
    shared: tuple[OpenRecords, list[str]], data: st.DataObject | None
) -> None:
    records, family_ids = shared
    if data is None:
        worry = WorryPassedOn(
            id=new_record_id(),
            family=family_ids[1],
            on=date(2025, 12, 31),
            at=time(23, 59),
            to=PassedOnTo.OTHER,
            words="Told the head,\u00a0in person\nthen rang",
        )
    else:
        worry = data.draw(rs.worries_passed_on(family_ids))
    assert _opened_and_built(records, worry) == [worry]


def test_on_the_privacy_screen_the_words_are_hidden_and_kept(
    shared: tuple[OpenRecords, list[str]],
) -> None:
    records, family_ids = shared
    worry = WorryPassedOn(
        id=new_record_id(),
        family=family_ids[0],
        on=date(2026, 11, 4),
        at=time(16, 5),
        to=PassedOnTo.SCHOOL_LEAD,
        words=WORDS,
    )
    records.set_privacy(True)
    try:
        records.profile.save(worry)
        form = WorryForm(records, worry, TODAY)
        try:
            assert form.words.toPlainText() == "" and not form.words.isEnabled()
            assert form.build() == [worry]
        finally:
            shiboken6.delete(form)
    finally:
        records.set_privacy(False)


def _steps_shown(profile: UnlockedProfile, language: str) -> tuple[str, str]:
    set_language(language)
    try:
        form = WorryForm(OpenRecords(profile, privacy=False), None, TODAY)
        try:
            source = form.findChild(QLabel, "safeguarding-steps-source")
            assert source is not None
            return form.steps_box.text(), source.text()
        finally:
            shiboken6.delete(form)
    finally:
        set_language("en")


def test_the_form_shows_the_organisation_s_steps_in_the_mentor_s_language(
    qapp: QApplication, profile: UnlockedProfile
) -> None:
    text, source = _steps_shown(profile, "en")
    assert "emergency number" in text and "general steps" in source  # the default, said so
    set_steps(profile, "so", SOMALI)
    text, source = _steps_shown(profile, "ar")
    assert text == SOMALI and "Soomaali" in source  # only one set: it, in its language
    set_steps(profile, "en", ENGLISH)
    assert _steps_shown(profile, "ar")[0] == ENGLISH  # English before the first set
    set_steps(profile, "ar", ARABIC)
    assert _steps_shown(profile, "ar")[0] == ARABIC
    text, source = _steps_shown(profile, "en")
    assert text == ENGLISH and source == "Your organisation's steps and contacts:"


def _dialog(window_part: QWidget) -> WorryForm:
    found = [d for d in window_part.findChildren(WorryForm) if d.isVisible()]
    assert len(found) == 1
    return found[0]


def test_from_the_family_page_a_worry_is_recorded_and_listed_but_not_on_the_privacy_screen(
    qtbot: QtBot, make_window: MakeWindow
) -> None:
    window = make_window()
    workspace = create_first_profile(qtbot, window)
    records = window.records
    assert records is not None
    family, other = planted_family(), replace(planted_family("CCC-DD"), id=new_record_id())
    records.profile.save(family, other)
    set_steps(records.profile, "en", ENGLISH)
    records.changed.emit({Family.kind})
    workspace.open_family(family.id)
    settle(qtbot)
    page = workspace.family_page
    assert page is not None
    history = page.findChild(QWidget, "worries-passed-on")
    assert history is not None and not history.isVisible()  # none yet
    button = page.findChild(QPushButton, "worried-about-a-child")
    assert button is not None and button.isVisible()
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
    form = _dialog(workspace)
    assert form.steps_box.text() == ENGLISH
    assert form.family.currentData() == family.id
    form.to.choose(PassedOnTo.CHILDRENS_SOCIAL_CARE)
    form.words.setPlainText(WORDS)
    qtbot.mouseClick(form.save_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: bool(records.profile.all(WorryPassedOn)), timeout=10_000)
    (saved,) = records.profile.all(WorryPassedOn)
    assert (saved.family, saved.to, saved.words, saved.on) == (
        family.id,
        PassedOnTo.CHILDRENS_SOCIAL_CARE,
        WORDS,
        TODAY,
    )
    settle(qtbot)
    page = workspace.family_page
    assert page is not None
    lines = page.findChild(QListWidget, "worry-lines")
    assert lines is not None and lines.isVisible() and lines.count() == 1
    assert "Children's social care" in lines.item(0).text() and WORDS in lines.item(0).text()
    records.set_privacy(True)
    settle(qtbot)
    page = workspace.family_page
    assert page is not None
    history = page.findChild(QWidget, "worries-passed-on")
    assert history is None or not history.isVisible()
    # The other family's page lists nothing of it.
    records.set_privacy(False)
    workspace.open_family(other.id)
    settle(qtbot)
    assert workspace.family_page is not None
    lines = workspace.family_page.findChild(QListWidget, "worry-lines")
    assert lines is not None and lines.count() == 0 and not lines.isVisible()


def test_from_the_session_form_the_worry_is_about_the_ticked_family(
    qtbot: QtBot, make_window: MakeWindow
) -> None:
    window = make_window()
    workspace = create_first_profile(qtbot, window)
    records = window.records
    assert records is not None
    family = planted_family()
    records.profile.save(family)
    session_form = workspace.log_session(family)
    settle(qtbot)
    button = session_form.findChild(QPushButton, "worried-about-a-child")
    assert button is not None
    button.click()
    form = _dialog(workspace)
    assert form.family.currentData() == family.id
    assert "general steps" in form.steps_words.text()  # nothing set: the default, said so
    form.discard()
    session_form.discard()


def test_settings_saves_the_steps_for_the_chosen_language(
    qtbot: QtBot, make_window: MakeWindow
) -> None:
    window = make_window()
    workspace = create_first_profile(qtbot, window)
    records = window.records
    assert records is not None
    section = workspace.settings_page.safeguarding
    state = section.findChild(QLabel, "safeguarding-steps-state")
    assert state is not None and "Not set yet" in state.text()
    section.start_from_general.click()
    assert "emergency number" in section.text.toPlainText()
    section.language.setCurrentIndex(section.language.findData("ar"))
    assert section.text.toPlainText() == ""
    section.text.setPlainText(ARABIC)
    section.save.click()
    qtbot.waitUntil(lambda: "ar" in organisation_steps(records.profile), timeout=10_000)
    assert organisation_steps(records.profile) == {"ar": ARABIC}
    settle(qtbot)
    assert "Set by your organisation" in state.text()
    section.language.setCurrentIndex(section.language.findData("en"))
    assert section.text.toPlainText() == ""
    assert "العربية" in state.text()  # English mentors see the Arabic steps, and are told


def test_settings_shows_steps_set_since_the_page_was_made_but_keeps_typing(
    qtbot: QtBot, make_window: MakeWindow
) -> None:
    window = make_window()
    workspace = create_first_profile(qtbot, window)
    records = window.records
    assert records is not None
    section = workspace.settings_page.safeguarding
    set_steps(records.profile, "en", ENGLISH)  # e.g. by the admin tool, or a restore
    workspace.show_page(workspace.settings_page)
    settle(qtbot)
    assert section.text.toPlainText() == ENGLISH
    section.text.setPlainText("Half typed")
    workspace.show_page(workspace.today_page)
    workspace.show_page(workspace.settings_page)
    settle(qtbot)
    assert section.text.toPlainText() == "Half typed"
