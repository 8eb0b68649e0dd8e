"""A connected school's longest keep of closed families, on the screens: Settings says it
and the months box stops there; Today's list and its title follow it; keeping a family
past it offers only the reasons that can outweigh it. Looked at in English and Arabic."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from datetime import UTC, date, datetime
from pathlib import Path

import pytest
from helpers.planted import planted_family
from helpers.values import TODAY
from parentrus_sync.protocol import Policy, encode_bytes, new_key, public_key_bytes
from PySide6.QtCore import QDate, Qt
from PySide6.QtWidgets import QLabel
from pytestqt.qtbot import QtBot
from test_gui_flow import create_first_profile, settle

from parentrus_desktop.domain import Family
from parentrus_desktop.domain.vocabulary import FamilyStatus
from parentrus_desktop.gui.window import MentorWindow
from parentrus_desktop.gui.workspace import Workspace
from parentrus_desktop.operations import CONNECTIONS
from parentrus_desktop.operations.kept import KeepReason
from parentrus_desktop.operations.retention import RetentionRule, keep_family, retention_rule
from parentrus_desktop.outbox.connection import SchoolConnection, StoredConnection, save_connection
from parentrus_desktop.store.unlocked import UnlockedProfile

MakeWindow = Callable[..., MentorWindow]
SCHOOL_NAME = "Riverside Primary"


def connect_school(profile: UnlockedProfile, keep_closed_months: int | None) -> None:
    """A connection as enrolling leaves it, with the school's signed policy kept."""
    hub_key = public_key_bytes(new_key())
    save_connection(
        profile,
        StoredConnection(
            item_id="connection-riverside",
            public=SchoolConnection(
                school_id="school-riverside",
                school_name=SCHOOL_NAME,
                hub_address="http://127.0.0.1:9",
                hub_school="riverside-primary",
                device="d-" + "a" * 20,
                hub_fingerprint=encode_bytes(hub_key),
                connected=datetime(2026, 9, 1, tzinfo=UTC),
                revoked=False,
            ),
            key_name="device-key-riverside",
            hub_key=hub_key,
            tls_pin=None,
            policy=Policy("riverside-primary", keep_closed_months=keep_closed_months),
        ),
    )


def _with_families_and_a_school(qtbot: QtBot, window: MentorWindow) -> Workspace:
    """TODAY is 2026-11-22: one family closed 17 months ago, one 8 months ago."""
    workspace = create_first_profile(qtbot, window)
    long_ago = replace(
        planted_family("K7Q-4M"),
        joined_on=date(2024, 1, 8),
        status=FamilyStatus.CLOSED,
        closed_on=date(2025, 6, 30),
    )
    recent = replace(long_ago, id=planted_family().id, code="MNP-QR", closed_on=date(2026, 3, 5))
    workspace.records.save(long_ago, recent, owner=workspace)
    settle(qtbot)
    connect_school(workspace.records.profile, 6)
    workspace.records.changed.emit({CONNECTIONS})  # as connecting does
    settle(qtbot)
    return workspace


def _due_codes(workspace: Workspace) -> list[str]:
    return [family.code for family, _erase, _keep in workspace.today_page.due_for_erasure]


def _section_texts(workspace: Workspace) -> list[str]:
    return [
        label.text()
        for label in workspace.today_page.findChildren(QLabel)
        if label.objectName() == "section"
    ]


def test_settings_and_today_follow_the_schools_maximum(
    qtbot: QtBot, make_window: MakeWindow
) -> None:
    workspace = _with_families_and_a_school(qtbot, make_window())
    profile = workspace.records.profile
    # The mentor's own 12 months would list only the family closed 17 months ago.
    assert _due_codes(workspace) == ["K7Q-4M", "MNP-QR"]
    assert "Closed more than 6 months ago: due for erasure" in _section_texts(workspace)

    workspace.show_page(workspace.settings_page)
    settle(qtbot)
    section = workspace.settings_page.keeping_records
    assert (section.months.value(), section.months.maximum()) == (6, 6)
    assert section.school_words.isVisible()
    assert section.school_words.text() == (
        "Riverside Primary asks that closed families are kept no longer than 6 months, "
        "so the app uses 6."
    )
    assert retention_rule(profile) == RetentionRule()  # showing it saved nothing

    section.months.setValue(9)  # typed or clicked past the school's maximum: stays at 6
    settle(qtbot)
    assert section.months.value() == 6
    section.months.setValue(4)  # shorter is the mentor's choice
    settle(qtbot)
    assert retention_rule(profile).months == 4
    assert section.school_words.text() == (
        "Riverside Primary asks that closed families are kept no longer than 6 months, "
        "so you can choose up to 6."
    )
    assert "Closed more than 4 months ago: due for erasure" in _section_texts(workspace)


def test_keeping_a_family_past_the_schools_maximum_needs_a_real_reason(
    qtbot: QtBot, make_window: MakeWindow
) -> None:
    workspace = _with_families_and_a_school(qtbot, make_window())
    (family,) = [f for f in workspace.records.profile.all(Family) if f.code == "MNP-QR"]
    dialog = workspace.ask_keep(family)
    offered = [dialog.reason.itemData(i) for i in range(dialog.reason.count())]
    assert KeepReason.MAY_COME_BACK.value not in offered
    assert KeepReason.SAFEGUARDING_OR_LEGAL.value in offered
    said = dialog.findChild(QLabel, "keep-school-maximum")
    assert said is not None and said.text().startswith(
        "Riverside Primary asks that closed families are kept no longer than 6 months."
    )
    reason = KeepReason.SAFEGUARDING_OR_LEGAL.value
    dialog.reason.setCurrentIndex(dialog.reason.findData(reason))
    dialog.until.setDate(QDate(2027, 5, 1))
    dialog.keep_button.click()
    settle(qtbot)
    assert "MNP-QR" not in _due_codes(workspace)
    # Kept past the school's maximum is never silent: Settings lists it, with its reason.
    workspace.show_page(workspace.settings_page)
    settle(qtbot)
    kept = workspace.settings_page.keeping_records.kept_words
    assert kept.isVisible()
    lines = kept.text().splitlines()
    assert lines[0] == "Kept longer than your school asks:"
    assert len(lines) == 2 and "MNP-QR" in lines[1] and " · until 1 May 2027 · " in lines[1]
    assert lines[1].endswith("A safeguarding or legal matter is still open")


@pytest.mark.parametrize("language", ["en", "ar"])
def test_the_schools_maximum_is_said_plainly_in_english_and_arabic(
    qtbot: QtBot, make_window: MakeWindow, language: str, tmp_path: Path
) -> None:
    window = make_window(language)
    window.resize(1366, 768)
    workspace = _with_families_and_a_school(qtbot, window)
    (long_ago,) = [f for f in workspace.records.profile.all(Family) if f.code == "K7Q-4M"]
    reason = KeepReason.SAFEGUARDING_OR_LEGAL
    keep_family(workspace.records.profile, long_ago.id, date(2027, 5, 1), reason, TODAY)
    workspace.show_page(workspace.settings_page)
    settle(qtbot)
    section = workspace.settings_page.keeping_records
    assert section.kept_words.isVisible()
    said = section.school_words
    assert said.isVisible() and said.text()
    assert "Riverside Primary" in said.text() and "6" in said.text()
    # Arabic reads right to left (the words come from i18n/new-retention-max.ar.tsv once
    # merged into the catalog).
    rtl = said.layoutDirection() is Qt.LayoutDirection.RightToLeft
    assert rtl == (language == "ar")
    # The words and the box are inside the window: nothing cut off at 768 pixels high.
    bottom = said.mapTo(window, said.rect().bottomLeft()).y()
    assert bottom <= window.height()
    shots = tmp_path  # looked at by hand: pytest --basetemp=DIR keeps them
    window.grab().save(str(shots / f"settings-school-maximum-{language}.png"))
    (family,) = [f for f in workspace.records.profile.all(Family) if f.code == "MNP-QR"]
    keep = workspace.ask_keep(family)
    settle(qtbot)
    keep.grab().save(str(shots / f"keep-school-maximum-{language}.png"))
    assert keep.width() <= 1366
    keep.reject()
