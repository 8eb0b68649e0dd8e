"""A card to give a family when there is something to celebrate: large type, in the
family's language, from the programme. It holds this one celebration of this one
family: no family code, no notes, nothing about anyone else."""

from __future__ import annotations

import tomllib
from collections.abc import Callable, Iterable
from html import escape

from PySide6.QtWidgets import QHBoxLayout, QVBoxLayout, QWidget

from parentrus_desktop.bidi import isolated
from parentrus_desktop.domain import Celebration, Family
from parentrus_desktop.domain.validation import N_
from parentrus_desktop.domain.vocabulary import CelebrationCategory
from parentrus_desktop.gui.language import is_right_to_left, native_name
from parentrus_desktop.gui.printable import PrintableDialog, page
from parentrus_desktop.gui.widgets import big_button, fitting_size, heading, words
from parentrus_desktop.i18n import _, format_day, speaking
from parentrus_desktop.labels import label
from parentrus_desktop.resources import resource_dir

#: The programme's name on the card. The profile and Settings hold no organisation or
#: programme name yet, so it is the app's own.
PROGRAMME_NAME = "Parent'R'Us"

#: One warm plain sentence for each kind of celebration, said to the family.
_SAID: dict[CelebrationCategory, str] = {
    CelebrationCategory.CHILD_ACHIEVEMENT: N_(
        "Your child has done something to be proud of, and you helped."
    ),
    CelebrationCategory.BETTER_ATTENDANCE: N_(
        "Your child is at school more often. Every day at school counts."
    ),
    CelebrationCategory.FIRST_SCHOOL_MEETING: N_(
        "You went to your first meeting at school. That takes courage."
    ),
    CelebrationCategory.JOINED_PARENTS_FORUM: N_(
        "You joined the parents' forum. Your voice makes the school better."
    ),
    CelebrationCategory.TRAINED_AS_MENTOR: N_(
        "You trained as a parent mentor. Now you can help other families too."
    ),
    CelebrationCategory.OTHER: N_("You have taken an important step."),
}


def card_colours() -> dict[str, str]:
    """The card's own colours (resources/card.toml), not the theme's: the card is a sheet of
    paper, the same on a dark screen as on the printer."""
    with resource_dir("card.toml").open("rb") as file:
        return {key: str(value) for key, value in tomllib.load(file).items()}


def names_of(carers: Iterable[str]) -> str:
    """'Amina', 'Amina and Yusuf', 'Amina, Yusuf and Hawa' in the language spoken."""
    carers = [c for c in carers if c]
    if len(carers) < 2:
        return "".join(carers)
    # Translators: joins the last name of a list: "Amina, Omar and Sara"
    return _("{first} and {last}").format(first=", ".join(carers[:-1]), last=carers[-1])


def card_html(family: Family, celebration: Celebration) -> tuple[str, str]:
    """(the card's page, the language it was built in): the family's first language the
    app has words for, else the mentor's."""
    with speaking(family.languages) as used:
        names = names_of(family.carers)
        greeting = _("Well done, {names}!").format(names=names) if names else _("Well done!")
        what = (
            _("Something to celebrate")
            if celebration.category is CelebrationCategory.OTHER
            else label(celebration.category)
        )
        said = _(_SAID[celebration.category])
        day = format_day(celebration.on, "long")
        signed = _("With warm wishes from your mentor at {programme}").format(
            programme=PROGRAMME_NAME
        )
        colour = card_colours()
        end = "right" if is_right_to_left(used) else "left"  # where a signature goes

        def line(text: str, style: str, align: str = "center") -> str:
            return f'<p align="{align}" style="{style}">{escape(text)}</p>'

        body = (
            f'<table width="100%" cellpadding="40" cellspacing="0" border="3" '
            f'style="border-color:{colour["edge"]}; border-style:solid;" '
            f'bgcolor="{colour["paper"]}"><tr><td align="center" style="color:{colour["ink"]};">'
            + line("★ ★ ★", f"font-size:26pt; color:{colour['edge']};")
            + line(greeting, f"font-size:32pt; font-weight:bold; color:{colour['warm']};")
            + line(what, "font-size:24pt; font-weight:bold; margin-top:18px;")
            + line(day, "font-size:18pt;")
            + line(said, "font-size:20pt; margin-top:18px; margin-bottom:24px;")
            + line(signed, f"font-size:16pt; color:{colour['warm']};", end)
            + "</td></tr></table>"
        )
        # No title of the page's own: the card's greeting is its heading.
        html = page("", [body])
    return html, used


class CelebrationCard(PrintableDialog):
    """The card, shown before it is printed. Says so in one line when none of the
    family's languages has words in the app yet."""

    def __init__(
        self, family: Family, celebration: Celebration, parent: QWidget | None = None
    ) -> None:
        html, used = card_html(family, celebration)
        super().__init__(
            _("Card to celebrate"),
            html,
            "celebration-card",
            right_to_left_page=is_right_to_left(used),
            parent=parent,
        )
        if family.languages and used not in family.languages:
            asked = ", ".join(isolated(native_name(t)) for t in family.languages)
            note = words(
                _("The app has no words in {languages} yet, so the card is in {used}.").format(
                    languages=asked, used=isolated(native_name(used))
                ),
                "card-language",
            )
            layout = self.layout()
            assert isinstance(layout, QVBoxLayout)
            layout.insertWidget(0, note)
        self.language = used
        self.resize(fitting_size(self, 780, 580))  # the whole card in view, as on paper


def celebration_rows(
    layout: QVBoxLayout,
    celebrations: Iterable[Celebration],
    print_card: Callable[[Celebration], object],
    *,
    privacy: bool,
) -> None:
    """On a family page: its celebrations, newest first, each with "Print a card" (not
    with the privacy screen on: the card greets the family by name)."""
    newest = sorted(celebrations, key=lambda c: c.on, reverse=True)
    if not newest:
        return
    layout.addWidget(heading(_("Celebrations"), "section"))
    for celebration in newest:
        row = QHBoxLayout()
        what = label(celebration.category)
        row.addWidget(words(f"{format_day(celebration.on)} · {what}", "celebration"), 1)
        button = big_button(_("Print a card"), "print-card")
        button.setAccessibleName(_("Print a card: {what}").format(what=what))
        button.clicked.connect(lambda _c=False, c=celebration: print_card(c))
        if privacy:
            button.setEnabled(False)
            button.setToolTip(_("Turn off the privacy screen to see or change names."))
        row.addWidget(button)
        layout.addLayout(row)
