"""The hub's refusals in a mentor's words, by code: every code the wire, the hub and the
client can give has words; the outbox keeps the code; what is shown is the words for the
code in the mentor's language, never the hub's English sentence."""

from __future__ import annotations

import ast
from collections.abc import Iterator
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

import parentrus_sync
import pytest
from parentrus_sync.client import CLIENT_CODES, HubRefused
from parentrus_sync.hub.ingest import STATUS
from parentrus_sync.protocol import REFUSAL_CODES, ProtocolError

from parentrus_desktop import i18n
from parentrus_desktop.gui.language import apply_language
from parentrus_desktop.gui.sync_words import problem_words, state_words
from parentrus_desktop.outbox import connection as connection_module
from parentrus_desktop.outbox.connection import connect_with_invitation
from parentrus_desktop.outbox.outbox import ReportState, fill_outbox, outbox_entries, send_due
from parentrus_desktop.outbox.refusal_words import NO_REASON, UNKNOWN, WORDS, refusal_words
from parentrus_desktop.store.unlocked import UnlockedProfile

#: Where codes are raised: the wire, the client, the hub's answers, connecting.
_SOURCES = [
    Path(parentrus_sync.__file__).parent / name
    for name in ("protocol.py", "client.py", "hub/ingest.py", "hub/api.py")
] + [Path(connection_module.__file__)]
_RAISERS = {"ProtocolError", "Refusal", "HubRefused", "WrongHub"}
#: The Arabic catalog's words for "changed-report" (i18n/ar), as a mentor reads them.
CHANGED_IN_ARABIC = "لدى المدرسة تقرير مختلف من هذا الحاسوب عن هذه الفترة"


def _raised_codes() -> set[str]:
    """Every code literally given to a refusal or protocol error in the sources."""
    found = set()
    for source in _SOURCES:
        for node in ast.walk(ast.parse(source.read_text(encoding="utf-8"))):
            if (
                isinstance(node, ast.Call)
                and isinstance(node.func, ast.Name)
                and node.func.id in _RAISERS
                and node.args
                and isinstance(node.args[0], ast.Constant)
                and isinstance(node.args[0].value, str)
            ):
                found.add(node.args[0].value)
    return found


def test_every_code_the_wire_the_hub_and_the_client_can_give_has_words() -> None:
    raised = _raised_codes()
    assert {"bad-code", "changed-report", "wrong-hub", "expired-invitation"} <= raised | set(
        STATUS
    )  # the scan finds them
    # Each code raised anywhere, and each in the hub's contract, is named on the wire...
    assert raised - {"expired-invitation"} <= REFUSAL_CODES | CLIENT_CODES
    assert set(STATUS) <= REFUSAL_CODES
    # ...and has words of its own, not the general sentence.
    every = REFUSAL_CODES | CLIENT_CODES | raised | set(STATUS)
    missing = sorted(code for code in every if code not in WORDS)
    assert missing == []
    assert all(refusal_words(code) not in (UNKNOWN, NO_REASON) for code in every)


def test_an_unknown_code_gets_a_general_sentence_and_no_hub_english() -> None:
    assert refusal_words("quota-exceeded") == UNKNOWN  # a newer hub's code
    assert refusal_words("http-403") == NO_REASON  # a refusal with no reason in it
    newer = HubRefused("quota-exceeded", "Quota exceeded for device d-1234.", 422)
    assert problem_words(newer) == UNKNOWN
    local = ProtocolError("bad-code", "Code must be 24 chars.")
    assert problem_words(local) == WORDS["bad-code"]


@pytest.fixture
def arabic() -> Iterator[None]:
    apply_language("ar")
    yield
    apply_language("en")
    assert i18n.current_language() == "en"


def test_a_refused_report_keeps_the_code_and_shows_its_words_in_arabic(
    profile: UnlockedProfile, hub: Any, arabic: None
) -> None:
    connect_with_invitation(profile, hub.invitation(), now=datetime(2026, 10, 5, tzinfo=UTC))
    fill_outbox(profile, date(2026, 11, 10))
    hub.reports = "changed"  # 409, with the hub's own English sentence
    result = send_due(profile, datetime(2026, 11, 10, 9, 0, tzinfo=UTC))
    assert result.refused == 1
    (entry,) = outbox_entries(profile)
    assert entry.state is ReportState.REFUSED and entry.code == "changed-report"
    shown = state_words(entry)
    assert CHANGED_IN_ARABIC in shown
    assert "Digest mismatch" not in shown and "Not accepted" not in shown  # all Arabic
