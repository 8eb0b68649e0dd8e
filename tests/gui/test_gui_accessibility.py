"""Every control can be found by a screen reader and reached with the keyboard."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractScrollArea,
    QAbstractSpinBox,
    QComboBox,
    QLabel,
    QLineEdit,
    QScrollBar,
    QWidget,
)
from pytestqt.qtbot import QtBot
from test_gui_flow import add_family, create_first_profile, settle

from parentrus_desktop.gui.window import MentorWindow

MakeWindow = Callable[..., MentorWindow]


def unnamed_controls(root: QWidget) -> list[str]:
    """Controls that take keyboard focus but have no name a screen reader could say."""
    buddies = {label.buddy() for label in root.findChildren(QLabel) if label.buddy()}
    missing = []
    for widget in root.findChildren(QWidget):
        if not widget.isVisible() or widget.focusPolicy() == Qt.FocusPolicy.NoFocus:
            continue
        if isinstance(widget, QAbstractScrollArea) and not widget.objectName():
            continue  # the scroll area around a page, not a control
        if isinstance(widget, QScrollBar | QLineEdit) and isinstance(
            widget.parent(), QAbstractSpinBox | QComboBox
        ):
            continue  # the inner parts of a spin box or a drop-down
        named = (
            widget.accessibleName()
            or widget in buddies
            or (isinstance(widget, QAbstractButton) and widget.text())
        )
        if not named:
            missing.append(f"{type(widget).__name__} {widget.objectName()!r}")
    return missing


def test_every_control_has_a_name_on_every_screen(qtbot: QtBot, make_window: MakeWindow) -> None:
    window = make_window()
    first_run = window.current_screen
    assert unnamed_controls(first_run) == []
    workspace = create_first_profile(qtbot, window)
    family = add_family(qtbot, workspace, "Nasrin")
    screens: list[tuple[str, Callable[[], QWidget]]] = [
        ("today", lambda: (workspace.show_page(workspace.today_page), window)[1]),
        ("families", lambda: (workspace.show_page(workspace.families_page), window)[1]),
        ("family", lambda: (workspace.open_family(family.id), window)[1]),
        ("settings", lambda: (workspace.show_page(workspace.settings_page), window)[1]),
        ("log a session", lambda: workspace.log_session()),
        ("family form", lambda: workspace.edit_family(family)),
        ("search", lambda: workspace.open_search()),
        ("safeguarding", lambda: workspace.open_worry(None, family.id)),
    ]
    for name, show in screens:
        shown = show()
        settle(qtbot)
        assert unnamed_controls(shown) == [], name
        if shown is not window:
            shown.discard() if hasattr(shown, "discard") else shown.close()
    window.lock()
    assert unnamed_controls(window) == []  # the picker


def test_tab_reaches_every_field_of_the_session_form(qtbot: QtBot, make_window: MakeWindow) -> None:
    window = make_window()
    workspace = create_first_profile(qtbot, window)
    form = workspace.log_session()
    settle(qtbot)
    fields = [
        form.kind,
        form.families,
        form.others,
        form.topics,
        form.notes,
        form.venue_category,
        form.venue,
        form.day,
        form.starts,
        form.minutes,
        form.languages,
        form.interpreter,
        form.status,
        form.save_button,
    ]
    reached: list[QWidget] = []
    widget: QWidget = form.kind
    for _ in range(200):
        reached.append(widget)
        widget = widget.nextInFocusChain()
        if widget is form.kind:
            break
    order = [reached.index(f) for f in fields]
    assert order == sorted(order)  # top to bottom, in the order the form reads
    form.discard()


def test_the_check_finds_an_unnamed_control(qtbot: QtBot) -> None:
    from PySide6.QtWidgets import QLineEdit, QVBoxLayout

    root = QWidget()
    qtbot.addWidget(root)
    layout = QVBoxLayout(root)
    layout.addWidget(QLineEdit(objectName="nameless"))
    root.show()
    assert unnamed_controls(root) == ["QLineEdit 'nameless'"]
