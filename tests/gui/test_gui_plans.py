"""The family page shows the whole engagement plan, and Today lists the plans to review."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from datetime import timedelta

from helpers.planted import planted_family
from helpers.values import TODAY
from PySide6.QtWidgets import QLabel, QListWidget
from pytestqt.qtbot import QtBot
from test_gui_flow import create_first_profile, settle

from parentrus_desktop.domain import EngagementPlan, Family
from parentrus_desktop.domain.vocabulary import FamilyStatus
from parentrus_desktop.gui.window import MentorWindow
from parentrus_desktop.operations.today import what_is_on

MakeWindow = Callable[..., MentorWindow]


def _with_plan(code: str, carer: str, review_in_days: int | None) -> Family:
    review_on = None if review_in_days is None else TODAY + timedelta(days=review_in_days)
    return replace(
        planted_family(code),
        carers=(carer,),
        plan=EngagementPlan(
            goals="Reading every evening",
            strategies="Library on Saturdays, a reading record",
            review_on=review_on,
        ),
    )


def test_plans_due_within_a_week_or_already_due_are_listed_soonest_first() -> None:
    late = _with_plan("QMA-4K", "Saima", -3)
    soon = _with_plan("B3X-9P", "Bronwen", 5)
    later = _with_plan("K7Q-4M", "Hodan", 30)
    closed = replace(_with_plan("W3X-7P", "Amina", 1), status=FamilyStatus.CLOSED, closed_on=TODAY)
    none = _with_plan("HNR-3T", "Olena", None)
    shown = what_is_on([soon, later, closed, none, late], TODAY)
    assert [f.code for f in shown.plans_to_review] == ["QMA-4K", "B3X-9P"]


def test_the_family_page_shows_the_whole_plan_and_today_lists_it(
    qtbot: QtBot, make_window: MakeWindow
) -> None:
    window = make_window()
    workspace = create_first_profile(qtbot, window)
    assert window.records is not None
    family = _with_plan("QMA-4K", "Saima", 2)
    window.records.profile.save(family)
    window.records.changed.emit({Family.kind})
    settle(qtbot)

    listing = workspace.today_page.findChild(QListWidget, "plans-to-review")
    assert listing is not None and listing.count() == 1
    assert listing.item(0).text().startswith("Saima (\u2066QMA-4K\u2069) · review the plan on ")

    workspace.open_family(family.id)
    settle(qtbot)
    page = workspace.family_page
    assert page is not None

    def shown(name: str) -> str:
        label = page.findChild(QLabel, name)
        return label.text() if label is not None else ""

    assert shown("plan-goals") == "Reading every evening"
    assert shown("plan-strategies") == "Library on Saturdays, a reading record"
    assert shown("plan-review").startswith("Review the plan on ")
