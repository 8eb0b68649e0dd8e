"""What the hub takes of report formats 3 and 2, on both backends: a report is checked against
the school's current policy (its privacy block, its noise, every number's limit, the
laptop's yearly budget) and refused with a code and a plain reason; an old report's
format is a version problem; a stopped laptop's reports can be left out and counted again."""

from __future__ import annotations

import copy
import dataclasses
import math
from collections.abc import Callable
from datetime import datetime
from typing import Any

import pytest
from helpers.reports import first_format_report, second_format_report, wire_report
from hubcore_kit import ENDED, Clock, Laptop, a_report, enrolled
from parentrus_sync.hub.hub import Hub
from parentrus_sync.hub.ingest import Refusal, receive_report
from parentrus_sync.hub.storage import default_policy
from parentrus_sync.periods import PeriodKind
from parentrus_sync.protocol import REFUSAL_CODES, Policy, report_envelope
from parentrus_sync.report_shape import BY_NAME, caps_for, cell_limit
from parentrus_sync.school_plan import ReportPlan

SCHOOL = "riverside-primary"
EVERY_BREAKDOWN = ReportPlan(tuple(BY_NAME))
Change = Callable[[dict[str, Any]], None]


def send(hub: Hub, laptop: Laptop, report: dict[str, Any]) -> int:
    status, _ = receive_report(hub, report_envelope(laptop.key, report), hub.now())
    return status


def refusal(hub: Hub, laptop: Laptop, report: dict[str, Any]) -> Refusal:
    with pytest.raises(Refusal) as refused:
        send(hub, laptop, report)
    assert refused.value.reason.endswith("."), refused.value.reason
    assert refused.value.code in REFUSAL_CODES  # the laptop has words for it
    return refused.value


def changed(change: Change, report: dict[str, Any] | None = None) -> dict[str, Any]:
    body = copy.deepcopy(report or a_report())
    change(body)
    return body


def test_a_report_of_format_3_is_received_and_kept_as_signed(hub: Hub) -> None:
    laptop = enrolled(hub)
    report = a_report()
    assert send(hub, laptop, report) == 201
    (held,) = hub.storage.reports(SCHOOL)
    assert held.report == report and held.report["format"] == "parentrus-report/3"
    assert send(hub, laptop, report) == 200  # sent again: the same receipt


def test_a_laptop_not_yet_updated_still_sends_format_2(hub: Hub) -> None:
    """Format 3 only added language cells; a report of format 2 is checked alike."""
    laptop = enrolled(hub)
    older = second_format_report(school=SCHOOL, period=ENDED, plan=EVERY_BREAKDOWN)
    assert "rom" not in older["totals"]["languages_at_intake"]
    assert send(hub, laptop, older) == 201
    (held,) = hub.storage.reports(SCHOOL)
    assert held.report == older and held.report["format"] == "parentrus-report/2"
    with_romani = changed(lambda body: body["totals"]["languages_at_intake"].update(rom=1), older)
    with pytest.raises(Refusal) as refused:
        send(hub, enrolled(hub), with_romani)
    assert refused.value.code == "bad-report" and "'rom' was unexpected" in refused.value.reason


def test_format_2_and_format_3_reports_spend_one_yearly_budget(hub: Hub, clock: Clock) -> None:
    """A laptop updated during the school year: its format-2 terms count against the
    budget its format-3 reports then have left, as if all were of one format (two terms
    and four months fill the year, as in the test above)."""
    clock.moment = datetime(2027, 10, 5, tzinfo=clock.moment.tzinfo)
    monthly = ReportPlan(kind=PeriodKind.MONTH)
    laptop = enrolled(hub)
    for term in ("2026-autumn", "2027-spring"):
        assert send(hub, laptop, second_format_report(school=SCHOOL, period=term)) == 201
    hub.storage.set_policy(Policy(SCHOOL, period_kind=PeriodKind.MONTH))
    for month in ("2027-04", "2027-05", "2027-06", "2027-07"):
        assert send(hub, laptop, wire_report(SCHOOL, month, plan=monthly)) == 201
    refused = refusal(hub, laptop, wire_report(SCHOOL, "2027-08", plan=monthly))
    assert refused.code == "budget-exceeded"


def test_a_report_of_the_first_format_is_refused_as_a_version_problem(hub: Hub) -> None:
    refused = refusal(hub, enrolled(hub), first_format_report(period="2026-10"))
    assert (refused.code, refused.status) == ("version", 400)
    assert "update" in refused.reason and "app" in refused.reason
    assert hub.storage.reports(SCHOOL, discarded=True) == []


def _caps(body: dict[str, Any]) -> None:
    body["privacy"]["caps"]["sessions_per_family"] = 40  # a term's is 12


def _sigma_missing(body: dict[str, Any]) -> None:
    del body["privacy"]["sigma"]["sessions_held"]


def _totals_extra(body: dict[str, Any]) -> None:
    body["totals"]["mentor_hours"] = {"hours": 3}


def _l2(body: dict[str, Any]) -> None:
    body["privacy"]["l2_sensitivity"]["sessions_held"] = 1.0  # a family adds up to 12


def _cadence(body: dict[str, Any]) -> None:
    body["privacy"]["cadence"] = "month"


def _school_year(body: dict[str, Any]) -> None:
    body["privacy"]["school_year"] = "2025/26"


@pytest.mark.parametrize(
    ("change", "words"),
    [
        (_caps, "limits on what one family adds"),
        (_sigma_missing, "not for the same breakdowns"),
        (_totals_extra, "not for the same breakdowns"),
        (_l2, "wrong sensitivity for sessions_held"),
        (_cadence, "is a term"),
        (_school_year, "is in 2026/27"),
    ],
    ids=["wrong caps", "a σ missing", "a breakdown with no σ", "wrong L2", "cadence", "year"],
)
def test_a_privacy_block_that_disagrees_is_refused(hub: Hub, change: Change, words: str) -> None:
    refused = refusal(hub, enrolled(hub), changed(change))
    assert (refused.code, refused.status) == ("bad-privacy", 422)
    assert words in refused.reason
    assert hub.storage.reports(SCHOOL, discarded=True) == []


def _sigma_times(name: str, factor: float) -> Change:
    def change(body: dict[str, Any]) -> None:
        body["privacy"]["sigma"][name] = factor * ReportPlan().sigma(name)

    return change


def test_a_noisier_report_is_taken_but_cannot_widen_its_own_limits(hub: Hub) -> None:
    """A report built under an earlier, stricter policy carries more noise and is taken;
    a laptop stating a huge σ does not make room for a huge number: the noise allowed
    beyond what the families could give is at most 4× the policy's σ, ten times over."""
    laptop = enrolled(hub)
    sigma = ReportPlan().sigma("families_active")
    policy = hub.storage.school(SCHOOL).policy  # type: ignore[union-attr]
    most = policy.families_per_laptop + math.ceil(10 * 4 * sigma)
    noisy = changed(_sigma_times("families_active", 100.0))
    assert send(hub, laptop, noisy) == 201
    beyond = wire_report(SCHOOL, "2026-spring")  # another period, the same laptop
    beyond["privacy"]["sigma"]["families_active"] = 100 * sigma
    beyond["totals"]["families_active"]["families"] = most + 1
    assert refusal(hub, laptop, beyond).code == "beyond-limit"
    beyond["totals"]["families_active"]["families"] = most
    assert send(hub, laptop, beyond) == 201


def test_a_period_overlapping_one_the_laptop_sent_is_refused(hub: Hub) -> None:
    """A month inside a term this laptop already reported would count its families twice."""
    laptop = enrolled(hub)
    assert send(hub, laptop, wire_report(SCHOOL, ENDED)) == 201
    month = wire_report(SCHOOL, "2026-10", plan=ReportPlan(kind=PeriodKind.MONTH))
    refused = refusal(hub, laptop, month)
    assert (refused.code, refused.status) == ("overlapping-period", 422)
    # Another laptop's month is no overlap of this one's.
    assert send(hub, enrolled(hub), month) == 201


def _cell(name: str, cell: str, value: int) -> Change:
    def change(body: dict[str, Any]) -> None:
        body["totals"][name][cell] = value

    return change


def test_a_number_beyond_what_the_laptops_families_could_give_is_refused(hub: Hub) -> None:
    policy = default_policy(SCHOOL)
    sigma = policy.plan().sigma("sessions_held")
    low, high = cell_limit(
        BY_NAME["sessions_held"], caps_for(PeriodKind.TERM), policy.families_per_laptop, sigma
    )
    assert high == 40 * 12 + 194  # 40 families at 12 sessions each, and ten σ of noise
    laptop = enrolled(hub)
    for value in (high + 1, low - 1):
        refused = refusal(hub, laptop, changed(_cell("sessions_held", "sessions", value)))
        assert (refused.code, refused.status) == ("beyond-limit", 422)
        assert "40 families" in refused.reason
    assert send(hub, laptop, changed(_cell("sessions_held", "sessions", high))) == 201
    # A school that lets a laptop hold fewer families takes smaller numbers.
    hub.storage.set_policy(dataclasses.replace(policy, families_per_laptop=10))
    other = enrolled(hub)
    smaller = changed(_cell("sessions_held", "sessions", high), a_report(seed=1))
    assert refusal(hub, other, smaller).code == "beyond-limit"


def test_a_laptop_cannot_spend_more_than_a_familys_year(hub: Hub, clock: Clock) -> None:
    """The school year 2026/27: two terms, each a third of ε 10; the school then asks for
    months, each a twelfth: April to July fill the year, and August is beyond it."""
    clock.moment = datetime(2027, 10, 5, tzinfo=clock.moment.tzinfo)
    monthly = ReportPlan(kind=PeriodKind.MONTH)
    laptop = enrolled(hub)
    for term in ("2026-autumn", "2027-spring"):
        assert send(hub, laptop, a_report(period=term)) == 201
    hub.storage.set_policy(Policy(SCHOOL, period_kind=PeriodKind.MONTH))
    for month in ("2027-04", "2027-05", "2027-06", "2027-07"):
        assert send(hub, laptop, wire_report(SCHOOL, month, plan=monthly)) == 201
    august = wire_report(SCHOOL, "2027-08", plan=monthly)
    refused = refusal(hub, laptop, august)
    assert (refused.code, refused.status) == ("budget-exceeded", 422)
    assert "2026/27" in refused.reason
    # Each laptop's budget is its own, each school year starts afresh, and a report the
    # hub holds already is answered as before.
    assert send(hub, enrolled(hub), august) == 201
    assert send(hub, laptop, wire_report(SCHOOL, "2027-09", plan=monthly)) == 201
    assert send(hub, laptop, a_report(period="2027-spring")) == 200
    assert len(hub.storage.reports(SCHOOL)) == 8


def test_a_report_less_noisy_than_the_budget_allows_is_refused(hub: Hub) -> None:
    """Half the σ costs four times the ρ: one such term report is more than the year."""
    halved = changed(lambda body: body["privacy"]["sigma"].update(
        {name: s / 2 for name, s in body["privacy"]["sigma"].items()}
    ))  # fmt: skip
    assert refusal(hub, enrolled(hub), halved).code == "budget-exceeded"


def test_the_budget_counts_what_the_sigmas_cost_not_what_the_report_says(hub: Hub) -> None:
    halved = changed(lambda body: body["privacy"].update(
        rho=0.0, sigma={n: s / 2 for n, s in body["privacy"]["sigma"].items()}
    ))  # fmt: skip
    assert refusal(hub, enrolled(hub), halved).code == "budget-exceeded"


def test_a_stopped_laptops_reports_can_be_left_out_and_counted_again(hub: Hub) -> None:
    kept, stopped = enrolled(hub), enrolled(hub)
    assert send(hub, kept, kept.envelope()["report"]) == 201
    assert send(hub, stopped, stopped.envelope()["report"]) == 201
    storage = hub.storage
    assert not storage.discard(stopped.device, hub.now())  # only a stopped laptop
    assert len(storage.reports(SCHOOL)) == 2

    storage.revoke(stopped.device, hub.now())
    assert storage.discard(stopped.device, hub.now())
    assert not storage.discard(stopped.device, hub.now())  # once
    assert [r.report_id.device for r in storage.reports(SCHOOL)] == [kept.device]
    assert [r.report_id.device for r in storage.reports(SCHOOL, [ENDED])] == [kept.device]
    assert len(storage.reports(SCHOOL, discarded=True)) == 2
    assert storage.device(stopped.device).discarded == hub.now()  # type: ignore[union-attr]
    assert len(storage.device_reports(stopped.device)) == 1  # still held

    assert storage.count_again(stopped.device)
    assert not storage.count_again(stopped.device)
    assert len(storage.reports(SCHOOL)) == 2
    assert storage.device(stopped.device).discarded is None  # type: ignore[union-attr]


def test_two_laptops_whose_numbers_happen_to_match_are_both_counted(hub: Hub) -> None:
    """With little noise two mentors' reports can hold the same numbers; each laptop's
    random nonce keeps them two reports. The same report signed again (the same nonce)
    after a laptop reconnects is still one."""
    first = wire_report(SCHOOL, ENDED, nonce="a" * 32)
    second = wire_report(SCHOOL, ENDED, nonce="b" * 32)
    assert first["totals"] == second["totals"]
    assert send(hub, enrolled(hub), first) == 201
    assert send(hub, enrolled(hub), second) == 201
    assert send(hub, enrolled(hub), copy.deepcopy(first)) == 200  # re-signed: counted once
    assert len(hub.storage.reports(SCHOOL)) == 2
