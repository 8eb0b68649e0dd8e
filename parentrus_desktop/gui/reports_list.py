"""Sending to the school: for each school its connection, its reports and their state, with
"Sync now", "Save reports to a file" and a plain banner when a school has disconnected."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QFileDialog,
    QHBoxLayout,
    QListWidget,
    QListWidgetItem,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from parentrus_desktop.domain import School
from parentrus_desktop.gui.operation import Problem, run_operation
from parentrus_desktop.gui.records import OpenRecords
from parentrus_desktop.gui.sync_sender import SyncSender, SyncState
from parentrus_desktop.gui.sync_words import day_in_words, saved_words, state_words
from parentrus_desktop.gui.widgets import FieldProblem, big_button, heading, words
from parentrus_desktop.i18n import _, format_time
from parentrus_desktop.operations import Done
from parentrus_desktop.operations.reports import save_reports_to_file
from parentrus_desktop.outbox.connection import SchoolConnection
from parentrus_desktop.outbox.outbox import OutboxEntry, ReportState
from parentrus_desktop.privacy.periods import Period, period_named
from parentrus_desktop.report_words import period_name

BUNDLE_SUFFIX = ".parentrus-reports"


def _period_words(period: Period | str) -> str:
    return period_name(period if isinstance(period, Period) else period_named(period))


def report_line(entry: OutboxEntry, *, stopped: bool = False) -> str:
    """One report as a line, such as "November 2026: Waiting to be sent". ``stopped``: the
    school disconnected this laptop, so a report still on its way will not be sent."""
    state = state_words(entry)
    if stopped and entry.state in (ReportState.WAITING, ReportState.SENT):
        state = _("Not sent: the school has disconnected this laptop")
    return _("{period}: {state}").format(period=_period_words(entry.period), state=state)


def connection_words(school_name: str, connection: SchoolConnection | None) -> str:
    if connection is None:
        return _(
            "Not connected yet. Nothing is sent to this school until you connect this "
            "laptop to it, with the invitation the school gives you."
        )
    if connection.revoked:
        return _(
            "{school} has disconnected this laptop, so no more reports are sent there. If "
            "that is a mistake, ask the school's coordinator for a new invitation."
        ).format(school=school_name)
    return _("Connected since {day}.").format(day=day_in_words(connection.connected))


class SendingPanel(QWidget):
    """The buttons, then each school's part, rebuilt from the sender's state after every
    run; asks the workspace to connect."""

    #: Fires with the School to connect (or None to connect to a school not listed).
    connect_requested = Signal(object)

    def __init__(self, records: OpenRecords, sender: SyncSender) -> None:
        super().__init__()
        self.setObjectName("sending-panel")
        self.setAccessibleName(_("Sending reports to the school"))
        self._records = records
        self._sender = sender
        #: The list of reports shown for each school, by school id (for tests).
        self.lists: dict[str, QListWidget] = {}
        #: The banner shown for each school that disconnected this laptop.
        self.banners: dict[str, QWidget] = {}
        self.last_saved: Path | None = None
        self.sync_button = big_button(_("Sync now"), "sync-now", primary=True)
        self.sync_button.setToolTip(_("Send every report that is waiting, now"))
        self.sync_button.clicked.connect(sender.sync_now)
        self.save_button = big_button(_("Save reports to a file…"), "save-reports")
        self.save_button.setToolTip(
            _("For a school with no internet: save the reports on a USB stick and take it there")
        )
        self.save_button.clicked.connect(self.choose_file)
        self.connect_button = big_button(_("Connect to a school…"), "connect-school")
        self.connect_button.clicked.connect(lambda: self.connect_requested.emit(None))
        self.status = words("", "sync-status")
        self.notice = FieldProblem()
        self.notice.setObjectName("notice")
        self.problem = FieldProblem()
        layout = QVBoxLayout(self)
        layout.addWidget(heading(_("Sending reports to the school"), "section"))
        row = QHBoxLayout()
        row.addWidget(self.sync_button)
        row.addWidget(self.save_button)
        row.addWidget(self.connect_button)
        row.addStretch()
        layout.addLayout(row)
        layout.addWidget(self.status)
        layout.addWidget(self.notice)
        layout.addWidget(self.problem)
        self.schools = QScrollArea()
        self.schools.setObjectName("schools-sending")
        self.schools.setWidgetResizable(True)
        layout.addWidget(self.schools, 1)
        # Bound methods, not lambdas: Qt drops the connection when this panel is deleted.
        sender.state_changed.connect(self.show_state)
        sender.busy_changed.connect(self._busy)
        self.show_state(sender.state)
        self._busy(sender.busy)

    def show_state(self, state: SyncState) -> None:
        if self._records.profile.is_locked:
            return
        page = QWidget()
        layout = QVBoxLayout(page)
        self.problem.say(state.problem)
        self.lists, self.banners = {}, {}
        shown = [(s.id, s.name) for s in state.schools]
        known = {school_id for school_id, _name in shown}
        shown += [
            (c.school_id, c.school_name) for c in state.connections if c.school_id not in known
        ]
        if not shown:
            layout.addWidget(
                words(_("There is no school in your list yet, so nothing will be sent."), "empty")
            )
        by_id = {s.id: s for s in state.schools}
        for school_id, name in shown:
            self._school(layout, state, school_id, name, by_id.get(school_id))
        layout.addStretch()
        old = self.schools.takeWidget()
        if old is not None:
            old.deleteLater()
        self.schools.setWidget(page)

    def _school(
        self,
        layout: QVBoxLayout,
        state: SyncState,
        school_id: str,
        name: str,
        school: School | None,
    ) -> None:
        layout.addWidget(heading(name, "section"))
        connection = state.connection_for(school_id)
        status = words(connection_words(name, connection), "connection-status")
        if connection is not None and connection.revoked:
            status.setObjectName("problem")  # the banner: red, so it is not missed
            self.banners[school_id] = status
        layout.addWidget(status)
        if connection is None or connection.revoked:
            again = big_button(_("Connect to {school}…").format(school=name), "connect-this-school")
            again.clicked.connect(lambda _c=False, s=school: self.connect_requested.emit(s))
            holder = QHBoxLayout()
            holder.addWidget(again)
            holder.addStretch()
            layout.addLayout(holder)
        entries = state.entries_for(school_id)
        if not entries and connection is None:
            return  # reports are made only for a connected school: nothing to list
        if not entries:
            monthly = connection is not None and connection.monthly
            layout.addWidget(
                words(
                    _("No reports yet. A report is made a few days after each month ends.")
                    if monthly
                    else _("No reports yet. A report is made a few days after each term ends."),
                    "empty",
                )
            )
            return
        reports = QListWidget()
        reports.setObjectName("reports-list")
        reports.setAccessibleName(_("Reports for {school}").format(school=name))
        reports.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        stopped = connection is not None and connection.revoked
        for entry in entries:
            QListWidgetItem(report_line(entry, stopped=stopped), reports)
        # As tall as its lines (up to six), so the page does not scroll inside a scroll.
        rows = sum(reports.sizeHintForRow(i) for i in range(min(len(entries), 6)))
        reports.setFixedHeight(rows + 2 * reports.frameWidth() + 8)
        self.lists[school_id] = reports
        layout.addWidget(reports)

    def _busy(self, busy: bool) -> None:
        self.sync_button.setEnabled(not busy)
        if busy:
            self._say(_("Sending…"))
        elif self._sender.runs and self._sender.state.connections:
            self._say(_("Last tried at {time}.").format(time=format_time(datetime.now())))
        else:
            self._say("")  # nothing was tried: no school is connected

    def _say(self, message: str) -> None:
        self.status.setText(message)
        self.status.setAccessibleName(message)

    # -- saving to a file ----------------------------------------------------------

    def choose_file(self) -> None:
        picked, _filter = QFileDialog.getSaveFileName(
            self,
            _("Save reports to a file"),
            "school-reports" + BUNDLE_SUFFIX,
            _("Reports for a school") + f" (*{BUNDLE_SUFFIX})",
        )
        if picked:
            self.save_to(Path(picked))

    def save_to(self, path: Path) -> None:
        """Write every report not yet received to this file, off the UI thread."""
        profile = self._records.profile
        self.save_button.setEnabled(False)

        def saved(done: Done[int]) -> None:
            self.save_button.setEnabled(True)
            self.last_saved = path
            self.notice.setObjectName("notice")
            self.notice.say(saved_words(done.result, path.name))

        def not_saved(problem: Problem) -> None:
            self.save_button.setEnabled(True)
            self.notice.setObjectName("problem")
            self.notice.say(problem.words)

        today = self._sender.today()
        # The same action as parentrus-admin sync --to-file: reports that became ready
        # are built first, so the file holds everything due, not only what was waiting.
        run_operation(
            self,
            lambda: save_reports_to_file(profile, today, path),
            saved,
            not_saved,
            records=self._records,
        )
