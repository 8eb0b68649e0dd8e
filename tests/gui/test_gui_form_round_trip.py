"""Every form gives back exactly the record it opened when nothing was changed: every
field, shown on the form or not. Records of every kind that has a form are generated
valid, saved in a real profile, opened, and built again without a touch."""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import pytest
import shiboken6
from helpers import record_strategies as rs
from helpers.values import PASSPHRASE, TODAY
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st
from PySide6.QtWidgets import QApplication

from parentrus_desktop.domain import (
    Agency,
    Child,
    Consent,
    Contact,
    EngagementPlan,
    Family,
    FollowUp,
    Record,
    Referral,
    School,
    Session,
    StaffMember,
    Venue,
    new_record_id,
)
from parentrus_desktop.domain.vocabulary import (
    ActionOwner,
    AgencyCategory,
    ConsentMethod,
    ConsentScope,
    FamilyStatus,
    FollowUpStatus,
    SessionKind,
    StaffRole,
    VenueCategory,
)
from parentrus_desktop.gui.action_forms import AgencyForm, FollowUpForm, ReferralForm, VenueForm
from parentrus_desktop.gui.family_form import FamilyForm
from parentrus_desktop.gui.progress_forms import (
    CelebrationForm,
    CheckInForm,
    ConsentForm,
    MentorLogForm,
)
from parentrus_desktop.gui.record_dialog import RecordDialog
from parentrus_desktop.gui.records import OpenRecords
from parentrus_desktop.gui.school_form import SchoolForm
from parentrus_desktop.gui.talk_through import TalkThroughForm
from parentrus_desktop.store.profiles import create_profile
from parentrus_desktop.vault.kdf import KdfParameters

# The forms are quick to build, but each example also seals and stores a record.
ROUND_TRIP = settings(
    max_examples=25,
    deadline=None,
    # One profile serves every example (made once per module); the per-test fixtures
    # this folder uses everywhere (garbage collected on the main thread) hold no state.
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)


@dataclass
class Shared:
    """An open profile with records the generated ones may refer to."""

    records: OpenRecords
    family_ids: list[str]
    school_ids: list[str]
    staff_ids: list[str]
    venue_ids: list[str]
    agency_ids: list[str]
    referral_ids: list[str]
    session_ids: list[str]


@pytest.fixture(scope="module")
def shared(qapp: QApplication, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Shared]:
    data_dir: Path = tmp_path_factory.mktemp("round-trip") / "data"
    profile, _key = create_profile(
        data_dir, "Hodan", PASSPHRASE, kdf=KdfParameters(salt=os.urandom(16))
    )
    staff = [
        StaffMember(id=new_record_id(), role=role, name=name, how_to_reach=reach)
        for role, name, reach in (
            (StaffRole.CLASS_TEACHER, "Mrs Okafor", "Office phone, Tuesday mornings"),
            (StaffRole.CLASS_TEACHER, "Mr Hughes", ""),
            (StaffRole.KEY_CONTACT, "Mr Diallo", "Family room"),
            (StaffRole.ATTENDANCE, "Mr Ahmed", "Attendance line"),
        )
    ]
    schools = [
        School(id=new_record_id(), name="Riverside Primary", staff=tuple(staff[:3])),
        School(id=new_record_id(), name="Hillview", staff=(staff[3],)),
    ]
    venues = [Venue(id=new_record_id(), name="Eastfield Library", category=VenueCategory.LIBRARY)]
    agencies = [
        Agency(id=new_record_id(), name="ESOL at the college", category=AgencyCategory.OTHER)
    ]
    families = [
        Family(id=new_record_id(), code=code, carers=(carer,), joined_on=date(2025, 9, 1))
        for code, carer in (("AAA-BB", "Amina"), ("CCC-DD", "Saima"), ("EEE-FF", "Nasrin"))
    ]
    referral = Referral(
        id=new_record_id(),
        family=families[0].id,
        category=AgencyCategory.HEALTH,
        made_on=date(2025, 10, 1),
        consent_given=True,
    )
    session = Session(
        id=new_record_id(),
        session_kind=SessionKind.ONE_TO_ONE,
        venue_category=VenueCategory.LIBRARY,
        on=date(2025, 10, 2),
        families=(families[0].id,),
    )
    profile.save(*schools, *venues, *agencies, *families, referral, session)
    records = OpenRecords(profile, privacy=False)
    yield Shared(
        records=records,
        family_ids=[f.id for f in families],
        school_ids=[s.id for s in schools],
        staff_ids=[m.id for m in staff],
        venue_ids=[v.id for v in venues],
        agency_ids=[a.id for a in agencies],
        referral_ids=[referral.id],
        session_ids=[session.id],
    )
    profile.lock()


OpenForm = Callable[[OpenRecords, Record], RecordDialog]


def assert_round_trips(shared: Shared, record: Record, open_form: OpenForm) -> None:
    """Save the record, open it in its form as the app would, build without a change."""
    profile = shared.records.profile
    profile.save(record)
    stored = profile.get(record.id)
    assert stored == record
    form = open_form(shared.records, stored)
    try:
        built = form.build()
    finally:
        shiboken6.delete(form)
    assert built == [record]


@ROUND_TRIP
@given(data=st.data())
@example(data=None)  # a family with everything the form hides set, and a comma in a name
def test_the_family_form_gives_back_the_family(shared: Shared, data: st.DataObject | None) -> None:
    if data is None:
        family = Family(
            id=new_record_id(),
            code="K7Q-4M",
            carers=("Amina", "Hassan, Jr."),
            children=(
                Child(
                    first_name="Ayaan",
                    school_id=shared.school_ids[0],
                    year_group=3,
                    class_teacher=shared.staff_ids[0],
                    key_contact=shared.staff_ids[3],  # at another school: kept as it was
                ),
                Child(
                    first_name="Idil",
                    school_id=new_record_id(),  # school not listed
                    class_teacher=new_record_id(),  # nor this teacher
                ),
                Child(first_name="Omar", year_group=0),
            ),
            languages=("so", "en"),
            contact=Contact(phone="+44 7700 900123", best_times="after 3"),
            barrier_other="the bus stopped running",
            status=FamilyStatus.PAUSED,
            joined_on=date(2024, 1, 9),
            closed_on=date(2025, 7, 1),  # closed once, then taken on again
            plan=EngagementPlan(goals="Read together", review_on=date(2025, 1, 1)),
        )
    else:
        family = data.draw(rs.families(shared.school_ids, shared.staff_ids))
    assert_round_trips(shared, family, lambda r, f: FamilyForm(r, f, TODAY))  # type: ignore[arg-type]


@ROUND_TRIP
@given(data=st.data())
@example(data=None)  # a mentor's own task that still names a school, done then reopened
def test_the_follow_up_form_gives_back_the_follow_up(
    shared: Shared, data: st.DataObject | None
) -> None:
    if data is None:
        follow_up = FollowUp(
            id=new_record_id(),
            family=shared.family_ids[0],
            session=shared.session_ids[0],
            owner=ActionOwner.MENTOR,
            what="Ask about the homework club",
            due_on=date(2025, 11, 1),
            status=FollowUpStatus.OPEN,
            school=shared.school_ids[1],
            school_answer="They run it on Tuesdays",
            done_on=date(2025, 10, 20),
            raised_on=date(2025, 10, 2),
            school_role=StaffRole.HEAD_OF_YEAR,  # said once, before it became the mentor's
        )
    else:
        follow_up = data.draw(
            rs.follow_ups(shared.family_ids, shared.school_ids, shared.session_ids)
        )
    assert_round_trips(shared, follow_up, lambda r, f: FollowUpForm(r, f, TODAY))  # type: ignore[arg-type]


@ROUND_TRIP
@given(data=st.data())
def test_the_referral_form_gives_back_the_referral(shared: Shared, data: st.DataObject) -> None:
    referral = data.draw(rs.referrals(shared.family_ids, shared.agency_ids))
    assert_round_trips(shared, referral, lambda r, x: ReferralForm(r, x, TODAY))  # type: ignore[arg-type]


@ROUND_TRIP
@given(data=st.data())
def test_the_celebration_form_gives_back_the_celebration(
    shared: Shared, data: st.DataObject
) -> None:
    celebration = data.draw(rs.celebrations(shared.family_ids))
    assert_round_trips(shared, celebration, lambda r, c: CelebrationForm(r, c, TODAY))  # type: ignore[arg-type]


@ROUND_TRIP
@given(data=st.data())
def test_the_check_in_form_gives_back_the_check_in(shared: Shared, data: st.DataObject) -> None:
    check_in = data.draw(rs.check_ins(shared.family_ids))
    assert_round_trips(shared, check_in, lambda r, c: CheckInForm(r, c, TODAY))  # type: ignore[arg-type]


@ROUND_TRIP
@given(data=st.data())
@example(data=None)  # withdrawn, for one referral, in a language the family does not speak
def test_the_consent_form_gives_back_the_consent(
    shared: Shared, data: st.DataObject | None
) -> None:
    if data is None:
        consent = Consent(
            id=new_record_id(),
            family=shared.family_ids[1],
            scope=ConsentScope.REFERRAL,
            agreed=True,
            wording_version="2024-2",
            language="ti",
            given_on=date(2025, 3, 1),
            method=ConsentMethod.WITH_INTERPRETER,
            referral=shared.referral_ids[0],
            withdrawn_on=date(2025, 6, 1),
        )
    else:
        consent = data.draw(rs.consents(shared.family_ids, shared.referral_ids))
    assert_round_trips(
        shared,
        consent,
        lambda r, c: ConsentForm(r, c.family, TODAY, consent=c),  # type: ignore[attr-defined]
    )


@ROUND_TRIP
@given(entry=rs.mentor_log_entries())
def test_the_log_form_gives_back_the_entry(shared: Shared, entry: Record) -> None:
    assert_round_trips(shared, entry, lambda r, e: MentorLogForm(r, e, TODAY))  # type: ignore[arg-type]


@ROUND_TRIP
@given(venue=rs.venues())
def test_the_place_form_gives_back_the_place(shared: Shared, venue: Record) -> None:
    assert_round_trips(shared, venue, lambda r, v: VenueForm(r, v))  # type: ignore[arg-type]


@ROUND_TRIP
@given(school=rs.schools())
@example(school=School(id=new_record_id(), name="Riverside Primary"))  # saved before staff
def test_the_school_form_gives_back_the_school(shared: Shared, school: Record) -> None:
    assert_round_trips(shared, school, lambda r, s: SchoolForm(r, s))  # type: ignore[arg-type]


@ROUND_TRIP
@given(agency=rs.agencies())
def test_the_service_form_gives_back_the_service(shared: Shared, agency: Record) -> None:
    assert_round_trips(shared, agency, lambda r, a: AgencyForm(r, a))  # type: ignore[arg-type]


@ROUND_TRIP
@given(data=st.data())
def test_the_talk_through_form_gives_back_the_flag(shared: Shared, data: st.DataObject) -> None:
    flag = data.draw(rs.talk_throughs(shared.family_ids, shared.session_ids))
    assert_round_trips(shared, flag, lambda r, f: TalkThroughForm(r, f, TODAY))  # type: ignore[arg-type]
