"""Save my log: the mentor's sessions and hours as CSV, with no names and no notes."""

from __future__ import annotations

import csv
import stat
from dataclasses import replace
from datetime import date
from pathlib import Path

import pytest
from helpers.planted import PLANTED_STRINGS, planted_family, planted_session

from parentrus_desktop import cli
from parentrus_desktop.domain import MentorLogEntry, Session, Venue, new_record_id
from parentrus_desktop.domain.vocabulary import (
    MentorLogKind,
    SessionKind,
    SessionStatus,
    VenueCategory,
)
from parentrus_desktop.operations.activity import OWN_WORK_SAVED, UNLOCKED, activity_log
from parentrus_desktop.operations.own_work import COLUMNS, save_own_work
from parentrus_desktop.store.profiles import LockedProfile
from parentrus_desktop.store.unlocked import UnlockedProfile

PLANTED_PLACE = "Wisteria Quokka Hall"
PLANTED_LOG_NOTE = "saffron kettle supervision"


def _fill(profile: UnlockedProfile) -> None:
    one, two = planted_family("K7Q-4M"), replace(planted_family("ABC-DE"), carers=("Ottilie",))
    venue = Venue(id=new_record_id(), name=PLANTED_PLACE, category=VenueCategory.CAFE)
    held = replace(planted_session(one), minutes=45, venue=venue.id)
    group = Session(
        id=new_record_id(),
        session_kind=SessionKind.GROUP,
        venue_category=VenueCategory.CAFE,
        venue=venue.id,
        on=date(2026, 10, 5),
        minutes=90,
        families=(two.id, one.id),
        notes="group " + PLANTED_STRINGS[3],
    )
    missed = replace(
        planted_session(one),
        id=new_record_id(),
        on=date(2026, 10, 6),
        status=SessionStatus.CANCELLED,
    )
    planned = replace(
        planted_session(one), id=new_record_id(), on=date(2026, 12, 6), status=SessionStatus.PLANNED
    )
    supervision = MentorLogEntry(
        id=new_record_id(),
        entry_kind=MentorLogKind.SUPERVISION,
        on=date(2026, 9, 20),
        minutes=60,
        notes=PLANTED_LOG_NOTE,
    )
    profile.save(one, two, venue, held, group, missed, planned, supervision)


def _rows(path: Path) -> list[list[str]]:
    with path.open(encoding="utf-8", newline="") as file:
        return list(csv.reader(file))


def test_the_csv_has_the_right_rows_and_no_names_or_notes(
    profile: UnlockedProfile, tmp_path: Path
) -> None:
    _fill(profile)
    (tmp_path / "out").mkdir()
    out = tmp_path / "out" / "my-log.csv"
    assert save_own_work(profile, out).result == 3
    assert _rows(out) == [
        list(COLUMNS),
        ["2026-09-20", "", "supervision", "60", ""],
        ["2026-10-05", "ABC-DE K7Q-4M", "group", "90", "cafe"],
        ["2026-11-02", "K7Q-4M", "one_to_one", "45", "library"],
    ]
    text = out.read_text(encoding="utf-8")
    for planted in (*PLANTED_STRINGS, PLANTED_PLACE, PLANTED_LOG_NOTE, "Ottilie"):
        assert planted not in text
    assert stat.S_IMODE(out.stat().st_mode) == 0o600
    assert [p.name for p in out.parent.iterdir()] == ["my-log.csv"]  # no part file left
    assert activity_log(profile)[0].kind == OWN_WORK_SAVED


def test_dates_choose_the_rows_and_an_existing_file_is_replaced_whole(
    profile: UnlockedProfile, tmp_path: Path
) -> None:
    _fill(profile)
    out = tmp_path / "my-log.csv"
    out.write_text("old content that is much longer than the new one " * 100)
    out.chmod(0o644)
    save_own_work(profile, out, start=date(2026, 10, 1), end=date(2026, 10, 31))
    assert [r[0] for r in _rows(out)] == ["date", "2026-10-05"]
    assert stat.S_IMODE(out.stat().st_mode) == 0o600


def test_a_file_that_cannot_be_written_changes_nothing(
    profile: UnlockedProfile, tmp_path: Path
) -> None:
    _fill(profile)
    with pytest.raises(FileNotFoundError):
        save_own_work(profile, tmp_path / "no-such-folder" / "my-log.csv")
    assert [a.kind for a in activity_log(profile)] == []


def test_parentrus_admin_export_log(
    created: tuple[UnlockedProfile, str],
    data_dir: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    from helpers.values import PASSPHRASE

    profile = created[0]
    _fill(profile)
    profile.lock()
    monkeypatch.setenv(cli.PASSPHRASE_VARIABLE, PASSPHRASE)
    out = tmp_path / "hours.csv"
    argv = ["--data-dir", str(data_dir), "export-log", "--to", str(out)]
    assert cli.main([*argv, "--from", "2026-10-01", "--to-date", "2026-12-31"]) == 0
    assert [r[0] for r in _rows(out)] == ["date", "2026-10-05", "2026-11-02"]
    assert "Saved 2 lines of sessions and hours" in capsys.readouterr().out
    opened = LockedProfile(profile.path).unlock(PASSPHRASE)
    try:  # the command's unlock and its file are in the activity log
        assert [a.kind for a in activity_log(opened)] == [OWN_WORK_SAVED, UNLOCKED]
    finally:
        opened.lock()
    with pytest.raises(SystemExit) as wrong_day:
        cli.main([*argv, "--from", "October"])
    assert wrong_day.value.code == cli.EXIT_USER
    assert "a day like 2026-09-01" in capsys.readouterr().err
