"""The handout for the family: one A4 page in the family's language (right to left in
Arabic), large type, no family data but the code when the mentor ticks it, the privacy
limit the school's page states, the consent words with their version; reachable from
the family page and the consent form."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import replace
from datetime import date
from pathlib import Path

import shiboken6
from helpers.hub_process import SCHOOL, HubProcess
from helpers.planted import PLANTED_STRINGS, planted_family
from helpers.printed_pdf import A4
from helpers.values import TODAY
from parentrus_sync.periods import PeriodKind
from parentrus_sync.protocol import Policy
from PySide6.QtCore import Qt
from PySide6.QtGui import QTextDocument
from PySide6.QtWidgets import QAbstractButton, QLabel
from pytestqt.qtbot import QtBot
from test_gui_flow import create_first_profile, settle
from test_gui_school_view import _connected

from parentrus_desktop import i18n
from parentrus_desktop.domain import Child, Family, School, new_record_id
from parentrus_desktop.domain.consent import Consent
from parentrus_desktop.domain.consent_words import consent_words
from parentrus_desktop.domain.vocabulary import ConsentMethod, ConsentScope
from parentrus_desktop.gui.family_handout import (
    HandoutDialog,
    HandoutFacts,
    handout_html,
    one_page,
    pages_on_a4,
)
from parentrus_desktop.gui.progress_forms import ConsentForm
from parentrus_desktop.gui.window import MentorWindow
from parentrus_desktop.gui.workspace import Workspace
from parentrus_desktop.i18n import speaking
from parentrus_desktop.operations.reports import YearlyPrivacy
from parentrus_desktop.report_words import epsilon_words

MakeWindow = Callable[..., MentorWindow]


def pages_in(pdf: Path) -> int:
    """The pages of a PDF Qt printed: its page objects (not the /Pages tree)."""
    return len(re.findall(rb"/Type\s*/Page(?![a-zA-Z])", pdf.read_bytes()))


def text_pieces(document: QTextDocument) -> list[tuple[str, float]]:
    """Every piece of text on the page with the point size Qt lays it out in (the font's,
    not the size asked for: Qt sizes an <h2> from the computer's font whatever it asks)."""
    pieces_and_sizes = []
    block = document.begin()
    while block.isValid():
        pieces = block.begin()
        while not pieces.atEnd():
            piece = pieces.fragment()
            if piece.text().strip():
                pieces_and_sizes.append((piece.text(), piece.charFormat().font().pointSizeF()))
            pieces += 1
        block = block.next()
    return pieces_and_sizes


def text_sizes(document: QTextDocument) -> list[float]:
    """The point size of every piece of text on the page."""
    return [size for _text, size in text_pieces(document)]


def ready(qtbot: QtBot, dialog: HandoutDialog) -> HandoutDialog:
    qtbot.waitUntil(lambda: dialog.facts is not None, timeout=10_000)
    return dialog


def choose_language(dialog: HandoutDialog, tag: str) -> None:
    dialog.language_box.setCurrentIndex(dialog.language_box.findData(tag))


def _handout_from_family_page(qtbot: QtBot, window: MentorWindow):  # type: ignore[no-untyped-def]
    workspace = create_first_profile(qtbot, window)
    school = School(id=new_record_id(), name="Riverside Primary")
    family = planted_family("K7Q-4M")  # speaks Arabic first
    family = replace(family, children=(replace(family.children[0], school_id=school.id),))
    workspace.records.profile.save(school, family)
    workspace.records.changed.emit({Family.kind})
    workspace.open_family(family.id)
    settle(qtbot)
    page = workspace.family_page
    assert page is not None
    (button,) = page.findChildren(QAbstractButton, "print-handout")
    button.click()
    settle(qtbot)
    (dialog,) = workspace.findChildren(HandoutDialog)
    return workspace, family, ready(qtbot, dialog)


def test_the_family_page_prints_one_a4_page_in_arabic_and_in_english_with_no_family_data(
    qtbot: QtBot, make_window: MakeWindow, tmp_path: Path
) -> None:
    window = make_window("en")
    _workspace, family, dialog = _handout_from_family_page(qtbot, window)
    assert dialog.isVisible() and dialog.windowTitle() == "Handout for the family"
    assert i18n.current_language() == "en"  # the app stays in the mentor's language
    # The family's language first, right to left, on screen and on paper.
    assert dialog.language == "ar" and dialog.language_box.currentData() == "ar"
    view = dialog.view
    assert view.document().defaultTextOption().textDirection() == Qt.LayoutDirection.RightToLeft
    arabic = view.toPlainText()
    with speaking(["ar"]):
        for sentence in consent_words(ConsentScope.COUNTED).sentences[:2]:
            assert i18n._(sentence) != sentence and i18n._(sentence) in arabic
        assert "Hodan" in arabic  # the mentor, as the profile names them
    # No consent recorded: the words the mentor reads, with no version "read to you".
    assert "2026-3" not in arabic and "2026-2" not in arabic
    assert "You can say no" not in arabic  # the consent words, read in Arabic
    # Large type: no text smaller than 13 points (a letter is usually 10 or 11).
    assert min(text_sizes(view.document())) >= 13
    # Nothing about the family, not even the code, until the mentor ticks it.
    for leak in (*PLANTED_STRINGS, family.code, "Riverside Primary"):
        assert leak not in arabic and leak not in view.toHtml(), leak
    pdf = tmp_path / "handout-ar.pdf"
    dialog.print_to_pdf(str(pdf))
    assert pages_in(pdf) == 1
    # A4 (595 x 842 points), whatever the printer's default paper.
    assert A4.search(pdf.read_bytes())

    choose_language(dialog, "en")
    english = view.toPlainText()
    assert dialog.language == "en"
    assert view.document().defaultTextOption().textDirection() == Qt.LayoutDirection.LeftToRight
    assert "Your mentor is \u2068Hodan\u2069, a parent" in english
    assert "What the school sees" in english and "To have it all deleted" in english
    assert "read to you" not in english
    assert english.count("The words your mentor reads to families:") == 2
    assert "here it is 10, with a one in 1,000,000 chance" in english
    for leak in (*PLANTED_STRINGS, family.code):
        assert leak not in english, leak
    pdf = tmp_path / "handout-en.pdf"
    assert dialog.print_to_pdf(str(pdf)) == 1
    assert pages_in(pdf) == 1

    # The code only when ticked, and gone again when not.
    dialog.with_code.setChecked(True)
    assert family.code in view.toPlainText()
    pdf = tmp_path / "handout-en-code.pdf"
    dialog.print_to_pdf(str(pdf))
    assert pages_in(pdf) == 1
    for leak in PLANTED_STRINGS:
        assert leak not in view.toPlainText(), leak
    choose_language(dialog, "ar")
    assert family.code in view.toPlainText()
    pdf = tmp_path / "handout-ar-code.pdf"
    dialog.print_to_pdf(str(pdf))
    assert pages_in(pdf) == 1
    dialog.with_code.setChecked(False)
    assert family.code not in view.toPlainText()
    # Locking closes it.
    window.lock()
    settle(qtbot)
    assert not shiboken6.isValid(dialog) or not dialog.isVisible()


def test_the_consent_form_offers_the_handout_in_the_language_of_the_words(
    qtbot: QtBot, make_window: MakeWindow
) -> None:
    window = make_window("en")
    workspace: Workspace = create_first_profile(qtbot, window)
    family = planted_family("PKT-43")
    workspace.records.profile.save(family)
    form = ConsentForm(workspace.records, family.id, TODAY, workspace)
    qtbot.addWidget(form)
    button = form.findChild(QAbstractButton, "print-handout")
    assert isinstance(button, QAbstractButton)
    assert button.text() == "Print the handout for the family"
    form.language.setCurrentIndex(form.language.findData("en"))
    button.click()
    handout = ready(qtbot, form.handout)  # type: ignore[arg-type]
    assert handout.isVisible() and handout.language == "en"
    assert "What your mentor keeps, and where" in handout.view.toPlainText()
    assert form.saved == []  # printing saves nothing
    handout.reject()
    form.discard()


def test_the_handout_states_the_privacy_limit_the_school_page_states(
    qtbot: QtBot, make_window: MakeWindow, tmp_path: Path
) -> None:
    """The school asks for ε 8 a year, not the usual 10: the handout says 8, the figure
    "What the school will see" gives, from the same plan."""
    hub = HubProcess(tmp_path / "hub", [])
    try:
        policy = Policy(SCHOOL, period_kind=PeriodKind.MONTH, grace_days=1, epsilon=8.0)
        workspace, family, _school = _connected(qtbot, make_window, hub, policy, date(2026, 10, 5))
        workspace.show_page(workspace.school_page)
        view = workspace.school_page.view
        qtbot.waitUntil(lambda: "a limit of ε" in view.toPlainText(), timeout=10_000)
        school_says = re.search(
            r"a limit of ε (\S+) for each family, with δ \S+ \(a one in (\S+) chance",
            view.toPlainText(),
        )
        assert school_says is not None
        epsilon, one_in = school_says.groups()
        assert epsilon == epsilon_words(8.0) == "8"
        dialog = ready(qtbot, workspace.print_handout(family))
        choose_language(dialog, "en")
        assert (
            f"here it is {epsilon}, with a one in {one_in} chance that it does not hold"
            in dialog.view.toPlainText()
        )
        dialog.reject()
    finally:
        hub.stop()


def test_a_family_at_no_school_in_the_list_gets_every_school_s_limit(
    qtbot: QtBot, make_window: MakeWindow
) -> None:
    window = make_window("en")
    workspace = create_first_profile(qtbot, window)
    family = replace(
        planted_family("HQW-7K"), languages=("ti",), children=(Child(first_name="Ayaan"),)
    )
    workspace.records.profile.save(family)
    dialog = ready(qtbot, workspace.print_handout(family))
    assert dialog.language == "en"  # no Tigrinya words: the mentor's language, said so
    assert dialog.findChild(QLabel, "handout-no-language") is not None
    assert "Right now your mentor sends no numbers to any school." in dialog.view.toPlainText()
    dialog.reject()


def test_a_long_name_and_two_schools_limits_still_fit_one_page(qtbot: QtBot) -> None:
    """The longest page (a long mentor's name, the code, two schools with different
    limits) is made in smaller type rather than spill onto a second page."""
    facts = HandoutFacts(
        # A profile named with a role and places: three lines of its own on the page.
        "Oluwaseun Adebayo-Williams Fitzgerald-Kowalska, family learning mentor for "
        "the Riverside, Hillside and Brookfield schools' partnership, with the Oakfield "
        "Community Centre and the Saint Bartholomew's parents' forum",
        (
            YearlyPrivacy("2026/27", 10.0, 1e-6, 0.0),
            YearlyPrivacy("2026/27", 4.0, 1e-6, 0.0),
        ),
    )
    for language in ("en", "ar"):
        html, used = one_page(facts, language, "WHQ-RU")
        assert used == language
        assert pages_on_a4(html, right_to_left_page=language == "ar") == 1
    html, _used = one_page(facts, "en", "WHQ-RU")
    assert "here it is 10 or less, with a one in 1,000,000 chance" in html
    # In the type it starts with, that page would not fit: it was made smaller.
    first, _used = handout_html(facts, "en", "WHQ-RU")
    assert pages_on_a4(first, right_to_left_page=False) > 1
    assert "body { font-size: 14pt; }" in first and "body { font-size: 14pt; }" not in html


def test_the_handout_says_the_version_of_the_words_the_family_heard(
    qtbot: QtBot, make_window: MakeWindow
) -> None:
    """A family told the notes words of 2026-2 gets those words and that version; the
    words of a scope never read to them are the words the mentor reads, with no version."""
    window = make_window("en")
    workspace = create_first_profile(qtbot, window)
    family = planted_family("K7Q-4M")
    heard = Consent(
        id=new_record_id(),
        family=family.id,
        scope=ConsentScope.NOTES_KEPT,
        agreed=True,
        wording_version="2026-2",
        language="en",
        given_on=date(2026, 9, 1),
        method=ConsentMethod.SPOKEN,
    )
    workspace.records.profile.save(family, heard)
    dialog = HandoutDialog(workspace.records, family, TODAY, workspace, language="en")
    qtbot.addWidget(dialog)
    english = ready(qtbot, dialog).view.toPlainText()
    assert "The words your mentor read to you (version \u20662026-2\u2069):" in english
    assert "first names, your child's school" in english  # 2026-2's words, not today's
    assert "2026-3" not in english
    assert english.count("The words your mentor reads to families:") == 1  # the counting
    dialog.reject()


def test_the_guide_names_each_handout_button_where_it_is(
    qtbot: QtBot, make_window: MakeWindow
) -> None:
    """The guide says which button is where (the family page's, the consent form's), with
    the words on the buttons, and that the page has the mentor's name."""
    guide = (
        Path(__file__).resolve().parents[2] / "docs" / "guide" / "07-for-the-family.md"
    ).read_text(encoding="utf-8")
    workspace = create_first_profile(qtbot, make_window("en"))
    family = planted_family("K7Q-4M")
    workspace.records.profile.save(family)
    workspace.open_family(family.id)
    settle(qtbot)
    assert workspace.family_page is not None
    (on_the_page,) = workspace.family_page.findChildren(QAbstractButton, "print-handout")
    form = ConsentForm(workspace.records, family.id, TODAY, workspace)
    qtbot.addWidget(form)
    in_the_form = form.findChild(QAbstractButton, "print-handout")
    assert isinstance(in_the_form, QAbstractButton)
    said = " ".join(guide.split())  # the guide's lines joined
    assert f"On the family's page, the same page is the **{on_the_page.text()}** button" in said
    assert f"In the consent form, after the consent words, press **{in_the_form.text()}**" in said
    assert "has no names" not in said and "has your name" in said
    form.discard()
