"""The report a school receives: nothing about anyone, bounded, reproducible."""

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
from parentrus_sync.report_schema import report_problems

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
from parentrus_desktop.operations.demo_data import DemoSize, demo_records
from parentrus_desktop.privacy.noise import NoiseSource
from parentrus_desktop.privacy.periods import PeriodKind, period_of
from parentrus_desktop.privacy.report import (
    PreparedRecords,
    SchoolPolicy,
    build_report,
    school_on_the_wire,
)

SECRET = b"a noise secret kept in the vault!"
NOVEMBER = period_of(date(2026, 11, 1), PeriodKind.MONTH)
SCHOOL = "5c3b0a9e6d1f4a8b9c7d2e1f0a3b4c5d"


def _at_school(family: Family) -> Family:
    return replace(family, children=(Child(first_name="Quillanbert", school_id=SCHOOL),))


def _report(records: list[Record], period=NOVEMBER, policy=None, reported=frozenset()):  # type: ignore[no-untyped-def]
    return json.dumps(
        build_report(
            records,
            school_id=SCHOOL,
            hub_school="riverside",
            period=period,
            policy=policy or SchoolPolicy(),
            noise=NoiseSource(SECRET),
            reported=reported,
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
    capped = sorted(forty, key=lambda s: (s.on, s.starts_at or time.min, s.id))[:8]
    assert _report([family, *forty]) == _report([family, *capped])


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


def test_the_same_report_built_twice_is_the_same_report() -> None:
    family = _at_school(planted_family())
    records = [family, *_sessions(family, 3, date(2026, 11, 2))]
    assert _report(records) == _report(records)


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


def test_epsilon_outside_the_allowed_range_is_refused() -> None:
    with pytest.raises(ValueError, match="outside"):
        _report([], policy=SchoolPolicy(epsilon={"sessions_by_kind": 5.0}))


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
    weekly=st.booleans(),
)
def test_no_planted_text_code_id_or_date_is_in_any_report(
    seed: int, names: list[str], phone: str, weekly: bool
) -> None:
    """Random records full of planted names, phone numbers and notes: every report for
    every school fits the schema, and none holds a planted string, a family code, a row
    id, a school's own name or an exact date."""
    records = _plant(
        list(demo_records(DemoSize(12, 120), seed=seed, today=date(2026, 12, 10))), names, phone
    )
    prepared = PreparedRecords(records)
    kind = PeriodKind.WEEK if weekly else PeriodKind.MONTH
    periods = [period_of(date(2026, month, 10), kind) for month in (9, 10, 11)]
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
                policy=SchoolPolicy(period_kind=kind),
                noise=NoiseSource(SECRET),
            )
            assert report_problems(report) == []
            text = json.dumps(report, ensure_ascii=False)
            assert not [s for s in secrets_of_the_records if s in text]
            assert not re.search(r"[0-9]{4}-[0-9]{2}-[0-9]{2}", text)


@pytest.mark.parametrize("epsilon", [0.1, 0.5, 1.0, 2.0])
def test_reports_fit_the_schema_at_every_allowed_epsilon(epsilon: float) -> None:
    family = _at_school(planted_family())
    records = [family, *_sessions(family, 40, date(2026, 11, 9))]
    policy = SchoolPolicy(epsilon=dict.fromkeys(("sessions_by_kind", "check_in_changes"), epsilon))
    report = json.loads(_report(records, policy=policy))
    assert report_problems(report) == []
    assert report["privacy"]["epsilon"]["check_in_changes"] == epsilon
    assert report["privacy"]["epsilon_per_family"]["sessions_by_kind"] == 8 * epsilon
    assert report["privacy"]["bounds"]["sessions_per_family"] == 8


def test_a_school_on_the_wire_is_named_in_the_schema_s_words() -> None:
    assert school_on_the_wire(School(id=SCHOOL, name="St. Mary's C of E Primary")) == (
        "st-mary-s-c-of-e-primary"
    )
    assert school_on_the_wire(School(id=SCHOOL, name="École Saint-Jean")) == "ecole-saint-jean"
    assert school_on_the_wire(School(id=SCHOOL, name="مدرسة")) == "school"
