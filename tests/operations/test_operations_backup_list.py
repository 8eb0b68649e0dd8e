"""The list of backups to USB sticks and folders (which of them still hold families
erased since), the reminder's interval, and the clock guard of "erase automatically"."""

from __future__ import annotations

import errno
from dataclasses import replace
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest
from helpers.leak_scan import find_planted
from helpers.planted import planted_family

from parentrus_desktop.domain import Family
from parentrus_desktop.domain.vocabulary import FamilyStatus
from parentrus_desktop.operations.activity import (
    MOST_ENTRIES,
    UNLOCKED,
    Activity,
    activity_log,
    log_activities,
)
from parentrus_desktop.operations.backups import (
    NEVER_REMIND,
    FolderFull,
    back_up_to,
    erased_since_external_backup,
    external_backup_due,
    listed_external_backups,
    reminder_days,
    set_reminder_days,
)
from parentrus_desktop.operations.records import erase_family
from parentrus_desktop.operations.retention import (
    CLOCK,
    RetentionRule,
    at_unlock,
    families_due,
    set_retention_rule,
)
from parentrus_desktop.store import backup as backup_module
from parentrus_desktop.store.backup_history import MOST_EXTERNAL
from parentrus_desktop.store.profiles import LockedProfile
from parentrus_desktop.store.unlocked import UnlockedProfile

PASSPHRASE_FREE_FOLDER = "Zanzibar-stick-7Q"


def _family(code: str, closed_on: date | None = None) -> Family:
    family = replace(planted_family(code), id=planted_family().id, code=code)
    if closed_on is None:
        return family
    joined = date(2024, 1, 8)
    return replace(family, joined_on=joined, status=FamilyStatus.CLOSED, closed_on=closed_on)


def test_each_backup_is_listed_with_the_families_erased_after_it(
    profile: UnlockedProfile, tmp_path: Path
) -> None:
    first, second, third = _family("K7Q-4M"), _family("ABC-DE"), _family("MNP-QR")
    profile.save(first, second, third)
    usb = tmp_path / PASSPHRASE_FREE_FOLDER
    other = tmp_path / "other-folder"
    usb.mkdir()
    other.mkdir()
    older = back_up_to(profile, usb, datetime.now(UTC)).result
    erase_family(profile, first.id)
    newer = back_up_to(profile, other, datetime.now(UTC)).result
    erase_family(profile, second.id)
    listed = listed_external_backups(profile)
    assert [(e.backup.folder, e.backup.file) for e in listed] == [
        (str(other), newer.name),  # newest first
        (str(usb), older.name),
    ]
    assert [e.code for e in listed[0].erased_since] == ["ABC-DE"]
    assert [e.code for e in listed[1].erased_since] == ["K7Q-4M", "ABC-DE"]
    assert erased_since_external_backup(profile)
    # Sealed: the folder's name is nowhere in the profile's files in the clear.
    assert find_planted([PASSPHRASE_FREE_FOLDER], profile.path.parent) == []


def test_the_list_outlives_the_activity_log_s_oldest_entries(
    profile: UnlockedProfile, tmp_path: Path
) -> None:
    family = _family("K7Q-4M")
    profile.save(family)
    usb = tmp_path / "usb"
    usb.mkdir()
    back_up_to(profile, usb, datetime.now(UTC) - timedelta(days=1))
    erase_family(profile, family.id)
    # A busy year: the log keeps only its newest entries, the erasure is dropped from it.
    later = datetime.now(UTC) + timedelta(seconds=1)
    log_activities(
        profile, [Activity(later + timedelta(seconds=i), UNLOCKED) for i in range(MOST_ENTRIES)]
    )
    assert all(a.kind == UNLOCKED for a in activity_log(profile))
    (listed,) = listed_external_backups(profile)
    assert [e.code for e in listed.erased_since] == ["K7Q-4M"]
    assert erased_since_external_backup(profile)


def test_the_list_keeps_the_newest_twenty_and_a_file_written_over_once(
    created: tuple[UnlockedProfile, str], tmp_path: Path
) -> None:
    profile, recovery_key = created
    usb = tmp_path / "usb"
    usb.mkdir()
    # At noon, so "an hour later" is the same day whatever the time the test runs (at
    # 23:11 it was the next day: a new file, not the same one written over).
    start = datetime.now(UTC).replace(hour=12, minute=0, second=0, microsecond=0)
    start -= timedelta(days=60)
    for day in range(MOST_EXTERNAL + 3):
        back_up_to(profile, usb, start + timedelta(days=day))
    again = start + timedelta(days=MOST_EXTERNAL + 2, hours=1)  # same day, same file again
    back_up_to(profile, usb, again)
    listed = listed_external_backups(profile)
    assert len(listed) == MOST_EXTERNAL
    assert listed[0].backup.made_at == again
    assert len({e.backup.file for e in listed}) == MOST_EXTERNAL  # written over: listed once
    assert listed[-1].backup.made_at == start + timedelta(days=3)
    # Kept sealed in the profile: it is there after locking and unlocking.
    profile.lock()
    opened = LockedProfile(profile.path).unlock_with_recovery_key(recovery_key)
    try:
        assert [e.backup for e in listed_external_backups(opened)] == [e.backup for e in listed]
    finally:
        opened.lock()


def test_a_backup_that_failed_is_not_listed(
    profile: UnlockedProfile, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    usb = tmp_path / "usb"
    usb.mkdir()
    back_up_to(profile, usb, datetime.now(UTC) - timedelta(days=1))
    before = listed_external_backups(profile)

    def stick_full(_source: Path, _destination: Path) -> Path:
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(backup_module, "copy_profile_file", stick_full)
    with pytest.raises(FolderFull):
        back_up_to(profile, tmp_path, datetime.now(UTC))
    assert listed_external_backups(profile) == before


def test_the_reminder_follows_the_interval_the_mentor_chose(
    created: tuple[UnlockedProfile, str], tmp_path: Path
) -> None:
    profile, recovery_key = created
    usb = tmp_path / "usb"
    usb.mkdir()
    now = datetime.now(UTC)
    back_up_to(profile, usb, now - timedelta(days=10))
    assert reminder_days(profile) == 14  # the default
    assert not external_backup_due(profile, now)
    set_reminder_days(profile, 7)
    assert external_backup_due(profile, now)
    set_reminder_days(profile, 30)
    assert not external_backup_due(profile, now + timedelta(days=19))
    assert external_backup_due(profile, now + timedelta(days=21))
    set_reminder_days(profile, NEVER_REMIND)
    assert not external_backup_due(profile, now + timedelta(days=400))
    with pytest.raises(ValueError, match="interval"):
        set_reminder_days(profile, 3)
    # Sealed in this profile: it is still "never" after locking and unlocking.
    path = profile.path
    profile.lock()
    opened = LockedProfile(path).unlock_with_recovery_key(recovery_key)
    try:
        assert reminder_days(opened) == NEVER_REMIND
    finally:
        opened.lock()


def _due_profile(profile: UnlockedProfile, now: datetime) -> Family:
    """A family closed long ago, and "erase automatically" turned on at ``now``."""
    due = _family("K7Q-4M", date(2025, 1, 10))
    profile.save(due)
    set_retention_rule(profile, RetentionRule(12, erase_automatically=True), now=now)
    return due


def test_a_clock_far_behind_the_latest_time_seen_erases_nothing_and_says_so(
    profile: UnlockedProfile,
) -> None:
    seen = datetime(2026, 12, 1, 9, 0, tzinfo=UTC)
    due = _due_profile(profile, seen)
    behind = seen - timedelta(days=1, hours=1)
    news = at_unlock(profile, behind.date(), now=behind).result
    assert news.erased == [] and news.clock is not None and news.clock.behind
    assert news.due == 1
    assert profile.get(due.id) is not None  # not erased: left for the mentor's click
    assert [d.family.code for d in families_due(profile, behind.date())] == ["K7Q-4M"]
    assert "clock looks wrong" in news.words() and "on Today" in news.words()
    # Still wrong at the next unlock: a time that looked wrong is never the reference.
    news = at_unlock(profile, behind.date(), now=behind + timedelta(minutes=5)).result
    assert news.clock is not None and profile.get(due.id) is not None
    # Less than a day earlier (a time zone, a slow clock) looks right: erased then.
    news = at_unlock(profile, seen.date(), now=seen - timedelta(hours=20)).result
    assert news.clock is None and news.erased == ["K7Q-4M"]
    assert profile.get(due.id) is None


def test_a_clock_more_than_a_year_ahead_erases_nothing_until_the_mentor_says(
    profile: UnlockedProfile,
) -> None:
    seen = datetime(2025, 12, 1, 9, 0, tzinfo=UTC)
    due = _due_profile(profile, seen)
    at_unlock(profile, seen.date(), now=seen)  # not due yet then
    assert profile.get(due.id) is not None
    ahead = seen + timedelta(days=366)
    for _twice in range(2):  # a clock wrong for good is not trusted the second time either
        news = at_unlock(profile, ahead.date(), now=ahead).result
        assert news.erased == [] and news.clock is not None and not news.clock.behind
        assert news.due == 1 and profile.get(due.id) is not None
    assert "more than six weeks after" in news.words()
    # A year away for real: the mentor turns "erase automatically" off and on again, and
    # the guard counts from then.
    set_retention_rule(profile, RetentionRule(12, erase_automatically=False), now=ahead)
    set_retention_rule(profile, RetentionRule(12, erase_automatically=True), now=ahead)
    news = at_unlock(profile, ahead.date(), now=ahead + timedelta(hours=1)).result
    assert news.clock is None and news.erased == ["K7Q-4M"]


def test_the_clock_guard_counts_from_the_last_unlock_in_the_log_of_an_older_profile(
    profile: UnlockedProfile,
) -> None:
    due = _due_profile(profile, datetime.now(UTC))
    profile.save_sealed_items(CLOCK, {}, delete=[CLOCK])  # as before the guard existed
    last = datetime(2026, 11, 30, 9, 0, tzinfo=UTC)
    log_activities(profile, [Activity(last, UNLOCKED)])
    wrong = datetime(2025, 1, 1, tzinfo=UTC)
    news = at_unlock(profile, date(2026, 12, 2), now=wrong).result
    assert news.clock is not None and news.clock.last_seen == last
    assert profile.get(due.id) is not None


def test_a_clock_two_months_fast_erases_nothing_and_once_put_right_the_mentor_can_go_on(
    profile: UnlockedProfile,
) -> None:
    seen = datetime(2026, 10, 1, 9, 0, tzinfo=UTC)
    _due_profile(profile, seen)
    at_unlock(profile, seen.date(), now=seen)
    fast = seen + timedelta(days=60)  # a wrong month typed in
    news = at_unlock(profile, fast.date(), now=fast).result
    assert news.erased == [] and news.clock is not None and not news.clock.behind
    # A clock a little fast is trusted and kept; once put right it looks behind ...
    slightly_fast = seen + timedelta(days=30)
    assert at_unlock(profile, slightly_fast.date(), now=slightly_fast).result.clock is None
    right = seen + timedelta(days=2)
    news = at_unlock(profile, right.date(), now=right).result
    assert news.clock is not None and news.clock.behind
    assert 'turn "erase automatically" off and on' in news.words()
    # ... until the mentor, looking at the date, turns it off and on: counted from now.
    set_retention_rule(profile, RetentionRule(12, erase_automatically=False), now=right)
    set_retention_rule(profile, RetentionRule(12, erase_automatically=True), now=right)
    later = right + timedelta(hours=1)
    assert at_unlock(profile, later.date(), now=later).result.clock is None
