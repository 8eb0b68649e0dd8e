"""Backups of a profile: sealed, consistent copies of its file, and the rolling local ones.

A backup IS a profile file: the same sealed rows, the same vault header, so it opens
only with the mentor's passphrase or recovery key. It is made with SQLite's online
backup API from a connection of its own, which reads one committed snapshot of the
file; a file copy of a live write-ahead-log database could catch it half written.
The copy is written to a temporary file in the destination folder, flushed to the
disk, then renamed: a backup file is either whole or not there.

What this module keeps in the profile, sealed like an outbox item (only the kind and a
random id in the clear): the profile's identity (a random id, so a restore knows which
profile on a laptop a backup replaces) and when the last backups were made.
"""

from __future__ import annotations

import contextlib
import json
import os
import re
import secrets
import sqlite3
import sys
import tempfile
from collections.abc import Callable, Collection, Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from pathlib import Path

from parentrus_desktop.store import backup_history as history
from parentrus_desktop.store.database import (
    OWNER_ONLY_FILE,
    OWNER_ONLY_FOLDER,
    plain_errors,
    read_only,
)
from parentrus_desktop.store.profile_lock import ProfileInUse
from parentrus_desktop.store.unlocked import UnlockedProfile
from parentrus_desktop.vault.errors import VaultError

BACKUP_SUFFIX = ".parentrus-backup"
BACKUPS_FOLDER = "backups"
#: sync_items kinds (in the clear, as every item's kind is); the values are sealed.
IDENTITY_KIND = "profile-identity"
STATE_KIND = "backup-state"
_STATE_ID = "backup-state"
#: Kept by rolling retention (restic's rules: the newest backup of each of the last
#: 7 days that have one, and of each of the last 4 weeks that have one).
KEEP_DAILY = 7
KEEP_WEEKLY = 4
_DAILY_NAME = re.compile(r"^(\d{4}-\d{2}-\d{2})" + re.escape(BACKUP_SUFFIX) + "$")
#: Characters some file systems (a USB stick's FAT) refuse in a file name.
_NOT_IN_NAMES = re.compile(r'[\\/:*?"<>|\x00-\x1f]')


# -- copying --------------------------------------------------------------------


def copy_profile_file(source: Path, destination: Path) -> Path:
    """A consistent copy of the profile file ``source`` at ``destination`` (0600),
    replacing what is there only once the copy is whole and on the disk.

    The source is read through a connection of its own (never the app's, which may be
    in the middle of a transaction): one read transaction, one committed snapshot, while
    the app (or another process) goes on writing to the write-ahead log.
    """
    folder = destination.parent
    with plain_errors():
        fd, temporary = tempfile.mkstemp(prefix=".", suffix=".partial", dir=folder)
        os.close(fd)  # mkstemp makes it owner-only (0600)
        written = Path(temporary)
        try:
            reading = read_only(source)
            try:
                # Read through the operating system's page cache, without a copy of
                # every page into SQLite's own: about a fifth quicker on a big profile.
                reading.execute("PRAGMA mmap_size = 1073741824")
                writing = sqlite3.connect(written)
                try:
                    # No journal and no syncing while writing a file nobody else has
                    # open: it is flushed to the disk once, whole, before the rename.
                    writing.execute("PRAGMA journal_mode = OFF")
                    writing.execute("PRAGMA synchronous = OFF")
                    writing.execute("PRAGMA cache_size = 100")  # pages go straight out
                    reading.backup(writing)  # every page in one step: one snapshot
                finally:
                    writing.close()
            finally:
                reading.close()
            _flush(written)
            os.chmod(written, OWNER_ONLY_FILE)
            os.replace(written, destination)
            _flush_folder(folder)
        except BaseException:
            written.unlink(missing_ok=True)
            Path(str(written) + "-journal").unlink(missing_ok=True)
            raise
    return destination


def _flush(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def _flush_folder(folder: Path) -> None:
    if sys.platform == "win32":  # pragma: no cover - Windows cannot open a folder
        return
    fd = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(fd)
    except OSError:  # some file systems (a USB stick's) do not sync folders
        pass
    finally:
        os.close(fd)


def make_private_folders(folder: Path, *, up_to: Path) -> None:
    """Create ``folder`` (and any missing parents below ``up_to``) owner-only."""
    missing = []
    current = folder
    while not current.exists() and current != up_to:
        missing.append(current)
        current = current.parent
    for created in reversed(missing):
        created.mkdir(mode=OWNER_ONLY_FOLDER)
        os.chmod(created, OWNER_ONLY_FOLDER)  # mkdir's mode is filtered by the umask


# -- what the profile keeps about its backups ---------------------------------


def profile_identity(profile: UnlockedProfile) -> str:
    """The profile's random identity, made the first time it is asked for. It is the id
    of a sealed item, so it can be read without unlocking (``identity_of_file``); it
    says nothing about the mentor or the families."""
    found = profile.sealed_items(IDENTITY_KIND)
    if found:
        return min(found)
    identity = secrets.token_hex(16)
    profile.save_sealed_items(IDENTITY_KIND, {identity: b"1"})
    return identity


def identity_of_file(path: Path) -> str | None:
    """The identity of a profile (or backup) file, read without unlocking; None when it
    has none yet or cannot be read."""
    try:
        conn = read_only(path)
        try:
            row = conn.execute(
                "SELECT min(id) FROM sync_items WHERE kind = ?", (IDENTITY_KIND,)
            ).fetchone()
        finally:
            conn.close()
    except sqlite3.Error:
        return None
    return None if row is None or row[0] is None else str(row[0])


def backup_state(profile: UnlockedProfile) -> dict[str, str]:
    """When backups were made, as ISO times: ``copy_made_at`` (in a backup file: when
    that copy was made), ``last_external`` and ``last_automatic``."""
    value = profile.sealed_items(STATE_KIND).get(_STATE_ID)
    if value is None:
        return {}
    try:
        state = json.loads(value)
    except ValueError:
        return {}
    return {str(k): str(v) for k, v in state.items()} if isinstance(state, dict) else {}


def _save_state(profile: UnlockedProfile, state: dict[str, str]) -> None:
    profile.save_sealed_items(STATE_KIND, {_STATE_ID: json.dumps(state, sort_keys=True).encode()})


def last_external_backup(profile: UnlockedProfile) -> datetime | None:
    """When the last backup to a folder or USB stick was made, or None."""
    made = backup_state(profile).get("last_external")
    return datetime.fromisoformat(made) if made else None


def back_up(profile: UnlockedProfile, destination: Path, now: datetime, *, external: bool) -> Path:
    """Copy the unlocked profile to ``destination``. The copy's own record says when it
    was made (a restore compares that with the profile it would replace); the profile's
    says when its last backup was made, and goes back as it was if the copy fails."""
    now = now.astimezone()  # with its time zone, so it compares with file times
    profile_identity(profile)
    before = backup_state(profile)
    after = dict(before, copy_made_at=now.isoformat())
    after["last_external" if external else "last_automatic"] = now.isoformat()
    _save_state(profile, after)  # before the copy, so the copy holds it too
    listed: list[history.ExternalBackup] = []
    erased: list[history.Erasure] = []
    if external:  # listed in Settings, to say later which erasures it predates
        listed, erased = history.external_backups(profile), history.erasures(profile)
        made = history.ExternalBackup(now, str(destination.parent), destination.name)
        history.note_external_backup(profile, made)
    try:
        copied = copy_profile_file(profile.path, destination)
        profile.copy_made()
        return copied
    except BaseException:
        with contextlib.suppress(Exception):
            _save_state(profile, before)
            if external:
                history.put_back(profile, listed, erased)
        raise


def external_file_name(display_name: str, on: date) -> str:
    """'Hodan 2026-12-02.parentrus-backup': the mentor's name and the date, nothing else,
    in characters every file system (a USB stick's too) accepts."""
    name = _NOT_IN_NAMES.sub("-", display_name).strip(" .") or "Parent'R'Us"
    return f"{name} {on.isoformat()}{BACKUP_SUFFIX}"


# -- automatic local backups -----------------------------------------------------


def local_backup_folder(profile_path: Path) -> Path:
    """``<data>/backups/<profile file stem>/``: beside the profile, one folder each."""
    return profile_path.parent / BACKUPS_FOLDER / profile_path.stem


def local_backups(profile_path: Path) -> list[Path]:
    """Every backup file of this profile on this laptop (the daily ones and the files
    kept when a restore replaced the profile), oldest name first."""
    folder = local_backup_folder(profile_path)
    if not folder.is_dir():
        return []
    return sorted(folder.glob("*" + BACKUP_SUFFIX))


def automatic_backup(profile: UnlockedProfile, now: datetime) -> Path | None:
    """Today's local backup, unless there is one already; then the old ones are thinned
    out (``backups_to_keep``). Returns the new file, or None when none was due."""
    today = now.astimezone().date()
    folder = local_backup_folder(profile.path)
    remove_partial_copies(folder, now)
    target = folder / f"{today.isoformat()}{BACKUP_SUFFIX}"
    if target.exists():
        return None
    make_private_folders(folder, up_to=profile.path.parent)
    made = back_up(profile, target, now, external=False)
    remove_old_backups(folder)
    return made


#: A half-written copy older than this is a crash's leftover, never a copy being made
#: (one takes a second or two), even by a passphrase change's backup running meanwhile.
PARTIAL_LEFTOVER_AFTER = timedelta(minutes=10)


def remove_partial_copies(folder: Path, now: datetime) -> list[Path]:
    """Delete the half-written copies (``.*.partial``, and a journal beside one) that a
    crash or a power cut in the middle of a backup left in this profile's backup folder:
    sealed, but never whole, they only take room. Returns them."""
    if not folder.is_dir():
        return []
    before = (now - PARTIAL_LEFTOVER_AFTER).timestamp()
    removed = []
    for path in [*folder.glob(".*.partial"), *folder.glob(".*.partial-journal")]:
        with contextlib.suppress(OSError):  # never a reason for the backup to fail
            if path.stat().st_mtime < before:
                path.unlink()
                removed.append(path)
    return removed


def daily_backups(folder: Path) -> dict[date, Path]:
    """The automatic backups in a folder, by day (other files are left alone)."""
    found = {}
    for path in folder.glob("*" + BACKUP_SUFFIX):
        match = _DAILY_NAME.match(path.name)
        if match is None:
            continue
        try:
            found[date.fromisoformat(match.group(1))] = path
        except ValueError:
            continue
    return found


def backups_to_keep(
    days: Iterable[date], *, daily: int = KEEP_DAILY, weekly: int = KEEP_WEEKLY
) -> set[date]:
    """Which of these backup days to keep: the newest of each of the last ``daily``
    days that have a backup, and the newest of each of the last ``weekly`` weeks (ISO
    weeks, Monday to Sunday) that have one."""
    newest_first = sorted(set(days), reverse=True)
    keep = set(newest_first[:daily])
    weeks_seen: set[tuple[int, int]] = set()
    for day in newest_first:
        year, week, _weekday = day.isocalendar()
        if (year, week) in weeks_seen:
            continue
        if len(weeks_seen) == weekly:
            break
        weeks_seen.add((year, week))
        keep.add(day)  # the newest day of that week
    return keep


#: How many of the files a restore replaced (``replaced <time>``) are kept: the newest.
REPLACED_KEPT = 3


def remove_old_backups(folder: Path) -> list[Path]:
    """Delete the automatic backups ``backups_to_keep`` does not keep, and all but the
    newest few files a restore replaced; returns them."""
    found = daily_backups(folder)
    keep = backups_to_keep(found)
    removed = []
    for day, path in sorted(found.items()):
        if day not in keep:
            delete_unopenable(path)
            removed.append(path)
    replaced = sorted(folder.glob("replaced *" + BACKUP_SUFFIX))  # the time sorts by name
    for path in replaced[: max(0, len(replaced) - REPLACED_KEPT)]:
        delete_unopenable(path)
        removed.append(path)
    return removed


def delete_unopenable(file: Path) -> None:
    """Delete a sealed copy, after writing random bytes over the wrapped profile keys in
    its header: what a disk tool brings back of it then opens with nothing, not even the
    passphrase it had."""
    make_unopenable(file)
    for suffix in ("-wal", "-shm", "-journal", "-lock"):
        file.with_name(file.name + suffix).unlink(missing_ok=True)
    file.unlink(missing_ok=True)


def make_unopenable(file: Path) -> None:
    """Write random bytes over the wrapped keys, in the file itself (not only its log)."""
    try:
        with contextlib.closing(sqlite3.connect(file)) as conn:
            conn.execute("PRAGMA secure_delete = ON")
            with conn:
                conn.execute(
                    "UPDATE vault SET passphrase_wrapped = randomblob(length(passphrase_wrapped)),"
                    " recovery_wrapped = randomblob(length(recovery_wrapped)) WHERE id = 1"
                )
            # The new header reaches the main file, over the old one, before it is deleted.
            conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        _flush(file)
    except (sqlite3.DatabaseError, OSError):
        # Not a file SQLite can write (damaged, or gone): deleted all the same. Its key
        # cannot be written over, so it still opens with its passphrase until the disk
        # reuses the space.
        pass


#: sync_items kind of what is still to be erased from the local backups: one item per
#: family (a random id; the value, sealed, is the family's id and its key's id, no name).
STILL_TO_ERASE_KIND = "backup-erasure"


@dataclass(frozen=True)
class StillToErase:
    """A family erased from the profile, not yet from every local backup."""

    item_id: str
    family_id: str
    key_id: str


def still_to_erase_items(families: Mapping[str, str]) -> dict[str, dict[str, bytes]]:
    """The sealed items (for ``UnlockedProfile.erase_families``' ``noting``) that say
    these families (family id -> key id) are still to be erased from the backups."""
    return {
        STILL_TO_ERASE_KIND: {
            secrets.token_hex(16): json.dumps({"family": family, "key": key}).encode()
            for family, key in families.items()
        }
    }


def still_to_erase(profile: UnlockedProfile) -> list[StillToErase]:
    """The families erased from the profile whose backups were not all reached yet (the
    profile locked, or the app closed, before it was done)."""
    found = []
    for item_id, value in profile.sealed_items(STILL_TO_ERASE_KIND).items():
        try:
            plain = json.loads(value)
            found.append(StillToErase(item_id, str(plain["family"]), str(plain["key"])))
        except (ValueError, KeyError, TypeError):
            continue
    return found


def done_erasing(profile: UnlockedProfile, done: Iterable[StillToErase]) -> None:
    """Take these off the list of what is still to erase from the backups."""
    profile.save_sealed_items(STILL_TO_ERASE_KIND, {}, delete=[d.item_id for d in done])


@dataclass
class BackupsReached:
    """What ``erase_from_local_backups`` did: backups the families were erased from, and
    backups that never will be written to (damaged, changed, under an older key); ``left``
    holds the key ids still in a backup it could not reach this time (open elsewhere, or
    it was stopped): those are to be tried again."""

    erased: int = 0
    missed: int = 0
    left: set[str] = field(default_factory=set)


def _keys_held(path: Path, key_ids: Collection[str]) -> set[str]:
    """Which of these family keys a file holds, read without writing or unlocking."""
    with contextlib.closing(read_only(path)) as conn:
        marks = ",".join("?" * len(key_ids))
        rows = conn.execute(
            f"SELECT id FROM keys WHERE id IN ({marks})",  # noqa: S608 - question marks only
            list(key_ids),
        ).fetchall()
    return {str(row[0]) for row in rows}


def erase_from_local_backups(
    profile: UnlockedProfile,
    families: Mapping[str, str],
    also: Callable[[UnlockedProfile, list[str]], object] = lambda _copy, _ids: None,
    *,
    stop: Callable[[], bool] = lambda: False,
    each_done: Callable[[Path], object] = lambda _path: None,
) -> BackupsReached:
    """Erase families (family id -> the id of its key, taken before it was erased) from
    this laptop's own backups too, as far as it can. Each backup holding one of those
    keys and sealed under the profile's present key is opened once with it and checked in
    full once (every value opened, the manifest); ``also`` is done to it (the families'
    drafts and decisions), and they are erased from it in one transaction, its freed space
    cleared once. A backup under an older key (made before the passphrase or recovery
    key changed), damaged, changed or open elsewhere is never written to: it still holds
    the families, sealed. ``stop`` is asked before each backup (the profile is locking);
    ``each_done`` is told after each one."""
    reached = BackupsReached()
    wanted = dict(families)
    if not wanted:
        return reached
    family_of = {key: family for family, key in wanted.items()}
    for path in local_backups(profile.path):
        try:
            held = _keys_held(path, family_of)
        except (sqlite3.Error, OSError):
            reached.missed += 1  # not a database (damaged): never written to
            continue
        if not held:
            continue  # made before the families were, or reached already
        if stop() or profile.is_locked:
            reached.left |= held
            continue
        reached_one = _erase_from_copy(profile, path, held, family_of, also)
        if reached_one is None:
            reached.left |= held  # open elsewhere, or a passing error: another time
        elif reached_one:
            reached.erased += 1
        else:
            reached.missed += 1
        each_done(path)
    return reached


def _erase_from_copy(
    profile: UnlockedProfile,
    path: Path,
    held: set[str],
    family_of: Mapping[str, str],
    also: Callable[[UnlockedProfile, list[str]], object],
) -> bool | None:
    """Erase the families whose keys a backup holds from it: True when done, False when
    it must never be written to, None when it could not be reached this time."""
    try:
        copy = profile.open_copy(path, must_hold_key=min(held))
    except ProfileInUse:
        return None
    except (VaultError, sqlite3.Error):
        return False  # another key, another version, or not a database
    except OSError:
        return None
    if copy is None:
        return True  # gone between the look and the opening
    try:
        if copy.damaged or not copy.integrity.ok:
            return False  # not as the app left it: never written to
        present = [family_of[k] for k in sorted(held) if copy.family_key_id(family_of[k]) == k]
        also(copy, present)
        if present:
            copy.erase_families(present)
        return True
    except (VaultError, sqlite3.Error):
        return False
    except OSError:
        return None
    finally:
        copy.lock()


def renew_local_backups(profile: UnlockedProfile, now: datetime) -> Path:
    """After the passphrase or recovery key changed: a backup under the new keys now
    (today's file, replaced in one step), then every older one on this laptop deleted,
    as the old passphrase and recovery key still open those. Returns the new backup."""
    folder = local_backup_folder(profile.path)
    make_private_folders(folder, up_to=profile.path.parent)
    target = folder / f"{now.astimezone().date().isoformat()}{BACKUP_SUFFIX}"
    fresh = back_up(profile, target, now, external=False)
    for path in local_backups(profile.path):
        if path != fresh:
            delete_unopenable(path)
    return fresh
