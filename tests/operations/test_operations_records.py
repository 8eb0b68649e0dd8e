"""Deleting, putting back and erasing records, without Qt: what the GUI and the CLI call."""

from __future__ import annotations

import sqlite3
from dataclasses import replace
from datetime import date
from pathlib import Path

import pytest
from helpers.leak_scan import find_planted
from helpers.planted import PLANTED_FAMILY, planted_session
from helpers.values import PASSPHRASE

from parentrus_desktop.domain import Family, FollowUp, InvalidRecord, Session, new_record_id
from parentrus_desktop.domain.family import new_family_code
from parentrus_desktop.domain.vocabulary import ActionOwner
from parentrus_desktop.operations import DRAFTS
from parentrus_desktop.operations import records as actions
from parentrus_desktop.operations.drafts import Draft, keep_drafts, now_utc, waiting_drafts
from parentrus_desktop.store import changes
from parentrus_desktop.store.errors import DamagedFile, FamilyNotFound
from parentrus_desktop.store.profiles import LockedProfile
from parentrus_desktop.store.unlocked import UnlockedProfile


def reopen(profile: UnlockedProfile) -> UnlockedProfile:
    """The same profile, locked and unlocked again: what is on disk, nothing in memory."""
    profile.lock()
    return _unlock(profile.path)


def _unlock(path: Path) -> UnlockedProfile:
    return LockedProfile(path).unlock(PASSPHRASE)


def follow_up(family: Family, what: str = "Ring the school office") -> FollowUp:
    return FollowUp(
        id=new_record_id(),
        family=family.id,
        owner=ActionOwner.MENTOR,
        what=what,
        due_on=date(2026, 11, 30),
        raised_on=date(2026, 11, 20),
    )


def test_a_deleted_record_comes_back_identical_with_the_same_id(
    profile: UnlockedProfile, family: Family
) -> None:
    session = planted_session(family)
    profile.save(session)
    done = actions.delete(profile, session)
    assert done.changed == frozenset({"session"})
    assert profile.get(session.id) is None
    profile = reopen(profile)
    assert profile.get(session.id) is None  # deleted on disk, not only in memory
    back = actions.restore(profile, done.result)
    assert back.changed == frozenset({"session"})
    profile = reopen(profile)
    assert profile.get(session.id) == session  # same id, same content, sealed again
    assert profile.damaged == []
    profile.lock()


def test_undoing_a_change_puts_back_the_version_before_it(
    profile: UnlockedProfile, family: Family
) -> None:
    first = follow_up(family)
    profile.save(first)
    changed = replace(first, what="Ring the school office on Monday")
    done = actions.save(profile, changed)
    assert done.result.put_back == (first,) and done.result.take_away == ()
    actions.restore(profile, done.result)
    assert reopen(profile).get(first.id) == first


def test_undoing_the_save_of_something_new_takes_it_away_again(
    profile: UnlockedProfile, family: Family
) -> None:
    new = follow_up(family)
    done = actions.save(profile, new)
    assert done.result.take_away == (new,) and done.result.possible
    actions.restore(profile, done.result)
    assert profile.get(new.id) is None


def test_a_new_family_cannot_be_taken_away_by_undo(profile: UnlockedProfile) -> None:
    new = Family(
        id=new_record_id(), code=new_family_code(), carers=("Amal",), joined_on=date(2026, 9, 1)
    )
    done = actions.save(profile, new)
    assert not done.result.possible
    with pytest.raises(actions.ChangedSince):
        actions.restore(profile, done.result)
    assert profile.get(new.id) == new


def test_undo_never_overwrites_a_later_change(profile: UnlockedProfile, family: Family) -> None:
    first = follow_up(family)
    profile.save(first)
    done = actions.delete(profile, first)
    again = follow_up(family, "A new one under the same id")
    profile.save(replace(again, id=first.id))  # something else wrote that record since
    with pytest.raises(actions.ChangedSince):
        actions.restore(profile, done.result)
    assert profile.get(first.id) == replace(again, id=first.id)


def test_a_family_is_not_deleted_but_erased(profile: UnlockedProfile, family: Family) -> None:
    with pytest.raises(InvalidRecord):
        actions.delete(profile, family)
    assert profile.get(family.id) == family


def test_erasing_a_family_also_erases_drafts_about_it(
    profile: UnlockedProfile, family: Family
) -> None:
    other = Family(
        id=new_record_id(), code=new_family_code(), carers=("Bea",), joined_on=date(2026, 9, 1)
    )
    profile.save(other, planted_session(family))
    about = Draft(
        form="FollowUpForm",
        fields={"what": {"text": PLANTED_FAMILY["edited_note"]}},
        written_at=now_utc(),
        family=family.id,
        families=(family.id,),
    )
    kept = Draft(form="MentorLogForm", fields={}, written_at=now_utc())
    elsewhere = Draft(form="FollowUpForm", fields={}, written_at=now_utc(), family=other.id)
    keep_drafts(profile, [about, kept, elsewhere])
    done = actions.erase_family(profile, family.id)
    assert done.result == 2  # the family and its session
    assert {"family", "session", DRAFTS} <= done.changed
    assert {d.id for d in waiting_drafts(profile).result} == {kept.id, elsewhere.id}
    assert profile.get(family.id) is None and profile.all(Session) == []
    with pytest.raises(FamilyNotFound):
        actions.erase_family(profile, family.id)


def test_the_cli_erases_through_the_same_operation(
    profile: UnlockedProfile, family: Family, monkeypatch: pytest.MonkeyPatch
) -> None:
    from parentrus_desktop import cli

    keep_drafts(
        profile,
        [Draft(form="CelebrationForm", fields={}, written_at=now_utc(), family=family.id)],
    )
    path = profile.path
    profile.lock()
    monkeypatch.setenv("PARENTRUS_PASSPHRASE", PASSPHRASE)
    folder = str(path.parent)
    code = cli.main(
        ["--data-dir", folder, "erase-family", "--profile", "Hodan", family.code, "--yes"]
    )
    assert code == 0
    again = _unlock(path)
    assert again.get(family.id) is None
    assert waiting_drafts(again).result == []  # the draft about the family went too
    again.lock()
    assert find_planted([PLANTED_FAMILY["carer"]], path.parent) == []


def test_undo_data_stays_in_memory(profile: UnlockedProfile, family: Family) -> None:
    session = planted_session(family)
    profile.save(session)
    actions.delete(profile, session)
    path = profile.path
    profile.lock()
    rows = sqlite3.connect(path).execute("SELECT kind FROM sync_items").fetchall()
    # Nothing about the undo was written anywhere; only the count of changes made here.
    assert rows == [(changes.KIND,)]


def test_an_undo_that_fails_half_way_changes_nothing(
    profile: UnlockedProfile, family: Family
) -> None:
    first = follow_up(family)
    profile.save(first)
    # One action: a change to a saved record and a new one.
    changed, new = replace(first, what="Ring on Monday"), follow_up(family, "Book the room")
    done = actions.save(profile, changed, new)
    # Putting the old version back fails at the disk (as a full disk would), after the
    # new record's delete was written in the same undo.
    db = profile.raw_database()
    db.conn.execute(
        "CREATE TEMP TRIGGER no_room BEFORE UPDATE ON records "
        "BEGIN SELECT RAISE(ABORT, 'database or disk is full'); END"
    )
    with pytest.raises(DamagedFile):
        actions.restore(profile, done.result)
    db.conn.execute("DROP TRIGGER no_room")
    profile = reopen(profile)
    # Nothing was undone: not half of it.
    assert profile.get(new.id) == new and profile.get(first.id) == changed
    actions.restore(profile, done.result)
    assert profile.get(new.id) is None and profile.get(first.id) == first


def test_deleting_a_record_already_deleted_elsewhere_offers_no_undo_that_brings_it_back(
    profile: UnlockedProfile, family: Family
) -> None:
    shown = follow_up(family)
    profile.save(shown)
    actions.delete(profile, shown)  # deleted elsewhere (the CLI, another screen)
    with pytest.raises(InvalidRecord, match="already deleted"):
        actions.delete(profile, shown)  # the screen still held its copy
    assert profile.get(shown.id) is None
