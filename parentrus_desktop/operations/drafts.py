"""Unsaved forms kept sealed in the vault when the profile locks, so nothing typed is lost.

A draft is plain data: which form, which record it edits, which family it is about,
and what was in each field. It is sealed under the profile key like every other item
the app keeps apart from records (never in the clear on disk), offered back after the
next unlock, and deleted when the mentor declines it or after a week.
"""

from __future__ import annotations

import hashlib
import json
import secrets
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime, timedelta
from typing import Any

from parentrus_desktop.domain.record import Record
from parentrus_desktop.domain.row_form import record_to_row
from parentrus_desktop.operations import DRAFTS, Done
from parentrus_desktop.store.unlocked import UnlockedProfile

#: The kind of sealed item a draft is kept as.
DRAFT = "draft"
#: How long a draft waits for the mentor: older ones are deleted at unlock.
KEEP_FOR = timedelta(days=7)
_FORMAT = 1  # version of a draft's own format (``was`` is optional: older drafts lack it)
#: What happened to the record a draft changes since its form opened (see since_started).
CHANGED = "changed"
GONE = "gone"


def new_draft_id() -> str:
    """A random id: it says nothing about the form, the family or the time."""
    return "draft-" + secrets.token_hex(16)


def now_utc() -> datetime:
    return datetime.now(UTC)


def fingerprint(record: Record) -> str:
    """A digest of everything a record holds: kept (sealed) with a draft, it tells
    whether the record was changed after the form opened, without a copy of it."""
    plain = json.dumps(record_to_row(record), ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(plain.encode()).hexdigest()


@dataclass(frozen=True)
class Draft:
    """One form as it was when the profile locked."""

    form: str  # which form (the name the workspace reopens it by)
    fields: Mapping[str, Any]  # what each field held, by field name (JSON values)
    written_at: datetime  # when it was sealed away (UTC)
    editing: str | None = None  # the id of the record the form changes; None: a new one
    family: str | None = None  # the family the form is about, if one
    families: tuple[str, ...] = ()  # every family it names (erasing one deletes it)
    pending: tuple[str, ...] = ()  # ids being saved as the profile locked
    was: str | None = None  # fingerprint of the record ``editing`` as the form opened
    id: str = field(default_factory=new_draft_id)
    #: Not kept: an older draft of the same record was deleted in favour of this one.
    had_older: bool = field(default=False, compare=False)

    def to_bytes(self) -> bytes:
        return json.dumps(
            {
                "format": _FORMAT,
                "form": self.form,
                "fields": dict(self.fields),
                "written_at": self.written_at.astimezone(UTC).isoformat(),
                "editing": self.editing,
                "family": self.family,
                "families": list(self.families),
                "pending": list(self.pending),
                "was": self.was,
            },
            ensure_ascii=False,
            separators=(",", ":"),
        ).encode()

    @classmethod
    def from_bytes(cls, draft_id: str, data: bytes) -> Draft:
        """Raises ValueError when the bytes are not a draft this version can read."""
        try:
            plain = json.loads(data.decode())
            if plain.get("format") != _FORMAT or not isinstance(plain["fields"], dict):
                raise ValueError("not a draft")
            written_at = datetime.fromisoformat(plain["written_at"])
            if written_at.tzinfo is None:
                raise ValueError("no time zone")
            return cls(
                id=draft_id,
                form=str(plain["form"]),
                fields=plain["fields"],
                written_at=written_at,
                editing=plain["editing"],
                family=plain["family"],
                families=tuple(plain["families"]),
                pending=tuple(plain["pending"]),
                was=plain.get("was"),
            )
        except (KeyError, TypeError, AttributeError, UnicodeDecodeError) as problem:
            raise ValueError("not a draft") from problem


def keep_drafts(profile: UnlockedProfile, drafts: Iterable[Draft]) -> Done[int]:
    """Seal drafts into the vault as one action (the app calls this just before locking)."""
    items = {d.id: d.to_bytes() for d in drafts}
    if items:
        profile.save_sealed_items(DRAFT, items)
    return Done(len(items), frozenset({DRAFTS}) if items else frozenset())


def waiting_drafts(profile: UnlockedProfile, now: datetime | None = None) -> Done[list[Draft]]:
    """The drafts to offer back, oldest first. Deletes, in the same step, drafts older
    than KEEP_FOR, drafts this version cannot read, and drafts of a new record whose save
    had reached the disk after all (every pending id is saved)."""
    moment = now or now_utc()
    keep: list[Draft] = []
    drop: list[str] = []
    for draft_id, data in profile.sealed_items(DRAFT).items():
        try:
            draft = Draft.from_bytes(draft_id, data)
        except ValueError:
            drop.append(draft_id)
            continue
        # Only a new record shows that its save landed: a changed one was there before
        # the save, whether or not the save reached the disk (it may have been waiting
        # for a free thread when the profile locked). Offered again, a change that did
        # land is only asked about once more; dropped, one that did not would be lost.
        saved = (
            draft.editing is None
            and bool(draft.pending)
            and all(profile.get(i) is not None for i in draft.pending)
        )
        if moment - draft.written_at > KEEP_FOR or saved:
            drop.append(draft_id)
        else:
            keep.append(draft)
    # Two drafts of one record (Later, then the record opened and left unsaved again):
    # only the newest is offered, saying an older one was deleted, so an old text never
    # comes back after a newer one.
    keep.sort(key=lambda d: d.written_at)
    newest: dict[str, int] = {}
    for place, draft in enumerate(keep):
        if draft.editing is None:
            continue
        if draft.editing in newest:
            older = keep[newest[draft.editing]]
            drop.append(older.id)
            keep[place] = replace(draft, had_older=True)
        newest[draft.editing] = place
    dropped = set(drop)
    keep = [d for d in keep if d.id not in dropped]
    if drop:
        profile.save_sealed_items(DRAFT, {}, delete=drop)
    return Done(keep, frozenset({DRAFTS}) if drop else frozenset())


def since_started(profile: UnlockedProfile, draft: Draft) -> str | None:
    """CHANGED when the record the draft changes was saved differently after its form
    opened, GONE when it was deleted, None when it is as it was (or the draft is of a
    new record, or too old to say)."""
    if draft.editing is None:
        return None
    record = profile.get(draft.editing)
    if record is None:
        return GONE
    if draft.was is not None and fingerprint(record) != draft.was:
        return CHANGED
    return None


def drop_draft(profile: UnlockedProfile, draft_id: str) -> Done[None]:
    """Delete one draft (the mentor said no, or carried on with it)."""
    profile.save_sealed_items(DRAFT, {}, delete=[draft_id])
    return Done(None, frozenset({DRAFTS}))


def drop_drafts_about(profile: UnlockedProfile, family_id: str) -> Done[int]:
    """Delete every draft that names a family (the family is being erased)."""
    return drop_drafts_about_families(profile, {family_id})


def drop_drafts_about_families(profile: UnlockedProfile, family_ids: Iterable[str]) -> Done[int]:
    """Delete every draft that names one of these families, in one step (they are being
    erased together)."""
    leaving = set(family_ids)
    drop = []
    for draft_id, data in profile.sealed_items(DRAFT).items():
        try:
            draft = Draft.from_bytes(draft_id, data)
        except ValueError:
            continue
        if not leaving.isdisjoint((draft.family, draft.editing, *draft.families)):
            drop.append(draft_id)
    if drop:
        profile.save_sealed_items(DRAFT, {}, delete=drop)
    return Done(len(drop), frozenset({DRAFTS}) if drop else frozenset())
