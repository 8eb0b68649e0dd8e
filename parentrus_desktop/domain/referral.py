"""A family pointed to, or referred to, an outside agency, with their consent."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import ClassVar

from parentrus_desktop.domain import validation as v
from parentrus_desktop.domain.record import Record
from parentrus_desktop.domain.vocabulary import AgencyCategory, ReferralStatus


@dataclass(frozen=True, slots=True, kw_only=True)
class Referral(Record):
    kind: ClassVar[str] = "referral"
    family: str
    category: AgencyCategory
    agency: str | None = None  # from the agencies directory
    made_on: date
    consent_given: bool  # a referral (not mere signposting) needs the family's yes
    status: ReferralStatus = ReferralStatus.SUGGESTED
    notes: str = ""

    def __post_init__(self) -> None:
        Record.__post_init__(self)
        v.record_id(self.family, "family")
        object.__setattr__(self, "category", v.choice(self.category, AgencyCategory, "category"))
        v.record_id(self.agency, "agency", required=False)
        v.a_date(self.made_on, "made_on")
        v.yes_no(self.consent_given, "consent_given")
        object.__setattr__(self, "status", v.choice(self.status, ReferralStatus, "status"))
        if self.status is not ReferralStatus.SUGGESTED and not self.consent_given:
            raise v.InvalidRecord(
                "consent_given", v.N_("A referral needs the family's consent first.")
            )
        object.__setattr__(self, "notes", v.text(self.notes, "notes"))

    @property
    def family_id(self) -> str | None:
        return self.family

    def searchable_text(self) -> str:
        return self.notes
