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
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from parentrus_desktop.domain.validation import N_
from parentrus_desktop.store.backup import (
    BACKUP_SUFFIX,
    _flush,
    _flush_folder,
    backup_state,
    copy_profile_file,
    identity_of_file,
    local_backup_folder,
    make_private_folders,
)
from parentrus_desktop.store.changes import ITEM_ID as COUNTS_ID
from parentrus_desktop.store.changes import KIND as COUNTS_KIND
from parentrus_desktop.store.changes import NOT_WORK, ChangeCounts, counts_in_file
from parentrus_desktop.store.database import OWNER_ONLY_FILE, make_private_folder, read_only
from parentrus_desktop.store.errors import DamagedFile, NewerVersion, NotAVault
from parentrus_desktop.store.manifest import read_rows
from parentrus_desktop.store.profile_lock import ProfileLock
from parentrus_desktop.store.profiles import SUFFIX, LockedProfile
from parentrus_desktop.store.unlocked import UnlockedProfile, item_place
from parentrus_desktop.vault.errors import DamagedValue, VaultError, WrongPassphrase

_STAGING_SUFFIX = ".parentrus-restoring"
#: A staged copy older than this was left by a restore that never finished (the laptop
#: was switched off): removed at the next restore. A younger one may be another
#: window's restore at work.
_LEFT_OVER_AFTER_S = 3600


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


class BackupPassphraseWrong(WrongPassphrase):
    message = N_(
        "That passphrase does not open this backup. Type the passphrase you had when the "
        "backup was made, or use your recovery key from that time."
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
        "The profile on this laptop holds work that is not in this backup (the profile "
        "was last changed on {changed}; the backup was made on {made}). Restoring the "
        "backup would lose that work, so nothing has been changed."
    )

    def __init__(self, changed: datetime, made: datetime | None) -> None:
        self.changed, self.made = changed, made
        super().__init__(
            _words(self.message).format(
                changed=_moment(changed),
                made=_moment(made) if made else "?",
            )
        )


#: Said after a restore over a profile whose passphrase was changed after the backup.
KEYS_FROM_BACKUP = N_(
    "Important: from now on this profile opens with the passphrase you just typed (the "
    "one it had when the backup was made), and with the recovery key from that time. "
    "The passphrase and recovery key you made later no longer open it."
)


class ProfileHasOtherKeys(ProfileIsNewer):
    message = N_(
        "The profile on this laptop opens with another passphrase than this backup (it "
        "was changed on one side after the backup was made, or the backup is of someone "
        "else's profile). The app cannot tell which one is newer, so nothing has been "
        "changed. The profile was last changed on {changed}; the backup was made on "
        "{made}."
    )


def _words(message: str) -> str:
    from parentrus_desktop.i18n import _  # the language chosen when the error is made

    return _(message)


def _moment(at: datetime) -> str:
    """A day and time as the language writes them ("3 Nov 2026 14:05")."""
    from parentrus_desktop.i18n import format_day, format_time

    return f"{format_day(at.date())} {format_time(at)}"


@dataclass(frozen=True)
class Restored:
    """Where the restored profile is, whose it is, and where the file it replaced was kept."""

    path: Path
    display_name: str
    replaced_kept_at: Path | None
    made_at: datetime | None
    #: The profile it replaced had another passphrase (changed after the backup was
    #: made): from now on the profile opens with the backup's passphrase and recovery key.
    keys_from_backup: bool = False


@dataclass(frozen=True)
class _Checked:
    display_name: str
    identity: str | None
    made_at: datetime | None
    counts: ChangeCounts
    profile_key: bytes


def restore_backup(
    data_dir: Path,
    backup: Path,
    open_backup: Callable[[LockedProfile], UnlockedProfile],
    now: datetime,
    *,
    replace_newer: bool = False,
    only_for: Path | None = None,
    note: Callable[[UnlockedProfile, datetime | None], object] = lambda _p, _made: None,
) -> Restored:
    """Restore ``backup`` into ``data_dir``. ``open_backup`` unlocks the (copied) backup
    with what the mentor typed, raising WrongPassphrase or WrongRecoveryKey. ``only_for``:
    the profile file it must be a backup of (another mentor's is refused). ``note`` is
    done to the checked copy before it takes its place (the activity log's entry)."""
    make_private_folder(data_dir)
    remove_left_overs(data_dir)
    staged = data_dir / (secrets.token_hex(8) + _STAGING_SUFFIX)
    try:
        _stage(backup, staged)
        checked = _open_and_check(staged, open_backup, note)
        _remove_companions(staged)
        identity, display_name, made_at = checked.identity, checked.display_name, checked.made_at
        target = _profile_with_identity(data_dir, identity) if identity else None
        if only_for is not None and target != only_for:
            raise BackupOfAnotherProfile(display_name, _display_name(only_for))
        if target is None:
            placed = data_dir / (secrets.token_hex(8) + SUFFIX)
            os.replace(staged, placed)
            _flush_folder(data_dir)
            return Restored(placed, display_name, None, made_at)
        kept, other_keys = _replace(target, staged, checked, now, replace_newer=replace_newer)
        return Restored(target, display_name, kept, made_at, keys_from_backup=other_keys)
    finally:
        staged.unlink(missing_ok=True)
        _remove_companions(staged)


def remove_left_overs(data_dir: Path) -> list[Path]:
    """Remove the copies a restore left when it never finished (the laptop switched off
    half-way): sealed, but a whole profile's worth of space, and never shown."""
    removed = []
    too_old = time.time() - _LEFT_OVER_AFTER_S
    for path in data_dir.glob("*" + _STAGING_SUFFIX):
        with contextlib.suppress(OSError):
            if path.stat().st_mtime < too_old:
                path.unlink()
                _remove_companions(path)
                removed.append(path)
    return removed


def _passphrase_wrapping(path: Path) -> bytes | None:
    with contextlib.closing(read_only(path)) as conn:
        row = conn.execute("SELECT passphrase_wrapped FROM vault WHERE id = 1").fetchone()
    return None if row is None else bytes(row[0])


def _display_name(path: Path) -> str:
    with contextlib.closing(read_only(path)) as conn:
        row = conn.execute("SELECT display_name FROM vault WHERE id = 1").fetchone()
    return str(row[0]) if row else path.stem


def _stage(backup: Path, staged: Path) -> None:
    try:
        _copy_new(backup, staged)
        # A profile file copied while the app had it open (a whole data folder copied to
        # a stick) has its latest saves in the write-ahead log beside it: bring that too,
        # so SQLite applies it when the copy is opened, as it would to the original.
        wal = backup.with_name(backup.name + "-wal")
        if wal.is_file():
            _copy_new(wal, staged.with_name(staged.name + "-wal"))
    except FileNotFoundError:
        raise NotABackup from None
    except IsADirectoryError:
        raise NotABackup from None
    except OSError as problem:
        if problem.errno in (errno.ENOSPC, errno.EDQUOT):
            raise NoRoomToRestore from None  # the staged part is removed by the caller
        raise


def _copy_new(source: Path, destination: Path) -> None:
    fd = os.open(destination, os.O_WRONLY | os.O_CREAT | os.O_EXCL, OWNER_ONLY_FILE)
    with os.fdopen(fd, "wb") as out, source.open("rb") as incoming:
        shutil.copyfileobj(incoming, out)
    _flush(destination)


def _open_and_check(
    staged: Path,
    open_backup: Callable[[LockedProfile], UnlockedProfile],
    note: Callable[[UnlockedProfile, datetime | None], object],
) -> _Checked:
    """Open the staged copy and check every part of it: its name, identity, when it was
    made and its change counts. Once checked, it starts counting changes as a new place
    (the copy it came from may go on being used elsewhere) and ``note`` is done to it."""
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
    except WrongPassphrase:
        raise BackupPassphraseWrong from None
    except (DamagedFile, sqlite3.Error):
        # sqlite3.Error: a value SQLite cannot even read back (text where sealed bytes
        # belong) is damage too, not a reason to stop with a traceback.
        raise DamagedBackup from None
    try:
        if opened.integrity_problems() or opened.damaged:
            raise DamagedBackup
        if not opened.integrity.ok:
            raise ChangedBackup
        _check_secrets_and_items(opened)
        made = _aware(backup_state(opened).get("copy_made_at"))
        counts = opened.change_counts()
        opened.move_to_new_place()
        note(opened, made)
        identity = identity_of_file(staged)
        return _Checked(locked.display_name, identity, made, counts, opened.profile_key)
    except (DamagedFile, sqlite3.Error):
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
    target: Path, staged: Path, checked: _Checked, now: datetime, *, replace_newer: bool
) -> tuple[Path, bool]:
    """Put the staged backup in place of ``target``, keeping ``target`` as a backup.
    Returns where it was kept, and whether it had other keys than the backup."""
    window_lock = ProfileLock(target).acquire()  # ProfileInUse while it is open anywhere
    try:
        other_keys = _passphrase_wrapping(target) != _passphrase_wrapping(staged)
        if not replace_newer and other_keys:
            # Its work cannot be compared (the counts do not open with the backup's key),
            # and a backup's dates prove nothing: whoever restores says so knowingly.
            raise ProfileHasOtherKeys(last_changed(target), checked.made_at)
        if not replace_newer and _would_lose_work(target, staged, checked):
            raise ProfileIsNewer(last_changed(target), checked.made_at)
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
        return kept, other_keys
    finally:
        window_lock.release()


def _would_lose_work(target: Path, staged: Path, checked: _Checked) -> bool:
    """Whether the profile on this laptop holds a change the backup does not."""
    place = item_place(COUNTS_KIND, COUNTS_ID)
    target_counts = counts_in_file(target, checked.profile_key, place)
    if target_counts is not None:
        return not checked.counts.holds_all_of(target_counts)
    # The counts were never kept (a profile from an older version): compare the rows,
    # then the file's time with the backup's.
    if _same_rows(target, staged):
        return False
    return checked.made_at is None or last_changed(target) > checked.made_at


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
    leaving out what is not the mentor's work (the activity log, when backups were made)."""
    return _rows(first) == _rows(second)


def _rows(path: Path) -> set[tuple[str, str, str, str]]:
    with contextlib.closing(read_only(path)) as conn:
        return {row for row in read_rows(conn) if row[2] not in NOT_WORK}


def _remove_companions(path: Path, *, keep_lock: bool = False) -> None:
    for suffix in (
        ("-wal", "-shm", "-journal") if keep_lock else ("-wal", "-shm", "-lock", "-journal")
    ):
        path.with_name(path.name + suffix).unlink(missing_ok=True)
