"""Consent, follow-ups, referrals, progress, the mentor's log and the directories."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any

import pytest

from parentrus_desktop.domain import (
    Agency,
    Celebration,
    CheckIn,
    Consent,
    FollowUp,
    InvalidRecord,
    MentorLogEntry,
    Record,
    Referral,
    School,
    Venue,
    new_record_id,
)
from parentrus_desktop.domain.codec import RECORD_TYPES
from parentrus_desktop.domain.vocabulary import (
    ActionOwner,
    CheckInQuestion,
    ConsentScope,
    FollowUpStatus,
    ReferralStatus,
)

Build = Callable[..., Record]


@pytest.mark.parametrize("kind", sorted(RECORD_TYPES))
def test_every_kind_builds_from_valid_data(build: Build, kind: str) -> None:
    record = build(kind)
    assert type(record) is RECORD_TYPES[kind]
    assert record.kind == kind
    assert len(record.id) == 32


@pytest.mark.parametrize("kind", sorted(RECORD_TYPES))
def test_every_kind_refuses_a_bad_id(build: Build, kind: str) -> None:
    with pytest.raises(InvalidRecord) as caught:
        build(kind, id="family-1")
    assert caught.value.field == "id"


@pytest.mark.parametrize("kind", ["consent", "referral", "celebration", "check_in"])
@pytest.mark.parametrize("bad", [None, "", "family-1", "0123456789ABCDEF0123456789ABCDEF"])
def test_records_about_a_family_need_a_real_family_id(
    build: Build, kind: str, bad: object, family_id: str
) -> None:
    record = build(kind)
    assert record.family_id == family_id
    assert record.families_mentioned() == (family_id,)
    with pytest.raises(InvalidRecord) as caught:
        build(kind, family=bad)
    assert caught.value.field == "family"


@pytest.mark.parametrize("kind", ["mentor_log", "venue", "agency", "school"])
def test_shared_records_belong_to_no_family(build: Build, kind: str) -> None:
    record = build(kind)
    assert record.family_id is None
    assert record.families_mentioned() == ()


# --- Consent ---------------------------------------------------------------------------------


def test_consent_is_in_force_between_given_and_withdrawn(build: Build) -> None:
    consent = build("consent", withdrawn_on=date(2024, 4, 1))
    assert isinstance(consent, Consent)
    assert not consent.in_force(date(2024, 3, 13))
    assert consent.in_force(date(2024, 3, 14))
    assert consent.in_force(date(2024, 3, 31))
    assert not consent.in_force(date(2024, 4, 1))
    refused = build("consent", agreed=False)
    assert isinstance(refused, Consent)
    assert not refused.in_force(date(2024, 3, 20))


def test_a_referral_consent_names_the_referral(build: Build) -> None:
    referral = new_record_id()
    consent = build("consent", scope="referral", referral=referral, language="pa-Arab")
    assert isinstance(consent, Consent)
    assert consent.scope is ConsentScope.REFERRAL
    assert consent.referral == referral
    with pytest.raises(InvalidRecord) as caught:
        build("consent", scope=ConsentScope.REFERRAL)
    assert caught.value.field == "referral"


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"scope": "everything"}, "scope"),
        ({"agreed": "yes"}, "agreed"),
        ({"wording_version": " "}, "wording_version"),
        ({"wording_version": "v" * 41}, "wording_version"),
        ({"language": "english"}, "language"),
        ({"language": "en_GB"}, "language"),
        ({"language": ""}, "language"),
        ({"given_on": None}, "given_on"),
        ({"method": "telepathy"}, "method"),
        ({"school_contact_limits": "x" * 2001}, "school_contact_limits"),
        ({"referral": "abc"}, "referral"),
        ({"withdrawn_on": date(2024, 3, 13)}, "withdrawn_on"),
    ],
)
def test_an_invalid_consent_names_the_field(
    build: Build, overrides: dict[str, Any], field: str
) -> None:
    with pytest.raises(InvalidRecord) as caught:
        build("consent", **overrides)
    assert caught.value.field == field


# --- FollowUp --------------------------------------------------------------------------------


def test_a_school_request_can_be_answered(build: Build) -> None:
    request = build(
        "follow_up",
        owner="school",
        school=new_record_id(),
        school_answer=" Booked a meeting ",
        answered_on=date(2024, 3, 20),
        status="done",
        done_on=date(2024, 3, 20),
    )
    assert isinstance(request, FollowUp)
    assert request.is_school_request
    assert request.school_has_answered
    assert request.school_answer == "Booked a meeting"
    assert request.status is FollowUpStatus.DONE
    assert "Booked a meeting" in request.searchable_text()


@pytest.mark.parametrize("owner", [o for o in ActionOwner if o is not ActionOwner.SCHOOL])
def test_only_a_school_request_gets_an_answer(build: Build, owner: ActionOwner) -> None:
    with pytest.raises(InvalidRecord) as caught:
        build("follow_up", owner=owner, answered_on=date(2024, 3, 20))
    assert caught.value.field == "answered_on"


def test_a_follow_up_is_overdue_only_while_open(build: Build) -> None:
    follow_up = build("follow_up")
    assert isinstance(follow_up, FollowUp)
    assert not follow_up.is_overdue(date(2024, 3, 14))
    assert follow_up.is_overdue(date(2024, 3, 15))
    cancelled = build("follow_up", status="cancelled")
    assert isinstance(cancelled, FollowUp)
    assert not cancelled.is_overdue(date(2024, 3, 15))


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"family": "abc"}, "family"),
        ({"session": "abc"}, "session"),
        ({"owner": "nobody"}, "owner"),
        ({"what": ""}, "what"),
        ({"what": "x" * 2001}, "what"),
        ({"due_on": "2024-03-14"}, "due_on"),
        ({"status": "forgotten"}, "status"),
        ({"school": "Oakfield"}, "school"),
        ({"school_answer": "x" * 2001}, "school_answer"),
        ({"status": "done"}, "done_on"),
        ({"raised_on": date(1990, 1, 1)}, "raised_on"),
    ],
)
def test_an_invalid_follow_up_names_the_field(
    build: Build, overrides: dict[str, Any], field: str
) -> None:
    with pytest.raises(InvalidRecord) as caught:
        build("follow_up", **overrides)
    assert caught.value.field == field


# --- Referral --------------------------------------------------------------------------------


@pytest.mark.parametrize("status", [s for s in ReferralStatus if s is not ReferralStatus.SUGGESTED])
def test_a_referral_beyond_signposting_needs_consent(build: Build, status: ReferralStatus) -> None:
    with pytest.raises(InvalidRecord) as caught:
        build("referral", status=status, consent_given=False)
    assert caught.value.field == "consent_given"
    referral = build("referral", status=status, consent_given=True)
    assert isinstance(referral, Referral)
    assert referral.status is status


def test_signposting_needs_no_consent(build: Build) -> None:
    referral = build("referral", agency=new_record_id(), notes=" Gave the leaflet ")
    assert isinstance(referral, Referral)
    assert referral.status is ReferralStatus.SUGGESTED
    assert not referral.consent_given
    assert referral.searchable_text() == "Gave the leaflet"


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"category": "astrology"}, "category"),
        ({"agency": "Citizens Advice"}, "agency"),
        ({"made_on": None}, "made_on"),
        ({"consent_given": None}, "consent_given"),
        ({"status": "lost"}, "status"),
        ({"notes": 3}, "notes"),
    ],
)
def test_an_invalid_referral_names_the_field(
    build: Build, overrides: dict[str, Any], field: str
) -> None:
    with pytest.raises(InvalidRecord) as caught:
        build("referral", **overrides)
    assert caught.value.field == field


# --- Celebration and CheckIn ------------------------------------------------------------------


def test_a_celebration_keeps_its_notes(build: Build) -> None:
    celebration = build("celebration", category="trained_as_mentor", notes=" Passed! ")
    assert isinstance(celebration, Celebration)
    assert celebration.notes == "Passed!"
    with pytest.raises(InvalidRecord) as caught:
        build("celebration", category="birthday")
    assert caught.value.field == "category"
    with pytest.raises(InvalidRecord) as caught:
        build("celebration", on=None)
    assert caught.value.field == "on"


def test_check_in_answers_are_ordered_by_question(build: Build) -> None:
    check_in = build(
        "check_in",
        answers={
            "takes_part_in_school_life": 5,
            CheckInQuestion.FEELS_WELCOME: 1,
            "understands_progress": 3,
        },
    )
    assert isinstance(check_in, CheckIn)
    assert list(check_in.answers.items()) == [
        (CheckInQuestion.FEELS_WELCOME, 1),
        (CheckInQuestion.UNDERSTANDS_PROGRESS, 3),
        (CheckInQuestion.TAKES_PART_IN_SCHOOL_LIFE, 5),
    ]
    assert all(type(q) is CheckInQuestion for q in check_in.answers)
    assert hash(check_in) == hash(check_in.id)


@pytest.mark.parametrize("rating", [0, 6, -1, True, 2.5, "3"])
def test_a_check_in_rating_runs_from_one_to_five(build: Build, rating: object) -> None:
    with pytest.raises(InvalidRecord) as caught:
        build("check_in", answers={CheckInQuestion.FEELS_WELCOME: rating})
    assert caught.value.field == "answers"


@pytest.mark.parametrize("answers", [{}, None, [("feels_welcome", 3)], {"happiness": 3}])
def test_a_check_in_needs_known_answers(build: Build, answers: object) -> None:
    with pytest.raises(InvalidRecord) as caught:
        build("check_in", answers=answers)
    assert caught.value.field == "answers"


# --- MentorLogEntry ---------------------------------------------------------------------------


def test_a_mentor_log_entry_may_last_a_whole_day(build: Build) -> None:
    entry = build("mentor_log", minutes=24 * 60, entry_kind="training")
    assert isinstance(entry, MentorLogEntry)
    assert entry.minutes == 24 * 60
    short = build("mentor_log", minutes=0)
    assert isinstance(short, MentorLogEntry)
    assert short.minutes == 0


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"entry_kind": "holiday"}, "entry_kind"),
        ({"on": "today"}, "on"),
        ({"minutes": -1}, "minutes"),
        ({"minutes": 24 * 60 + 1}, "minutes"),
        ({"notes": ["a", "list"]}, "notes"),
    ],
)
def test_an_invalid_mentor_log_entry_names_the_field(
    build: Build, overrides: dict[str, Any], field: str
) -> None:
    with pytest.raises(InvalidRecord) as caught:
        build("mentor_log", **overrides)
    assert caught.value.field == field


# --- Directories ------------------------------------------------------------------------------


def test_directory_entries_are_searchable_by_name(build: Build) -> None:
    venue = build("venue", name="  Bibliothèque  ")
    agency = build("agency", name="مركز المجتمع", how_to_reach="0161 496 0000")
    school = build("school", name="Oakfield Primary", hub_address="hub.local:8443")
    assert isinstance(venue, Venue)
    assert isinstance(agency, Agency)
    assert isinstance(school, School)
    assert venue.name == "Bibliothèque"
    assert venue.searchable_text() == "Bibliothèque"
    assert agency.searchable_text() == "مركز المجتمع"
    assert school.hub_address == "hub.local:8443"


@pytest.mark.parametrize(
    ("kind", "overrides", "field"),
    [
        ("venue", {"name": ""}, "name"),
        ("venue", {"name": "x" * 201}, "name"),
        ("venue", {"category": "street"}, "category"),
        ("agency", {"name": None}, "name"),
        ("agency", {"category": "other_thing"}, "category"),
        ("agency", {"how_to_reach": "x" * 1001}, "how_to_reach"),
        ("school", {"name": "   "}, "name"),
        ("school", {"hub_address": "x" * 501}, "hub_address"),
        ("school", {"name": "Oak\x00field"}, "name"),
    ],
)
def test_an_invalid_directory_entry_names_the_field(
    build: Build, kind: str, overrides: dict[str, Any], field: str
) -> None:
    with pytest.raises(InvalidRecord) as caught:
        build(kind, **overrides)
    assert caught.value.field == field
