"""The background sender: fills the outbox and sends what is due, off the UI thread, one
run at a time; on unlock, when the network comes back, on "Sync now" and when a retry is due."""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, date, datetime

from PySide6.QtCore import QObject, QTimer, Signal
from PySide6.QtNetwork import QNetworkInformation

from parentrus_desktop.domain import School
from parentrus_desktop.gui.operation import Problem, run_operation
from parentrus_desktop.gui.records import OpenRecords
from parentrus_desktop.operations.reports import sync
from parentrus_desktop.outbox.connection import SchoolConnection
from parentrus_desktop.outbox.outbox import OutboxEntry, ReportState, SendResult
from parentrus_desktop.privacy.periods import period_named

log = logging.getLogger(__name__)

#: One run at a time for the whole app, even while a workspace is being rebuilt (a
#: language switch) and the old sender's run has not finished yet.
_ONE_RUN = threading.Lock()
#: A retry further away than this is checked again then anyway (QTimer counts in int ms).
LONGEST_WAIT_MS = 6 * 60 * 60 * 1000
#: After a run that failed outright, the next try (five minutes).
AFTER_A_FAILED_RUN_MS = 5 * 60 * 1000
SHORTEST_WAIT_MS = 1000


def _utc_now() -> datetime:
    return datetime.now(UTC)


@dataclass(frozen=True)
class SyncState:
    """What the screens show about sending: the schools, their connections, every report."""

    schools: list[School] = field(default_factory=list)
    connections: list[SchoolConnection] = field(default_factory=list)
    entries: list[OutboxEntry] = field(default_factory=list)
    result: SendResult | None = None
    #: A plain sentence when the last run could not finish; empty otherwise.
    problem: str = ""

    def connection_for(self, school_id: str) -> SchoolConnection | None:
        return next((c for c in self.connections if c.school_id == school_id), None)

    def entries_for(self, school_id: str) -> list[OutboxEntry]:
        """One school's reports, the latest period first (by its first day: by name,
        2026-autumn would come before 2026-spring)."""
        return sorted(
            (e for e in self.entries if e.school_id == school_id),
            key=lambda e: _starts(e.period),
            reverse=True,
        )


def _starts(period: str) -> date:
    try:
        return period_named(period).first
    except ValueError:  # not a period this version knows: last, never a crash
        return date.min


class SyncSender(QObject):
    """Owns sending for one unlocked profile; stopped when the profile is locked."""

    #: Fires on the main thread with the new SyncState after every run.
    state_changed = Signal(object)
    #: Fires with True when a run starts and False when it ends.
    busy_changed = Signal(bool)

    def __init__(
        self,
        records: OpenRecords,
        today: Callable[[], date],
        now: Callable[[], datetime] = _utc_now,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self._records = records
        self._today = today
        self._now = now
        self.state = SyncState()
        self.busy = False
        self.runs = 0  # finished runs, for tests and the page's "last tried"
        self._again: bool | None = None  # a run asked for while one was running
        self._stopped = False
        self._retry = QTimer(self)
        self._retry.setSingleShot(True)
        self._retry.timeout.connect(self.run)
        self._network: QNetworkInformation | None = None

    # -- triggers ----------------------------------------------------------------

    def today(self) -> date:
        """The day reports are built for (the app's clock)."""
        return self._today()

    def start(self) -> None:
        """Send what is due now (the profile was just unlocked), and again whenever the
        network comes back."""
        self._listen_to_network()
        self.run()

    def sync_now(self) -> None:
        """The mentor asked: try every report still waiting, even before its retry time."""
        self.run(everything=True)

    def run(self, everything: bool = False) -> None:
        if self._stopped:
            return
        if self.busy:
            self._again = bool(self._again) or everything
            return
        self._retry.stop()
        self._set_busy(True)
        profile, today, now = self._records.profile, self._today(), self._now()

        def work() -> SyncState:
            with _ONE_RUN:
                synced = sync(profile, today, now, everything=everything).result
                return SyncState(
                    schools=sorted(profile.all(School), key=lambda s: s.name.casefold()),
                    connections=synced.connections,
                    entries=synced.entries,
                    result=synced.result,
                )

        # A run that ends after locking (or after this sender was deleted) shows nothing.
        run_operation(self, work, self._finished, self._not_sent, records=self._records)

    def _listen_to_network(self) -> None:
        # Some platforms (and the offscreen one in tests) have no backend: then the
        # other triggers are enough, and nothing is said about it.
        if QNetworkInformation.instance() is None and not QNetworkInformation.loadDefaultBackend():
            return
        network = QNetworkInformation.instance()
        if network is None or not network.supports(QNetworkInformation.Feature.Reachability):
            return
        network.reachabilityChanged.connect(self._reachability_changed)
        self._network = network

    def _reachability_changed(self, reachability: QNetworkInformation.Reachability) -> None:
        if reachability == QNetworkInformation.Reachability.Online:
            self.run()

    # -- results -----------------------------------------------------------------

    def _finished(self, state: SyncState) -> None:
        if self._stopped:  # the workspace was rebuilt (a language switch): its run is over
            return
        self.state = state
        result = state.result
        if result is not None:  # counts only: nothing personal in logs
            log.info(
                "sending reports: %d received, %d refused, %d waiting",
                result.received,
                result.refused,
                result.waiting,
            )
        self._end_run()

    def _not_sent(self, problem: Problem) -> None:
        if self._stopped:
            return
        self.state = SyncState(
            schools=self.state.schools,
            connections=self.state.connections,
            entries=self.state.entries,
            problem=problem.words,
        )
        self._end_run()

    def _end_run(self) -> None:
        self.runs += 1
        self._set_busy(False)
        self.state_changed.emit(self.state)
        again, self._again = self._again, None
        if again is not None:
            self.run(everything=again)
        else:
            self._schedule_retry()

    def _schedule_retry(self) -> None:
        """Wake up when the earliest report still on its way may be tried again: waiting
        or sent without a receipt, for a school this laptop may still send to. After a run
        that failed outright (a full disk, say), try again after a while, not at once."""
        live = {c.school_id for c in self.state.connections if not c.revoked}
        due = [
            e.next_try
            for e in self.state.entries
            if e.state in (ReportState.WAITING, ReportState.SENT)
            and e.next_try is not None
            and e.school_id in live
        ]
        if self.state.problem:
            self._retry.start(AFTER_A_FAILED_RUN_MS)
            return
        if not due:
            return
        wait_ms = (min(due) - self._now()).total_seconds() * 1000
        self._retry.start(int(min(max(wait_ms, SHORTEST_WAIT_MS), LONGEST_WAIT_MS)))

    def _set_busy(self, busy: bool) -> None:
        self.busy = busy
        self.busy_changed.emit(busy)

    @property
    def next_retry_ms(self) -> int | None:
        """Milliseconds until the retry timer fires, or None when none is set."""
        return self._retry.remainingTime() if self._retry.isActive() else None

    @property
    def stopped(self) -> bool:
        return self._stopped

    def stop(self) -> None:
        """The profile is being locked: no new run, no timer, no network trigger. A run
        already under way ends on its own and its result is dropped."""
        self._stopped = True
        self._retry.stop()
        if self._network is not None:
            self._network.reachabilityChanged.disconnect(self._reachability_changed)
            self._network = None
