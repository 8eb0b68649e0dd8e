"""Everything held about one family, as a file they can read (a subject access request).

Group sessions are listed with what the family took part in, but without the notes
and without the other families, because those are about other people.

A worry about a child's safety that the mentor passed on is left out, and nothing says
so: the mentor gives this file to the family in one click, and telling a family that a
worry went to children's social care or the police can put the child at risk. Whether to
disclose such a record is for the programme's safeguarding lead to decide, case by case,
as the law on subject access allows (it is still in the mentor's sealed profile).
What the mentor noted to talk through with their manager is left out the same way: it is
their own supervision note, often close to a safeguarding worry, and the lead decides.

A child's class teacher and key contact are shown by name and role ("Mr Fitzgerald (class
teacher)") when the school's staff list still has them, and left out when it does not.
"""

from __future__ import annotations

import dataclasses
import json
import os
import types
import typing
from collections.abc import Iterable, Mapping
from datetime import date
from enum import StrEnum
from pathlib import Path
from typing import Any

from parentrus_desktop.domain import (
    Agency,
    Family,
    Record,
    School,
    Session,
    TalkThrough,
    Venue,
    WorryPassedOn,
)
from parentrus_desktop.domain.codec import RECORD_TYPES, record_to_dict
from parentrus_desktop.domain.validation import N_
from parentrus_desktop.i18n import _
from parentrus_desktop.labels import label
from parentrus_desktop.operations import Done
from parentrus_desktop.operations.activity import FAMILY_EXPORTED, log_activity
from parentrus_desktop.store.owner_only import keep_to_owner
from parentrus_desktop.store.unlocked import UnlockedProfile

_TITLES = {
    "family": N_("The family"),
    "consent": N_("Consent"),
    "session": N_("Session"),
    "follow_up": N_("Follow-up"),
    "referral": N_("Referral"),
    "celebration": N_("Celebration"),
    "check_in": N_("Check-in"),
    "talk_through": N_("To talk through with my manager"),
}
# Translators: a noun: one thing the mentor keeps (a session, a note...)
RECORD_TITLE = N_("Record")
_SKIPPED_FIELDS = {"id", "family", "families", "session", "school", "venue", "agency", "referral"}


def family_export(family: Family, about: Iterable[Record], names: dict[str, str]) -> dict[str, Any]:
    """The export as data. ``names`` resolves directory ids (schools, venues, agencies) and
    the schools' staff ids (to "name (role)")."""
    entries = []
    for record in sorted(about, key=_when):
        if isinstance(record, WorryPassedOn | TalkThrough):
            continue  # see the module's docstring
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
        for field in ("class_teacher", "key_contact"):
            # A raw staff id means nothing to a family; one no longer listed is left out.
            child[field] = names.get(child.get(field) or "", "")
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
    """The export as plain text in the current language: one heading per record, one line
    per field, every choice by its on-screen name."""
    lines = [_("Everything held about this family by their parent mentor"), "=" * 58, ""]
    family_title = _TITLES["family"]  # a variable, so the extractor does not take "family"
    lines += _block(_(family_title), _labelled(Family, export["family"]))
    for entry in export["records"]:
        entry = dict(entry)
        kind = entry.pop("kind")
        title = _(_TITLES.get(kind, RECORD_TITLE))
        if entry.pop("group_notes_left_out", False):
            title += " " + _("(group: notes about other families are left out)")
        lines += _block(title, _labelled(RECORD_TYPES[kind], entry))
    return "\n".join(lines) + "\n"


def _labelled(cls: type, plain: dict[str, Any]) -> dict[str, Any]:
    """The same fields with every choice turned into its label, using the record's types."""
    hints = typing.get_type_hints(cls)
    shown: dict[str, Any] = {}
    for field, value in plain.items():
        hint = hints.get(field)
        shown[field] = value if hint is None else _label_value(hint, value)
    return shown


def _label_value(hint: Any, value: Any) -> Any:
    origin, args = typing.get_origin(hint), typing.get_args(hint)
    if value is None:
        return None
    if origin in (typing.Union, types.UnionType):
        return _label_value(next(a for a in args if a is not type(None)), value)
    if origin is tuple and isinstance(value, list):
        return [_label_value(args[0], v) for v in value]
    if origin in (Mapping, dict) and isinstance(value, dict):
        return {_label_value(args[0], k): v for k, v in value.items()}
    if isinstance(hint, type) and issubclass(hint, StrEnum):
        return label(hint(value))
    if isinstance(hint, type) and dataclasses.is_dataclass(hint) and isinstance(value, dict):
        return _labelled(hint, value)
    return value


def _block(title: str, plain: dict[str, Any]) -> list[str]:
    lines = [title, "-" * len(title)]
    for field, value in plain.items():
        if value in (None, "", [], {}, False):
            continue
        name = field.replace("_", " ").capitalize()
        lines.append(f"{name}: {_shown(value)}")
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
        return _("yes")
    return str(value)


def everything_about(profile: UnlockedProfile, family: Family) -> dict[str, Any]:
    """The export for one family of an unlocked profile, directory names resolved."""
    names = {r.id: r.name for r in profile if isinstance(r, Venue | Agency | School)}
    for school in profile.all(School):
        for member in school.staff:
            names[member.id] = _("{name} ({role})").format(
                name=member.name, role=label(member.role)
            )
    return family_export(family, profile.about_family(family.id), names)


def write_private_file(path: Path, text: str) -> None:
    """Write a file only its owner can read, from the first byte: it is about a family."""
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    keep_to_owner(fd)
    with os.fdopen(fd, "w", encoding="utf-8") as file:
        file.write(text)


def export_family(
    profile: UnlockedProfile, family: Family, path: Path, *, as_json: bool = False
) -> Done[Path]:
    """Save everything held about a family to ``path`` (readable text, or JSON for
    another system), only its owner able to read it. Changes no record."""
    export = everything_about(profile, family)
    text = json.dumps(export, ensure_ascii=False, indent=2) if as_json else export_as_text(export)
    write_private_file(path, text)
    log_activity(profile, FAMILY_EXPORTED, code=family.code)
    return Done(path)
