"""Saving, changing, deleting, finding and erasing records in an unlocked profile."""

from __future__ import annotations

import sqlite3
from dataclasses import replace
from datetime import date

import pytest
from helpers.planted import PLANTED_FAMILY, planted_family, planted_session
from helpers.values import PASSPHRASE, TODAY

from parentrus_desktop.domain import Family, FollowUp, InvalidRecord, Session, new_record_id
from parentrus_desktop.domain.rules import follow_ups_for
from parentrus_desktop.domain.vocabulary import (
    NonAttendanceReason,
    SessionKind,
    SessionStatus,
    VenueCategory,
)
from parentrus_desktop.store import unlocked
from parentrus_desktop.store.errors import DiskFull, FamilyNotFound
from parentrus_desktop.store.profiles import LockedProfile
from parentrus_desktop.store.unlocked import ProfileLocked, UnlockedProfile


def _group(*families: Family, others: int = 0) -> Session:
    return Session(
        id=new_record_id(),
        session_kind=SessionKind.GROUP,
        venue_category=VenueCategory.COMMUNITY_CENTRE,
        on=date(2026, 11, 3),
        families=tuple(f.id for f in families),
        others=others,
        notes="group talk about homework clubs",
    )


def _reopen(profile: UnlockedProfile) -> UnlockedProfile:
    profile.lock()
    return LockedProfile(profile.path).unlock(PASSPHRASE)


def test_an_edit_replaces_the_record(profile: UnlockedProfile, family: Family) -> None:
    edited = replace(family, notes=PLANTED_FAMILY["edited_note"])
    profile.save(edited)
    reopened = _reopen(profile)
    assert reopened.get(family.id) == edited
    assert len(reopened.all(Family)) == 1
    reopened.lock()


def test_one_action_saves_everything_or_nothing(profile: UnlockedProfile, family: Family) -> None:
    session = planted_session(family)
    stranger = FollowUp(
        id=new_record_id(), family=new_record_id(), owner="mentor", what="call", due_on=TODAY
    )
    with pytest.raises(InvalidRecord) as refused:
        profile.save(session, stranger)
    assert refused.value.field == "family"
    assert profile.get(session.id) is None
    reopened = _reopen(profile)
    assert reopened.get(session.id) is None
    reopened.lock()


def test_a_missed_session_and_its_follow_up_are_saved_together(
    profile: UnlockedProfile, family: Family
) -> None:
    missed = replace(
        planted_session(family),
        status=SessionStatus.DID_NOT_ATTEND,
        non_attendance_reason=NonAttendanceReason.CHILDCARE,
    )
    follow_ups = follow_ups_for(missed, TODAY)
    profile.save(missed, *follow_ups)
    assert [f.family for f in profile.all(FollowUp)] == [family.id]
    assert profile.all(FollowUp)[0].due_on > TODAY


def test_delete_removes_and_families_are_only_erased(
    profile: UnlockedProfile, family: Family
) -> None:
    session = planted_session(family)
    profile.save(session)
    profile.delete(session)
    with pytest.raises(InvalidRecord):
        profile.delete(family)
    reopened = _reopen(profile)
    assert reopened.get(session.id) is None and reopened.get(family.id) == family
    reopened.lock()


def test_search_finds_words_in_names_codes_and_notes(
    profile: UnlockedProfile, family: Family
) -> None:
    session = planted_session(family)
    profile.save(session)
    assert profile.search("LIGHTHOUSE tangerine") == [session]
    assert profile.search("k7q-4m") == [family]
    assert profile.search(PLANTED_FAMILY["arabic_note"].split()[1]) == [family]
    assert profile.search("lighthouse family-that-is-not-there") == []


def test_erasing_a_family_takes_it_out_of_group_sessions(profile: UnlockedProfile) -> None:
    leaving, staying = planted_family("AAA-BB"), planted_family("CCC-DD")
    pair = _group(leaving, staying)
    alone = _group(leaving)
    own = planted_session(leaving)
    profile.save(leaving, staying, pair, alone, own)
    changed = profile.erase_family(leaving.id)
    assert changed == 4  # the family, its own session, the lone group, the shared group
    reopened = _reopen(profile)
    assert reopened.get(leaving.id) is None and reopened.get(own.id) is None
    assert reopened.get(alone.id) is None
    assert reopened.get(pair.id) == replace(pair, families=(staying.id,))
    with pytest.raises(FamilyNotFound):
        reopened.family_by_code("AAA-BB")
    assert reopened.damaged == [] and reopened.integrity_problems() == []
    reopened.lock()


def test_a_damaged_value_is_reported_and_the_rest_open(
    profile: UnlockedProfile, family: Family
) -> None:
    sessions = [planted_session(family, note=f"n{n}") for n in range(5)]
    profile.save(*sessions)
    profile.lock()
    with sqlite3.connect(profile.path) as conn:
        sealed = conn.execute(
            "SELECT sealed FROM records WHERE id = ?", (sessions[2].id,)
        ).fetchone()[0]
        broken = sealed[:-1] + bytes([sealed[-1] ^ 1])
        conn.execute("UPDATE records SET sealed = ? WHERE id = ?", (broken, sessions[2].id))
    conn.close()
    reopened = LockedProfile(profile.path).unlock(PASSPHRASE)
    assert [(d.id, d.kind) for d in reopened.damaged] == [(sessions[2].id, "session")]
    assert len(reopened.all(Session)) == 4 and reopened.get(family.id) == family
    reopened.lock()


def test_a_value_moved_to_another_row_does_not_open(
    profile: UnlockedProfile, family: Family
) -> None:
    first, second = planted_session(family, "first"), planted_session(family, "second")
    profile.save(first, second)
    profile.lock()
    with sqlite3.connect(profile.path) as conn:
        sealed = conn.execute("SELECT sealed FROM records WHERE id = ?", (first.id,)).fetchone()[0]
        conn.execute("UPDATE records SET sealed = ? WHERE id = ?", (sealed, second.id))
    conn.close()
    reopened = LockedProfile(profile.path).unlock(PASSPHRASE)
    assert [d.id for d in reopened.damaged] == [second.id]
    assert reopened.get(first.id) == first
    reopened.lock()


def test_a_locked_profile_holds_nothing(profile: UnlockedProfile, family: Family) -> None:
    profile.lock()
    assert profile.is_locked and len(profile) == 0
    with pytest.raises(ProfileLocked):
        profile.search(PLANTED_FAMILY["carer"])
    with pytest.raises(ProfileLocked):
        profile.save(family)


def test_a_secret_is_made_once_kept_sealed_and_survives_reopening(
    profile: UnlockedProfile,
) -> None:
    first = profile.secret("report-noise")
    assert len(first) == 32 and profile.secret("report-noise") == first
    assert profile.secret("another") != first
    profile.lock()
    assert first not in profile.path.read_bytes()
    reopened = LockedProfile(profile.path).unlock(PASSPHRASE)
    try:
        assert reopened.secret("report-noise") == first
    finally:
        reopened.lock()


def test_an_erasure_committed_before_clearing_fails_is_not_shown_any_more(
    profile: UnlockedProfile, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Clearing the freed space after an erasure is a VACUUM, which needs as much free
    # room as the file: on a nearly full disk it fails after the erasure was committed.
    # (Stood in for here: a disk that fills at exactly that step cannot be arranged.)
    leaving, staying = planted_family("AAA-BB"), planted_family("CCC-DD")
    own, pair = planted_session(leaving), _group(leaving, staying)
    profile.save(leaving, staying, own, pair)

    def disk_full(_db: object) -> None:
        raise DiskFull

    monkeypatch.setattr(unlocked, "clear_freed_space", disk_full)
    # The erasure itself is saved, so it is not reported as failed; the rebuild is tried
    # again when the profile locks.
    assert profile.erase_family(leaving.id) == 3
    # The disk no longer has the family or its key: memory must say the same.
    assert profile.get(leaving.id) is None and profile.get(own.id) is None
    assert profile.get(pair.id) == replace(pair, families=(staying.id,))
    with pytest.raises(FamilyNotFound):
        profile.family_by_code("AAA-BB")
    monkeypatch.undo()
    reopened = _reopen(profile)
    try:
        assert reopened.get(leaving.id) is None and reopened.damaged == []
    finally:
        reopened.lock()
