"""An unlocked profile: every record opened into memory, and every change saved sealed.

Each user action (save a session with its follow-up, erase a family) is one
transaction: it is either wholly on disk or not at all, and memory changes only
after the disk has it.
"""

from __future__ import annotations

import contextlib
import functools
import gc
import json
import secrets
import sqlite3
import threading
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TypeVar

import sqlite_utils

from parentrus_desktop.domain.family import Family
from parentrus_desktop.domain.record import Record
from parentrus_desktop.domain.row_form import record_from_row, record_to_row
from parentrus_desktop.domain.session import Session
from parentrus_desktop.domain.validation import N_, InvalidRecord
from parentrus_desktop.store import changes
from parentrus_desktop.store.database import (
    clear_freed_space,
    open_database,
    plain_errors,
    read_only,
)
from parentrus_desktop.store.errors import FamilyNotFound
from parentrus_desktop.store.integrity import FileChangedOutsideApp
from parentrus_desktop.store.manifest import (
    IntegrityResult,
    Manifest,
    ManifestedDatabase,
    manifest_key,
)
from parentrus_desktop.store.profile_lock import ProfileLock
from parentrus_desktop.store.schema import SCHEMA_VERSION
from parentrus_desktop.store.search import SearchIndex
from parentrus_desktop.vault.errors import DamagedValue, VaultError
from parentrus_desktop.vault.keys import unwrap_key, wrap_key
from parentrus_desktop.vault.sealing import Sealer, new_key, placement

R = TypeVar("R", bound=Record)
TABLE = "records"
#: A new record, or a changed one in its place (saving and undoing both write this way).
_SAVE_ROW = (
    "INSERT INTO records (id, kind, key_id, schema_version, sealed) "
    "VALUES (?, ?, ?, ?, ?) ON CONFLICT(id) DO UPDATE SET kind = excluded.kind, "
    "key_id = excluded.key_id, schema_version = excluded.schema_version, "
    "sealed = excluded.sealed"
)
_SAVE_ITEM = (
    "INSERT INTO sync_items (id, kind, sealed) VALUES (?, ?, ?) ON CONFLICT(id) "
    "DO UPDATE SET kind = excluded.kind, sealed = excluded.sealed"
)


class ProfileLocked(VaultError):
    message = N_("This profile is locked. Please unlock it again.")


@dataclass(frozen=True, slots=True)
class DamagedRecord:
    """A record whose sealed value would not open: reported, never guessed at."""

    id: str
    kind: str


def family_key_purpose(key_id: str) -> str:
    return "family-key:" + key_id


F = TypeVar("F", bound=Callable[..., Any])


def _one_at_a_time(method: F) -> F:
    """Let one thread at a time use the profile: the app saves and opens in the
    background while the screens read the same records."""

    @functools.wraps(method)
    def guarded(self: UnlockedProfile, *args: Any, **kwargs: Any) -> Any:
        with self._guard:
            return method(self, *args, **kwargs)

    return guarded  # type: ignore[return-value]


class UnlockedProfile:
    """The mentor's records, open in memory while the profile is unlocked."""

    def __init__(
        self,
        path: Path,
        db: sqlite_utils.Database,
        profile_key: bytes,
        display_name: str,
        window_lock: ProfileLock | None = None,
        *,
        family_records: bool = True,
    ) -> None:
        self.path = path
        #: False for a backup opened only to erase families from it (``open_copy``): the
        #: records sealed under family keys are checked (each seal opened) but not read.
        self._family_records = family_records
        #: Held while unlocked so no other window writes this profile (store/profile_lock.py).
        self._window_lock = window_lock
        #: An erasure or a rekey could not rebuild the file yet (see _clear_freed_space).
        self._clear_at_lock = False
        self.display_name = display_name
        #: A training profile (invented families only): every screen says so.
        self.training = False
        self._db: sqlite_utils.Database | None = db
        self._profile_key: bytes | None = profile_key
        self._profile_sealer = Sealer(profile_key)
        self._sealers: dict[str, Sealer] = {}  # key id -> sealer
        self._family_keys: dict[str, str] = {}  # family id -> key id
        self._records: dict[str, Record] = {}
        self._key_of: dict[str, str | None] = {}  # record id -> key id
        # Built on the first search (or by prepare_search), not at unlock: opening must
        # stay quick, and the app prepares it in the background right after.
        self._index: SearchIndex | None = None
        self.damaged: list[DamagedRecord] = []
        self._guard = threading.RLock()
        #: The manifest check made at unlock (store/manifest.py): rows removed, added or
        #: put back outside the app since it last wrote this file.
        self.integrity = IntegrityResult()
        #: Each change counts one for the place this profile lives (store/changes.py);
        #: a backup being cleaned of an erased family is not a new place's work.
        self.counts_changes = True
        self._changes: changes.ChangeCounts | None = None
        #: One count per stretch of work is enough: the first change after unlocking or
        #: after a copy was made counts; the changes after it in the same stretch are in
        #: no copy either, so counting them too would tell a restore nothing more (and
        #: would rewrite a second manifest bucket on every save).
        self._change_counted = False
        self._open_everything()

    # -- opening --------------------------------------------------------------

    def _open_everything(self) -> None:
        db = self._live_db()
        with plain_errors():
            key_rows = db.conn.execute("SELECT id, wrapped FROM keys").fetchall()
            record_rows = db.conn.execute(
                "SELECT id, kind, key_id, schema_version, sealed FROM records"
            ).fetchall()
        # Checked before the records are opened, so what the check needs for a moment
        # is freed before they fill memory; and with the rows just read, not twice.
        self.integrity = self._check_manifest(record_rows)
        for key_id, wrapped in key_rows:
            try:
                family_key = unwrap_key(
                    self._profile_key or b"", wrapped, family_key_purpose(key_id)
                )
            except DamagedValue:
                continue  # every record under this key is reported damaged below
            self._sealers[key_id] = Sealer(family_key)
        # Tens of thousands of small objects are created and none become garbage; the
        # collector would walk them again and again for nothing.
        collecting = gc.isenabled()
        gc.disable()
        try:
            if self._family_records:
                self._open_rows(record_rows)
            else:
                self._open_rows([row for row in record_rows if row[2] is None])
                self._check_rows([row for row in record_rows if row[2] is not None])
        finally:
            if collecting:
                gc.enable()

    def _check_manifest(self, rows: list[tuple[Any, ...]]) -> IntegrityResult:
        db = self._live_db()
        if not isinstance(db, ManifestedDatabase):
            raise TypeError("a profile is opened through store.database")
        collecting = gc.isenabled()
        gc.disable()  # as when opening: many small objects, none of them garbage
        try:
            with plain_errors():
                manifest, result = Manifest.check(
                    db.conn, manifest_key(self._profile_key or b""), records=rows
                )
                db.watch(manifest)
        finally:
            if collecting:
                gc.enable()
        return result

    def _open_rows(self, record_rows: list[tuple[Any, ...]]) -> None:
        # The hottest loop in the app: everything it calls is looked up once, here.
        profile_sealer = self._profile_sealer
        sealers = self._sealers
        records, key_of, family_keys = self._records, self._key_of, self._family_keys
        damaged = self.damaged
        decode = json.JSONDecoder().raw_decode
        family_kind = Family.kind
        for row_id, kind, key_id, version, sealed in record_rows:
            sealer = profile_sealer if key_id is None else sealers.get(key_id)
            try:
                if sealer is None:
                    raise DamagedValue
                text = sealer.open(sealed, placement(TABLE, kind, row_id, version)).decode()
                plain, end = decode(text)
                if end != len(text):
                    raise DamagedValue
                record = record_from_row(kind, plain)
                if record.id != row_id:
                    raise DamagedValue
            except (DamagedValue, InvalidRecord, ValueError, AttributeError, TypeError):
                damaged.append(DamagedRecord(row_id, kind))
                continue
            records[row_id] = record
            key_of[row_id] = key_id
            if kind == family_kind and key_id is not None:
                family_keys[row_id] = key_id

    def _check_rows(self, record_rows: list[tuple[Any, ...]]) -> None:
        """Open each sealed value (which checks its seal: a value changed in the file
        does not open) without reading it into a record: what erasing a family from a
        backup needs to know of the records under family keys is which key each is
        under. Opening and reading every record of a big profile costs about five times
        what checking them does."""
        sealers, key_of, family_keys = self._sealers, self._key_of, self._family_keys
        damaged = self.damaged
        family_kind = Family.kind
        for row_id, kind, key_id, version, sealed in record_rows:
            sealer = sealers.get(key_id)
            try:
                if sealer is None:
                    raise DamagedValue
                sealer.open(sealed, placement(TABLE, kind, row_id, version))
            except DamagedValue:
                damaged.append(DamagedRecord(row_id, kind))
                continue
            key_of[row_id] = key_id
            if kind == family_kind:
                family_keys[row_id] = key_id

    def _remember(self, record: Record, key_id: str | None) -> None:
        self._records[record.id] = record
        self._key_of[record.id] = key_id
        if isinstance(record, Family) and key_id is not None:
            self._family_keys[record.id] = key_id
        if self._index is not None:
            self._index.add(record)

    def _forget(self, record_id: str) -> None:
        self._records.pop(record_id, None)
        self._key_of.pop(record_id, None)
        self._family_keys.pop(record_id, None)
        if self._index is not None:
            self._index.remove(record_id)

    def _live_db(self) -> sqlite_utils.Database:
        if self._db is None:
            raise ProfileLocked
        return self._db

    # -- reading --------------------------------------------------------------

    @_one_at_a_time
    def get(self, record_id: str) -> Record | None:
        self._live_db()
        return self._records.get(record_id)

    @_one_at_a_time
    def all(self, kind: type[R]) -> list[R]:
        """Every opened record of one kind."""
        self._live_db()
        return [r for r in self._records.values() if type(r) is kind]

    @_one_at_a_time
    def __iter__(self) -> Iterator[Record]:
        self._live_db()
        return iter(list(self._records.values()))

    def __len__(self) -> int:
        return len(self._records)

    @_one_at_a_time
    def family_by_code(self, code: str) -> Family:
        wanted = code.strip().upper()
        for record in self._records.values():
            if isinstance(record, Family) and record.code == wanted:
                return record
        raise FamilyNotFound

    @_one_at_a_time
    def about_family(self, family_id: str) -> list[Record]:
        """Everything that mentions one family: its own records and group sessions."""
        return [
            r
            for r in self._records.values()
            if r.id != family_id and family_id in r.families_mentioned()
        ]

    @_one_at_a_time
    def prepare_search(self) -> SearchIndex:
        """Build the search index now if it is not built yet."""
        self._live_db()
        if self._index is None:
            index = SearchIndex()
            index.add_many(self._records.values())
            self._index = index
        return self._index

    @_one_at_a_time
    def search(self, query: str, limit: int | None = None) -> list[Record]:
        self._live_db()
        return [self._records[i] for i in self.prepare_search().find(query, limit)]

    # -- changing ------------------------------------------------------------

    @_one_at_a_time
    def save(self, *records: Record) -> None:
        """Save new or changed records as one action: all of them reach the disk, or none."""
        db = self._live_db()
        new_keys: dict[str, tuple[str, bytes]] = {}  # family id -> (key id, key)
        for record in records:
            if isinstance(record, Family) and record.id not in self._family_keys:
                new_keys[record.id] = (new_key_id(), new_key())
        for record in records:
            self._check_references(record, new_keys)
        rows = [self._sealed_row(record, new_keys) for record in records]
        profile_key = self._profile_key or b""
        with plain_errors(), db.atomic():
            for key_id, key in new_keys.values():
                db.conn.execute(
                    "INSERT INTO keys (id, wrapped) VALUES (?, ?)",
                    (key_id, wrap_key(profile_key, key, family_key_purpose(key_id))),
                )
            db.conn.executemany(
                _SAVE_ROW,
                rows,
            )
            self._count_change(db)
        for key_id, key in new_keys.values():
            self._sealers[key_id] = Sealer(key)
        for record, row in zip(records, rows, strict=True):
            self._remember(record, row[2])

    @_one_at_a_time
    def delete(self, *records: Record) -> None:
        """Delete records (not families: a family is erased with erase_family) as one action."""
        db = self._live_db()
        if any(isinstance(r, Family) for r in records):
            raise InvalidRecord("family", N_("A family is removed by erasing it."))
        with plain_errors(), db.atomic():
            db.conn.executemany("DELETE FROM records WHERE id = ?", [(r.id,) for r in records])
            self._count_change(db)
        for record in records:
            self._forget(record.id)

    @_one_at_a_time
    def replace(self, *, delete: Sequence[Record] = (), save: Sequence[Record] = ()) -> None:
        """Delete some records and save others back as one action (an undo): both reach
        the disk, or neither. Only records whose family is already in the profile."""
        db = self._live_db()
        if any(isinstance(r, Family) for r in delete) or any(
            isinstance(r, Family) and r.id not in self._family_keys for r in save
        ):
            raise InvalidRecord("family", N_("A family is removed by erasing it."))
        for record in save:
            self._check_references(record, {})
        rows = [self._sealed_row(record) for record in save]
        with plain_errors(), db.atomic():
            db.conn.executemany("DELETE FROM records WHERE id = ?", [(r.id,) for r in delete])
            db.conn.executemany(
                _SAVE_ROW,
                rows,
            )
            self._count_change(db)
        for record in delete:
            self._forget(record.id)
        for record, row in zip(save, rows, strict=True):
            self._remember(record, row[2])

    @_one_at_a_time
    def erase_family(self, family_id: str) -> int:
        """Erase a family: its key, its records, its place in group sessions, and every
        trace of them in the file. Returns how many records were erased or changed."""
        return self.erase_families([family_id])

    @_one_at_a_time
    def erase_families(
        self,
        family_ids: Iterable[str],
        *,
        noting: Mapping[str, Mapping[str, bytes]] | None = None,
    ) -> int:
        """Erase several families as one action (one transaction, and the freed space
        cleared once, not once a family: that rebuilds the whole file). ``noting``:
        sealed items by kind (as ``save_sealed_items``), saved in the same transaction,
        so what must follow the erasure (reaching the backups) is never forgotten.
        Returns how many records were erased or changed."""
        db = self._live_db()
        leaving = list(dict.fromkeys(family_ids))
        key_ids = []
        for family_id in leaving:
            key_id = self._family_keys.get(family_id)
            if key_id is None:
                raise FamilyNotFound
            key_ids.append(key_id)
        keys, gone = set(key_ids), set(leaving)
        own = [rid for rid, kid in self._key_of.items() if kid in keys]
        kept_groups: list[Session] = []
        dropped_groups: list[str] = []
        for record in self._records.values():
            if (
                isinstance(record, Session)
                and self._key_of[record.id] is None
                and not gone.isdisjoint(record.families)
            ):
                smaller: Session | None = record
                for family_id in leaving:
                    if smaller is not None and family_id in smaller.families:
                        smaller = smaller.without_family(family_id)
                if smaller is None:
                    dropped_groups.append(record.id)
                else:
                    kept_groups.append(smaller)
        rows = [self._sealed_row(s) for s in kept_groups]
        items = [
            row for kind, values in (noting or {}).items() for row in self._item_rows(kind, values)
        ]
        with plain_errors(), db.atomic():
            db.conn.executemany(
                "DELETE FROM records WHERE id = ?", [(i,) for i in own + dropped_groups]
            )
            db.conn.executemany(
                "UPDATE records SET sealed = ? WHERE id = ?", [(row[4], row[0]) for row in rows]
            )
            db.conn.executemany("DELETE FROM keys WHERE id = ?", [(k,) for k in key_ids])
            db.conn.executemany(_SAVE_ITEM, items)
            self._count_change(db)
        # Memory follows the disk as soon as the erasure is committed: clearing the freed
        # space (a VACUUM, which needs room on the disk) can still fail, and the family
        # must not stay on screen, nor be saved to again, once its key is gone.
        for record_id in own + dropped_groups:
            self._forget(record_id)
        for session in kept_groups:
            self._remember(session, None)
        for key_id in key_ids:
            self._sealers.pop(key_id, None)
        self._clear_freed_space(db)
        return len(own) + len(dropped_groups) + len(kept_groups)

    def _item_rows(self, kind: str, items: Mapping[str, bytes]) -> list[tuple[str, str, bytes]]:
        """Items of one kind sealed as rows of sync_items (``_SAVE_ITEM``)."""
        return [
            (item_id, kind, self._profile_sealer.seal(value, item_place(kind, item_id)))
            for item_id, value in items.items()
        ]

    def _sealed_row(
        self, record: Record, new_keys: dict[str, tuple[str, bytes]] | None = None
    ) -> tuple[str, str, str | None, int, bytes]:
        key_id, sealer = self._sealing_key(record, new_keys or {})
        plain = json.dumps(record_to_row(record), ensure_ascii=False, separators=(",", ":"))
        where = placement(TABLE, record.kind, record.id, SCHEMA_VERSION)
        return record.id, record.kind, key_id, SCHEMA_VERSION, sealer.seal(plain.encode(), where)

    def _check_references(self, record: Record, new_keys: dict[str, tuple[str, bytes]]) -> None:
        for family_id in record.families_mentioned():
            if (
                family_id != record.id
                and family_id not in self._family_keys
                and family_id not in new_keys
            ):
                raise InvalidRecord(
                    "family", N_("This refers to a family that is not in this profile.")
                )

    def _sealing_key(
        self, record: Record, new_keys: dict[str, tuple[str, bytes]]
    ) -> tuple[str | None, Sealer]:
        family_id = record.family_id
        if family_id is None:
            return None, self._profile_sealer
        if family_id in new_keys:
            key_id, key = new_keys[family_id]
            return key_id, Sealer(key)
        key_id = self._family_keys[family_id]
        return key_id, self._sealers[key_id]

    # -- checking and locking -------------------------------------------------

    @_one_at_a_time
    def secret(self, name: str) -> bytes:
        """A 32-byte secret the app keeps for itself, made the first time it is asked for
        and sealed under the profile key; never shown and never sent anywhere."""
        db = self._live_db()
        # Version 1 of the secret's own format, fixed: not the schema version, which a
        # later migration raises without re-sealing secrets.
        where = placement("secrets", "secret", name, 1)
        with plain_errors():
            row = db.conn.execute("SELECT sealed FROM secrets WHERE name = ?", (name,)).fetchone()
        if row is not None:
            return self._profile_sealer.open(row[0], where)
        value = secrets.token_bytes(32)
        with plain_errors(), db.atomic():
            db.conn.execute(
                "INSERT INTO secrets (name, sealed) VALUES (?, ?)",
                (name, self._profile_sealer.seal(value, where)),
            )
            self._count_change(db)
        return value

    @_one_at_a_time
    def sealed_items(self, kind: str) -> dict[str, bytes]:
        """Every item of one kind the app keeps apart from records (school connections,
        reports waiting to be sent), opened; an item that will not open is left out."""
        db = self._live_db()
        with plain_errors():
            rows = db.conn.execute(
                "SELECT id, sealed FROM sync_items WHERE kind = ?", (kind,)
            ).fetchall()
        opened = {}
        for item_id, sealed in rows:
            try:
                opened[item_id] = self._profile_sealer.open(sealed, item_place(kind, item_id))
            except DamagedValue:
                continue
        return opened

    @_one_at_a_time
    def save_sealed_items(
        self, kind: str, items: Mapping[str, bytes], *, delete: Iterable[str] = ()
    ) -> None:
        """Save (add or replace) and delete items of one kind, sealed, as one action."""
        db = self._live_db()
        rows = [
            (item_id, kind, self._profile_sealer.seal(value, item_place(kind, item_id)))
            for item_id, value in items.items()
        ]
        with plain_errors(), db.atomic():
            db.conn.executemany(
                "DELETE FROM sync_items WHERE id = ? AND kind = ?", [(i, kind) for i in delete]
            )
            db.conn.executemany(
                "INSERT INTO sync_items (id, kind, sealed) VALUES (?, ?, ?) ON CONFLICT(id) "
                "DO UPDATE SET kind = excluded.kind, sealed = excluded.sealed",
                rows,
            )
            if kind not in changes.NOT_WORK:
                self._count_change(db)

    def _count_change(self, db: sqlite_utils.Database) -> None:
        """Count one change for this place, in the transaction of the change itself."""
        if not self.counts_changes:
            return
        stored = self._stored_changes(db)
        # Read back each time (one small row): a count whose transaction was rolled back
        # (a full disk) is not on the disk, and must be counted again.
        if self._change_counted and stored == self._changes:
            return
        self._changes = stored.one_more()
        self._write_changes(db, self._changes)
        self._change_counted = True

    def copy_made(self) -> None:
        """A copy of the file was just made (a backup): the next change counts again, so
        a restore of that copy can tell the work done after it."""
        self._change_counted = False

    def _stored_changes(self, db: sqlite_utils.Database) -> changes.ChangeCounts:
        row = db.conn.execute(
            "SELECT sealed FROM sync_items WHERE kind = ? AND id = ?",
            (changes.KIND, changes.ITEM_ID),
        ).fetchone()
        value = None
        if row is not None:
            with contextlib.suppress(DamagedValue):
                value = self._profile_sealer.open(row[0], item_place(changes.KIND, changes.ITEM_ID))
        return changes.ChangeCounts.from_bytes(value)

    def _write_changes(self, db: sqlite_utils.Database, counts: changes.ChangeCounts) -> None:
        place = item_place(changes.KIND, changes.ITEM_ID)
        db.conn.execute(
            "INSERT INTO sync_items (id, kind, sealed) VALUES (?, ?, ?) ON CONFLICT(id) "
            "DO UPDATE SET kind = excluded.kind, sealed = excluded.sealed",
            (changes.ITEM_ID, changes.KIND, self._profile_sealer.seal(counts.to_bytes(), place)),
        )

    @_one_at_a_time
    def change_counts(self) -> changes.ChangeCounts:
        """How many changes were made in each place this profile has lived."""
        return self._stored_changes(self._live_db())

    @_one_at_a_time
    def move_to_new_place(self) -> changes.ChangeCounts:
        """Start counting changes for a new place (this file is a restored copy)."""
        db = self._live_db()
        moved = self._stored_changes(db).moved()
        with plain_errors(), db.atomic():
            self._write_changes(db, moved)
        self._changes = moved
        return moved

    def require_intact(self) -> None:
        """Raise FileChangedOutsideApp when the check at unlock found rows removed, added
        or put back outside the app: nothing that counts families is built from it."""
        if not self.integrity.ok:
            raise FileChangedOutsideApp

    @_one_at_a_time
    def accept_file_as_it_is(self) -> None:
        """After someone has looked at what the check found: make the manifest anew from
        the rows as they are now, so the file counts as the app's own again."""
        db = self._live_db()
        if not isinstance(db, ManifestedDatabase) or db.manifest is None:
            raise ProfileLocked
        manifest = db.manifest
        with plain_errors(), db.atomic():
            rebuilt = manifest.rebuild(db.conn)
        rebuilt()
        self.integrity = IntegrityResult()

    @_one_at_a_time
    def integrity_problems(self) -> list[str]:
        """SQLite's own check of the file; empty when the file is sound."""
        with plain_errors():
            rows = self._live_db().conn.execute("PRAGMA integrity_check").fetchall()
        return [] if [r[0] for r in rows] == ["ok"] else [r[0] for r in rows]

    @_one_at_a_time
    def lock(self) -> None:
        """Drop every opened record and key, and close the file."""
        if isinstance(self._db, ManifestedDatabase) and self._db.manifest is not None:
            # A write made outside atomic() (none should be) still reaches the manifest;
            # whatever happens, locking goes on.
            with contextlib.suppress(VaultError, sqlite3.Error), self._db.atomic():
                pass
        if self._clear_at_lock and self._db is not None:
            with contextlib.suppress(VaultError, sqlite3.Error, OSError):
                clear_freed_space(self._db)  # still full: the next erasure tries again
        self._records.clear()
        self._key_of.clear()
        self._family_keys.clear()
        self._sealers.clear()
        if self._index is not None:
            self._index.clear()
            self._index = None
        self._profile_key = None
        self._profile_sealer = Sealer(bytes(32))  # nothing real is left to seal with
        if self._db is not None:
            self._db.close()
            self._db = None
        if self._window_lock is not None:
            self._window_lock.release()  # after the file is closed: nothing more is written

    @property
    def is_locked(self) -> bool:
        return self._db is None

    def family_key_id(self, family_id: str) -> str | None:
        """The id of the key a family's records are sealed under (a random id)."""
        return self._family_keys.get(family_id)

    def open_copy(self, path: Path, *, must_hold_key: str) -> UnlockedProfile | None:
        """Another file sealed under this profile's key (a local backup), opened with it
        to erase families from it (only its own records are read; those under family
        keys are checked, not read: ``family_key_id`` says which families it holds) and
        locked against other writers; None when it holds no key ``must_hold_key``
        (nothing of that family in it). Checked first, reading only, so nothing is ever
        written to a file sealed under another key (a backup from before the passphrase
        or recovery key changed) or of another schema version: VaultError then."""
        if self._profile_key is None:
            raise VaultError("the profile is locked")
        with contextlib.closing(read_only(path)) as conn:
            if conn.execute("PRAGMA user_version").fetchone()[0] != SCHEMA_VERSION:
                raise VaultError("a backup of another version: not written to")
            row = conn.execute("SELECT wrapped FROM keys WHERE id = ?", (must_hold_key,)).fetchone()
        if row is None:
            return None
        # Raises DamagedValue (a VaultError) when the file is under another key.
        unwrap_key(self._profile_key, row[0], family_key_purpose(must_hold_key))
        window_lock = ProfileLock(path).acquire()  # ProfileInUse: another is at it
        try:
            db = open_database(path)
        except BaseException:
            window_lock.release()
            raise
        try:
            copy = UnlockedProfile(
                path, db, self._profile_key, self.display_name, window_lock, family_records=False
            )
            copy.counts_changes = False  # cleaning a backup is not new work in it
            return copy
        except BaseException:
            db.close()
            window_lock.release()
            raise

    @_one_at_a_time
    def replace_profile_key(
        self, new_profile_key: bytes, write_header: Callable[[sqlite3.Connection], None]
    ) -> None:
        """Rekey: a new profile key, a new key for every family, every record, secret and
        item re-sealed under them, the vault header (``write_header``) and a new manifest,
        all in one transaction: a crash leaves the file wholly old or wholly new. A value
        that would not open before (reported damaged) is left as it is."""
        db = self._live_db()
        if not isinstance(db, ManifestedDatabase):
            raise TypeError("a profile is opened through store.database")
        old_profile, new_profile = self._profile_sealer, Sealer(new_profile_key)
        new_keys = {key_id: new_key() for key_id in self._sealers}
        new_sealers = {key_id: Sealer(key) for key_id, key in new_keys.items()}
        with plain_errors():
            record_rows = db.conn.execute(
                "SELECT id, kind, key_id, schema_version, sealed FROM records"
            ).fetchall()
            secret_rows = db.conn.execute("SELECT name, sealed FROM secrets").fetchall()
            item_rows = db.conn.execute("SELECT id, kind, sealed FROM sync_items").fetchall()
        records = [
            (resealed, row_id)
            for row_id, kind, key_id, version, sealed in record_rows
            if (
                resealed := _reseal(
                    old_profile if key_id is None else self._sealers.get(key_id),
                    new_profile if key_id is None else new_sealers.get(key_id),
                    sealed,
                    placement(TABLE, kind, row_id, version),
                )
            )
        ]
        own_secrets = [
            (resealed, name)
            for name, sealed in secret_rows
            if (
                resealed := _reseal(
                    old_profile, new_profile, sealed, placement("secrets", "secret", name, 1)
                )
            )
        ]
        items = [
            (resealed, item_id)
            for item_id, kind, sealed in item_rows
            if (resealed := _reseal(old_profile, new_profile, sealed, item_place(kind, item_id)))
        ]
        manifest = Manifest(manifest_key(new_profile_key))
        # A file the check found changed stays reported as changed: new keys are no
        # reason to trust rows someone removed or put back (only verify accepts them).
        trusted = self.integrity.ok
        with plain_errors(), db.atomic():
            db.conn.executemany(
                "UPDATE keys SET wrapped = ? WHERE id = ?",
                [
                    (wrap_key(new_profile_key, key, family_key_purpose(key_id)), key_id)
                    for key_id, key in new_keys.items()
                ],
            )
            db.conn.executemany("UPDATE records SET sealed = ? WHERE id = ?", records)
            db.conn.executemany("UPDATE secrets SET sealed = ? WHERE name = ?", own_secrets)
            db.conn.executemany("UPDATE sync_items SET sealed = ? WHERE id = ?", items)
            write_header(db.conn)
            rebuilt = manifest.rebuild(db.conn, trusted=trusted)
        rebuilt()
        # Memory follows the disk at once: the file now holds only the new keys.
        self._profile_key = new_profile_key
        self._profile_sealer = new_profile
        self._sealers = new_sealers
        db.watch(manifest)
        if trusted:
            self.integrity = IntegrityResult()
        # The old wrapped keys and values must not linger in freed pages or the log.
        self._clear_freed_space(db)

    def _clear_freed_space(self, db: sqlite_utils.Database) -> None:
        """Rebuild the file so no freed page holds old bytes. The change before it is
        already saved, so failing here (a full disk: rebuilding needs room for a copy)
        must not look like the change failed: a new recovery key must still be shown, an
        erased family must still be gone. It is tried again at lock."""
        try:
            clear_freed_space(db)
        except (VaultError, sqlite3.Error, OSError):
            self._clear_at_lock = True
        else:
            self._clear_at_lock = False

    def raw_database(self) -> sqlite_utils.Database:
        """For the store's own modules (vault header, passphrase change)."""
        return self._live_db()

    @property
    def profile_key(self) -> bytes:
        if self._profile_key is None:
            raise ProfileLocked
        return self._profile_key


def _reseal(old: Sealer | None, new: Sealer | None, sealed: bytes, where: bytes) -> bytes:
    """The value re-sealed under the new key; empty when it would not open (it is then
    left as it was: still reported damaged, never guessed at)."""
    if old is None or new is None:
        return b""
    try:
        return new.seal(old.open(sealed, where), where)
    except DamagedValue:
        return b""


def item_place(kind: str, item_id: str) -> bytes:
    # Version 1 of the items' own format, fixed, as for secrets.
    return placement("sync_items", kind, item_id, 1)


def new_key_id() -> str:
    return secrets.token_hex(16)
