"""Safeguarding: the organisation's steps, sealed in the profile, read in the mentor's
language (else English, else the first set); a worry passed on is sealed, never in a
report nor in the family's own export, and is erased with the family."""

from __future__ import annotations

import json
import sqlite3
from dataclasses import replace
from datetime import date, time, timedelta
from pathlib import Path

import pytest
from helpers.planted import PLANTED_FAMILY, planted_family, planted_session
from helpers.values import PASSPHRASE

from parentrus_desktop.domain import Child, Family, School, WorryPassedOn, new_record_id
from parentrus_desktop.domain.codec import RECORD_TYPES
from parentrus_desktop.domain.safeguarding import PassedOnTo
from parentrus_desktop.domain.validation import InvalidRecord
from parentrus_desktop.i18n import set_language
from parentrus_desktop.labels import label
from parentrus_desktop.operations.family_export import (
    everything_about,
    export_as_text,
    export_family,
)
from parentrus_desktop.operations.records import erase_family
from parentrus_desktop.operations.reports import preview_next_reports, what_is_counted
from parentrus_desktop.operations.safeguarding import (
    LONGEST_STEPS,
    default_steps,
    organisation_steps,
    set_steps,
    steps_for,
)
from parentrus_desktop.privacy.report import PreparedRecords
from parentrus_desktop.store.profiles import LockedProfile
from parentrus_desktop.store.unlocked import UnlockedProfile

#: Words a mentor might add: they must never reach a report or the family's file.
WORDS = "Rang the duty desk about Quillanbert, ref 88231"
ENGLISH = "Call 999 if a child is in danger now.\nSafeguarding lead: Dana, 07700 900456."
ARABIC = "اتصل بالرقم 999 إذا كان الطفل في خطر الآن.\nمسؤولة الحماية: دانا، 07700 900456."
SOMALI = "Wac 999 haddii ilmuhu khatar ku jiro hadda."


@pytest.fixture(autouse=True)
def english() -> object:
    set_language("en")
    yield
    set_language("en")


def _worry(
    family: Family, to: PassedOnTo = PassedOnTo.PROGRAMME_LEAD, **change: object
) -> WorryPassedOn:
    worry = WorryPassedOn(
        id=new_record_id(),
        family=family.id,
        on=date(2026, 11, 4),
        at=time(16, 5),
        to=to,
        words=WORDS,
    )
    return replace(worry, **change)  # type: ignore[arg-type]


def test_the_kind_is_registered_and_needs_a_role_from_the_list(family: Family) -> None:
    assert RECORD_TYPES["worry_passed_on"] is WorryPassedOn
    with pytest.raises(InvalidRecord) as caught:
        _worry(family, to="Dana Smith")  # type: ignore[arg-type]
    assert caught.value.field == "to"
    with pytest.raises(InvalidRecord) as caught:
        _worry(family, words="x" * 501)
    assert caught.value.field == "words"
    assert _worry(family, at=time(16, 5, 59)).at == time(16, 5)  # minutes, no seconds
    assert {label(role) for role in PassedOnTo} >= {"Children's social care", "Someone else"}


def test_a_worry_is_sealed_and_comes_back_after_unlocking(
    profile: UnlockedProfile, family: Family
) -> None:
    worries = [_worry(family, role) for role in PassedOnTo]
    profile.save(*worries)
    path = profile.path
    profile.lock()
    assert WORDS.encode() not in path.read_bytes()
    reopened = LockedProfile(path).unlock(PASSPHRASE)
    try:
        assert sorted(reopened.all(WorryPassedOn), key=lambda w: w.id) == sorted(
            worries, key=lambda w: w.id
        )
        assert reopened.integrity_problems() == []
    finally:
        reopened.lock()


def test_until_set_the_default_steps_show_marked_as_the_default(profile: UnlockedProfile) -> None:
    steps = steps_for(profile)
    assert steps.is_default and steps.text == default_steps()
    assert "emergency number" in steps.text and "same day" in steps.text
    assert "Do not promise to keep it secret" in steps.text
    assert organisation_steps(profile) == {}


def test_the_steps_show_in_the_mentor_s_language_with_english_then_the_first_as_fallback(
    profile: UnlockedProfile,
) -> None:
    set_steps(profile, "so", SOMALI)
    # Only Somali set: every mentor reads it (the first set), never the default.
    assert steps_for(profile, "ar") == steps_for(profile, "en")
    assert steps_for(profile, "ar").text == SOMALI and not steps_for(profile, "ar").is_default
    set_steps(profile, "ar", ARABIC)
    set_steps(profile, "en", ENGLISH)
    assert steps_for(profile, "ar").text == ARABIC
    assert steps_for(profile, "so").text == SOMALI
    fallback = steps_for(profile, "fr")
    assert (fallback.text, fallback.language, fallback.is_default) == (ENGLISH, "en", False)
    set_language("ar")
    assert steps_for(profile).text == ARABIC  # the mentor's own language, unasked
    set_language("en")
    assert steps_for(profile).text == ENGLISH
    # Emptied, a language is no longer set: English shows instead.
    set_steps(profile, "ar", "   ")
    assert steps_for(profile, "ar").text == ENGLISH
    assert list(organisation_steps(profile)) == ["so", "en"]


def test_the_steps_are_sealed_in_the_profile_and_kept_across_unlocks(
    profile: UnlockedProfile,
) -> None:
    set_steps(profile, "en", ENGLISH)
    path = profile.path
    profile.lock()
    assert b"900456" not in path.read_bytes()  # not in the clear: it names staff
    for sibling in path.parent.iterdir():
        if sibling.is_file():
            assert b"900456" not in sibling.read_bytes()
    reopened = LockedProfile(path).unlock(PASSPHRASE)
    try:
        assert steps_for(reopened, "en").text == ENGLISH
    finally:
        reopened.lock()


def test_steps_too_long_are_refused_and_nothing_changes(profile: UnlockedProfile) -> None:
    set_steps(profile, "en", ENGLISH)
    with pytest.raises(InvalidRecord):
        set_steps(profile, "en", "x" * (LONGEST_STEPS + 1))
    assert steps_for(profile, "en").text == ENGLISH


def _counted_profile(profile: UnlockedProfile) -> tuple[Family, School]:
    school = School(id=new_record_id(), name="Riverside Primary")
    family = replace(
        planted_family(),
        children=(Child(first_name=PLANTED_FAMILY["child"], school_id=school.id, year_group=4),),
    )
    other = replace(
        planted_family("CCC-DD"),
        id=new_record_id(),
        children=(Child(first_name="Idil", school_id=school.id),),
    )
    sessions = [
        replace(planted_session(f), id=new_record_id(), on=date(2026, 11, 2) + timedelta(days=n))
        for n in range(4)
        for f in (family, other)
    ]
    profile.save(school, family, other, *sessions)
    return family, school


def test_no_report_nor_what_is_counted_changes_with_worries_passed_on(
    profile: UnlockedProfile,
) -> None:
    family, _school = _counted_profile(profile)
    today = date(2026, 11, 22)

    def reports() -> str:
        found = preview_next_reports(profile, today).result
        assert found and all(r.report for r in found)
        return json.dumps([r.report for r in found], sort_keys=True, ensure_ascii=False)

    def counted() -> str:
        return repr(what_is_counted(profile, family, today).result)

    before, counted_before = reports(), counted()
    worries = [
        _worry(family, role, on=today - timedelta(days=n)) for n, role in enumerate(PassedOnTo)
    ]
    profile.save(*worries)
    assert reports() == before
    assert counted() == counted_before
    assert WORDS not in before
    prepared = PreparedRecords(profile)
    assert not any(
        isinstance(r, WorryPassedOn) for kept in prepared.about_family.values() for r in kept
    )


def test_the_family_s_own_export_leaves_the_worry_out(
    profile: UnlockedProfile, family: Family, tmp_path: Path
) -> None:
    profile.save(planted_session(family), _worry(family, PassedOnTo.CHILDRENS_SOCIAL_CARE))
    export = everything_about(profile, family)
    as_json = json.dumps(export, ensure_ascii=False)
    text = export_as_text(export)
    assert PLANTED_FAMILY["session_note"] in text  # the rest is there
    for shown in (as_json, text):
        assert WORDS not in shown
        assert "childrens_social_care" not in shown and "Children's social care" not in shown
        assert "worry_passed_on" not in shown and "16:05" not in shown
    written = export_family(profile, family, tmp_path / "family.json", as_json=True).result
    assert WORDS not in written.read_text(encoding="utf-8")


def test_a_worry_is_erased_with_its_family(profile: UnlockedProfile) -> None:
    family, _school = _counted_profile(profile)
    kept = replace(planted_family("EEE-FF"), id=new_record_id())
    profile.save(kept)
    profile.save(_worry(family), _worry(family, PassedOnTo.POLICE_OR_EMERGENCY), _worry(kept))
    erase_family(profile, family.id, reach_backups=False)
    assert [w.family for w in profile.all(WorryPassedOn)] == [kept.id]
    path = profile.path
    profile.lock()
    with sqlite3.connect(path) as conn:
        rows = conn.execute(
            "SELECT COUNT(*) FROM records WHERE kind = ?", (WorryPassedOn.kind,)
        ).fetchone()
    conn.close()
    assert rows == (1,)
    reopened = LockedProfile(path).unlock(PASSPHRASE)
    try:
        assert [w.family for w in reopened.all(WorryPassedOn)] == [kept.id]
    finally:
        reopened.lock()
