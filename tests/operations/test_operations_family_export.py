"""A family's subject access export: everything about them, nothing about others, in words."""

from __future__ import annotations

import json
from dataclasses import replace
from datetime import date

from helpers.planted import PLANTED_FAMILY, planted_family, planted_session

from parentrus_desktop.domain import (
    CheckIn,
    Child,
    Family,
    School,
    StaffMember,
    TalkThrough,
    new_record_id,
)
from parentrus_desktop.domain.vocabulary import Barrier, CheckInQuestion, SessionKind, StaffRole
from parentrus_desktop.operations.family_export import (
    everything_about,
    export_as_text,
    family_export,
)
from parentrus_desktop.store.unlocked import UnlockedProfile


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


def test_what_the_mentor_talks_through_with_their_manager_is_left_out(
    profile: UnlockedProfile, family: Family
) -> None:
    planted = "quokka lantern supervision hunch"
    profile.save(
        planted_session(family),
        TalkThrough(
            id=new_record_id(), family=family.id, words=planted, raised_on=date(2026, 11, 3)
        ),
    )
    export = everything_about(profile, family)
    as_json = json.dumps(export, ensure_ascii=False)
    text = export_as_text(export)
    assert PLANTED_FAMILY["session_note"] in text  # the rest is there
    for shown in (as_json, text):
        assert planted not in shown
        assert "talk_through" not in shown and "To talk through with my manager" not in shown


def test_a_child_s_staff_are_shown_by_name_and_role_or_left_out(
    profile: UnlockedProfile, family: Family
) -> None:
    teacher = StaffMember(id=new_record_id(), role=StaffRole.CLASS_TEACHER, name="Mr Fitzgerald")
    gone = new_record_id()  # a key contact since taken off the school's list
    school = School(id=new_record_id(), name="Brook Lane Primary", staff=(teacher,))
    child = replace(family.children[0], school_id=school.id, class_teacher=teacher.id)
    other = Child(first_name="Wilhelmina", school_id=school.id, key_contact=gone)
    family = replace(family, children=(child, other))
    profile.save(school, family)
    export = everything_about(profile, family)
    as_json = json.dumps(export, ensure_ascii=False)
    text = export_as_text(export)
    for shown in (as_json, text):
        assert "Mr Fitzgerald (Class teacher)" in shown
        assert teacher.id not in shown and gone not in shown
    first, second = export["family"]["children"]
    assert first["class_teacher"] == "Mr Fitzgerald (Class teacher)"
    assert second["key_contact"] == "" and second["class_teacher"] == ""
