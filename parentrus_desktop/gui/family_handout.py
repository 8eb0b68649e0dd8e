"""The one page a mentor gives a family, in the family's language and in large type: who
the mentor is, what the mentor keeps and where, what the school sees (the privacy limit
as the school's reports state it), the family's rights, and the consent words with their
version. It holds no family data: the family code only when the mentor asks for it."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from html import escape

from PySide6.QtCore import QMarginsF, QRectF, Qt
from PySide6.QtGui import (
    QAbstractTextDocumentLayout,
    QPageLayout,
    QPageSize,
    QPainter,
    QTextDocument,
    QTextOption,
)
from PySide6.QtPrintSupport import QPrintDialog, QPrinter
from PySide6.QtWidgets import QCheckBox, QComboBox, QHBoxLayout, QLabel, QVBoxLayout, QWidget

from parentrus_desktop.bidi import isolated, left_to_right
from parentrus_desktop.domain import Family, School
from parentrus_desktop.domain.consent import Consent
from parentrus_desktop.domain.consent_words import consent_words, words_given_with
from parentrus_desktop.domain.school_staff import schools_of
from parentrus_desktop.domain.vocabulary import ConsentScope
from parentrus_desktop.gui.language import available_languages, is_right_to_left, native_name
from parentrus_desktop.gui.operation import Problem, run_operation
from parentrus_desktop.gui.printable import (
    PrintableDialog,
    PrintableView,
    page,
    page_heading,
    right_to_left,
)
from parentrus_desktop.gui.records import OpenRecords
from parentrus_desktop.gui.theme import printing_palette
from parentrus_desktop.gui.widgets import fitting_size, words
from parentrus_desktop.i18n import _, current_language, has_catalog, speaking
from parentrus_desktop.operations.reports import YearlyPrivacy, yearly_privacy
from parentrus_desktop.report_words import epsilon_words, one_in

#: The consent words on the page: the two every family is asked about. Speaking to the
#: school and a referral are asked only when they come up, with their own words then.
SCOPES = (ConsentScope.NOTES_KEPT, ConsentScope.COUNTED)

#: Large type: a parent reads it at home, perhaps without glasses. Arabic script looks
#: smaller than Latin at the same size, so right-to-left pages start two points larger
#: (see one_page: the type is made smaller only as far as one page needs). The title and
#: headings are larger by as many points as on every printed page (``page`` sets them);
#: the margins are small, so the page fits on one sheet.
_STYLE = (
    "p { margin-top: 2px; margin-bottom: 2px; } ul { margin-top: 0px; margin-bottom: 0px; } "
    "p.title { margin-top: 0px; margin-bottom: 4px; } "
    "p.heading { margin-top: 8px; margin-bottom: 0px; } "
    "li { margin-bottom: 0px; }"
)


@dataclass(frozen=True)
class HandoutFacts:
    """What the page says that is not the same for everyone: the mentor's name as the
    profile shows it, and the privacy figures of the schools it is about (``yearly_privacy``,
    the figures "What the school will see" states)."""

    mentor: str
    privacy: tuple[YearlyPrivacy, ...]
    #: The version of the words read to this family for each scope (its latest consent
    #: record); a scope missing here was not read to them (or the page is for no family).
    heard: tuple[tuple[ConsentScope, str], ...] = ()


def handout_facts(records: OpenRecords, family: Family | None, today: date) -> HandoutFacts:
    """The facts for the page (off the UI thread: it opens the outbox). The privacy is
    that of the family's schools, or of every school in the list when none is known."""
    profile = records.profile
    privacy = yearly_privacy(profile, today).result
    schools = profile.all(School)
    theirs = [s.id for s in schools_of(family, schools)] if family is not None else []
    chosen = [privacy[i] for i in theirs if i in privacy] or list(privacy.values())
    return HandoutFacts(profile.display_name, tuple(chosen), heard_versions(records, family))


def heard_versions(
    records: OpenRecords, family: Family | None
) -> tuple[tuple[ConsentScope, str], ...]:
    """For each scope on the page, the version of the words last read to the family."""
    if family is None:
        return ()
    given = sorted(
        (r for r in records.profile.about_family(family.id) if isinstance(r, Consent)),
        key=lambda consent: consent.given_on,
    )
    latest = {consent.scope: consent.wording_version for consent in given}
    return tuple((scope, latest[scope]) for scope in SCOPES if scope in latest)


def _p(text: str, style: str = "") -> str:
    return f"<p><{style}>{escape(text)}</{style}></p>" if style else f"<p>{escape(text)}</p>"


def _list(items: Iterable[str]) -> str:
    return "<ul>" + "".join(f"<li>{escape(item)}</li>" for item in items) + "</ul>"


def privacy_sentence(privacy: Iterable[YearlyPrivacy]) -> str:
    """The privacy limit in a parent's words, with the figures the school's page states
    (``epsilon_words``, ``one_in`` of the reports' plan): the largest when schools differ."""
    figures = list(privacy)
    if not figures:
        return _("Right now your mentor sends no numbers to any school.")
    epsilon = max(figures, key=lambda p: p.epsilon_year).epsilon_year
    delta = max(p.delta for p in figures)
    text = (
        _(
            "In a school year, the numbers can say only a little about one family, however "
            "often you meet. Experts call this limit ε (epsilon): here it is {epsilon}, with "
            "a one in {one_in} chance that it does not hold. Smaller is safer."
        )
        if len({p.epsilon_year for p in figures}) == 1
        else _(
            "In a school year, the numbers can say only a little about one family, however "
            "often you meet. Experts call this limit ε (epsilon): here it is {epsilon} or "
            "less, with a one in {one_in} chance that it does not hold. Smaller is safer."
        )
    )
    return text.format(epsilon=epsilon_words(epsilon), one_in=one_in(delta))


def _aside() -> str:
    """How a line about the page is set apart: in italics, but not in a right-to-left
    script, whose letters are not slanted (a slant made up by the printer reads badly)."""
    return "" if right_to_left() else "i"


def _consent_words(
    scope: ConsentScope, common: Iterable[str], heard: dict[ConsentScope, str]
) -> list[str]:
    """The words for this scope: the version read to the family when there is one (and the
    app still has it), else today's, said as the words the mentor reads. The sentences
    every scope ends with (``common``) are said once, with the family's rights."""
    version = heard.get(scope)
    said = words_given_with(scope, version) if version else None
    if said is None:
        said = consent_words(scope)
        intro = _("The words your mentor reads to families:")
    else:
        intro = _("The words your mentor read to you (version {version}):").format(
            version=left_to_right(said.version)
        )
    left_out = set(common)
    return [_p(intro, _aside()), _list(_(s) for s in said.sentences if s not in left_out)]


def _common_sentences() -> list[str]:
    """The sentences every scope on the page ends with: the family's own rights."""
    said = [consent_words(scope) for scope in SCOPES]
    return [s for s in said[0].sentences if all(s in w.sentences for w in said)]


def _body_size(right_to_left_page: bool) -> int:
    return 15 if right_to_left_page else 14


def handout_html(
    facts: HandoutFacts, language: str, code: str | None = None, *, body_size: int | None = None
) -> tuple[str, str]:
    """(the page, the language it is in): ``language`` if the app has words in it, else
    the mentor's. ``code`` is the family code, put on only when the mentor asks. What is
    kept and what the school sees are said in the consent words themselves, so the page
    and what was read out can never disagree."""
    common = _common_sentences()
    with speaking([language]) as used:
        body: list[str] = []
        if code:
            body.append(
                _p(
                    _("Your family code: {code}. Your mentor uses it instead of your name.").format(
                        code=left_to_right(code)
                    ),
                    "b",
                )
            )
        body += [
            _p(
                _("Your mentor is {name}, a parent who helps families with school.").format(
                    name=isolated(facts.mentor)
                ),
                "b",
            ),
            page_heading(_("What your mentor keeps, and where")),
            *_consent_words(ConsentScope.NOTES_KEPT, common, dict(facts.heard)),
            page_heading(_("What the school sees")),
            *_consent_words(ConsentScope.COUNTED, common, dict(facts.heard)),
            _p(privacy_sentence(facts.privacy)),
            page_heading(_("Your rights")),
            _list(
                (
                    _("To see everything your mentor keeps about your family."),
                    _("To have it all deleted, for good."),
                    _(
                        "To say \u201cdon't count us\u201d: then your family is left out of "
                        "every number the school gets."
                    ),
                    *(_(s) for s in common),
                )
            ),
            _p(_("Keep this page. If you have a question, ask your mentor."), _aside()),
        ]
        body_size = body_size or _body_size(right_to_left())
        html = page(_("Your mentor and your information"), body, text_size=body_size, style=_STYLE)
        return html, used


def first_language(family: Family | None, asked: str | None = None) -> str:
    """The language the page starts in: the one asked for (the consent form's), else the
    family's first the app has words for, else the mentor's."""
    spoken = [asked] if asked else []
    if family is not None:
        spoken += list(family.languages)
    return next((tag for tag in spoken if has_catalog(tag)), current_language())


#: The smallest body type the page is made in (a letter is usually 10 or 11 points).
SMALLEST_TYPE = 12

#: The paper and its margins: A4 whatever the printer's default, with margins every
#: printer can print to, and no page numbers (there is one page).
MARGIN_MM = 15


def _on_a4(document: QTextDocument, printer: QPrinter) -> tuple[QTextDocument, QRectF]:
    """A copy of the page laid out on the printer's A4 paper, and the area it prints in."""
    printer.setPageSize(QPageSize(QPageSize.PageSizeId.A4))
    printer.setPageMargins(
        QMarginsF(MARGIN_MM, MARGIN_MM, MARGIN_MM, MARGIN_MM), QPageLayout.Unit.Millimeter
    )
    copy = document.clone()
    copy.documentLayout().setPaintDevice(printer)
    area = printer.pageRect(QPrinter.Unit.DevicePixel)
    frame = copy.rootFrame().frameFormat()
    frame.setMargin(0)
    copy.rootFrame().setFrameFormat(frame)
    copy.setPageSize(area.size())
    return copy, area


def pages_on_a4(html: str, *, right_to_left_page: bool) -> int:
    """How many A4 pages this page takes when printed (laid out, nothing written)."""
    document = QTextDocument()
    option = QTextOption(document.defaultTextOption())
    option.setTextDirection(
        Qt.LayoutDirection.RightToLeft if right_to_left_page else Qt.LayoutDirection.LeftToRight
    )
    document.setDefaultTextOption(option)
    document.setHtml(html)
    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
    return _on_a4(document, printer)[0].pageCount()


def laid_out_on_a4(document: QTextDocument) -> tuple[QTextDocument, QRectF, QPrinter]:
    """A copy of the page laid out as ``print_pdf`` prints it, the area it prints in on
    the paper, and the printer (its resolution and paper): for a picture of the page."""
    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
    copy, area = _on_a4(document, printer)
    return copy, area, printer


def draw_page(copy: QTextDocument, area: QRectF, number: int, painter: QPainter) -> None:
    """Draw one page of a laid-out copy. The text is black whatever the app's look: the
    default is the look's text colour, and the dark and high-contrast looks' white text
    printed a blank page on white paper (QTextDocument.print_ does the same)."""
    height = area.height()
    context = QAbstractTextDocumentLayout.PaintContext()
    context.palette = printing_palette(context.palette)
    context.clip = QRectF(0, number * height, area.width(), height)
    painter.save()
    painter.translate(0, -number * height)
    painter.setClipRect(context.clip)
    copy.documentLayout().draw(painter, context)
    painter.restore()


def print_page(document: QTextDocument, printer: QPrinter) -> int:
    """Lay the page out on the printer's own A4 paper and print it; returns the number
    of pages (one, when the handout fits as it should)."""
    copy, area = _on_a4(document, printer)
    painter = QPainter(printer)
    try:
        for number in range(copy.pageCount()):
            if number:
                printer.newPage()
            draw_page(copy, area, number, painter)
    finally:
        painter.end()
    return copy.pageCount()


def one_page(facts: HandoutFacts, language: str, code: str | None = None) -> tuple[str, str]:
    """The handout in the largest type that fits on one A4 page, down to SMALLEST_TYPE:
    the fonts a computer has decide how tall a line of Arabic is."""
    size = None
    while True:
        html, used = handout_html(facts, language, code, body_size=size)
        size = _body_size(is_right_to_left(used)) if size is None else size
        if (
            size <= SMALLEST_TYPE
            or pages_on_a4(html, right_to_left_page=is_right_to_left(used)) == 1
        ):
            return html, used
        size -= 1


def print_pdf(view: PrintableView, path: str) -> int:
    """Write the page to a PDF file (for tests, and "print to file"); returns its pages."""
    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
    printer.setOutputFileName(path)
    return print_page(view.document(), printer)


class HandoutDialog(PrintableDialog):
    """The handout, shown first, with the language it is in and whether the family code
    is on it. Its window title names no family."""

    def __init__(
        self,
        records: OpenRecords,
        family: Family | None,
        today: date,
        parent: QWidget | None = None,
        *,
        language: str | None = None,
    ) -> None:
        title = _("Handout for the family")
        super().__init__(
            title, page(title, [escape(_("Working…"))]), "family-handout", parent=parent
        )
        self._family = family
        self.facts: HandoutFacts | None = None
        #: The language the page is in now.
        self.language = first_language(family, language)
        choices = QHBoxLayout()
        self.language_box = QComboBox()
        self.language_box.setObjectName("handout-language")
        for tag, name in available_languages():
            self.language_box.addItem(name, tag)
        index = self.language_box.findData(self.language)
        self.language_box.setCurrentIndex(max(index, 0))
        caption = QLabel(_("Language of the page"))
        caption.setBuddy(self.language_box)
        choices.addWidget(caption)
        choices.addWidget(self.language_box, 1)
        self.with_code = QCheckBox(_("Put the family code on it"))
        self.with_code.setObjectName("handout-with-code")
        self.with_code.setChecked(False)  # off: the page may be left lying about
        self.with_code.setVisible(family is not None)
        choices.addWidget(self.with_code)
        layout = self.layout()
        assert isinstance(layout, QVBoxLayout)
        layout.insertLayout(0, choices)
        if (
            family is not None
            and family.languages
            and not any(has_catalog(t) for t in family.languages)
        ):
            asked = ", ".join(isolated(native_name(t)) for t in family.languages)
            layout.insertWidget(
                0,
                words(
                    _(
                        "The app has no words in {languages} yet: choose the page's language."
                    ).format(languages=asked),
                    "handout-no-language",
                ),
            )
        self.language_box.currentIndexChanged.connect(self._show)
        self.with_code.toggled.connect(self._show)
        self.print_button.clicked.disconnect()
        self.print_button.clicked.connect(self.ask_and_print)
        self.print_button.setEnabled(False)  # until the page is ready
        self.resize(fitting_size(self, 760, 640))
        self.operation = run_operation(
            self,
            lambda: handout_facts(records, family, today),
            self._ready,
            self._trouble,
            records=records,
        )

    def _ready(self, facts: HandoutFacts) -> None:
        self.facts = facts
        self.print_button.setEnabled(True)
        self._show()

    def _trouble(self, _problem: Problem) -> None:
        self.view.show_html(
            page(
                _("Handout for the family"),
                [
                    escape(
                        _(
                            "The page could not be made just now. Please try again, or "
                            "lock the app and open it again."
                        )
                    )
                ],
            )
        )

    def _show(self, *_why: object) -> None:
        if self.facts is None:
            return
        code = self._family.code if self._family and self.with_code.isChecked() else None
        html, self.language = one_page(self.facts, self.language_box.currentData(), code)
        self.view.show_html(html, right_to_left_page=is_right_to_left(self.language))

    def ask_and_print(self) -> None:
        printer = QPrinter()
        printer.setPageSize(QPageSize(QPageSize.PageSizeId.A4))
        if QPrintDialog(printer, self).exec():
            print_page(self.view.document(), printer)

    def print_to_pdf(self, path: str) -> int:
        return print_pdf(self.view, path)
