"""Backing up (to a folder or USB stick, and automatically at lock) and restoring.

The GUI runs these off the UI thread; ``parentrus-admin backup`` and ``restore`` call
the same functions.
"""

from __future__ import annotations

import errno
import sqlite3
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from parentrus_desktop.domain.validation import N_
from parentrus_desktop.operations import Done
from parentrus_desktop.operations.activity import (
    BACKUP_MADE,
    BACKUP_RESTORED,
    FAMILY_ERASED,
    activity_log,
    log_activity,
)
from parentrus_desktop.store import backup as backups
from parentrus_desktop.store import backup_history as history
from parentrus_desktop.store.backup_history import Erasure, ExternalBackup
from parentrus_desktop.store.errors import DiskFull
from parentrus_desktop.store.profiles import LockedProfile
from parentrus_desktop.store.restore import Restored, restore_backup
from parentrus_desktop.store.unlocked import UnlockedProfile
from parentrus_desktop.vault.errors import VaultError

#: What a backup changes that a screen may show: when the last one was made.
BACKUPS = "backups"
#: Today reminds the mentor to back up to a USB stick after this many days (issue 13),
#: unless the mentor chose another interval in Settings.
REMIND_AFTER_DAYS = 14
#: The intervals Settings offers; NEVER_REMIND turns the reminder off.
NEVER_REMIND = 0
REMINDER_CHOICES = (7, 14, 30, NEVER_REMIND)
#: The kind of sealed item the chosen interval is kept as, and its one id.
REMINDER_KIND = "backup-reminder"
_REMINDER_ID = "backup-reminder"


@dataclass(frozen=True)
class ListedBackup:
    """A backup to a USB stick or folder, and the families erased after it was made:
    it still holds those (sealed) until the mentor replaces or deletes it."""

    backup: ExternalBackup
    erased_since: list[Erasure]


class NoSuchFolder(VaultError):
    message = N_(
        "That folder cannot be found. If it is on a USB stick, check that the stick is "
        "plugged in, then try again."
    )


class FolderNotWritable(VaultError):
    message = N_(
        "The backup could not be saved in that folder (it may be read-only, or the USB "
        "stick may have been taken out). Nothing was lost; please choose another folder."
    )


class FolderFull(VaultError):
    message = N_(
        "There is not enough room in that folder (or on that USB stick) for the backup. "
        "Nothing was lost; please free some space or choose another folder."
    )


def _free_name(profile: UnlockedProfile, target: Path) -> Path:
    """The file to write: this one, unless it holds another mentor's backup of the same
    name and day (two mentors called Hodan sharing a stick): then "(2)", "(3)"..."""
    mine = backups.profile_identity(profile)
    candidate, number = target, 1
    while candidate.exists() and backups.identity_of_file(candidate) != mine:
        number += 1
        suffix = backups.BACKUP_SUFFIX
        candidate = target.with_name(target.name.removesuffix(suffix) + f" ({number}){suffix}")
    return candidate


def back_up_to(profile: UnlockedProfile, folder: Path, now: datetime) -> Done[Path]:
    """A backup in ``folder`` named after the mentor and the date; the profile notes
    when it was made (``last_external_backup``)."""
    if not folder.is_dir():
        raise NoSuchFolder
    on = now.astimezone().date()  # the day on the laptop, as the mentor would say it
    target = _free_name(profile, folder / backups.external_file_name(profile.display_name, on))
    try:
        made = backups.back_up(profile, target, now, external=True)
    except DiskFull:
        raise FolderFull from None
    except OSError as problem:
        if problem.errno in (errno.ENOSPC, errno.EDQUOT):
            raise FolderFull from None
        raise FolderNotWritable from None
    log_activity(profile, BACKUP_MADE)  # after the copy: the log says it was made
    return Done(made, frozenset({BACKUPS}))


def reminder_days(profile: UnlockedProfile) -> int:
    """After how many days without a backup to a stick or folder Today reminds the
    mentor (chosen in Settings, kept sealed in this profile); NEVER_REMIND: never."""
    value = profile.sealed_items(REMINDER_KIND).get(_REMINDER_ID)
    try:
        days = int(value) if value is not None else REMIND_AFTER_DAYS
    except ValueError:
        return REMIND_AFTER_DAYS
    return days if days in REMINDER_CHOICES else REMIND_AFTER_DAYS


def set_reminder_days(profile: UnlockedProfile, days: int) -> Done[int]:
    """Choose the reminder's interval: one of REMINDER_CHOICES."""
    if days not in REMINDER_CHOICES:
        raise ValueError(f"not an interval Settings offers: {days}")
    profile.save_sealed_items(REMINDER_KIND, {_REMINDER_ID: str(days).encode()})
    return Done(days, frozenset({BACKUPS}))


def external_backup_due(
    profile: UnlockedProfile, now: datetime, after_days: int | None = None
) -> bool:
    """Whether Today should remind the mentor to back up to a USB stick or folder: none
    was ever made, or the last one is older than the interval the mentor chose
    (``after_days``, or the profile's ``reminder_days``); never when told not to remind."""
    days = reminder_days(profile) if after_days is None else after_days
    return days != NEVER_REMIND and overdue(backups.last_external_backup(profile), now, days)


def overdue(last: datetime | None, now: datetime, after_days: int = REMIND_AFTER_DAYS) -> bool:
    """Whether a backup last made at ``last`` (None: never) is due again."""
    return last is None or (now - last).total_seconds() > after_days * 86400


def listed_external_backups(profile: UnlockedProfile) -> list[ListedBackup]:
    """The backups to USB sticks and folders this profile made (the newest 20), newest
    first, each with the families erased after it: the app erased those from its own
    backups, but a stick it does not have, it cannot reach."""
    state = backups.backup_state(profile)
    listed = history.external_backups(profile, state.get("last_external"))
    if not listed:
        return []
    erased = history.erasures(profile)
    if not profile.sealed_items(history.ERASURES_KIND):
        # A profile that backed up before the app kept a list of its erasures: the
        # activity log still has the recent ones.
        erased = [
            Erasure(a.at, str(a.details.get("code", "")))
            for a in activity_log(profile)
            if a.kind == FAMILY_ERASED
        ]
    return [ListedBackup(b, history.erased_after(b, erased)) for b in listed]


def erased_since_external_backup(profile: UnlockedProfile) -> bool:
    """Whether a family was erased after the last backup to a USB stick or folder: that
    backup still holds the family (sealed) until it is replaced, which the app cannot do
    for a stick it does not have."""
    listed = listed_external_backups(profile)
    return bool(listed and listed[0].erased_since)


def back_up_at_lock(profile: UnlockedProfile, now: datetime) -> Path | None:
    """Today's automatic local backup, when none was made today; called just before
    the profile locks. A failure (a full disk) never stops locking: None then."""
    try:
        return backups.automatic_backup(profile, now)
    except (VaultError, OSError, sqlite3.Error):
        return None


def restore(
    data_dir: Path,
    backup: Path,
    open_backup: Callable[[LockedProfile], UnlockedProfile],
    now: datetime,
    *,
    replace_newer: bool = False,
    only_for: Path | None = None,
) -> Done[Restored]:
    """Restore a backup into the data folder (see store/restore.py): checked in full
    before anything is replaced, and the replaced profile is kept as a backup."""

    def note(profile: UnlockedProfile, made: datetime | None) -> None:
        day = {"day": made.date().isoformat()} if made is not None else {}
        log_activity(profile, BACKUP_RESTORED, at=now, **day)

    restored = restore_backup(
        data_dir,
        backup,
        open_backup,
        now,
        replace_newer=replace_newer,
        only_for=only_for,
        note=note,
    )
    return Done(restored, frozenset({BACKUPS}))
