"""Drafts as plain data: sealed in the vault, offered back, deleted when old or declined."""

from __future__ import annotations

from dataclasses import replace
from datetime import timedelta

import pytest
from helpers.leak_scan import find_planted
from helpers.planted import PLANTED_FAMILY, planted_session

from parentrus_desktop.domain import Family
from parentrus_desktop.operations.drafts import (
    CHANGED,
    DRAFT,
    GONE,
    KEEP_FOR,
    Draft,
    drop_draft,
    fingerprint,
    keep_drafts,
    now_utc,
    since_started,
    waiting_drafts,
)
from parentrus_desktop.store.unlocked import UnlockedProfile


def a_draft(family: Family, **changes: object) -> Draft:
    values: dict[str, object] = {
        "form": "SessionForm",
        "fields": {
            "notes": {"text": PLANTED_FAMILY["edited_note"]},
            "families": {"items": [{"data": family.id, "state": 2, "selected": False}]},
        },
        "written_at": now_utc(),
        "family": family.id,
        "families": (family.id,),
    }
    values.update(changes)
    return Draft(**values)  # type: ignore[arg-type]


def test_a_draft_comes_back_as_it_was_and_is_sealed(
    profile: UnlockedProfile, family: Family
) -> None:
    draft = a_draft(family)
    assert keep_drafts(profile, [draft]).result == 1
    assert waiting_drafts(profile).result == [draft]
    path = profile.path
    profile.lock()
    # Sealed under the profile key: none of what was typed is in the file in the clear.
    assert find_planted([PLANTED_FAMILY["edited_note"]], path.parent) == []


def test_a_draft_older_than_a_week_is_deleted_when_looked_for(
    profile: UnlockedProfile, family: Family
) -> None:
    now = now_utc()
    old = a_draft(family, written_at=now - KEEP_FOR - timedelta(minutes=1))
    recent = a_draft(family, written_at=now - KEEP_FOR + timedelta(minutes=1))
    keep_drafts(profile, [old, recent])
    assert waiting_drafts(profile, now).result == [recent]
    assert set(profile.sealed_items(DRAFT)) == {recent.id}  # gone from the file too


def test_a_draft_whose_save_reached_the_disk_after_all_is_dropped(
    profile: UnlockedProfile, family: Family
) -> None:
    session = planted_session(family)
    landed = a_draft(family, pending=(session.id,))
    not_landed = a_draft(family, pending=("0" * 32,))
    keep_drafts(profile, [landed, not_landed])
    profile.save(session)
    assert waiting_drafts(profile).result == [not_landed]


def test_a_declined_draft_is_deleted(profile: UnlockedProfile, family: Family) -> None:
    first, second = a_draft(family), a_draft(family)
    keep_drafts(profile, [first, second])
    drop_draft(profile, first.id)
    assert waiting_drafts(profile).result == [second]


@pytest.mark.parametrize("data", [b"not json", b'{"format": 99}', b'{"format": 1}'])
def test_a_draft_this_version_cannot_read_is_deleted(
    profile: UnlockedProfile, family: Family, data: bytes
) -> None:
    good = a_draft(family)
    keep_drafts(profile, [good])
    profile.save_sealed_items(DRAFT, {"draft-broken": data})
    assert waiting_drafts(profile).result == [good]
    assert "draft-broken" not in profile.sealed_items(DRAFT)


def test_a_draft_of_a_change_whose_save_did_not_land_is_kept(
    profile: UnlockedProfile, family: Family
) -> None:
    # The mentor changed a saved session and pressed Save; the profile locked before the
    # save ran (it was waiting for a free thread), so the save never reached the disk.
    # The session itself was saved long before, so its id says nothing about this save.
    session = planted_session(family)
    profile.save(session)
    changed = a_draft(family, editing=session.id, pending=(session.id,))
    keep_drafts(profile, [changed])
    assert waiting_drafts(profile).result == [changed]


def test_a_draft_knows_when_its_record_was_changed_or_deleted_since(
    profile: UnlockedProfile, family: Family
) -> None:
    session = planted_session(family)
    profile.save(session)
    draft = a_draft(family, editing=session.id, was=fingerprint(session))
    keep_drafts(profile, [draft])
    (back,) = waiting_drafts(profile).result
    assert back.was == fingerprint(session)  # sealed with the rest of the draft
    assert since_started(profile, back) is None
    profile.save(replace(session, notes="saved later, from the same form"))
    assert since_started(profile, back) == CHANGED
    profile.delete(session)
    assert since_started(profile, back) == GONE


def test_of_two_drafts_of_one_record_only_the_newest_is_offered(
    profile: UnlockedProfile, family: Family
) -> None:
    session = planted_session(family)
    profile.save(session)
    older = a_draft(family, editing=session.id, written_at=now_utc() - timedelta(hours=2))
    newer = a_draft(family, editing=session.id)
    other = a_draft(family, written_at=now_utc() - timedelta(hours=1))  # a new session
    keep_drafts(profile, [newer, older, other])
    offered = waiting_drafts(profile).result
    assert [d.id for d in offered] == [other.id, newer.id]
    assert offered[1].had_older and not offered[0].had_older
    assert set(profile.sealed_items(DRAFT)) == {other.id, newer.id}  # the older is deleted
