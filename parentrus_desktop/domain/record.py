"""What every record has in common: a random id, a kind, and whose key seals it."""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from typing import ClassVar

from parentrus_desktop.domain import validation


def new_record_id() -> str:
    """A random row id: it says nothing about the family, the mentor or the time."""
    return secrets.token_hex(16)


@dataclass(frozen=True, slots=True, kw_only=True)
class Record:
    """Base of every record. ``kind`` names the record type stored in the clear."""

    kind: ClassVar[str] = ""
    id: str

    def __post_init__(self) -> None:
        validation.record_id(self.id, "id")

    @property
    def family_id(self) -> str | None:
        """The one family this record is about, whose key seals it; None for shared records."""
        return None

    def families_mentioned(self) -> tuple[str, ...]:
        """Every family this record refers to (a group session names several)."""
        own = self.family_id
        return (own,) if own else ()

    def searchable_text(self) -> str:
        """The words search looks through; only in memory, never stored."""
        return ""
