"""Every screen fits a small laptop: 1366x768 at 100%, and 1280x720 at 125% and 150%
scaling, less the task bar, in English and in Arabic, and at 150% in every other language
the app ships. Save and Cancel are always in view (forms scroll, their buttons do not),
nothing is cut off or needs sideways scrolling, no word is cut off, and a right-to-left
language lays out right to left.

Each size runs in a process of its own (helpers/every_screen.py explains how the offscreen
platform is given that screen): Qt fixes the screen when it starts."""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta
from pathlib import Path

import pytest
from helpers.cut_off import words_cut_off
from helpers.every_screen import LAPTOPS, TASK_BAR, out_of_view, run_on_laptop
from helpers.values import TODAY
from PySide6.QtCore import Qt
from PySide6.QtGui import QTextLayout, QTextOption
from PySide6.QtWidgets import (
    QApplication,
    QCheckBox,
    QLabel,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)
from pytestqt.qtbot import QtBot
from test_gui_flow import create_first_profile, settle

from parentrus_desktop.domain import Family, new_record_id
from parentrus_desktop.gui.family_page import FamilyPage
from parentrus_desktop.gui.language import available_languages
from parentrus_desktop.gui.preferences import Preferences
from parentrus_desktop.gui.records import OpenRecords
from parentrus_desktop.gui.settings_page import SettingsPage, WrappingTick
from parentrus_desktop.gui.widgets import LineButton, line_button
from parentrus_desktop.gui.window import MentorWindow
from parentrus_desktop.store.unlocked import UnlockedProfile

#: Every screen the helper opens: a screen missing here was not looked at.
EVERY_SCREEN = {
    "first-run-language",
    "first-run-profile",
    "first-run-recovery-key",
    "restore",
    "picker",
    "picker-forgot",
    "about",
    "user-guide",
    "restore-from-picker",
    "file-changed",
    "new-recovery-key",
    "something-went-wrong",
    "today",
    "families",
    "follow-ups",
    "referrals",
    "celebrations",
    "check-ins",
    "my-log",
    "places",
    "schools",
    "school",
    "glossary",
    "settings",
    "family",
    "log-session",
    "change-session",
    "add-family",
    "change-family",
    "follow-up",
    "referral",
    "celebration",
    "check-in",
    "consent",
    "celebration-card",
    "log-entry",
    "safeguarding",
    "place",
    "service",
    "school-staff",
    "who-to-ask",
    "family-handout",
    "school-words",
    "search",
    "what-is-counted",
    "connect-school",
    "erase-family",
    "keep-family",
    "change-passphrase",
    "new-recovery-key-asked",
    "activity",
    "delete-question",
    "carry-on",
    "talk-through",
    "supervision-summary",
}


#: Every language the app ships (a compiled catalog; English has none): a catalog added
#: later is walked too, with no change here.
SHIPPED = [tag for tag, _name in available_languages()]
#: The tightest laptop, 1280x720 at 150%: every language is walked there; English and
#: Arabic (left to right, right to left) on every laptop. One walk costs a few seconds.
TIGHTEST = LAPTOPS[-1]
WALKS = [(laptop, language) for language in ("en", "ar") for laptop in LAPTOPS] + [
    (TIGHTEST, language) for language in SHIPPED if language not in ("en", "ar")
]


@pytest.mark.slow  # each walk is a test of its own, so xdist's workers share them out
@pytest.mark.parametrize(
    ("laptop", "language"), WALKS, ids=[f"{laptop[0]}-{language}" for laptop, language in WALKS]
)
def test_every_screen_fits_the_laptop(
    laptop: tuple[str, int, int, float], language: str, tmp_path: Path
) -> None:
    _name, width, height, scaling = laptop
    found = run_on_laptop(laptop, language, tmp_path / "report.json")
    # The app really had that laptop's screen: logical pixels, less the task bar.
    assert found["screen"] == [int(width / scaling), int((height - TASK_BAR * scaling) / scaling)]
    assert found["scaling"] == scaling
    assert set(found["screens"]) == EVERY_SCREEN
    assert found["warnings"] == []
    assert {name: problems for name, problems in found["screens"].items() if problems} == {}
    # No word of a label, button (in each state's font), title, tab, column heading,
    # drop-down, number or day box, or an empty field's grey words is cut off
    # (helpers/cut_off.py), and the windows lay out in the language's direction.
    assert {name: cut for name, cut in found["words_cut_off"].items() if cut} == {}


def test_every_catalog_is_walked() -> None:
    """Every translation in i18n/ is compiled, so the walk above picks it up."""
    sources = Path(__file__).resolve().parents[2] / "i18n"
    translated = {po.parent.parent.name for po in sources.glob("*/LC_MESSAGES/parentrus.po")}
    assert translated and translated | {"en"} == set(SHIPPED)
    assert {language for _laptop, language in WALKS} == set(SHIPPED)


def line_starts(label: QLabel, width: int) -> list[int]:
    """Where each line of a label's words starts when they are wrapped at this width."""
    layout = QTextLayout(label.text(), label.font())
    option = QTextOption()
    option.setWrapMode(QTextOption.WrapMode.WordWrap)  # what QLabel.setWordWrap uses
    layout.setTextOption(option)
    starts = []
    layout.beginLayout()
    while (line := layout.createLine()).isValid():
        line.setLineWidth(width)
        starts.append(line.textStart())
    layout.endLayout()
    return starts


@pytest.mark.parametrize("privacy", [False, True], ids=["names", "privacy-screen"])
def test_a_family_code_never_breaks_across_lines(
    qtbot: QtBot, profile: UnlockedProfile, privacy: bool
) -> None:
    family = Family(
        id=new_record_id(),
        code="WHQ-RU",
        carers=("Hodan", "Amina"),
        joined_on=TODAY - timedelta(days=3),
    )
    profile.save(family)
    page = FamilyPage(OpenRecords(profile, privacy=privacy), family.id, lambda: TODAY)
    qtbot.addWidget(page)
    title = page.findChild(QLabel, "heading")
    assert isinstance(title, QLabel) and title.wordWrap()
    text = title.text()
    start = text.index("WHQ")
    code = range(start + 1, start + len(family.code))
    broken = []
    for width in range(30, 400, 5):  # from narrower than the code to a whole line
        starts = line_starts(title, width)
        assert len(starts) >= 1
        if any(s in code for s in starts):
            broken.append(width)
    assert broken == [], f"the code is broken across lines at widths {broken}"
    # The heading says the code as it is typed (a screen reader reads it out).
    assert family.code in title.accessibleName()


@pytest.mark.parametrize("section", ["who-to-ask", "consent"])
def test_a_heading_with_room_beside_it_stays_on_one_line(
    qtbot: QtBot, profile: UnlockedProfile, section: str
) -> None:
    """A section's heading beside its buttons takes the room left on its line: it wrapped
    onto two lines with room to spare beside it ("Kit kérdezzen az iskolában")."""
    family = Family(id=new_record_id(), code="WHQ-RU", carers=("Hodan",), joined_on=TODAY)
    profile.save(family)
    page = FamilyPage(OpenRecords(profile, privacy=False), family.id, lambda: TODAY)
    qtbot.addWidget(page)
    page.resize(900, 700)
    page.show()
    qtbot.waitExposed(page)
    long_words = "Kit kérdezzen az iskolában, és mikor"  # Hungarian, and longer still
    if section == "who-to-ask":
        title = page.findChild(QWidget, "who-to-ask").findChild(QLabel, "section")
    else:
        consent = page.findChild(QPushButton, "record-consent")
        assert isinstance(consent, QPushButton)
        title = next(
            label
            for label in consent.parentWidget().findChildren(QLabel, "section")
            if label.text() == "Consent"
        )
    assert isinstance(title, QLabel)
    title.setText(long_words)
    qtbot.wait(50)  # the layout settles
    # Its lines are as wide as the label: wider than its words, they are one line.
    one_line = title.fontMetrics().horizontalAdvance(long_words)
    assert title.contentsRect().width() >= one_line, "it wraps with room beside it"


def test_settings_tick_boxes_wrap_rather_than_widen_the_page(
    qtbot: QtBot, temp_folder: Path
) -> None:
    """Settings' tick boxes wrap their words as a label does, and a form's label goes
    above its field, when the page is narrow: a long setting in a long language at 150%
    made Settings scroll sideways."""
    page = SettingsPage(Preferences(temp_folder))
    qtbot.addWidget(page)
    tick = page.privacy
    assert isinstance(tick, WrappingTick)
    inner = page.scroller.widget()
    wide = inner.minimumSizeHint().width()
    # A setting three times as long, as some languages say it: the page gets no wider.
    long_words = " ".join([tick.text()] * 3)
    tick.set_words(long_words)
    assert inner.minimumSizeHint().width() <= max(wide, WrappingTick.NARROWEST + 200)
    page.resize(WrappingTick.NARROWEST + 150, 900)
    page.show()
    qtbot.waitExposed(page)
    qtbot.waitUntil(lambda: QCheckBox.text(tick).count("\n") >= 2)
    assert page.scroller.horizontalScrollBar().maximum() == 0
    assert tick.text() == long_words and tick.accessibleName()
    assert words_cut_off(page) == []
    # Wide, it is one line, as it was.
    page.resize(1400, 900)
    qtbot.waitUntil(lambda: "\n" not in QCheckBox.text(tick))


def test_a_long_line_wraps_rather_than_widen_the_page(qtbot: QtBot) -> None:
    words = "Friday 20 November 10:00 · One to one · Oluwaseun Adebayo-Williams & Maria-Fernanda"
    line = line_button(words, "session-to-confirm")
    qtbot.addWidget(line)
    # It may be much narrower than its words, and is taller when it is.
    assert line.minimumSizeHint().width() <= LineButton.NARROWEST < line.sizeHint().width()
    line.show()
    line.resize(LineButton.NARROWEST, line.heightForWidth(LineButton.NARROWEST))
    qtbot.waitUntil(lambda: QPushButton.text(line).count("\n") >= 2)
    painted = QPushButton.text(line)
    assert line.heightForWidth(LineButton.NARROWEST) > line.heightForWidth(2000)
    # Every word is still there, and "&" is shown as "&", not taken as a shortcut key.
    assert painted.replace("\n", " ") == words.replace("&", "&&")
    assert line.text() == words
    assert line.accessibleName() == words
    # In a layout it gets the height its lines need (a button's is one line's by default).
    holder = QWidget()
    qtbot.addWidget(holder)
    QVBoxLayout(holder).addWidget(line)
    holder.resize(LineButton.NARROWEST + 30, 400)
    holder.show()
    qtbot.waitUntil(lambda: line.height() >= line.heightForWidth(line.width()) > 44)


def test_the_pages_buttons_scroll_to_the_one_the_keyboard_is_on(
    qtbot: QtBot, make_window: Callable[[], MentorWindow]
) -> None:
    window = make_window()
    workspace = create_first_profile(qtbot, window)
    window.resize(900, 420)  # as short as 1280x720 at 150%: not every button fits
    window.activateWindow()
    qtbot.waitActive(window)
    settle(qtbot)
    column = workspace.findChild(QScrollArea, "nav-scroll")
    assert isinstance(column, QScrollArea) and column.verticalScrollBar().maximum() > 0
    today = workspace.findChild(QPushButton, "nav-today")
    assert isinstance(today, QPushButton)
    today.setFocus()
    went = []
    for _ in range(11):  # the arrow keys move between the pages' buttons
        qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Down)
        focused = QApplication.focusWidget()
        went.append(focused.objectName())
        assert not out_of_view(focused, window), f"{focused.objectName()} is scrolled away"
    assert went[-1] == "nav-settings"
    # Log a session and Lock stay in view all along.
    for name in ("nav-log-session", "lock"):
        button = workspace.findChild(QPushButton, name)
        assert isinstance(button, QPushButton) and not out_of_view(button, window)
