"""Something the mentor wants to talk through with their mentor manager, in their own words."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import ClassVar

from parentrus_desktop.domain import validation as v
from parentrus_desktop.domain.record import Record

#: Enough for what a mentor jots down before supervision; longer belongs in the notes.
LONGEST_WORDS = 2000


@dataclass(frozen=True, slots=True, kw_only=True)
class TalkThrough(Record):
    """A "talk this through with my manager" flag about one family (and, if it came from one,
    a session), sealed under that family's key like everything else about them, so
    erasing the family erases it. It leaves Today once ``talked_on`` is set."""

    kind: ClassVar[str] = "talk_through"
    family: str
    session: str | None = None
    words: str
    raised_on: date
    talked_on: date | None = None

    def __post_init__(self) -> None:
        Record.__post_init__(self)
        v.record_id(self.family, "family")
        v.record_id(self.session, "session", required=False)
        object.__setattr__(
            self, "words", v.text(self.words, "words", required=True, longest=LONGEST_WORDS)
        )
        v.a_date(self.raised_on, "raised_on")
        v.optional_date(self.talked_on, "talked_on")
        if self.talked_on is not None and self.talked_on < self.raised_on:
            raise v.InvalidRecord(
                "talked_on", v.N_("It cannot be talked through before it was raised.")
            )

    @property
    def family_id(self) -> str | None:
        return self.family

    @property
    def is_open(self) -> bool:
        """Still to talk through: on Today's list."""
        return self.talked_on is None

    def searchable_text(self) -> str:
        return self.words
