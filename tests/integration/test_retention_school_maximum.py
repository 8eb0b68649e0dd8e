"""A school's longest keep of closed families, end to end: the coordinator sets it with
``parentrus-hub policy``, a real hub on loopback signs and sends it, and the mentor's
laptop follows it (Today's list, automatic erasure, the rule a mentor may choose, keeping
one family longer) from its connection on, and again after "Sync now"."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, date, datetime
from pathlib import Path

import pytest
from helpers.hub_process import SCHOOL_NAME, HubProcess, run_hub
from helpers.planted import planted_family

from parentrus_desktop.domain import Family, InvalidRecord
from parentrus_desktop.domain.vocabulary import FamilyStatus
from parentrus_desktop.operations.kept import KeepReason
from parentrus_desktop.operations.reports import sync
from parentrus_desktop.operations.retention import (
    RetentionRule,
    SchoolMaximum,
    erase_due_automatically,
    families_due,
    keep_family,
    retention_rule,
    rule_in_force,
    set_retention_rule,
)
from parentrus_desktop.outbox.connection import connect_with_code
from parentrus_desktop.store.unlocked import UnlockedProfile

TODAY = date(2027, 3, 1)  # the laptop's day for the list; the hub keeps its own clock


def closed(code: str, on: date) -> Family:
    return replace(
        planted_family(code), joined_on=date(2024, 1, 1), status=FamilyStatus.CLOSED, closed_on=on
    )


def due_codes(profile: UnlockedProfile) -> list[str]:
    return [d.family.code for d in families_due(profile, TODAY)]


def test_a_schools_longest_keep_reaches_the_laptop_and_every_use_of_the_rule_follows_it(
    profile: UnlockedProfile, tmp_path: Path
) -> None:
    seven = closed("K7Q-4M", date(2026, 8, 1))  # seven months before TODAY
    four = closed("ABC-DE", date(2026, 11, 1))  # four months before
    profile.save(seven, four)
    set_retention_rule(profile, RetentionRule(12, erase_automatically=True))
    assert due_codes(profile) == []  # the mentor's 12 months: nothing due yet

    hub = HubProcess(tmp_path / "hub", [])
    try:
        said = hub.command("policy", "--keep-closed-months", "6")
        assert "no longer than 6 months" in said
        data = str(hub.data)
        for wrong in ("0", "121"):
            refused = run_hub("policy", "--data", data, "--keep-closed-months", wrong)
            assert refused.returncode == 2 and "from 1 to 120" in refused.stderr
        assert "no longer than 6 months" in hub.command("policy")  # unchanged, shown

        _file, code = hub.invite()
        connect_with_code(profile, hub.url, code, now=datetime.now(UTC))
        in_force = rule_in_force(profile)
        assert in_force.school == SchoolMaximum(SCHOOL_NAME, 6)
        assert (in_force.months, in_force.school_is_shorter) == (6, True)
        assert retention_rule(profile).months == 12  # the mentor's own choice is kept
        assert due_codes(profile) == ["K7Q-4M"]

        # Longer than the school allows is refused in plain words; shorter is the mentor's.
        with pytest.raises(InvalidRecord) as longer:
            set_retention_rule(profile, RetentionRule(7, erase_automatically=True))
        assert longer.value.details == {"school": SCHOOL_NAME, "months": 6}
        assert retention_rule(profile).months == 12

        # Keeping one past the school's maximum: for a need, never "just in case".
        with pytest.raises(InvalidRecord) as just_in_case:
            keep_family(profile, seven.id, date(2027, 6, 1), KeepReason.MAY_COME_BACK, TODAY)
        assert just_in_case.value.field == "reason"
        assert due_codes(profile) == ["K7Q-4M"]

        # The coordinator shortens it while the hub runs; "Sync now" brings it over
        # although the laptop has no report to send.
        hub.command("policy", "--keep-closed-months", "3")
        sync(profile, date.today(), datetime.now(UTC), everything=True)
        assert rule_in_force(profile).months == 3
        assert due_codes(profile) == ["K7Q-4M", "ABC-DE"]

        keep_family(profile, seven.id, date(2027, 6, 1), KeepReason.SAFEGUARDING_OR_LEGAL, TODAY)
        assert due_codes(profile) == ["ABC-DE"]
        # Automatic erasure follows the rule in force, not the mentor's 12 months.
        assert erase_due_automatically(profile, TODAY).result == ["ABC-DE"]
        assert [f.code for f in profile.all(Family)] == ["K7Q-4M"]

        # No limit again: the mentor's own rule holds once more.
        hub.command("policy", "--no-keep-limit")
        sync(profile, date.today(), datetime.now(UTC), everything=True)
        assert rule_in_force(profile).school is None
        assert rule_in_force(profile).months == 12
    finally:
        hub.stop()
