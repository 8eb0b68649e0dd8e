"""Every printed page's title and headings are in the sizes the page sets, larger than its
text, in English and in Arabic, read as Qt lays them out in the copy that goes to the
printer: not <h1>-<h3>, which Qt sizes from the computer's own font whatever the page
says (the school words' 15-point text came out larger than their title on a computer
with small type). And each prints black on white in the dark and high-contrast looks."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass, replace
from pathlib import Path

import pytest
from helpers.printed_pdf import ink
from PySide6.QtGui import QFont
from PySide6.QtWidgets import QApplication
from test_gui_family_handout import text_pieces
from test_gui_school_report_languages import LANGUAGES, PRIVACY, RIVERSIDE, TODAY, _roma_family

from parentrus_desktop import i18n
from parentrus_desktop.gui.glossary import GLOSSARY_TYPE, glossary_html
from parentrus_desktop.gui.printable import (
    HEADING_LARGER,
    SUBHEADING_LARGER,
    TITLE_LARGER,
    PrintableView,
)
from parentrus_desktop.gui.school_pages import family_counted_html, next_reports_html
from parentrus_desktop.gui.supervision_dialog import summary_page
from parentrus_desktop.gui.theme import apply_theme
from parentrus_desktop.gui.who_to_ask import who_to_ask_html
from parentrus_desktop.i18n import _
from parentrus_desktop.operations.supervision import month_of, supervision_summary
from parentrus_desktop.privacy.dp_noise import BeforeNoise
from parentrus_desktop.privacy.report import PreparedRecords
from parentrus_desktop.privacy.what_is_sent import (
    SchoolTerms,
    next_reports,
    what_of_family_is_counted,
)
from parentrus_desktop.report_words import breakdown_title, period_name
from parentrus_desktop.supervision_words import summary_sections, summary_title

#: The computer's font in these tests: small type, as on many laptops.
COMPUTER_TYPE = 9.0


@dataclass(frozen=True)
class Printed:
    """A page as built, and the texts of its title, headings and smaller headings in the
    language it is in (worked out apart from the page, from the same words)."""

    html: str
    right_to_left: bool
    title: str
    headings: tuple[str, ...]
    subheadings: tuple[str, ...] = ()
    text_size: float = COMPUTER_TYPE


def who_to_ask(language: str) -> Printed:
    family, _records = _roma_family()
    family = replace(family, languages=(language,))
    html, rtl = who_to_ask_html(family, [RIVERSIDE])
    with i18n.speaking([language]):
        title = _("Who to ask at your school")
    return Printed(html, rtl, title, (RIVERSIDE.name,))


def supervision(language: str) -> Printed:
    _family, records = _roma_family()
    summary = supervision_summary(records, month_of(TODAY), today=TODAY)
    sections = tuple(section.title for section in summary_sections(summary))
    return Printed(
        summary_page(summary, "Hodan"), language == "ar", summary_title(summary), sections
    )


def school_will_see(language: str) -> Printed:
    _family, records = _roma_family()
    (report,) = next_reports(
        PreparedRecords(records), [SchoolTerms(RIVERSIDE, LANGUAGES)], TODAY, BeforeNoise()
    )
    assert report.report is not None
    totals = report.report["totals"]
    return Printed(
        next_reports_html([report], PRIVACY, TODAY),
        language == "ar",
        _("What the school will see"),
        (
            _("{school}: the report for {period}").format(
                school=RIVERSIDE.name, period=period_name(report.period)
            ),
            _("How private this is for each family"),
        ),
        # A breakdown of several numbers has a table of its own, under its name.
        (
            _("The main numbers"),
            *(breakdown_title(name) for name in totals if len(totals[name]) > 1),
        ),
    )


def counted_for_a_family(language: str) -> Printed:
    family, records = _roma_family()
    terms = {RIVERSIDE.id: SchoolTerms(RIVERSIDE, LANGUAGES)}
    counted = what_of_family_is_counted(PreparedRecords(records), family, TODAY, terms)
    (at_school,) = counted.schools
    return Printed(
        family_counted_html(family.code, counted, PRIVACY),
        language == "ar",
        _("What is counted for {family}").format(family=family.code),
        (
            _("Counted in the totals for {period} for {school}").format(
                period=period_name(at_school.period), school=RIVERSIDE.name
            ),
            _("How private this is for each family"),
        ),
    )


def school_words(language: str) -> Printed:
    html, rtl = glossary_html([language], [], ["word:SENCO"])
    with i18n.speaking([language]):
        title = _("School words")
    return Printed(html, rtl, title, (), text_size=GLOSSARY_TYPE)


PAGES: dict[str, Callable[[str], Printed]] = {
    "who-to-ask": who_to_ask,
    "supervision": supervision,
    "school-will-see": school_will_see,
    "counted-for-a-family": counted_for_a_family,
    "school-words": school_words,
}


@pytest.fixture
def computer_font(qapp: QApplication) -> Iterator[Callable[[float], None]]:
    """Sets the computer's font to a size; afterwards, the font other tests run with."""
    before = QFont(qapp.font())

    def set_size(points: float) -> None:
        font = QFont(before)
        font.setPointSizeF(points)
        qapp.setFont(font)

    set_size(COMPUTER_TYPE)
    yield set_size
    qapp.setFont(before)


@pytest.fixture
def in_language(request: pytest.FixtureRequest) -> Iterator[str]:
    language: str = request.param
    i18n.set_language(language)
    try:
        yield language
    finally:
        i18n.set_language("en")


def as_printed(printed: Printed) -> PrintableView:
    view = PrintableView("printed")
    view.show_html(printed.html, right_to_left_page=printed.right_to_left)
    return view


@pytest.mark.parametrize("in_language", ["en", "ar"], indirect=True)
@pytest.mark.parametrize("name", PAGES)
def test_the_title_and_headings_print_in_the_sizes_the_page_sets(
    computer_font: Callable[[float], None], in_language: str, name: str
) -> None:
    printed = PAGES[name](in_language)
    view = as_printed(printed)
    # The copy that goes to the printer, as Qt lays it out (the font's size, not the
    # size asked for).
    pieces = text_pieces(view.document().clone())
    text = printed.text_size
    assert pieces[0] == (printed.title, text + TITLE_LARGER), pieces[0]
    found = {piece for piece, _size in pieces}
    for heading in printed.headings:
        assert heading in found, heading
    for subheading in printed.subheadings:
        assert subheading in found, subheading
    for piece, size in pieces[1:]:
        if piece in printed.headings:
            assert size == text + HEADING_LARGER, (piece, size)
        elif piece in printed.subheadings:
            assert size == text + SUBHEADING_LARGER, (piece, size)
        else:
            assert size == text, (piece, size)
    view.deleteLater()


@pytest.mark.parametrize("in_language", ["en", "ar"], indirect=True)
def test_the_school_words_title_is_larger_than_their_text_on_a_computer_with_small_type(
    computer_font: Callable[[float], None], in_language: str
) -> None:
    """The school words are in 15-point type: Qt made the <h1> twice the computer's font,
    so on a 7-point computer the title printed smaller than the words under it."""
    computer_font(7)
    printed = school_words(in_language)
    view = as_printed(printed)
    pieces = text_pieces(view.document().clone())
    view.deleteLater()
    title, *rest = pieces
    assert title[0] == printed.title
    assert title[1] >= max(size for _piece, size in rest) + TITLE_LARGER, pieces


@pytest.fixture
def look(qapp: QApplication) -> Iterator[Callable[[str], None]]:
    """Switches the whole app to a look; afterwards, the look other tests run in."""
    sheet, palette = qapp.styleSheet(), qapp.palette()
    yield apply_theme
    qapp.setStyleSheet(sheet)
    qapp.setPalette(palette)


@pytest.mark.parametrize("name", PAGES)
def test_each_printed_page_prints_black_on_white_in_the_dark_and_high_contrast_looks(
    computer_font: Callable[[float], None],
    look: Callable[[str], None],
    tmp_path: Path,
    name: str,
) -> None:
    """On screen these looks have light text; on paper the text is black, as in the light
    look (light text would print a blank page). Nothing is printed lighter than the
    tables' grey edges."""
    inks = {}
    for theme in ("light", "dark", "high_contrast"):
        look(theme)
        view = as_printed(PAGES[name]("en"))
        pdf = tmp_path / f"{name}-{theme}.pdf"
        view.print_to_pdf(str(pdf))
        inks[theme] = ink(pdf)
        view.deleteLater()
    for theme in ("dark", "high_contrast"):
        assert inks[theme] == inks["light"], (theme, inks)
        assert (0.0, 0.0, 0.0) in inks[theme]
        assert all(min(colour) < 0.8 for colour in inks[theme]), inks[theme]
