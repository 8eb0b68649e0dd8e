"""The consent form shows the consent words themselves, for the scope chosen, in the
family's language, to read out; it says which language and version, and saves them."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from datetime import date

from helpers.values import TODAY
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel
from pytestqt.qtbot import QtBot
from test_gui_flow import create_first_profile, settle
from test_gui_more_records import save

from parentrus_desktop import i18n
from parentrus_desktop.domain import Consent, Family, new_record_id
from parentrus_desktop.domain.consent_words import consent_words
from parentrus_desktop.domain.vocabulary import ConsentMethod, ConsentScope
from parentrus_desktop.gui.progress_forms import ConsentForm
from parentrus_desktop.gui.window import MentorWindow

MakeWindow = Callable[..., MentorWindow]


def family(*languages: str) -> Family:
    return Family(
        id=new_record_id(),
        code="W3X-7P",
        carers=("Amina",),
        languages=languages,
        joined_on=date(2026, 9, 1),
    )


def shown(form: ConsentForm, name: str) -> QLabel:
    label = form.findChild(QLabel, name)
    assert isinstance(label, QLabel), name
    return label


def choose_language(form: ConsentForm, tag: str) -> None:
    found = form.language.findData(tag)
    assert found >= 0, tag
    form.language.setCurrentIndex(found)


def test_the_words_follow_the_scope_and_the_language(qtbot: QtBot, make_window: MakeWindow) -> None:
    window = make_window("en")
    workspace = create_first_profile(qtbot, window)
    arabic = family("ar", "en")
    workspace.records.profile.save(arabic)
    form = ConsentForm(workspace.records, arabic.id, TODAY, workspace)
    form.show()
    words, about = shown(form, "consent-words-text"), shown(form, "consent-words-about")

    form.scope.choose(ConsentScope.NOTES_KEPT)
    assert form.language.currentData() == "ar"  # the family's language, to start with
    assert "يكتب مرشدكم ملاحظات قصيرة" in words.text()
    assert "يمكنكم أن ترفضوا" in words.text()
    assert about.text() == "Words to read out, in \u2068العربية\u2069, version \u20662026-3\u2069."
    assert words.layoutDirection() == Qt.LayoutDirection.RightToLeft
    assert i18n.current_language() == "en"  # the rest of the form stays the mentor's

    form.scope.choose(ConsentScope.COUNTED)
    assert "تُغيَّر الأرقام قليلًا" in words.text()
    assert "يكتب مرشدكم" not in words.text()

    choose_language(form, "en")
    assert words.text().startswith("• Each term the school gets numbers")
    assert "The numbers are made a little fuzzy" in words.text()
    assert words.layoutDirection() == Qt.LayoutDirection.LeftToRight
    assert about.text() == "Words to read out, in \u2068English\u2069, version \u20662026-2\u2069."

    choose_language(form, "ti")  # no Tigrinya words: the mentor's, and it says so
    assert "The numbers are made a little fuzzy" in words.text()
    assert "no consent words in \u2068ትግርኛ\u2069 yet" in about.text()
    form.discard()


def test_the_version_and_language_of_the_words_shown_are_saved(
    qtbot: QtBot, make_window: MakeWindow
) -> None:
    window = make_window("en")
    workspace = create_first_profile(qtbot, window)
    arabic = family("ar")
    workspace.records.profile.save(arabic)
    form = ConsentForm(workspace.records, arabic.id, TODAY, workspace)
    form.show()
    form.scope.choose(ConsentScope.SPEAK_TO_SCHOOL)
    (consent,) = save(qtbot, form)
    settle(qtbot)
    saved = workspace.records.profile.get(consent.id)
    assert isinstance(saved, Consent)
    assert saved.wording_version == consent_words(ConsentScope.SPEAK_TO_SCHOOL).version
    assert saved.language == "ar"
    assert saved.scope is ConsentScope.SPEAK_TO_SCHOOL


def test_a_consent_keeps_its_version_until_it_is_about_something_else(
    qtbot: QtBot, make_window: MakeWindow
) -> None:
    window = make_window("en")
    workspace = create_first_profile(qtbot, window)
    arabic = family("ar")
    given = Consent(
        id=new_record_id(),
        family=arabic.id,
        scope=ConsentScope.COUNTED,
        agreed=True,
        wording_version="2026-1",  # read out before the words were in the app
        language="ar",
        given_on=date(2026, 9, 1),
        method=ConsentMethod.SPOKEN,
    )
    workspace.records.profile.save(arabic, given)
    form = ConsentForm(workspace.records, arabic.id, TODAY, workspace, consent=given)
    form.show()
    assert form.build() == [given]
    assert "given with version \u20662026-1\u2069 of the words, and keeps it" in (
        shown(form, "consent-words-about").text()
    )
    choose_language(form, "en")  # a correction of the language keeps the version too
    assert form.build() == [replace(given, language="en")]
    form.scope.choose(ConsentScope.NOTES_KEPT)  # now about something else: today's words
    (built,) = form.build()
    assert isinstance(built, Consent)
    assert built.wording_version == consent_words(ConsentScope.NOTES_KEPT).version
    assert "keeps it" not in shown(form, "consent-words-about").text()
    form.discard()


def test_a_consent_given_with_earlier_words_shows_the_words_the_family_heard(
    qtbot: QtBot, make_window: MakeWindow
) -> None:
    window = make_window("en")
    workspace = create_first_profile(qtbot, window)
    english = family("en")
    given = Consent(
        id=new_record_id(),
        family=english.id,
        scope=ConsentScope.NOTES_KEPT,
        agreed=True,
        wording_version="2026-2",  # before the words said where privacy ends
        language="en",
        given_on=date(2026, 9, 1),
        method=ConsentMethod.SPOKEN,
    )
    workspace.records.profile.save(english, given)
    form = ConsentForm(workspace.records, english.id, TODAY, workspace, consent=given)
    form.show()
    words, about = shown(form, "consent-words-text"), shown(form, "consent-words-about")
    assert "Only your mentor can open them." in words.text()
    assert "safeguarding lead" not in words.text()  # not what this family heard
    assert "version \u20662026-2\u2069." in about.text()
    assert "Today's words are version \u20662026-3\u2069." in about.text()
    assert form.build() == [given]
    form.discard()
    # A new consent about notes reads today's words, with the limits of what is private.
    new = ConsentForm(workspace.records, english.id, TODAY, workspace)
    new.show()
    new.scope.choose(ConsentScope.NOTES_KEPT)
    text = shown(new, "consent-words-text").text()
    assert "they must tell the safeguarding lead" in text
    assert "using a code, not your name" in text
    new.discard()
