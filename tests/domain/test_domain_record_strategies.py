"""The shared record strategies make valid records of every kind, referring only to the
ids they were given, which the codec stores and reads back unchanged."""

from __future__ import annotations

from helpers import record_strategies as rs
from hypothesis import given, settings
from hypothesis import strategies as st

from parentrus_desktop.domain import Record, new_record_id
from parentrus_desktop.domain.codec import RECORD_TYPES, record_from_dict, record_to_dict

FAMILIES = [new_record_id() for _ in range(3)]
SCHOOLS = [new_record_id() for _ in range(2)]
VENUES = [new_record_id()]
AGENCIES = [new_record_id()]
REFERRALS = [new_record_id()]
SESSIONS = [new_record_id()]
KNOWN = {*FAMILIES, *SCHOOLS, *VENUES, *AGENCIES, *REFERRALS, *SESSIONS}

ANY_RECORD = st.one_of(
    rs.schools(),
    rs.venues(),
    rs.agencies(),
    rs.families(SCHOOLS),
    rs.follow_ups(FAMILIES, SCHOOLS, SESSIONS),
    rs.referrals(FAMILIES, AGENCIES),
    rs.celebrations(FAMILIES),
    rs.check_ins(FAMILIES),
    rs.consents(FAMILIES, REFERRALS),
    rs.mentor_log_entries(),
    rs.sessions(FAMILIES, VENUES),
    rs.worries_passed_on(FAMILIES),
    rs.talk_throughs(FAMILIES, SESSIONS),
)


def _references(record: Record) -> set[str]:
    plain = record_to_dict(record)
    found = set(record.families_mentioned()) - {record.id}  # a family names itself
    for name in ("school", "venue", "agency", "referral", "session"):
        if isinstance(plain.get(name), str):
            found.add(plain[name])
    found |= {c["school_id"] for c in plain.get("children", ()) if c["school_id"]}
    return found


@settings(max_examples=150)
@given(ANY_RECORD)
def test_every_strategy_gives_valid_records_that_refer_to_known_ids(record: Record) -> None:
    assert type(record) in RECORD_TYPES.values()
    assert record_from_dict(record.kind, record_to_dict(record)) == record
    assert _references(record) <= KNOWN
    assert record.id not in KNOWN
