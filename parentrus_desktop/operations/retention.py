"""Keeping records only as long as needed: a family closed more than N months ago is due
for erasure; the mentor erases it, or keeps it with a reason until a new date.

The rule is kept per profile, sealed in the vault (a sealed item), not in the app's
settings file: that file is shared by every profile on the laptop and is read by the
GUI only, while the rule must hold for this profile in the GUI and ``parentrus-admin``
alike, and "erase automatically" acts at unlock, before any screen is shown.
"""

from __future__ import annotations

import calendar
import json
import sqlite3
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta

from parentrus_desktop.domain import Family
from parentrus_desktop.domain.validation import N_, InvalidRecord
from parentrus_desktop.domain.vocabulary import FamilyStatus
from parentrus_desktop.operations import Done
from parentrus_desktop.operations.activity import (
    FAMILY_KEPT,
    RETENTION_CHANGED,
    Activity,
    log_activities,
    log_activity,
    note_unlock,
)
from parentrus_desktop.operations.kept import KeepReason, Kept, kept_families, save_kept
from parentrus_desktop.operations.records import erase_families
from parentrus_desktop.store.unlocked import UnlockedProfile
from parentrus_desktop.vault.errors import VaultError

#: The kind of sealed item the rule is kept as, and its one id.
RULE = "retention-rule"
_RULE_ID = "retention-rule"
#: A change to the rule or to a decision to keep (Today's list follows it).
RETENTION = "retention"

DEFAULT_MONTHS = 12
FEWEST_MONTHS, MOST_MONTHS = 1, 120
_ONE_DAY = timedelta(days=1)
#: How far ahead a family can be kept in one decision.
LONGEST_KEEP_MONTHS = 120


@dataclass(frozen=True)
class RetentionRule:
    months: int = DEFAULT_MONTHS
    erase_automatically: bool = False

    def __post_init__(self) -> None:
        if (
            isinstance(self.months, bool)
            or not isinstance(self.months, int)
            or not FEWEST_MONTHS <= self.months <= MOST_MONTHS
        ):
            raise InvalidRecord(
                "months",
                N_("Choose between {lowest} and {highest} months."),
                lowest=FEWEST_MONTHS,
                highest=MOST_MONTHS,
            )


@dataclass(frozen=True)
class DueForErasure:
    family: Family
    closed_on: date
    due_since: date  # the first day it was due (after the rule, or after a keep ended)
    kept_until: date | None = None  # it had been kept until this day


def add_months(day: date, months: int) -> date:
    """The same day ``months`` later (the month's last day when it has fewer days)."""
    month_index = day.month - 1 + months
    year, month = day.year + month_index // 12, month_index % 12 + 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def due_for_erasure(
    families: Iterable[Family], rule: RetentionRule, kept: Mapping[str, Kept], today: date
) -> list[DueForErasure]:
    """Closed families whose time is up, the longest due first. A family closed more
    than ``rule.months`` months ago is due the day after the months are over; one kept
    is due again on the day it was kept until."""
    due = []
    for family in families:
        if family.status is not FamilyStatus.CLOSED or family.closed_on is None:
            continue
        since = add_months(family.closed_on, rule.months) + _ONE_DAY
        decision = kept.get(family.id)
        if decision is not None:
            if decision.until > today:
                continue  # kept: off the list until that day
            since = max(since, decision.until)
        if since <= today:
            until = decision.until if decision is not None else None
            due.append(DueForErasure(family, family.closed_on, since, until))
    return sorted(due, key=lambda d: (d.due_since, d.family.code))


def retention_rule(profile: UnlockedProfile) -> RetentionRule:
    value = profile.sealed_items(RULE).get(_RULE_ID)
    if value is None:
        return RetentionRule()
    try:
        plain = json.loads(value)
        return RetentionRule(int(plain["months"]), bool(plain["erase_automatically"]))
    except (ValueError, KeyError, TypeError, InvalidRecord):
        return RetentionRule()  # the default never erases anything by itself


def set_retention_rule(profile: UnlockedProfile, rule: RetentionRule) -> Done[RetentionRule]:
    value = json.dumps({"months": rule.months, "erase_automatically": rule.erase_automatically})
    profile.save_sealed_items(RULE, {_RULE_ID: value.encode()})
    # Clicking the months up one by one is one change, not one entry per click.
    details: dict[str, str | int] = {
        "months": rule.months,
        "automatically": int(rule.erase_automatically),
    }
    log_activities(
        profile,
        [Activity(datetime.now(UTC), RETENTION_CHANGED, details)],
        replacing=timedelta(minutes=10),
    )
    return Done(rule, frozenset({RETENTION}))


def families_due(profile: UnlockedProfile, today: date) -> list[DueForErasure]:
    """Today's list: this profile's closed families due for erasure."""
    return due_for_erasure(
        profile.all(Family), retention_rule(profile), kept_families(profile), today
    )


def keep_family(
    profile: UnlockedProfile, family_id: str, until: date, reason: KeepReason, today: date
) -> Done[Kept]:
    """Keep a closed family until a later day, for a reason; it leaves the list until then."""
    family = profile.get(family_id)
    if not isinstance(family, Family):
        raise InvalidRecord("family", N_("This refers to a family that is not in this profile."))
    if until <= today:
        raise InvalidRecord("until", N_("Choose a day after today."))
    if until > add_months(today, LONGEST_KEEP_MONTHS):
        raise InvalidRecord("until", N_("Choose a day within ten years."))
    decision = Kept(family_id, until, KeepReason(reason), today)
    save_kept(profile, decision)
    log_activity(profile, FAMILY_KEPT, code=family.code, day=until.isoformat())
    return Done(decision, frozenset({RETENTION}))


def erase_due_automatically(profile: UnlockedProfile, today: date) -> Done[list[str]]:
    """When the mentor turned on "erase automatically": erase every family due, each
    noted in the activity log. The codes erased; nothing at all when it is off."""
    rule = retention_rule(profile)
    if not rule.erase_automatically:
        return Done([])
    due = [d.family for d in families_due(profile, today)]
    if not due:
        return Done([])
    try:
        # In one step, and not yet from the backups: this runs while the mentor waits
        # for the unlock; the GUI reaches them in the background, the CLI right after.
        done = erase_families(
            profile,
            [f.id for f in due],
            reach_backups=False,
            automatically=1,
            months=rule.months,
        )
    except (VaultError, sqlite3.Error):
        # A full disk must not keep the mentor out: they stay on Today's list.
        return Done([])
    return Done([f.code for f in due], done.changed)


def at_unlock(
    profile: UnlockedProfile,
    today: date,
    *,
    failed_at: Iterable[datetime] = (),
    with_recovery_key: bool = False,
    now: datetime | None = None,
) -> Done[list[str]]:
    """What happens right after an unlock, in the GUI and the CLI alike: the unlock (and
    the wrong passphrases before it) go in the activity log, then families due are erased
    if the mentor asked for that. The codes erased."""
    note_unlock(profile, failed_at=failed_at, with_recovery_key=with_recovery_key, now=now)
    return erase_due_automatically(profile, today)
