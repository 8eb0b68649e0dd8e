"""Reports waiting for schools: built once, sealed in the vault, sent with back-off.

A report is built once, when its period is ready, and never rebuilt: sending it again
sends the very same signed bytes, which the hub recognises (it refuses changed content
for a period it holds). So records added or edited after a period's report was built
are not sent for that period; a session entered late counts in the period in which it
was entered, as ``build_report`` does with ``reported``.
"""

from __future__ import annotations

import dataclasses
import json
import random
import secrets
import threading
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from enum import StrEnum
from typing import Any

from parentrus_sync.budget import BudgetRefused
from parentrus_sync.client import BadAnswer, HubRefused, HubUnreachable, WrongHub
from parentrus_sync.protocol import ProtocolError, report_envelope
from parentrus_sync.report_shape import FIRST_FORMAT

from parentrus_desktop.domain import School
from parentrus_desktop.domain.validation import N_
from parentrus_desktop.i18n import _
from parentrus_desktop.outbox.connection import (
    StoredConnection,
    mark_revoked,
    save_connection,
    stored_connections,
)
from parentrus_desktop.privacy.dp_noise import DiscreteGaussian
from parentrus_desktop.privacy.periods import period_named
from parentrus_desktop.privacy.report import PreparedRecords
from parentrus_desktop.privacy.what_is_sent import SchoolTerms, report_for
from parentrus_desktop.store.unlocked import UnlockedProfile

#: The kind of sealed item a report in the outbox is kept as.
REPORT = "outbox-report"
FIRST_DELAY = timedelta(minutes=1)
LONGEST_DELAY = timedelta(hours=6)
#: The hub's words for "this laptop may no longer send here".
_STOPPED = frozenset({"unknown-device", "revoked"})
# One send at a time in this process: two at once would only send the same bytes twice.
_sending = threading.Lock()


class ReportState(StrEnum):
    WAITING = "waiting"
    SENT = "sent"  # the request went out, but no valid receipt came back yet
    RECEIVED = "received"  # a receipt signed by the pinned hub key, for these bytes
    REFUSED = "refused"  # the hub's final no, with its reason


@dataclass(frozen=True)
class OutboxEntry:
    school_id: str
    school_name: str
    period: str
    state: ReportState
    reason: str
    tries: int
    next_try: datetime | None
    received: datetime | None
    #: The hub's code for a refusal (``refusal_words`` says it in the mentor's words);
    #: the hub's own English reason is never shown.
    code: str = ""


@dataclass(frozen=True)
class SendResult:
    received: int  # received by a school in this run
    refused: int  # refused in this run
    waiting: int  # still waiting or sent, after this run
    revoked_schools: list[str]  # names of schools that stopped this laptop in this run
    unreachable: bool  # some hub could not be reached (or gave no usable answer)


@dataclass(frozen=True)
class _Stored:
    """One outbox item as kept, sealed: the entry, its envelope and any receipt."""

    item_id: str
    entry: OutboxEntry
    envelope: dict[str, Any]
    receipt: dict[str, Any] | None = None
    # The day the report was built: a session entered later counts in a later period.
    # None for reports kept from before this was recorded.
    built_on: date | None = None

    def to_bytes(self) -> bytes:
        e = self.entry
        return json.dumps(
            {
                "school_id": e.school_id,
                "school_name": e.school_name,
                "period": e.period,
                "state": e.state.value,
                "reason": e.reason,
                "code": e.code,
                "tries": e.tries,
                "next_try": e.next_try.isoformat() if e.next_try else None,
                "received": e.received.isoformat() if e.received else None,
                "envelope": self.envelope,
                "receipt": self.receipt,
                "built_on": self.built_on.isoformat() if self.built_on else None,
            },
            ensure_ascii=False,
        ).encode()

    @classmethod
    def from_bytes(cls, item_id: str, raw: bytes) -> _Stored:
        data = json.loads(raw)
        entry = OutboxEntry(
            school_id=data["school_id"],
            school_name=data["school_name"],
            period=data["period"],
            state=ReportState(data["state"]),
            reason=data["reason"],
            tries=int(data["tries"]),
            next_try=_time(data["next_try"]),
            received=_time(data["received"]),
            code=data["code"],
        )
        built = data.get("built_on")
        return cls(
            item_id,
            entry,
            data["envelope"],
            data["receipt"],
            date.fromisoformat(built) if isinstance(built, str) else None,
        )

    def changed(self, **fields: Any) -> _Stored:
        return dataclasses.replace(self, entry=dataclasses.replace(self.entry, **fields))


def _time(text: str | None) -> datetime | None:
    return None if text is None else datetime.fromisoformat(text)


def _stored(profile: UnlockedProfile) -> list[_Stored]:
    items = [_Stored.from_bytes(i, raw) for i, raw in profile.sealed_items(REPORT).items()]
    return sorted(items, key=lambda s: (s.entry.school_name.casefold(), s.entry.period))


def _save(profile: UnlockedProfile, *items: _Stored) -> None:
    profile.save_sealed_items(REPORT, {s.item_id: s.to_bytes() for s in items})


def outbox_entries(profile: UnlockedProfile) -> list[OutboxEntry]:
    """Every report in the outbox, by school name then period."""
    return [s.entry for s in _stored(profile)]


def waiting_envelopes(profile: UnlockedProfile) -> list[dict[str, Any]]:
    """The signed envelopes of every report not yet received or refused."""
    return [
        s.envelope
        for s in _stored(profile)
        if s.entry.state in (ReportState.WAITING, ReportState.SENT)
    ]


def receipt_of(profile: UnlockedProfile, school_id: str, period: str) -> dict[str, Any] | None:
    """The hub's signed receipt for one report, if it has one."""
    for s in _stored(profile):
        if s.entry.school_id == school_id and s.entry.period == period:
            return s.receipt
    return None


# --- filling ------------------------------------------------------------------------


def school_terms(profile: UnlockedProfile) -> dict[str, SchoolTerms]:
    """How each school in the directory gets its reports, by school id: its connection's
    signed policy, its name at the hub and the periods already built for it; the usual
    settings, and nothing sent, for a school not connected or that stopped this laptop."""
    return _terms(profile, _stored(profile), stored_connections(profile))


def _terms(
    profile: UnlockedProfile, existing: list[_Stored], links: list[StoredConnection]
) -> dict[str, SchoolTerms]:
    held: dict[str, set[str]] = {}
    built_on: dict[str, dict[str, date]] = {}
    spent: dict[str, dict[int, float]] = {}
    for item in existing:
        held.setdefault(item.entry.school_id, set()).add(item.entry.period)
        if item.built_on is not None:
            built_on.setdefault(item.entry.school_id, {})[item.entry.period] = item.built_on
        _add_spent(spent.setdefault(item.entry.school_id, {}), item.envelope["report"])
    by_school = {c.public.school_id: c for c in links}
    terms = {}
    for school in profile.all(School):
        link = by_school.get(school.id)
        periods = frozenset(held.get(school.id, ()))
        if link is None:
            terms[school.id] = SchoolTerms(school, held=periods)
        elif link.public.revoked:
            terms[school.id] = SchoolTerms(
                school,
                link.school_policy(),
                held=periods,
                stopped=True,
                built_on=built_on.get(school.id, {}),
            )
        else:
            terms[school.id] = SchoolTerms(
                school,
                link.school_policy(),
                hub_school=link.public.hub_school,
                connected_on=link.public.connected.date(),
                held=periods,
                spent=spent.get(school.id, {}),
                built_on=built_on.get(school.id, {}),
            )
    return terms


def _add_spent(spent: dict[int, float], report: dict[str, Any]) -> None:
    """Add what one built report spent of each family's yearly budget: the ledger is the
    sealed reports themselves (a report refused or never received still counts, as its
    numbers might have been seen). First-format reports spent outside this budget."""
    rho = report.get("privacy", {}).get("rho")
    if isinstance(rho, int | float):
        year = period_named(str(report["period"])).school_year
        spent[year] = spent.get(year, 0.0) + float(rho)


def refresh_policies(profile: UnlockedProfile, today: date, *, every_school: bool = False) -> None:
    """Fetch the signed policy of every school with a report ready to build, so the
    report is built under the school's settings of today, not those of the last send (a
    school that lowered its budget would refuse a report built under the old one).
    ``every_school`` (the mentor's "Sync now") fetches it from every connected school, so a
    school's new longest keep of closed families arrives without waiting for a report.
    Blocking network I/O; a hub that cannot be reached keeps the policy last fetched."""
    existing = _stored(profile)
    links = stored_connections(profile)
    terms = _terms(profile, existing, links)
    for connection in links:
        school_terms = terms.get(connection.public.school_id)
        if school_terms is None or not school_terms.sending:
            continue
        if not every_school and not school_terms.periods_to_build(today):
            continue
        try:
            with connection.client() as hub:
                _refresh_policy(profile, connection, hub)
        except (HubUnreachable, HubRefused, ProtocolError):
            continue  # the kept policy still holds


def fill_outbox(profile: UnlockedProfile, today: date) -> list[OutboxEntry]:
    """Build, sign and seal every ready report that is not in the outbox yet, for every
    connected school; returns the new entries. Calling it again adds nothing. Each report
    is ``what_is_sent.report_for`` under the school's terms: what the preview showed."""
    profile.require_intact()  # never count families from a file changed outside the app
    existing = _stored(profile)
    links = stored_connections(profile)
    terms = _terms(profile, existing, links)
    prepared: PreparedRecords | None = None
    new: list[_Stored] = []
    for connection in links:
        school_terms = terms.get(connection.public.school_id)
        if school_terms is None or not school_terms.sending:
            continue
        ready = school_terms.periods_to_build(today)
        if not ready:
            continue
        if prepared is None:
            prepared = PreparedRecords(list(profile))
        key = connection.device_key(profile)
        for period in ready:
            try:
                report = report_for(prepared, school_terms, period, DiscreteGaussian())
            except BudgetRefused:
                continue  # passed over (periods_to_build checks first): the next may fit
            # The next period of the same run spends after this one.
            spent = dict(school_terms.spent)
            _add_spent(spent, report)
            # Not added to ``held``: a session counts in a later period only if its own was
            # built before the session was entered, not earlier in this same run.
            school_terms = dataclasses.replace(school_terms, spent=spent)
            entry = OutboxEntry(
                school_id=school_terms.school.id,
                school_name=school_terms.school.name,
                period=period.name,
                state=ReportState.WAITING,
                reason="",
                tries=0,
                next_try=None,
                received=None,
            )
            envelope = report_envelope(key, report)
            new.append(_Stored(secrets.token_hex(16), entry, envelope, built_on=today))
    if new:
        _save(profile, *new)  # all of them or none, in one action
    return [s.entry for s in new]


def sealed_reports(profile: UnlockedProfile) -> list[tuple[OutboxEntry, dict[str, Any]]]:
    """Every report in the outbox with its entry, opened once (``sealed_report`` for each
    entry would open the whole outbox for each)."""
    return [(s.entry, s.envelope["report"]) for s in _stored(profile)]


def sealed_report(profile: UnlockedProfile, school_id: str, period: str) -> dict[str, Any] | None:
    """The report sealed in the outbox for one school and period, as it was signed."""
    for s in _stored(profile):
        if s.entry.school_id == school_id and s.entry.period == period:
            report: dict[str, Any] = s.envelope["report"]
            return report
    return None


# --- sending ------------------------------------------------------------------------


def retry_delay(tries: int, rng: random.Random | None = None) -> timedelta:
    """How long to wait after the ``tries``th failed try: exponential from a minute,
    doubling to six hours, with full jitter so many laptops do not come back at once."""
    # The exponent stops growing long after the cap is reached, so it never overflows.
    ceiling = min(FIRST_DELAY * 2 ** min(max(tries - 1, 0), 30), LONGEST_DELAY)
    return timedelta(seconds=(rng or random).uniform(0, ceiling.total_seconds()))


def send_due(
    profile: UnlockedProfile,
    now: datetime,
    *,
    everything: bool = False,
    rng: random.Random | None = None,
) -> SendResult:
    """Send every report that is due (all waiting ones with ``everything``, for "Sync
    now"). Blocking network I/O: run it off the UI thread. Each result is saved as soon
    as it is known; a hub that cannot be reached does not stop sending to others."""
    now = now if now.tzinfo is not None else now.replace(tzinfo=UTC)
    with _sending:
        return _send(profile, now, everything, rng or random.Random())


def _send(
    profile: UnlockedProfile, now: datetime, everything: bool, rng: random.Random
) -> SendResult:
    received = refused = 0
    revoked: list[str] = []
    unreachable = False
    by_school: dict[str, list[_Stored]] = {}
    for item in _stored(profile):
        e = item.entry
        if e.state not in (ReportState.WAITING, ReportState.SENT):
            continue
        if item.envelope.get("report", {}).get("format") == FIRST_FORMAT:
            # Sealed by the app's first version and never received: no hub takes that
            # format now, and it protected families less. Retired here, not sent.
            _save(
                profile, item.changed(state=ReportState.REFUSED, next_try=None, code="first-format")
            )
            refused += 1
            continue
        if everything or e.next_try is None or e.next_try <= now:
            by_school.setdefault(e.school_id, []).append(item)
    connected = {c.public.school_id: c for c in stored_connections(profile)}
    for school_id, due in by_school.items():
        connection = connected.get(school_id)
        if connection is None or connection.public.revoked:
            continue
        outcome = _send_to_school(profile, connection, due, now, rng)
        received += outcome[0]
        refused += outcome[1]
        unreachable = unreachable or outcome[2]
        if outcome[3]:
            revoked.append(connection.public.school_name)
    still = sum(e.state in (ReportState.WAITING, ReportState.SENT) for e in outbox_entries(profile))
    return SendResult(received, refused, still, revoked, unreachable)


def _send_to_school(
    profile: UnlockedProfile,
    connection: StoredConnection,
    due: list[_Stored],
    now: datetime,
    rng: random.Random,
) -> tuple[int, int, bool, bool]:
    """(received, refused, unreachable, revoked) for one school's due reports."""
    received = refused = 0
    due = [_signed_by(profile, connection, item) for item in due]
    with connection.client() as hub:
        for index, item in enumerate(due):
            try:
                receipt, signed = hub.upload_keeping_receipt(item.envelope)
            except HubUnreachable as problem:
                # The hub is down or busy: every report still due for it waits, each with
                # its own back-off, and other schools are still tried.
                _save(profile, *(_later(i, problem, now, rng) for i in due[index:]))
                return received, refused, True, False
            except WrongHub as wrong:
                # A renewed certificate or a venue's proxy, not the school's refusal: the
                # reports wait, and say why, until the school's own hub answers again.
                later = BadAnswer("not the pinned hub")  # shown as "an answer it cannot check"
                # Another certificate key than the invitation's: never sent, and said so.
                said = _WRONG_CERTIFICATE if wrong.code == "wrong-certificate" else None
                _save(profile, *(_later(i, later, now, rng, said) for i in due[index:]))
                return received, refused, True, False
            except HubRefused as refusal:
                if refusal.code in _STOPPED:
                    mark_revoked(profile, connection)
                    reason = _("The school has stopped this laptop from sending reports.")
                    stopped = (i.changed(reason=reason, code=refusal.code) for i in due[index:])
                    _save(profile, *stopped)
                    return received, refused, False, True
                _save(
                    profile,
                    item.changed(
                        state=ReportState.REFUSED,
                        reason=refusal.reason,  # kept for the record; screens use the code
                        tries=item.entry.tries + 1,
                        next_try=None,
                        code=refusal.code,
                    ),
                )
                refused += 1
                continue
            kept = dataclasses.replace(
                item.changed(
                    state=ReportState.RECEIVED,
                    reason="",
                    code="",
                    tries=item.entry.tries + 1,
                    next_try=None,
                    received=receipt.received,
                ),
                receipt=signed,
            )
            _save(profile, kept)
            received += 1
        _refresh_policy(profile, connection, hub)
    return received, refused, False, False


def _signed_by(profile: UnlockedProfile, connection: StoredConnection, item: _Stored) -> _Stored:
    """The item, signed by the connection's device: after connecting again, the same
    report (the same bytes) is signed by the new device key, so it can still be sent."""
    if item.envelope.get("device") == connection.public.device:
        return item
    envelope = report_envelope(connection.device_key(profile), item.envelope["report"])
    resigned = dataclasses.replace(item, envelope=envelope)
    _save(profile, resigned)
    return resigned


#: Why reports wait when the server at the school's address has another certificate key.
_WRONG_CERTIFICATE = N_(
    "The server at the school's address is not the one in the invitation: its certificate "
    "is different. Nothing was sent; the reports wait. Please ask the school."
)


def _later(
    item: _Stored,
    problem: HubUnreachable,
    now: datetime,
    rng: random.Random,
    said: str | None = None,
) -> _Stored:
    tries = item.entry.tries + 1
    wait = retry_delay(tries, rng)
    if problem.retry_after is not None:
        # A busy hub's word on when to come back, but never longer than our own longest.
        wait = max(wait, min(timedelta(seconds=problem.retry_after), LONGEST_DELAY))
    state = ReportState.SENT if problem.sent else item.entry.state
    reason = (
        _(said)
        if said is not None
        else _("The school's hub gave an answer this laptop cannot check. It will try again later.")
        if isinstance(problem, BadAnswer)
        else _("The school's hub could not be reached. It will try again later.")
    )
    return item.changed(state=state, reason=reason, tries=tries, next_try=now + wait)


def _refresh_policy(profile: UnlockedProfile, connection: StoredConnection, hub: Any) -> None:
    """Keep the school's latest signed policy for the next reports built."""
    try:
        policy = hub.policy(connection.public.hub_school)
    except (HubUnreachable, HubRefused, ProtocolError):
        return  # the one kept still holds; it is fetched again next time
    if policy != connection.policy:
        save_connection(profile, dataclasses.replace(connection, policy=policy))


__all__ = [
    "OutboxEntry",
    "ReportState",
    "SendResult",
    "fill_outbox",
    "outbox_entries",
    "receipt_of",
    "refresh_policies",
    "retry_delay",
    "school_terms",
    "sealed_report",
    "sealed_reports",
    "send_due",
    "waiting_envelopes",
]
