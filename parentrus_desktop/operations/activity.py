"""The activity log: what happened on this profile (unlocks, exports, erasures, backups),
sealed in the vault, never naming a family except by its code."""

from __future__ import annotations

import contextlib
import json
import secrets
import sqlite3
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta

from parentrus_desktop.domain.validation import N_
from parentrus_desktop.i18n import _, format_day, format_time, ngettext
from parentrus_desktop.store.unlocked import UnlockedProfile
from parentrus_desktop.vault.errors import VaultError

#: The kind of sealed item each entry is kept as (store/unlocked.py, sealed_items).
ACTIVITY = "activity"
#: The oldest entries go when there are more: a log for the mentor, not an archive.
MOST_ENTRIES = 2000

UNLOCKED = "unlocked"
UNLOCKED_WITH_RECOVERY_KEY = "unlocked_with_recovery_key"
FAILED_UNLOCK = "failed_unlock"
FAMILY_EXPORTED = "family_exported"
REPORTS_SAVED_TO_FILE = "reports_saved_to_file"
REPORTS_SENT = "reports_sent"
FAMILY_ERASED = "family_erased"
FAMILY_KEPT = "family_kept"
OWN_WORK_SAVED = "own_work_saved"
PASSPHRASE_CHANGED = "passphrase_changed"  # noqa: S105 - a kind of entry, not a secret
RECOVERY_KEY_CHANGED = "recovery_key_changed"
RETENTION_CHANGED = "retention_changed"
BACKUP_MADE = "backup_made"
BACKUP_RESTORED = "backup_restored"

#: What each kind says, in the mentor's words; details fill the {placeholders}.
_WORDS = {
    UNLOCKED: N_("Unlocked"),
    UNLOCKED_WITH_RECOVERY_KEY: N_("Unlocked with the recovery key"),
    FAILED_UNLOCK: N_("Someone typed a wrong passphrase"),
    FAMILY_EXPORTED: N_("Saved everything about family {code} to a file"),
    REPORTS_SAVED_TO_FILE: N_("Saved reports for the school to a file"),
    OWN_WORK_SAVED: N_("Saved my log of sessions and hours to a file"),
    PASSPHRASE_CHANGED: N_("Changed the passphrase"),
    RECOVERY_KEY_CHANGED: N_("Made a new recovery key"),
    RETENTION_CHANGED: N_("Changed how long closed families are kept"),
    BACKUP_MADE: N_("Made a backup"),
    BACKUP_RESTORED: N_("Restored from a backup"),
}

Detail = str | int


@dataclass(frozen=True)
class Activity:
    """One thing that happened: when (UTC), what kind, and plain details (codes, counts)."""

    at: datetime
    kind: str
    details: dict[str, Detail] = field(default_factory=dict)

    def to_bytes(self) -> bytes:
        return json.dumps(
            {"at": self.at.isoformat(), "kind": self.kind, "details": self.details},
            separators=(",", ":"),
        ).encode()

    @classmethod
    def from_bytes(cls, value: bytes) -> Activity:
        plain = json.loads(value)
        at = datetime.fromisoformat(plain["at"])
        details = {str(k): v for k, v in dict(plain.get("details") or {}).items() if _detail_ok(v)}
        return cls(at=at, kind=str(plain["kind"]), details=details)


def _detail_ok(value: object) -> bool:
    return isinstance(value, str | int) and not isinstance(value, bool)


def log_activities(
    profile: UnlockedProfile, activities: Sequence[Activity], *, replacing: timedelta | None = None
) -> bool:
    """Seal entries into the log (dropping the oldest beyond MOST_ENTRIES). Never raises
    for the file: the action the entry is about has already happened, and must not look
    as if it failed. Returns whether they were kept. ``replacing``: an entry of the same
    kind made less than that long before replaces the older one (a setting changed
    step by step is one entry, not one per click)."""
    if not activities:
        return True
    with contextlib.suppress(VaultError, sqlite3.Error):
        kept = _stored(profile)
        replaced = []
        if replacing is not None:
            kinds = {a.kind for a in activities}
            since = min(a.at for a in activities) - replacing
            replaced = [i for i, a in kept if a.kind in kinds and a.at >= since]
            kept = [(i, a) for i, a in kept if i not in replaced]
        new = {"activity-" + secrets.token_hex(12): a for a in activities}
        everything = sorted([*kept, *new.items()], key=lambda pair: pair[1].at)
        too_many = len(everything) - MOST_ENTRIES
        dropped = replaced + [item_id for item_id, _a in everything[: max(0, too_many)]]
        profile.save_sealed_items(
            ACTIVITY,
            {item_id: a.to_bytes() for item_id, a in new.items() if item_id not in dropped},
            delete=dropped,
        )
        return True
    return False


def log_activity(
    profile: UnlockedProfile, kind: str, *, at: datetime | None = None, **details: Detail
) -> bool:
    """Note one thing that happened. Details are codes and counts only: never a name,
    a note or a file path. For the backup helper: ``log_activity(profile, BACKUP_MADE)``
    and ``log_activity(profile, BACKUP_RESTORED)``."""
    for value in details.values():
        if not _detail_ok(value):
            raise TypeError("an activity detail is a code or a count")
    return log_activities(profile, [Activity(at or datetime.now(UTC), kind, dict(details))])


def _stored(profile: UnlockedProfile) -> list[tuple[str, Activity]]:
    stored = []
    for item_id, value in profile.sealed_items(ACTIVITY).items():
        try:
            stored.append((item_id, Activity.from_bytes(value)))
        except (ValueError, KeyError, TypeError, AttributeError):
            continue  # opened but not understood: left out, as a damaged value is
    return stored


def activity_log(profile: UnlockedProfile) -> list[Activity]:
    """Every entry kept, newest first."""
    return sorted((a for _id, a in _stored(profile)), key=lambda a: a.at, reverse=True)


def note_unlock(
    profile: UnlockedProfile,
    *,
    failed_at: Iterable[datetime] = (),
    with_recovery_key: bool = False,
    now: datetime | None = None,
) -> bool:
    """At a successful unlock: the wrong passphrases typed before it (counted by the
    throttle, in memory, since nothing can be written before unlocking), then the unlock."""
    entries = [Activity(at, FAILED_UNLOCK) for at in failed_at]
    kind = UNLOCKED_WITH_RECOVERY_KEY if with_recovery_key else UNLOCKED
    entries.append(Activity(now or datetime.now(UTC), kind))
    return log_activities(profile, entries)


def activity_words(activity: Activity) -> str:
    """One entry as a line for the mentor, in the current language."""
    details = activity.details
    if activity.kind == FAMILY_ERASED:
        if details.get("automatically"):
            text = ngettext(
                "Erased family {code} automatically (closed more than {months} month ago)",
                "Erased family {code} automatically (closed more than {months} months ago)",
                int(details.get("months", 0)),
            )
        else:
            text = _("Erased family {code}")
    elif activity.kind == FAMILY_KEPT:
        text = _("Kept family {code} until {day}")
    elif activity.kind == BACKUP_RESTORED and "day" in details:
        text = _("Restored from a backup made on {day}")
    elif activity.kind == REPORTS_SENT:
        count = int(details.get("count", 0))
        text = ngettext(
            "{count} report received by the school", "{count} reports received by the school", count
        )
    elif activity.kind in _WORDS:
        text = _(_WORDS[activity.kind])
    else:
        text = _("Something else ({kind})")
    shown = dict(details)
    if isinstance(shown.get("day"), str):
        with contextlib.suppress(ValueError):
            shown["day"] = format_day(datetime.fromisoformat(str(shown["day"])).date())
    with contextlib.suppress(KeyError, IndexError, ValueError):
        return text.format(kind=activity.kind, **shown)
    return text


def when_words(activity: Activity) -> str:
    """The entry's day and time, on this laptop's clock."""
    local = activity.at.astimezone()
    return format_day(local.date()) + " " + format_time(local)
