"""POST /reports does the cheap checks first: a junk body from a laptop the hub does not
know, or one not signed by the laptop it names, is refused with no schema work at all, and
a signed report that does not fit is refused at the schema's first error."""

from __future__ import annotations

import dataclasses
from collections.abc import Iterator
from typing import Any

import pytest
from hubcore_kit import Laptop, a_report, enrolled
from parentrus_sync import report_schema
from parentrus_sync.hub.hub import Hub
from parentrus_sync.hub.ingest import Refusal, receive_report
from parentrus_sync.protocol import canonical_json, new_key, report_envelope


class SchemaWork:
    """Counts what the schema is asked: quick checks, and errors drawn from jsonschema."""

    def __init__(self) -> None:
        self.quick = 0
        self.errors_drawn = 0


@pytest.fixture
def schema_work(monkeypatch: pytest.MonkeyPatch) -> SchemaWork:
    work = SchemaWork()
    quick, validator = report_schema.surely_fits, report_schema._validator

    def counted_quick(schema: dict[str, Any], value: Any) -> bool:
        work.quick += 1
        return quick(schema, value)

    class CountedValidator:
        def __init__(self, report_format: str) -> None:
            self.report_format = report_format

        def iter_errors(self, value: Any) -> Iterator[Any]:
            for error in validator(self.report_format).iter_errors(value):
                work.errors_drawn += 1
                yield error

    monkeypatch.setattr(report_schema, "surely_fits", counted_quick)
    monkeypatch.setattr(report_schema, "_validator", CountedValidator)
    return work


def junk_report(laptop: Laptop) -> dict[str, Any]:
    """A report of about 180 KB with thousands of schema errors, in a real envelope's form."""
    report = a_report(laptop.school)
    # Every cell of every breakdown the wrong type: an error each, for a validator that
    # collects them all; and a padding of unknown breakdowns for the size.
    totals = {name: dict.fromkeys(cells, "x" * 10) for name, cells in report["totals"].items()}
    padding = {f"junk{i}": {f"c{j}": "x" * 10 for j in range(40)} for i in range(230)}
    report["totals"] = {**totals, **padding}
    return report


def refusal(hub: Hub, body: bytes) -> Refusal:
    with pytest.raises(Refusal) as refused:
        receive_report(hub, body, hub.now())
    return refused.value


def test_junk_from_an_unknown_laptop_gets_no_schema_work(hub: Hub, schema_work: SchemaWork) -> None:
    stranger = Laptop(new_key(), "", "riverside-primary")
    body = canonical_json(report_envelope(stranger.key, junk_report(stranger)))
    assert len(body) > 150_000
    assert refusal(hub, body).code == "unknown-device"
    assert schema_work.quick == 0 and schema_work.errors_drawn == 0


def test_junk_under_a_known_laptops_id_but_not_its_signature_gets_no_schema_work(
    hub: Hub, schema_work: SchemaWork
) -> None:
    laptop = enrolled(hub)
    forged = report_envelope(new_key(), junk_report(laptop))
    forged["device"] = laptop.device  # a real laptop's id, but the signature is another key's
    assert refusal(hub, canonical_json(forged)).code == "bad-signature"
    assert schema_work.quick == 0 and schema_work.errors_drawn == 0
    assert hub.storage.reports("riverside-primary") == []


def test_a_signed_report_that_does_not_fit_stops_at_the_first_error(
    hub: Hub, schema_work: SchemaWork
) -> None:
    laptop = enrolled(hub)
    signed = report_envelope(laptop.key, junk_report(laptop))
    refused = refusal(hub, canonical_json(signed))
    assert refused.code == "bad-report" and "does not fit the format" in refused.reason
    assert schema_work.quick == 1
    assert schema_work.errors_drawn == 1  # not every one of the errors the body holds
    # A report that fits is still taken (the quick yes, no jsonschema errors drawn).
    status, _ = receive_report(hub, canonical_json(laptop.envelope()), hub.now())
    assert status == 201 and schema_work.errors_drawn == 1


def test_a_stored_report_reads_back_as_the_hub_held_it_when_it_came(hub: Hub) -> None:
    """store_report no longer reads back the row it has just written: what it hands back
    must be exactly what a later read of that row gives, on both databases."""
    laptop = enrolled(hub)
    status, receipt = receive_report(hub, canonical_json(laptop.envelope()), hub.now())
    assert status == 201
    [held] = hub.storage.device_reports(laptop.device)
    assert held.receipt == receipt
    again = hub.storage.store_report(held)
    assert not again.stored and again.held == held
    another_period = dataclasses.replace(
        held, report_id=dataclasses.replace(held.report_id, period="2025-12")
    )
    outcome = hub.storage.store_report(another_period)
    assert outcome.stored
    assert hub.storage.device_reports(laptop.device, ["2025-12"]) == [outcome.held]
    assert hub.storage.device_reports(laptop.device, []) == []
