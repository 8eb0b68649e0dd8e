"""The rule in force with schools' maxima: the shortest of the connected schools, never a
school that stopped this laptop, and the mentor's own months when they are shorter."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, date, datetime

import pytest
from helpers.planted import planted_family
from parentrus_sync.protocol import Policy, encode_bytes, new_key, public_key_bytes

from parentrus_desktop.domain import Family, InvalidRecord
from parentrus_desktop.domain.vocabulary import FamilyStatus
from parentrus_desktop.operations.kept import KeepReason
from parentrus_desktop.operations.retention import (
    RetentionRule,
    SchoolMaximum,
    families_due,
    keep_family,
    kept_past_school_maximum,
    retention_rule,
    rule_in_force,
    set_retention_rule,
)
from parentrus_desktop.outbox.connection import (
    SchoolConnection,
    StoredConnection,
    mark_revoked,
    save_connection,
)
from parentrus_desktop.store.unlocked import UnlockedProfile


def connect(profile: UnlockedProfile, name: str, months: int | None) -> StoredConnection:
    hub_key = public_key_bytes(new_key())
    slug = name.lower().replace(" ", "-")
    connection = StoredConnection(
        item_id="connection-" + slug,
        public=SchoolConnection(
            school_id="school-" + slug,
            school_name=name,
            hub_address="http://127.0.0.1:9",
            hub_school=slug,
            device="d-" + "b" * 20,
            hub_fingerprint=encode_bytes(hub_key),
            connected=datetime(2026, 9, 1, tzinfo=UTC),
            revoked=False,
        ),
        key_name="device-key-" + slug,
        hub_key=hub_key,
        tls_pin=None,
        policy=Policy(slug, keep_closed_months=months),
    )
    save_connection(profile, connection)
    return connection


def test_the_shortest_connected_school_sets_the_rule_and_a_stopped_one_does_not(
    profile: UnlockedProfile,
) -> None:
    assert rule_in_force(profile).school is None
    connect(profile, "Hillside", None)  # no maximum: the mentor's 12 months hold
    assert rule_in_force(profile).months == 12
    connect(profile, "Riverside Primary", 9)
    brook = connect(profile, "Brookfield", 4)
    in_force = rule_in_force(profile)
    assert in_force.school == SchoolMaximum("Brookfield", 4)
    assert in_force.rule == RetentionRule(4)
    mark_revoked(profile, brook)  # the school stopped this laptop: its rules go too
    assert rule_in_force(profile).school == SchoolMaximum("Riverside Primary", 9)
    set_retention_rule(profile, RetentionRule(3, erase_automatically=True))
    shorter = rule_in_force(profile)
    assert (shorter.months, shorter.school_is_shorter) == (3, False)
    assert shorter.rule == RetentionRule(3, erase_automatically=True)


def test_a_family_kept_past_the_schools_maximum_is_listed_with_its_reason(
    profile: UnlockedProfile,
) -> None:
    family = replace(
        planted_family("K7Q-4M"),
        joined_on=date(2024, 1, 1),
        status=FamilyStatus.CLOSED,
        closed_on=date(2026, 1, 10),
    )
    profile.save(family)
    today = date(2026, 9, 1)
    connect(profile, "Riverside Primary", 6)
    assert [d.family.code for d in families_due(profile, today)] == ["K7Q-4M"]
    # Up to the maximum's own last day is not past it ...
    keep_family(profile, family.id, date(2026, 7, 11), KeepReason.FAMILY_ASKED, date(2026, 7, 1))
    assert kept_past_school_maximum(profile) == []
    # ... a day more is, and it is listed with its reason.
    keep_family(profile, family.id, date(2027, 1, 1), KeepReason.FAMILY_ASKED, today)
    ((kept_family, decision),) = kept_past_school_maximum(profile)
    assert isinstance(kept_family, Family) and kept_family.id == family.id
    assert (decision.until, decision.reason) == (date(2027, 1, 1), KeepReason.FAMILY_ASKED)
    assert families_due(profile, today) == []


def test_the_tick_can_be_turned_off_while_a_school_asks_for_fewer_months(
    profile: UnlockedProfile,
) -> None:
    set_retention_rule(profile, RetentionRule(12, erase_automatically=True))
    connect(profile, "Riverside Primary", 6)  # the school's maximum came later
    set_retention_rule(profile, RetentionRule(12, erase_automatically=False))  # not refused
    assert retention_rule(profile) == RetentionRule(12, erase_automatically=False)
    with pytest.raises(InvalidRecord):
        set_retention_rule(profile, RetentionRule(18))  # a longer time chosen: refused


def test_only_a_closed_family_is_kept_by_the_rule(profile: UnlockedProfile) -> None:
    still_open = planted_family("ABC-DE")
    profile.save(still_open)
    with pytest.raises(InvalidRecord, match="still open"):
        keep_family(
            profile, still_open.id, date(2027, 6, 1), KeepReason.FAMILY_ASKED, date(2026, 12, 2)
        )
