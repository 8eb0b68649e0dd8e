"""Turning records into plain dictionaries (for sealing, export and import) and back.

The converters for each record type are worked out once from its type hints, because
opening a profile decodes tens of thousands of records and must stay well under a second.
"""

from __future__ import annotations

import dataclasses
import types
import typing
from collections.abc import Callable, Mapping
from datetime import date, time
from enum import Enum
from functools import cache
from typing import Any

from parentrus_desktop.domain.consent import Consent
from parentrus_desktop.domain.directory import Agency, School, Venue
from parentrus_desktop.domain.family import Family
from parentrus_desktop.domain.follow_up import FollowUp
from parentrus_desktop.domain.mentor_log import MentorLogEntry
from parentrus_desktop.domain.progress import Celebration, CheckIn
from parentrus_desktop.domain.record import Record
from parentrus_desktop.domain.referral import Referral
from parentrus_desktop.domain.session import Session
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
    )
}

Convert = Callable[[Any], Any]


def _identity(value: Any) -> Any:
    return value


def _converters(hint: Any) -> tuple[Convert, Convert]:
    """(to plain, from plain) for one type hint."""
    origin = typing.get_origin(hint)
    args = typing.get_args(hint)
    if origin in (typing.Union, types.UnionType):
        inner = [a for a in args if a is not type(None)]
        to_plain, from_plain = _converters(inner[0])
        return (
            lambda x: None if x is None else to_plain(x),
            lambda x: None if x is None else from_plain(x),
        )
    if origin is tuple:
        to_item, from_item = _converters(args[0])
        return (lambda x: [to_item(i) for i in x], lambda x: tuple(from_item(i) for i in x))
    if origin in (Mapping, dict, typing.Mapping):
        to_key, from_key = _converters(args[0])
        to_val, from_val = _converters(args[1])
        return (
            lambda x: {to_key(k): to_val(v) for k, v in x.items()},
            lambda x: {from_key(k): from_val(v) for k, v in x.items()},
        )
    if hint is date:
        return date.isoformat, date.fromisoformat
    if hint is time:
        return (lambda t: t.strftime("%H:%M")), time.fromisoformat
    if isinstance(hint, type) and issubclass(hint, Enum):
        # The member map is several times faster than calling the enum, and this runs
        # for every choice in every record when a profile opens.
        return (lambda e: e.value), hint._value2member_map_.__getitem__
    if dataclasses.is_dataclass(hint):
        return (lambda r: _to_plain(r)), (lambda d: _from_plain(hint, d))
    return _identity, _identity


@cache
def _fields(cls: type) -> tuple[tuple[str, Convert, Convert], ...]:
    hints = typing.get_type_hints(cls)
    return tuple((f.name, *_converters(hints[f.name])) for f in dataclasses.fields(cls) if f.init)


def _to_plain(record: Any) -> dict[str, Any]:
    return {name: to_plain(getattr(record, name)) for name, to_plain, _ in _fields(type(record))}


def _from_plain(cls: type, plain: Mapping[str, Any]) -> Any:
    values = {}
    for name, _, from_plain in _fields(cls):
        if name in plain:
            try:
                values[name] = from_plain(plain[name])
            except (TypeError, ValueError, AttributeError):
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
    return _from_plain(cls, plain)


@cache
def _trusted_builder(cls: type) -> Callable[[Mapping[str, Any]], Any]:
    plain_fields = [(name, from_plain) for name, _, from_plain in _fields(cls)]
    defaults = {
        f.name: (f.default if f.default is not dataclasses.MISSING else f.default_factory)
        for f in dataclasses.fields(cls)
        if f.default is not dataclasses.MISSING or f.default_factory is not dataclasses.MISSING
    }
    factories = {
        name
        for name, f in ((f.name, f) for f in dataclasses.fields(cls))
        if f.default_factory is not dataclasses.MISSING
    }
    new = object.__new__
    setattr_ = object.__setattr__

    def build(plain: Mapping[str, Any]) -> Any:
        record = new(cls)
        for name, from_plain in plain_fields:
            if name in plain:
                value = plain[name] if from_plain is _identity else from_plain(plain[name])
            elif name in factories:
                value = defaults[name]()
            else:
                value = defaults[name]  # KeyError: a required field is missing
            setattr_(record, name, value)
        return record

    return build


def trusted_record_from_dict(kind: str, plain: Mapping[str, Any]) -> Record:
    """Rebuild a record that was validated when it was saved and whose integrity the
    vault's authenticated encryption has just proved. Skips re-validation because
    opening a profile rebuilds tens of thousands of records; anything malformed still
    raises InvalidRecord rather than producing a half-built record."""
    try:
        return _trusted_builder(RECORD_TYPES[kind])(plain)
    except (KeyError, TypeError, ValueError, AttributeError):
        raise InvalidRecord("record", N_("This record is not in the right form.")) from None
