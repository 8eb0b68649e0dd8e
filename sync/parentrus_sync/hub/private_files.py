"""Files the hub writes (its database, its config, invitations, exports) readable by the
hub's own user only: 0600 from the moment they exist, whatever the umask."""

from __future__ import annotations

import os
import stat
from pathlib import Path

PRIVATE = 0o600


def _keep_to_owner(fd: int) -> None:
    # Only a regular file: `export --out /dev/null` run as root must not make the
    # machine's /dev/null unwritable for everyone else (it did, once, on a shared box).
    if stat.S_ISREG(os.fstat(fd).st_mode):
        os.fchmod(fd, PRIVATE)


def write_private(path: Path, content: bytes) -> None:
    """Write ``content`` to ``path``, created 0600 (an existing file is made 0600 first,
    before anything new is in it)."""
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, PRIVATE)
    try:
        _keep_to_owner(fd)
        with os.fdopen(fd, "wb") as file:
            fd = -1  # the file object closes it now
            file.write(content)
    finally:
        if fd != -1:
            os.close(fd)


def make_private(path: Path) -> None:
    """Create ``path`` empty and 0600 if it does not exist; make it 0600 if it does.
    SQLite then makes its -wal and -shm files with the same permissions."""
    fd = os.open(path, os.O_RDONLY | os.O_CREAT, PRIVATE)
    try:
        _keep_to_owner(fd)
    finally:
        os.close(fd)
