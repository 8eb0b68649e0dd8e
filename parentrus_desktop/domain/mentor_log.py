"""The mentor's own log: supervision, training and wellbeing. About no family."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import ClassVar

from parentrus_desktop.domain import validation as v
from parentrus_desktop.domain.record import Record
from parentrus_desktop.domain.vocabulary import MentorLogKind


@dataclass(frozen=True, slots=True, kw_only=True)
class MentorLogEntry(Record):
    kind: ClassVar[str] = "mentor_log"
    entry_kind: MentorLogKind
    on: date
    minutes: int = 0
    notes: str = ""

    def __post_init__(self) -> None:
        Record.__post_init__(self)
        object.__setattr__(
            self, "entry_kind", v.choice(self.entry_kind, MentorLogKind, "entry_kind")
        )
        v.a_date(self.on, "on")
        v.whole_number(self.minutes, "minutes", lowest=0, highest=24 * 60)
        object.__setattr__(self, "notes", v.text(self.notes, "notes"))

    def searchable_text(self) -> str:
        return self.notes
