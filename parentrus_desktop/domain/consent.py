"""What a family agreed to, in which words and language, and when they took it back."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import ClassVar

from parentrus_desktop.domain import validation as v
from parentrus_desktop.domain.record import Record
from parentrus_desktop.domain.vocabulary import ConsentMethod, ConsentScope


@dataclass(frozen=True, slots=True, kw_only=True)
class Consent(Record):
    """One consent given by a family. Withdrawing sets ``withdrawn_on``; nothing is deleted,
    so the mentor can show what was agreed and when it ended."""

    kind: ClassVar[str] = "consent"
    family: str
    scope: ConsentScope
    agreed: bool  # a family may record a clear "no", e.g. not to be counted
    wording_version: str  # which version of the consent wording was read out
    language: str
    given_on: date
    method: ConsentMethod
    school_contact_limits: str = ""  # for SPEAK_TO_SCHOOL: how far the mentor may go
    referral: str | None = None  # for REFERRAL: which referral this covers
    withdrawn_on: date | None = None

    def __post_init__(self) -> None:
        Record.__post_init__(self)
        set_ = object.__setattr__
        v.record_id(self.family, "family")
        set_(self, "scope", v.choice(self.scope, ConsentScope, "scope"))
        v.yes_no(self.agreed, "agreed")
        set_(
            self,
            "wording_version",
            v.text(self.wording_version, "wording_version", required=True, longest=40),
        )
        v.language_tags([self.language], "language")
        v.a_date(self.given_on, "given_on")
        set_(self, "method", v.choice(self.method, ConsentMethod, "method"))
        set_(
            self,
            "school_contact_limits",
            v.text(self.school_contact_limits, "school_contact_limits", longest=2000),
        )
        v.record_id(self.referral, "referral", required=self.scope is ConsentScope.REFERRAL)
        v.optional_date(self.withdrawn_on, "withdrawn_on")
        if self.withdrawn_on is not None and self.withdrawn_on < self.given_on:
            raise v.InvalidRecord("withdrawn_on", v.N_("Consent cannot end before it was given."))

    @property
    def family_id(self) -> str | None:
        return self.family

    def in_force(self, on: date) -> bool:
        """Whether this consent says yes on the given day."""
        ended = self.withdrawn_on is not None and self.withdrawn_on <= on
        return self.agreed and self.given_on <= on and not ended

    def searchable_text(self) -> str:
        return self.school_contact_limits
