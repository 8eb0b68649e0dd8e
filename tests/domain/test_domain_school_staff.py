"""A school's key staff by role: sealed in a real profile with the school, a school saved
before staff existed still opens (with none), and whom to ask for each child."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from helpers.values import PASSPHRASE

from parentrus_desktop.domain import (
    Child,
    Family,
    FollowUp,
    InvalidRecord,
    Record,
    School,
    StaffMember,
    new_record_id,
)
from parentrus_desktop.domain.school_staff import children_at_school, schools_of, staff_by_role
from parentrus_desktop.domain.vocabulary import ActionOwner, StaffRole
from parentrus_desktop.store import unlocked
from parentrus_desktop.store.profiles import LockedProfile
from parentrus_desktop.store.unlocked import UnlockedProfile


def _member(role: StaffRole, name: str, reach: str = "") -> StaffMember:
    return StaffMember(id=new_record_id(), role=role, name=name, how_to_reach=reach)


OKAFOR = _member(StaffRole.CLASS_TEACHER, "Mrs Okafor", "Office phone, Tuesday mornings")
DIALLO = _member(StaffRole.KEY_CONTACT, "Mr Diallo", "Family room, 8:30 each morning")
BEGUM = _member(StaffRole.HEAD_OF_YEAR, "Ms Begum")
SCHOOL = School(id=new_record_id(), name="Riverside Primary", staff=(DIALLO, OKAFOR, BEGUM))


def _family(*children: Child) -> Family:
    return Family(
        id=new_record_id(),
        code="K7Q-4M",
        carers=("Amina",),
        children=children,
        joined_on=date(2026, 9, 14),
    )


def _reopened(profile: UnlockedProfile) -> UnlockedProfile:
    path = profile.path
    profile.lock()
    return LockedProfile(path).unlock(PASSPHRASE)


def test_a_school_with_staff_comes_back_whole_from_a_real_profile(
    profile: UnlockedProfile,
) -> None:
    family = _family(
        Child(first_name="Yusuf", school_id=SCHOOL.id, class_teacher=OKAFOR.id),
        Child(first_name="Mariam", school_id=SCHOOL.id, key_contact=BEGUM.id),
    )
    request = FollowUp(
        id=new_record_id(),
        family=family.id,
        owner=ActionOwner.SCHOOL,
        what="Ask about reading help",
        due_on=date(2026, 12, 1),
        school=SCHOOL.id,
        school_role=StaffRole.SPECIAL_NEEDS_COORDINATOR,
    )
    profile.save(SCHOOL, family, request)
    opened = _reopened(profile)
    try:
        assert opened.get(SCHOOL.id) == SCHOOL
        assert opened.get(family.id) == family
        assert opened.get(request.id) == request
    finally:
        opened.lock()
    # Sealed like the rest of the directory: no staff name is readable in the file.
    stored = b"".join(p.read_bytes() for p in profile.path.parent.rglob("*") if p.is_file())
    for words in ("Mrs Okafor", "Mr Diallo", "Tuesday mornings", "special_needs_coordinator"):
        assert words.encode() not in stored


def _as_an_older_version_wrote(record: Record) -> list[Any]:
    """A record's row as the app wrote it before staff and roles existed."""
    row = _today_s_row(record)
    if isinstance(record, School):
        return row[:3]  # id, name, hub_address
    if isinstance(record, FollowUp):
        return row[:12]  # up to raised_on
    if isinstance(record, Family):
        for child in row[3]:
            del child["class_teacher"], child["key_contact"]
    return row


_today_s_row = unlocked.record_to_row


def test_records_saved_before_staff_existed_still_open(
    profile: UnlockedProfile, monkeypatch: pytest.MonkeyPatch
) -> None:
    old_school = School(
        id=new_record_id(), name="Hillview Academy", hub_address="https://h.example"
    )
    family = _family(Child(first_name="Yusuf", school_id=old_school.id, year_group=3))
    request = FollowUp(
        id=new_record_id(),
        family=family.id,
        owner=ActionOwner.SCHOOL,
        what="Ask about reading help",
        due_on=date(2026, 12, 1),
        school=old_school.id,
        raised_on=date(2026, 11, 20),
    )
    written: list[int] = []

    def older_row(record: Record) -> list[Any]:
        row = _as_an_older_version_wrote(record)
        written.append(len(row))
        return row

    with monkeypatch.context() as older:
        older.setattr(unlocked, "record_to_row", older_row)
        profile.save(old_school, family, request)
    assert written == [3, 15, 12]  # the rows really were the older, shorter ones
    opened = _reopened(profile)
    try:
        school = opened.get(old_school.id)
        assert isinstance(school, School)
        assert school == old_school and school.staff == ()
        assert school.hub_address == "https://h.example"
        child = opened.all(Family)[0].children[0]
        assert (child.first_name, child.class_teacher, child.key_contact) == ("Yusuf", None, None)
        again = opened.get(request.id)
        assert isinstance(again, FollowUp) and again.school_role is None
        assert again == request
        # And it can be given staff and saved in today's form.
        opened.save(School(id=school.id, name=school.name, staff=(OKAFOR,)))
        assert opened.get(school.id).staff == (OKAFOR,)  # type: ignore[union-attr]
    finally:
        opened.lock()


def test_staff_are_checked_like_any_record() -> None:
    with pytest.raises(InvalidRecord) as caught:
        StaffMember(id=new_record_id(), role=StaffRole.ATTENDANCE, name="  ")
    assert caught.value.field == "staff_name"
    with pytest.raises(InvalidRecord) as caught:
        StaffMember(id=new_record_id(), role="caretaker", name="Mr Ahmed")  # type: ignore[arg-type]
    assert caught.value.field == "staff_role"
    with pytest.raises(InvalidRecord) as caught:
        School(id=new_record_id(), name="Riverside", staff=(OKAFOR, OKAFOR))
    assert caught.value.field == "staff"
    with pytest.raises(InvalidRecord) as caught:
        FollowUp(
            id=new_record_id(),
            owner=ActionOwner.SCHOOL,
            what="Ask",
            due_on=date(2026, 12, 1),
            school_role="caretaker",  # type: ignore[arg-type]
        )
    assert caught.value.field == "school_role"


def test_whom_to_ask_for_each_child() -> None:
    other_contact = _member(StaffRole.KEY_CONTACT, "Mrs Patel")
    two_contacts = School(id=new_record_id(), name="Hillview", staff=(DIALLO, other_contact))
    gone = new_record_id()  # someone chosen once, since taken off the school's list
    family = _family(
        Child(first_name="Yusuf", school_id=SCHOOL.id, class_teacher=OKAFOR.id),
        Child(first_name="Mariam", school_id=SCHOOL.id, key_contact=BEGUM.id),
        Child(first_name="Idris", school_id=two_contacts.id, class_teacher=gone),
        Child(first_name="Ali", school_id=new_record_id()),  # a school not in the list
        Child(first_name="Sara"),
    )
    found = children_at_school(family, [SCHOOL, two_contacts])
    assert [
        (
            at.child.first_name,
            at.school.name,
            at.class_teacher.name if at.class_teacher else None,
            at.key_contact.name if at.key_contact else None,
        )
        for at in found
    ] == [
        ("Yusuf", "Riverside Primary", "Mrs Okafor", "Mr Diallo"),  # the school's only one
        ("Mariam", "Riverside Primary", None, "Ms Begum"),  # the one chosen for her
        ("Idris", "Hillview", None, None),  # two key contacts: none is guessed
    ]
    assert [s.name for s in schools_of(family, [two_contacts, SCHOOL])] == [
        "Riverside Primary",
        "Hillview",
    ]
    assert staff_by_role(SCHOOL) == [
        (StaffRole.CLASS_TEACHER, (OKAFOR,)),
        (StaffRole.HEAD_OF_YEAR, (BEGUM,)),
        (StaffRole.KEY_CONTACT, (DIALLO,)),
    ]
