"""Saving, deleting and putting back records, and erasing a family: with what it takes
to undo each action (plain data, kept in memory only, forgotten at lock)."""

from __future__ import annotations

import contextlib
import sqlite3
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime

from parentrus_desktop.domain.family import Family
from parentrus_desktop.domain.record import Record
from parentrus_desktop.domain.validation import N_, InvalidRecord
from parentrus_desktop.operations import DRAFTS, Done
from parentrus_desktop.operations.activity import FAMILY_ERASED, Activity, log_activities
from parentrus_desktop.operations.drafts import drop_drafts_about_families
from parentrus_desktop.operations.kept import forget_kept_families
from parentrus_desktop.store import backup as backups
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


def erase_family(
    profile: UnlockedProfile, family_id: str, *, reach_backups: bool = True, **logged: str | int
) -> Done[int]:
    """Erase a family for good: its key, its records, its place in group sessions, and
    any unsaved form about it (see ``erase_families``)."""
    return erase_families(profile, [family_id], reach_backups=reach_backups, **logged)


def erase_families(
    profile: UnlockedProfile,
    family_ids: Sequence[str],
    *,
    reach_backups: bool = True,
    **logged: str | int,
) -> Done[int]:
    """Erase families for good, in one step: their keys, their records, their place in
    group sessions, and any unsaved form about them. Returns how many records were
    erased or changed. The activity log notes each family's code (and ``logged``: why,
    when automatic). The same transaction notes that they are still to be erased from
    this laptop's own backups; with ``reach_backups`` that is done before returning (the
    CLI), otherwise the GUI does it in the background (``finish_erasing_from_backups``)."""
    families = []
    for family_id in dict.fromkeys(family_ids):
        family = profile.get(family_id)
        if not isinstance(family, Family):
            raise FamilyNotFound
        families.append(family)
    kinds = {Family.kind, DRAFTS}
    keys: dict[str, str] = {}
    for family in families:
        kinds |= {r.kind for r in profile.about_family(family.id)}
        key_id = profile.family_key_id(family.id)
        if key_id is not None:
            keys[family.id] = key_id
    # Drafts first: had the erasing failed after, nothing the mentor wanted gone is kept.
    # The decisions to keep go before the erasure too, whose rebuild clears their bytes.
    _about_the_families(profile, [f.id for f in families])
    count = profile.erase_families(
        [f.id for f in families], noting=backups.still_to_erase_items(keys)
    )
    # Noted at once: if the profile locks while the backups below are being reached, the
    # erasure is still in the log (and Settings still says a USB backup predates it).
    now = datetime.now(UTC)
    log_activities(
        profile, [Activity(now, FAMILY_ERASED, {"code": f.code, **logged}) for f in families]
    )
    # Kept apart from the log (which drops its oldest entries): Settings says which USB
    # backups made before this still hold the families.
    with contextlib.suppress(VaultError, sqlite3.Error):
        note_erasure(profile, *(Erasure(now, f.code) for f in families))
    if reach_backups:
        # Never a reason for the erasure itself to fail, which has happened already;
        # whatever is not reached now is reached at the next unlock or lock.
        with contextlib.suppress(VaultError, sqlite3.Error, OSError):
            finish_erasing_from_backups(profile)
    return Done(count, frozenset(kinds))


def _about_the_families(profile: UnlockedProfile, family_ids: list[str]) -> None:
    """The drafts and the decisions to keep about families being erased (in the profile
    or a backup): one step each, and none when there are none."""
    drop_drafts_about_families(profile, family_ids)
    forget_kept_families(profile, family_ids)


def finish_erasing_from_backups(
    profile: UnlockedProfile, stop: Callable[[], bool] = lambda: False
) -> Done[backups.BackupsReached]:
    """Erase the families still to be erased from this laptop's own backups (all in one
    pass: each backup opened and checked once), and take off that list each family no
    backup within reach holds any more. ``stop`` is asked before each backup; what is
    left is done at the next unlock or lock. Nothing on screen changes."""
    waiting = backups.still_to_erase(profile)
    if not waiting:
        return Done(backups.BackupsReached())
    reached = backups.erase_from_local_backups(
        profile,
        {w.family_id: w.key_id for w in waiting},
        _about_the_families,
        stop=stop,
    )
    backups.done_erasing(profile, [w for w in waiting if w.key_id not in reached.left])
    return Done(reached)
