"""``parentrus-hub invite`` where its file cannot be written: a plain message and exit code
2 before anything is saved (no pin remembered, no invitation made that nobody holds); and
``export --out`` there, a plain message too."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from helpers.hub_process import PASSWORD, run_hub
from helpers.tls_hub import self_signed
from parentrus_sync.hub.cli import GIVEN_PIN
from parentrus_sync.hub.hubdata import open_hub


@pytest.fixture
def data(tmp_path: Path) -> Path:
    folder = tmp_path / "hub-data"
    done = run_hub("init", "--data", str(folder), "--school-name", "Riverside Primary",
                   "--password-stdin", stdin=PASSWORD + "\n")  # fmt: skip
    assert done.returncode == 0, done.stderr
    return folder


def _nothing_saved(data: Path) -> None:
    hub = open_hub(data)
    try:
        assert hub.storage.setting(GIVEN_PIN) is None
        assert hub.storage.invitations() == []
    finally:
        hub.storage.close()


def _places_that_cannot_be_written(tmp_path: Path) -> list[Path]:
    a_file = tmp_path / "a-file"
    a_file.write_text("not a folder", encoding="utf-8")
    places = [tmp_path / "no-such-folder" / "invitation.json", a_file / "invitation.json"]
    if os.geteuid() != 0:  # root writes anywhere: then only the places above
        locked = tmp_path / "locked"
        locked.mkdir()
        locked.chmod(0o500)
        places.append(locked / "invitation.json")
    return places


def test_an_unwritable_place_is_refused_before_anything_is_saved(
    data: Path, tmp_path: Path
) -> None:
    cert, _key = self_signed(tmp_path / "certs", "proxy")
    for out in _places_that_cannot_be_written(tmp_path):
        done = run_hub("invite", "--data", str(data), "--out", str(out), "--pin-from", str(cert))
        assert done.returncode == 2, (out, done.stderr)
        assert "Traceback" not in done.stderr and done.stdout == ""
        assert f"Cannot write the invitation file {out}" in done.stderr
        assert "Nothing was saved" in done.stderr
        _nothing_saved(data)
    # A place that can be written still works, and only the test's file is there.
    out = tmp_path / "ok" / "invitation.json"
    out.parent.mkdir()
    done = run_hub("invite", "--data", str(data), "--out", str(out), "--pin-from", str(cert))
    assert done.returncode == 0, done.stderr
    assert [p.name for p in out.parent.iterdir()] == ["invitation.json"]
    assert out.stat().st_mode & 0o777 == 0o600


def test_an_export_to_an_unwritable_place_says_so_plainly(data: Path, tmp_path: Path) -> None:
    for out in _places_that_cannot_be_written(tmp_path):
        done = run_hub("export", "--data", str(data), "--term", "2026-autumn", "--out", str(out))
        assert done.returncode == 2, (out, done.stderr)
        assert "Traceback" not in done.stderr
        assert f"Cannot write {out}: " in done.stderr
