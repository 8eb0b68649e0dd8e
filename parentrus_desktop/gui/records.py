"""The opened records as the screens see them: one 'changed' signal, saving in the
background, and the privacy screen that shows codes instead of names."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime

from PySide6.QtCore import QObject, Signal

from parentrus_desktop.domain import Family, Record
from parentrus_desktop.gui.operation import run_operation
from parentrus_desktop.operations import records as record_actions
from parentrus_desktop.operations.backups import back_up_at_lock
from parentrus_desktop.store.unlocked import UnlockedProfile


def _nothing() -> None:
    pass


def left_to_right(text: str) -> str:
    """Keep a code or a phone number in its own order inside right-to-left text, so
    "07400 547890" is never shown as "547890 07400"."""
    return "\u2066" + text + "\u2069"


class OpenRecords(QObject):
    """Owns the unlocked profile while the workspace is open."""

    #: Fires on the main thread after records were saved, deleted or erased, with the set
    #: of record kinds that changed; each screen decides whether to refresh.
    changed = Signal(object)
    #: Fires when the privacy screen is switched on or off.
    privacy_changed = Signal(bool)

    def __init__(self, profile: UnlockedProfile, *, privacy: bool) -> None:
        super().__init__()
        self.profile = profile
        self._privacy = privacy

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

    def close(self) -> None:
        """Lock the profile, after the day's automatic backup (when none was made today):
        every lock ends here, from Ctrl+L and the idle timer to closing the app."""
        back_up_at_lock(self.profile, datetime.now(UTC))
        self.profile.lock()
