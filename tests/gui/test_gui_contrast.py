"""Every screen in every theme: text at 4.5:1, control edges and focus rings at 3:1
(WCAG 2.2 AA), measured on the pixels the widgets really paint (see contrast.py)."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from contrast import (
    OUTLINE,
    colours_in,
    contrast,
    controls,
    grab_around,
    ink_and_paper,
    outline_findings,
    shows_text,
    text_findings,
)
from helpers.values import TODAY
from PySide6.QtCore import QRect, Qt
from PySide6.QtGui import QColor
from PySide6.QtWidgets import (
    QAbstractSpinBox,
    QApplication,
    QPushButton,
    QStyle,
    QStyleOptionSpinBox,
    QWidget,
)
from pytestqt.qtbot import QtBot
from test_gui_flow import add_family, create_first_profile, settle

from parentrus_desktop.domain import Celebration, new_record_id
from parentrus_desktop.domain.vocabulary import CelebrationCategory
from parentrus_desktop.gui.crash_dialog import CrashDialog, crash_details
from parentrus_desktop.gui.preferences import THEMES
from parentrus_desktop.gui.progress_forms import ConsentForm
from parentrus_desktop.gui.theme import apply_theme, load_theme, themes_dir
from parentrus_desktop.gui.window import MentorWindow
from parentrus_desktop.gui.workspace import Workspace

MakeWindow = Callable[..., MentorWindow]
# Every look a mentor can pick, except "follow the computer" (which is one of these).
LOOKS = [name for name in THEMES if name != "system"]


@pytest.fixture
def themed(qapp: QApplication) -> Iterator[Callable[[str], None]]:
    """Switches the whole app to a theme; afterwards, the look other tests run in."""
    sheet, palette = qapp.styleSheet(), qapp.palette()
    yield apply_theme
    qapp.setStyleSheet(sheet)
    qapp.setPalette(palette)


def screens(window: MentorWindow, workspace: Workspace) -> list[tuple[str, Callable[[], QWidget]]]:
    """Every page of the workspace, the family page, and the forms a mentor opens."""
    family = workspace.families_page.model.family_at(0)

    def page(name: str) -> Callable[[], QWidget]:
        return lambda: (workspace.show_page(getattr(workspace, name)), window)[1]

    pages = [
        name
        for name in vars(workspace)
        if name.endswith("_page") and isinstance(getattr(workspace, name), QWidget)
    ]
    assert {"today_page", "families_page", "settings_page"} <= set(pages)
    return [
        *[(name, page(name)) for name in pages],
        ("family", lambda: (workspace.open_family(family.id), window)[1]),
        ("log a session", lambda: workspace.log_session(family)),
        ("family form", lambda: workspace.edit_family(family)),
        ("search", lambda: workspace.open_search()),
        ("something went wrong", lambda: crash_dialog(window)),
        ("consent words", lambda: consent_form(workspace, family.id)),
        ("celebration card", lambda: celebration_card(workspace, family.id)),
        ("safeguarding", lambda: workspace.open_worry(None, family.id)),
        ("about", window.show_about),
        ("user guide", window.show_guide),
    ]


def crash_dialog(window: MentorWindow) -> QWidget:
    """The dialog for an error nobody caught, with an example's details."""
    try:
        raise ValueError("an example")
    except ValueError as error:
        dialog = CrashDialog(crash_details(error), window)
    dialog.show()
    return dialog


def consent_form(workspace: Workspace, family_id: str) -> QWidget:
    form = ConsentForm(workspace.records, family_id, TODAY, workspace)
    return workspace._open_dialog(form)


def celebration_card(workspace: Workspace, family_id: str) -> QWidget:
    """The card is paper-coloured in every theme: its words are measured on it."""
    celebration = Celebration(
        id=new_record_id(),
        family=family_id,
        category=CelebrationCategory.CHILD_ACHIEVEMENT,
        on=TODAY,
    )
    workspace.records.profile.save(celebration)
    card = workspace.print_card(celebration)
    assert card is not None
    return card


def measure(qtbot: QtBot, shown: QWidget) -> list[str]:
    shown.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is shown, timeout=2000)
    settle(qtbot)
    # Something is measured on every screen: words and controls, all found on screen.
    assert any(shows_text(widget) and widget.isVisible() for widget in shown.findChildren(QWidget))
    assert controls(shown)
    found = text_findings(shown, shown.grab().toImage())
    return [str(finding) for finding in [*found, *outline_findings(shown)]]


def close(shown: QWidget, window: MentorWindow) -> None:
    if shown is not window:
        shown.discard() if hasattr(shown, "discard") else shown.close()  # type: ignore[attr-defined]


@pytest.mark.parametrize("look", LOOKS)
def test_every_screen_meets_wcag_aa_contrast(
    qtbot: QtBot, make_window: MakeWindow, themed: Callable[[str], None], look: str
) -> None:
    window = make_window()
    themed(look)
    window.resize(1100, 760)
    problems = {"first run": measure(qtbot, window)}
    workspace = create_first_profile(qtbot, window)
    add_family(qtbot, workspace, "Nasrin")
    workspace.privacy.setChecked(False)
    for name, show in screens(window, workspace):
        shown = show()
        problems[name] = measure(qtbot, shown)
        close(shown, window)
    window.lock()
    settle(qtbot)
    problems["profile picker"] = measure(qtbot, window)
    assert {name: found for name, found in problems.items() if found} == {}


@pytest.mark.parametrize("look", LOOKS)
def test_the_chosen_page_and_the_main_action_look_different(
    qtbot: QtBot, make_window: MakeWindow, themed: Callable[[str], None], look: str
) -> None:
    window = make_window()
    themed(look)
    workspace = create_first_profile(qtbot, window)
    workspace.show_page(workspace.today_page)
    settle(qtbot)
    chosen = workspace.findChild(QPushButton, "nav-today")
    main_action = workspace.findChild(QPushButton, "nav-log-session")
    assert chosen is not None and chosen.isChecked() and main_action is not None
    window.setFocus()  # neither has the focus ring

    def fill(button: QPushButton) -> QColor:
        """The colour most of the button is painted in (its words and edge aside)."""
        image, local = grab_around(window, button, button.rect())
        return ink_and_paper(colours_in(image, local.adjusted(6, 6, -6, -6)))[1]

    # Told apart at a glance: as far apart as a control from its page, not a shade.
    assert contrast(fill(chosen), fill(main_action)) >= OUTLINE, look


@pytest.mark.parametrize("look", LOOKS)
def test_number_and_time_boxes_show_their_arrows(
    qtbot: QtBot, make_window: MakeWindow, themed: Callable[[str], None], look: str
) -> None:
    window = make_window()
    themed(look)
    workspace = create_first_profile(qtbot, window)
    form = workspace.log_session()
    for direction in (Qt.LayoutDirection.LeftToRight, Qt.LayoutDirection.RightToLeft):
        form.setLayoutDirection(direction)  # as in Arabic: the arrows at the left end
        settle(qtbot)
        boxes = [
            box
            for box in form.findChildren(QAbstractSpinBox)
            if box.isVisible() and not getattr(box, "calendarPopup", lambda: False)()
        ]
        assert len(boxes) >= 2  # the start time and the length, at least
        for box in boxes:
            for part in (QStyle.SubControl.SC_SpinBoxUp, QStyle.SubControl.SC_SpinBoxDown):
                assert arrow_pixels(form, box, part) >= 6, (look, direction, box.objectName())
    form.discard()


def arrow_pixels(form: QWidget, box: QAbstractSpinBox, part: QStyle.SubControl) -> int:
    """Pixels standing out (3:1) at the middle of a spin box's button, where the style
    puts it (already at the left end on a right-to-left page). No digit is written
    there, and a line along the button's edge (the bevel a styled box leaves) is not in
    the middle: what stands out there is the arrow."""
    option = QStyleOptionSpinBox()
    box.initStyleOption(option)
    button = box.style().subControlRect(QStyle.ComplexControl.CC_SpinBox, option, part, box)
    image, local = grab_around(form, box, button)
    _, paper = ink_and_paper(colours_in(image, local))
    middle = QRect(0, 0, 6, 6)
    middle.moveCenter(local.center())
    found = colours_in(image, middle)
    return sum(n for rgb, n in found.items() if contrast(QColor(rgb), paper) >= OUTLINE)


# A colour written in code: "#1f2933", QColor(...), Qt.GlobalColor.red, rgb(...), palette
# roles set by hand.
COLOUR_IN_CODE = re.compile(
    r"[\"']#[0-9a-fA-F]{3,8}[\"']|QColor\(|GlobalColor|rgba?\(|setColor\(|setPalette\("
)
ROOT = Path(__file__).resolve().parents[2]


def test_colours_live_in_the_theme_files_only() -> None:
    found = [
        f"{path.name}:{number}: {line.strip()}"
        for path in sorted((ROOT / "parentrus_desktop" / "gui").glob("*.py"))
        if path.name != "theme.py"  # which reads them from the theme files
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
        if COLOUR_IN_CODE.search(line)
    ]
    assert found == []


@pytest.mark.parametrize("look", LOOKS)
def test_a_themes_icons_use_its_own_colours(look: str) -> None:
    """The arrows and the tick are drawn in the colours of the theme they belong to."""
    theme = load_theme(look)
    icons = sorted((themes_dir() / look).glob("*.svg"))
    assert {icon.name for icon in icons} >= {"up.svg", "down.svg", "check.svg"}
    for icon in icons:
        used = set(re.findall(r"#[0-9a-fA-F]{6}", icon.read_text(encoding="utf-8")))
        wanted = theme.colours["on-accent" if icon.name == "check.svg" else "button-text"]
        assert used == {wanted}, icon.name
