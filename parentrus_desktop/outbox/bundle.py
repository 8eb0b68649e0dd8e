"""Saving the waiting reports to a file, for a school with no network: a USB bundle."""

from __future__ import annotations

import contextlib
import os
import tempfile
from pathlib import Path

from parentrus_sync.protocol import bundle

from parentrus_desktop.outbox.outbox import waiting_envelopes
from parentrus_desktop.store.unlocked import UnlockedProfile


def save_bundle(profile: UnlockedProfile, path: Path) -> int:
    """Write every waiting (or sent, not yet received) report, each still signed by this
    laptop, to ``path``; returns how many. The file appears whole or not at all: a full
    disk or a folder that cannot be written raises OSError and leaves nothing behind,
    and the reports stay in the outbox either way."""
    envelopes = waiting_envelopes(profile)
    body = bundle(list(envelopes))
    folder = path.parent
    # In the same folder, so the rename is atomic; the reports in it are noised totals
    # already meant for the school, never anything about one family.
    handle, temporary = tempfile.mkstemp(prefix=".parentrus-bundle-", dir=folder)
    try:
        with os.fdopen(handle, "wb") as file:
            file.write(body)
            file.flush()
            os.fsync(file.fileno())
        os.replace(temporary, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(temporary)
        raise
    with contextlib.suppress(OSError):  # not every system can sync a folder
        folder_handle = os.open(folder, os.O_RDONLY)
        try:
            os.fsync(folder_handle)
        finally:
            os.close(folder_handle)
    return len(envelopes)
