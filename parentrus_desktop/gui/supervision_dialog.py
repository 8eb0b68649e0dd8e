"""The supervision summary: choose the month, tick whose words to include, look, print.

The page shows families by code only, and the mentor's words only for the flags ticked
here; it is printed from this laptop and sent nowhere.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from html import escape

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QFormLayout,
    QHBoxLayout,
    QListWidget,
    QListWidgetItem,
    QVBoxLayout,
    QWidget,
)

from parentrus_desktop.bidi import left_to_right
from parentrus_desktop.gui.printable import PrintableView, page, page_heading
from parentrus_desktop.gui.records import OpenRecords
from parentrus_desktop.gui.widgets import big_button, fitting_size, words
from parentrus_desktop.i18n import _, format_day, pgettext
from parentrus_desktop.operations.supervision import (
    SupervisionSummary,
    flags_in,
    months_to_choose,
    supervision_summary,
)
from parentrus_desktop.privacy.periods import Period
from parentrus_desktop.supervision_words import (
    FOOTNOTE,
    month_name,
    summary_sections,
    summary_title,
)

FLAG_ID = Qt.ItemDataRole.UserRole


def summary_page(summary: SupervisionSummary, mentor: str) -> str:
    """The summary as a printable page, in the language in use. Everything typed (the
    mentor's ticked words) is escaped: a name is never markup."""
    mentor_line = _("Mentor: {name}").format(name=mentor)
    body = [f"<p>{escape(mentor_line)}</p>"]
    for section in summary_sections(summary):
        items = []
        for number, line in enumerate(section.lines):
            item = escape(line)
            said = section.said[number] if number < len(section.said) else None
            if said:
                item += "<br/>" + escape(said).replace("\n", "<br/>")
            items.append(f"<li>{item}</li>")
        body.append(f"{page_heading(section.title)}<ul>{''.join(items)}</ul>")
    footnote = _(FOOTNOTE)
    body.append(f"<p><i>{escape(footnote)}</i></p>")
    return page(summary_title(summary), body)


class SupervisionDialog(QDialog):
    """Choose a month, tick the flags whose words go on the page, see it, print it."""

    def __init__(
        self, records: OpenRecords, today: Callable[[], date], parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setObjectName("supervision-summary-dialog")
        self.setWindowTitle(_("Supervision summary"))  # never a name or a code
        self._records = records
        self._today = today
        layout = QVBoxLayout(self)
        choices = QFormLayout()
        self.month = QComboBox()
        self.month.setObjectName("month")
        for month in months_to_choose(today()):
            self.month.addItem(month_name(month), month)
        choices.addRow(_("Month"), self.month)
        self.month.setAccessibleName(_("Month"))
        self.ticks = QListWidget()
        self.ticks.setObjectName("include-words")
        self.ticks.setAccessibleName(_("Include my words for"))
        choices.addRow(_("Include my words for"), self.ticks)
        self._choices = choices
        layout.addLayout(choices)
        self.ticks_note = words("", "include-words-note")
        layout.addWidget(self.ticks_note)
        self.view = PrintableView("supervision-summary")
        self.view.setAccessibleName(_("Supervision summary"))
        layout.addWidget(self.view, 1)
        buttons = QHBoxLayout()
        buttons.addStretch()
        self.print_button = big_button(_("Print"), "print-supervision-summary")
        self.print_button.clicked.connect(self.view.ask_and_print)
        close = big_button(pgettext("button", "Close"), "close-supervision-summary", primary=True)
        close.clicked.connect(self.accept)
        buttons.addWidget(self.print_button)
        buttons.addWidget(close)
        layout.addLayout(buttons)
        self.month.currentIndexChanged.connect(self._month_chosen)
        self.ticks.itemChanged.connect(self.show_summary)
        self.resize(fitting_size(self, 760, 720))
        self._month_chosen()

    def chosen_month(self) -> Period:
        month = self.month.currentData()
        assert isinstance(month, Period)
        return month

    def _month_chosen(self, *_index: object) -> None:
        """The month's flags, each to tick; nothing ticked to begin with."""
        self.ticks.blockSignals(True)
        self.ticks.clear()
        privacy = self._records.privacy
        for flag in flags_in(self._records.profile, self.chosen_month()):
            family = self._records.family(flag.family)
            code = family.code if family is not None else "—"
            # The code isolated, so it keeps its place in a right-to-left line.
            text = f"{left_to_right(code)} · {format_day(flag.raised_on)}"
            if not privacy:
                text += " · " + flag.words.splitlines()[0][:60]
            item = QListWidgetItem(text, self.ticks)
            item.setData(FLAG_ID, flag.id)
            if privacy:  # words are not shown, so they cannot be chosen to be printed
                item.setFlags(item.flags() & ~Qt.ItemFlag.ItemIsEnabled)
            else:
                item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
                item.setCheckState(Qt.CheckState.Unchecked)
        self.ticks.blockSignals(False)
        # As tall as its lines, up to three: the page below is what the mentor reads.
        shown = min(self.ticks.count(), 3)
        row = self.ticks.sizeHintForRow(0) if shown else 0
        self.ticks.setFixedHeight(shown * row + 2 * self.ticks.frameWidth() + 4)
        self._choices.setRowVisible(self.ticks, shown > 0)
        if self.ticks.count() == 0:
            note = _("Nothing was flagged to talk through in this month.")
        elif privacy:
            note = _("Turn off the privacy screen to include your words.")
        else:
            note = _("Tick what you want your words printed for. Unticked: the code and date only.")
        self.ticks_note.setText(note)
        self.ticks_note.setAccessibleName(note)
        self.show_summary()

    def ticked(self) -> set[str]:
        return {
            self.ticks.item(row).data(FLAG_ID)
            for row in range(self.ticks.count())
            if self.ticks.item(row).checkState() == Qt.CheckState.Checked
        }

    def show_summary(self, *_why: object) -> None:
        summary = supervision_summary(
            self._records.profile, self.chosen_month(), self.ticked(), self._today()
        )
        self.html = summary_page(summary, self._records.profile.display_name)
        self.view.show_html(self.html)
