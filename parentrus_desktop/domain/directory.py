"""Directories a mentor picks from: venues, agencies and schools. Not personal data."""

from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar

from parentrus_desktop.domain import validation as v
from parentrus_desktop.domain.record import Record
from parentrus_desktop.domain.vocabulary import AgencyCategory, VenueCategory


@dataclass(frozen=True, slots=True, kw_only=True)
class Venue(Record):
    """A safe third place. A name only: no address and no map position."""

    kind: ClassVar[str] = "venue"
    name: str
    category: VenueCategory

    def __post_init__(self) -> None:
        Record.__post_init__(self)
        object.__setattr__(
            self, "name", v.text(self.name, "name", required=True, longest=v.LONGEST_SHORT_TEXT)
        )
        object.__setattr__(self, "category", v.choice(self.category, VenueCategory, "category"))

    def searchable_text(self) -> str:
        return self.name


@dataclass(frozen=True, slots=True, kw_only=True)
class Agency(Record):
    kind: ClassVar[str] = "agency"
    name: str
    category: AgencyCategory
    how_to_reach: str = ""  # the agency's public contact details

    def __post_init__(self) -> None:
        Record.__post_init__(self)
        object.__setattr__(
            self, "name", v.text(self.name, "name", required=True, longest=v.LONGEST_SHORT_TEXT)
        )
        object.__setattr__(self, "category", v.choice(self.category, AgencyCategory, "category"))
        object.__setattr__(
            self, "how_to_reach", v.text(self.how_to_reach, "how_to_reach", longest=1000)
        )

    def searchable_text(self) -> str:
        return self.name


@dataclass(frozen=True, slots=True, kw_only=True)
class School(Record):
    """A school the mentor works with; ``hub_address`` is set once the laptop is enrolled."""

    kind: ClassVar[str] = "school"
    name: str
    hub_address: str = ""

    def __post_init__(self) -> None:
        Record.__post_init__(self)
        object.__setattr__(
            self, "name", v.text(self.name, "name", required=True, longest=v.LONGEST_SHORT_TEXT)
        )
        object.__setattr__(
            self, "hub_address", v.text(self.hub_address, "hub_address", longest=500)
        )

    def searchable_text(self) -> str:
        return self.name
