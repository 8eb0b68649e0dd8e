"""Pages a mentor prints or saves as a PDF: what the school sees, and the pages given to a
family (a celebration card, "who to ask at your school", the supervision summary). A page
is HTML built in the language it is for; its direction follows that language, on screen
and on paper."""

from __future__ import annotations

from collections.abc import Iterable
from html import escape

from PySide6.QtCore import Qt
from PySide6.QtGui import QFontInfo, QGuiApplication, QPagedPaintDevice, QTextDocument, QTextOption
from PySide6.QtWidgets import QDialog, QHBoxLayout, QTextBrowser, QVBoxLayout, QWidget

from parentrus_desktop.gui.language import is_right_to_left
from parentrus_desktop.gui.widgets import big_button, fitting_size
from parentrus_desktop.i18n import _, current_language, pgettext


def right_to_left() -> bool:
    """Whether the language being spoken (the app's, or a family's inside
    ``i18n.speaking``) reads right to left."""
    return is_right_to_left(current_language())


def table_row(cells: Iterable[str]) -> str:
    """A table row whose cells (``<td>``/``<th>`` elements) run in the reading order of
    the language being spoken: Qt lays a table's columns out left to right whatever the
    page's direction, so an Arabic page showed a word's meaning before the word."""
    ordered = list(cells)
    return "<tr>" + "".join(reversed(ordered) if right_to_left() else ordered) + "</tr>"


#: How much larger than the text a page's title, headings and smaller headings are, in
#: points. They are paragraphs of a class, never <h1>, <h2> or <h3>: Qt sizes those from
#: the computer's own font (twice, one and a half and 1.2 times it) whatever size the
#: page gives, so a heading could print smaller than the text under it (the school
#: words' 15-point table on a computer with small type, the handout's large Arabic type).
TITLE_LARGER, HEADING_LARGER, SUBHEADING_LARGER = 7, 3, 1

_STYLE = (
    "body {{ font-size: {text}pt; }} "
    "p.title {{ font-size: {title}pt; font-weight: bold; margin-top: 0px; "
    "margin-bottom: 12px; }} "
    "p.heading {{ font-size: {heading}pt; font-weight: bold; margin-top: 14px; "
    "margin-bottom: 6px; }} "
    "p.subheading {{ font-size: {subheading}pt; font-weight: bold; margin-top: 10px; "
    "margin-bottom: 4px; }} "
)


def computer_text_size() -> float:
    """The point size of the computer's own font: a page's text unless it sets its own
    (the looks leave sizes of text to the system font)."""
    font = QGuiApplication.font()
    return font.pointSizeF() if font.pointSizeF() > 0 else QFontInfo(font).pointSizeF()


def page_heading(text: str) -> str:
    """A heading on a printable page, in the size the page sets."""
    return f'<p class="heading">{escape(text)}</p>'


def page_subheading(text: str) -> str:
    """A smaller heading (under a heading), in the size the page sets."""
    return f'<p class="subheading">{escape(text)}</p>'


def page(
    title: str, body: Iterable[str], *, text_size: float | None = None, style: str = ""
) -> str:
    """A whole printable page, built in the language being spoken. The direction is in the
    page itself, so Arabic reads right to left on screen and on paper. The page sets every
    size: its text is ``text_size`` points (the computer's font's size unless given), and
    its title and headings (``page_heading``, ``page_subheading``) are larger by as many
    points, on screen and on paper. ``style`` is more of the page's style sheet (it comes
    last, so it can change the margins). An empty title leaves the page without one."""
    direction = "rtl" if right_to_left() else "ltr"
    size = text_size or computer_text_size()
    sheet = _STYLE.format(
        text=_points(size),
        title=_points(size + TITLE_LARGER),
        heading=_points(size + HEADING_LARGER),
        subheading=_points(size + SUBHEADING_LARGER),
    )
    top = f'<p class="title">{escape(title)}</p>' if title else ""
    return (
        f"<html><head><style>{sheet}{style}</style></head>"
        f'<body dir="{direction}">{top}' + "".join(body) + "</body></html>"
    )


def _points(size: float) -> str:
    """A size for a style sheet: 9 or 9.5, never 9.000000001."""
    return f"{round(size, 1):g}"


class PrintableView(QTextBrowser):
    """A page of plain words that can go to a printer or a PDF as it is shown."""

    def __init__(self, name: str) -> None:
        super().__init__()
        self.setObjectName(name)
        self.setOpenLinks(False)

    def show_html(self, html: str, *, right_to_left_page: bool | None = None) -> None:
        """Show a page. Its direction is the language being spoken now unless told: a
        page built in a family's language is shown after that block has ended."""
        rtl = right_to_left() if right_to_left_page is None else right_to_left_page
        document = self.document()
        option = QTextOption(document.defaultTextOption())
        option.setTextDirection(
            Qt.LayoutDirection.RightToLeft if rtl else Qt.LayoutDirection.LeftToRight
        )
        document.setDefaultTextOption(option)
        self.setHtml(html)

    def print_to_pdf(self, path: str) -> None:
        """Write the page to a PDF file (for tests, and "print to file")."""
        from PySide6.QtPrintSupport import QPrinter

        printer = QPrinter(QPrinter.PrinterMode.HighResolution)
        printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
        printer.setOutputFileName(path)
        self._print_on(printer)

    def ask_and_print(self) -> None:
        from PySide6.QtPrintSupport import QPrintDialog, QPrinter

        printer = QPrinter()
        if QPrintDialog(printer, self).exec():
            self._print_on(printer)

    def _print_on(self, printer: QPagedPaintDevice) -> None:
        copy: QTextDocument = self.document().clone()
        copy.print_(printer)


class PrintableDialog(QDialog):
    """A ready page with Print and Close: what a family will be handed, shown first.
    ``title`` is the window's title and must never hold a family's name (titles leak to
    the task bar and screen sharing)."""

    def __init__(
        self,
        title: str,
        html: str,
        name: str,
        *,
        right_to_left_page: bool | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName(name)
        self.setWindowTitle(title)
        layout = QVBoxLayout(self)
        self.view = PrintableView(f"{name}-text")
        self.view.setAccessibleName(title)
        layout.addWidget(self.view, 1)
        buttons = QHBoxLayout()
        buttons.addStretch()
        self.print_button = big_button(_("Print"), f"print-{name}")
        self.print_button.clicked.connect(self.view.ask_and_print)
        close = big_button(pgettext("button", "Close"), f"close-{name}", primary=True)
        close.clicked.connect(self.accept)
        buttons.addWidget(self.print_button)
        buttons.addWidget(close)
        layout.addLayout(buttons)
        self.resize(fitting_size(self, 640, 520))
        self.view.show_html(html, right_to_left_page=right_to_left_page)
