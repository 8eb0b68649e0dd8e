"""Recognisable names, numbers and phrases planted in records, so a scan can look for them.

They are unusual enough that finding one in a file can only mean a leak.
"""

from __future__ import annotations

from datetime import date

from parentrus_desktop.domain import Child, Consent, Contact, Family, Session, new_record_id
from parentrus_desktop.domain.vocabulary import (
    ConsentMethod,
    ConsentScope,
    SessionKind,
    VenueCategory,
)

PLANTED_FAMILY = {
    "carer": "Zenobiaqx",
    "child": "Quillanbert",
    "phone": "07999 314159",
    "note": "marmalade umbrella confession",
    "arabic_note": "سرّ البرتقال الأزرق",
    "session_note": "tangerine lighthouse worry",
    "edited_note": "porcupine violin secret",
}

PLANTED_STRINGS = tuple(PLANTED_FAMILY.values())


def planted_family(code: str = "K7Q-4M") -> Family:
    return Family(
        id=new_record_id(),
        code=code,
        carers=(PLANTED_FAMILY["carer"],),
        children=(Child(first_name=PLANTED_FAMILY["child"], year_group=4),),
        languages=("ar", "en"),
        contact=Contact(phone=PLANTED_FAMILY["phone"]),
        joined_on=date(2026, 9, 14),
        notes=PLANTED_FAMILY["note"] + " " + PLANTED_FAMILY["arabic_note"],
    )


def planted_session(family: Family, note: str | None = None) -> Session:
    return Session(
        id=new_record_id(),
        session_kind=SessionKind.ONE_TO_ONE,
        venue_category=VenueCategory.LIBRARY,
        on=date(2026, 11, 2),
        families=(family.id,),
        notes=note or PLANTED_FAMILY["session_note"],
    )


def said_no_to_being_counted(family: Family) -> Consent:
    """The family's clear "no" to being counted in the school's numbers."""
    return Consent(
        id=new_record_id(),
        family=family.id,
        scope=ConsentScope.COUNTED,
        agreed=False,
        wording_version="2026-1",
        language="en",
        given_on=date(2026, 9, 1),
        method=ConsentMethod.SPOKEN,
    )
