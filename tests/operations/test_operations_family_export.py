"""A family's subject access export: everything about them, nothing about others, in words."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

from helpers.planted import planted_family, planted_session

from parentrus_desktop.domain import CheckIn, new_record_id
from parentrus_desktop.domain.vocabulary import Barrier, CheckInQuestion, SessionKind
from parentrus_desktop.operations.family_export import export_as_text, family_export


def test_the_text_export_uses_plain_words_and_leaves_out_other_families() -> None:
    family = replace(planted_family(), barriers=(Barrier.LACK_OF_TIME,))
    other = planted_family("CCC-DD")
    own = planted_session(family, "we practised questions for parents' evening")
    group = replace(
        planted_session(family, "Agnieszka's worries about the bus"),
        id=new_record_id(),
        session_kind=SessionKind.GROUP,
        families=(family.id, other.id),
    )
    check_in = CheckIn(
        id=new_record_id(),
        family=family.id,
        on=date(2026, 10, 1),
        answers={CheckInQuestion.FEELS_WELCOME: 4},
    )
    export = family_export(family, [own, group, check_in], {})
    text = export_as_text(export)
    assert "Not enough time" in text and "lack_of_time" not in text
    assert "I feel welcome at school: 4" in text
    assert "we practised questions" in text
    assert "Agnieszka" not in text and other.id not in text and family.id not in text
    assert "(group: notes about other families are left out)" in text
    (group_entry,) = [e for e in export["records"] if e.get("group_notes_left_out")]
    assert group_entry["others"] == 1  # the other family, as a number only
