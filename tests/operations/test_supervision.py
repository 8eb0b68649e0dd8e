"""The month's supervision summary: exact numbers on a known profile, families by code
only, and the mentor's words only for the flags the mentor ticked."""

from __future__ import annotations

from dataclasses import asdict
from datetime import date
from pathlib import Path

import pytest
from helpers.planted import PLANTED_FAMILY, PLANTED_STRINGS, planted_family, planted_session

from parentrus_desktop import cli
from parentrus_desktop.domain import (
    Family,
    FollowUp,
    MentorLogEntry,
    Referral,
    Session,
    TalkThrough,
    new_record_id,
)
from parentrus_desktop.domain.vocabulary import (
    ActionOwner,
    AgencyCategory,
    FamilyStatus,
    FollowUpStatus,
    MentorLogKind,
    NonAttendanceReason,
    SessionKind,
    SessionStatus,
    VenueCategory,
)
from parentrus_desktop.operations.supervision import (
    mark_talked_through,
    month_of,
    months_to_choose,
    still_to_talk_through,
    supervision_summary,
)
from parentrus_desktop.privacy.periods import period_named
from parentrus_desktop.store.unlocked import UnlockedProfile

NOVEMBER = period_named("2026-11")
FLAG_WORDS = "pomegranate staircase whisper"  # planted: only ever shown when ticked
OLD_FLAG_WORDS = "walnut harbour murmur"


def _session(
    family: Family, on: date, kind: SessionKind = SessionKind.ONE_TO_ONE, **more: object
) -> Session:
    return Session(
        id=new_record_id(),
        session_kind=kind,
        venue_category=VenueCategory.CAFE,
        on=on,
        families=(family.id,),
        **more,  # type: ignore[arg-type]
    )


def _known_profile(profile: UnlockedProfile) -> dict[str, object]:
    """A caseload whose November 2026 numbers are worked out by hand in the test."""
    planted = planted_family("PKT-43")  # joined 14 Sep 2026, active
    new = Family(id=new_record_id(), code="NEW-33", carers=("Amina",), joined_on=date(2026, 11, 3))
    paused = Family(
        id=new_record_id(),
        code="PAU-33",
        carers=("Saima",),
        joined_on=date(2026, 1, 5),
        status=FamilyStatus.PAUSED,
    )
    closed_now = Family(
        id=new_record_id(),
        code="CMC-33",
        carers=("Nasrin",),
        joined_on=date(2026, 2, 1),
        status=FamilyStatus.CLOSED,
        closed_on=date(2026, 11, 20),
    )
    closed_later = Family(  # closed in December: still on November's caseload, as active
        id=new_record_id(),
        code="HAT-44",
        carers=("Olena",),
        joined_on=date(2026, 3, 1),
        status=FamilyStatus.CLOSED,
        closed_on=date(2026, 12, 5),
    )
    joined_later = Family(
        id=new_record_id(), code="DEC-66", carers=("Piotr",), joined_on=date(2026, 12, 1)
    )
    families = [planted, new, paused, closed_now, closed_later, joined_later]
    held = planted_session(planted)  # 2 Nov, one to one, 60 minutes, a planted note
    sessions = [
        held,
        _session(new, date(2026, 11, 10), SessionKind.HOME_VISIT, minutes=90),
        _session(paused, date(2026, 11, 30), SessionKind.HOME_VISIT, minutes=30),
        _session(planted, date(2026, 10, 31), minutes=45),  # October: not counted
        _session(
            new,
            date(2026, 11, 12),
            status=SessionStatus.DID_NOT_ATTEND,
            non_attendance_reason=NonAttendanceReason.CHILDCARE,
        ),
        _session(planted, date(2026, 11, 25), status=SessionStatus.PLANNED),
    ]
    follow_ups = [
        # open and due in November: late at the end of the month
        FollowUp(
            id=new_record_id(),
            family=planted.id,
            owner=ActionOwner.MENTOR,
            what=PLANTED_FAMILY["note"],
            due_on=date(2026, 11, 15),
        ),
        # done, but only in December: it was late when November ended
        FollowUp(
            id=new_record_id(),
            family=new.id,
            owner=ActionOwner.SCHOOL,
            what="Ask about the homework club",
            due_on=date(2026, 11, 28),
            status=FollowUpStatus.DONE,
            done_on=date(2026, 12, 2),
        ),
        # done in time, due in December, cancelled: none late
        FollowUp(
            id=new_record_id(),
            family=new.id,
            owner=ActionOwner.PARENT,
            what="x",
            due_on=date(2026, 11, 5),
            status=FollowUpStatus.DONE,
            done_on=date(2026, 11, 6),
        ),
        FollowUp(
            id=new_record_id(),
            family=new.id,
            owner=ActionOwner.PARENT,
            what="x",
            due_on=date(2026, 12, 5),
        ),
        FollowUp(
            id=new_record_id(),
            family=new.id,
            owner=ActionOwner.PARENT,
            what="x",
            due_on=date(2026, 11, 5),
            status=FollowUpStatus.CANCELLED,
        ),
    ]
    referrals = [
        Referral(
            id=new_record_id(),
            family=planted.id,
            category=AgencyCategory.HOUSING,
            made_on=date(2026, 11, 8),
            consent_given=True,
            notes=PLANTED_FAMILY["note"],
        ),
        Referral(
            id=new_record_id(),
            family=new.id,
            category=AgencyCategory.HOUSING,
            made_on=date(2026, 11, 9),
            consent_given=True,
        ),
        Referral(
            id=new_record_id(),
            family=new.id,
            category=AgencyCategory.HEALTH,
            made_on=date(2026, 10, 9),
            consent_given=True,
        ),
    ]
    flag = TalkThrough(
        id=new_record_id(),
        family=planted.id,
        session=held.id,
        words=FLAG_WORDS + " " + PLANTED_FAMILY["carer"],
        raised_on=date(2026, 11, 2),
    )
    old_flag = TalkThrough(  # from October, talked through in November: still on it
        id=new_record_id(),
        family=paused.id,
        words=OLD_FLAG_WORDS,
        raised_on=date(2026, 10, 20),
        talked_on=date(2026, 11, 4),
    )
    done_before = TalkThrough(  # talked through in October: not November's business
        id=new_record_id(),
        family=paused.id,
        words="done already",
        raised_on=date(2026, 10, 1),
        talked_on=date(2026, 10, 30),
    )
    supervision = MentorLogEntry(
        id=new_record_id(), entry_kind=MentorLogKind.SUPERVISION, on=date(2026, 11, 4), minutes=50
    )
    profile.save(
        *families, *sessions, *follow_ups, *referrals, flag, old_flag, done_before, supervision
    )
    return {"flag": flag, "old_flag": old_flag, "done_before": done_before}


def test_the_numbers_of_a_known_month(profile: UnlockedProfile) -> None:
    _known_profile(profile)
    summary = supervision_summary(profile, NOVEMBER)
    caseload = summary.caseload
    assert (caseload.active, caseload.paused, caseload.closed) == (3, 1, 1)
    assert (caseload.new, caseload.closed_this_month) == (1, 1)
    assert summary.sessions_by_kind == {SessionKind.ONE_TO_ONE: 1, SessionKind.HOME_VISIT: 2}
    assert summary.sessions_held == 3
    assert summary.minutes_held == 60 + 90 + 30
    assert summary.did_not_attend == 1
    assert [(f.family_code, f.due_on) for f in summary.late_follow_ups] == [
        ("PKT-43", date(2026, 11, 15)),
        ("NEW-33", date(2026, 11, 28)),
    ]
    assert summary.referrals_by_category == {AgencyCategory.HOUSING: 2}
    assert summary.referrals_made == 2
    assert [(f.family_code, f.from_session) for f in summary.flagged] == [
        ("PAU-33", False),
        ("PKT-43", True),
    ]
    assert summary.supervision_minutes == 50
    # While November still runs, only what was late by yesterday is late.
    on_the_20th = supervision_summary(profile, NOVEMBER, today=date(2026, 11, 20))
    assert [f.family_code for f in on_the_20th.late_follow_ups] == ["PKT-43"]


def test_no_name_or_note_in_the_summary_unless_ticked(profile: UnlockedProfile) -> None:
    made = _known_profile(profile)
    unticked = repr(asdict(supervision_summary(profile, NOVEMBER)))
    for planted in (*PLANTED_STRINGS, FLAG_WORDS, OLD_FLAG_WORDS, "Amina", "homework club"):
        assert planted not in unticked
    flag = made["flag"]
    assert isinstance(flag, TalkThrough)
    ticked = supervision_summary(profile, NOVEMBER, words_for={flag.id})
    shown = {f.id: f.words for f in ticked.flagged}
    assert shown[flag.id] == flag.words  # the mentor's own words, as typed (a name too)
    assert FLAG_WORDS in repr(asdict(ticked))
    assert OLD_FLAG_WORDS not in repr(asdict(ticked))  # not ticked: still left out
    for planted in (PLANTED_FAMILY["note"], PLANTED_FAMILY["phone"], PLANTED_FAMILY["child"]):
        assert planted not in repr(asdict(ticked))


def test_marking_talked_through_takes_it_off_the_list_and_undo_puts_it_back(
    profile: UnlockedProfile,
) -> None:
    from parentrus_desktop.operations.records import restore

    made = _known_profile(profile)
    flag = made["flag"]
    assert isinstance(flag, TalkThrough)
    assert still_to_talk_through(profile) == [flag]
    done = mark_talked_through(profile, flag, date(2026, 11, 22))
    assert done.changed == {"talk_through"}
    assert still_to_talk_through(profile) == []
    stored = profile.get(flag.id)
    assert isinstance(stored, TalkThrough) and stored.talked_on == date(2026, 11, 22)
    restore(profile, done.result)
    assert still_to_talk_through(profile) == [flag]


def test_the_months_to_choose_go_back_a_year_from_this_one() -> None:
    months = months_to_choose(date(2026, 3, 31))
    assert months[0] == month_of(date(2026, 3, 1))
    assert [m.name for m in months[:4]] == ["2026-03", "2026-02", "2026-01", "2025-12"]
    assert len(months) == 12


def test_parentrus_admin_supervision_prints_codes_and_numbers_without_words(
    created: tuple[UnlockedProfile, str],
    data_dir: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    from helpers.values import PASSPHRASE

    profile = created[0]
    _known_profile(profile)
    profile.lock()
    monkeypatch.setenv(cli.PASSPHRASE_VARIABLE, PASSPHRASE)
    argv = ["--data-dir", str(data_dir), "supervision", "--month", "2026-11"]
    assert cli.main(argv) == 0
    out = capsys.readouterr().out
    assert out.startswith("Supervision summary: November 2026\n")
    for line in ("Active: 3", "Held: 3", "Hours: 3", "They could not come: 1"):
        assert f"  - {line}\n" in out
    assert "PKT-43 · due 15 Nov 2026 · Me (mentor)" in out
    assert "PKT-43 · raised 2 Nov 2026 · from a session" in out
    for planted in (*PLANTED_STRINGS, FLAG_WORDS, OLD_FLAG_WORDS, "Amina"):
        assert planted not in out
    with pytest.raises(SystemExit) as wrong_month:
        cli.main([*argv[:-1], "November"])
    assert wrong_month.value.code == cli.EXIT_USER
    assert "a month like 2026-11" in capsys.readouterr().err


def test_parentrus_admin_supervision_refuses_a_month_not_begun(
    data_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    next_month = month_of(date.today()).next()
    argv = ["--data-dir", str(data_dir), "supervision", "--month", next_month.name]
    assert cli.main(argv) == cli.EXIT_USER
    assert "has not started yet" in capsys.readouterr().err
