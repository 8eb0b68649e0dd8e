"""One family moves a report by at most what the report states: per cell, per breakdown
(L2) and over the whole report (ρ), for random record sets and every menu breakdown.

Removing a family takes out all its records and takes it out of every session it was at
(``helpers.privacy_audit.without_family``). Term and month periods, with late entries
(``reported``) and families who declined to be counted. The family at every cap
(``capped_family``, twice over each cap) reaches each stated L2 exactly, so a cap not
applied in the builder, or an L2 stated too low, fails here.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Mapping
from dataclasses import replace
from datetime import date

import pytest
from helpers.privacy_audit import capped_family, change, report_rho, without_family
from helpers.record_strategies import codes
from hypothesis import given, settings
from hypothesis import strategies as st
from parentrus_sync.periods import Period, PeriodKind, period_named, periods_in_school_year
from parentrus_sync.report_shape import DEFAULT_BREAKDOWNS, MENU, caps_for
from parentrus_sync.school_plan import ReportPlan

from parentrus_desktop.domain import (
    Celebration,
    CheckIn,
    Child,
    Consent,
    Family,
    FollowUp,
    Record,
    Referral,
    School,
    Session,
    new_record_id,
)
from parentrus_desktop.domain.session import SINGLE_FAMILY_KINDS
from parentrus_desktop.domain.vocabulary import (
    ActionOwner,
    AgencyCategory,
    Barrier,
    CelebrationCategory,
    CheckInQuestion,
    ConsentMethod,
    ConsentScope,
    FamilyStatus,
    NonAttendanceReason,
    SessionKind,
    SessionStatus,
    Topic,
    VenueCategory,
)
from parentrus_desktop.privacy.report import PreparedRecords, count_period

SCHOOL = School(id=new_record_id(), name="Riverside Primary School")
OTHER_SCHOOL = School(id=new_record_id(), name="Hillview Academy")
ALL = tuple(b.name for b in MENU)
#: The period reported, that most records crowd into; a few fall before and after it,
#: so that its edges and late entries are crossed. Other periods may be reported already.
PERIOD = {PeriodKind.TERM: "2026-autumn", PeriodKind.MONTH: "2026-11"}
OTHER_PERIODS = {
    PeriodKind.TERM: ["2026-summer", "2027-spring"],
    PeriodKind.MONTH: ["2026-09", "2026-10", "2026-12"],
}
WIDE = st.dates(date(2026, 6, 1), date(2027, 3, 31))


def days_around(period: Period) -> st.SearchStrategy[date]:
    busy = st.dates(period.first, period.last)
    return st.one_of(busy, busy, busy, WIDE)


tags = st.lists(
    st.sampled_from(["en", "ar", "so", "ur", "pl", "pa-Arab", "pt-BR", "ckb", "ti"]),
    max_size=4,
)


@st.composite
def family_and_consent(draw: st.DrawFn, days: st.SearchStrategy[date]) -> list[Record]:
    joined = draw(days)
    status = draw(st.sampled_from(FamilyStatus))
    closed = draw(st.none() | st.dates(joined, date(2027, 3, 31)))
    if status is FamilyStatus.CLOSED and closed is None:
        closed = joined
    school = draw(st.sampled_from([SCHOOL.id, SCHOOL.id, SCHOOL.id, OTHER_SCHOOL.id]))
    family = Family(
        id=new_record_id(),
        code=draw(codes),
        carers=("Carer",),
        children=(Child(first_name="Child", school_id=school),),
        languages=tuple(draw(tags)),
        barriers=tuple(draw(st.lists(st.sampled_from(Barrier), max_size=6))),
        status=status,
        joined_on=joined,
        closed_on=closed,
    )
    records: list[Record] = [family]
    if draw(st.booleans()):
        given = draw(days)
        records.append(
            Consent(
                id=new_record_id(),
                family=family.id,
                scope=ConsentScope.COUNTED,
                agreed=draw(st.integers(0, 3)) > 0,
                wording_version="2026-1",
                language="en",
                given_on=given,
                method=ConsentMethod.SPOKEN,
                withdrawn_on=draw(st.none() | st.dates(given, date(2027, 3, 31))),
            )
        )
    return records


@st.composite
def session(draw: st.DrawFn, family_ids: list[str], days: st.SearchStrategy[date]) -> Session:
    kind = draw(st.sampled_from(SessionKind))
    if kind in SINGLE_FAMILY_KINDS:
        present, others = [draw(st.sampled_from(family_ids))], 0
    else:
        present = draw(
            st.lists(
                st.sampled_from(family_ids),
                min_size=1 if kind is SessionKind.GROUP else 0,
                unique=True,
            )
        )
        others = draw(st.integers(0 if present else 1, 5))
    status = draw(st.sampled_from([SessionStatus.HELD] * 4 + list(SessionStatus)))
    on = draw(days)
    return Session(
        id=new_record_id(),
        session_kind=kind,
        venue_category=draw(st.sampled_from(VenueCategory)),
        on=on,
        minutes=draw(st.sampled_from([1, 29, 30, 60, 90, 150, 180, 240, 720])),
        families=tuple(present),
        others=others,
        languages=tuple(draw(tags)),
        topics=tuple(draw(st.lists(st.sampled_from(Topic), max_size=6))),
        status=status,
        non_attendance_reason=draw(st.sampled_from(NonAttendanceReason))
        if status is SessionStatus.DID_NOT_ATTEND
        else None,
        entered_on=draw(st.none() | st.dates(on, date(2027, 3, 31))),
    )


@st.composite
def about_a_family(draw: st.DrawFn, family_ids: list[str], days: st.SearchStrategy[date]) -> Record:
    family = draw(st.sampled_from(family_ids))
    what = draw(st.sampled_from(["request", "follow_up", "referral", "celebration", "check_in"]))
    if what in ("request", "follow_up"):
        owner = ActionOwner.SCHOOL if what == "request" else ActionOwner.MENTOR
        return FollowUp(
            id=new_record_id(),
            family=draw(st.sampled_from([family, family, None])),
            owner=owner,
            what="Ask for a meeting",
            due_on=draw(days),
            school=SCHOOL.id if owner is ActionOwner.SCHOOL else None,
            raised_on=draw(st.none() | days),
            answered_on=draw(st.none() | days) if owner is ActionOwner.SCHOOL else None,
        )
    if what == "referral":
        return Referral(
            id=new_record_id(),
            family=family,
            category=draw(st.sampled_from(AgencyCategory)),
            made_on=draw(days),
            consent_given=True,
        )
    if what == "celebration":
        return Celebration(
            id=new_record_id(),
            family=family,
            category=draw(st.sampled_from(CelebrationCategory)),
            on=draw(days),
        )
    return CheckIn(
        id=new_record_id(),
        family=family,
        on=draw(days),
        answers=draw(
            st.dictionaries(st.sampled_from(CheckInQuestion), st.integers(1, 5), min_size=1)
        ),
    )


@st.composite
def record_sets(draw: st.DrawFn, period: Period) -> tuple[list[Record], list[str]]:
    """A few families (most at the school) with many sessions around the period, several
    families to a group, and the rest of what is counted about them; and their ids.

    Each session or other record may come in several copies (fresh ids), so that one
    family often goes over its caps in the period."""
    days = days_around(period)
    records: list[Record] = [SCHOOL, OTHER_SCHOOL]
    for made in draw(st.lists(family_and_consent(days), min_size=1, max_size=4)):
        records += made
    ids = [r.id for r in records if isinstance(r, Family)]
    copies = st.integers(1, 12)
    for one, times in draw(st.lists(st.tuples(session(ids, days), copies), max_size=25)):
        records += [replace(one, id=new_record_id()) for _ in range(times)]
    for other, times in draw(st.lists(st.tuples(about_a_family(ids, days), copies), max_size=15)):
        records += [replace(other, id=new_record_id()) for _ in range(times)]
    return records, ids


def _check_one_family_moves_little(
    records: list[Record], family_ids: list[str], period: Period, reported: frozenset[str]
) -> None:
    full = count_period(
        PreparedRecords(records), school_id=SCHOOL.id, period=period, reported=reported
    )
    caps = caps_for(period.kind)
    plans = [ReportPlan(kind=period.kind), ReportPlan(breakdowns=ALL, kind=period.kind)]
    for breakdown in MENU:  # nothing is counted outside the fixed cells
        assert set(full[breakdown.name]) <= set(breakdown.cells), breakdown.name
    for family_id in family_ids:
        without = count_period(
            PreparedRecords(without_family(records, family_id)),
            school_id=SCHOOL.id,
            period=period,
            reported=reported,
        )
        own = count_period(
            PreparedRecords(records),
            school_id=SCHOOL.id,
            period=period,
            reported=reported,
            only_family=family_id,
        )
        for breakdown in MENU:
            step = change(full, without, breakdown.name)
            # What goes is exactly what the family added: nobody else's counts move.
            assert step == change(own, _nothing(), breakdown.name), breakdown.name
            assert all(0 <= s <= breakdown.cell_cap(caps) for s in step), breakdown.name
            l2 = math.sqrt(sum(s * s for s in step))
            assert l2 <= breakdown.l2(caps) * (1 + 1e-12), breakdown.name
        for plan in plans:
            sigmas = {name: plan.sigma(name) for name in plan.breakdowns}
            assert report_rho(full, without, sigmas) <= plan.rho_per_release() * (1 + 1e-9)


def _nothing() -> Mapping[str, Counter[str]]:
    return {b.name: Counter() for b in MENU}


@pytest.mark.parametrize("kind", [PeriodKind.TERM, PeriodKind.MONTH])
@settings(max_examples=150)
@given(data=st.data())
def test_removing_any_family_moves_the_report_within_its_stated_sensitivity(
    kind: PeriodKind, data: st.DataObject
) -> None:
    period = period_named(PERIOD[kind])
    records, family_ids = data.draw(record_sets(period))
    reported = frozenset(data.draw(st.lists(st.sampled_from(OTHER_PERIODS[kind]), unique=True)))
    _check_one_family_moves_little(records, family_ids, period, reported)


@pytest.mark.parametrize("kind", [PeriodKind.TERM, PeriodKind.MONTH])
def test_the_family_at_every_cap_reaches_every_stated_sensitivity(kind: PeriodKind) -> None:
    # Twice over every cap: only the builder's caps keep it to the stated L2, and it
    # reaches that L2 exactly, so the stated sensitivity is neither exceeded nor loose.
    other = Family(
        id=new_record_id(),
        code="KBN-4P",
        carers=("Carer",),
        children=(Child(first_name="Child", school_id=SCHOOL.id),),
        joined_on=date(2026, 1, 5),
    )
    period = periods_in_school_year(2026, kind)[1]
    capped = capped_family(SCHOOL.id, [period], companions=(other.id,))
    records = [SCHOOL, other, *capped]
    full = count_period(PreparedRecords(records), school_id=SCHOOL.id, period=period)
    without = count_period(
        PreparedRecords(without_family(records, capped[0].id)),
        school_id=SCHOOL.id,
        period=period,
    )
    caps = caps_for(kind)
    for breakdown in MENU:
        step = change(full, without, breakdown.name)
        assert max(step) == breakdown.cell_cap(caps), breakdown.name
        assert math.sqrt(sum(s * s for s in step)) == pytest.approx(breakdown.l2(caps)), (
            breakdown.name
        )
    # The companion family, at every group session too, keeps its own capped sessions.
    assert without["sessions_held"]["sessions"] == caps.sessions_per_family
    for breakdowns in (DEFAULT_BREAKDOWNS, ALL):
        plan = ReportPlan(breakdowns=breakdowns, kind=kind)
        sigmas = {name: plan.sigma(name) for name in plan.breakdowns}
        assert report_rho(full, without, sigmas) == pytest.approx(plan.rho_per_release())
    _check_one_family_moves_little(records, [capped[0].id, other.id], period, frozenset())


def test_a_request_to_another_school_is_not_counted_for_this_one() -> None:
    # A family with children at two schools asks the other school for a meeting: that
    # school's report may count it, this one's must not (the cell is "requests to the
    # school made / answered"). Fails today: report._count_families counts every
    # request to a school, whichever school it went to.
    family = Family(
        id=new_record_id(),
        code="KBN-4P",
        carers=("Carer",),
        children=(
            Child(first_name="Ana", school_id=SCHOOL.id),
            Child(first_name="Luca", school_id=OTHER_SCHOOL.id),
        ),
        joined_on=date(2026, 9, 1),
    )
    request = FollowUp(
        id=new_record_id(),
        family=family.id,
        owner=ActionOwner.SCHOOL,
        what="Ask for a meeting",
        due_on=date(2026, 10, 12),
        school=OTHER_SCHOOL.id,
        raised_on=date(2026, 10, 5),
        answered_on=date(2026, 10, 8),
    )
    prepared = PreparedRecords([SCHOOL, OTHER_SCHOOL, family, request])
    term = period_named("2026-autumn")
    there = count_period(prepared, school_id=OTHER_SCHOOL.id, period=term)
    here = count_period(prepared, school_id=SCHOOL.id, period=term)
    assert there["school_requests"] == {"made": 1, "answered": 1}
    assert sum(here["school_requests"].values()) == 0
