"""One window at a time per profile: an operating-system lock held while it is unlocked.

Two windows (the app started twice, or parentrus-admin while the app is open) that
both write one profile would each keep their own idea of its keys and its integrity
manifest: after a passphrase change in one, the other seals with keys that are no
longer in the file, and those records are lost. The lock is on a small file beside the
profile, ``<profile>-lock``, taken without waiting; the operating system lets it go when
the process ends, so a crash never leaves a profile locked out.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

from parentrus_desktop.domain.validation import N_
from parentrus_desktop.vault.errors import VaultError

if sys.platform == "win32":  # pragma: no cover - exercised by the Windows build only
    import msvcrt
else:
    import fcntl


class ProfileInUse(VaultError):
    message = N_(
        "This profile is already open in another window (or in the admin tool). Lock it "
        "or close it there, then try again. Nothing has been changed."
    )


class ProfileLock:
    """Held from unlock to lock. ``release`` is safe to call more than once."""

    def __init__(self, profile_path: Path) -> None:
        self.path = profile_path.with_name(profile_path.name + "-lock")
        self._fd: int | None = None

    def acquire(self) -> ProfileLock:
        fd = os.open(self.path, os.O_RDWR | os.O_CREAT, 0o600)
        try:
            if sys.platform == "win32":  # pragma: no cover
                msvcrt.locking(fd, msvcrt.LK_NBLCK, 1)
            else:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError:
            os.close(fd)
            raise ProfileInUse from None
        self._fd = fd
        return self

    def release(self) -> None:
        fd, self._fd = self._fd, None
        if fd is None:
            return
        # Closing the file lets the lock go; the empty file stays, since removing it
        # while another process waits to lock it would let two hold "the" lock.
        os.close(fd)

    @property
    def held(self) -> bool:
        return self._fd is not None
