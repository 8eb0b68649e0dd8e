"""What the school will see: the next report for each school, and one family's part."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, timedelta

from helpers.planted import planted_family, planted_session, said_no_to_being_counted
from parentrus_sync.report_schema import report_problems
from parentrus_sync.report_shape import MENU
from parentrus_sync.school_plan import ReportPlan

from parentrus_desktop.domain import (
    Child,
    Family,
    Record,
    School,
    Session,
    new_record_id,
)
from parentrus_desktop.domain.vocabulary import (
    SessionKind,
    VenueCategory,
)
from parentrus_desktop.privacy.dp_noise import BeforeNoise
from parentrus_desktop.privacy.periods import PeriodKind, period_named
from parentrus_desktop.privacy.report import PreparedRecords, SchoolPolicy
from parentrus_desktop.privacy.what_is_sent import (
    SchoolTerms,
    next_report,
    next_reports,
    periods_from,
    sending_day,
    what_of_family_is_counted,
)

RIVERSIDE = School(id=new_record_id(), name="Riverside Primary")
HILLVIEW = School(id=new_record_id(), name="Hillview Academy")
TODAY = date(2026, 11, 22)
POLICY = SchoolPolicy()  # each term
MONTHLY = SchoolPolicy(ReportPlan(kind=PeriodKind.MONTH))
EVERYTHING = SchoolPolicy(ReportPlan(tuple(b.name for b in MENU), kind=PeriodKind.MONTH))


def _at(family: Family, school: School) -> Family:
    return replace(family, children=(Child(first_name="Quillanbert", school_id=school.id),))


def _centre_sessions(family: Family, count: int, first: date = date(2026, 11, 3)) -> list[Session]:
    return [
        replace(
            planted_session(family),
            id=new_record_id(),
            on=first + timedelta(days=n),
            venue_category=VenueCategory.COMMUNITY_CENTRE,
            session_kind=SessionKind.ONE_TO_ONE,
        )
        for n in range(count)
    ]


def test_a_report_is_sent_from_the_day_its_grace_days_end() -> None:
    autumn = period_named("2026-autumn")
    assert sending_day(autumn, POLICY) == date(2027, 1, 4)
    assert sending_day(period_named("2026-10"), MONTHLY) == date(2026, 11, 4)


def test_a_term_begun_month_by_month_is_finished_month_by_month() -> None:
    """A laptop that sent September to November monthly (the first format) and now
    reports each term sends December as a month, then terms: no day twice, none lost."""
    since = date(2026, 12, 1)
    periods = periods_from(since, PeriodKind.TERM)
    assert [next(periods).name for _ in range(3)] == ["2026-12", "2027-spring", "2027-summer"]
    weekly_until = date(2026, 11, 24)  # after a week that ended mid-month: the next month
    assert next(periods_from(weekly_until, PeriodKind.TERM)).name == "2026-12"
    # Such a month is one this school gets a report for; any other month is not.
    terms = SchoolTerms(RIVERSIDE, POLICY, held=frozenset({"2026-09", "2026-10", "2026-11"}))
    assert terms.reports_by(period_named("2026-12"))
    assert terms.reports_by(period_named("2027-spring"))
    assert not terms.reports_by(period_named("2027-02"))


def test_what_of_a_family_is_counted_is_its_own_capped_part() -> None:
    family = _at(planted_family("AAA-BB"), RIVERSIDE)
    other = _at(planted_family("CCC-DD"), RIVERSIDE)
    group = replace(
        _centre_sessions(family, 1, date(2026, 11, 20))[0],
        session_kind=SessionKind.GROUP,
        families=(family.id, other.id),
    )
    records: list[Record] = [
        RIVERSIDE,
        family,
        other,
        *_centre_sessions(family, 3),
        *_centre_sessions(other, 2),
        group,
    ]
    terms = {RIVERSIDE.id: SchoolTerms(RIVERSIDE, EVERYTHING)}
    counted = what_of_family_is_counted(PreparedRecords(records), family, TODAY, terms)
    assert not counted.declined
    [at_school] = counted.schools
    assert at_school.school == RIVERSIDE and at_school.period.name == "2026-11"
    # "3 sessions at a community centre, and one group session": the other family's own
    # sessions are not this family's part.
    assert at_school.counts["sessions_by_venue_category"] == {"community_centre": 4}
    assert at_school.counts["sessions_by_kind"] == {"one_to_one": 3, "group": 1}
    assert at_school.counts["families_active"] == {"families": 1}
    assert "barriers_at_intake" not in at_school.counts  # joined in September: not new


def test_a_family_with_many_sessions_is_counted_up_to_the_cap() -> None:
    family = _at(planted_family(), RIVERSIDE)
    records = [RIVERSIDE, family, *_centre_sessions(family, 15)]
    counted = what_of_family_is_counted(PreparedRecords(records), family, TODAY)
    # The usual settings: each term, the default numbers only.
    assert counted.schools[0].period.name == "2026-autumn"
    assert counted.schools[0].counts["sessions_held"] == {"sessions": 12}
    assert "sessions_by_kind" not in counted.schools[0].counts


def test_a_family_that_declined_or_has_no_school_is_not_counted() -> None:
    declined = _at(planted_family(), RIVERSIDE)
    no = said_no_to_being_counted(declined)
    records = [RIVERSIDE, declined, no, *_centre_sessions(declined, 2)]
    counted = what_of_family_is_counted(PreparedRecords(records), declined, TODAY)
    assert counted.declined and counted.schools == []
    elsewhere = planted_family("EEE-FF")  # no child at a school in the directory
    counted = what_of_family_is_counted(PreparedRecords([RIVERSIDE, elsewhere]), elsewhere, TODAY)
    assert not counted.declined and counted.schools == []


def test_every_school_gets_its_next_report_in_name_order() -> None:
    family = _at(planted_family(), RIVERSIDE)
    records = [RIVERSIDE, HILLVIEW, family, *_centre_sessions(family, 2)]
    terms = [SchoolTerms(RIVERSIDE), SchoolTerms(HILLVIEW)]
    reports = next_reports(PreparedRecords(records), terms, TODAY, BeforeNoise())
    assert [r.school.name for r in reports] == ["Hillview Academy", "Riverside Primary"]
    assert not any(r.sending for r in reports)  # not connected: sent nowhere
    assert all(r.period.name == "2026-autumn" for r in reports)
    assert all(r.sent_from == date(2027, 1, 4) for r in reports)
    assert all(r.report is not None and report_problems(r.report) == [] for r in reports)
    assert [r.report and r.report["school"] for r in reports] == [
        "hillview-academy",
        "riverside-primary",
    ]


def test_the_next_report_of_a_connected_school_is_the_first_not_yet_built() -> None:
    """A connected school's next report is the first ready period not in the outbox; a
    period already built (and sent) is never next again; never one before connecting."""
    monthly = replace(MONTHLY, grace_days=1)
    connected = SchoolTerms(
        RIVERSIDE, monthly, hub_school="riverside", connected_on=date(2026, 9, 20)
    )
    assert [p.name for p in connected.periods_to_build(TODAY)] == ["2026-09", "2026-10"]
    assert connected.next_period(TODAY).name == "2026-09"
    sent = replace(connected, held=frozenset({"2026-09", "2026-10"}))
    assert sent.periods_to_build(TODAY) == []
    assert sent.next_period(TODAY).name == "2026-11"  # still open: not ready
    # Connected in the grace days of a month: that month is never the next report.
    late = SchoolTerms(RIVERSIDE, MONTHLY, hub_school="riverside", connected_on=date(2026, 11, 2))
    assert late.next_period(date(2026, 11, 2)).name == "2026-11"
    # The report carries the hub's name for the school, and the school's own ε.
    family = _at(planted_family(), RIVERSIDE)
    strict = replace(connected, policy=SchoolPolicy(ReportPlan(kind=PeriodKind.MONTH, epsilon=4.0)))
    report = next_report(PreparedRecords([RIVERSIDE, family]), strict, TODAY, BeforeNoise()).report
    assert report is not None
    assert report["school"] == "riverside" and report["period"] == "2026-09"
    assert report["privacy"]["epsilon_year"] == 4.0


def test_a_school_year_s_budget_used_up_makes_no_report_until_september() -> None:
    family = _at(planted_family(), RIVERSIDE)
    per_term = POLICY.plan.rho_per_release()
    terms = SchoolTerms(
        RIVERSIDE,
        POLICY,
        hub_school="riverside",
        connected_on=date(2026, 9, 1),
        spent={2026: 3 * per_term},  # three terms' worth already, say after a policy change
    )
    found = next_report(PreparedRecords([RIVERSIDE, family]), terms, TODAY, BeforeNoise())
    assert found.report is None
    assert found.refused is not None and found.refused.code == "budget-used-up"
    next_year = replace(terms, held=frozenset({"2026-autumn", "2027-spring", "2027-summer"}))
    found = next_report(PreparedRecords([RIVERSIDE, family]), next_year, TODAY, BeforeNoise())
    assert found.period.name == "2027-autumn" and found.report is not None


def test_a_used_up_year_is_passed_over_and_the_next_school_year_is_reported() -> None:
    """The school lowered ε to 5 during 2027/28 after two terms at ε 10: the summer term
    cannot be made, and is passed over for good; the next school year's terms are made."""
    at_ten = ReportPlan().rho_per_release()
    lowered = SchoolPolicy(ReportPlan(epsilon=5.0))
    terms = SchoolTerms(
        RIVERSIDE,
        lowered,
        hub_school="riverside",
        connected_on=date(2027, 9, 1),
        held=frozenset({"2027-autumn", "2028-spring"}),
        spent={2027: 2 * at_ten},
    )
    later = date(2029, 4, 10)
    assert [p.name for p in terms.periods_to_build(later)] == ["2028-autumn", "2029-spring"]
    assert terms.next_period(later).name == "2028-autumn"
    # While the summer term is still open, it is the next one, and says it is used up.
    family = _at(planted_family(), RIVERSIDE)
    during = next_report(
        PreparedRecords([RIVERSIDE, family]), terms, date(2028, 5, 1), BeforeNoise()
    )
    assert during.period.name == "2028-summer" and during.refused is not None
