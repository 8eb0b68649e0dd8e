"""The privacy screen: no name on any screen, only family codes."""

from __future__ import annotations

from collections.abc import Callable

from helpers.planted import PLANTED_FAMILY
from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractItemView,
    QComboBox,
    QLabel,
    QLineEdit,
    QListWidget,
    QPlainTextEdit,
    QTextEdit,
    QWidget,
)
from pytestqt.qtbot import QtBot
from test_gui_flow import add_family, create_first_profile, settle

from parentrus_desktop.domain.vocabulary import SessionStatus
from parentrus_desktop.gui.search import SCHOOL_WORD
from parentrus_desktop.gui.window import MentorWindow

MakeWindow = Callable[..., MentorWindow]


def visible_texts(root: QWidget) -> list[str]:
    """Every piece of text a person could read on this widget and its children."""
    texts = [root.windowTitle()]
    for widget in [root, *root.findChildren(QWidget)]:
        if not widget.isVisible():
            continue
        if isinstance(widget, QLabel | QAbstractButton | QLineEdit):
            texts.append(widget.text())
        if isinstance(widget, QPlainTextEdit | QTextEdit):
            texts.append(widget.toPlainText())
        if isinstance(widget, QComboBox):
            texts += [widget.itemText(i) for i in range(widget.count())]
        if isinstance(widget, QListWidget):
            texts += [widget.item(i).text() for i in range(widget.count())]
        elif isinstance(widget, QAbstractItemView) and widget.model() is not None:
            model = widget.model()
            texts += [
                str(model.index(r, c).data())
                for r in range(model.rowCount())
                for c in range(model.columnCount())
            ]
        texts += [widget.toolTip(), widget.accessibleName()]
    return texts


def names_in(root: QWidget) -> list[str]:
    names = (PLANTED_FAMILY["carer"], PLANTED_FAMILY["child"], "Agnieszka")
    return [t for t in visible_texts(root) if any(n in t for n in names)]


def test_the_privacy_screen_hides_every_name_on_every_screen(
    qtbot: QtBot, make_window: MakeWindow
) -> None:
    window = make_window()
    workspace = create_first_profile(qtbot, window)
    family = add_family(qtbot, workspace, PLANTED_FAMILY["carer"], "talked about homework")
    add_family(qtbot, workspace, "Agnieszka")
    missed = workspace.log_session(family)
    missed.status.choose(SessionStatus.DID_NOT_ATTEND)
    missed.save_button.click()
    qtbot.waitUntil(lambda: missed.saved != [], timeout=10_000)
    note = workspace.open_follow_up(None, family.id)
    note.what.setPlainText(f"Call {PLANTED_FAMILY['carer']}'s sister about the form")  # type: ignore[attr-defined]
    note.save_button.click()  # type: ignore[attr-defined]
    qtbot.waitUntil(lambda: note.saved != [], timeout=10_000)  # type: ignore[attr-defined]
    workspace.show_page(workspace.families_page)
    assert names_in(window)  # the check can see names when they are shown

    workspace.privacy.setChecked(True)
    settle(qtbot)
    screens: list[tuple[str, Callable[[], QWidget]]] = [
        ("today", lambda: (workspace.show_page(workspace.today_page), window)[1]),
        ("follow-ups", lambda: (workspace.show_page(workspace.follow_ups_page), window)[1]),
        ("families", lambda: (workspace.show_page(workspace.families_page), window)[1]),
        ("family page", lambda: (workspace.open_family(family.id), window)[1]),
        ("log a session", lambda: workspace.log_session()),
        ("search", lambda: _search(workspace, "homework")),
        ("settings", lambda: (workspace.show_page(workspace.settings_page), window)[1]),
        ("what the school sees", lambda: (workspace.show_page(workspace.school_page), window)[1]),
        ("what is counted", lambda: workspace.show_counted(family)),
        ("connect to a school", lambda: workspace.connect_school()),
        ("worried about a child", lambda: workspace.open_worry(None, family.id)),
    ]
    for name, show in screens:
        shown = show()
        settle(qtbot)
        assert names_in(shown) == [], name
        if shown is not window:
            shown.close()
    workspace.open_family(family.id)
    assert family.code in " ".join(visible_texts(window))  # codes stand in for names
    edit = workspace.family_page.findChild(QAbstractButton, "edit-family")  # type: ignore[union-attr]
    assert edit is not None and not edit.isEnabled()


ENABLED = Qt.ItemFlag.ItemIsEnabled


def _search(workspace: object, words: str) -> QWidget:
    dialog = workspace.open_search()  # type: ignore[attr-defined]
    dialog.query.setText(words)
    items = [dialog.results.item(row) for row in range(dialog.results.count())]
    # No record: the family matched only by a name the privacy screen hides. Only the
    # school words' group ("Homework club") is listed, with its heading.
    records = [i for i in items if i.data(SCHOOL_WORD) is None and i.flags() & ENABLED]
    assert records == [] and len(items) >= 2
    return dialog  # type: ignore[no-any-return]
