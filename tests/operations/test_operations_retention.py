"""Keeping records only as long as needed: which closed families are due, keeping one,
erasing them (by the mentor's click, or automatically when asked), all with dates."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

import pytest
from helpers.planted import planted_family, planted_session

from parentrus_desktop.domain import Family, InvalidRecord
from parentrus_desktop.domain.vocabulary import FamilyStatus
from parentrus_desktop.operations.activity import (
    FAMILY_ERASED,
    FAMILY_KEPT,
    RETENTION_CHANGED,
    activity_log,
)
from parentrus_desktop.operations.kept import KEPT, KeepReason, kept_families
from parentrus_desktop.operations.records import erase_family
from parentrus_desktop.operations.retention import (
    RetentionRule,
    add_months,
    at_unlock,
    due_for_erasure,
    erase_due_automatically,
    families_due,
    keep_family,
    retention_rule,
    set_retention_rule,
)
from parentrus_desktop.store.unlocked import UnlockedProfile


def closed(code: str, on: date) -> Family:
    return replace(
        planted_family(code), joined_on=date(2024, 1, 1), status=FamilyStatus.CLOSED, closed_on=on
    )


def test_a_family_is_due_the_day_after_its_months_are_over() -> None:
    family = closed("K7Q-4M", date(2025, 11, 30))
    rule = RetentionRule()  # 12 months
    assert due_for_erasure([family], rule, {}, date(2026, 11, 30)) == []
    (due,) = due_for_erasure([family], rule, {}, date(2026, 12, 1))
    assert due.family == family and due.due_since == date(2026, 12, 1)
    # A shorter rule brings it forward; open families are never due.
    assert due_for_erasure([family], RetentionRule(months=6), {}, date(2026, 6, 1)) != []
    still_open = replace(planted_family("ABC-DE"), closed_on=None)
    assert due_for_erasure([still_open], RetentionRule(months=1), {}, date(2040, 1, 1)) == []


def test_months_are_added_calendar_wise() -> None:
    assert add_months(date(2026, 1, 31), 1) == date(2026, 2, 28)
    assert add_months(date(2024, 2, 29), 12) == date(2025, 2, 28)
    assert add_months(date(2026, 11, 15), 14) == date(2028, 1, 15)


@pytest.mark.parametrize("months", [0, 121, True])
def test_the_rule_takes_a_sensible_number_of_months(months: int) -> None:
    with pytest.raises(InvalidRecord):
        RetentionRule(months=months)


def test_the_rule_is_sealed_in_the_profile_and_twelve_months_by_default(
    profile: UnlockedProfile,
) -> None:
    assert retention_rule(profile) == RetentionRule(12, erase_automatically=False)
    for months in (13, 14, 15, 16, 17, 18):  # the arrows clicked six times
        set_retention_rule(profile, RetentionRule(months, erase_automatically=True))
    assert retention_rule(profile) == RetentionRule(18, erase_automatically=True)
    (changed,) = activity_log(profile)  # one change, as it ended
    assert changed.kind == RETENTION_CHANGED
    assert changed.details == {"months": 18, "automatically": 1}


def test_a_kept_family_leaves_the_list_until_its_new_date(profile: UnlockedProfile) -> None:
    family = closed("K7Q-4M", date(2025, 1, 10))
    other = closed("ABC-DE", date(2025, 2, 10))
    profile.save(family, other)
    today = date(2026, 3, 1)
    assert [d.family.code for d in families_due(profile, today)] == ["K7Q-4M", "ABC-DE"]
    keep_family(profile, family.id, date(2026, 9, 1), KeepReason.SAFEGUARDING_OR_LEGAL, today)
    assert [d.family.code for d in families_due(profile, today)] == ["ABC-DE"]
    assert [d.family.code for d in families_due(profile, date(2026, 8, 31))] == ["ABC-DE"]
    back = families_due(profile, date(2026, 9, 1))
    assert [d.family.code for d in back] == ["ABC-DE", "K7Q-4M"]  # the longest due first
    assert back[1].kept_until == date(2026, 9, 1) and back[0].kept_until is None
    assert activity_log(profile)[0].kind == FAMILY_KEPT
    assert activity_log(profile)[0].details["code"] == "K7Q-4M"


def test_keeping_needs_a_later_day(profile: UnlockedProfile) -> None:
    family = closed("K7Q-4M", date(2025, 1, 10))
    profile.save(family)
    today = date(2026, 3, 1)
    for too_soon in (today, date(2026, 2, 1)):
        with pytest.raises(InvalidRecord):
            keep_family(profile, family.id, too_soon, KeepReason.FAMILY_ASKED, today)
    with pytest.raises(InvalidRecord):
        keep_family(profile, family.id, date(2040, 1, 1), KeepReason.FAMILY_ASKED, today)
    assert kept_families(profile) == {}


def test_erasing_a_kept_family_drops_the_decision_too(profile: UnlockedProfile) -> None:
    family = closed("K7Q-4M", date(2025, 1, 10))
    profile.save(family)
    keep_family(profile, family.id, date(2027, 1, 1), KeepReason.MAY_COME_BACK, date(2026, 3, 1))
    erase_family(profile, family.id)
    assert profile.sealed_items(KEPT) == {}
    assert activity_log(profile)[0].kind == FAMILY_ERASED
    assert activity_log(profile)[0].details == {"code": "K7Q-4M"}


def test_nothing_is_erased_unless_the_mentor_turned_on_erase_automatically(
    profile: UnlockedProfile,
) -> None:
    due = closed("K7Q-4M", date(2025, 1, 10))
    recent = closed("ABC-DE", date(2026, 2, 10))
    profile.save(due, recent, planted_session(due))
    today = date(2026, 3, 1)
    assert at_unlock(profile, today).result.erased == []
    assert profile.get(due.id) is not None
    set_retention_rule(profile, RetentionRule(12, erase_automatically=True))
    done = at_unlock(profile, today)
    assert done.result.erased == ["K7Q-4M"]
    assert profile.get(due.id) is None and profile.about_family(due.id) == []
    assert profile.get(recent.id) is not None  # not due yet: kept
    (erased,) = [a for a in activity_log(profile) if a.kind == FAMILY_ERASED]
    assert erased.details == {"code": "K7Q-4M", "automatically": 1, "months": 12}
    assert erase_due_automatically(profile, today).result == []  # nothing left due
