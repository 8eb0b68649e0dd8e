"""Owner-only files on every platform: where Python has no ``os.fchmod`` (Windows before
3.13), the files the app writes are still written, with nothing left half-done."""

from __future__ import annotations

import os
import stat
from datetime import date
from pathlib import Path

import pytest

from parentrus_desktop.operations.family_export import write_private_file
from parentrus_desktop.operations.own_work import save_own_work
from parentrus_desktop.store.owner_only import keep_to_owner
from parentrus_desktop.store.unlocked import UnlockedProfile


def test_an_open_file_made_with_other_rights_becomes_owner_only(tmp_path: Path) -> None:
    path = tmp_path / "f.txt"
    path.write_text("x")
    path.chmod(0o644)
    fd = os.open(path, os.O_WRONLY)
    try:
        keep_to_owner(fd)
    finally:
        os.close(fd)
    assert stat.S_IMODE(path.stat().st_mode) == 0o600


def test_files_are_still_written_where_python_has_no_fchmod(
    profile: UnlockedProfile, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delattr(os, "fchmod")
    out = tmp_path / "usb"
    out.mkdir()
    export = out / "family.txt"
    write_private_file(export, "everything about one family")
    assert export.read_text(encoding="utf-8") == "everything about one family"
    log = out / "my-log.csv"
    save_own_work(profile, log, start=date(2026, 1, 1), end=date(2026, 12, 31))
    assert log.read_text(encoding="utf-8").startswith("date,")
    assert sorted(p.name for p in out.iterdir()) == ["family.txt", "my-log.csv"]


def test_a_device_or_pipe_given_as_where_to_write_keeps_its_rights(tmp_path: Path) -> None:
    """`--out /dev/null` as root once made /dev/null 0600 for the whole machine: only a
    regular file is made owner-only (a named pipe stands in for the device here)."""
    from parentrus_sync.hub.private_files import make_private, write_private

    pipe = tmp_path / "pipe"
    os.mkfifo(pipe, 0o644)
    pipe.chmod(0o644)
    # Both ends held open (Linux allows it), so opening either end below never waits.
    both_ends = os.open(pipe, os.O_RDWR)
    try:
        fd = os.open(pipe, os.O_WRONLY)
        try:
            keep_to_owner(fd)
        finally:
            os.close(fd)
        write_private(pipe, b"x")
        make_private(pipe)
    finally:
        os.close(both_ends)
    assert stat.S_IMODE(pipe.stat().st_mode) == 0o644
