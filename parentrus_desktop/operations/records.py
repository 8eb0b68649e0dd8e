"""Saving, deleting and putting back records, and erasing a family: with what it takes
to undo each action (plain data, kept in memory only, forgotten at lock)."""

from __future__ import annotations

import contextlib
import sqlite3
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, datetime

from parentrus_desktop.domain.family import Family
from parentrus_desktop.domain.record import Record
from parentrus_desktop.domain.validation import N_, InvalidRecord
from parentrus_desktop.operations import DRAFTS, Done
from parentrus_desktop.operations.activity import FAMILY_ERASED, Activity, log_activities
from parentrus_desktop.operations.drafts import drop_drafts_about
from parentrus_desktop.operations.kept import forget_kept
from parentrus_desktop.store.backup import erase_from_local_backups
from parentrus_desktop.store.backup_history import Erasure, note_erasure
from parentrus_desktop.store.errors import FamilyNotFound
from parentrus_desktop.store.unlocked import UnlockedProfile
from parentrus_desktop.vault.errors import VaultError

SAVED = "saved"
DELETED = "deleted"
ALREADY_GONE = N_("This was already deleted.")


class ChangedSince(Exception):
    """An undo found the records changed again after the action: nothing is undone,
    so a later change is never overwritten."""

    message = N_("This was changed again since, so it was not undone.")


@dataclass(frozen=True)
class Undo:
    """How to take one action back.

    ``put_back``: records as they were before (a deleted record, or the last version of
    an edited one), saved again identical. ``take_away``: records the action created,
    deleted again. ``left``: each touched record as the action left it (None: deleted),
    checked before undoing.
    """

    what: str  # SAVED or DELETED
    kind: str  # the kind of the first record, for the message ("Session deleted.")
    put_back: tuple[Record, ...] = ()
    take_away: tuple[Record, ...] = ()
    left: tuple[tuple[str, Record | None], ...] = ()

    @property
    def possible(self) -> bool:
        """A new family cannot be taken away by undo: a family is only ever erased."""
        return not any(isinstance(r, Family) for r in self.take_away)

    def mentions(self, family_id: str) -> bool:
        return any(
            family_id == r.id or family_id in r.families_mentioned()
            for r in (*self.put_back, *self.take_away)
        )


def _kinds(records: Iterable[Record]) -> frozenset[str]:
    return frozenset(r.kind for r in records)


def save(profile: UnlockedProfile, *records: Record) -> Done[Undo]:
    """Save new or changed records as one action; the result says how to undo it."""
    before = {r.id: profile.get(r.id) for r in records}
    profile.save(*records)
    undo = Undo(
        what=SAVED,
        kind=records[0].kind if records else "",
        put_back=tuple(old for old in before.values() if old is not None),
        take_away=tuple(r for r in records if before[r.id] is None),
        left=tuple((r.id, r) for r in records),
    )
    return Done(undo, _kinds(records))


def delete(profile: UnlockedProfile, *records: Record) -> Done[Undo]:
    """Delete records (never a family: see erase_family) as one action; undo puts them
    back identical."""
    if any(isinstance(r, Family) for r in records):
        raise InvalidRecord("family", N_("A family is removed by erasing it."))
    # What is on disk, not what a screen may hold: that is what undo must put back. A
    # record already gone (deleted elsewhere) is left out: Undo must not bring it back.
    found = [profile.get(r.id) for r in records]
    current = [r for r in found if r is not None]
    if not current:
        raise InvalidRecord("record", ALREADY_GONE)
    profile.delete(*current)
    undo = Undo(
        what=DELETED,
        kind=current[0].kind,
        put_back=tuple(current),
        left=tuple((r.id, None) for r in current),
    )
    return Done(undo, _kinds(current))


def restore(profile: UnlockedProfile, undo: Undo) -> Done[Undo]:
    """Undo one action: put back what it changed or deleted and delete what it created.
    Raises ChangedSince (and changes nothing) when a record was changed after it."""
    if not undo.possible:
        raise ChangedSince
    for record_id, left in undo.left:
        if profile.get(record_id) != left:
            raise ChangedSince
    # One transaction: a failure half-way never leaves an action half undone.
    profile.replace(delete=undo.take_away, save=undo.put_back)
    return Done(undo, _kinds((*undo.put_back, *undo.take_away)))


def erase_family(profile: UnlockedProfile, family_id: str, **logged: str | int) -> Done[int]:
    """Erase a family for good: its key, its records, its place in group sessions, and
    any unsaved form about it. Returns how many records were erased or changed. The
    activity log notes the family's code (and ``logged``: why, when automatic)."""
    family = profile.get(family_id)
    if not isinstance(family, Family):
        raise FamilyNotFound
    kinds = {r.kind for r in profile.about_family(family_id)} | {Family.kind, DRAFTS}
    # Drafts first: had the erasing failed after, nothing the mentor wanted gone is kept.
    drop_drafts_about(profile, family_id)
    forget_kept(profile, family_id)  # before the erasure, whose rebuild clears its bytes
    key_id = profile.family_key_id(family_id)
    count = profile.erase_family(family_id)
    # Noted at once: if the profile locks while the backups below are being reached, the
    # erasure is still in the log (and Settings still says a USB backup predates it).
    erased_at = datetime.now(UTC)
    log_activities(profile, [Activity(erased_at, FAMILY_ERASED, {"code": family.code, **logged})])
    # Kept apart from the log (which drops its oldest entries): Settings says which USB
    # backups made before this still hold the family.
    with contextlib.suppress(VaultError, sqlite3.Error):
        note_erasure(profile, Erasure(erased_at, family.code))
    # Then from this laptop's own backups, as far as it can: never a reason for the
    # erasure itself to fail, which has happened already.
    if key_id is not None:

        def about_the_family(copy: UnlockedProfile) -> None:
            drop_drafts_about(copy, family_id)
            forget_kept(copy, family_id)

        with contextlib.suppress(VaultError, sqlite3.Error, OSError):
            erase_from_local_backups(profile, family_id, key_id, about_the_family)
    return Done(count, frozenset(kinds))
