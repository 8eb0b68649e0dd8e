"""Turning records into plain dictionaries (for export and import) and back.

The converters for each record type are worked out once from its type hints; the
compact form inside sealed values (row_form.py) reuses them.
"""

from __future__ import annotations

import dataclasses
import types
import typing
from collections.abc import Callable, Mapping
from datetime import date, time
from enum import Enum
from typing import Any

from parentrus_desktop.domain.consent import Consent
from parentrus_desktop.domain.directory import Agency, School, Venue
from parentrus_desktop.domain.family import Family
from parentrus_desktop.domain.follow_up import FollowUp
from parentrus_desktop.domain.mentor_log import MentorLogEntry
from parentrus_desktop.domain.progress import Celebration, CheckIn
from parentrus_desktop.domain.record import Record
from parentrus_desktop.domain.referral import Referral
from parentrus_desktop.domain.safeguarding import WorryPassedOn
from parentrus_desktop.domain.session import Session
from parentrus_desktop.domain.talk_through import TalkThrough
from parentrus_desktop.domain.validation import N_, InvalidRecord

#: Every kind of record, by the name stored in the clear next to its sealed value.
RECORD_TYPES: dict[str, type[Record]] = {
    cls.kind: cls
    for cls in (
        Family,
        Consent,
        Session,
        FollowUp,
        Referral,
        Celebration,
        CheckIn,
        MentorLogEntry,
        Venue,
        Agency,
        School,
        WorryPassedOn,
        TalkThrough,
    )
}

Convert = Callable[[Any], Any]


def identity(value: Any) -> Any:
    return value


def _converters(hint: Any) -> tuple[Convert, Convert]:
    """(to plain, from plain) for one type hint."""
    origin = typing.get_origin(hint)
    args = typing.get_args(hint)
    if origin in (typing.Union, types.UnionType):
        inner = [a for a in args if a is not type(None)]
        to_plain, from_plain = _converters(inner[0])
        if to_plain is identity and from_plain is identity:
            return identity, identity  # None passes through unchanged anyway
        return (
            lambda x: None if x is None else to_plain(x),
            lambda x: None if x is None else from_plain(x),
        )
    if origin is tuple:
        to_item, from_item = _converters(args[0])
        if from_item is identity:
            return (lambda x: [to_item(i) for i in x]), _as_tuple
        return (lambda x: [to_item(i) for i in x]), (lambda x: tuple(map(from_item, _as_tuple(x))))
    if origin in (Mapping, dict, typing.Mapping):
        to_key, from_key = _converters(args[0])
        to_val, from_val = _converters(args[1])
        return (
            lambda x: {to_key(k): to_val(v) for k, v in x.items()},
            lambda x: {from_key(k): from_val(v) for k, v in _as_mapping(x).items()},
        )
    if hint is date:
        return date.isoformat, date.fromisoformat
    if hint is time:
        return (lambda t: t.strftime("%H:%M")), time.fromisoformat
    if isinstance(hint, type) and issubclass(hint, Enum):
        # The member map is several times faster than calling the enum, and this runs
        # for every choice in every record when a profile opens.
        return (lambda e: e.value), hint._value2member_map_.__getitem__
    if isinstance(hint, type) and dataclasses.is_dataclass(hint):
        return (lambda r: _to_plain(r)), (lambda d: _from_plain(hint, d))
    return identity, identity


def _as_tuple(value: Any) -> tuple[Any, ...]:
    # A string is iterable too, but "Amina" is not a list of five carers.
    if type(value) is list or type(value) is tuple:
        return tuple(value)
    raise TypeError("a list is needed here")


def _as_mapping(value: Any) -> Mapping[str, Any]:
    if not isinstance(value, Mapping):
        raise TypeError("named fields are needed here")
    return value


Fields = tuple[tuple[str, Convert, Convert], ...]
_FIELDS: dict[type, Fields] = {}


def fields_of(cls: type) -> Fields:
    """(name, to plain, from plain) for each field, in declaration order (worked out
    once per record type)."""
    known = _FIELDS.get(cls)
    if known is None:
        hints = typing.get_type_hints(cls)
        known = tuple(
            (f.name, *_converters(hints[f.name])) for f in dataclasses.fields(cls) if f.init
        )
        _FIELDS[cls] = known
    return known


def _to_plain(record: Any) -> dict[str, Any]:
    return {name: to_plain(getattr(record, name)) for name, to_plain, _ in fields_of(type(record))}


def _from_plain(cls: type, plain: Mapping[str, Any]) -> Any:
    plain = _as_mapping(plain)
    values = {}
    for name, _, from_plain in fields_of(cls):
        if name in plain:
            try:
                values[name] = from_plain(plain[name])
            except InvalidRecord:
                raise  # a nested record already said which field and why
            except (TypeError, ValueError, AttributeError, KeyError):
                raise InvalidRecord(name, N_("This value is not in the right form.")) from None
    try:
        return cls(**values)
    except TypeError:
        raise InvalidRecord("record", N_("Something this record needs is missing.")) from None


def record_to_dict(record: Record) -> dict[str, Any]:
    """A record as JSON-ready data (dates as ISO text, choices as their identifiers)."""
    return _to_plain(record)


def record_from_dict(kind: str, plain: Mapping[str, Any]) -> Record:
    """Rebuild and re-validate a record; raises InvalidRecord naming the bad field."""
    cls = RECORD_TYPES.get(kind)
    if cls is None:
        raise InvalidRecord("kind", N_("This kind of record is not one the app knows."))
    if not isinstance(plain, Mapping):
        raise InvalidRecord("record", N_("This record is not in the right form."))
    record: Record = _from_plain(cls, plain)
    return record
