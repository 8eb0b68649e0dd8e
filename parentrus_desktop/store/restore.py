"""Restoring a profile from a backup, checked in full before anything is replaced.

The backup is first copied into the data folder under a name no profile list shows,
opened there with the mentor's passphrase or recovery key and checked: every record,
secret and item opens, SQLite's own check passes, and the integrity manifest holds.
Only then does it take its place: as a new profile, or over the profile with the same
identity (which is kept first, as a backup). A profile changed after the backup was
made is not replaced unless asked to. Whatever goes wrong, the data folder is as it was.
"""

from __future__ import annotations

import contextlib
import errno
import os
import secrets
import shutil
import sqlite3
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from parentrus_desktop.domain.validation import N_
from parentrus_desktop.store.backup import (
    BACKUP_SUFFIX,
    STATE_KIND,
    _flush,
    _flush_folder,
    backup_state,
    copy_profile_file,
    identity_of_file,
    local_backup_folder,
    make_private_folders,
)
from parentrus_desktop.store.database import OWNER_ONLY_FILE, make_private_folder, read_only
from parentrus_desktop.store.errors import DamagedFile, NewerVersion, NotAVault
from parentrus_desktop.store.manifest import read_rows
from parentrus_desktop.store.profile_lock import ProfileLock
from parentrus_desktop.store.profiles import SUFFIX, LockedProfile
from parentrus_desktop.store.unlocked import UnlockedProfile
from parentrus_desktop.vault.errors import DamagedValue, VaultError

_STAGING_SUFFIX = ".parentrus-restoring"


class NotABackup(VaultError):
    message = N_("This file is not a Parent'R'Us backup. Nothing has been changed.")


class NoRoomToRestore(VaultError):
    message = N_(
        "There is not enough room on this laptop's disk to restore this backup. Nothing "
        "has been changed. Please free some space and try again."
    )


class DamagedBackup(VaultError):
    message = N_(
        "This backup is damaged or incomplete (perhaps it was not copied in full), so it "
        "cannot be restored. Nothing has been changed. Please try another backup."
    )


class ChangedBackup(VaultError):
    message = N_(
        "This backup was changed outside the app (some of its records were removed, added "
        "or replaced), so it cannot be restored. Nothing has been changed. Please try "
        "another backup."
    )


class BackupOfAnotherProfile(VaultError):
    message = N_(
        "This backup is of another mentor's profile ({backup}), not {profile}'s. Nothing "
        "has been changed."
    )

    def __init__(self, backup: str, profile: str) -> None:
        super().__init__(_words(self.message).format(backup=backup, profile=profile))


class ProfileIsNewer(VaultError):
    message = N_(
        "The profile on this laptop was changed on {changed}, after this backup was made "
        "(on {made}). Restoring the backup would lose those changes, so nothing has been "
        "changed."
    )

    def __init__(self, changed: datetime, made: datetime | None) -> None:
        self.changed, self.made = changed, made
        super().__init__(
            _words(self.message).format(
                changed=changed.strftime("%Y-%m-%d %H:%M"),
                made=made.strftime("%Y-%m-%d %H:%M") if made else "?",
            )
        )


def _words(message: str) -> str:
    from parentrus_desktop.i18n import _  # the language chosen when the error is made

    return _(message)


@dataclass(frozen=True)
class Restored:
    """Where the restored profile is, whose it is, and where the file it replaced was kept."""

    path: Path
    display_name: str
    replaced_kept_at: Path | None
    made_at: datetime | None


def restore_backup(
    data_dir: Path,
    backup: Path,
    open_backup: Callable[[LockedProfile], UnlockedProfile],
    now: datetime,
    *,
    replace_newer: bool = False,
    only_for: Path | None = None,
) -> Restored:
    """Restore ``backup`` into ``data_dir``. ``open_backup`` unlocks the (copied) backup
    with what the mentor typed, raising WrongPassphrase or WrongRecoveryKey. ``only_for``:
    the profile file it must be a backup of (another mentor's is refused)."""
    make_private_folder(data_dir)
    staged = data_dir / (secrets.token_hex(8) + _STAGING_SUFFIX)
    try:
        _stage(backup, staged)
        display_name, identity, made_at = _open_and_check(staged, open_backup)
        _remove_companions(staged)
        target = _profile_with_identity(data_dir, identity) if identity else None
        if only_for is not None and target != only_for:
            raise BackupOfAnotherProfile(display_name, _display_name(only_for))
        if target is None:
            placed = data_dir / (secrets.token_hex(8) + SUFFIX)
            os.replace(staged, placed)
            _flush_folder(data_dir)
            return Restored(placed, display_name, None, made_at)
        kept = _replace(target, staged, made_at, now, replace_newer=replace_newer)
        return Restored(target, display_name, kept, made_at)
    finally:
        staged.unlink(missing_ok=True)
        _remove_companions(staged)


def _display_name(path: Path) -> str:
    with contextlib.closing(read_only(path)) as conn:
        row = conn.execute("SELECT display_name FROM vault WHERE id = 1").fetchone()
    return str(row[0]) if row else path.stem


def _stage(backup: Path, staged: Path) -> None:
    try:
        fd = os.open(staged, os.O_WRONLY | os.O_CREAT | os.O_EXCL, OWNER_ONLY_FILE)
        with os.fdopen(fd, "wb") as out, backup.open("rb") as source:
            shutil.copyfileobj(source, out)
        _flush(staged)
    except FileNotFoundError:
        raise NotABackup from None
    except IsADirectoryError:
        raise NotABackup from None
    except OSError as problem:
        if problem.errno in (errno.ENOSPC, errno.EDQUOT):
            raise NoRoomToRestore from None  # the staged part is removed by the caller
        raise


def _open_and_check(
    staged: Path, open_backup: Callable[[LockedProfile], UnlockedProfile]
) -> tuple[str, str | None, datetime | None]:
    """Open the staged copy and check every part of it; its name, identity and when it
    was made."""
    try:
        locked = LockedProfile(staged)
    except NewerVersion:
        raise
    except NotAVault:
        raise NotABackup from None
    except DamagedFile:
        raise DamagedBackup from None
    try:
        opened = open_backup(locked)
    except DamagedFile:
        raise DamagedBackup from None
    try:
        if opened.integrity_problems() or opened.damaged:
            raise DamagedBackup
        if not opened.integrity.ok:
            raise ChangedBackup
        _check_secrets_and_items(opened)
        state = backup_state(opened)
        made = state.get("copy_made_at")
        identity = identity_of_file(staged)
        return locked.display_name, identity, _aware(made)
    except DamagedFile:
        raise DamagedBackup from None
    finally:
        opened.lock()


def _check_secrets_and_items(opened: UnlockedProfile) -> None:
    """Every secret (a school's device key) and every item (connections, the outbox)
    opens: a restored profile must be able to go on sending reports."""
    conn = opened.raw_database().conn
    names = [row[0] for row in conn.execute("SELECT name FROM secrets")]
    kinds = conn.execute("SELECT kind, count(*) FROM sync_items GROUP BY kind").fetchall()
    try:
        for name in names:
            opened.secret(name)
    except DamagedValue:
        raise DamagedBackup from None
    for kind, count in kinds:
        if len(opened.sealed_items(kind)) != count:
            raise DamagedBackup


def _profile_with_identity(data_dir: Path, identity: str) -> Path | None:
    for path in sorted(data_dir.glob("*" + SUFFIX)):
        if identity_of_file(path) == identity:
            return path
    return None


def _replace(
    target: Path, staged: Path, made_at: datetime | None, now: datetime, *, replace_newer: bool
) -> Path:
    """Put the staged backup in place of ``target``, keeping ``target`` as a backup."""
    window_lock = ProfileLock(target).acquire()  # ProfileInUse while it is open anywhere
    try:
        if not replace_newer and not _same_rows(target, staged):
            changed = last_changed(target)
            if made_at is None or changed > made_at:
                raise ProfileIsNewer(changed, made_at)
        folder = local_backup_folder(target)
        make_private_folders(folder, up_to=target.parent)
        kept = folder / f"replaced {now.strftime('%Y-%m-%d %H%M%S')}{BACKUP_SUFFIX}"
        copy_profile_file(target, kept)
        # The write-ahead log belongs to the old file: left beside the new one, SQLite
        # would apply its pages to it. Everything in it is in the copy just made.
        with contextlib.closing(sqlite3.connect(target)) as conn:
            conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        _remove_companions(target, keep_lock=True)  # the lock is held: never remove it
        os.replace(staged, target)
        _flush_folder(target.parent)
        return kept
    finally:
        window_lock.release()


def _aware(text: str | None) -> datetime | None:
    if not text:
        return None
    try:
        return datetime.fromisoformat(text).astimezone()  # a time without a zone is local
    except ValueError:
        return None


def last_changed(path: Path) -> datetime:
    """When the file (or its write-ahead log) was last written."""
    times = [p.stat().st_mtime for p in (path, path.with_name(path.name + "-wal")) if p.exists()]
    return datetime.fromtimestamp(max(times)).astimezone()


def _same_rows(first: Path, second: Path) -> bool:
    """Whether two profile files hold the same rows (ids, kinds and sealed bytes' tags),
    leaving out the record of when backups were made."""
    return _rows(first) == _rows(second)


def _rows(path: Path) -> set[tuple[str, str, str, str]]:
    with contextlib.closing(read_only(path)) as conn:
        return {row for row in read_rows(conn) if row[2] != STATE_KIND}


def _remove_companions(path: Path, *, keep_lock: bool = False) -> None:
    for suffix in (
        ("-wal", "-shm", "-journal") if keep_lock else ("-wal", "-shm", "-lock", "-journal")
    ):
        path.with_name(path.name + suffix).unlink(missing_ok=True)
