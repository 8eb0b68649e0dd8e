"""What the profile remembers about its backups to USB sticks and folders, and about its
erasures, so that it can say which of those backups still hold erased families.

Both lists are sealed items (only the kind and a fixed id in the clear), never the
activity log: that log keeps only its newest entries, and an erasure must be
remembered as long as a backup made before it is listed.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from parentrus_desktop.store.unlocked import UnlockedProfile

EXTERNAL_KIND = "external-backups"
ERASURES_KIND = "erasures"
#: Each list is one item, whose id is its kind: an item's id is unique across kinds.
#: How many backups to sticks and folders the list keeps: the newest.
MOST_EXTERNAL = 20


@dataclass(frozen=True)
class ExternalBackup:
    """A backup to a USB stick or folder: when, and where (sealed in the profile)."""

    made_at: datetime
    folder: str
    file: str

    @property
    def path(self) -> Path | None:
        return Path(self.folder) / self.file if self.folder and self.file else None


@dataclass(frozen=True)
class Erasure:
    """A family erased: when, and its code (never its name)."""

    at: datetime
    code: str


def _load(profile: UnlockedProfile, kind: str) -> list[dict[str, str]] | None:
    value = profile.sealed_items(kind).get(kind)
    if value is None:
        return None
    try:
        plain = json.loads(value)
    except ValueError:
        return []
    if not isinstance(plain, list):
        return []
    return [
        {str(k): str(v) for k, v in entry.items()} for entry in plain if isinstance(entry, dict)
    ]


def _save(profile: UnlockedProfile, kind: str, entries: list[dict[str, str]]) -> None:
    value = json.dumps(entries, separators=(",", ":"), sort_keys=True).encode()
    profile.save_sealed_items(kind, {kind: value})


def _when(text: str | None) -> datetime | None:
    try:
        return datetime.fromisoformat(text) if text else None
    except ValueError:
        return None


def external_backups(
    profile: UnlockedProfile, last_external: str | None = None
) -> list[ExternalBackup]:
    """The backups to USB sticks and folders made from this profile, newest first.
    ``last_external``: when the last one was made, as the profile noted it before it
    kept a list (shown then as the only one, without its file name)."""
    stored = _load(profile, EXTERNAL_KIND)
    found = []
    for entry in stored or []:
        made = _when(entry.get("made_at"))
        if made is not None:
            found.append(ExternalBackup(made, entry.get("folder", ""), entry.get("file", "")))
    if stored is None and (made := _when(last_external)) is not None:
        found.append(ExternalBackup(made, "", ""))
    return sorted(found, key=lambda b: b.made_at, reverse=True)


def note_external_backup(profile: UnlockedProfile, made: ExternalBackup) -> None:
    """Add a backup to the list (the newest MOST_EXTERNAL are kept). An older entry for
    the same file is dropped: that file was written over."""
    kept = [
        b for b in external_backups(profile) if not (b.path is not None and b.path == made.path)
    ]
    newest = sorted([made, *kept], key=lambda b: b.made_at, reverse=True)[:MOST_EXTERNAL]
    _save(
        profile,
        EXTERNAL_KIND,
        [{"made_at": b.made_at.isoformat(), "folder": b.folder, "file": b.file} for b in newest],
    )
    # Erasures from before the oldest backup listed say nothing about any of them.
    _save_erasures(profile, erasures(profile), oldest=newest[-1].made_at)


def put_back(profile: UnlockedProfile, listed: list[ExternalBackup], erased: list[Erasure]) -> None:
    """Put both lists back as they were (when the backup just noted failed)."""
    _save(
        profile,
        EXTERNAL_KIND,
        [{"made_at": b.made_at.isoformat(), "folder": b.folder, "file": b.file} for b in listed],
    )
    _save(profile, ERASURES_KIND, [{"at": e.at.isoformat(), "code": e.code} for e in erased])


def erasures(profile: UnlockedProfile) -> list[Erasure]:
    """Families erased since the oldest backup to a stick or folder listed, oldest first."""
    found = []
    for entry in _load(profile, ERASURES_KIND) or []:
        at = _when(entry.get("at"))
        if at is not None and entry.get("code"):
            found.append(Erasure(at, entry["code"]))
    return sorted(found, key=lambda e: e.at)


def note_erasure(profile: UnlockedProfile, *erased: Erasure) -> None:
    """Remember erasures, for as long as a backup made before them is listed."""
    listed = external_backups(profile)
    if not listed or not erased:
        return  # no backup to a stick or folder can hold the family: nothing to say
    _save_erasures(profile, [*erasures(profile), *erased], oldest=listed[-1].made_at)


def _save_erasures(profile: UnlockedProfile, found: list[Erasure], *, oldest: datetime) -> None:
    _save(
        profile,
        ERASURES_KIND,
        [{"at": e.at.isoformat(), "code": e.code} for e in found if e.at > oldest],
    )


def erased_after(backup: ExternalBackup, found: list[Erasure]) -> list[Erasure]:
    """The erasures made after ``backup``: that backup still holds those families."""
    return [e for e in found if e.at > backup.made_at]
