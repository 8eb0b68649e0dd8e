"""A training profile says so on every screen, and warns when a phone number is typed."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import QLabel
from pytestqt.qtbot import QtBot
from test_gui_flow import MakeWindow, add_family, create_first_profile, settle

from parentrus_desktop.domain import Family
from parentrus_desktop.gui.first_run import FirstRunScreen
from parentrus_desktop.gui.workspace import Workspace


def _banners(widget: object) -> list[QLabel]:
    assert hasattr(widget, "findChildren")
    return [
        label
        for label in widget.findChildren(QLabel, "training-banner")
        if label.isVisibleTo(widget)  # type: ignore[arg-type]
    ]


def test_a_training_profile_shows_its_banner_everywhere_and_warns_about_phone_numbers(
    qtbot: QtBot, make_window: MakeWindow, tmp_path: Path
) -> None:
    window = make_window()
    first = window.current_screen
    assert isinstance(first, FirstRunScreen)
    first.create_step.training.click()
    qtbot.waitUntil(lambda: isinstance(window.workspace, Workspace), timeout=30_000)
    workspace = window.workspace
    assert isinstance(workspace, Workspace)
    settle(qtbot)
    (banner,) = _banners(workspace)
    assert banner.text() == "Training — practice only, do not type real families"
    assert workspace.property("training") is True
    workspace.grab().save(str(tmp_path / "training-today.png"))

    example = workspace.records.profile.all(Family)[0]
    form = workspace.edit_family(example)
    assert len(_banners(form)) == 1 and form.property("training") is True
    warning = form.training_warning
    assert not warning.isVisibleTo(form)  # the example's own (made-up) number: no warning
    form.phone.setText("07700 900123")
    assert warning.isVisibleTo(form) and "Never type a real family" in warning.text()
    form.grab().save(str(tmp_path / "training-family.png"))
    form.phone.setText(example.contact.phone)
    assert not warning.isVisibleTo(form)
    form.discard()


def test_a_mentors_own_profile_has_no_training_banner(
    qtbot: QtBot, make_window: MakeWindow
) -> None:
    window = make_window()
    workspace = create_first_profile(qtbot, window)
    add_family(qtbot, workspace, "Agnieszka")
    form = workspace.edit_family(None)
    assert _banners(workspace) == [] and _banners(form) == []
    assert not hasattr(form, "training_warning")
    form.discard()
