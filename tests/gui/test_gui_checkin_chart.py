"""The family page's chart of check-in answers over time: dots where the answers put them,
first and latest as numbers, said in words, mirrored in Arabic, hidden on the privacy
screen, and readable in every theme."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from datetime import date

import pytest
from contrast import OUTLINE, TEXT, colours_in, contrast, focus_findings, ink_and_paper
from helpers.planted import planted_family
from helpers.values import TODAY
from PySide6.QtCore import QPoint, QRect, QRectF, Qt
from PySide6.QtGui import QColor, QImage, QPalette
from PySide6.QtWidgets import QApplication, QLabel, QWidget
from pytestqt.qtbot import QtBot
from test_gui_contrast import LOOKS
from test_gui_privacy import visible_texts

from parentrus_desktop.domain import CheckIn, Family, new_record_id
from parentrus_desktop.domain.vocabulary import CheckInQuestion as Q
from parentrus_desktop.gui.checkin_chart import MARGIN, CheckInChart
from parentrus_desktop.gui.family_page import FamilyPage
from parentrus_desktop.gui.language import apply_language
from parentrus_desktop.gui.records import OpenRecords
from parentrus_desktop.gui.theme import apply_theme
from parentrus_desktop.store.unlocked import UnlockedProfile

MARCH, JUNE, OCTOBER = date(2026, 3, 3), date(2026, 6, 9), date(2026, 10, 14)


def check_in(family: Family, on: date, answers: dict[Q, int]) -> CheckIn:
    return CheckIn(id=new_record_id(), family=family.id, on=on, answers=answers)


@pytest.fixture
def family(profile: UnlockedProfile) -> Family:
    """A family with three check-ins (one statement skipped in June, one never answered),
    and another family whose check-in must not show on its page."""
    family, other = planted_family("K7Q-4M"), planted_family("QMA-4K")
    profile.save(
        family,
        other,
        check_in(family, JUNE, {Q.FEELS_WELCOME: 3, Q.TAKES_PART_IN_SCHOOL_LIFE: 1}),
        check_in(family, MARCH, {Q.FEELS_WELCOME: 2, Q.CONFIDENT_WITH_TEACHERS: 2}),
        check_in(family, OCTOBER, {Q.FEELS_WELCOME: 4, Q.CONFIDENT_WITH_TEACHERS: 4}),
        check_in(other, JUNE, dict.fromkeys(Q, 5)),
    )
    return family


def open_page(qtbot: QtBot, records: OpenRecords, family: Family) -> FamilyPage:
    page = FamilyPage(records, family.id, lambda: TODAY)
    qtbot.addWidget(page)
    page.resize(900, 1400)  # tall enough to show the whole page without scrolling
    page.show()
    qtbot.waitExposed(page)
    return page


def the_chart(page: FamilyPage) -> CheckInChart:
    chart = page.findChild(CheckInChart)
    assert isinstance(chart, CheckInChart) and chart.isVisible()
    return chart


def painted(chart: CheckInChart) -> QImage:
    """The chart as the page really paints it (the page's background behind it)."""
    top = chart.window()
    return top.grab(QRect(chart.mapTo(top, QPoint(0, 0)), chart.size())).toImage()


def colour_at(image: QImage, x: float, y: float) -> int:
    return image.pixel(int(x), int(y)) & 0xFFFFFF


def ink_in(image: QImage, rect: QRectF) -> tuple[float, int]:
    """The contrast of what is written in the rectangle, and how many pixels it holds
    that stand out (4.5:1) from the paper."""
    found = colours_in(image, rect.toAlignedRect())
    ink, paper = ink_and_paper(found)
    standing_out = sum(n for rgb, n in found.items() if contrast(QColor(rgb), paper) >= TEXT)
    return contrast(ink, paper), standing_out


def test_each_answer_is_a_dot_where_its_day_and_rating_put_it(
    qtbot: QtBot, profile: UnlockedProfile, family: Family
) -> None:
    page = open_page(qtbot, OpenRecords(profile, privacy=False), family)
    chart = the_chart(page)
    points = chart.points()
    welcome = points[Q.FEELS_WELCOME]
    teachers = points[Q.CONFIDENT_WITH_TEACHERS]
    assert len(welcome) == 3
    # Skipped in June: no dot (not a dot at 0), and the line goes from March to October.
    assert len(teachers) == 2
    assert points[Q.KNOWS_WHOM_TO_CONTACT] == []
    assert len(points[Q.TAKES_PART_IN_SCHOOL_LIFE]) == 1
    # Time runs left to right, as far along as the day is: June is 98 of 225 days in.
    assert welcome[0].x() < welcome[1].x() < welcome[2].x()
    along = (welcome[1].x() - welcome[0].x()) / (welcome[2].x() - welcome[0].x())
    assert along == pytest.approx(98 / 225, abs=0.01)
    assert [p.x() for p in teachers] == [welcome[0].x(), welcome[2].x()]
    assert points[Q.TAKES_PART_IN_SCHOOL_LIFE][0].x() == welcome[1].x()
    # A higher rating is higher up its row; the same rating, the same height in each row.
    assert welcome[0].y() > welcome[1].y() > welcome[2].y()
    rows = list(Q).index(Q.CONFIDENT_WITH_TEACHERS) - list(Q).index(Q.FEELS_WELCOME)
    row_height = (teachers[0].y() - welcome[0].y()) / rows
    assert row_height > 0
    assert teachers[1].y() - welcome[2].y() == pytest.approx(row_height * rows)
    # Each step of the scale is a quarter of the distance from 1 to 5.
    assert welcome[0].y() - welcome[1].y() == pytest.approx(welcome[1].y() - welcome[2].y())

    image = painted(chart)
    mark = chart.palette().color(QPalette.ColorRole.Highlight).rgb() & 0xFFFFFF
    for question, dots in points.items():
        for dot in dots:
            assert colour_at(image, dot.x(), dot.y()) == mark, question
    # Nothing where no answer is: a 5 above March's 2, and in the "whom to contact" row.
    five_up = welcome[0].y() - 3 * (welcome[1].y() - welcome[2].y())
    assert colour_at(image, welcome[0].x(), five_up) != mark
    empty_row = welcome[0].y() + row_height * list(Q).index(Q.KNOWS_WHOM_TO_CONTACT)
    assert colour_at(image, welcome[0].x(), empty_row) != mark
    # The first and the latest answer are written as numbers, beside the first dot and
    # after the latest; with none between them.
    places = chart.number_places()
    first, latest = places[Q.FEELS_WELCOME]
    assert latest is not None
    assert first.right() <= welcome[0].x() < welcome[2].x() <= latest.left()
    for rect in (first, latest):
        ratio, pixels = ink_in(image, rect)
        assert ratio >= TEXT and pixels >= 5
    assert Q.KNOWS_WHOM_TO_CONTACT not in places

    # The same chart in words, for a screen reader and as its tooltip.
    said = chart.accessibleDescription().splitlines()
    assert said == chart.toolTip().splitlines()
    assert chart.accessibleName() == "Check-in answers over time"
    assert "I feel welcome at school: 2 on 3 Mar 2026, 3 on 9 Jun 2026, 4 on 14 Oct 2026" in said
    assert "I feel confident talking to teachers: 2 on 3 Mar 2026, 4 on 14 Oct 2026" in said
    assert "I know whom to contact at school: no answer yet" in said
    # The other family's check-in (all 5s) is not on this family's page.
    assert not any("5 on" in line for line in said)


def test_one_check_in_shows_its_dots_and_says_more_will_show_change(
    qtbot: QtBot, profile: UnlockedProfile
) -> None:
    family = planted_family()
    profile.save(family, check_in(family, JUNE, {Q.FEELS_WELCOME: 3, Q.UNDERSTANDS_PROGRESS: 5}))
    page = open_page(qtbot, OpenRecords(profile, privacy=False), family)
    chart = the_chart(page)
    points = chart.points()
    assert len(points[Q.FEELS_WELCOME]) == 1 and len(points[Q.UNDERSTANDS_PROGRESS]) == 1
    # Both at the start of their rows: there is no time yet to run along.
    assert points[Q.FEELS_WELCOME][0].x() == points[Q.UNDERSTANDS_PROGRESS][0].x()
    image = painted(chart)
    mark = chart.palette().color(QPalette.ColorRole.Highlight).rgb() & 0xFFFFFF
    dot = points[Q.FEELS_WELCOME][0]
    assert colour_at(image, dot.x(), dot.y()) == mark
    first, latest = chart.number_places()[Q.FEELS_WELCOME]
    assert latest is None  # one answer: written once
    assert ink_in(image, first)[1] >= 5
    note = page.findChild(QLabel, "check-in-chart-note")
    assert isinstance(note, QLabel)
    assert "One check-in so far: more check-ins will show change." in note.text()


def test_no_check_in_is_a_plain_sentence_not_an_empty_chart(
    qtbot: QtBot, profile: UnlockedProfile
) -> None:
    family = planted_family()
    profile.save(family)
    page = open_page(qtbot, OpenRecords(profile, privacy=False), family)
    assert page.findChild(CheckInChart) is None
    empty = page.findChild(QLabel, "check-in-chart-empty")
    assert isinstance(empty, QLabel) and empty.isVisible()
    assert empty.text().startswith("No check-ins yet.")


def test_the_privacy_screen_hides_the_chart(
    qtbot: QtBot, profile: UnlockedProfile, family: Family
) -> None:
    records = OpenRecords(profile, privacy=False)
    page = open_page(qtbot, records, family)
    assert the_chart(page).accessibleDescription()
    records.set_privacy(True)
    qtbot.waitUntil(lambda: page.findChild(CheckInChart) is None)
    assert page.findChild(QWidget, "check-ins-over-time") is None
    texts = "\n".join(visible_texts(page))
    assert "Check-ins over time" not in texts and "on 3 Mar 2026" not in texts
    records.set_privacy(False)  # and back when it is turned off
    qtbot.waitUntil(lambda: page.findChild(CheckInChart) is not None)


@pytest.fixture
def arabic() -> Iterator[None]:
    apply_language("ar")
    yield
    apply_language("en")


def test_in_arabic_time_runs_right_to_left(
    qtbot: QtBot, profile: UnlockedProfile, family: Family, arabic: None
) -> None:
    page = open_page(qtbot, OpenRecords(profile, privacy=False), family)
    chart = the_chart(page)
    assert chart.isRightToLeft()
    rtl = chart.points()
    width = chart.width()
    chart.setLayoutDirection(Qt.LayoutDirection.LeftToRight)
    ltr = chart.points()
    chart.setLayoutDirection(Qt.LayoutDirection.RightToLeft)
    for question in Q:
        # Mirrored: each dot as far from the right edge as it was from the left.
        assert [(width - p.x(), p.y()) for p in rtl[question]] == [
            (p.x(), p.y()) for p in ltr[question]
        ]
    welcome = rtl[Q.FEELS_WELCOME]
    assert welcome[0].x() > welcome[1].x() > welcome[2].x()  # March on the right
    first, latest = chart.number_places()[Q.FEELS_WELCOME]
    assert latest is not None and latest.right() <= welcome[2].x() < welcome[0].x() <= first.left()
    image = painted(chart)
    mark = chart.palette().color(QPalette.ColorRole.Highlight).rgb() & 0xFFFFFF
    for dot in welcome:
        assert colour_at(image, dot.x(), dot.y()) == mark
    # The statement's words are at the right end of its row, after the first number.
    words = QRectF(first.right(), first.top(), width - first.right(), first.height())
    assert ink_in(image, words)[1] >= 20


@pytest.fixture
def themed(qapp: QApplication) -> Iterator[Callable[[str], None]]:
    sheet, palette = qapp.styleSheet(), qapp.palette()
    yield apply_theme
    qapp.setStyleSheet(sheet)
    qapp.setPalette(palette)


@pytest.mark.parametrize("look", LOOKS)
def test_the_chart_reads_in_every_theme(
    qtbot: QtBot,
    profile: UnlockedProfile,
    family: Family,
    themed: Callable[[str], None],
    look: str,
) -> None:
    themed(look)
    page = open_page(qtbot, OpenRecords(profile, privacy=False), family)
    chart = the_chart(page)
    image = painted(chart)
    paper = QColor(ink_and_paper(colours_in(image, image.rect()))[1])
    # The page's own colour is behind the chart (no box of another colour).
    assert paper == chart.palette().color(QPalette.ColorRole.Window)
    # Dots and lines: 3:1 against the page, as WCAG asks of the parts of a chart.
    dot = chart.points()[Q.FEELS_WELCOME][0]
    mark = QColor(colour_at(image, dot.x(), dot.y()))
    assert contrast(mark, paper) >= OUTLINE, look
    # Every number, word and day: 4.5:1.
    columns = chart.columns()
    rows = len(Q) * columns.row_height
    written = [
        *[rect for pair in chart.number_places().values() for rect in pair if rect is not None],
        QRectF(columns.label.left(), MARGIN, columns.label.width(), rows),  # the statements
        QRectF(0, MARGIN + rows, chart.width(), chart.height() - rows - MARGIN),  # the days
        # "no answer yet" in the row of the statement never answered
        columns.plot.translated(
            0, MARGIN + columns.row_height * list(Q).index(Q.KNOWS_WHOM_TO_CONTACT)
        ),
    ]
    for rect in written:
        ratio, pixels = ink_in(image, rect)
        assert pixels >= 5 and ratio >= TEXT, (look, rect)
    # Reached with Tab (to be read out), it shows the theme's focus ring, at 3:1.
    page.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is page, timeout=2000)
    assert focus_findings(page, chart) == []
    assert chart.hasFocus()
