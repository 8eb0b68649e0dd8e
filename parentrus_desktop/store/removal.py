"""Removing a profile from this laptop: the profile's file and the laptop's own backups
of it, each made unopenable before it is deleted.

Deleting a file leaves its bytes on the disk until they are written over, and a sealed
profile still opens with its passphrase. So the wrapped profile key in each file's header
(under the passphrase, and under the recovery key) is first written over with random
bytes, with SQLite's secure delete on, and flushed: what a disk tool brings back then opens
with nothing. Backups on a USB stick or in another folder are not touched (the app
cannot reach them, and one is how the mentor takes the profile to a new laptop).
"""

from __future__ import annotations

import contextlib
from pathlib import Path

from parentrus_desktop.store.backup import (
    _flush_folder,
    local_backup_folder,
    local_backups,
    make_unopenable,
)
from parentrus_desktop.store.profile_lock import ProfileLock

_COMPANIONS = ("-wal", "-shm", "-journal")


def remove_profile(path: Path) -> int:
    """Make the locked profile at ``path`` and its local backups unopenable, then delete
    them. Raises ProfileInUse when a window has it open. Returns how many files went."""
    window_lock = ProfileLock(path).acquire()
    try:
        files = [*local_backups(path), path]
        for file in files:
            make_unopenable(file)
        for file in files:
            _delete_with_companions(file)
        folder = local_backup_folder(path)
        with contextlib.suppress(OSError):
            for left in folder.iterdir():  # half-written copies a crash left
                left.unlink()
            folder.rmdir()
        return len(files)
    finally:
        window_lock.release()
        for suffix in ("-lock", "-tries"):  # the lock file, and the times of wrong tries
            path.with_name(path.name + suffix).unlink(missing_ok=True)


def _delete_with_companions(file: Path) -> None:
    for suffix in _COMPANIONS:
        file.with_name(file.name + suffix).unlink(missing_ok=True)
    file.unlink(missing_ok=True)
    _flush_folder(file.parent)
