"""The authenticated manifest: the list of every row the app itself wrote, under a MAC.

Without the key, someone can still delete rows from the file (every consent record,
say), copy a sealed value under a new id, or put back an older copy of a row: each
value still opens, so sealing alone cannot tell. The manifest can.

Design (why it stays fast): every row of ``records``, ``keys``, ``secrets`` and
``sync_items`` is an entry (table, id, kind, digest of its sealed value), placed in one
of 256 buckets by a hash of its table and id. Each bucket is one row of the
``manifest`` table; the top row (bucket -1) holds every bucket's entry count and
SHA-256, and an HMAC over them under a key derived from the profile key. A save
rewrites only the buckets it touched (about 300 entries, some 28 KB, at 2,000 families
and 50,000 sessions) and the 9 KB top row, never an O(n) structure.

The digest of a sealed value is its AES-GCM tag: a MAC, under the sealing key, over the
ciphertext and the value's place (table, kind, id, version), different every time a
value is sealed because the nonce is random. So an older copy of a row is caught as
changed, and it costs no hashing at unlock. (A row whose bytes were changed but whose
tag was kept does not open, and is reported damaged.)

Which rows changed is not left to each writer to remember: TEMP triggers (they live
only on this connection, never in the file) note every touched id, and the database's
outermost transaction brings the touched buckets up to date just before COMMIT, so the
manifest and the rows always change together. What it cannot see: the whole file put
back from an older copy (there is nothing outside the file to compare with).
"""

from __future__ import annotations

import contextlib
import hashlib
import hmac
import json
import sqlite3
import struct
import zlib
from collections.abc import Callable, Generator, Iterator
from dataclasses import dataclass, field
from typing import Any

import sqlite_utils
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.kdf.hkdf import HKDF

from parentrus_desktop.store.schema import MANIFEST_SINCE, MANIFEST_TO_BUILD

BUCKETS = 256
TOP = -1
_MAGIC = b"PRM1"
_SLOT = struct.Struct(">I32s")  # one bucket in the top row: entry count, SHA-256
_MAC_BYTES = 32
_TAG_BYTES = 16  # AES-GCM's tag, the last bytes of every sealed value

#: Each covered table: how to read every row, one row, and which column is its id.
#: A row is read as (id, kind, *clear columns, sealed bytes).
_TABLES: dict[str, tuple[str, str]] = {
    "records": ("SELECT id, kind, key_id, schema_version, sealed FROM records", "id"),
    "keys": ("SELECT id, 'key', wrapped FROM keys", "id"),
    "secrets": ("SELECT name, 'secret', sealed FROM secrets", "name"),
    "sync_items": ("SELECT id, kind, sealed FROM sync_items", "id"),
}
TABLES = tuple(_TABLES)

Place = tuple[str, str]  # (table, id)
Entry = tuple[str, str]  # (kind, digest as hex)


def manifest_key(profile_key: bytes) -> bytes:
    """The manifest's MAC key: its own HKDF purpose, so it is never a key that seals."""
    return HKDF(
        algorithm=hashes.SHA256(), length=32, salt=None, info=b"parentrus manifest v1"
    ).derive(profile_key)


def bucket_of(table: str, row_id: str) -> int:
    # Only spreads the rows; nothing depends on it being secret. CRC-32 is quick in C,
    # and unlike hash() the same in every run.
    return zlib.crc32(f"{table}\x1f{row_id}".encode()) & (BUCKETS - 1)


def row_digest(sealed: object) -> str:
    """The digest of one stored value: its AES-GCM tag (see the module's docstring)."""
    return _as_bytes(sealed)[-_TAG_BYTES:].hex()


def read_rows(
    conn: sqlite3.Connection, records: list[tuple[Any, ...]] | None = None
) -> Iterator[tuple[str, str, str, str]]:
    """Every covered row as it is in the file now: (table, id, kind, digest). The
    records read at unlock can be passed in, so the biggest table is not read twice."""
    for table, (select, _column) in _TABLES.items():
        rows = records if table == "records" and records is not None else conn.execute(select)
        for row in rows:
            sealed = row[-1]
            if type(sealed) is not bytes:  # someone put text or a number there
                sealed = _as_bytes(sealed)
            yield table, row[0], row[1], sealed[-_TAG_BYTES:].hex()


def _read_one(conn: sqlite3.Connection, table: str, row_id: str) -> Entry | None:
    select, column = _TABLES[table]
    row = conn.execute(f"{select} WHERE {column} = ?", (row_id,)).fetchone()
    return None if row is None else (row[1], row_digest(row[-1]))


@dataclass(frozen=True, slots=True)
class Row:
    """One row the check found wrong: where it is and what kind of thing it holds."""

    table: str
    id: str
    kind: str


@dataclass
class IntegrityResult:
    """What the check at unlock found, compared with the manifest the app last wrote."""

    missing: list[Row] = field(default_factory=list)  # in the manifest, not in the file
    added: list[Row] = field(default_factory=list)  # in the file, not in the manifest
    changed: list[Row] = field(default_factory=list)  # another (often an older) copy
    #: The manifest itself was removed or changed, so (some) rows could not be checked.
    manifest_damaged: bool = False
    #: There was no manifest yet (a file from an older version): it was made now.
    built_now: bool = False

    @property
    def ok(self) -> bool:
        return not (self.missing or self.added or self.changed or self.manifest_damaged)


def _dirty_triggers() -> Iterator[str]:
    yield ("CREATE TEMP TABLE IF NOT EXISTS manifest_dirty (tbl TEXT NOT NULL, id TEXT NOT NULL)")
    for table, (_select, column) in _TABLES.items():
        # No key and no OR IGNORE: inside a trigger an upsert's own conflict clause would
        # apply to this insert too. Repeats are dropped when the list is read.
        note = "INSERT INTO manifest_dirty VALUES ('{t}', {row}.{c});"
        for event, rows in (("INSERT", ("NEW",)), ("UPDATE", ("OLD", "NEW")), ("DELETE", ("OLD",))):
            body = " ".join(note.format(t=table, row=r, c=column) for r in rows)
            yield (
                f"CREATE TEMP TRIGGER IF NOT EXISTS manifest_{table}_{event.lower()} "
                f"AFTER {event} ON main.{table} BEGIN {body} END"
            )


class Manifest:
    """The manifest as the app last wrote it, in memory while the profile is open.

    Each bucket is kept as its stored bytes (about 80 bytes a row) and opened only when
    a save touches it: a few hundred entries, well under a millisecond.
    """

    def __init__(self, key: bytes) -> None:
        self._key = key
        self._contents: list[bytes] = [_EMPTY] * BUCKETS
        self._counts: list[int] = [0] * BUCKETS
        self._digests: list[bytes] = [_sha(_EMPTY)] * BUCKETS
        #: Buckets whose stored content did not match the top row: left as found, so
        #: the problem is reported again until someone accepts the file as it is.
        self._frozen: set[int] = set()
        #: The top row is missing or fails its MAC: nothing is written until accepted.
        self._off = False

    # -- at unlock -------------------------------------------------------------

    @classmethod
    def check(
        cls,
        conn: sqlite3.Connection,
        key: bytes,
        records: list[tuple[Any, ...]] | None = None,
    ) -> tuple[Manifest, IntegrityResult]:
        """Compare the file's rows with its manifest. A file without one (from before
        version 5) gets one now, from its rows as they are: trust on first use.
        ``records``: the rows of the records table, when the caller has just read them."""
        manifest = cls(key)
        stored = dict(conn.execute("SELECT bucket, content FROM manifest").fetchall())
        if TOP not in stored:
            # Trust on first use only for a file no version with a manifest has saved a
            # record in: such records say so in the clear (schema version 5 or later, bound
            # to the value, so it cannot be lowered), and their manifest was made before
            # them. Someone who removes the manifest and puts the mark back is caught.
            if MANIFEST_TO_BUILD in stored and not _saved_since_manifests(conn):
                with _transaction(conn):
                    built = manifest.rebuild(conn, records)
                built()
                return manifest, IntegrityResult(built_now=True)
            manifest._off = True
            return manifest, IntegrityResult(manifest_damaged=True)
        slots = manifest._read_top(_as_bytes(stored[TOP]))
        if slots is None:
            manifest._off = True
            return manifest, IntegrityResult(manifest_damaged=True)
        result = IntegrityResult()
        # The quick way first: the file's rows, written out as the app writes a bucket,
        # hash to what the top row says for every bucket that nobody touched.
        for bucket, (actual, (count, recorded)) in enumerate(
            zip(_rows_by_bucket(conn, records), slots, strict=True)
        ):
            manifest._counts[bucket], manifest._digests[bucket] = count, recorded
            content = _serialise(actual)
            if len(actual) == count and _sha(content) == recorded:
                manifest._contents[bucket] = content
                continue
            kept = _as_bytes(stored.get(bucket, _EMPTY))
            manifest._contents[bucket] = kept
            entries = _parse(kept) if hmac.compare_digest(_sha(kept), recorded) else None
            if entries is None or len(entries) != count:
                manifest._frozen.add(bucket)  # the manifest itself was changed here
                result.manifest_damaged = True
                continue
            for table, row_id, kind, digest in actual:
                known = entries.pop((table, row_id), None)
                if known is None:
                    result.added.append(Row(table, row_id, kind))
                elif known[1] != digest or known[0] != kind:
                    result.changed.append(Row(table, row_id, known[0]))
            result.missing.extend(Row(t, i, k) for (t, i), (k, _d) in entries.items())
        return manifest, result

    def _read_top(self, content: bytes) -> list[tuple[int, bytes]] | None:
        body, mac = content[:-_MAC_BYTES], content[-_MAC_BYTES:]
        if (
            len(body) != len(_MAGIC) + BUCKETS * _SLOT.size
            or not body.startswith(_MAGIC)
            or not hmac.compare_digest(mac, self._mac(body))
        ):
            return None
        return [(count, digest) for count, digest in _SLOT.iter_unpack(body[len(_MAGIC) :])]

    # -- writing ---------------------------------------------------------------

    def rebuild(
        self,
        conn: sqlite3.Connection,
        records: list[tuple[Any, ...]] | None = None,
        *,
        trusted: bool = True,
    ) -> Callable[[], None]:
        """Make the manifest anew from the rows in the file now (inside the caller's
        transaction): the first time, after a rekey, or to accept the file as it is.
        ``trusted=False`` (a rekey of a file the check found changed): no top row is
        written, so the next unlock still reports the file as changed outside the app
        until someone accepts it; a rekey must not make a changed file look like the
        app's own. Returns what to change in memory once the COMMIT is done."""
        contents = {
            bucket: (_serialise(rows), len(rows))
            for bucket, rows in enumerate(_rows_by_bucket(conn, records))
        }
        conn.execute("DELETE FROM manifest")
        if _has_dirty_table(conn):
            conn.execute("DELETE FROM temp.manifest_dirty")  # all of it is in the new one
        written = self._write(conn, contents)
        if not trusted:
            conn.execute("DELETE FROM manifest WHERE bucket = ?", (TOP,))

        def apply() -> None:
            self._contents, self._counts, self._digests = written
            self._frozen.clear()
            self._off = not trusted

        return apply

    def flush(self, conn: sqlite3.Connection) -> Callable[[], None] | None:
        """Bring the buckets of every row touched in this transaction up to date, and the
        top row with them. Returns what to change in memory once the COMMIT is done."""
        dirty = conn.execute("SELECT DISTINCT tbl, id FROM temp.manifest_dirty").fetchall()
        if not dirty:
            return None
        conn.execute("DELETE FROM temp.manifest_dirty")
        if self._off:
            return None
        changed: dict[int, dict[Place, Entry]] = {}
        for table, row_id in dirty:
            bucket = bucket_of(table, row_id)
            if bucket in self._frozen:
                continue
            entries = changed.get(bucket)
            if entries is None:
                entries = changed[bucket] = _parse(self._contents[bucket]) or {}
            entry = _read_one(conn, table, row_id)
            if entry is None:
                entries.pop((table, row_id), None)
            else:
                entries[(table, row_id)] = entry
        if not changed:
            return None
        written = self._write(
            conn,
            {
                bucket: (
                    _serialise([[t, i, k, d] for (t, i), (k, d) in entries.items()]),
                    len(entries),
                )
                for bucket, entries in changed.items()
            },
        )

        def apply() -> None:  # memory changes only after the COMMIT
            self._contents, self._counts, self._digests = written

        return apply

    def _write(
        self, conn: sqlite3.Connection, buckets: dict[int, tuple[bytes, int]]
    ) -> tuple[list[bytes], list[int], list[bytes]]:
        """Write these buckets (content, number of rows) and the top row; returns the
        manifest's new contents, counts and digests, for memory after the COMMIT."""
        contents, counts, digests = list(self._contents), list(self._counts), list(self._digests)
        for bucket, (content, count) in buckets.items():
            contents[bucket], counts[bucket], digests[bucket] = content, count, _sha(content)
            conn.execute(
                "INSERT INTO manifest (bucket, content) VALUES (?, ?) "
                "ON CONFLICT(bucket) DO UPDATE SET content = excluded.content",
                (bucket, content),
            )
        body = _MAGIC + b"".join(_SLOT.pack(n, d) for n, d in zip(counts, digests, strict=True))
        conn.execute(
            "INSERT INTO manifest (bucket, content) VALUES (?, ?) "
            "ON CONFLICT(bucket) DO UPDATE SET content = excluded.content",
            (TOP, body + self._mac(body)),
        )
        return contents, counts, digests

    def _mac(self, body: bytes) -> bytes:
        return hmac.new(self._key, body, hashlib.sha256).digest()


_EMPTY = b"[]"


def _rows_by_bucket(
    conn: sqlite3.Connection, records: list[tuple[Any, ...]] | None
) -> list[list[list[Any]]]:
    buckets: list[list[list[Any]]] = [[] for _ in range(BUCKETS)]
    for table, row_id, kind, digest in read_rows(conn, records):
        buckets[bucket_of(table, row_id)].append([table, row_id, kind, digest])
    return buckets


def _as_bytes(value: object) -> bytes:
    """A column the app wrote as bytes, whatever someone editing the file put there."""
    if isinstance(value, bytes):
        return value
    return b"\xff" + repr(value).encode()  # never equal to bytes the app wrote


def _sha(content: bytes) -> bytes:
    return hashlib.sha256(content).digest()


def _serialise(rows: list[list[Any]]) -> bytes:
    """A bucket as stored: its rows [table, id, kind, digest], sorted, as compact JSON."""
    return json.dumps(sorted(rows), separators=(",", ":")).encode()


def _parse(content: bytes) -> dict[Place, Entry] | None:
    try:
        rows = json.loads(content)
        return {(t, i): (k, d) for t, i, k, d in rows}
    except (ValueError, TypeError):
        return None


def _saved_since_manifests(conn: sqlite3.Connection) -> bool:
    return (
        conn.execute(
            "SELECT 1 FROM records WHERE schema_version >= ? LIMIT 1", (MANIFEST_SINCE,)
        ).fetchone()
        is not None
    )


def _has_dirty_table(conn: sqlite3.Connection) -> bool:
    return (
        conn.execute("SELECT 1 FROM temp.sqlite_master WHERE name = 'manifest_dirty'").fetchone()
        is not None
    )


def remove_planted_schema(conn: sqlite3.Connection) -> bool:
    """Drop every trigger and view in the file (the app makes none: its own triggers are
    TEMP) before anything writes to it; True when there were some.

    Someone without the key can add a trigger that quietly skips or undoes the app's
    writes (a consent withdrawn, then put back) or deletes rows as the app saves: the
    app's own TEMP triggers would then note those changes and the manifest would take
    them as the app's. So the file is then no longer trusted: its top row goes, and every
    unlock reports it until someone accepts it (``parentrus-admin verify``)."""
    planted = conn.execute(
        "SELECT type, name FROM main.sqlite_master WHERE type IN ('trigger', 'view')"
    ).fetchall()
    if not planted:
        return False
    with _transaction(conn):
        for kind, name in planted:
            quoted = '"' + str(name).replace('"', '""') + '"'
            conn.execute(
                f"DROP {'TRIGGER' if kind == 'trigger' else 'VIEW'} IF EXISTS main.{quoted}"
            )
        has_manifest = conn.execute(
            "SELECT 1 FROM main.sqlite_master WHERE type = 'table' AND name = 'manifest'"
        ).fetchone()
        if has_manifest is not None:
            conn.execute("DELETE FROM manifest WHERE bucket = ?", (TOP,))
    return True


@contextlib.contextmanager
def _transaction(conn: sqlite3.Connection) -> Iterator[None]:
    conn.execute("BEGIN IMMEDIATE")
    try:
        yield
    except BaseException:
        conn.execute("ROLLBACK")
        raise
    conn.execute("COMMIT")


class ManifestedDatabase(sqlite_utils.Database):
    """A profile's database whose outermost transaction keeps the manifest up to date.

    Every writer in the store already uses ``db.atomic()``; here, just before its
    COMMIT, the touched buckets are rewritten in the same transaction. A writer added
    later needs to do nothing more than use ``atomic()`` as the others do.
    """

    manifest: Manifest | None = None

    def watch(self, manifest: Manifest) -> None:
        """Start noting every write to the covered tables for this manifest."""
        for statement in _dirty_triggers():
            self.conn.execute(statement)
        self.manifest = manifest

    @contextlib.contextmanager
    def atomic(self) -> Generator[sqlite_utils.Database, None, None]:
        if self.conn.in_transaction or self.manifest is None:
            with super().atomic() as db:
                yield db
            return
        apply: Callable[[], None] | None = None
        self.conn.execute("BEGIN")
        try:
            yield self
            apply = self.manifest.flush(self.conn)
            self.conn.execute("COMMIT")
        except BaseException:
            self.rollback()
            raise
        if apply is not None:
            apply()  # memory follows the disk, never leads it
