"""Everything held about one family, as a file they can read (a subject access request).

Group sessions are listed with what the family took part in, but without the notes
and without the other families, because those are about other people.
"""

from __future__ import annotations

import os
from collections.abc import Iterable
from datetime import date
from pathlib import Path
from typing import Any

from parentrus_desktop.domain import Agency, Family, Record, School, Session, Venue
from parentrus_desktop.domain.codec import record_to_dict
from parentrus_desktop.store.unlocked import UnlockedProfile

_TITLES = {
    "family": "The family",
    "consent": "Consent",
    "session": "Session",
    "follow_up": "Follow-up",
    "referral": "Referral",
    "celebration": "Celebration",
    "check_in": "Check-in",
}
_SKIPPED_FIELDS = {"id", "family", "families", "session", "school", "venue", "agency", "referral"}


def family_export(family: Family, about: Iterable[Record], names: dict[str, str]) -> dict[str, Any]:
    """The export as data. ``names`` resolves directory ids (schools, venues, agencies)."""
    entries = []
    for record in sorted(about, key=_when):
        plain = record_to_dict(record)
        if isinstance(record, Session) and record.is_group:
            plain["notes"] = ""
            plain["others"] = plain["others"] + len(record.families) - 1
            plain["group_notes_left_out"] = True
        for field in ("venue", "school", "agency"):
            if plain.get(field):
                plain[field + "_name"] = names.get(plain[field], "")
        entries.append({"kind": record.kind, **_without_ids(plain)})
    family_plain = record_to_dict(family)
    for child in family_plain["children"]:
        child["school_name"] = names.get(child.pop("school_id") or "", "")
    return {"family": _without_ids(family_plain), "records": entries}


def _when(record: Record) -> date:
    for field in ("on", "given_on", "made_on", "due_on"):
        value = getattr(record, field, None)
        if isinstance(value, date):
            return value
    return date.min


def _without_ids(plain: dict[str, Any]) -> dict[str, Any]:
    # Row ids mean nothing to a family and are not about them.
    return {k: v for k, v in plain.items() if k not in _SKIPPED_FIELDS}


def export_as_text(export: dict[str, Any]) -> str:
    """The export as plain text, one heading per record, one line per field."""
    lines = ["Everything held about this family by their parent mentor", "=" * 58, ""]
    lines += _block(_TITLES["family"], export["family"])
    for entry in export["records"]:
        entry = dict(entry)
        title = _TITLES.get(entry.pop("kind"), "Record")
        if entry.pop("group_notes_left_out", False):
            title += " (group: notes about other families are left out)"
        lines += _block(title, entry)
    return "\n".join(lines) + "\n"


def _block(title: str, plain: dict[str, Any]) -> list[str]:
    lines = [title, "-" * len(title)]
    for field, value in plain.items():
        if value in (None, "", [], {}, False):
            continue
        label = field.replace("_", " ").capitalize()
        lines.append(f"{label}: {_shown(value)}")
    return [*lines, ""]


def _shown(value: Any) -> str:
    if isinstance(value, list):
        return "; ".join(_shown(v) for v in value)
    if isinstance(value, dict):
        return ", ".join(
            f"{k.replace('_', ' ')}: {_shown(v)}"
            for k, v in value.items()
            if v not in (None, "", [])
        )
    if value is True:
        return "yes"
    return str(value)


def everything_about(profile: UnlockedProfile, family: Family) -> dict[str, Any]:
    """The export for one family of an unlocked profile, directory names resolved."""
    names = {r.id: r.name for r in profile if isinstance(r, Venue | Agency | School)}
    return family_export(family, profile.about_family(family.id), names)


def write_private_file(path: Path, text: str) -> None:
    """Write a file only its owner can read, from the first byte: it is about a family."""
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "w", encoding="utf-8") as file:
        file.write(text)
