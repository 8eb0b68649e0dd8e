"""A file only its owner can read, on every platform the app ships for."""

from __future__ import annotations

import os


def keep_to_owner(fd: int) -> None:
    """Owner-only rights on an open file, also when it replaced one made with other
    rights. Windows Python before 3.13 has no ``os.fchmod``, and there the rights are
    the user folder's access list (POSIX modes only set a read-only flag), so nothing
    is to be done."""
    if hasattr(os, "fchmod"):
        os.fchmod(fd, 0o600)
