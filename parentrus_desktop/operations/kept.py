"""A closed family the mentor chose to keep past the retention rule: until when, and why.

Kept as a sealed item (profile key), dropped when the family is erased. The reason is a
choice from a short list, never free text: nothing about the family is written here
that its own key would not also shred.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from enum import StrEnum

from parentrus_desktop.domain.validation import N_
from parentrus_desktop.store.unlocked import UnlockedProfile

#: The kind of sealed item a decision to keep is saved as.
KEPT = "retention-kept"


class KeepReason(StrEnum):
    PROGRAMME_NEEDS_IT = "programme_needs_it"
    SAFEGUARDING_OR_LEGAL = "safeguarding_or_legal"
    FAMILY_ASKED = "family_asked"
    MAY_COME_BACK = "may_come_back"


KEEP_REASON_WORDS = {
    KeepReason.PROGRAMME_NEEDS_IT: N_("The programme still needs these records"),
    KeepReason.SAFEGUARDING_OR_LEGAL: N_("A safeguarding or legal matter is still open"),
    KeepReason.FAMILY_ASKED: N_("The family asked us to keep them"),
    KeepReason.MAY_COME_BACK: N_("The family may come back soon"),
}


@dataclass(frozen=True)
class Kept:
    """Keep this closed family until ``until`` (it is due for erasure again on that day)."""

    family_id: str
    until: date
    reason: KeepReason
    decided_on: date

    def to_bytes(self) -> bytes:
        return json.dumps(
            {
                "family": self.family_id,
                "until": self.until.isoformat(),
                "reason": self.reason.value,
                "decided_on": self.decided_on.isoformat(),
            }
        ).encode()

    @classmethod
    def from_bytes(cls, value: bytes) -> Kept:
        plain = json.loads(value)
        return cls(
            family_id=str(plain["family"]),
            until=date.fromisoformat(plain["until"]),
            reason=KeepReason(plain["reason"]),
            decided_on=date.fromisoformat(plain["decided_on"]),
        )


def item_id(family_id: str) -> str:
    return "kept-" + family_id


def kept_families(profile: UnlockedProfile) -> dict[str, Kept]:
    """Every decision to keep, by family id; one that will not open is left out (the
    family is then simply due again: nothing is erased without the mentor's click)."""
    kept = {}
    for value in profile.sealed_items(KEPT).values():
        try:
            decision = Kept.from_bytes(value)
        except (ValueError, KeyError, TypeError):
            continue
        kept[decision.family_id] = decision
    return kept


def save_kept(profile: UnlockedProfile, decision: Kept) -> None:
    profile.save_sealed_items(KEPT, {item_id(decision.family_id): decision.to_bytes()})


def forget_kept(profile: UnlockedProfile, family_id: str) -> None:
    """Drop the decision about a family (it is being erased)."""
    profile.save_sealed_items(KEPT, {}, delete=[item_id(family_id)])


def forget_kept_families(profile: UnlockedProfile, family_ids: Iterable[str]) -> None:
    """Drop the decisions about these families (they are being erased together), in one
    step, and only when there are some."""
    found = profile.sealed_items(KEPT)
    drop = [item_id(f) for f in family_ids if item_id(f) in found]
    if drop:
        profile.save_sealed_items(KEPT, {}, delete=drop)
