"""The manifest: rows removed, added or put back by someone editing the file without the
key are found at unlock and named in plain words; the app's own changes never are."""

from __future__ import annotations

import json
import sqlite3
from collections import Counter
from dataclasses import replace
from pathlib import Path

import pytest
from helpers.values import TODAY

from parentrus_desktop.domain import Consent, Family, Session
from parentrus_desktop.operations.activity import ACTIVITY
from parentrus_desktop.operations.demo_data import DemoSize, demo_records
from parentrus_desktop.operations.drafts import DRAFT
from parentrus_desktop.operations.kept import KEPT
from parentrus_desktop.operations.retention import RULE as RETENTION_RULE
from parentrus_desktop.outbox.connection import CONNECTION
from parentrus_desktop.outbox.outbox import REPORT as OUTBOX_REPORT
from parentrus_desktop.outbox.outbox import fill_outbox
from parentrus_desktop.store import backup, unlocked
from parentrus_desktop.store.integrity import FileChangedOutsideApp, how_many, integrity_words
from parentrus_desktop.store.manifest import TOP, Row, bucket_of
from parentrus_desktop.store.profiles import LockedProfile
from parentrus_desktop.store.unlocked import UnlockedProfile

OUTBOX = "outbox-report"


@pytest.fixture
def filled(created: tuple[UnlockedProfile, str]) -> tuple[UnlockedProfile, str]:
    """A profile with families, sessions and consents, an app secret and an outbox item."""
    profile, recovery_key = created
    profile.save(*demo_records(DemoSize(families=6, sessions=40), seed=3, today=TODAY))
    profile.secret("noise")
    profile.save_sealed_items(OUTBOX, {"first": b"a report", "second": b"another"})
    return profile, recovery_key


def _reopen(path: Path, recovery_key: str) -> UnlockedProfile:
    # The recovery key skips Argon2id's half second; the check is the same either way.
    return LockedProfile(path).unlock_with_recovery_key(recovery_key)


def _as_attacker(path: Path, *statements: tuple[str, tuple[object, ...]]) -> None:
    """Edit the file as someone without the key would: plain sqlite3, nothing else."""
    conn = sqlite3.connect(path)
    try:
        for sql, values in statements:
            conn.execute(sql, values)
        conn.commit()
    finally:
        conn.close()


def _rows(path: Path, sql: str, values: tuple[object, ...] = ()) -> list[tuple[object, ...]]:
    conn = sqlite3.connect(path)
    try:
        return conn.execute(sql, values).fetchall()
    finally:
        conn.close()


def test_an_untouched_file_passes(filled: tuple[UnlockedProfile, str]) -> None:
    profile, recovery_key = filled
    profile.lock()
    reopened = _reopen(profile.path, recovery_key)
    try:
        assert reopened.integrity.ok and not reopened.integrity.built_now
        assert integrity_words(reopened.integrity) == []
        reopened.require_intact()
    finally:
        reopened.lock()


def test_every_consent_removed_is_found_and_named(filled: tuple[UnlockedProfile, str]) -> None:
    profile, recovery_key = filled
    consents = len(profile.all(Consent))
    assert consents > 1
    profile.lock()
    _as_attacker(profile.path, ("DELETE FROM records WHERE kind = 'consent'", ()))
    reopened = _reopen(profile.path, recovery_key)
    try:
        result = reopened.integrity
        assert not result.ok
        assert Counter(r.kind for r in result.missing) == {"consent": consents}
        assert result.added == [] and result.changed == []
        assert integrity_words(result) == [
            f"Removed from this file outside the app: {consents} consent records."
        ]
        with pytest.raises(FileChangedOutsideApp):
            reopened.require_intact()
        with pytest.raises(FileChangedOutsideApp):
            fill_outbox(reopened, TODAY)
        assert reopened.all(Family)  # the mentor can still read every record left
    finally:
        reopened.lock()


def test_a_sealed_value_copied_under_a_new_id_is_found(
    filled: tuple[UnlockedProfile, str],
) -> None:
    profile, recovery_key = filled
    session = profile.all(Session)[0]
    profile.lock()
    _as_attacker(
        profile.path,
        (
            "INSERT INTO records (id, kind, key_id, schema_version, sealed) "
            "SELECT 'copied-session', kind, key_id, schema_version, sealed FROM records "
            "WHERE id = ?",
            (session.id,),
        ),
    )
    reopened = _reopen(profile.path, recovery_key)
    try:
        assert [(r.id, r.kind) for r in reopened.integrity.added] == [("copied-session", "session")]
        assert integrity_words(reopened.integrity) == [
            "Added to this file outside the app (the app did not save them): 1 session."
        ]
        with pytest.raises(FileChangedOutsideApp):
            reopened.require_intact()
    finally:
        reopened.lock()


def test_an_older_copy_of_a_record_put_back_is_found(
    filled: tuple[UnlockedProfile, str],
) -> None:
    profile, recovery_key = filled
    session = profile.all(Session)[0]
    ((old_bytes,),) = _rows(profile.path, "SELECT sealed FROM records WHERE id = ?", (session.id,))
    profile.save(replace(session, notes="They cancelled: the child was ill."))
    profile.lock()
    _as_attacker(
        profile.path, ("UPDATE records SET sealed = ? WHERE id = ?", (old_bytes, session.id))
    )
    reopened = _reopen(profile.path, recovery_key)
    try:
        assert reopened.get(session.id) == session  # the old copy opens: only the manifest knows
        assert [(r.id, r.kind) for r in reopened.integrity.changed] == [(session.id, "session")]
        assert integrity_words(reopened.integrity) == [
            "Replaced outside the app, for example by an older copy of the same record: 1 session."
        ]
    finally:
        reopened.lock()


def test_text_put_where_a_sealed_value_was_is_damage_not_a_crash(
    filled: tuple[UnlockedProfile, str],
) -> None:
    profile, recovery_key = filled
    session = profile.all(Session)[0]
    profile.lock()
    _as_attacker(
        profile.path, ("UPDATE records SET sealed = 'plain text' WHERE id = ?", (session.id,))
    )
    reopened = _reopen(profile.path, recovery_key)
    try:
        assert [d.id for d in reopened.damaged] == [session.id]
        assert [r.id for r in reopened.integrity.changed] == [session.id]
    finally:
        reopened.lock()


def test_a_removed_family_key_and_outbox_item_are_found(
    filled: tuple[UnlockedProfile, str],
) -> None:
    profile, recovery_key = filled
    profile.lock()
    ((key_id,),) = _rows(profile.path, "SELECT id FROM keys LIMIT 1")
    _as_attacker(
        profile.path,
        ("DELETE FROM keys WHERE id = ?", (key_id,)),
        ("DELETE FROM sync_items WHERE id = 'second'", ()),
    )
    reopened = _reopen(profile.path, recovery_key)
    try:
        assert sorted((r.table, r.id) for r in reopened.integrity.missing) == [
            ("keys", key_id),
            ("sync_items", "second"),
        ]
        (line,) = integrity_words(reopened.integrity)
        assert line.startswith("Removed from this file outside the app: ")
        assert "1 family's key" in line and "1 report waiting to be sent" in line
    finally:
        reopened.lock()


def test_a_removed_manifest_is_reported_not_rebuilt(filled: tuple[UnlockedProfile, str]) -> None:
    profile, recovery_key = filled
    profile.lock()
    _as_attacker(profile.path, ("DELETE FROM manifest WHERE bucket = ?", (TOP,)))
    for _ in range(2):  # and again: the app does not quietly make a new one
        reopened = _reopen(profile.path, recovery_key)
        try:
            assert reopened.integrity.manifest_damaged and not reopened.integrity.ok
            reopened.save(replace(reopened.all(Family)[0], notes="a save in between"))
        finally:
            reopened.lock()


def test_a_bucket_rewritten_to_hide_a_removed_row_is_reported(
    filled: tuple[UnlockedProfile, str],
) -> None:
    profile, recovery_key = filled
    consent = profile.all(Consent)[0]
    profile.lock()
    bucket = bucket_of("records", consent.id)
    ((content,),) = _rows(profile.path, "SELECT content FROM manifest WHERE bucket = ?", (bucket,))
    hidden = [e for e in json.loads(content) if e[1] != consent.id]
    _as_attacker(
        profile.path,
        ("DELETE FROM records WHERE id = ?", (consent.id,)),
        ("UPDATE manifest SET content = ? WHERE bucket = ?", (json.dumps(hidden), bucket)),
    )
    reopened = _reopen(profile.path, recovery_key)
    try:
        assert reopened.integrity.manifest_damaged and not reopened.integrity.ok
        assert integrity_words(reopened.integrity)[-1].startswith("The app's list of what")
    finally:
        reopened.lock()


def test_a_changed_top_row_is_reported(filled: tuple[UnlockedProfile, str]) -> None:
    profile, recovery_key = filled
    profile.lock()
    ((top,),) = _rows(profile.path, "SELECT content FROM manifest WHERE bucket = ?", (TOP,))
    forged = top[:10] + bytes([top[10] ^ 1]) + top[11:]
    _as_attacker(profile.path, ("UPDATE manifest SET content = ? WHERE bucket = ?", (forged, TOP)))
    reopened = _reopen(profile.path, recovery_key)
    try:
        assert reopened.integrity.manifest_damaged
        with pytest.raises(FileChangedOutsideApp):
            reopened.require_intact()
    finally:
        reopened.lock()


def test_every_change_the_app_makes_keeps_the_manifest_in_step(
    filled: tuple[UnlockedProfile, str],
) -> None:
    profile, recovery_key = filled
    sessions = profile.all(Session)
    profile.save(replace(sessions[0], notes="changed in the app"))
    profile.delete(sessions[1])
    profile.erase_family(profile.all(Family)[0].id)
    profile.secret("another secret")
    profile.save_sealed_items(OUTBOX, {"third": b"x"}, delete=["first"])
    profile.lock()
    reopened = _reopen(profile.path, recovery_key)
    try:
        assert reopened.integrity.ok, integrity_words(reopened.integrity)
    finally:
        reopened.lock()


def test_one_save_rewrites_one_bucket_and_the_top(filled: tuple[UnlockedProfile, str]) -> None:
    profile, _recovery_key = filled
    before = dict(_rows(profile.path, "SELECT bucket, content FROM manifest"))
    profile.save(replace(profile.all(Session)[0], notes="one small change"))
    after = dict(_rows(profile.path, "SELECT bucket, content FROM manifest"))
    assert len(before) == len(after) == 257
    assert sorted(b for b in after if after[b] != before[b])[0] == TOP
    assert len([b for b in after if after[b] != before[b]]) == 2


def test_a_file_from_before_gets_its_manifest_at_first_unlock(
    created: tuple[UnlockedProfile, str], monkeypatch: pytest.MonkeyPatch
) -> None:
    profile, recovery_key = created
    with monkeypatch.context() as before:
        before.setattr(unlocked, "SCHEMA_VERSION", 4)  # records sealed as version 4 did
        profile.save(*demo_records(DemoSize(families=3, sessions=10), seed=3, today=TODAY))
    profile.lock()
    # What version 4 of the app left: no manifest table at all.
    _as_attacker(profile.path, ("DROP TABLE manifest", ()), ("PRAGMA user_version = 4", ()))
    first = _reopen(profile.path, recovery_key)
    try:
        assert first.integrity.built_now and first.integrity.ok and first.damaged == []
    finally:
        first.lock()
    _as_attacker(profile.path, ("DELETE FROM records WHERE kind = 'consent'", ()))
    second = _reopen(profile.path, recovery_key)
    try:
        assert not second.integrity.built_now
        assert {r.kind for r in second.integrity.missing} == {"consent"}
    finally:
        second.lock()


def test_a_manifest_removed_and_marked_as_never_made_is_not_trusted_again(
    filled: tuple[UnlockedProfile, str],
) -> None:
    profile, recovery_key = filled
    profile.lock()
    # What an attacker who read this code would do: look like a file from before.
    _as_attacker(
        profile.path,
        ("DELETE FROM records WHERE kind = 'consent'", ()),
        ("DROP TABLE manifest", ()),
        ("PRAGMA user_version = 4", ()),
    )
    reopened = _reopen(profile.path, recovery_key)
    try:
        assert not reopened.integrity.built_now
        assert reopened.integrity.manifest_damaged and not reopened.integrity.ok
    finally:
        reopened.lock()


def test_accepting_the_file_as_it_is_clears_the_finding(
    filled: tuple[UnlockedProfile, str],
) -> None:
    profile, recovery_key = filled
    profile.lock()
    _as_attacker(profile.path, ("DELETE FROM records WHERE kind = 'consent'", ()))
    reopened = _reopen(profile.path, recovery_key)
    try:
        assert not reopened.integrity.ok
        reopened.accept_file_as_it_is()
        reopened.require_intact()
    finally:
        reopened.lock()
    again = _reopen(profile.path, recovery_key)
    try:
        assert again.integrity.ok
    finally:
        again.lock()


def test_a_trigger_planted_in_the_file_is_removed_and_reported(
    filled: tuple[UnlockedProfile, str],
) -> None:
    # A trigger added with plain sqlite3 runs inside the app's own transactions: this one
    # quietly skips every change to a consent record, so a withdrawal the mentor saved
    # would be gone at the next unlock, with a manifest that looked as the app left it.
    profile, recovery_key = filled
    consent = profile.all(Consent)[0]
    profile.lock()
    _as_attacker(
        profile.path,
        (
            "CREATE TRIGGER keep_consents BEFORE UPDATE ON records WHEN NEW.kind = 'consent' "
            "BEGIN SELECT RAISE(IGNORE); END",
            (),
        ),
        ("CREATE VIEW everything AS SELECT * FROM records", ()),
    )
    reopened = _reopen(profile.path, recovery_key)
    try:
        assert not reopened.integrity.ok
        with pytest.raises(FileChangedOutsideApp):
            reopened.require_intact()
        reopened.save(replace(consent, withdrawn_on=TODAY))
    finally:
        reopened.lock()
    assert (
        _rows(profile.path, "SELECT name FROM sqlite_master WHERE type IN ('trigger', 'view')")
        == []
    )
    again = _reopen(profile.path, recovery_key)
    try:
        withdrawn = again.get(consent.id)
        assert isinstance(withdrawn, Consent) and withdrawn.withdrawn_on == TODAY
        assert again.integrity.manifest_damaged  # reported until someone accepts the file
        assert "changed outside the app" in " ".join(integrity_words(again.integrity))
    finally:
        again.lock()


def test_every_kind_of_item_the_app_keeps_has_words_in_a_check_s_answer() -> None:
    """What `verify` tells the IT volunteer names each kind the app writes, never "other
    item" for one of its own: the drafts, the activity log, the retention rule and its
    decisions, the backup notes and the profile's identity."""
    kinds = (
        DRAFT, ACTIVITY, RETENTION_RULE, KEPT, backup.STATE_KIND, backup.IDENTITY_KIND,
        CONNECTION, OUTBOX_REPORT,
    )  # fmt: skip
    for kind in kinds:
        said = how_many([Row("sync_items", "x", kind)])
        assert "other item" not in said and said.startswith("1 "), (kind, said)
    assert how_many([Row("sync_items", "x", "made-up")]) == "1 other item"
