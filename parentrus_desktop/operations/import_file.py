"""Reading families, sessions and follow-ups from a spreadsheet (CSV) or a JSON file.

For organisations moving off spreadsheets. Every row is checked before anything is
saved: one bad row stops the whole file and says which line and which column.
The columns are listed in ``COLUMNS`` and documented in docs/import.md.
"""

from __future__ import annotations

import csv
import io
import json
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import date, datetime, time
from pathlib import Path
from typing import Any

from parentrus_desktop.domain import Child, Contact, Family, FollowUp, Record, Session
from parentrus_desktop.domain.family import family_code, new_family_code
from parentrus_desktop.domain.record import new_record_id
from parentrus_desktop.domain.rules import follow_ups_for
from parentrus_desktop.domain.validation import N_, InvalidRecord
from parentrus_desktop.operations import Done
from parentrus_desktop.store.unlocked import UnlockedProfile

#: record type -> column -> what it holds. Columns not listed here are refused, so a
#: misspelt heading is caught instead of silently dropped.
COLUMNS: dict[str, dict[str, str]] = {
    "family": {
        "family_code": "optional; a code such as K7Q-4M (made up when left empty)",
        "carers": "first names, separated by ';'",
        "children": "first name and year group, e.g. 'Ayaan:3; Idil:5'",
        "languages": "language tags such as 'so; en'",
        "interpreter_needed": "yes or no",
        "phone": "optional phone number",
        "contact_method": "phone_call, text_message, in_person or through_someone_else",
        "best_times": "when to contact them",
        "aspirations": "what they hope for their child",
        "barriers": "e.g. 'language; transport' (see the list in the README)",
        "status": "active, paused or closed",
        "joined_on": "date joined, 2026-09-14 or 14/09/2026",
        "closed_on": "date closed, for a closed family",
        "notes": "free text",
    },
    "session": {
        "date": "the day of the session",
        "start_time": "optional, e.g. 10:30",
        "minutes": "how long, in minutes (default 60)",
        "kind": "one_to_one, group, home_visit, phone_or_video, school_meeting or parents_forum",
        "venue_category": "community_centre, library, cafe, faith_venue, park, school, "
        "family_home, phone_or_online or other",
        "family_codes": "the codes of the families present, separated by ';'",
        "others": "people present who are not mentored families",
        "languages": "language tags used",
        "interpreter_used": "yes or no",
        "topics": "e.g. 'reading; homework'",
        "status": "planned, held, did_not_attend or cancelled (default held)",
        "non_attendance_reason": "for did_not_attend: forgot, illness, childcare, work, "
        "transport, family_emergency, not_ready, unknown or other",
        "notes": "free text",
    },
    "follow_up": {
        "family_code": "optional; the family it is about",
        "owner": "parent, mentor, school or other_agency",
        "what": "what has to be done",
        "due_on": "the date it is due",
        "status": "open, done or cancelled (default open)",
        "done_on": "the date it was done",
    },
}
_EVERY_COLUMN = {"record"}.union(*COLUMNS.values())
_RECORD_ALIASES = {
    "family": "family",
    "session": "session",
    "follow_up": "follow_up",
    "follow-up": "follow_up",
    "followup": "follow_up",
}


@dataclass
class ImportProblem(Exception):
    """A row that cannot be imported; nothing from the file has been saved."""

    line: int
    column: str
    message: str
    details: Mapping[str, object] | None = None

    def __str__(self) -> str:
        return f"line {self.line}, {self.column}: {self.message.format(**(self.details or {}))}"


def read_rows(path: Path) -> list[tuple[int, dict[str, Any]]]:
    """(line number, row) for every row in a CSV or JSON file."""
    text = path.read_text(encoding="utf-8-sig")
    if path.suffix.lower() == ".json":
        return _json_rows(text)
    reader = csv.DictReader(io.StringIO(text, newline=""))
    rows = []
    for row in reader:
        if None in row:
            raise ImportProblem(
                reader.line_num, "row", N_("This row has more cells than headings.")
            )
        if any((value or "").strip() for value in row.values()):
            rows.append((reader.line_num, {k.strip(): v for k, v in row.items() if k}))
    return rows


def _json_rows(text: str) -> list[tuple[int, dict[str, Any]]]:
    # Decoding one object at a time keeps each object's position, for the line number.
    decoder = json.JSONDecoder()
    at = _skip(text, 0)
    if text[at : at + 1] != "[":
        raise ImportProblem(1, "file", N_("A JSON file must hold a list of rows, [ ... ]."))
    at = _skip(text, at + 1)
    rows = []
    while text[at : at + 1] != "]":
        line = text.count("\n", 0, at) + 1
        try:
            row, at = decoder.raw_decode(text, at)
        except json.JSONDecodeError as error:
            raise ImportProblem(
                error.lineno, "file", N_("The file is not valid JSON here.")
            ) from None
        if not isinstance(row, dict):
            raise ImportProblem(line, "row", N_("Each row must be an object with named fields."))
        rows.append((line, row))
        at = _skip(text, at)
        if text[at : at + 1] == ",":
            at = _skip(text, at + 1)
        elif text[at : at + 1] != "]":
            raise ImportProblem(
                text.count("\n", 0, at) + 1, "file", N_("The file is not valid JSON here.")
            )
    return rows


def _skip(text: str, at: int) -> int:
    while at < len(text) and text[at] in " \t\r\n":
        at += 1
    return at


def _listed(value: Any) -> list[str]:
    if value is None:
        return []
    if isinstance(value, list):
        return [str(v).strip() for v in value if str(v).strip()]
    return [part.strip() for part in str(value).split(";") if part.strip()]


def _yes_no(value: Any) -> bool:
    if isinstance(value, bool):
        return value
    word = str(value or "").strip().casefold()
    if word in ("yes", "y", "true", "1"):
        return True
    if word in ("no", "n", "false", "0", ""):
        return False
    raise ValueError(N_("Please write yes or no."))


def _day(value: Any) -> date:
    text = str(value or "").strip()
    for layout in ("%Y-%m-%d", "%d/%m/%Y"):
        try:
            return datetime.strptime(text, layout).date()
        except ValueError:
            continue
    raise ValueError(N_("Please write the date as 2026-09-14 or 14/09/2026."))


def _clock_time(value: Any) -> time:
    try:
        return time.fromisoformat(str(value).strip())
    except ValueError:
        raise ValueError(N_("Please write the time as 10:30.")) from None


def _number(value: Any) -> int:
    if isinstance(value, int) and not isinstance(value, bool):
        return value
    text = str(value or "").strip()
    if not re.fullmatch(r"\d+", text):
        raise ValueError(N_("Please write a whole number."))
    return int(text)


def _filled(value: Any) -> bool:
    return value is not None and not (isinstance(value, str) and not value.strip())


class _Row:
    """One row being read; remembers which column is being read, for the message."""

    def __init__(self, line: int, row: Mapping[str, Any], kind: str) -> None:
        self.line, self.row, self.kind = line, row, kind
        for column in sorted(row):
            if column not in _EVERY_COLUMN:
                raise ImportProblem(line, column, N_("This column is not one the app knows."))
            if column not in COLUMNS[kind] and column != "record" and _filled(row[column]):
                raise ImportProblem(
                    line, column, N_("This column is not used in a {kind} row."), {"kind": kind}
                )

    def get(
        self, column: str, read: Callable[[Any], Any] = lambda v: v, default: Any = None
    ) -> Any:
        value = self.row.get(column)
        if not _filled(value):
            return default
        try:
            return read(value.strip() if isinstance(value, str) else value)
        except ValueError as error:
            raise ImportProblem(self.line, column, str(error)) from None


def records_from_rows(
    rows: list[tuple[int, dict[str, Any]]], known_codes: Mapping[str, str], today: date
) -> list[Record]:
    """Records for every row, in order; ``known_codes`` maps family codes already in the
    profile to their ids. Raises ImportProblem at the first bad row."""
    codes = dict(known_codes)
    records: list[Record] = []
    for line, raw in rows:
        kind = _RECORD_ALIASES.get(str(raw.get("record", "")).strip().casefold())
        if kind is None:
            raise ImportProblem(line, "record", N_("Please say family, session or follow_up."))
        row = _Row(line, raw, kind)
        try:
            if kind == "family":
                family = _family(row, codes)
                codes[family.code] = family.id
                records.append(family)
            elif kind == "session":
                session = _session(row, codes, today)
                records += [session, *follow_ups_for(session, today)]
            else:
                records.append(_follow_up(row, codes, today))
        except InvalidRecord as error:
            column = _COLUMN_OF_FIELD.get(error.field, error.field)
            raise ImportProblem(line, column, error.message, error.details) from None
    return records


_COLUMN_OF_FIELD = {
    "on": "date",
    "session_kind": "kind",
    "families": "family_codes",
    "starts_at": "start_time",
    "child_first_name": "children",
    "code": "family_code",
    "method": "contact_method",
}


def _family(row: _Row, codes: Mapping[str, str]) -> Family:
    code = row.get("family_code", family_code) or _unused_code(codes)
    if code in codes:
        raise ImportProblem(row.line, "family_code", N_("This family code is already used."))
    return Family(
        id=new_record_id(),
        code=code,
        carers=tuple(row.get("carers", _listed, [])),
        children=tuple(_child(row, part) for part in row.get("children", _listed, [])),
        languages=tuple(row.get("languages", _listed, [])),
        interpreter_needed=row.get("interpreter_needed", _yes_no, False),
        contact=Contact(
            method=row.get("contact_method", default="phone_call"),
            phone=row.get("phone", str, ""),
            best_times=row.get("best_times", str, ""),
        ),
        aspirations=row.get("aspirations", str, ""),
        barriers=tuple(row.get("barriers", _listed, [])),
        status=row.get("status", default="active"),
        joined_on=row.get("joined_on", _day),
        closed_on=row.get("closed_on", _day),
        notes=row.get("notes", str, ""),
    )


def _child(row: _Row, part: str) -> Child:
    name, _, year = part.partition(":")
    try:
        year_group = _number(year) if year.strip() else None
    except ValueError as error:
        raise ImportProblem(row.line, "children", str(error)) from None
    return Child(first_name=name, year_group=year_group)


def _unused_code(codes: Mapping[str, str]) -> str:
    while (code := new_family_code()) in codes:
        pass
    return code


def _families(row: _Row, column: str, codes: Mapping[str, str]) -> tuple[str, ...]:
    found = []
    for code in row.get(column, _listed, []):
        if family_code(code, column) not in codes:
            raise ImportProblem(
                row.line, column, N_("No family has the code {code}."), {"code": code}
            )
        found.append(codes[family_code(code)])
    return tuple(found)


def _session(row: _Row, codes: Mapping[str, str], today: date) -> Session:
    return Session(
        id=new_record_id(),
        session_kind=row.get("kind", default="one_to_one"),
        venue_category=row.get("venue_category", default="other"),
        on=row.get("date", _day),
        starts_at=row.get("start_time", _clock_time),
        minutes=row.get("minutes", _number, 60),
        families=_families(row, "family_codes", codes),
        others=row.get("others", _number, 0),
        languages=tuple(row.get("languages", _listed, [])),
        interpreter_used=row.get("interpreter_used", _yes_no, False),
        topics=tuple(row.get("topics", _listed, [])),
        notes=row.get("notes", str, ""),
        status=row.get("status", default="held"),
        non_attendance_reason=row.get("non_attendance_reason"),
        entered_on=today,
    )


def _follow_up(row: _Row, codes: Mapping[str, str], today: date) -> FollowUp:
    families = _families(row, "family_code", codes)
    return FollowUp(
        id=new_record_id(),
        family=families[0] if families else None,
        owner=row.get("owner", default="mentor"),
        what=row.get("what", str, ""),
        due_on=row.get("due_on", _day),
        status=row.get("status", default="open"),
        done_on=row.get("done_on", _day),
        raised_on=today,
    )


def import_file(profile: UnlockedProfile, path: Path, today: date) -> Done[int]:
    """Read a CSV or JSON file and save every record in it as one action: all of them
    or none. Raises ImportProblem (line, column, plain words) or OSError/UnicodeDecodeError
    when the file cannot be read; returns how many records were saved."""
    known = {f.code: f.id for f in profile.all(Family)}
    records = records_from_rows(read_rows(path), known, today)
    profile.save(*records)
    return Done(len(records), frozenset(r.kind for r in records))
