"""The opened records as the screens see them: one 'changed' signal, saving in the
background, and the privacy screen that shows codes instead of names."""

from __future__ import annotations

import logging
import sqlite3
import threading
from collections.abc import Callable
from datetime import UTC, datetime

from PySide6.QtCore import QObject, Signal

from parentrus_desktop.bidi import left_to_right
from parentrus_desktop.domain import Family, Record
from parentrus_desktop.gui.background import Operation, run_in_background
from parentrus_desktop.gui.operation import run_operation
from parentrus_desktop.operations import records as record_actions
from parentrus_desktop.operations.backups import back_up_at_lock
from parentrus_desktop.store.backup import still_to_erase
from parentrus_desktop.store.unlocked import UnlockedProfile
from parentrus_desktop.vault.errors import VaultError

log = logging.getLogger(__name__)
#: How long locking waits for the backup being cleaned (one transaction) to be done.
CLEANING_WAIT_MS = 30_000


def _nothing() -> None:
    pass


class OpenRecords(QObject):
    """Owns the unlocked profile while the workspace is open."""

    #: Fires on the main thread after records were saved, deleted or erased, with the set
    #: of record kinds that changed; each screen decides whether to refresh.
    changed = Signal(object)
    #: Fires when the privacy screen is switched on or off.
    privacy_changed = Signal(bool)
    #: Fires on the main thread when erasing families from this laptop's own backups
    #: starts (True) and when it is done or stopped (False).
    backups_cleaning = Signal(bool)

    def __init__(self, profile: UnlockedProfile, *, privacy: bool) -> None:
        super().__init__()
        self.profile = profile
        self._privacy = privacy
        self._cleaning: Operation | None = None
        self._clean_again = False
        self._stop_cleaning = threading.Event()
        self._cleaner_idle = threading.Event()
        self._cleaner_idle.set()
        # Families erased before the last lock (or automatically at this unlock) and not
        # yet from every backup on this laptop.
        self.clean_backups()

    @property
    def privacy(self) -> bool:
        return self._privacy

    def set_privacy(self, on: bool) -> None:
        if on != self._privacy:
            self._privacy = on
            self.privacy_changed.emit(on)

    def family_label(self, family: Family | None) -> str:
        """The name a screen shows for a family: its code when the privacy screen is on."""
        if family is None:
            return "—"
        code = left_to_right(family.code)
        return code if self._privacy else f"{family.display_name} ({code})"

    def family(self, family_id: str | None) -> Family | None:
        if self.profile.is_locked:  # a page about to be deleted may still repaint once
            return None
        record = self.profile.get(family_id) if family_id else None
        return record if isinstance(record, Family) else None

    def save(
        self, *records: Record, owner: QObject, on_saved: Callable[[], None] = _nothing
    ) -> None:
        """Save as one action, off the UI thread, for ``owner`` (problems are shown in
        its usual place); ``changed`` fires when it is on disk."""
        profile = self.profile
        run_operation(
            owner,
            lambda: record_actions.save(profile, *records),
            lambda _done: on_saved(),
            records=self,
        )

    @property
    def cleaning_backups(self) -> bool:
        """Whether erased families are being erased from this laptop's backups now."""
        return self._cleaning is not None

    def clean_backups(self) -> None:
        """Erase from this laptop's own backups, off the UI thread, the families erased
        from the profile but not yet from them (``finish_erasing_from_backups``): each
        backup is opened and checked in full, which takes a second or two, so never while
        the mentor waits. Locking stops it after the backup it is at; the next unlock
        carries on."""
        if self._cleaning is not None:
            self._clean_again = True  # more were erased meanwhile: another pass after
            return
        profile = self.profile
        if self._stop_cleaning.is_set() or profile.is_locked:
            return
        try:
            if not still_to_erase(profile):
                return
        except (VaultError, sqlite3.Error):
            return  # said when the mentor next saves; tried again at the next unlock
        stop, idle = self._stop_cleaning.is_set, self._cleaner_idle
        idle.clear()

        def work() -> object:
            try:
                return record_actions.finish_erasing_from_backups(profile, stop)
            finally:
                idle.set()

        self._cleaning = run_in_background(work, self._cleaned, self._not_cleaned)
        self.backups_cleaning.emit(True)

    def _cleaned(self, _result: object) -> None:
        self._cleaning = None
        if self.profile.is_locked:
            return  # the screens that would say so are gone with the lock
        again, self._clean_again = self._clean_again, False
        if again and not self._stop_cleaning.is_set():
            self.clean_backups()
        if self._cleaning is None:
            self.backups_cleaning.emit(False)

    def _not_cleaned(self, error: Exception) -> None:
        # The list stays in the profile: the next unlock tries again. Only the kind of
        # error is logged: its text could hold a path with the mentor's name.
        if not isinstance(error, VaultError | sqlite3.Error | OSError):
            log.warning("erasing from the local backups stopped: %s", type(error).__name__)
        self._clean_again = False
        self._cleaned(None)

    def close(self) -> None:
        """Lock the profile, after the day's automatic backup (when none was made today):
        every lock ends here, from Ctrl+L and the idle timer to closing the app. Erasing
        from the backups stops after the one it is at (one transaction: it is never left
        half done); what is left is done at the next unlock."""
        self._stop_cleaning.set()
        self._cleaner_idle.wait(CLEANING_WAIT_MS / 1000)
        back_up_at_lock(self.profile, datetime.now(UTC))
        self.profile.lock()
