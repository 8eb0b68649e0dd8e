"""Keeping records only as long as needed: a family closed more than N months ago is due
for erasure; the mentor erases it, or keeps it with a reason until a new date.

The rule is kept per profile, sealed in the vault (a sealed item), not in the app's
settings file: that file is shared by every profile on the laptop and is read by the
GUI only, while the rule must hold for this profile in the GUI and ``parentrus-admin``
alike, and "erase automatically" acts at unlock, before any screen is shown.

A school this profile is connected to may set a maximum in its signed policy
(``keep_closed_months``): the rule in force is then the mentor's months or the shortest
school maximum, whichever is shorter, everywhere the rule is used (Today's list,
automatic erasure, ``parentrus-admin``).
"""

from __future__ import annotations

import calendar
import contextlib
import json
import sqlite3
from collections.abc import Collection, Iterable, Mapping
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta

from parentrus_desktop.domain import Family, TalkThrough, WorryPassedOn
from parentrus_desktop.domain.validation import N_, InvalidRecord
from parentrus_desktop.domain.vocabulary import FamilyStatus
from parentrus_desktop.i18n import _, format_day, ngettext
from parentrus_desktop.operations import Done
from parentrus_desktop.operations.activity import (
    FAMILY_KEPT,
    RETENTION_CHANGED,
    UNLOCKED,
    UNLOCKED_WITH_RECOVERY_KEY,
    Activity,
    activity_log,
    log_activities,
    log_activity,
    note_unlock,
)
from parentrus_desktop.operations.kept import KeepReason, Kept, kept_families, save_kept
from parentrus_desktop.operations.records import erase_families
from parentrus_desktop.outbox.connection import stored_connections
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
class SchoolMaximum:
    """The longest a connected school lets this laptop keep a closed family's records."""

    school_name: str
    months: int


@dataclass(frozen=True)
class RuleInForce:
    """The mentor's own rule and the shortest school maximum, if any: what is used."""

    chosen: RetentionRule
    school: SchoolMaximum | None = None

    @property
    def months(self) -> int:
        if self.school is None:
            return self.chosen.months
        return min(self.chosen.months, self.school.months)

    @property
    def school_is_shorter(self) -> bool:
        """The school's maximum, not the mentor's choice, sets the months."""
        return self.school is not None and self.school.months < self.chosen.months

    @property
    def rule(self) -> RetentionRule:
        return RetentionRule(self.months, self.chosen.erase_automatically)


@dataclass(frozen=True)
class DueForErasure:
    family: Family
    closed_on: date
    due_since: date  # the first day it was due (after the rule, or after a keep ended)
    kept_until: date | None = None  # it had been kept until this day
    #: A safety worry about this family was passed on: never erased automatically nor
    #: with the others, only by hand, one family at a time, after a plain warning.
    held_for_safeguarding: bool = False


def erasable(due: Iterable[DueForErasure]) -> list[DueForErasure]:
    """The families due that may be erased together: not those held for safeguarding."""
    return [d for d in due if not d.held_for_safeguarding]


def add_months(day: date, months: int) -> date:
    """The same day ``months`` later (the month's last day when it has fewer days)."""
    month_index = day.month - 1 + months
    year, month = day.year + month_index // 12, month_index % 12 + 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def due_for_erasure(
    families: Iterable[Family],
    rule: RetentionRule,
    kept: Mapping[str, Kept],
    today: date,
    held: Collection[str] = frozenset(),
) -> list[DueForErasure]:
    """Closed families whose time is up, the longest due first. A family closed more
    than ``rule.months`` months ago is due the day after the months are over; one kept
    is due again on the day it was kept until. Those in ``held`` (ids of families with a
    safety worry passed on) are listed, marked as held."""
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
            due.append(DueForErasure(family, family.closed_on, since, until, family.id in held))
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


def school_maximum(profile: UnlockedProfile) -> SchoolMaximum | None:
    """The shortest maximum among the schools this profile is connected to; None when none
    sets one. A school that stopped this laptop no longer sets its rules."""
    limits = [
        SchoolMaximum(c.public.school_name, c.policy.keep_closed_months)
        for c in stored_connections(profile)
        if not c.public.revoked and c.policy.keep_closed_months is not None
    ]
    return min(limits, key=lambda m: (m.months, m.school_name.casefold()), default=None)


def rule_in_force(profile: UnlockedProfile) -> RuleInForce:
    """What every use of the rule follows: the mentor's months, or a school's if shorter."""
    return RuleInForce(retention_rule(profile), school_maximum(profile))


def set_retention_rule(
    profile: UnlockedProfile, rule: RetentionRule, now: datetime | None = None
) -> Done[RetentionRule]:
    """Save the mentor's own rule; InvalidRecord for months longer than a school allows."""
    school = school_maximum(profile)
    unchanged = rule.months == retention_rule(profile).months  # e.g. only the tick changed
    if school is not None and rule.months > school.months and not unchanged:
        raise InvalidRecord(
            "months",
            N_("{school} asks for a shorter time: choose a number from 1 to {months}."),
            school=school.school_name,
            months=school.months,
        )
    turned_on = rule.erase_automatically and not retention_rule(profile).erase_automatically
    value = json.dumps({"months": rule.months, "erase_automatically": rule.erase_automatically})
    profile.save_sealed_items(RULE, {_RULE_ID: value.encode()})
    if turned_on:
        # The mentor looked at the date as they chose this: the clock guard counts
        # from now (after a year away, it would otherwise never erase again).
        note_clock_seen(profile, now or datetime.now(UTC), reset=True)
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
    """Today's list: this profile's closed families due under the rule in force."""
    return due_for_erasure(
        profile.all(Family),
        rule_in_force(profile).rule,
        kept_families(profile),
        today,
        held_for_safeguarding(profile),
    )


def held_for_safeguarding(profile: UnlockedProfile) -> frozenset[str]:
    """The ids of families with a safety worry passed on: the programme may need that
    record later, so a rule of months never erases it without the mentor's decision."""
    return frozenset(worry.family for worry in profile.all(WorryPassedOn))


def safeguarding_warning(profile: UnlockedProfile, family_ids: Iterable[str]) -> str:
    """What erasing these families also erases about keeping children safe, in plain
    words; empty when they have no safety worry passed on and nothing to talk through."""
    ids = set(family_ids)
    worries = any(worry.family in ids for worry in profile.all(WorryPassedOn))
    talks = any(talk.family in ids for talk in profile.all(TalkThrough))
    if worries and talks:
        text = _(
            "This also erases the safety worries you passed on and the things to talk "
            "through with your manager."
        )
    elif worries:
        text = _("This also erases the safety worries you passed on.")
    elif talks:
        text = _("This also erases the things to talk through with your manager.")
    else:
        return ""
    return text + " " + _("Check with your manager that the programme does not still need them.")


def keep_family(
    profile: UnlockedProfile, family_id: str, until: date, reason: KeepReason, today: date
) -> Done[Kept]:
    """Keep a closed family until a later day, for a reason; it leaves the list until then."""
    family = profile.get(family_id)
    if not isinstance(family, Family):
        raise InvalidRecord("family", N_("This refers to a family that is not in this profile."))
    if family.status is not FamilyStatus.CLOSED:
        raise InvalidRecord(
            "family",
            N_("Only a closed family is kept or erased by this rule: this family is still open."),
        )
    if until <= today:
        raise InvalidRecord("until", N_("Choose a day after today."))
    if until > add_months(today, LONGEST_KEEP_MONTHS):
        raise InvalidRecord("until", N_("Choose a day within ten years."))
    if reason is KeepReason.MAY_COME_BACK and beyond_school_maximum(profile, family, until):
        # A school's maximum gives way to a need (safeguarding, the law, the family's own
        # wish, the programme), not to "just in case".
        raise InvalidRecord(
            "reason",
            N_(
                "Your school asks that closed families are not kept longer than its limit "
                "just in case they come back. Choose another reason, or erase their records."
            ),
        )
    decision = Kept(family_id, until, KeepReason(reason), today)
    save_kept(profile, decision)
    log_activity(profile, FAMILY_KEPT, code=family.code, day=until.isoformat())
    return Done(decision, frozenset({RETENTION}))


def beyond_school_maximum(profile: UnlockedProfile, family: Family, until: date) -> bool:
    """Whether keeping this closed family until that day goes past a school's maximum."""
    return _past(school_maximum(profile), family, until)


def _past(school: SchoolMaximum | None, family: Family, until: date) -> bool:
    if school is None or family.closed_on is None:
        return False
    return until > add_months(family.closed_on, school.months) + _ONE_DAY


def kept_past_school_maximum(profile: UnlockedProfile) -> list[tuple[Family, Kept]]:
    """Closed families kept (for a reason) past a connected school's maximum, the
    soonest due first: shown, so that overriding the school is never silent."""
    school = school_maximum(profile)
    if school is None:
        return []
    decisions = kept_families(profile)
    found = []
    for family in profile.all(Family):
        decision = decisions.get(family.id)
        if decision is not None and _past(school, family, decision.until):
            found.append((family, decision))
    return sorted(found, key=lambda pair: (pair[1].until, pair[0].code))


def erase_due_automatically(profile: UnlockedProfile, today: date) -> Done[list[str]]:
    """When the mentor turned on "erase automatically": erase every family due, each
    noted in the activity log. The codes erased; nothing at all when it is off."""
    rule = rule_in_force(profile).rule
    if not rule.erase_automatically:
        return Done([])
    # Never a family with a safety worry passed on: only the mentor erases that, by hand.
    due = [d.family for d in erasable(families_due(profile, today))]
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


#: The kind of sealed item (and its one id) that keeps the latest time this profile
#: was unlocked at with a clock that looked right.
CLOCK = "clock-seen"
#: A clock this far behind the latest time the profile has seen, or this far ahead of
#: it, looks wrong: a flat battery (the year 2000), a wrong month or year typed in.
#: Six weeks ahead covers a summer holiday; a longer absence is asked about, as a clock
#: that is months fast would erase families months early.
CLOCK_BEHIND = timedelta(days=1)
CLOCK_AHEAD = timedelta(days=45)


@dataclass(frozen=True)
class ClockLooksWrong:
    """The laptop's clock at an unlock, and the latest time the profile had seen."""

    now: datetime
    last_seen: datetime

    @property
    def behind(self) -> bool:
        return self.now < self.last_seen


@dataclass(frozen=True)
class AtUnlock:
    """What happened at an unlock that the mentor must be told: the codes of the
    families erased automatically, or, when the clock looked wrong, that none was and
    how many are due (they stay on Today's list, for the mentor to erase or keep)."""

    erased: list[str] = field(default_factory=list)
    clock: ClockLooksWrong | None = None
    due: int = 0

    def words(self) -> str:
        """What to tell the mentor, in plain words; empty when there is nothing to say."""
        if self.clock is not None:
            return clock_words(self.clock, self.due)
        if not self.erased:
            return ""
        return ngettext(
            "{count} closed family was erased automatically, as you chose in Settings "
            "(closed longer ago than you keep records): {codes}. The activity log lists it.",
            "{count} closed families were erased automatically, as you chose in Settings "
            "(closed longer ago than you keep records): {codes}. The activity log lists them.",
            len(self.erased),
        ).format(count=len(self.erased), codes=", ".join(self.erased))


def clock_words(clock: ClockLooksWrong, due: int) -> str:
    day = format_day(clock.now.astimezone().date(), "long")
    seen = format_day(clock.last_seen.astimezone().date(), "long")
    if clock.behind:
        text = _(
            "The laptop's clock says {day}, but this profile was last used on {seen}: the "
            "clock looks wrong, so no family was erased automatically. Please set the "
            'right date and time. If the date is right, turn "erase automatically" off '
            "and on again in Settings."
        )
    else:
        text = _(
            "The laptop's clock says {day}, more than six weeks after this profile was "
            "last used ({seen}). In case the clock is wrong, no family was erased "
            'automatically. If the date is right, turn "erase automatically" off and on '
            "again in Settings."
        )
    text = text.format(day=day, seen=seen)
    if due:
        text += " " + ngettext(
            "{count} family is due for erasure: it is on Today, to erase or keep.",
            "{count} families are due for erasure: they are on Today, to erase or keep.",
            due,
        ).format(count=due)
    return text


def last_seen(profile: UnlockedProfile) -> datetime | None:
    """The latest time this profile was unlocked at with a clock that looked right (for
    a profile that did not keep it yet: its latest unlock in the activity log)."""
    value = profile.sealed_items(CLOCK).get(CLOCK)
    if value is not None:
        try:
            return datetime.fromisoformat(value.decode())
        except (ValueError, UnicodeDecodeError):
            pass
    unlocks = [
        a.at for a in activity_log(profile) if a.kind in (UNLOCKED, UNLOCKED_WITH_RECOVERY_KEY)
    ]
    return max(unlocks, default=None)


def check_clock(profile: UnlockedProfile, now: datetime) -> ClockLooksWrong | None:
    """Whether the laptop's clock looks wrong: more than a day earlier than the latest
    time this profile has seen, or more than six weeks later. None when it looks right."""
    seen = last_seen(profile)
    if seen is None or seen - CLOCK_BEHIND <= now <= seen + CLOCK_AHEAD:
        return None
    return ClockLooksWrong(now, seen)


def note_clock_seen(profile: UnlockedProfile, now: datetime, *, reset: bool = False) -> None:
    """Keep ``now`` as the latest time seen (a clock that looked wrong is never kept:
    the next unlock is checked against the last time that looked right). ``reset``: the
    mentor has just looked at the date (turning "erase automatically" on), so ``now``
    replaces whatever was kept, even a later time kept from a clock that was fast."""
    seen = last_seen(profile)
    latest = now if seen is None or reset else max(seen, now)
    with contextlib.suppress(VaultError, sqlite3.Error):
        profile.save_sealed_items(CLOCK, {CLOCK: latest.isoformat().encode()})


def at_unlock(
    profile: UnlockedProfile,
    today: date,
    *,
    failed_at: Iterable[datetime] = (),
    with_recovery_key: bool = False,
    now: datetime | None = None,
) -> Done[AtUnlock]:
    """What happens right after an unlock, in the GUI and the CLI alike: the unlock (and
    the wrong passphrases before it) go in the activity log, then families due are erased
    if the mentor asked for that, unless the laptop's clock looks wrong (``check_clock``):
    erasing by a wrong date cannot be undone, so they are left for the mentor's click."""
    now = now or datetime.now(UTC)
    clock = check_clock(profile, now)  # before this unlock is noted
    note_unlock(profile, failed_at=failed_at, with_recovery_key=with_recovery_key, now=now)
    if clock is None:
        note_clock_seen(profile, now)
    if not retention_rule(profile).erase_automatically:
        return Done(AtUnlock())
    if clock is not None:
        return Done(AtUnlock(clock=clock, due=len(families_due(profile, today))))
    done = erase_due_automatically(profile, today)
    return Done(AtUnlock(erased=done.result), done.changed)
