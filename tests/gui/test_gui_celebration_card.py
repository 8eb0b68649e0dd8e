"""A celebration prints as a card for the family: in the family's language while the app
stays in the mentor's, right to left for Arabic, large type, the programme's name, and
nothing about any other family (no code, no notes)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from pathlib import Path

import shiboken6
from contrast import contrast
from helpers.planted import PLANTED_STRINGS, planted_family
from PySide6.QtCore import Qt
from PySide6.QtGui import QColor
from PySide6.QtWidgets import QAbstractButton, QLabel
from pytestqt.qtbot import QtBot
from test_gui_flow import create_first_profile, settle

from parentrus_desktop import i18n
from parentrus_desktop.domain import Celebration, Family, new_record_id
from parentrus_desktop.domain.vocabulary import CelebrationCategory
from parentrus_desktop.gui.celebration_card import PROGRAMME_NAME, CelebrationCard, card_colours
from parentrus_desktop.gui.progress_forms import CelebrationForm
from parentrus_desktop.gui.window import MentorWindow
from parentrus_desktop.i18n import format_day, speaking
from parentrus_desktop.labels import label

MakeWindow = Callable[..., MentorWindow]
DAY = date(2026, 11, 20)


def amina() -> Family:
    return Family(
        id=new_record_id(),
        code="W3X-7P",
        carers=("Amina",),
        languages=("ar", "en"),
        joined_on=date(2026, 9, 1),
        notes="Prefers mornings",
    )


def celebrated(family: Family, note: str = "") -> Celebration:
    return Celebration(
        id=new_record_id(),
        family=family.id,
        category=CelebrationCategory.FIRST_SCHOOL_MEETING,
        on=DAY,
        notes=note,
    )


def test_an_arabic_familys_card_is_in_arabic_while_the_app_is_in_english(
    qtbot: QtBot, make_window: MakeWindow, tmp_path: Path
) -> None:
    window = make_window("en")
    workspace = create_first_profile(qtbot, window)
    family, other = amina(), planted_family("K7Q-4M")
    # The note and the other family's records are what must never reach the card.
    ours = celebrated(family, note="secret about the head teacher")
    theirs = celebrated(other, note="marmalade umbrella confession")
    workspace.records.profile.save(family, other, ours, theirs)
    workspace.records.changed.emit({Family.kind, Celebration.kind})
    workspace.open_family(family.id)
    settle(qtbot)
    page = workspace.family_page
    assert page is not None
    (button,) = page.findChildren(QAbstractButton, "print-card")  # one celebration: ours
    assert button.text() == "Print a card"  # the mentor's language on the page
    button.click()
    settle(qtbot)
    (card,) = workspace.findChildren(CelebrationCard)
    assert card.isVisible() and card.language == "ar"
    assert card.windowTitle() == "Card to celebrate"  # no name in a window title
    assert card.print_button.text() == "Print"  # the dialog speaks the mentor's language
    assert i18n.current_language() == "en"

    shown = card.view.toPlainText()
    html = card.view.toHtml()
    with speaking(["ar"]):
        what, day = label(ours.category), format_day(DAY, "long")
    assert what != label(ours.category)  # the catalog has it in Arabic
    assert what in shown and day in shown
    assert "أحسنتم يا Amina!" in shown
    assert "حضرتم أول لقاء لكم في المدرسة" in shown  # the warm sentence, in Arabic
    assert PROGRAMME_NAME in shown
    assert "Well done" not in shown and "first meeting" not in shown
    for leak in (*PLANTED_STRINGS, family.code, other.code, ours.notes, family.notes):
        assert leak not in shown and leak not in html, leak
    direction = card.view.document().defaultTextOption().textDirection()
    assert direction == Qt.LayoutDirection.RightToLeft
    # Large type: the greeting is at least twice the body text of the app.
    assert "font-size:32pt" in html.replace(" ", "")
    assert card.findChild(QLabel, "card-language") is None  # it is in their language

    pdf = tmp_path / "card.pdf"
    card.view.print_to_pdf(str(pdf))
    assert pdf.read_bytes()[:5] == b"%PDF-" and pdf.stat().st_size > 2000


def test_with_no_words_in_the_familys_languages_the_card_says_it_is_in_the_mentors(
    qtbot: QtBot,
) -> None:
    i18n.set_language("en")
    family = Family(
        id=new_record_id(),
        code="HQW-7K",
        carers=("Hawa", "Abdi"),
        languages=("ti",),  # no Tigrinya catalog
        joined_on=date(2026, 9, 1),
    )
    card = CelebrationCard(family, celebrated(family))
    qtbot.addWidget(card)
    assert card.language == "en"
    note = card.findChild(QLabel, "card-language")
    assert isinstance(note, QLabel)
    assert note.text() == (
        "The app has no words in \u2068ትግርኛ\u2069 yet, so the card is in \u2068English\u2069."
    )
    shown = card.view.toPlainText()
    assert "Well done, Hawa and Abdi!" in shown
    assert "You went to your first meeting at school. That takes courage." in shown
    direction = card.view.document().defaultTextOption().textDirection()
    assert direction == Qt.LayoutDirection.LeftToRight


def test_the_celebration_form_prints_the_card_of_what_it_holds(
    qtbot: QtBot, make_window: MakeWindow
) -> None:
    window = make_window("en")
    workspace = create_first_profile(qtbot, window)
    family = amina()
    workspace.records.profile.save(family)
    form = CelebrationForm(workspace.records, None, DAY, family.id, workspace)
    form.category.choose(CelebrationCategory.BETTER_ATTENDANCE)
    button = form.findChild(QAbstractButton, "print-card")
    assert isinstance(button, QAbstractButton)
    button.click()
    card = form.card
    assert card is not None and card.language == "ar"
    assert "صار طفلكم يذهب إلى المدرسة أكثر" in card.view.toPlainText()
    assert form.saved == []  # printing saves nothing
    # Locking leaves no card with a family's name on the screen.
    window.lock()
    settle(qtbot)
    assert not shiboken6.isValid(card) or not card.isVisible()


def test_under_the_privacy_screen_no_card_can_be_printed(
    qtbot: QtBot, make_window: MakeWindow
) -> None:
    window = make_window("en")
    workspace = create_first_profile(qtbot, window)
    family = amina()
    workspace.records.profile.save(family, celebrated(family))
    workspace.records.changed.emit({Family.kind, Celebration.kind})
    workspace.privacy.setChecked(True)  # the card greets the family by name
    workspace.open_family(family.id)
    settle(qtbot)
    assert workspace.family_page is not None
    (button,) = workspace.family_page.findChildren(QAbstractButton, "print-card")
    assert not button.isEnabled()


def test_the_cards_words_stand_out_from_its_paper() -> None:
    """WCAG 2.2 AA on the card's own colours (the same in every theme and on paper):
    the contrast test over every screen measures widgets, not a page's words."""
    colour = {name: QColor(value) for name, value in card_colours().items()}
    assert contrast(colour["ink"], colour["paper"]) >= 4.5
    assert contrast(colour["warm"], colour["paper"]) >= 4.5
    assert contrast(colour["edge"], colour["paper"]) >= 3  # the border and the stars


def test_turning_on_the_privacy_screen_closes_every_card_on_show(
    qtbot: QtBot, make_window: MakeWindow
) -> None:
    window = make_window("en")
    workspace = create_first_profile(qtbot, window)
    family = amina()
    celebration = celebrated(family)
    workspace.records.profile.save(family, celebration)
    workspace.records.changed.emit({Family.kind, Celebration.kind})
    card = workspace.print_card(celebration)  # from the family's timeline
    form = CelebrationForm(workspace.records, None, DAY, family.id, workspace)
    form.show()
    form_card = form.print_card()  # from a form, not opened by the workspace
    assert card is not None and form_card is not None
    assert card.isVisible() and form_card.isVisible()
    workspace.privacy.setChecked(True)  # someone walks up: "Amina" must not stay on screen
    settle(qtbot)
    assert not card.isVisible() and not form_card.isVisible()
    assert form.isVisible()  # the form shows codes now, and may hold unsaved typing
    form.reject()
