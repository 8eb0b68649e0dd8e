"""A family's check-in answers over time, read back from a real, sealed profile."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from helpers.planted import planted_family
from helpers.values import PASSPHRASE

from parentrus_desktop.domain import CheckIn, new_record_id
from parentrus_desktop.domain.check_in_trend import Answer, answers_over_time
from parentrus_desktop.domain.vocabulary import CheckInQuestion as Q
from parentrus_desktop.store.profiles import find_profile
from parentrus_desktop.store.unlocked import UnlockedProfile


def test_each_statement_s_answers_come_oldest_first_for_that_family_only(
    profile: UnlockedProfile, data_dir: Path
) -> None:
    family, other = planted_family("K7Q-4M"), planted_family("QMA-4K")

    def check_in(who: str, on: date, **answers: int) -> CheckIn:
        return CheckIn(
            id=new_record_id(), family=who, on=on, answers={Q(k): v for k, v in answers.items()}
        )

    # Saved out of order; the June check-in skips "confident with teachers".
    profile.save(
        family,
        other,
        check_in(family.id, date(2026, 6, 9), feels_welcome=3, takes_part_in_school_life=1),
        check_in(family.id, date(2026, 3, 3), feels_welcome=2, confident_with_teachers=2),
        check_in(family.id, date(2026, 10, 14), feels_welcome=4, confident_with_teachers=4),
        check_in(other.id, date(2026, 4, 1), feels_welcome=5, confident_with_teachers=5),
    )
    profile.lock()
    reopened = find_profile(data_dir, "Hodan").unlock(PASSPHRASE)
    try:
        trend = answers_over_time(reopened.about_family(family.id), family.id)
        everything = answers_over_time(list(reopened), family.id)
    finally:
        reopened.lock()

    assert trend.days == (date(2026, 3, 3), date(2026, 6, 9), date(2026, 10, 14))
    assert trend.answers[Q.FEELS_WELCOME] == (
        Answer(date(2026, 3, 3), 2),
        Answer(date(2026, 6, 9), 3),
        Answer(date(2026, 10, 14), 4),
    )
    # Skipped in June: left out, not a 0 between the two answers.
    assert trend.answers[Q.CONFIDENT_WITH_TEACHERS] == (
        Answer(date(2026, 3, 3), 2),
        Answer(date(2026, 10, 14), 4),
    )
    assert trend.answers[Q.TAKES_PART_IN_SCHOOL_LIFE] == (Answer(date(2026, 6, 9), 1),)
    # Every statement is there, in the form's order, even one never answered.
    assert list(trend.answers) == list(Q)
    assert trend.answers[Q.KNOWS_WHOM_TO_CONTACT] == ()
    # The other family's check-in (all 5s, in April) is nowhere, even given every record.
    assert everything == trend
    assert all(a.rating != 5 for answers in trend.answers.values() for a in answers)


def test_a_family_with_no_check_in_has_an_empty_trend(profile: UnlockedProfile) -> None:
    family = planted_family()
    profile.save(family)
    trend = answers_over_time(profile.about_family(family.id), family.id)
    assert trend.is_empty
    assert trend.days == ()
    assert all(answers == () for answers in trend.answers.values())
