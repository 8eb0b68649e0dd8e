"""``parentrus-hub`` as a coordinator runs it, on both backends: init, invite, devices,
revoke, import, export, and serve refusing plain HTTP on the network."""

from __future__ import annotations

import os
import re
import stat
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
from helpers.hub_process import PASSWORD, SCHOOL, HubProcess, run_hub
from hubcore_kit import Laptop, a_report, enrol_over_http, enrolled
from parentrus_sync.hub.hubdata import KEY_FILE, open_hub
from parentrus_sync.periods import PeriodKind
from parentrus_sync.protocol import (
    Invitation,
    InvitationCode,
    Policy,
    bundle,
    canonical_json,
    report_envelope,
)


@pytest.fixture
def data(tmp_path: Path, database_args: list[str]) -> Path:
    folder = tmp_path / "hub-data"
    done = run_hub("init", "--data", str(folder), "--school-name", "Riverside Primary",
                   "--password-stdin", *database_args, stdin=PASSWORD + "\n")  # fmt: skip
    assert done.returncode == 0, done.stderr
    assert "riverside-primary" in done.stdout
    return folder


def test_init_keeps_the_key_private_and_refuses_twice(data: Path) -> None:
    assert stat.S_IMODE((data / KEY_FILE).stat().st_mode) == 0o600
    again = run_hub("init", "--data", str(data), "--school-name", "X", "--password-stdin",
                    stdin=PASSWORD + "\n")  # fmt: skip
    assert again.returncode == 2 and "already set up" in again.stderr


def test_init_gives_the_school_the_default_policy(data: Path) -> None:
    """A report each term, the core breakdowns, ε 10 a year per family."""
    hub = open_hub(data)
    try:
        school = hub.storage.school(SCHOOL)
        assert school is not None and school.policy == Policy(SCHOOL)
        assert school.policy.period_kind is PeriodKind.TERM
    finally:
        hub.storage.close()


def test_policy_sets_how_long_laptops_keep_closed_families(data: Path) -> None:
    """On both backends: set, shown, refused outside 1-120, and taken away again."""
    shown = run_hub("policy", "--data", str(data))
    assert shown.returncode == 0 and "sets no limit" in shown.stdout
    done = run_hub("policy", "--data", str(data), "--keep-closed-months", "6")
    assert done.returncode == 0, done.stderr
    assert "no longer than 6 months" in done.stdout
    refused = run_hub("policy", "--data", str(data), "--keep-closed-months", "121")
    assert refused.returncode == 2 and "Nothing was changed" in refused.stderr
    both = run_hub("policy", "--data", str(data), "--keep-closed-months", "6", "--no-keep-limit")
    assert both.returncode == 2
    hub = open_hub(data)
    try:
        school = hub.storage.school(SCHOOL)
        assert school is not None and school.policy == Policy(SCHOOL, keep_closed_months=6)
    finally:
        hub.storage.close()
    assert run_hub("policy", "--data", str(data), "--no-keep-limit").returncode == 0
    hub = open_hub(data)
    try:
        school = hub.storage.school(SCHOOL)
        assert school is not None and school.policy == Policy(SCHOOL)
    finally:
        hub.storage.close()


def test_init_refuses_a_short_password_and_a_missing_folder(tmp_path: Path) -> None:
    short = run_hub("init", "--data", str(tmp_path / "d"), "--school-name", "Riverside",
                    "--password-stdin", stdin="short\n")  # fmt: skip
    assert short.returncode == 2 and "at least 10 characters" in short.stderr
    assert not (tmp_path / "d").exists()
    shouty = run_hub("init", "--data", str(tmp_path / "d"), "--school-name", "Riverside",
                     "--school", "Riverside", "--password-stdin",
                     stdin=PASSWORD + "\n")  # fmt: skip
    assert shouty.returncode == 2 and "riverside-primary" in shouty.stderr
    assert not (tmp_path / "d").exists()
    nowhere = run_hub("devices")
    assert nowhere.returncode == 2 and "--data" in nowhere.stderr
    not_set_up = run_hub("devices", "--data", str(tmp_path / "empty"))
    assert not_set_up.returncode == 2 and "parentrus-hub init" in not_set_up.stderr


def test_invite_prints_the_code_and_writes_the_file(data: Path, tmp_path: Path) -> None:
    out = tmp_path / "for-amira.json"
    done = run_hub("invite", "--data", str(data), "--out", str(out), "--days", "3")
    assert done.returncode == 0, done.stderr
    printed = re.search(r"Invitation code: ((?:[0-9A-Z]{4}-){5}[0-9A-Z]{4})\n", done.stdout)
    assert printed is not None, done.stdout
    invitation = Invitation.from_file_bytes(out.read_bytes())
    assert InvitationCode.parse(printed.group(1)) == invitation.code
    assert invitation.school == SCHOOL and invitation.school_name == "Riverside Primary"
    hub = open_hub(data)
    try:
        assert invitation.code.matches(hub.public_key)
        (record,) = hub.storage.invitations()
        assert invitation.token not in repr(record)  # only the digest is kept
    finally:
        hub.storage.close()


def test_devices_and_revoke(hub_process: HubProcess) -> None:
    with httpx.Client(base_url=hub_process.url, timeout=60) as client:
        laptop = enrol_over_http(client, hub_process.invitation())
        data = str(hub_process.data)
        listed = run_hub("devices", "--data", data)
        assert listed.returncode == 0 and laptop.device in listed.stdout
        assert "connected" in listed.stdout and "no report yet" in listed.stdout

        revoked = run_hub("revoke", "--data", data, laptop.device)
        assert revoked.returncode == 0 and "disconnected" in revoked.stdout
        answer = client.post(
            "/api/v1/reports",
            content=canonical_json(laptop.envelope(period="2025-autumn")),
            headers={"content-type": "application/json"},
        )
        assert answer.status_code == 403 and answer.json()["error"] == "revoked"
        assert "disconnected" in run_hub("devices", "--data", data).stdout
        unknown = run_hub("revoke", "--data", data, "d-00000000000000000000")
        assert unknown.returncode == 2 and "No laptop" in unknown.stderr
    storage = hub_process.storage()
    try:
        assert storage.reports(SCHOOL) == []
    finally:
        storage.close()


def test_import_a_bundle_from_a_usb_stick(data: Path, tmp_path: Path) -> None:
    hub = open_hub(data)
    try:
        laptop: Laptop = enrolled(hub)
    finally:
        hub.storage.close()
    good = [laptop.envelope(period=p) for p in ("2025-autumn", "2026-spring")]
    forged = report_envelope(laptop.key, a_report(period="2026-summer"))
    forged["report"]["privacy"]["epsilon_year"] = 1.0
    stick = tmp_path / "reports.parentrus"
    stick.write_bytes(bundle([*good, forged]))

    first = run_hub("import", "--data", str(data), str(stick))
    assert first.returncode == 1, first.stderr
    assert "2 new reports, 0 already here, 1 refused." in first.stdout
    assert "Report 3 was refused: The signature does not match." in first.stdout
    stick.write_bytes(bundle(good))
    again = run_hub("import", "--data", str(data), str(stick))
    assert again.returncode == 0 and "0 new reports, 2 already here, 0 refused." in again.stdout
    hub = open_hub(data)
    try:
        assert [r.report_id.period for r in hub.storage.reports(SCHOOL)] == [
            "2025-autumn",
            "2026-spring",
        ]
    finally:
        hub.storage.close()
    stick.write_bytes(b"not a bundle")
    broken = run_hub("import", "--data", str(data), str(stick))
    assert broken.returncode == 2 and "not valid JSON" in broken.stderr


def _periods_counted(data: Path) -> list[str]:
    hub = open_hub(data)
    try:
        return [r.report_id.period for r in hub.storage.reports(SCHOOL)]
    finally:
        hub.storage.close()


def test_discard_a_stopped_laptops_numbers_and_count_them_again(data: Path, tmp_path: Path) -> None:
    hub = open_hub(data)
    try:
        laptop: Laptop = enrolled(hub)
    finally:
        hub.storage.close()
    stick = tmp_path / "reports.parentrus"
    stick.write_bytes(bundle([laptop.envelope(period="2025-autumn")]))
    assert run_hub("import", "--data", str(data), str(stick)).returncode == 0

    still_connected = run_hub("discard", "--data", str(data), laptop.device)
    assert still_connected.returncode == 2 and "Disconnect it first" in still_connected.stderr
    assert _periods_counted(data) == ["2025-autumn"]

    assert run_hub("revoke", "--data", str(data), laptop.device).returncode == 0
    discarded = run_hub("discard", "--data", str(data), laptop.device)
    assert discarded.returncode == 0, discarded.stderr
    assert "left out of the school's numbers" in discarded.stdout
    assert _periods_counted(data) == []
    assert "its numbers left out" in run_hub("devices", "--data", str(data)).stdout
    again = run_hub("discard", "--data", str(data), laptop.device)
    assert "already left out" in again.stdout

    undone = run_hub("discard", "--data", str(data), laptop.device, "--undo")
    assert undone.returncode == 0 and "count in the school's numbers again" in undone.stdout
    assert _periods_counted(data) == ["2025-autumn"]
    unknown = run_hub("discard", "--data", str(data), "d-00000000000000000000")
    assert unknown.returncode == 2 and "No laptop" in unknown.stderr


def test_export_a_term(data: Path) -> None:
    done = run_hub("export", "--data", str(data), "--term", "2025-autumn", "--format", "csv")
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip()
    wrong = run_hub("export", "--data", str(data), "--term", "autumn-ish")
    assert wrong.returncode == 2


def test_serve_refuses_plain_http_on_the_network(data: Path) -> None:
    done = run_hub("serve", "--data", str(data), "--host", "0.0.0.0", "--port", "8123")  # noqa: S104
    assert done.returncode == 2
    assert "without HTTPS" in done.stderr and "--certfile" in done.stderr


@pytest.fixture
def no_umask() -> Iterator[None]:
    """Files made as the process's umask lets them (0666): the hub must not count on a
    umask of 022 or 077 to keep its files to itself."""
    before = os.umask(0)
    yield
    os.umask(before)


def test_every_file_the_hub_writes_is_for_its_own_user_only(
    no_umask: None, data: Path, tmp_path: Path
) -> None:
    """The database (and SQLite's -wal and -shm beside it), the config, the key, an
    invitation (its token enrols a laptop) and an export: 0600, whatever the umask."""
    invitation, export = tmp_path / "invitation.json", tmp_path / "numbers.csv"
    assert run_hub("invite", "--data", str(data), "--out", str(invitation)).returncode == 0
    done = run_hub("export", "--data", str(data), "--term", "2025-autumn", "--out", str(export))
    assert done.returncode == 0, done.stderr
    hub = open_hub(data)  # opened and written to, as serving does
    try:
        hub.storage.set_setting("address", "https://hub.example.org")
        written = [p for p in data.iterdir() if p.is_file()]
        assert {p.name for p in written} >= {"hub.json", KEY_FILE}
        modes = {p.name: stat.S_IMODE(p.stat().st_mode) for p in [*written, invitation, export]}
    finally:
        hub.storage.close()
    assert set(modes.values()) == {0o600}, modes
