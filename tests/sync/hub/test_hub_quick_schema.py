"""The quick schema check says "fits" exactly when jsonschema does, for reports mutated
every way Hypothesis finds, so the hub's fast path accepts nothing jsonschema refuses."""

from __future__ import annotations

import copy
from typing import Any

from hubcore_kit import a_report, mutate
from hypothesis import given, settings
from hypothesis import strategies as st
from jsonschema import Draft202012Validator
from parentrus_sync.quick_schema import surely_fits
from parentrus_sync.report_schema import report_problems, report_schema

VALIDATOR = Draft202012Validator(report_schema())


@settings(max_examples=600)
@given(st.data())
def test_quick_yes_only_when_jsonschema_agrees(data: st.DataObject) -> None:
    report: Any = mutate(data, a_report())
    assert surely_fits(report_schema(), report) == VALIDATOR.is_valid(report)
    assert (report_problems(report) == []) == VALIDATOR.is_valid(report)


def test_edges_of_json_types() -> None:
    report = a_report()
    cell = next(iter(report["totals"]))
    first = next(iter(report["totals"][cell]))
    for value, fits in [(1.0, True), (True, False), (1.5, False), ("1", False), (None, False)]:
        changed = copy.deepcopy(report)
        changed["totals"][cell][first] = value
        assert surely_fits(report_schema(), changed) is fits
        assert VALIDATOR.is_valid(changed) is fits
