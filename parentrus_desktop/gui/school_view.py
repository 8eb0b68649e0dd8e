"""What the school will see: the next report for each school, and what of one family is
counted, shown in plain words (``school_pages``) and printable, so a mentor can go
through it with the family."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from html import escape

from PySide6.QtCore import Qt
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import (
    QDialog,
    QHBoxLayout,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from parentrus_desktop.domain import Family
from parentrus_desktop.gui.operation import Problem, run_operation
from parentrus_desktop.gui.printable import PrintableView, page
from parentrus_desktop.gui.records import OpenRecords
from parentrus_desktop.gui.reports_list import SendingPanel
from parentrus_desktop.gui.school_pages import (
    family_counted_html,
    next_reports_html,
    trouble_page,
)
from parentrus_desktop.gui.sync_sender import SyncSender
from parentrus_desktop.gui.widgets import big_button, fitting_size, words
from parentrus_desktop.i18n import _, pgettext
from parentrus_desktop.operations.reports import (
    YearlyPrivacy,
    preview_next_reports,
    what_is_counted,
    yearly_privacy,
)
from parentrus_desktop.privacy.what_is_sent import NextReport


class SchoolPage(QWidget):
    """Sending to each school (its reports and their state), then the next report for each
    school, built off the UI thread when the page is shown."""

    def __init__(
        self, records: OpenRecords, today: Callable[[], date], sender: SyncSender | None = None
    ) -> None:
        super().__init__()
        self.setObjectName("school-page")
        self.setAccessibleName(_("What the school will see"))
        self._records = records
        self._today = today
        self._stale = True
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        # The mentor can give more room to either part; both scroll.
        split = QSplitter(Qt.Orientation.Vertical)
        split.setChildrenCollapsible(False)
        outer.addWidget(split)
        self.sending: SendingPanel | None = None
        if sender is not None:
            self.sending = SendingPanel(records, sender)
            split.addWidget(self.sending)
        report_part = QWidget()
        split.addWidget(report_part)
        # The reports' states first, short (they scroll); the report, which a mentor reads
        # through with a family, gets the larger part of a 768-pixel-high screen.
        split.setSizes([300, 460])
        layout = QVBoxLayout(report_part)
        # The page's title is inside the printable view, so it is on paper too.
        top = QHBoxLayout()
        top.addWidget(
            words(
                _(
                    "Go through this with a family in their language: it is everything the "
                    "school will get from your work, and nothing else."
                )
            ),
            1,
        )
        self.print_button = big_button(_("Print"), "print-school-report")
        self.print_button.setAccessibleName(_("Print what the school will see"))
        top.addWidget(self.print_button)
        layout.addLayout(top)
        self.view = PrintableView("school-report")
        self.view.setAccessibleName(_("What the school will see"))
        layout.addWidget(self.view, 1)
        self.print_button.clicked.connect(self.view.ask_and_print)
        # Bound methods, not lambdas: Qt drops the connection when this page is deleted.
        records.changed.connect(self._mark_stale)
        if sender is not None:
            # A run may have sealed the next report: the one after it is next now.
            sender.state_changed.connect(self._mark_stale)

    def _mark_stale(self, *_why: object) -> None:
        self._stale = True
        if self.isVisible():
            self.refresh()

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        if self._stale:
            self.refresh()

    def refresh(self) -> None:
        """Build the reports in the background; show them when they are ready."""
        self._stale = False
        profile, today = self._records.profile, self._today()

        def work() -> tuple[list[NextReport], dict[str, YearlyPrivacy], date]:
            # The same reports the outbox seals: each school's own terms, not a default.
            reports = preview_next_reports(profile, today).result
            return reports, yearly_privacy(profile, today).result, today

        self.view.show_html(page(_("What the school will see"), [escape(_("Working…"))]))
        run_operation(self, work, self._show, self._trouble, records=self._records)

    def _show(self, built: tuple[list[NextReport], dict[str, YearlyPrivacy], date]) -> None:
        self.view.show_html(next_reports_html(*built))

    def _trouble(self, _problem: Problem) -> None:
        self.view.show_html(trouble_page(_("What the school will see")))


class FamilyCountedDialog(QDialog):
    """What of one family is counted, with a Print button."""

    def __init__(
        self, records: OpenRecords, family: Family, today: date, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setObjectName("family-counted")
        self.setWindowTitle(_("What is counted"))  # never the family's name: titles leak
        layout = QVBoxLayout(self)
        self.view = PrintableView("family-counted-text")
        self.view.setAccessibleName(_("What is counted"))
        layout.addWidget(self.view, 1)
        buttons = QHBoxLayout()
        buttons.addStretch()
        print_button = big_button(_("Print"), "print-family-counted")
        print_button.clicked.connect(self.view.ask_and_print)
        close = big_button(pgettext("button", "Close"), "close-family-counted", primary=True)
        close.clicked.connect(self.accept)
        buttons.addWidget(print_button)
        buttons.addWidget(close)
        layout.addLayout(buttons)
        self.resize(fitting_size(self, 640, 520))
        self._records = records
        who, profile = records.family_label(family), records.profile
        self.view.show_html(page(_("What is counted"), [escape(_("Working…"))]))

        def work() -> str:
            # Under each school's own terms (its connection's policy), as the reports are.
            counted = what_is_counted(profile, family, today).result
            return family_counted_html(who, counted, yearly_privacy(profile, today).result)

        self.operation = run_operation(self, work, self._show, self._trouble, records=records)

    def _show(self, html: str) -> None:
        self.view.show_html(html)

    def _trouble(self, _problem: Problem) -> None:
        self.view.show_html(trouble_page(_("What is counted")))
