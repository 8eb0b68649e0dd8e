"""The app's log file, ``<data folder>/logs/parentrus.log``: small, rotating, and holding
events and the kinds of errors only, never anything a mentor typed or a record holds.

What keeps it so: the app's own messages name kinds (``type(error).__name__``), never
values; a library's message is written without its words (they could hold a value); a
traceback is the exception's kind and where it happened (file, line, function), without
its message or any local value (:func:`safe_traceback`)."""

from __future__ import annotations

import copy
import errno
import io
import logging
import os
import sys
import traceback
from logging.handlers import RotatingFileHandler
from pathlib import Path, PurePath

from parentrus_desktop.store.database import make_private_folder

LOG_FOLDER = "logs"
LOG_FILE = "parentrus.log"
#: A few days of a busy mentor's events; three files at most (the file and two older ones).
MAX_BYTES = 256 * 1024
OLDER_FILES = 2
#: Loggers whose messages the app writes itself, so their words are known to hold no values.
OURS = ("parentrus_desktop", "parentrus_sync")

log = logging.getLogger("parentrus_desktop")
_handler: logging.Handler | None = None


def start_log(data_dir: Path) -> Path:
    """Log to the data folder's ``logs/`` from now on (again: the earlier file is closed).
    Returns the log file's path."""
    global _handler
    stop_log()
    make_private_folder(data_dir)
    folder = data_dir / LOG_FOLDER
    make_private_folder(folder)  # owner-only, like the profiles beside it
    path = folder / LOG_FILE
    handler = _OwnerOnlyFile(path, maxBytes=MAX_BYTES, backupCount=OLDER_FILES, encoding="utf-8")
    handler.setFormatter(_KindsOnly("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    logging.getLogger().addHandler(handler)  # the root stays at WARNING: no library chatter
    log.setLevel(logging.INFO)
    _handler = handler
    return path


def stop_log() -> None:
    """Close the log file (at exit, and before a test's data folder goes)."""
    global _handler
    if _handler is not None:
        logging.getLogger().removeHandler(_handler)
        _handler.close()
        _handler = None


class _OwnerOnlyFile(RotatingFileHandler):
    """Each log file (the first, and each one after a rotation) readable by this user only."""

    def _open(self) -> io.TextIOWrapper:
        descriptor = os.open(self.baseFilename, os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o600)
        return os.fdopen(descriptor, "a", encoding=self.encoding, errors=self.errors)


class _KindsOnly(logging.Formatter):
    """Writes a record without what could hold a value: see the module's doc."""

    def format(self, record: logging.LogRecord) -> str:
        record = copy.copy(record)  # other handlers (the console) still see the original
        if not record.name.startswith(OURS):
            record.msg, record.args = "a message from a library (its words are not kept)", None
        if record.exc_info and record.exc_info[1] is not None:
            record.msg = f"{record.getMessage()}\n{safe_traceback(record.exc_info[1])}"
            record.args = None
        record.exc_info, record.exc_text, record.stack_info = None, None, None
        return super().format(record)


def safe_traceback(error: BaseException) -> str:
    """The error's kind and where it happened, frame by frame, then the same for the errors
    that led to it. No message and no local value: either could hold a name or a note."""
    lines: list[str] = []
    seen: set[int] = set()
    current: BaseException | None = error
    while current is not None and id(current) not in seen:
        seen.add(id(current))
        if lines:
            lines.append("which came from:")
        lines.append(error_kind(current))
        lines += [
            f"  {_where(frame.filename)}, line {frame.lineno}, in {frame.name}"
            for frame in traceback.extract_tb(current.__traceback__)
        ]
        current = current.__cause__ or (
            None if current.__suppress_context__ else current.__context__
        )
    return "\n".join(lines)


def error_kind(error: BaseException) -> str:
    """``module.Class``, and the system's code for an OS or SQLite error (ENOSPC,
    SQLITE_FULL): constants that say what failed, never which file or record."""
    kind = type(error)
    name = (
        kind.__qualname__
        if kind.__module__ == "builtins"
        else f"{kind.__module__}.{kind.__qualname__}"
    )
    if isinstance(error, OSError) and isinstance(error.errno, int):
        name += f" [{errno.errorcode.get(error.errno, error.errno)}]"
    code = getattr(error, "sqlite_errorname", None)
    if isinstance(code, str):
        name += f" [{code}]"
    return name


def _where(filename: str) -> str:
    """A source file's path from the folder it is imported from (``parentrus_desktop/...``,
    ``babel/...``): the full path would hold the laptop's user name."""
    path = PurePath(filename)
    roots = sorted((PurePath(entry) for entry in sys.path if entry), key=lambda p: -len(p.parts))
    for root in roots:
        if path.is_relative_to(root) and path != root:
            return path.relative_to(root).as_posix()
    return path.name
