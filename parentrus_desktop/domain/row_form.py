"""The compact form of a record inside its sealed value: field values in a list.

Opening a profile turns every sealed value back into a record, 76,000 of them for a
busy mentor, so this form is what makes unlock fast: no field names to parse, and a
builder generated once per record type as straight-line code.

The order of fields is part of the schema (tests pin it): add new fields only at the
end of a record type. A row from an older version, shorter than today's, is filled
with the defaults of the fields it lacks.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Sequence
from typing import Any

from parentrus_desktop.domain.codec import RECORD_TYPES, fields_of, identity
from parentrus_desktop.domain.record import Record
from parentrus_desktop.domain.validation import N_, InvalidRecord


def record_to_row(record: Record) -> list[Any]:
    """The record's fields, JSON-ready, in declaration order."""
    return [to_plain(getattr(record, name)) for name, to_plain, _ in fields_of(type(record))]


Builder = Callable[[Sequence[Any]], Any]
_STRAIGHT: dict[type, Builder] = {}
_PADDING: dict[type, Builder] = {}


def _straight_builder(cls: type) -> Builder:
    if cls not in _STRAIGHT:
        _STRAIGHT[cls] = _generate_straight_builder(cls)
    return _STRAIGHT[cls]


def _padding_builder(cls: type) -> Builder:
    if cls not in _PADDING:
        _PADDING[cls] = _make_padding_builder(cls)
    return _PADDING[cls]


def _generate_straight_builder(cls: type) -> Builder:
    """A builder for a row holding every field, generated as one statement per field
    (no loop, no lookups), the shape this version always writes."""
    fields = fields_of(cls)
    # Each field's slot descriptor sets it directly: twice as fast as object.__setattr__,
    # and it still works on frozen records.
    namespace: dict[str, Any] = {"new": object.__new__, "cls": cls}
    namespace.update(
        {f"set_{number}": getattr(cls, name).__set__ for number, (name, _, _) in enumerate(fields)}
    )
    lines = [
        "def build(row):",
        f"    if len(row) != {len(fields)}:",
        "        raise IndexError",
        "    record = new(cls)",
    ]
    for number, (_, _, from_plain) in enumerate(fields):
        if from_plain is identity:
            lines.append(f"    set_{number}(record, row[{number}])")
        else:
            namespace[f"convert_{number}"] = from_plain
            lines.append(f"    set_{number}(record, convert_{number}(row[{number}]))")
    lines.append("    return record")
    exec("\n".join(lines), namespace)  # noqa: S102 - generated from our own field names only
    return namespace["build"]  # type: ignore[no-any-return]


def _make_padding_builder(cls: type) -> Builder:
    """A builder for a shorter row written by an older version: missing fields get
    their defaults, and the result is validated like any new record."""
    fields = fields_of(cls)
    by_name = {f.name: f for f in dataclasses.fields(cls)}

    def build(row: Sequence[Any]) -> Any:
        if len(row) > len(fields):
            raise IndexError
        values = {
            name: from_plain(value)
            for (name, _, from_plain), value in zip(fields, row, strict=False)
        }
        for name, _, _ in fields[len(row) :]:
            if (
                by_name[name].default is dataclasses.MISSING
                and by_name[name].default_factory is dataclasses.MISSING
            ):
                raise IndexError
        return cls(**values)

    return build


def record_from_row(kind: str, row: Sequence[Any]) -> Record:
    """Rebuild a record from its sealed form.

    A full row was validated when it was saved, and the vault's authenticated
    encryption has just proved it unchanged, so it is not validated again. Anything
    malformed still raises InvalidRecord rather than giving a half-built record.
    """
    try:
        cls = RECORD_TYPES[kind]
        if not isinstance(row, list):
            raise TypeError
        try:
            record: Record = _straight_builder(cls)(row)
        except IndexError:
            record = _padding_builder(cls)(row)
        return record
    except (KeyError, IndexError, TypeError, ValueError, AttributeError):
        raise InvalidRecord("record", N_("This record is not in the right form.")) from None


def field_order(kind: str) -> tuple[str, ...]:
    return tuple(name for name, _, _ in fields_of(RECORD_TYPES[kind]))
