"""Directories a mentor picks from: venues, agencies and schools. Not personal data."""

from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar

from parentrus_desktop.domain import validation as v
from parentrus_desktop.domain.record import Record
from parentrus_desktop.domain.vocabulary import AgencyCategory, StaffRole, VenueCategory


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
class StaffMember:
    """Someone at a school a family can ask, by role: staff, not families. Their work
    contact only ("office phone, Tuesday mornings"). ``id`` lets a child name them as
    the class teacher or the family's key contact, and survives a change of name."""

    id: str
    role: StaffRole
    name: str
    how_to_reach: str = ""

    def __post_init__(self) -> None:
        v.record_id(self.id, "staff")
        object.__setattr__(self, "role", v.choice(self.role, StaffRole, "staff_role"))
        object.__setattr__(
            self,
            "name",
            v.text(self.name, "staff_name", required=True, longest=v.LONGEST_SHORT_TEXT),
        )
        object.__setattr__(
            self,
            "how_to_reach",
            v.text(self.how_to_reach, "staff_how_to_reach", longest=v.LONGEST_SHORT_TEXT),
        )


@dataclass(frozen=True, slots=True, kw_only=True)
class School(Record):
    """A school the mentor works with; ``hub_address`` is set once the laptop is enrolled.
    ``staff`` is who a family can ask there; it never goes into a report."""

    kind: ClassVar[str] = "school"
    name: str
    hub_address: str = ""
    staff: tuple[StaffMember, ...] = ()  # added later: a school saved before has none

    def __post_init__(self) -> None:
        Record.__post_init__(self)
        object.__setattr__(
            self, "name", v.text(self.name, "name", required=True, longest=v.LONGEST_SHORT_TEXT)
        )
        object.__setattr__(
            self, "hub_address", v.text(self.hub_address, "hub_address", longest=500)
        )
        staff = tuple(self.staff)
        if not all(isinstance(member, StaffMember) for member in staff):
            raise v.InvalidRecord("staff", v.N_("Each member of staff needs a name and a role."))
        if len({member.id for member in staff}) != len(staff):
            raise v.InvalidRecord("staff", v.N_("A member of staff is in the list twice."))
        object.__setattr__(self, "staff", staff)

    def staff_member(self, staff_id: str | None) -> StaffMember | None:
        """The member of staff with this id, if they are still in this school's list."""
        return next((m for m in self.staff if m.id == staff_id), None) if staff_id else None

    def with_role(self, role: StaffRole) -> tuple[StaffMember, ...]:
        return tuple(m for m in self.staff if m.role is role)

    def searchable_text(self) -> str:
        return self.name
