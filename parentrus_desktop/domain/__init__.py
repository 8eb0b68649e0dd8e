"""What a mentor records: families, sessions and the rest, as typed, validated records.

Pure Python: no files, no network, no clock, no Qt. Everything above builds on these.
"""

from __future__ import annotations

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
