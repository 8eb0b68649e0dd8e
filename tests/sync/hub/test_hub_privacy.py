"""What the hub keeps, on both backends: after a real flow and many refused requests
carrying planted names and numbers, the database holds none of them, no invitation
token, no password, and no key but the laptops' public ones. And a fault inside the hub
answers 500 in JSON with no traceback."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from pathlib import Path

import httpx
import psycopg
import pytest
from helpers.hub_process import PASSWORD, SCHOOL, serving
from hubcore_kit import enrolled
from parentrus_sync.hub.app import create_app
from parentrus_sync.hub.hub import Hub
from parentrus_sync.hub.invitations import create_invitation
from parentrus_sync.hub.passwords import hash_password
from parentrus_sync.protocol import (
    canonical_json,
    encode_bytes,
    enrolment_request,
    new_key,
    private_key_bytes,
    report_envelope,
)

PLANTED = ["Amira Haddad", "07700 900123", "12 Orchard Lane", "amira.h@example.org"]
JSON = {"content-type": "application/json"}


@pytest.fixture
def api(hub: Hub) -> Iterator[httpx.Client]:
    with serving(create_app(hub)) as url, httpx.Client(base_url=url, timeout=60) as client:
        yield client


def everything_stored(database: str) -> bytes:
    """Every byte the database keeps: the SQLite files, or every row of every table."""
    if database.startswith("postgresql://"):
        with psycopg.connect(database) as conn:
            tables = conn.execute(
                "SELECT tablename FROM pg_tables WHERE schemaname = 'public'"
            ).fetchall()
            text = [
                str(conn.execute(f'SELECT * FROM "{name}"').fetchall())  # noqa: S608 (names from the catalogue)
                for (name,) in tables
            ]
        return "\n".join(text).encode()
    files = sorted(Path(database).parent.glob(Path(database).name + "*"))
    return b"".join(f.read_bytes() for f in files)


def test_nothing_planted_or_secret_is_kept(hub: Hub, api: httpx.Client, database: str) -> None:
    hub.storage.add_coordinator("coordinator", hash_password(PASSWORD))
    invitation, _ = create_invitation(hub, SCHOOL, hub.now())
    key = new_key()

    def send(path: str, body: object) -> int:
        return api.post(f"/api/v1/{path}", content=canonical_json(body), headers=JSON).status_code

    assert send("enrol", enrolment_request(key, invitation.token, SCHOOL)) == 200
    laptop = enrolled(hub)
    assert send("reports", laptop.envelope()) == 201
    for planted in PLANTED:
        for body in (
            {**laptop.envelope(period="2025-autumn"), "note": planted},
            laptop.envelope(period="2026-spring", school=planted),
            {**enrolment_request(new_key(), invitation.token, SCHOOL), "name": planted},
        ):
            assert send("reports", body) >= 400 and send("enrol", body) >= 400
        # Signed by the laptop: the signature is checked before the report's form.
        report = laptop.envelope(period="2026-summer")["report"]
        report["totals"][planted] = {"x": 1}
        assert send("reports", report_envelope(laptop.key, report)) == 422

    kept = everything_stored(database)
    assert b"riverside-primary" in kept  # the scan does read what is stored
    secrets = [*PLANTED, invitation.token, PASSWORD]
    for secret in secrets:
        assert secret.encode() not in kept, secret
    for private in (
        private_key_bytes(key),
        private_key_bytes(hub.key),
        private_key_bytes(laptop.key),
    ):
        assert private not in kept and encode_bytes(private).encode() not in kept


def test_a_fault_in_the_hub_is_a_500_without_a_traceback(
    hub: Hub, api: httpx.Client, database: str
) -> None:
    laptop = enrolled(hub)
    # A real fault: the reports table is gone from under the running hub.
    if database.startswith("postgresql://"):
        with psycopg.connect(database, autocommit=True) as conn:
            conn.execute("DROP TABLE reports")
    else:
        with sqlite3.connect(database) as conn:
            conn.execute("DROP TABLE reports")
    answer = api.post("/api/v1/reports", content=canonical_json(laptop.envelope()), headers=JSON)
    assert answer.status_code == 500
    assert answer.json()["error"] == "hub-fault"
    assert "Traceback" not in answer.text and "reports" not in answer.json()["reason"]
