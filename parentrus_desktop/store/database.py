"""Opening a profile file with the settings that keep it safe through crashes and erasure."""

from __future__ import annotations

import contextlib
import errno
import os
import sqlite3
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING

from parentrus_desktop.store.errors import (
    DamagedFile,
    DiskFull,
    NewerVersion,
    NotAVault,
    UpgradeFailed,
)
from parentrus_desktop.store.schema import APPLICATION_ID, SCHEMA_VERSION, migrate

if TYPE_CHECKING:
    import sqlite_utils

    from parentrus_desktop.store.manifest import ManifestedDatabase

OWNER_ONLY_FILE = 0o600
OWNER_ONLY_FOLDER = 0o700

# Why each setting:
#  - WAL + synchronous=FULL: a save the app has acknowledged survives a crash or power cut.
#  - secure_delete: deleted and overwritten values are zeroed in the file, not left in free pages.
#  - temp_store=MEMORY: sorting and VACUUM never spill record bytes into temporary files.
#  - foreign_keys: a record can never point at a key that has been erased.
_PRAGMAS = (
    "PRAGMA journal_mode = WAL",
    "PRAGMA synchronous = FULL",
    "PRAGMA secure_delete = ON",
    "PRAGMA temp_store = MEMORY",
    "PRAGMA foreign_keys = ON",
    "PRAGMA busy_timeout = 5000",
    "PRAGMA journal_size_limit = 1048576",
)


def make_private_folder(folder: Path) -> None:
    """Create the data folder readable only by this user. A folder that already exists
    keeps its permissions (it may be one the IT volunteer chose, even a home folder);
    the profile files in it are owner-only whatever the folder allows."""
    if not folder.exists():
        folder.mkdir(parents=True, mode=OWNER_ONLY_FOLDER)
        os.chmod(folder, OWNER_ONLY_FOLDER)  # mkdir's mode is filtered by the umask


def is_disk_full(error: BaseException) -> bool:
    if isinstance(error, OSError) and error.errno in (errno.ENOSPC, errno.EDQUOT):
        return True
    return isinstance(error, sqlite3.Error) and getattr(error, "sqlite_errorcode", None) in (
        sqlite3.SQLITE_FULL,
    )


@contextlib.contextmanager
def plain_errors() -> Iterator[None]:
    """Turn SQLite's and the OS's storage errors into the app's plain-words errors."""
    try:
        yield
    except (sqlite3.Error, OSError) as error:
        if is_disk_full(error):
            raise DiskFull from error
        if isinstance(error, sqlite3.DatabaseError) and not isinstance(
            error, sqlite3.OperationalError
        ):
            raise DamagedFile from error
        if isinstance(error, sqlite3.OperationalError) and "malformed" in str(error):
            raise DamagedFile from error
        raise


def _connect(path: Path, *, existing: bool) -> ManifestedDatabase:
    # Here, not at the top: sqlite_utils (and numpy through it) loads when a profile is
    # opened or made, not with the first screen, which only needs make_private_folder.
    from parentrus_desktop.store.manifest import ManifestedDatabase

    # isolation_level=None: transactions are begun explicitly, one per user action.
    conn = sqlite3.connect(path, isolation_level=None, check_same_thread=False)
    if existing:
        # Before any setting that writes (journal_mode does): is this ours, and not newer?
        try:
            if conn.execute("PRAGMA application_id").fetchone()[0] != APPLICATION_ID:
                raise NotAVault
            if conn.execute("PRAGMA user_version").fetchone()[0] > SCHEMA_VERSION:
                raise NewerVersion
        except BaseException:
            conn.close()
            raise
    for pragma in _PRAGMAS:
        conn.execute(pragma)
    return ManifestedDatabase(conn, execute_plugins=False)


def create_database(path: Path) -> ManifestedDatabase:
    """A new, empty profile file, owner-only from the first byte."""
    make_private_folder(path.parent)
    with plain_errors():
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, OWNER_ONLY_FILE)
        os.close(fd)
        try:
            db = _connect(path, existing=False)
            migrate(db.conn)
        except BaseException:
            with contextlib.suppress(NameError, sqlite3.Error):
                db.close()
            for leftover in (path, *_companions(path)):
                leftover.unlink(missing_ok=True)
            raise
    return db


def read_only(path: Path) -> sqlite3.Connection:
    """A connection that only reads the file. A closed profile (no write-ahead log
    beside it) is read as it is, leaving no -wal or -shm file behind."""
    closed = not path.with_name(path.name + "-wal").exists()
    query = "?mode=ro&immutable=1" if closed else "?mode=ro"
    return sqlite3.connect(path.resolve().as_uri() + query, uri=True)


def open_database(path: Path) -> ManifestedDatabase:
    """An existing profile file. The caller has already checked its header."""
    from parentrus_desktop.store.manifest import remove_planted_schema  # as in _connect

    with plain_errors():
        db = _connect(path, existing=True)
        try:
            # Before the first write: a trigger someone added must not run on any of ours.
            remove_planted_schema(db.conn)
            migrate(db.conn)
        except sqlite3.Error as error:
            db.close()
            if is_disk_full(error):
                raise DiskFull from error
            raise UpgradeFailed from error  # each step rolled back: the file is as it was
        except BaseException:
            db.close()
            raise
    for file in (path, *_companions(path)):
        if file.exists():
            os.chmod(file, OWNER_ONLY_FILE)
    return db


def _companions(path: Path) -> tuple[Path, Path]:
    return path.with_name(path.name + "-wal"), path.with_name(path.name + "-shm")


def clear_freed_space(db: sqlite_utils.Database) -> None:
    """After an erasure: copy everything into the main file, rebuild it so no freed page
    is left holding old bytes, and empty the write-ahead log."""
    with plain_errors():
        db.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        db.conn.execute("VACUUM")
        db.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
