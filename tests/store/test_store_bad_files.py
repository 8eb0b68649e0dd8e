"""Files that are not profiles, from a newer version, cut short, or on a full disk."""

from __future__ import annotations

import os
import shutil
import sqlite3
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest
from helpers.planted import planted_family, planted_session
from helpers.values import PASSPHRASE

from parentrus_desktop.domain import Family, Session
from parentrus_desktop.store.errors import DamagedFile, DiskFull, NewerVersion, NotAVault
from parentrus_desktop.store.profiles import LockedProfile, create_profile, list_profiles
from parentrus_desktop.store.unlocked import UnlockedProfile
from parentrus_desktop.vault.kdf import KdfParameters


@pytest.fixture
def saved_profile(profile: UnlockedProfile, family: Family) -> Path:
    """A locked profile file holding a family and fifty sessions."""
    profile.save(*(planted_session(family, note=f"visit {n}") for n in range(50)))
    profile.lock()
    return profile.path


def _unchanged_after(path: Path, error: type[Exception]) -> None:
    before = path.read_bytes()
    with pytest.raises(error) as raised:
        LockedProfile(path).unlock(PASSPHRASE)
    assert raised.value.message  # a plain message for the mentor
    assert path.read_bytes() == before


def test_a_text_file_is_not_a_profile(tmp_path: Path) -> None:
    path = tmp_path / "notes.parentrus"
    path.write_text("shopping list\n" * 20)
    _unchanged_after(path, NotAVault)


def test_another_sqlite_database_is_not_a_profile(tmp_path: Path) -> None:
    path = tmp_path / "other.parentrus"
    with sqlite3.connect(path) as conn:
        conn.execute("CREATE TABLE t (x)")
    conn.close()
    _unchanged_after(path, NotAVault)


def test_a_profile_from_a_newer_version_is_left_alone(saved_profile: Path) -> None:
    with sqlite3.connect(saved_profile) as conn:
        conn.execute("PRAGMA user_version = 99")
    conn.close()
    _unchanged_after(saved_profile, NewerVersion)
    assert "newer version" in NewerVersion().message


def test_a_truncated_profile_is_reported_and_untouched(saved_profile: Path) -> None:
    data = saved_profile.read_bytes()
    saved_profile.write_bytes(data[: len(data) // 2])
    _unchanged_after(saved_profile, DamagedFile)
    entries = list_profiles(saved_profile.parent)
    assert [type(e.problem) for e in entries] == [DamagedFile]


def test_a_half_page_is_reported_and_untouched(saved_profile: Path) -> None:
    data = saved_profile.read_bytes()
    saved_profile.write_bytes(data[:-100])
    _unchanged_after(saved_profile, DamagedFile)


@pytest.fixture
def small_disk(tmp_path: Path) -> Iterator[Path]:
    """A 2 MiB filesystem of its own (tmpfs), so filling it cannot hurt the machine."""
    if os.geteuid() != 0 or shutil.which("mount") is None:
        pytest.skip("mounting a small filesystem needs root; CI runs as root")
    folder = tmp_path / "small"
    folder.mkdir()
    mounted = subprocess.run(
        ["mount", "-t", "tmpfs", "-o", "size=2m", "tmpfs", str(folder)],
        capture_output=True,
        check=False,
    )
    if mounted.returncode != 0:
        pytest.skip(f"this machine does not allow mounting: {mounted.stderr.decode().strip()}")
    try:
        yield folder
    finally:
        subprocess.run(["umount", "-l", str(folder)], check=True)


@pytest.mark.needs_root
def test_a_full_disk_loses_nothing_already_saved(
    small_disk: Path, floor_kdf: KdfParameters
) -> None:
    profile, _ = create_profile(small_disk / "data", "Hodan", PASSPHRASE, kdf=floor_kdf)
    family = planted_family()
    profile.save(family)
    acknowledged: list[Session] = []
    full: DiskFull | None = None
    for n in range(10_000):
        session = planted_session(family, note=f"visit {n} " + "x" * 8000)
        try:
            profile.save(session)
        except DiskFull as problem:
            full = problem
            break
        acknowledged.append(session)
    assert full is not None, "a 2 MiB disk must fill up"
    assert "disk is full" in full.message
    assert profile.get(session.id) is None  # the failed save is not shown as saved
    assert len(acknowledged) > 10
    profile.lock()
    reopened = LockedProfile(profile.path).unlock(PASSPHRASE)
    try:
        assert reopened.integrity_problems() == []
        assert reopened.damaged == []
        assert {s.id for s in reopened.all(Session)} == {s.id for s in acknowledged}
    finally:
        reopened.lock()
