"""Coordinators' roles, on both backends: one school's coordinator or the programme's, kept
in the hub's database (schema 4), and what accounts from before roles become."""

from __future__ import annotations

import sqlite3
from datetime import UTC, datetime

import psycopg
import pytest
from parentrus_sync.hub.storage import (
    PROGRAMME_ROLE,
    SCHOOL_ROLE,
    Conflict,
    School,
    Storage,
    default_policy,
    open_storage,
)
from test_hub_schema_versions import SCHOOL, _as_the_first_hub_made_it

HASH = "$argon2id$v=19$m=65536,t=3,p=4$c2FsdA$aGFzaA"
OTHER = "hillside-academy"


def _two_schools(storage: Storage) -> None:
    storage.add_school(School(SCHOOL, "Riverside Primary", default_policy(SCHOOL)))
    storage.add_school(School(OTHER, "Hillside Academy", default_policy(OTHER)))


def test_each_account_keeps_its_role_and_school(storage: Storage) -> None:
    _two_schools(storage)
    storage.add_coordinator("river", HASH, SCHOOL)
    storage.add_coordinator("hill", HASH, OTHER)
    storage.add_coordinator("lead", HASH)
    river, hill, lead = (storage.coordinator(n) for n in ("river", "hill", "lead"))
    assert river is not None and hill is not None and lead is not None
    assert (river.role, river.school) == (SCHOOL_ROLE, SCHOOL)
    assert (hill.role, hill.school) == (SCHOOL_ROLE, OTHER)
    assert (lead.role, lead.school) == (PROGRAMME_ROLE, None)
    assert river.may_see(SCHOOL) and not river.may_see(OTHER)
    assert lead.may_see(SCHOOL) and lead.may_see(OTHER)
    # Signing in and a new password leave the role as it was.
    storage.record_login("river", False, _now())
    storage.set_password("river", HASH + "x")
    after = storage.coordinator("river")
    assert after is not None and (after.role, after.school) == (SCHOOL_ROLE, SCHOOL)


def test_an_account_for_a_school_that_is_not_there_is_refused(storage: Storage) -> None:
    _two_schools(storage)
    with pytest.raises(LookupError, match="no school called nowhere"):
        storage.add_coordinator("someone", HASH, "nowhere")
    assert storage.coordinator("someone") is None
    storage.add_coordinator("someone", HASH, OTHER)
    with pytest.raises(Conflict):
        storage.add_coordinator("someone", HASH)


def test_the_coordinator_of_a_first_hub_becomes_its_schools_coordinator(database: str) -> None:
    # A first hub had one school: its coordinator saw that school, and still sees only it
    # when the hub later takes more schools.
    _as_the_first_hub_made_it(database)
    storage = open_storage(database)
    try:
        account = storage.coordinator("coordinator")
        assert account is not None
        assert (account.role, account.school) == (SCHOOL_ROLE, SCHOOL)
        storage.add_school(School(OTHER, "Hillside Academy", default_policy(OTHER)))
        account = storage.coordinator("coordinator")
        assert account is not None and not account.may_see(OTHER)
    finally:
        storage.close()


def test_on_a_hub_of_several_schools_an_earlier_account_keeps_seeing_them_all(
    database: str,
) -> None:
    _as_the_first_hub_made_it(database)
    _add_second_school_as_schema_3(database)
    storage = open_storage(database)
    try:
        account = storage.coordinator("coordinator")
        assert account is not None
        assert (account.role, account.school) == (PROGRAMME_ROLE, None)
        assert account.may_see(SCHOOL) and account.may_see(OTHER)
    finally:
        storage.close()


def _add_second_school_as_schema_3(database: str) -> None:
    """A second school added straight into a first hub's tables, before roles existed."""
    sql = "INSERT INTO schools VALUES ('hillside-academy', 'Hillside Academy', '{}')"
    if database.startswith("postgresql://"):
        with psycopg.connect(database) as conn:
            conn.execute(sql.encode())
        return
    conn = sqlite3.connect(database)
    with conn:
        conn.execute(sql)
    conn.close()


def _now() -> datetime:
    return datetime(2026, 12, 1, tzinfo=UTC)
