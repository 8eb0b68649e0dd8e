"""The mentor's own work as a CSV file for a mentor manager or a volunteering certificate:
sessions held and the mentor's own log, by date, kind and minutes, with no names.

Each line has the family code (codes, for a group), the day, the kind, the length in
minutes and the kind of place: never a name, a note, a place's name or a topic.
"""

from __future__ import annotations

import contextlib
import csv
import io
import os
import secrets
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from parentrus_desktop.domain import Family, MentorLogEntry, Record, Session
from parentrus_desktop.domain.vocabulary import SessionStatus
from parentrus_desktop.operations import Done
from parentrus_desktop.operations.activity import OWN_WORK_SAVED, log_activity
from parentrus_desktop.store.owner_only import keep_to_owner
from parentrus_desktop.store.unlocked import UnlockedProfile

#: The columns, in English and stable, so a spreadsheet or a manager's tool can read them.
COLUMNS = ("date", "family_codes", "kind", "minutes", "place_kind")


@dataclass(frozen=True)
class WorkLine:
    on: date
    family_codes: tuple[str, ...]  # empty for the mentor's own log
    kind: str  # a session kind (one_to_one...) or a log kind (supervision...)
    minutes: int
    place_kind: str  # empty for the mentor's own log

    def row(self) -> list[str]:
        return [
            self.on.isoformat(),
            " ".join(self.family_codes),
            self.kind,
            str(self.minutes),
            self.place_kind,
        ]


def work_lines(
    records: Iterable[Record], start: date | None = None, end: date | None = None
) -> list[WorkLine]:
    """Sessions that were held, and the mentor's own log, from ``start`` to ``end``
    (both included), oldest first. Planned, missed and cancelled sessions are left out:
    they are not time worked."""
    codes: dict[str, str] = {}
    chosen: list[Session | MentorLogEntry] = []
    for record in records:
        if isinstance(record, Family):
            codes[record.id] = record.code
        elif isinstance(record, Session | MentorLogEntry) and (
            (start is None or record.on >= start) and (end is None or record.on <= end)
        ):
            chosen.append(record)
    lines = []
    for record in chosen:
        if isinstance(record, Session):
            if record.status is not SessionStatus.HELD:
                continue
            family_codes = tuple(sorted(codes[f] for f in record.families if f in codes))
            lines.append(
                WorkLine(
                    record.on,
                    family_codes,
                    record.session_kind.value,
                    record.minutes,
                    record.venue_category.value,
                )
            )
        else:
            lines.append(WorkLine(record.on, (), record.entry_kind.value, record.minutes, ""))
    return sorted(lines, key=lambda line: (line.on, line.kind, line.family_codes))


def as_csv(lines: Iterable[WorkLine]) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(COLUMNS)
    writer.writerows(line.row() for line in lines)
    return out.getvalue()


def write_atomically(path: Path, text: str) -> None:
    """Write ``text`` so that ``path`` is either the old file or the whole new one, and
    only its owner can read it (0600 from the first byte)."""
    path = Path(path)
    temporary = path.with_name(f".{path.name}.{secrets.token_hex(6)}.part")
    fd = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    try:
        keep_to_owner(fd)
        with os.fdopen(fd, "w", encoding="utf-8", newline="") as file:
            file.write(text)
            file.flush()
            os.fsync(file.fileno())
        os.replace(temporary, path)
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(temporary)
        raise


def save_own_work(
    profile: UnlockedProfile, path: Path, *, start: date | None = None, end: date | None = None
) -> Done[int]:
    """Save the mentor's sessions and hours to ``path`` as CSV; how many lines. OSError
    (nothing changed) when it cannot be written. Changes no record."""
    lines = work_lines(profile, start, end)
    write_atomically(path, as_csv(lines))
    log_activity(profile, OWN_WORK_SAVED, count=len(lines))
    return Done(len(lines))
