"""A worry about a child's safety, passed on: when, and to whom, as a role (never a name).

The record is the mentor's own note that they did what the programme's safeguarding
steps ask. It stays on the laptop: no report counts it, and a family's own export
leaves it out (see operations/family_export.py).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, time
from enum import StrEnum
from typing import ClassVar

from parentrus_desktop.domain import validation as v
from parentrus_desktop.domain.record import Record

#: The few words the mentor may add: short, as the details belong with whoever was told.
LONGEST_WORDS = 500


class PassedOnTo(StrEnum):
    """Whom the worry went to, as a role: a name would say more than the record needs."""

    PROGRAMME_LEAD = "programme_lead"
    SCHOOL_LEAD = "school_lead"
    CHILDRENS_SOCIAL_CARE = "childrens_social_care"
    POLICE_OR_EMERGENCY = "police_or_emergency"
    OTHER = "other"


@dataclass(frozen=True, slots=True, kw_only=True)
class WorryPassedOn(Record):
    """The mentor passed on a worry about a child's safety in this family."""

    kind: ClassVar[str] = "worry_passed_on"
    family: str
    on: date
    at: time
    to: PassedOnTo
    words: str = ""

    def __post_init__(self) -> None:
        Record.__post_init__(self)
        set_ = object.__setattr__
        v.record_id(self.family, "family")
        v.a_date(self.on, "on")
        if type(self.at) is not time or self.at.tzinfo is not None:
            raise v.InvalidRecord("at", v.N_("Please give a time such as 10:30."))
        set_(self, "at", self.at.replace(second=0, microsecond=0))
        set_(self, "to", v.choice(self.to, PassedOnTo, "to"))
        set_(self, "words", v.text(self.words, "words", longest=LONGEST_WORDS))

    @property
    def family_id(self) -> str | None:
        return self.family
