"""The report a school receives: nothing about anyone, each family capped, noised once."""

from __future__ import annotations

import json
import re
from dataclasses import replace
from datetime import date, time, timedelta

import pytest
from helpers.planted import (
    PLANTED_STRINGS,
    planted_family,
    planted_session,
    said_no_to_being_counted,
)
from hypothesis import given, settings
from hypothesis import strategies as st
from parentrus_sync.budget import BudgetRefused
from parentrus_sync.report_schema import report_problems
from parentrus_sync.report_shape import MENU
from parentrus_sync.school_plan import ReportPlan

from parentrus_desktop.domain import (
    Celebration,
    CheckIn,
    Child,
    Contact,
    Family,
    FollowUp,
    Record,
    Referral,
    School,
    Session,
    new_record_id,
)
from parentrus_desktop.domain.family import new_family_code
from parentrus_desktop.domain.vocabulary import SessionKind
from parentrus_desktop.operations.demo_data import DemoSize, demo_records
from parentrus_desktop.privacy.dp_noise import BeforeNoise, DiscreteGaussian, Noise
from parentrus_desktop.privacy.periods import PeriodKind, period_of
from parentrus_desktop.privacy.report import (
    PreparedRecords,
    Reported,
    build_report,
    school_on_the_wire,
)

NOVEMBER = period_of(date(2026, 11, 1), PeriodKind.MONTH)
MONTHLY = ReportPlan(kind=PeriodKind.MONTH)
EVERYTHING = ReportPlan(tuple(b.name for b in MENU), kind=PeriodKind.MONTH)
SCHOOL = "5c3b0a9e6d1f4a8b9c7d2e1f0a3b4c5d"


def _at_school(family: Family) -> Family:
    return replace(family, children=(Child(first_name="Quillanbert", school_id=SCHOOL),))


def _report(  # type: ignore[no-untyped-def]
    records: list[Record],
    period=NOVEMBER,
    plan=EVERYTHING,
    reported=frozenset(),
    noise: Noise | None = None,
    spent_rho: float = 0.0,
):
    """The report as JSON; its counts before noise unless a noise is given, so that two
    record sets can be compared number for number."""
    return json.dumps(
        build_report(
            records,
            school_id=SCHOOL,
            hub_school="riverside",
            period=period,
            plan=plan,
            noise=noise or BeforeNoise(),
            reported=reported,
            spent_rho=spent_rho,
        ),
        sort_keys=True,
    )


def _sessions(family: Family, count: int, first: date) -> list[Session]:
    return [
        replace(
            planted_session(family, f"visit {n}"),
            id=new_record_id(),
            on=first + timedelta(days=n % 5),
        )
        for n in range(count)
    ]


def test_nothing_about_anyone_appears_in_a_report() -> None:
    family = _at_school(planted_family())
    school = School(id=SCHOOL, name="Riverside Primary")
    demo = list(demo_records(DemoSize(30, 400), seed=9, today=date(2026, 12, 10)))
    records = [*demo, school, family, *_sessions(family, 5, date(2026, 11, 3))]
    text = _report(records)
    for planted in (*PLANTED_STRINGS, family.code, family.id, SCHOOL, "Riverside Primary"):
        assert planted not in text
    assert not re.search(r"\d{4}-\d{2}-\d{2}", text)  # no exact dates, only the period
    ids = {r.id for r in records}
    assert not any(token in ids for token in re.findall(r"[0-9a-f]{32}", text))
    report = json.loads(text)
    assert report["period"] == "2026-11" and report["school"] == "riverside"
    assert all(isinstance(v, int) for cells in report["totals"].values() for v in cells.values())


def test_one_family_adds_at_most_its_cap_of_sessions() -> None:
    family = _at_school(planted_family())
    forty = _sessions(family, 40, date(2026, 11, 9))  # 40 sessions in one week
    in_order = sorted(forty, key=lambda s: (s.on, s.starts_at or time.min, s.id))
    cap = MONTHLY.caps.sessions_per_family
    assert _report([family, *forty]) == _report([family, *in_order[:cap]])
    assert _report([family, *forty]) != _report([family, *in_order[: cap - 1]])
    held = json.loads(_report([family, *forty]))["totals"]["sessions_held"]["sessions"]
    assert held == cap


def test_a_group_session_counts_once_for_each_family_there() -> None:
    """The family is the unit: removing one family changes only what it adds."""
    one, other = _at_school(planted_family("AAA-BB")), _at_school(planted_family("CCC-DD"))
    group = replace(
        planted_session(one),
        session_kind=SessionKind.GROUP,
        families=(one.id, other.id),
        on=date(2026, 11, 4),
    )
    totals = json.loads(_report([one, other, group]))["totals"]
    assert totals["sessions_held"]["sessions"] == 2
    without = json.loads(_report([one, group]))["totals"]
    assert without["sessions_held"]["sessions"] == 1


def test_a_sealed_report_is_noised_and_fits_the_schema() -> None:
    family = _at_school(planted_family())
    records = [family, *_sessions(family, 3, date(2026, 11, 2))]
    noised = [json.loads(_report(records, noise=DiscreteGaussian())) for _ in range(5)]
    for report in noised:
        assert report_problems(report) == []
    # Noise is drawn afresh: five draws of 60-odd cells are never all the same.
    assert len({json.dumps(r["totals"], sort_keys=True) for r in noised}) > 1
    before = json.loads(_report(records))
    assert all(r["privacy"] == before["privacy"] for r in noised)


def test_a_report_holds_only_the_breakdowns_the_school_chose() -> None:
    family = _at_school(planted_family())
    report = json.loads(_report([family], plan=MONTHLY))
    assert set(report["totals"]) == set(MONTHLY.breakdowns)
    assert set(report["privacy"]["sigma"]) == set(MONTHLY.breakdowns)
    assert report["privacy"]["unit"] == "family"
    assert report["privacy"]["epsilon_year"] == 10.0


def test_a_report_the_year_s_budget_cannot_hold_is_never_built() -> None:
    family = _at_school(planted_family())
    plan = ReportPlan()  # each term
    autumn = period_of(date(2026, 9, 1), PeriodKind.TERM)
    per_term = plan.rho_per_release()
    report = json.loads(_report([family], period=autumn, plan=plan, spent_rho=2 * per_term))
    assert report["privacy"]["rho_year_so_far"] == pytest.approx(3 * per_term)
    assert report["privacy"]["epsilon_year_so_far"] == pytest.approx(10.0, abs=1e-6)
    with pytest.raises(BudgetRefused) as refused:
        _report([family], period=autumn, plan=plan, spent_rho=3 * per_term)
    assert refused.value.code == "budget-used-up"


def test_a_family_that_declined_is_not_in_the_report_at_all() -> None:
    counted = _at_school(planted_family("AAA-BB"))
    declined = _at_school(planted_family("CCC-DD"))
    no = said_no_to_being_counted(declined)
    base = [counted, *_sessions(counted, 4, date(2026, 11, 2))]
    with_declined = [*base, declined, no, *_sessions(declined, 6, date(2026, 11, 10))]
    assert _report(with_declined) == _report(base)
    assert _report([*base, declined, *_sessions(declined, 6, date(2026, 11, 10))]) != _report(
        base
    )  # the same family, counted, does change it


def test_a_late_session_counts_in_the_period_it_was_entered() -> None:
    family = _at_school(planted_family())
    late = replace(planted_session(family), on=date(2026, 10, 28), entered_on=date(2026, 11, 5))
    october = period_of(date(2026, 10, 1), PeriodKind.MONTH)
    # October not yet reported: the session counts in October.
    assert _report([family, late], period=october) != _report([family], period=october)
    assert _report([family, late]) == _report([family])
    # October already reported: it counts in November instead, never revising October.
    reported = frozenset({"2026-10"})
    assert _report([family, late], reported=reported) != _report([family], reported=reported)


def _held(report: str) -> int:
    return int(json.loads(report)["totals"]["sessions_held"]["sessions"])


def test_a_session_entered_before_its_period_was_built_counts_there_only() -> None:
    """Entered in October's grace days, or before a late-built October report: it was in
    October's report, so November never counts it again."""
    family = _at_school(planted_family())
    in_grace = replace(planted_session(family), on=date(2026, 10, 28), entered_on=date(2026, 11, 2))
    october = period_of(date(2026, 10, 1), PeriodKind.MONTH)
    assert _held(_report([family, in_grace], period=october)) == 1
    built = Reported.of({"2026-10": date(2026, 11, 4)})
    assert _held(_report([family, in_grace], reported=built)) == 0
    built_late = Reported.of({"2026-10": date(2026, 11, 20)})  # the laptop was away
    before_it = replace(in_grace, entered_on=date(2026, 11, 10))
    assert _held(_report([family, before_it], reported=built_late)) == 0
    after_it = replace(in_grace, entered_on=date(2026, 11, 21))
    assert _held(_report([family, after_it], reported=built_late)) == 1


def test_a_late_session_after_a_term_finished_month_by_month_is_not_lost() -> None:
    """September to December were sent month by month; a December session entered in
    January counts in the spring term (its own term was never built as a term)."""
    family = _at_school(planted_family())
    late = replace(planted_session(family), on=date(2026, 12, 15), entered_on=date(2027, 1, 10))
    months = {m: date(2027, 1, 4) if m == "2026-12" else None for m in (
        "2026-09", "2026-10", "2026-11", "2026-12"
    )}  # fmt: skip
    spring = period_of(date(2027, 1, 1), PeriodKind.TERM)
    plan = ReportPlan()
    assert (
        _held(_report([family, late], period=spring, plan=plan, reported=Reported.of(months))) == 1
    )
    on_time = replace(late, entered_on=date(2026, 12, 16))  # in December's report already
    assert (
        _held(_report([family, on_time], period=spring, plan=plan, reported=Reported.of(months)))
        == 0
    )


def test_a_yes_withdrawn_before_the_report_is_built_keeps_the_family_out() -> None:
    """A family that said yes, then "don't count us" on 2 January, before the autumn
    report was built: it is in no report built after that, autumn included; a new yes
    on 1 March counts it from the spring term on, never in autumn."""
    family = _at_school(planted_family())
    sessions = [
        *_sessions(family, 2, date(2026, 11, 2)),
        *_sessions(family, 2, date(2027, 3, 8)),
    ]
    yes = replace(said_no_to_being_counted(family), agreed=True)
    withdrawn = replace(yes, withdrawn_on=date(2027, 1, 2))
    autumn = period_of(date(2026, 9, 1), PeriodKind.TERM)
    spring = period_of(date(2027, 1, 1), PeriodKind.TERM)
    plan = ReportPlan()
    assert _held(_report([family, yes, *sessions], period=autumn, plan=plan)) == 2
    assert _held(_report([family, withdrawn, *sessions], period=autumn, plan=plan)) == 0
    again = replace(yes, id=new_record_id(), given_on=date(2027, 3, 1))
    records = [family, withdrawn, again, *sessions]
    assert _held(_report(records, period=spring, plan=plan)) == 2
    assert _held(_report(records, period=autumn, plan=plan)) == 0


def test_a_plan_above_the_highest_yearly_epsilon_is_refused() -> None:
    with pytest.raises(BudgetRefused) as refused:
        _report([], plan=ReportPlan(kind=PeriodKind.MONTH, epsilon=25.0))
    assert refused.value.code == "budget-above-highest"


# Planted text that cannot occur in a report by chance: ten or more letters, from the
# scripts the programme's families write in.
_planted_text = st.text(
    alphabet=st.sampled_from("ZqxjvkwQXJVKWبتثجحخسشصضحঅআইউএওকখগقفغظ"),
    min_size=10,
    max_size=24,
)


def _plant(records: list[Record], names: list[str], phone: str) -> list[Record]:
    """Put planted names, notes and a phone number into every free-text field."""
    out: list[Record] = []
    for n, record in enumerate(records):
        text = names[n % len(names)]
        if isinstance(record, Family):
            record = replace(
                record,
                carers=(text,),
                children=tuple(replace(c, first_name=text[::-1]) for c in record.children),
                contact=Contact(phone=phone),
                notes=text,
                aspirations=text,
            )
        elif isinstance(record, Session | Referral | Celebration | CheckIn):
            record = replace(record, notes=text)
        elif isinstance(record, FollowUp):
            record = replace(record, what=text, school_answer=text)
        out.append(record)
    return out


@settings(max_examples=25)
@given(
    seed=st.integers(0, 10_000),
    names=st.lists(_planted_text, min_size=1, max_size=5),
    phone=st.from_regex(r"07[0-9]{3} [0-9]{6}", fullmatch=True),
    monthly=st.booleans(),
)
def test_no_planted_text_code_id_or_date_is_in_any_report(
    seed: int, names: list[str], phone: str, monthly: bool
) -> None:
    """Random records full of planted names, phone numbers and notes: every report for
    every school fits the schema, and none holds a planted string, a family code, a row
    id, a school's own name or an exact date."""
    records = _plant(
        list(demo_records(DemoSize(12, 120), seed=seed, today=date(2026, 12, 10))), names, phone
    )
    prepared = PreparedRecords(records)
    kind = PeriodKind.MONTH if monthly else PeriodKind.TERM
    periods = list(dict.fromkeys(period_of(date(2026, month, 10), kind) for month in (3, 9, 11)))
    plan = ReportPlan(tuple(b.name for b in MENU), kind=kind)
    secrets_of_the_records = {
        *names,
        phone,
        *(r.code for r in records if isinstance(r, Family)),
        *(r.name for r in records if isinstance(r, School)),
        *(r.id for r in records),
    }
    for school in (r for r in records if isinstance(r, School)):
        for period in periods:
            report = build_report(
                prepared,
                school_id=school.id,
                hub_school=school_on_the_wire(school),
                period=period,
                plan=plan,
                noise=DiscreteGaussian(),
            )
            assert report_problems(report) == []
            text = json.dumps(report, ensure_ascii=False)
            assert not [s for s in secrets_of_the_records if s in text]
            assert not re.search(r"[0-9]{4}-[0-9]{2}-[0-9]{2}", text)


@pytest.mark.parametrize("epsilon", [1.0, 5.0, 10.0, 20.0])
@pytest.mark.parametrize("kind", [PeriodKind.TERM, PeriodKind.MONTH])
def test_reports_fit_the_schema_at_every_allowed_epsilon(epsilon: float, kind: PeriodKind) -> None:
    family = _at_school(planted_family())
    records = [family, *_sessions(family, 40, date(2026, 11, 9))]
    plan = ReportPlan(tuple(b.name for b in MENU), kind=kind, epsilon=epsilon)
    period = period_of(date(2026, 11, 1), kind)
    report = json.loads(_report(records, period=period, plan=plan, noise=DiscreteGaussian()))
    assert report_problems(report) == []
    assert report["privacy"]["epsilon_year"] == epsilon
    assert report["privacy"]["cadence"] == kind.value
    assert report["privacy"]["caps"]["sessions_per_family"] == plan.caps.sessions_per_family


def test_a_school_on_the_wire_is_named_in_the_schema_s_words() -> None:
    assert school_on_the_wire(School(id=SCHOOL, name="St. Mary's C of E Primary")) == (
        "st-mary-s-c-of-e-primary"
    )
    assert school_on_the_wire(School(id=SCHOOL, name="École Saint-Jean")) == "ecole-saint-jean"
    assert school_on_the_wire(School(id=SCHOOL, name="مدرسة")) == "school"


def test_no_count_exceeds_what_the_school_s_limit_of_families_could_give() -> None:
    """A mentor with more families than the school's policy allows a laptop: each count
    is held to that many families' worth, so the hub (which refuses more) takes it."""
    families = [_at_school(planted_family(new_family_code())) for _ in range(7)]
    plan = ReportPlan(kind=PeriodKind.MONTH, families_per_laptop=5)
    sessions = [s for f in families for s in _sessions(f, 6, date(2026, 11, 2))]
    totals = json.loads(_report([*families, *sessions], plan=plan))["totals"]
    assert totals["families_active"] == {"families": 5}
    assert totals["sessions_held"] == {"sessions": 5 * plan.caps.sessions_per_family}
    wide = ReportPlan(kind=PeriodKind.MONTH)
    assert json.loads(_report([*families, *sessions], plan=wide))["totals"]["families_active"] == {
        "families": 7
    }
