"""Backing up (to a folder or USB stick, and automatically at lock) and restoring.

The GUI runs these off the UI thread; ``parentrus-admin backup`` and ``restore`` call
the same functions.
"""

from __future__ import annotations

import errno
import sqlite3
from collections.abc import Callable
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
from parentrus_desktop.store.errors import DiskFull
from parentrus_desktop.store.profiles import LockedProfile
from parentrus_desktop.store.restore import Restored, restore_backup
from parentrus_desktop.store.unlocked import UnlockedProfile
from parentrus_desktop.vault.errors import VaultError

#: What a backup changes that a screen may show: when the last one was made.
BACKUPS = "backups"
#: Today reminds the mentor to back up to a USB stick after this many days (issue 13).
REMIND_AFTER_DAYS = 14


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


def external_backup_due(
    profile: UnlockedProfile, now: datetime, after_days: int = REMIND_AFTER_DAYS
) -> bool:
    """Whether Today should remind the mentor to back up to a USB stick or folder: none
    was ever made, or the last one is more than ``after_days`` days old."""
    return overdue(backups.last_external_backup(profile), now, after_days)


def overdue(last: datetime | None, now: datetime, after_days: int = REMIND_AFTER_DAYS) -> bool:
    """Whether a backup last made at ``last`` (None: never) is due again."""
    return last is None or (now - last).total_seconds() > after_days * 86400


def erased_since_external_backup(profile: UnlockedProfile) -> bool:
    """Whether a family was erased after the last backup to a USB stick or folder: that
    backup still holds the family (sealed) until it is replaced, which the app cannot do
    for a stick it does not have."""
    last = backups.last_external_backup(profile)
    if last is None:
        return False
    return any(a.kind == FAMILY_ERASED and a.at > last for a in activity_log(profile))


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
