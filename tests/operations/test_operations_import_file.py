"""Importing from spreadsheets and JSON: good files, bad rows with line numbers, the docs."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from helpers.values import TODAY

from parentrus_desktop.domain import Family, FollowUp, Session
from parentrus_desktop.operations.import_file import (
    COLUMNS,
    ImportProblem,
    read_rows,
    records_from_rows,
)

HEADINGS = (
    "record,family_code,carers,children,languages,joined_on,date,kind,venue_category,"
    "family_codes,topics,status,non_attendance_reason,notes,owner,what,due_on"
)
GOOD_CSV = (
    HEADINGS
    + """
family,K7Q-4M,Amina; Abdi,Ayaan:3; Idil:5,so; en,14/09/2026,,,,,,,,"Likes to meet at the library,
after school",,,
family,,Agnieszka,,pl,2026-09-20,,,,,,,,,,,
session,,,,,,2026-10-01,group,community_centre,K7Q-4M; EXH-XT,reading; homework,held,,Group read,,,
session,,,,,,2026-10-08,one_to_one,library,K7Q-4M,,did_not_attend,childcare,,,,
follow_up,K7Q-4M,,,,,,,,,,,,,school,Ask about the reading scheme,2026-10-15
"""
)


def _write(tmp_path: Path, name: str, text: str) -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def test_a_good_csv_becomes_records(tmp_path: Path) -> None:
    existing = {"EXH-XT": "e" * 32}
    records = records_from_rows(read_rows(_write(tmp_path, "f.csv", GOOD_CSV)), existing, TODAY)
    families = [r for r in records if isinstance(r, Family)]
    sessions = [r for r in records if isinstance(r, Session)]
    follow_ups = [r for r in records if isinstance(r, FollowUp)]
    assert [f.carers for f in families] == [("Amina", "Abdi"), ("Agnieszka",)]
    assert families[0].children[1].year_group == 5
    assert "\n" in families[0].notes  # a quoted cell over two lines
    assert sessions[0].families == (families[0].id, "e" * 32)
    assert len(follow_ups) == 2  # the one in the file, and one for the missed session
    assert {f.owner.value for f in follow_ups} == {"school", "mentor"}


def test_a_bad_csv_row_names_its_line_and_column(tmp_path: Path) -> None:
    bad = GOOD_CSV.replace("2026-10-08,one_to_one", "2026-10-08,one_to_two")
    with pytest.raises(ImportProblem) as problem:
        records_from_rows(read_rows(_write(tmp_path, "f.csv", bad)), {"EXH-XT": "e" * 32}, TODAY)
    # line 1 is the heading; the first family's note spans lines 2-3
    assert (problem.value.line, problem.value.column) == (6, "kind")


@pytest.mark.parametrize(
    ("change", "column"),
    [
        (("14/09/2026", "31/02/2026"), "joined_on"),
        (("K7Q-4M; EXH-XT", "K7Q-4M; NMP-EE"), "family_codes"),
        (("did_not_attend,childcare", "did_not_attend,"), "non_attendance_reason"),
        (("Amina; Abdi", ""), "carers"),
    ],
)
def test_each_kind_of_mistake_is_reported(
    tmp_path: Path, change: tuple[str, str], column: str
) -> None:
    bad = GOOD_CSV.replace(*change)
    with pytest.raises(ImportProblem) as problem:
        records_from_rows(read_rows(_write(tmp_path, "f.csv", bad)), {"EXH-XT": "e" * 32}, TODAY)
    assert problem.value.column == column
    assert problem.value.message


def test_an_unknown_heading_is_refused(tmp_path: Path) -> None:
    text = "record,carers,joined_on,surname\nfamily,Amina,2026-09-14,Smith\n"
    with pytest.raises(ImportProblem) as problem:
        records_from_rows(read_rows(_write(tmp_path, "f.csv", text)), {}, TODAY)
    assert (problem.value.line, problem.value.column) == (2, "surname")


def test_json_rows_keep_their_line_numbers(tmp_path: Path) -> None:
    rows = [
        {
            "record": "family",
            "family_code": "K7Q-4M",
            "carers": ["Amina"],
            "joined_on": "2026-09-14",
            "interpreter_needed": True,
        },
        {
            "record": "session",
            "date": "2026-10-01",
            "kind": "home_visit",
            "venue_category": "family_home",
            "family_codes": ["K7Q-4M"],
            "minutes": 45,
        },
        {
            "record": "session",
            "date": "2026-10-02",
            "kind": "home_visit",
            "venue_category": "family_home",
            "family_codes": ["K7Q-4M"],
            "minutes": 0,
        },
    ]
    path = _write(tmp_path, "f.json", json.dumps(rows, indent=2))
    with pytest.raises(ImportProblem) as problem:
        records_from_rows(read_rows(path), {}, TODAY)
    third_row_line = path.read_text().splitlines().index("  {", 20) + 1
    assert (problem.value.line, problem.value.column) == (third_row_line, "minutes")
    good = records_from_rows(read_rows(_write(tmp_path, "g.json", json.dumps(rows[:2]))), {}, TODAY)
    assert isinstance(good[0], Family) and good[0].interpreter_needed is True


def test_malformed_json_is_reported(tmp_path: Path) -> None:
    with pytest.raises(ImportProblem) as problem:
        read_rows(_write(tmp_path, "f.json", '[\n{"record": "family",\n "carers": }\n]'))
    assert problem.value.line == 3


def test_every_column_is_documented() -> None:
    docs = (Path(__file__).parents[2] / "docs" / "import.md").read_text()
    missing = [c for columns in COLUMNS.values() for c in columns if f"`{c}`" not in docs]
    assert missing == []
