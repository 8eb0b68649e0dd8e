"""Backups: a consistent, sealed copy of the profile, and the rolling local ones."""

from __future__ import annotations

import os
import sqlite3
import stat
import threading
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest
from helpers.leak_scan import find_planted
from helpers.planted import PLANTED_STRINGS, planted_family, planted_session
from helpers.values import PASSPHRASE

from parentrus_desktop.domain import Session
from parentrus_desktop.operations.backups import (
    back_up_at_lock,
    back_up_to,
    erased_since_external_backup,
    external_backup_due,
)
from parentrus_desktop.operations.kept import KeepReason, Kept, kept_families, save_kept
from parentrus_desktop.operations.keys import change_passphrase as change_passphrase_now
from parentrus_desktop.operations.records import erase_family
from parentrus_desktop.store import backup as backups
from parentrus_desktop.store.profiles import LockedProfile, change_passphrase, create_profile
from parentrus_desktop.store.unlocked import UnlockedProfile
from parentrus_desktop.vault.errors import WrongPassphrase
from parentrus_desktop.vault.kdf import KdfParameters

NEW_PASSPHRASE = "a new and longer passphrase for Hodan"
NOW = datetime(2026, 12, 2, 12, 0, tzinfo=UTC)  # 2 December in every time zone but the farthest


def _ids(path: Path, unlock: str = PASSPHRASE) -> dict[str, object]:
    opened = LockedProfile(path).unlock(unlock)
    try:
        return {record.id: record for record in opened}
    finally:
        opened.lock()


def test_a_backup_is_the_sealed_profile_and_opens_only_with_its_keys(
    created: tuple[UnlockedProfile, str], family: object, tmp_path: Path
) -> None:
    profile, recovery_key = created
    folder = tmp_path / "usb"
    folder.mkdir()
    made = back_up_to(profile, folder, NOW).result
    assert made.name == "Hodan 2026-12-02.parentrus-backup"
    assert stat.S_IMODE(made.stat().st_mode) == 0o600
    assert [p.name for p in folder.iterdir()] == [made.name]  # no temporary file left
    assert backups.last_external_backup(profile) == NOW
    with pytest.raises(WrongPassphrase):
        LockedProfile(made).unlock("not the passphrase at all")
    opened = LockedProfile(made).unlock_with_recovery_key(recovery_key)
    assert {r.id for r in opened} == {r.id for r in profile}
    assert opened.integrity.ok and opened.integrity_problems() == []
    opened.lock()


def test_the_file_name_shows_only_the_name_and_date_in_safe_characters() -> None:
    name = backups.external_file_name('Ho/dan: "A"', date(2026, 12, 2))
    assert name == "Ho-dan- -A- 2026-12-02.parentrus-backup"


def test_a_folder_that_is_not_there_is_said_plainly(
    profile: UnlockedProfile, tmp_path: Path
) -> None:
    from parentrus_desktop.operations.backups import NoSuchFolder

    with pytest.raises(NoSuchFolder):
        back_up_to(profile, tmp_path / "unplugged", NOW)
    assert backups.last_external_backup(profile) is None


def test_a_backup_taken_while_another_thread_saves_is_consistent(
    profile: UnlockedProfile, family: object, tmp_path: Path
) -> None:
    assert hasattr(family, "id")
    acknowledged: list[str] = []
    stop = threading.Event()

    def keep_saving() -> None:
        while not stop.is_set():
            session = planted_session(family, note="written during the backup")  # type: ignore[arg-type]
            profile.save(session)
            acknowledged.append(session.id)

    writer = threading.Thread(target=keep_saving)
    writer.start()
    try:
        while len(acknowledged) < 20:
            stop.wait(0.01)
        before = list(acknowledged)  # every save acknowledged before the backup started
        made = backups.back_up(profile, tmp_path / "copy.parentrus-backup", NOW, external=True)
        while len(acknowledged) < len(before) + 20:  # the writer went on during it
            stop.wait(0.01)
    finally:
        stop.set()
        writer.join()
    with sqlite3.connect(made) as conn:
        assert conn.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
    conn.close()
    in_backup = _ids(made)
    assert set(before) <= set(in_backup)
    assert all(isinstance(in_backup[i], Session) for i in before)
    opened = LockedProfile(made).unlock(PASSPHRASE)
    assert opened.integrity.ok and not opened.damaged  # no half-written save in it
    opened.lock()


def test_no_planted_string_is_in_any_backup(
    data_dir: Path, profile: UnlockedProfile, tmp_path: Path, temp_folder: Path
) -> None:
    family = planted_family()
    profile.save(family, planted_session(family))
    usb = tmp_path / "usb"
    usb.mkdir()
    back_up_to(profile, usb, NOW)
    assert back_up_at_lock(profile, NOW) is not None
    assert backups.local_backups(profile.path)
    assert find_planted(PLANTED_STRINGS, usb, data_dir / "backups", temp_folder) == []
    # The scan reads the right files: the backup holds the family, sealed.
    assert len(_ids(next(usb.iterdir()))) == 2


def test_an_automatic_backup_at_most_once_a_day_beside_the_profile(
    profile: UnlockedProfile, family: object
) -> None:
    first = back_up_at_lock(profile, NOW)
    assert first == profile.path.parent / "backups" / profile.path.stem / (
        "2026-12-02.parentrus-backup"
    )
    assert stat.S_IMODE(first.stat().st_mode) == 0o600
    assert stat.S_IMODE(first.parent.stat().st_mode) == 0o700
    assert stat.S_IMODE(first.parent.parent.stat().st_mode) == 0o700
    assert back_up_at_lock(profile, NOW + timedelta(hours=5)) is None  # once a day
    assert back_up_at_lock(profile, NOW + timedelta(days=1)) is not None
    assert [p.name for p in backups.local_backups(profile.path)] == [
        "2026-12-02.parentrus-backup",
        "2026-12-03.parentrus-backup",
    ]
    assert backups.backup_state(profile)["last_automatic"] == (NOW + timedelta(days=1)).isoformat()
    assert backups.last_external_backup(profile) is None  # automatic ones are not external


def _days(first: date, last: date) -> list[date]:
    return [first + timedelta(days=n) for n in range((last - first).days + 1)]


def test_retention_keeps_seven_days_and_four_weeks() -> None:
    # Every day from Monday 2 November to Wednesday 2 December 2026.
    every_day = _days(date(2026, 11, 2), date(2026, 12, 2))
    kept = backups.backups_to_keep(every_day)
    last_seven = set(_days(date(2026, 11, 26), date(2026, 12, 2)))
    # The newest of each of the last 4 ISO weeks: this week (Wed 2 Dec, already kept), and
    # the Sundays that end the three weeks before.
    sundays = {date(2026, 11, 29), date(2026, 11, 22), date(2026, 11, 15)}
    assert kept == last_seven | sundays


def test_retention_counts_days_and_weeks_that_have_a_backup() -> None:
    # A laptop used now and then: the last 7 backups are kept however old.
    sparse = [date(2026, 9, 1), date(2026, 9, 20), date(2026, 10, 5), date(2026, 10, 6)]
    sparse += [date(2026, 11, 1), date(2026, 11, 10), date(2026, 11, 30), date(2026, 12, 1)]
    kept = backups.backups_to_keep(sparse)
    assert kept == set(sparse) - {date(2026, 9, 1)}
    assert backups.backups_to_keep([]) == set()
    assert backups.backups_to_keep(sparse, daily=1, weekly=1) == {date(2026, 12, 1)}


def test_thinning_out_deletes_the_right_files_and_nothing_else(tmp_path: Path) -> None:
    for day in _days(date(2026, 11, 2), date(2026, 12, 2)):
        (tmp_path / f"{day.isoformat()}.parentrus-backup").write_bytes(b"x")
    kept_apart = tmp_path / "replaced 2026-11-01 101010.parentrus-backup"
    kept_apart.write_bytes(b"x")
    removed = backups.remove_old_backups(tmp_path)
    assert len(removed) == 31 - 9  # 29 November is among the last 7 days
    left = sorted(p.name for p in tmp_path.iterdir())
    assert left == sorted(
        [kept_apart.name]
        + [f"2026-11-{d}.parentrus-backup" for d in (15, 22, 26, 27, 28, 29, 30)]
        + ["2026-12-01.parentrus-backup", "2026-12-02.parentrus-backup"]
    )


def test_automatic_backups_roll(profile: UnlockedProfile) -> None:
    for day in range(40):
        back_up_at_lock(profile, NOW + timedelta(days=day))
    names = [p.name for p in backups.local_backups(profile.path)]
    assert len(names) == 10  # 7 days, and 3 more Sundays (this week's is among the 7)
    assert names[-1] == "2027-01-10.parentrus-backup"


def test_the_identity_is_kept_and_readable_without_unlocking(profile: UnlockedProfile) -> None:
    assert backups.identity_of_file(profile.path) is None
    identity = backups.profile_identity(profile)
    assert backups.profile_identity(profile) == identity
    assert backups.identity_of_file(profile.path) == identity


def test_a_reminder_is_due_without_a_recent_backup_to_a_stick(
    profile: UnlockedProfile, tmp_path: Path
) -> None:
    assert external_backup_due(profile, NOW)  # never made
    back_up_at_lock(profile, NOW)
    assert external_backup_due(profile, NOW)  # the daily ones on the laptop do not count
    back_up_to(profile, tmp_path, NOW)
    assert not external_backup_due(profile, NOW + timedelta(days=14))
    assert external_backup_due(profile, NOW + timedelta(days=14, minutes=1))
    assert not external_backup_due(profile, NOW + timedelta(days=20), after_days=30)


def test_erasing_a_family_reaches_this_laptop_s_backups_sealed_under_the_same_key(
    created: tuple[UnlockedProfile, str], floor_kdf: KdfParameters
) -> None:
    """A family erased on the laptop is erased from its local backups too, which still
    open and pass every check; a backup made before the passphrase changed (another
    key) is left exactly as it was, and still opens with the old passphrase."""
    profile, _recovery = created
    family = planted_family()
    other = planted_family("H3W-9P")
    profile.save(family, other, planted_session(family))
    decision = Kept(family.id, date(2027, 6, 1), next(iter(KeepReason)), date(2026, 11, 1))
    older = backups.automatic_backup(profile, NOW - timedelta(days=3))
    assert older is not None
    before_rekey = older.read_bytes()
    change_passphrase(profile, NEW_PASSPHRASE, kdf=floor_kdf)
    save_kept(profile, decision)  # the family's own item, in the backup too
    newer = backups.automatic_backup(profile, NOW)
    assert newer is not None
    erase_family(profile, family.id)
    opened = LockedProfile(newer).unlock(NEW_PASSPHRASE)
    try:
        assert family.id not in {r.id for r in opened}
        assert other.id in {r.id for r in opened}
        assert opened.integrity.ok and not opened.damaged
        assert kept_families(opened) == {}  # its decisions go with it
    finally:
        opened.lock()
    assert older.read_bytes() == before_rekey  # another key: not reached, not changed
    assert family.id in _ids(older)


def test_a_usb_backup_made_before_an_erasure_is_said_to_still_hold_the_family(
    created: tuple[UnlockedProfile, str], tmp_path: Path
) -> None:
    profile, _recovery = created
    family = planted_family()
    profile.save(family)
    usb = tmp_path / "usb"
    usb.mkdir()
    back_up_to(profile, usb, datetime.now(UTC))
    assert not erased_since_external_backup(profile)
    erase_family(profile, family.id)
    assert erased_since_external_backup(profile)  # the app cannot reach that stick
    back_up_to(profile, usb, datetime.now(UTC) + timedelta(seconds=1))
    assert not erased_since_external_backup(profile)


def test_only_the_newest_files_a_restore_replaced_are_kept(tmp_path: Path) -> None:
    folder = tmp_path / "backups"
    folder.mkdir()
    names = [f"replaced 2026-0{m}-01 120000.parentrus-backup" for m in range(1, 6)]
    for name in names:
        (folder / name).write_bytes(b"sealed")
    removed = backups.remove_old_backups(folder)
    assert sorted(p.name for p in removed) == names[:2]
    assert sorted(p.name for p in folder.iterdir()) == names[2:]


def test_two_mentors_of_the_same_name_never_overwrite_each_other_s_backup(
    created: tuple[UnlockedProfile, str], data_dir: Path, floor_kdf: KdfParameters, tmp_path: Path
) -> None:
    """Two profiles called Hodan back up to one stick on one day: two files; the same
    mentor again replaces her own."""
    first, _recovery = created
    second, _other_recovery = create_profile(
        data_dir, "Hodan", "another mentor's passphrase, long", kdf=floor_kdf
    )
    try:
        usb = tmp_path / "usb"
        usb.mkdir()
        one = back_up_to(first, usb, NOW).result
        two = back_up_to(second, usb, NOW).result
        assert one != two and two.name == "Hodan 2026-12-02 (2).parentrus-backup"
        assert back_up_to(first, usb, NOW).result == one  # her own, replaced
        assert len(list(usb.iterdir())) == 2
    finally:
        second.lock()


def test_after_a_passphrase_change_the_laptop_s_backups_open_only_with_the_new_one(
    created: tuple[UnlockedProfile, str], floor_kdf: KdfParameters
) -> None:
    """The old passphrase (and recovery key) must not open what stays on the laptop:
    its backups are remade under the new keys and the old ones deleted."""
    profile, _recovery = created
    family = planted_family()
    profile.save(family)
    for days in (9, 3, 0):
        backups.automatic_backup(profile, NOW - timedelta(days=days))
    assert len(backups.local_backups(profile.path)) == 3
    change_passphrase_now(profile, NEW_PASSPHRASE, kdf=floor_kdf)
    (left,) = backups.local_backups(profile.path)
    with pytest.raises(WrongPassphrase):
        LockedProfile(left).unlock(PASSPHRASE)
    assert family.id in _ids(left, NEW_PASSPHRASE)


def test_the_next_automatic_backup_removes_half_written_copies(profile: UnlockedProfile) -> None:
    """A crash in the middle of a backup leaves a '.….partial' file: the next automatic
    backup deletes it (and its journal), and nothing else in the folder; a copy being
    written just now (a passphrase change's backup) is left alone."""
    made = backups.automatic_backup(profile, NOW - timedelta(days=1))
    assert made is not None
    folder = made.parent
    crashed = NOW - timedelta(hours=1)
    for name, size in ((".tmp1234abcd.partial", 4096), (".tmp1234abcd.partial-journal", 512)):
        (folder / name).write_bytes(os.urandom(size))
        os.utime(folder / name, (crashed.timestamp(), crashed.timestamp()))
    being_written = folder / ".tmp5678efgh.partial"
    being_written.write_bytes(os.urandom(4096))
    os.utime(being_written, (NOW.timestamp(), NOW.timestamp()))
    backups.automatic_backup(profile, NOW)
    assert sorted(p.name for p in folder.iterdir()) == [
        ".tmp5678efgh.partial",
        "2026-12-01.parentrus-backup",
        "2026-12-02.parentrus-backup",
    ]
