"""Reading a profile file's header without opening or changing it.

SQLite would happily "open" a text file or a half-copied profile and fail later;
checking the header first lets us say plainly what is wrong and touch nothing.
"""

from __future__ import annotations

import struct
from pathlib import Path

from parentrus_desktop.store.errors import DamagedFile, NewerVersion, NotAVault
from parentrus_desktop.store.schema import APPLICATION_ID, SCHEMA_VERSION

_MAGIC = b"SQLite format 3\x00"


def check_profile_file(path: Path) -> None:
    """Raise NotAVault, NewerVersion or DamagedFile if this is not a profile we can open."""
    try:
        with path.open("rb") as file:
            header = file.read(100)
            size = path.stat().st_size
    except FileNotFoundError:
        raise NotAVault from None
    except OSError:
        raise DamagedFile from None
    if len(header) < 100 or not header.startswith(_MAGIC):
        raise NotAVault
    (application_id,) = struct.unpack(">I", header[68:72])
    if application_id != APPLICATION_ID:
        raise NotAVault
    (user_version,) = struct.unpack(">I", header[60:64])
    if user_version > SCHEMA_VERSION:
        raise NewerVersion
    (page_size,) = struct.unpack(">H", header[16:18])
    page_size = 65536 if page_size == 1 else page_size
    change_counter, page_count = struct.unpack(">II", header[24:32])
    (valid_for,) = struct.unpack(">I", header[92:96])
    if page_size < 512 or size % page_size:
        raise DamagedFile
    # The page count in the header is trustworthy only when it was written together
    # with the change counter (SQLite's own rule); then the file must hold every page.
    # A write-ahead log left by a crash or a full disk may still hold the missing
    # pages: then SQLite's own check, after opening, decides.
    wal = path.with_name(path.name + "-wal")
    wal_holds_pages = wal.exists() and wal.stat().st_size > 0
    if valid_for == change_counter and size < page_count * page_size and not wal_holds_pages:
        raise DamagedFile
