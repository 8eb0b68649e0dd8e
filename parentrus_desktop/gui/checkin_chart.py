"""A small chart of one family's check-in answers over time, one row per statement."""

from __future__ import annotations

import math
from collections.abc import Iterable
from dataclasses import dataclass

from PySide6.QtCore import QPointF, QRectF, QSize, Qt
from PySide6.QtGui import (
    QFont,
    QFontMetrics,
    QFontMetricsF,
    QPainter,
    QPaintEvent,
    QPalette,
    QPen,
    QPolygonF,
)
from PySide6.QtWidgets import QSizePolicy, QStyle, QStyleOption, QVBoxLayout, QWidget

from parentrus_desktop.domain.check_in_trend import Answer, CheckInTrend, answers_over_time
from parentrus_desktop.domain.record import Record
from parentrus_desktop.domain.validation import N_
from parentrus_desktop.domain.vocabulary import CheckInQuestion
from parentrus_desktop.gui.widgets import heading, words
from parentrus_desktop.i18n import _, format_day, format_number
from parentrus_desktop.labels import label

#: A few words for each statement: the whole statement is too long for a row of a chart
#: (it is said in full in the chart's text for screen readers and its tooltip).
SHORT_WORDS = {
    CheckInQuestion.FEELS_WELCOME: N_("Welcome at school"),
    CheckInQuestion.KNOWS_WHOM_TO_CONTACT: N_("Whom to contact"),
    CheckInQuestion.CONFIDENT_WITH_TEACHERS: N_("Talking to teachers"),
    CheckInQuestion.SUPPORTS_LEARNING_AT_HOME: N_("Learning at home"),
    CheckInQuestion.UNDERSTANDS_PROGRESS: N_("How my child is doing"),
    CheckInQuestion.TAKES_PART_IN_SCHOOL_LIFE: N_("School life"),
}
#: How wide the part with the dots is, when the page has room for it.
PLOT_WIDTH = 300
#: Round the chart: room for its focus ring (at most 3 pixels in every theme).
MARGIN = 3
GAP = 10


def short_words(question: CheckInQuestion) -> str:
    return _(SHORT_WORDS[question])


def spoken_lines(trend: CheckInTrend) -> list[str]:
    """The chart in words, a line per statement: "I feel welcome at school: 2 on Mar 3,
    2026, 4 on Jun 9, 2026" (for a screen reader, and as the chart's tooltip)."""
    lines = []
    for question in CheckInQuestion:
        answers = trend.answers.get(question, ())
        said = (
            ", ".join(
                _("{rating} on {day}").format(rating=rating_text(a), day=format_day(a.on))
                for a in answers
            )
            if answers
            else _("no answer yet")
        )
        lines.append(_("{statement}: {answers}").format(statement=label(question), answers=said))
    return lines


def rating_text(answer: Answer) -> str:
    return format_number(answer.rating)


@dataclass(frozen=True)
class Columns:
    """Where each part of a row goes, left to right (mirrored when painted right to left)."""

    label: QRectF
    first: QRectF
    plot: QRectF
    latest: QRectF
    row_height: float
    dot: float


class CheckInChart(QWidget):
    """Each statement on a row: its short words, the first answer as a number, dots joined
    by a line (time runs along the row, the rating 1 to 5 up the row) and the latest
    answer as a number. Right to left, time runs from right to left. Colours come from
    the palette, so it reads in every theme."""

    def __init__(self, trend: CheckInTrend, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("check-in-chart")
        self.trend = trend
        self.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Fixed)
        self.setAttribute(Qt.WidgetAttribute.WA_StyledBackground)  # for its focus ring
        # Reached with Tab, so a screen reader user hears the chart in words.
        self.setFocusPolicy(Qt.FocusPolicy.TabFocus)
        self.setAccessibleName(_("Check-in answers over time"))
        said = "\n".join(spoken_lines(trend))
        self.setAccessibleDescription(said)
        self.setToolTip(said)

    # Sizes -------------------------------------------------------------------------

    def _bold(self) -> QFont:
        font = QFont(self.font())
        font.setBold(True)
        return font

    def _row_height(self) -> int:
        return self.fontMetrics().height() + 14

    def _axis_height(self) -> int:
        return self.fontMetrics().height() + 6

    def _number_width(self) -> int:
        return QFontMetrics(self._bold()).horizontalAdvance("5") + 12

    def _label_width(self) -> int:
        # Measured in fractions and rounded up: rounded down, the longest words are cut.
        metrics = QFontMetricsF(self.font())
        return (
            math.ceil(max(metrics.horizontalAdvance(short_words(q)) for q in CheckInQuestion)) + 1
        )

    def _dates_width(self) -> int:
        """The room the first and the latest day need under the dots."""
        metrics = self.fontMetrics()
        days = {self.trend.days[0], self.trend.days[-1]} if self.trend.days else set()
        return sum(metrics.horizontalAdvance(format_day(day)) for day in days) + GAP

    def _height(self) -> int:
        return 2 * MARGIN + len(CheckInQuestion) * self._row_height() + self._axis_height()

    def sizeHint(self) -> QSize:
        width = self._label_width() + 2 * self._number_width() + GAP + PLOT_WIDTH
        return QSize(width + 2 * MARGIN, self._height())

    def minimumSizeHint(self) -> QSize:
        # Narrow pages shorten the words (with "…"), never push the page sideways.
        words_width = min(self._label_width(), self.fontMetrics().averageCharWidth() * 8)
        plot = max(80, self._dates_width() - 2 * self._number_width())
        width = words_width + 2 * self._number_width() + GAP + plot
        return QSize(width + 2 * MARGIN, self._height())

    def columns(self) -> Columns:
        """Where the words, numbers and dots of the first row go at the chart's width, as if
        left to right (a row further down is the same, moved down by row_height)."""
        row = self._row_height()
        number = self._number_width()
        plot_smallest = max(80, self._dates_width() - 2 * number)
        room = self.width() - 2 * MARGIN
        label_width = max(0, min(self._label_width(), room - 2 * number - GAP - plot_smallest))
        left = MARGIN + label_width + GAP
        plot_width = max(plot_smallest, room - label_width - GAP - 2 * number)
        return Columns(
            label=QRectF(MARGIN, 0, label_width, row),
            first=QRectF(left, 0, number, row),
            plot=QRectF(left + number, 0, plot_width, row),
            latest=QRectF(left + number + plot_width, 0, number, row),
            row_height=row,
            dot=max(3.0, self.fontMetrics().height() / 4.5),
        )

    def _mirrored(self, rect: QRectF) -> QRectF:
        if not self.isRightToLeft():
            return rect
        return QRectF(self.width() - rect.right(), rect.top(), rect.width(), rect.height())

    def _x(self, columns: Columns, answer: Answer) -> float:
        """Across the row, as if left to right: the first check-in at the start, the
        latest at the end, the others as far along as their day is in time."""
        start = columns.plot.left() + columns.dot + 2
        end = columns.plot.right() - columns.dot - 2
        first, latest = self.trend.days[0], self.trend.days[-1]
        span = (latest - first).days
        along = (answer.on - first).days / span if span else 0.0
        return start + along * (end - start)

    def _y(self, columns: Columns, row: int, rating: int) -> float:
        """Up the row: 5 (very much) at the top, 1 (not at all) at the bottom."""
        top = MARGIN + row * columns.row_height + columns.dot + 3
        bottom = MARGIN + (row + 1) * columns.row_height - columns.dot - 3
        return bottom - (rating - 1) * (bottom - top) / 4

    def points(self) -> dict[CheckInQuestion, list[QPointF]]:
        """Where each answer's dot is drawn, in the chart's own pixels, oldest first."""
        columns = self.columns()
        return {
            question: [
                QPointF(self._across(self._x(columns, a)), self._y(columns, row, a.rating))
                for a in self.trend.answers.get(question, ())
            ]
            for row, question in enumerate(CheckInQuestion)
        }

    def number_places(self) -> dict[CheckInQuestion, tuple[QRectF, QRectF | None]]:
        """Where the first and the latest answer are written, as numbers: just before the
        first dot and just after the latest (none after it while the statement has one answer)."""
        columns = self.columns()
        places: dict[CheckInQuestion, tuple[QRectF, QRectF | None]] = {}
        for row, question in enumerate(CheckInQuestion):
            answers = self.trend.answers.get(question, ())
            if not answers:
                continue
            down = MARGIN + row * columns.row_height
            width = columns.first.width()
            before = self._x(columns, answers[0]) - columns.dot - 2 - width
            after = self._x(columns, answers[-1]) + columns.dot + 2
            places[question] = (
                self._mirrored(QRectF(before, down, width, columns.row_height)),
                self._mirrored(QRectF(after, down, width, columns.row_height))
                if len(answers) > 1
                else None,
            )
        return places

    def _across(self, x: float) -> float:
        return self.width() - x if self.isRightToLeft() else x

    # Painting ----------------------------------------------------------------------

    def paintEvent(self, _event: QPaintEvent) -> None:
        painter = QPainter(self)
        # The theme's edge, and its focus ring when the chart has the focus (common.qss).
        option = QStyleOption()
        option.initFrom(self)
        self.style().drawPrimitive(QStyle.PrimitiveElement.PE_Widget, option, painter, self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        palette = self.palette()
        ink = palette.color(QPalette.ColorRole.WindowText)
        mark = palette.color(QPalette.ColorRole.Highlight)
        quiet = QFont(self.font())
        quiet.setItalic(True)  # set apart from the statements' words, as readable
        guide = palette.color(QPalette.ColorRole.Mid)
        guide.setAlpha(70)  # a faint track for the dots, not something to read
        columns = self.columns()
        start = Qt.AlignmentFlag.AlignRight if self.isRightToLeft() else Qt.AlignmentFlag.AlignLeft
        end = Qt.AlignmentFlag.AlignLeft if self.isRightToLeft() else Qt.AlignmentFlag.AlignRight
        # Absolute: the sides are already mirrored here; the painter must not mirror again.
        absolute = Qt.AlignmentFlag.AlignAbsolute | Qt.AlignmentFlag.AlignVCenter
        points = self.points()
        places = self.number_places()
        bold = self._bold()
        for row, question in enumerate(CheckInQuestion):
            down = MARGIN + row * columns.row_height
            label_rect = self._mirrored(columns.label.translated(0, down))
            painter.setFont(self.font())
            painter.setPen(ink)
            painter.drawText(
                label_rect,
                int(start | absolute),
                self.fontMetrics().elidedText(
                    short_words(question), Qt.TextElideMode.ElideRight, int(label_rect.width())
                ),
            )
            plot = self._mirrored(columns.plot.translated(0, down))
            painter.setPen(QPen(guide, 1))
            for rating in (1, 5):
                y = self._y(columns, row, rating)
                painter.drawLine(QPointF(plot.left(), y), QPointF(plot.right(), y))
            answers = self.trend.answers.get(question, ())
            if not answers:
                painter.setFont(quiet)
                painter.setPen(ink)
                painter.drawText(plot, int(Qt.AlignmentFlag.AlignCenter), _("no answer yet"))
                continue
            dots = points[question]
            painter.setPen(QPen(mark, 2))
            painter.drawPolyline(QPolygonF(dots))
            painter.setPen(Qt.PenStyle.NoPen)
            painter.setBrush(mark)
            for dot in dots:
                painter.drawEllipse(dot, columns.dot, columns.dot)
            painter.setBrush(Qt.BrushStyle.NoBrush)
            painter.setFont(bold)
            painter.setPen(ink)
            first, latest = places[question]
            painter.drawText(first, int(Qt.AlignmentFlag.AlignCenter), rating_text(answers[0]))
            if latest is not None:
                painter.drawText(
                    latest, int(Qt.AlignmentFlag.AlignCenter), rating_text(answers[-1])
                )
        self._paint_days(painter, columns, start, end, absolute)
        painter.end()

    def _paint_days(
        self,
        painter: QPainter,
        columns: Columns,
        start: Qt.AlignmentFlag,
        end: Qt.AlignmentFlag,
        absolute: Qt.AlignmentFlag,
    ) -> None:
        """The first and the latest check-in's day, under the two ends of the rows."""
        days = self.trend.days
        if not days:
            return
        top = MARGIN + len(CheckInQuestion) * columns.row_height
        under = self._mirrored(
            QRectF(
                columns.first.left(),
                top,
                columns.latest.right() - columns.first.left(),
                self._axis_height(),
            )
        )
        painter.setFont(self.font())
        painter.setPen(self.palette().color(QPalette.ColorRole.WindowText))
        painter.drawText(under, int(start | absolute), format_day(days[0]))
        if len(days) > 1:
            painter.drawText(under, int(end | absolute), format_day(days[-1]))


def check_ins_over_time(records: Iterable[Record], family_id: str) -> QWidget:
    """The family page's part about check-ins: a heading, then the chart with the scale
    explained, or a plain sentence when there is no check-in yet."""
    trend = answers_over_time(records, family_id)
    part = QWidget()
    part.setObjectName("check-ins-over-time")
    layout = QVBoxLayout(part)
    layout.setContentsMargins(0, 0, 0, 0)
    layout.addWidget(heading(_("Check-ins over time"), "section"))
    if trend.is_empty:
        layout.addWidget(
            words(
                _("No check-ins yet. Add one to see, over time, how the family's answers change."),
                "check-in-chart-empty",
            )
        )
        return part
    # At its own size, not stretched across a wide page: a small chart reads better.
    layout.addWidget(CheckInChart(trend), 0, Qt.AlignmentFlag.AlignLeft)
    said = [_("1 = {low} … 5 = {high}").format(low=_("not at all"), high=_("very much"))]
    if len(trend.days) == 1:
        said.append(_("One check-in so far: more check-ins will show change."))
    layout.addWidget(words("\n".join(said), "check-in-chart-note"))
    return part
