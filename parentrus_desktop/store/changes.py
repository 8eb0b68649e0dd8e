"""Which copy of a profile holds the newest work: a count of changes for each place the
profile has lived, sealed in the profile itself (a version vector).

A restore must not silently replace work the backup does not hold. File times cannot
tell: a profile moved to a second laptop, worked on there, backed up and restored on the
first one is older on the first laptop, yet its file was written later (an unlock alone
writes the activity log). So every change counts one for the place the profile lives
now (a random id, new at each restore), and a restore replaces a profile silently only
when the backup's count for every place is at least the profile's.
"""

from __future__ import annotations

import contextlib
import json
import secrets
import sqlite3
from dataclasses import dataclass, field
from pathlib import Path

from parentrus_desktop.store.database import read_only
from parentrus_desktop.vault.errors import DamagedValue
from parentrus_desktop.vault.sealing import Sealer

#: The sealed item that holds the counts, and its one id.
KIND = "change-counts"
ITEM_ID = "change-counts"
#: Kinds of sealed items that are not the mentor's work, so changing them counts for
#: nothing: what an unlock writes (operations/activity.py ACTIVITY, the activity log;
#: operations/retention.py CLOCK, the latest time the clock looked right) and what a
#: backup writes (store/backup.py STATE_KIND; store/backup_history.py EXTERNAL_KIND), and
#: the list of families still to erase from the backups, emptied as they are cleaned
#: (store/backup.py STILL_TO_ERASE_KIND; the erasure itself counts).
NOT_WORK = frozenset(
    {KIND, "activity", "clock-seen", "backup-state", "external-backups", "backup-erasure"}
)


def new_place() -> str:
    return secrets.token_hex(8)


@dataclass(frozen=True)
class ChangeCounts:
    """How many changes were made to this profile in each place it has lived."""

    here: str = field(default_factory=new_place)
    counts: dict[str, int] = field(default_factory=dict)

    def one_more(self) -> ChangeCounts:
        done_here = self.counts.get(self.here, 0)
        return ChangeCounts(self.here, {**self.counts, self.here: done_here + 1})

    def moved(self) -> ChangeCounts:
        """The same counts in a new place (a restored copy): changes made from now on
        are told apart from those made where the backup came from."""
        return ChangeCounts(new_place(), dict(self.counts))

    def holds_all_of(self, other: ChangeCounts) -> bool:
        """Whether a copy with these counts has every change ``other`` has."""
        return all(self.counts.get(place, 0) >= n for place, n in other.counts.items())

    def to_bytes(self) -> bytes:
        return json.dumps({"here": self.here, "counts": self.counts}, sort_keys=True).encode()

    @classmethod
    def from_bytes(cls, value: bytes | None) -> ChangeCounts:
        """The counts kept, or none yet (a profile made before counts were kept, or a
        value that does not read: then nothing is known, and a restore says so)."""
        if value is None:
            return cls()
        try:
            data = json.loads(value)
            counts = {str(k): int(v) for k, v in data["counts"].items()}
            return cls(str(data["here"]), counts)
        except (ValueError, KeyError, TypeError, AttributeError):
            return cls()


def counts_in_file(path: Path, profile_key: bytes, place: bytes) -> ChangeCounts | None:
    """The counts in a closed profile file, opened with ``profile_key``; None when they
    do not open with it (the file was rekeyed: its passphrase changed since) or the
    file does not read."""
    try:
        with contextlib.closing(read_only(path)) as conn:
            row = conn.execute(
                "SELECT sealed FROM sync_items WHERE kind = ? AND id = ?", (KIND, ITEM_ID)
            ).fetchone()
            if row is None:
                # No counts: a profile from before they were kept, or one never changed.
                # Only the second holds nothing a backup could lack.
                changed = conn.execute("SELECT count(*) FROM records").fetchone()[0]
                return ChangeCounts() if changed == 0 else None
            return ChangeCounts.from_bytes(Sealer(profile_key).open(row[0], place))
    except (sqlite3.Error, OSError, DamagedValue):
        return None
