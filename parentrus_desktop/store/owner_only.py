"""A file only its owner can read, on every platform the app ships for."""

from __future__ import annotations

import os
import stat


def keep_to_owner(fd: int) -> None:
    """Owner-only rights on an open file, also when it replaced one made with other
    rights. Windows Python before 3.13 has no ``os.fchmod``, and there the rights are
    the user folder's access list (POSIX modes only set a read-only flag), so nothing
    is to be done."""
    # Only a regular file: a device such as /dev/null given as where to write must keep
    # its rights (made 0600 by root, it breaks every other program on the machine).
    if hasattr(os, "fchmod") and stat.S_ISREG(os.fstat(fd).st_mode):
        os.fchmod(fd, 0o600)
