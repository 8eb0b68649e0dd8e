"""Staff are not families, but they are not sent to the school's hub either: nothing about a
school's staff, a child's class teacher or key contact, or whom a request went to, is in a
report, a bundle of reports, or changes a single count."""

from __future__ import annotations

import json
from dataclasses import replace
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

from helpers.planted import planted_family, planted_session
from parentrus_sync.protocol import read_bundle

from parentrus_desktop.domain import Child, Family, FollowUp, School, StaffMember, new_record_id
from parentrus_desktop.domain.vocabulary import ActionOwner, StaffRole
from parentrus_desktop.operations.reports import report_for_period
from parentrus_desktop.outbox.bundle import save_bundle
from parentrus_desktop.outbox.connection import connect_with_invitation
from parentrus_desktop.outbox.outbox import fill_outbox, send_due
from parentrus_desktop.store.unlocked import UnlockedProfile

CONNECTED = datetime(2026, 10, 5, 10, 0, tzinfo=UTC)
TODAY = date(2026, 12, 10)  # October and November are ready
NOW = datetime(2026, 12, 10, 9, 0, tzinfo=UTC)

#: Unusual enough that finding one in a report can only mean it was sent.
STAFF = {
    StaffRole.KEY_CONTACT: ("Mr Xanthoulis", "Family room Qwertyhall"),
    StaffRole.CLASS_TEACHER: ("Mrs Okafordiamond", "Zephyr line 0161 496 0777"),
    StaffRole.SPECIAL_NEEDS_COORDINATOR: ("Ms Quorvalle", "Ask for Quorvalle"),
}
#: Role identifiers that mean nothing else in a report ("attendance" is a topic too).
ROLE_WORDS = ("key_contact", "class_teacher", "special_needs_coordinator", "school_role", "staff")


def _with_staff_and_choices(profile: UnlockedProfile, school_id: str) -> None:
    """Give the connected school its staff, the family's child a class teacher and key
    contact there, and a request to the school that says whom it went to."""
    school = profile.get(school_id)
    assert isinstance(school, School)
    members = tuple(
        StaffMember(id=new_record_id(), role=role, name=name, how_to_reach=reach)
        for role, (name, reach) in STAFF.items()
    )
    profile.save(replace(school, staff=members))
    (family,) = profile.all(Family)
    child = replace(family.children[0], class_teacher=members[1].id, key_contact=members[0].id)
    (request,) = profile.all(FollowUp)
    profile.save(
        replace(family, children=(child,)),
        replace(request, school_role=StaffRole.SPECIAL_NEEDS_COORDINATOR),
    )


def _leaks(text: str) -> list[str]:
    needles = [w for pair in STAFF.values() for w in pair] + list(ROLE_WORDS)
    return [needle for needle in needles if needle.casefold() in text.casefold()]


def test_nothing_about_staff_goes_to_the_school(
    profile: UnlockedProfile, hub: Any, tmp_path: Path
) -> None:
    school_id = connect_with_invitation(profile, hub.invitation(), now=CONNECTED).school_id
    family = planted_family()
    family = replace(
        family, children=(Child(first_name="Quillanbert", school_id=school_id, year_group=4),)
    )
    request = FollowUp(
        id=new_record_id(),
        family=family.id,
        owner=ActionOwner.SCHOOL,
        what="Ask about reading help",
        due_on=date(2026, 11, 20),
        school=school_id,
        raised_on=date(2026, 11, 3),
    )
    profile.save(family, planted_session(family), request)
    school_name = profile.get(school_id).name  # type: ignore[union-attr]
    before = report_for_period(profile, school_name, "2026-11").result.report

    _with_staff_and_choices(profile, school_id)

    # The same counts, to the last cell: staff and roles are not counted.
    after = report_for_period(profile, school_name, "2026-11").result.report
    assert after["totals"] == before["totals"]
    assert after["totals"]  # the family is counted: the comparison is not of nothing
    assert _leaks(json.dumps(after, ensure_ascii=False)) == []
    # What is sealed for sending, written to a file for the school, and sent.
    assert len(fill_outbox(profile, TODAY)) == 2
    bundle = tmp_path / "reports.parentrus"
    assert save_bundle(profile, bundle) == 2
    assert _leaks(bundle.read_bytes().decode("utf-8", "replace")) == []
    assert len(read_bundle(bundle.read_bytes())) == 2
    send_due(profile, NOW)
    assert len(hub.held) == 2
    assert _leaks(json.dumps(hub.held, ensure_ascii=False)) == []
