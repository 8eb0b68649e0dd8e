"""Shared fixtures for the domain tests: a builder of valid records of every kind."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, time
from typing import Any

import pytest

from parentrus_desktop.domain import Record, new_record_id
from parentrus_desktop.domain.codec import RECORD_TYPES
from parentrus_desktop.domain.safeguarding import PassedOnTo
from parentrus_desktop.domain.vocabulary import (
    ActionOwner,
    AgencyCategory,
    CelebrationCategory,
    CheckInQuestion,
    ConsentMethod,
    ConsentScope,
    MentorLogKind,
    SessionKind,
    VenueCategory,
)

Build = Callable[..., Record]


def _minimal_values(kind: str, family_id: str) -> dict[str, Any]:
    """The fewest fields that make a valid record of this kind."""
    day = date(2024, 3, 14)
    return {
        "family": {"code": "K7Q-4M", "carers": ("Amina",), "joined_on": date(2024, 1, 9)},
        "consent": {
            "family": family_id,
            "scope": ConsentScope.NOTES_KEPT,
            "agreed": True,
            "wording_version": "2024-01",
            "language": "en",
            "given_on": day,
            "method": ConsentMethod.SPOKEN,
        },
        "session": {
            "session_kind": SessionKind.ONE_TO_ONE,
            "venue_category": VenueCategory.CAFE,
            "on": day,
            "families": (family_id,),
        },
        "follow_up": {"owner": ActionOwner.PARENT, "what": "Ring the school office", "due_on": day},
        "referral": {
            "family": family_id,
            "category": AgencyCategory.HOUSING,
            "made_on": day,
            "consent_given": False,
        },
        "celebration": {
            "family": family_id,
            "category": CelebrationCategory.CHILD_ACHIEVEMENT,
            "on": day,
        },
        "check_in": {"family": family_id, "on": day, "answers": {CheckInQuestion.FEELS_WELCOME: 4}},
        "mentor_log": {"entry_kind": MentorLogKind.SUPERVISION, "on": day, "minutes": 45},
        "venue": {"name": "Central Library", "category": VenueCategory.LIBRARY},
        "agency": {"name": "Citizens Advice", "category": AgencyCategory.BENEFITS_AND_DEBT},
        "school": {"name": "Oakfield Primary"},
        "worry_passed_on": {
            "family": family_id,
            "on": day,
            "at": time(16, 5),
            "to": PassedOnTo.PROGRAMME_LEAD,
        },
        "talk_through": {"family": family_id, "words": "Is this a worry?", "raised_on": day},
    }[kind]


@pytest.fixture
def family_id() -> str:
    """The id of the family that records built by ``build`` refer to."""
    return new_record_id()


@pytest.fixture
def build(family_id: str) -> Build:
    """Builds a valid record of the named kind; keyword arguments replace any field."""

    def make(kind: str, **overrides: Any) -> Record:
        values = {"id": new_record_id(), **_minimal_values(kind, family_id), **overrides}
        return RECORD_TYPES[kind](**values)

    return make
