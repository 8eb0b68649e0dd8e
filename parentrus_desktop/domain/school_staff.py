"""Who a family can ask at each child's school: the child's class teacher, the family's
one key person there, and the school's other key staff by role. Staff, not families."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from parentrus_desktop.domain.directory import School, StaffMember
from parentrus_desktop.domain.family import Child, Family
from parentrus_desktop.domain.vocabulary import StaffRole


@dataclass(frozen=True, slots=True)
class ChildAtSchool:
    """One child, the school in the directory they go to, and whom to ask there."""

    child: Child
    school: School
    class_teacher: StaffMember | None
    key_contact: StaffMember | None


def key_contact_of(child: Child, school: School) -> StaffMember | None:
    """The child's key person: the one the mentor chose for this child, else the school's
    key contact when it lists exactly one (a family is not passed around between two)."""
    chosen = school.staff_member(child.key_contact)
    if chosen is not None:
        return chosen
    listed = school.with_role(StaffRole.KEY_CONTACT)
    return listed[0] if len(listed) == 1 else None


def children_at_school(family: Family, schools: Iterable[School]) -> list[ChildAtSchool]:
    """The family's children at a school in the directory, in the family's order. A staff
    member chosen once but since taken off the school's list is not shown."""
    by_id = {school.id: school for school in schools}
    found = []
    for child in family.children:
        school = by_id.get(child.school_id or "")
        if school is None:
            continue
        found.append(
            ChildAtSchool(
                child=child,
                school=school,
                class_teacher=school.staff_member(child.class_teacher),
                key_contact=key_contact_of(child, school),
            )
        )
    return found


def schools_of(family: Family, schools: Iterable[School]) -> list[School]:
    """The schools the family's children go to, each once, in the family's order."""
    seen: dict[str, School] = {}
    for at in children_at_school(family, schools):
        seen.setdefault(at.school.id, at.school)
    return list(seen.values())


def staff_by_role(school: School) -> list[tuple[StaffRole, tuple[StaffMember, ...]]]:
    """The school's staff grouped by role, roles in the list's order, empty roles left out."""
    return [(role, members) for role in StaffRole if (members := school.with_role(role))]
