"""A closed family with a safety worry passed on is never erased by a rule of months: it is
listed as held, and erasing it by hand says what safeguarding records go with it."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, time

from helpers.planted import planted_family

from parentrus_desktop.domain import Family, TalkThrough, WorryPassedOn, new_record_id
from parentrus_desktop.domain.safeguarding import PassedOnTo
from parentrus_desktop.domain.vocabulary import FamilyStatus
from parentrus_desktop.operations.retention import (
    RetentionRule,
    at_unlock,
    erasable,
    erase_due_automatically,
    families_due,
    safeguarding_warning,
    set_retention_rule,
)
from parentrus_desktop.store.unlocked import UnlockedProfile


def closed(code: str, on: date) -> Family:
    return replace(
        planted_family(code), joined_on=date(2024, 1, 1), status=FamilyStatus.CLOSED, closed_on=on
    )


def worry(family: Family) -> WorryPassedOn:
    return WorryPassedOn(
        id=new_record_id(),
        family=family.id,
        on=date(2025, 1, 2),
        at=time(10, 30),
        to=PassedOnTo.PROGRAMME_LEAD,
    )


def test_a_family_with_a_worry_passed_on_is_held_not_erased_automatically(
    profile: UnlockedProfile,
) -> None:
    held = closed("K7Q-4M", date(2025, 1, 10))
    other = closed("ABC-DE", date(2025, 2, 10))
    profile.save(held, other, worry(held))
    today = date(2026, 3, 1)
    set_retention_rule(profile, RetentionRule(12, erase_automatically=True))
    due = families_due(profile, today)
    # Still on Today's list, marked as held, and never among those erased together.
    assert [(d.family.code, d.held_for_safeguarding) for d in due] == [
        ("K7Q-4M", True),
        ("ABC-DE", False),
    ]
    assert [d.family.code for d in erasable(due)] == ["ABC-DE"]
    assert at_unlock(profile, today).result.erased == ["ABC-DE"]
    assert erase_due_automatically(profile, date(2030, 1, 1)).result == []
    assert profile.get(held.id) is not None
    assert any(isinstance(r, WorryPassedOn) for r in profile.about_family(held.id))


def test_erasing_by_hand_names_the_safeguarding_records_that_go_too(
    profile: UnlockedProfile,
) -> None:
    plain, worried, talked, both = (
        closed(code, date(2025, 1, 10)) for code in ("ABC-DE", "K7Q-4M", "W3X-7P", "HNR-3T")
    )
    talk = TalkThrough(
        id=new_record_id(), family=talked.id, words="Not sure", raised_on=date(2025, 1, 3)
    )
    profile.save(plain, worried, talked, both, worry(worried), talk, worry(both))
    profile.save(replace(talk, id=new_record_id(), family=both.id))
    assert safeguarding_warning(profile, [plain.id]) == ""
    assert "safety worries you passed on" in safeguarding_warning(profile, [worried.id])
    assert "talk through" not in safeguarding_warning(profile, [worried.id])
    assert "talk through with your manager" in safeguarding_warning(profile, [talked.id])
    together = safeguarding_warning(profile, [both.id])
    assert "safety worries" in together and "talk through" in together
    assert "safety worries" in safeguarding_warning(profile, [plain.id, worried.id])
