"""Checks shared by every record, and the one error they raise.

Messages are plain words a mentor can act on. They are marked with ``N_`` so the
translation tools find them; the screen translates them when it shows them.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from datetime import date
from enum import StrEnum
from typing import TypeVar

E = TypeVar("E", bound=StrEnum)

#: Long enough for a real note, short enough that a pasted file is caught.
LONGEST_NOTE = 20_000
LONGEST_SHORT_TEXT = 200
#: A language is a BCP 47 tag such as "en", "ar", "pa-Arab" or "pt-BR".
_LANGUAGE_TAG = re.compile(r"^[a-z]{2,3}(-[A-Za-z]{4})?(-[A-Z]{2}|-[0-9]{3})?$")


def N_(message: str) -> str:
    """Mark a message for translation without translating it here."""
    return message


class InvalidRecord(ValueError):
    """A record that cannot be saved as it is; says which field and why, in plain words."""

    def __init__(self, field: str, message: str, **details: object) -> None:
        self.field = field
        self.message = message
        self.details = details
        super().__init__(f"{field}: {message.format(**details) if details else message}")


def text(value: object, field: str, *, required: bool = False, longest: int = LONGEST_NOTE) -> str:
    """A piece of free text, trimmed; ``required`` means it may not be blank."""
    if not isinstance(value, str):
        raise InvalidRecord(field, N_("This should be words, not a number or a list."))
    cleaned = value.strip()
    if required and not cleaned:
        raise InvalidRecord(field, N_("Please fill this in."))
    if len(cleaned) > longest:
        raise InvalidRecord(
            field,
            # Translators: the number is in the hundreds or thousands
            N_("This is too long: please keep it under {longest} letters."),
            longest=longest,
        )
    if "\x00" in cleaned:
        raise InvalidRecord(field, N_("This contains a character that cannot be saved."))
    return cleaned


def choice(value: object, kind: type[E], field: str) -> E:
    """One value from a fixed list, accepting the stored identifier."""
    if not isinstance(value, str):  # StrEnum members are strings too
        raise InvalidRecord(field, N_("Please choose one of the options."))
    try:
        return kind(value)
    except ValueError:
        raise InvalidRecord(field, N_("Please choose one of the options.")) from None


def choices(values: Iterable[object], kind: type[E], field: str) -> tuple[E, ...]:
    """Several values from a fixed list, each once, in a stable order."""
    chosen = {choice(v, kind, field) for v in values}
    return tuple(sorted(chosen, key=list(kind).index))


def names(values: object, field: str) -> tuple[str, ...]:
    """Several short names (first names of carers, say), each trimmed and not blank."""
    if isinstance(values, str | bytes) or not isinstance(values, Iterable):
        raise InvalidRecord(field, N_("Please give a list of names."))
    return tuple(text(name, field, required=True, longest=LONGEST_SHORT_TEXT) for name in values)


def language_tags(values: Iterable[object], field: str) -> tuple[str, ...]:
    """Languages as BCP 47 tags, each once, in the order given."""
    seen: list[str] = []
    for value in values:
        if not isinstance(value, str) or not _LANGUAGE_TAG.fullmatch(value):
            raise InvalidRecord(field, N_("This language is not one the app knows."))
        if value not in seen:
            seen.append(value)
    return tuple(seen)


def a_date(value: object, field: str) -> date:
    """A calendar day (no time: times are kept separately where they matter)."""
    if type(value) is not date:
        raise InvalidRecord(field, N_("Please give a date."))
    if value.year < 2000:
        raise InvalidRecord(field, N_("This date is too long ago to be right."))
    return value


def optional_date(value: object, field: str) -> date | None:
    return None if value is None else a_date(value, field)


def whole_number(value: object, field: str, *, lowest: int, highest: int) -> int:
    if isinstance(value, bool) or not isinstance(value, int):
        raise InvalidRecord(field, N_("Please give a whole number."))
    if not lowest <= value <= highest:
        raise InvalidRecord(
            field,
            N_("Please give a number from {lowest} to {highest}."),
            lowest=lowest,
            highest=highest,
        )
    return value


def yes_no(value: object, field: str) -> bool:
    if not isinstance(value, bool):
        raise InvalidRecord(field, N_("Please answer yes or no."))
    return value


def record_id(value: object, field: str, *, required: bool = True) -> str | None:
    """A reference to another record by its random id."""
    if value is None and not required:
        return None
    if not isinstance(value, str) or not re.fullmatch(r"[0-9a-f]{32}", value):
        raise InvalidRecord(field, N_("This refers to a record that does not exist."))
    return value
