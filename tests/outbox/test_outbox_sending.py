"""The laptop's side of sync against a tiny loopback hub: connect, fill, send, back off."""

from __future__ import annotations

import random
import sqlite3
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from helpers.leak_scan import find_planted
from helpers.planted import PLANTED_STRINGS, planted_family, planted_session
from helpers.reports import first_format_report
from parentrus_sync.client import HubUnreachable, WrongHub
from parentrus_sync.protocol import (
    ProtocolError,
    fingerprint,
    new_key,
    public_key_bytes,
    read_bundle,
    report_envelope,
)

from parentrus_desktop.domain import Child, Family, School, new_record_id
from parentrus_desktop.operations.reports import sync
from parentrus_desktop.outbox import outbox as outbox_module
from parentrus_desktop.outbox.bundle import save_bundle
from parentrus_desktop.outbox.connection import (
    connect_with_code,
    connect_with_invitation,
    connections,
    stored_connections,
)
from parentrus_desktop.outbox.outbox import (
    LONGEST_DELAY,
    OutboxEntry,
    ReportState,
    fill_outbox,
    outbox_entries,
    receipt_of,
    retry_delay,
    school_terms,
    sealed_report,
    send_due,
)
from parentrus_desktop.outbox.refusal_words import refusal_words
from parentrus_desktop.store.unlocked import UnlockedProfile

CONNECTED = datetime(2026, 10, 5, 10, 0, tzinfo=UTC)
TODAY = date(2026, 12, 10)  # October and November are ready (3 grace days)
NOW = datetime(2026, 12, 10, 9, 0, tzinfo=UTC)


def _connect(profile: UnlockedProfile, hub: Any) -> str:
    connection = connect_with_invitation(profile, hub.invitation(), now=CONNECTED)
    return connection.school_id


def _family_at(profile: UnlockedProfile, school_id: str) -> Family:
    family = planted_family()
    family = Family(
        id=family.id,
        code=family.code,
        carers=family.carers,
        children=(Child(first_name="Quillanbert", school_id=school_id, year_group=4),),
        languages=family.languages,
        contact=family.contact,
        joined_on=family.joined_on,
        notes=family.notes,
    )
    profile.save(family, planted_session(family))
    return family


def test_back_off_doubles_from_a_minute_to_six_hours_with_full_jitter() -> None:
    rng = random.Random(7)
    for tries, ceiling in [(1, 60), (2, 120), (3, 240), (9, 15360), (10, 6 * 3600), (40, 6 * 3600)]:
        waits = [retry_delay(tries, rng) for _ in range(200)]
        assert all(timedelta(0) <= w <= timedelta(seconds=ceiling) for w in waits)
        assert max(waits) > timedelta(seconds=ceiling * 0.8)  # spread over the whole range
    assert retry_delay(100, random.Random(1)) <= LONGEST_DELAY
    assert retry_delay(3, random.Random(5)) == retry_delay(3, random.Random(5))


def test_connecting_with_a_file_links_the_school_and_pins_the_key(
    profile: UnlockedProfile, hub: Any
) -> None:
    existing = School(id=new_record_id(), name="riverside PRIMARY")
    profile.save(existing)
    connection = connect_with_invitation(profile, hub.invitation(), now=CONNECTED)
    assert connection.school_id == existing.id
    assert connection.hub_school == "riverside-primary"
    assert connection.hub_fingerprint == fingerprint(hub.public_key)
    assert connection.device.startswith("d-") and not connection.revoked
    (school,) = profile.all(School)
    assert school.hub_address == hub.address
    assert connections(profile) == [connection]
    again = connect_with_invitation(profile, hub.invitation(), now=CONNECTED)
    assert connections(profile) == [again]  # replaced, not added
    assert again.device != connection.device  # a hub enrols one key once


def test_connecting_with_a_code_learns_the_school_from_the_hub(
    profile: UnlockedProfile, hub: Any
) -> None:
    code = str(hub.invitation().code).lower()
    connection = connect_with_code(profile, hub.address, code, now=CONNECTED)
    assert connection.school_name == "Riverside Primary"
    assert [s.name for s in profile.all(School)] == ["Riverside Primary"]


def test_a_school_asking_for_more_than_the_highest_yearly_budget_is_refused(
    profile: UnlockedProfile, hub: Any
) -> None:
    """Signed by the school's own hub, but asking each family's privacy limit to be 25 a
    year: the laptop does not connect, and says why by its code."""
    hub.epsilon = 25.0
    with pytest.raises(ProtocolError) as refused:
        connect_with_invitation(profile, hub.invitation(), now=CONNECTED)
    assert refused.value.code == "policy-over-budget"
    assert connections(profile) == []
    hub.epsilon = 20.0  # the highest allowed is allowed
    assert connect_with_invitation(profile, hub.invitation(), now=CONNECTED).school_id


def test_a_hub_with_another_key_is_refused_before_the_token_is_sent(
    profile: UnlockedProfile, hub: Any
) -> None:
    other = public_key_bytes(new_key())
    with pytest.raises(WrongHub, match="not the school's hub"):
        connect_with_invitation(profile, hub.invitation(fingerprint_of=other), now=CONNECTED)
    code = "ABCDABCDABCD" + fingerprint(other)[:12]
    with pytest.raises(WrongHub):
        connect_with_code(profile, hub.address, code, now=CONNECTED)
    assert connections(profile) == [] and profile.all(School) == []


def test_an_expired_invitation_is_refused_plainly(profile: UnlockedProfile, hub: Any) -> None:
    with pytest.raises(ProtocolError, match="expired"):
        connect_with_invitation(profile, hub.invitation(), now=datetime(2031, 1, 1, tzinfo=UTC))


def test_fill_builds_each_ready_period_once_from_the_connection(
    profile: UnlockedProfile, hub: Any
) -> None:
    school_id = _connect(profile, hub)
    _family_at(profile, school_id)
    new = fill_outbox(profile, TODAY)
    assert [(e.period, e.state) for e in new] == [
        ("2026-10", ReportState.WAITING),
        ("2026-11", ReportState.WAITING),
    ]
    assert fill_outbox(profile, TODAY) == []
    # The day each was built is kept: a session entered after it counts in a later period.
    assert school_terms(profile)[school_id].built_on == {"2026-10": TODAY, "2026-11": TODAY}
    assert [e.period for e in fill_outbox(profile, date(2027, 1, 4))] == ["2026-12"]
    assert len(outbox_entries(profile)) == 3


def test_nothing_of_the_report_or_the_school_is_readable_on_disk(
    profile: UnlockedProfile, hub: Any, temp_folder: Path
) -> None:
    school_id = _connect(profile, hub)
    _family_at(profile, school_id)
    fill_outbox(profile, TODAY)
    send_due(profile, NOW)
    needles = [*PLANTED_STRINGS, "Riverside Primary", "riverside-primary", "2026-10", "epsilon"]
    profile_folder = profile.path.parent
    profile.lock()
    assert find_planted(needles, profile_folder, temp_folder) == []


def test_send_gets_a_signed_receipt_and_then_sends_nothing(
    profile: UnlockedProfile, hub: Any
) -> None:
    school_id = _connect(profile, hub)
    fill_outbox(profile, TODAY)
    result = send_due(profile, NOW)
    assert (result.received, result.refused, result.waiting, result.unreachable) == (2, 0, 0, False)
    assert {e.state for e in outbox_entries(profile)} == {ReportState.RECEIVED}
    assert all(e.received is not None for e in outbox_entries(profile))
    receipt = receipt_of(profile, school_id, "2026-10")
    assert receipt is not None and set(receipt) == {"receipt", "signature"}
    uploads = hub.uploads
    again = send_due(profile, NOW, everything=True)
    assert (again.received, hub.uploads) == (0, uploads)


def test_a_hub_that_fails_makes_reports_wait_then_they_go_once(
    profile: UnlockedProfile, hub: Any
) -> None:
    _connect(profile, hub)
    fill_outbox(profile, TODAY)
    hub.reports = "500"
    result = send_due(profile, NOW, rng=random.Random(3))
    assert result.unreachable and result.waiting == 2
    entries = outbox_entries(profile)
    assert all(e.tries == 1 and e.state is ReportState.SENT for e in entries)
    assert all(NOW <= e.next_try <= NOW + timedelta(minutes=1) for e in entries if e.next_try)
    hub.reports = "ok"
    later = max(e.next_try for e in entries if e.next_try)
    assert send_due(profile, later).received == 2
    assert len(hub.held) == 2
    assert send_due(profile, later + timedelta(days=1), everything=True).received == 0


@pytest.mark.parametrize("answer", ["proxy", "early", "429-for-ever", "413"])
def test_an_answer_that_is_not_the_schools_final_word_makes_reports_wait(
    profile: UnlockedProfile, hub: Any, answer: str
) -> None:
    """A proxy's 403, a hub whose clock is behind, a Retry-After of months, a body too
    large for the hub just now: the reports
    wait (never refused for good, which would lose them) and are tried again within the
    longest back-off."""
    _connect(profile, hub)
    fill_outbox(profile, TODAY)
    hub.reports = "429" if answer == "429-for-ever" else answer
    hub.retry_after = "9999999" if answer == "429-for-ever" else None
    result = send_due(profile, NOW, rng=random.Random(3))
    assert result.refused == 0 and result.unreachable and result.waiting == 2
    entries = outbox_entries(profile)
    assert all(e.state is not ReportState.REFUSED for e in entries)
    assert all(e.next_try is not None and e.next_try <= NOW + LONGEST_DELAY for e in entries)
    hub.reports = "ok"
    assert send_due(profile, NOW + LONGEST_DELAY).received == 2


def test_reports_not_due_wait_unless_everything_is_asked_for(
    profile: UnlockedProfile, hub: Any
) -> None:
    _connect(profile, hub)
    fill_outbox(profile, TODAY)
    hub.reports = "429"
    send_due(profile, NOW)
    first = outbox_entries(profile)[0]
    assert first.next_try is not None and first.next_try >= NOW + timedelta(seconds=120)
    hub.reports = "ok"
    assert send_due(profile, NOW).received == 0  # not due yet
    assert send_due(profile, NOW, everything=True).received == 2


def test_a_hub_that_hangs_is_given_up_on(profile: UnlockedProfile, hub: Any) -> None:
    _connect(profile, hub)
    fill_outbox(profile, TODAY)
    hub.reports = "hang"
    result = send_due(profile, NOW)
    assert result.unreachable
    assert {e.state for e in outbox_entries(profile)} == {ReportState.SENT}


@pytest.mark.parametrize("mode", ["other-key", "wrong-digest"])
def test_a_receipt_that_does_not_check_out_is_not_taken(
    profile: UnlockedProfile, hub: Any, mode: str
) -> None:
    school_id = _connect(profile, hub)
    fill_outbox(profile, TODAY)
    hub.reports = mode
    result = send_due(profile, NOW)
    assert result.received == 0 and result.unreachable
    assert {e.state for e in outbox_entries(profile)} == {ReportState.SENT}
    assert receipt_of(profile, school_id, "2026-10") is None


def test_a_revoked_laptop_is_plainly_marked_and_stops_sending(
    profile: UnlockedProfile, hub: Any
) -> None:
    _connect(profile, hub)
    fill_outbox(profile, TODAY)
    hub.reports = "revoked"
    result = send_due(profile, NOW)
    assert result.revoked_schools == ["Riverside Primary"]
    (connection,) = connections(profile)
    assert connection.revoked
    assert all("stopped this laptop" in e.reason for e in outbox_entries(profile))
    uploads = hub.uploads
    assert send_due(profile, NOW, everything=True).revoked_schools == []
    assert hub.uploads == uploads
    assert fill_outbox(profile, date(2027, 2, 10)) == []


def test_a_refused_report_does_not_block_another_school(
    profile: UnlockedProfile, make_hub: Any
) -> None:
    riverside = make_hub()
    hillside = make_hub(school="hillside", school_name="Hillside Academy")
    _connect(profile, riverside)
    _connect(profile, hillside)
    fill_outbox(profile, TODAY)
    riverside.reports = "refuse"
    result = send_due(profile, NOW)
    assert (result.received, result.refused, result.waiting) == (2, 2, 0)
    states = {(e.school_name, e.state) for e in outbox_entries(profile)}
    assert states == {
        ("Hillside Academy", ReportState.RECEIVED),
        ("Riverside Primary", ReportState.REFUSED),
    }
    refused = [e for e in outbox_entries(profile) if e.state is ReportState.REFUSED]
    assert refused[0].reason == "The report does not fit the format."


def test_one_unreachable_hub_does_not_stop_the_others(
    profile: UnlockedProfile, make_hub: Any
) -> None:
    down = make_hub()
    up = make_hub(school="hillside", school_name="Hillside Academy")
    _connect(profile, down)
    _connect(profile, up)
    fill_outbox(profile, TODAY)
    down.reports = "500"
    result = send_due(profile, NOW)
    assert result.unreachable and result.received == 2 and result.waiting == 2


def test_a_bundle_holds_every_waiting_report_and_is_written_whole(
    profile: UnlockedProfile, hub: Any, tmp_path: Path
) -> None:
    _connect(profile, hub)
    fill_outbox(profile, TODAY)
    target = tmp_path / "reports.parentrus"
    assert save_bundle(profile, target) == 2
    envelopes = read_bundle(target.read_bytes())
    assert [e["report"]["period"] for e in envelopes] == ["2026-10", "2026-11"]  # type: ignore[index]
    assert sorted(p.name for p in tmp_path.iterdir()) == ["data", "reports.parentrus"]
    send_due(profile, NOW)
    assert save_bundle(profile, target) == 0


def test_a_bundle_that_cannot_be_written_loses_nothing(
    profile: UnlockedProfile, hub: Any, tmp_path: Path
) -> None:
    _connect(profile, hub)
    fill_outbox(profile, TODAY)
    folder = tmp_path / "stick"
    folder.mkdir()
    (folder / "reports.parentrus").mkdir()  # a folder where the file should go
    with pytest.raises(IsADirectoryError):
        save_bundle(profile, folder / "reports.parentrus")
    assert [p.name for p in folder.iterdir()] == ["reports.parentrus"]
    with pytest.raises(FileNotFoundError):
        save_bundle(profile, tmp_path / "missing" / "reports.parentrus")
    assert len(outbox_entries(profile)) == 2


def test_unreachable_address_is_try_later(profile: UnlockedProfile) -> None:
    with pytest.raises(HubUnreachable):
        connect_with_code(profile, "http://127.0.0.1:9", "A" * 24, now=CONNECTED)


def test_the_outbox_table_keeps_only_ids_and_kinds_in_the_clear(
    profile: UnlockedProfile, hub: Any
) -> None:
    _connect(profile, hub)
    fill_outbox(profile, TODAY)
    with sqlite3.connect(profile.path) as conn:
        kinds = sorted(row[0] for row in conn.execute("SELECT kind FROM sync_items"))
    conn.close()
    # With the sealed count of changes a restore compares (store/changes.py).
    assert kinds == ["change-counts", "outbox-report", "outbox-report", "school-connection"]


def test_a_sync_builds_reports_under_the_school_s_settings_of_today(
    profile: UnlockedProfile, hub: Any
) -> None:
    """The school lowered its yearly budget after the laptop connected: the next sync
    fetches the new policy before it builds, so the report is made under it (built under
    the old one, the hub would refuse it for good)."""
    school_id = _connect(profile, hub)
    _family_at(profile, school_id)
    hub.epsilon = 5.0
    synced = sync(profile, TODAY, datetime.now(UTC)).result
    assert [e.period for e in synced.new] == ["2026-10", "2026-11"]
    for period in ("2026-10", "2026-11"):
        report = sealed_report(profile, school_id, period)
        assert report is not None and report["privacy"]["epsilon_year"] == 5.0


def test_a_first_format_report_left_unsent_is_retired_not_sent(
    profile: UnlockedProfile, hub: Any
) -> None:
    """Sealed by the app's first version and still waiting when the app was updated: no
    hub takes it now (and it protected families less), so it is retired with its own
    words, never uploaded; the new reports still go."""
    school_id = _connect(profile, hub)
    _family_at(profile, school_id)
    (connection,) = stored_connections(profile)
    old = first_format_report("riverside-primary", "2026-09")
    entry = OutboxEntry(
        school_id, "Riverside Primary", "2026-09", ReportState.WAITING, "", 0, None, None
    )
    envelope = report_envelope(connection.device_key(profile), old)
    outbox_module._save(profile, outbox_module._Stored("e" * 32, entry, envelope))
    fill_outbox(profile, TODAY)
    result = send_due(profile, datetime.now(UTC))
    assert (result.received, result.refused) == (2, 1)
    retired = [e for e in outbox_entries(profile) if e.period == "2026-09"]
    assert [(e.state, e.code) for e in retired] == [(ReportState.REFUSED, "first-format")]
    assert hub.uploads == 2  # the two new ones only
    assert "first version of this app" in refusal_words("first-format")
