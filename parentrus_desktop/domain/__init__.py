"""What a mentor records: families, sessions and the rest, as typed, validated records.

Pure Python: no files, no network, no clock, no Qt. Everything above builds on these.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from parentrus_desktop.domain.consent import Consent
    from parentrus_desktop.domain.directory import Agency, School, StaffMember, Venue
    from parentrus_desktop.domain.family import Child, Contact, EngagementPlan, Family
    from parentrus_desktop.domain.follow_up import FollowUp
    from parentrus_desktop.domain.mentor_log import MentorLogEntry
    from parentrus_desktop.domain.progress import Celebration, CheckIn
    from parentrus_desktop.domain.record import Record, new_record_id
    from parentrus_desktop.domain.referral import Referral
    from parentrus_desktop.domain.safeguarding import WorryPassedOn
    from parentrus_desktop.domain.session import Session
    from parentrus_desktop.domain.talk_through import TalkThrough
    from parentrus_desktop.domain.validation import InvalidRecord

#: The module of each name below. They load on first use (PEP 562), not with the package:
#: the first screen needs only domain.validation, and every record type at once added
#: tens of milliseconds to a cold start.
_MODULE_OF = {
    "Agency": "directory",
    "Celebration": "progress",
    "CheckIn": "progress",
    "Child": "family",
    "Consent": "consent",
    "Contact": "family",
    "EngagementPlan": "family",
    "Family": "family",
    "FollowUp": "follow_up",
    "InvalidRecord": "validation",
    "MentorLogEntry": "mentor_log",
    "Record": "record",
    "Referral": "referral",
    "School": "directory",
    "Session": "session",
    "StaffMember": "directory",
    "TalkThrough": "talk_through",
    "Venue": "directory",
    "WorryPassedOn": "safeguarding",
    "new_record_id": "record",
}

__all__ = [
    "Agency",
    "Celebration",
    "CheckIn",
    "Child",
    "Consent",
    "Contact",
    "EngagementPlan",
    "Family",
    "FollowUp",
    "InvalidRecord",
    "MentorLogEntry",
    "Record",
    "Referral",
    "School",
    "Session",
    "StaffMember",
    "TalkThrough",
    "Venue",
    "WorryPassedOn",
    "new_record_id",
]


def __getattr__(name: str) -> object:
    module = _MODULE_OF.get(name)
    if module is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(importlib.import_module(f"{__name__}.{module}"), name)
    globals()[name] = value  # once: later lookups find it without this function
    return value
