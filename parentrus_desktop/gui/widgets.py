"""Small building blocks every screen shares: big buttons, headings, field problems."""

from __future__ import annotations

from PySide6.QtCore import QSize, Qt
from PySide6.QtGui import QFontMetrics, QGuiApplication, QResizeEvent
from PySide6.QtWidgets import (
    QFormLayout,
    QLabel,
    QLayout,
    QPlainTextEdit,
    QPushButton,
    QSizePolicy,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from parentrus_desktop.domain.validation import InvalidRecord
from parentrus_desktop.i18n import _, ngettext


def big_button(text: str, name: str, *, primary: bool = False) -> QPushButton:
    """A button big enough to hit on a small laptop, named for screen readers."""
    button = QPushButton(text)
    button.setObjectName(name)
    button.setAccessibleName(text.replace("&", ""))
    button.setProperty("primary", primary)
    button.setMinimumHeight(44)
    button.setAutoDefault(primary)
    return button


class LineButton(QPushButton):
    """A flat button that reads as a line of a list (Today's "Did this happen?"): a long
    line wraps onto more lines rather than make the page scroll sideways on a small
    screen. ``text()`` is the line as given; what is painted may be broken into lines."""

    #: The narrowest a line gets before its words are wrapped no further.
    NARROWEST = 200

    def __init__(self, text: str, name: str) -> None:
        super().__init__(text.replace("&", "&&"))  # "Hodan & Amina": no shortcut key
        self.setObjectName(name)
        self.setAccessibleName(text)
        self.setFlat(True)
        self.setMinimumHeight(44)
        self._words = text
        # What the style puts around the words (padding, frame), measured on one line.
        one_line = super().sizeHint()
        self._padding = one_line.width() - self.fontMetrics().horizontalAdvance(text)
        self._padding_height = one_line.height() - self.fontMetrics().size(0, text).height()
        policy = self.sizePolicy()
        policy.setHorizontalPolicy(QSizePolicy.Policy.Preferred)
        policy.setVerticalPolicy(QSizePolicy.Policy.Minimum)  # a button's is Fixed: one line
        policy.setHeightForWidth(True)
        self.setSizePolicy(policy)

    def text(self) -> str:
        return self._words

    def _lines(self, width: int) -> list[str]:
        metrics = self.fontMetrics()
        room = max(width - self._padding, 1)
        return wrapped_lines(self._words, metrics, room)

    def sizeHint(self) -> QSize:
        width = self.fontMetrics().horizontalAdvance(self._words) + self._padding
        return QSize(width, self.heightForWidth(width))

    def minimumSizeHint(self) -> QSize:
        return QSize(min(self.NARROWEST, self.sizeHint().width()), self.minimumHeight())

    def hasHeightForWidth(self) -> bool:
        return True

    def heightForWidth(self, width: int) -> int:
        words = self.fontMetrics().size(0, "\n".join(self._lines(width))).height()
        return max(self.minimumHeight(), self._padding_height + words)

    def resizeEvent(self, event: QResizeEvent) -> None:
        wrapped = "\n".join(self._lines(event.size().width()))
        if wrapped.replace("&", "&&") != super().text():
            super().setText(wrapped.replace("&", "&&"))
            self.updateGeometry()
        super().resizeEvent(event)


def wrapped_lines(words: str, metrics: QFontMetrics, room: int) -> list[str]:
    """The words broken into lines no wider than ``room`` (a word longer than that keeps
    a line of its own), as a label wraps them."""
    lines: list[str] = []
    for word in words.split(" "):
        joined = f"{lines[-1]} {word}" if lines else word
        if lines and metrics.horizontalAdvance(joined) <= room:
            lines[-1] = joined
        else:
            lines.append(word)
    return lines


def line_button(text: str, name: str) -> LineButton:
    """A line of a list that opens what it shows when clicked."""
    return LineButton(text, name)


RIGHT_TO_LEFT_MARK = "\u200f"
NON_BREAKING_HYPHEN = "\u2011"


def code_kept_whole(text: str, code: str) -> str:
    """The text with the family code in it never broken across two lines ("WHQ-" and
    "RU)"): its hyphen is a non-breaking one. Only for what is shown; a screen reader and
    anything typed or copied use the code as it is."""
    return text.replace(code, code.replace("-", NON_BREAKING_HYPHEN))


def heading(text: str, name: str = "heading", *, code: str = "") -> QLabel:
    """A title, sized relative to the system font so it scales with it. A family code
    in it is kept on one line."""
    shown = code_kept_whole(text, code) if code else text
    if QGuiApplication.layoutDirection() == Qt.LayoutDirection.RightToLeft:
        # A title that starts with a Latin name ("Hillview Academy") would otherwise be
        # laid out as a left-to-right paragraph, at the left edge of a right-to-left page;
        # a right-to-left mark first makes it a right-to-left paragraph like the rest.
        shown = RIGHT_TO_LEFT_MARK + text
    label = QLabel(shown)
    label.setObjectName(name)
    label.setTextFormat(Qt.TextFormat.PlainText)  # names typed by mentors are not HTML
    font = label.font()
    font.setPointSizeF(font.pointSizeF() * (1.6 if name == "heading" else 1.2))
    font.setBold(True)
    label.setFont(font)
    label.setWordWrap(True)
    label.setAccessibleName(text)
    return label


def words(text: str, name: str = "words") -> QLabel:
    """A paragraph of plain text (never rich text: names typed by mentors are not HTML)."""
    label = QLabel(text)
    label.setObjectName(name)
    label.setTextFormat(Qt.TextFormat.PlainText)
    label.setWordWrap(True)
    label.setAccessibleName(text)
    return label


def typed_text(box: QPlainTextEdit) -> str:
    """The text in a text box exactly as typed. ``toPlainText`` turns a no-break space
    (French and Arabic punctuation, names kept on one line) into a plain space, so a
    record saved unchanged would come back changed; the raw text keeps it, with each
    paragraph end made a line break again."""
    return box.document().toRawText().replace("\u2029", "\n")


class FieldProblem(QLabel):
    """A plain-words problem shown next to the field it is about; hidden when none."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("problem")
        self.setWordWrap(True)
        self.setTextFormat(Qt.TextFormat.PlainText)
        self.hide()

    def say(self, message: str) -> None:
        self.setText(message)
        self.setAccessibleName(message)
        self.setVisible(bool(message))


class FormProblems:
    """The problem labels of one form, by the record field each one is about."""

    def __init__(self, general: FieldProblem) -> None:
        self._general = general
        self._by_field: dict[str, FieldProblem] = {}

    def add_row(
        self, form: QFormLayout, label: str, field: QWidget | QLayout, *names: str
    ) -> FieldProblem:
        """Add a labelled row with its problem line under it."""
        problem = FieldProblem()
        holder = QWidget()
        column = QVBoxLayout(holder)
        column.setContentsMargins(0, 0, 0, 0)
        if isinstance(field, QWidget):
            column.addWidget(field)
            field.setAccessibleName(label.replace("&", ""))
        else:
            column.addLayout(field)
        column.addWidget(problem)
        row_label = QLabel(label)
        if isinstance(field, QWidget):
            row_label.setBuddy(field)
        form.addRow(row_label, holder)
        for name in names:
            self._by_field[name] = problem
        return problem

    def add_wide_row(
        self, form: QFormLayout, label: str, field: QWidget, *names: str
    ) -> FieldProblem:
        """A row as wide as the form, its label above it: for a field that holds a table
        (the children of a family), which would not fit beside its label."""
        problem = FieldProblem()
        row_label = QLabel(label)
        row_label.setBuddy(field)
        field.setAccessibleName(label.replace("&", ""))
        form.addRow(row_label)
        holder = QWidget()
        column = QVBoxLayout(holder)
        column.setContentsMargins(0, 0, 0, 0)
        column.addWidget(field)
        column.addWidget(problem)
        form.addRow(holder)
        for name in names:
            self._by_field[name] = problem
        return problem

    def clear(self) -> None:
        self._general.say("")
        for problem in self._by_field.values():
            problem.say("")

    def show(self, error: InvalidRecord) -> None:
        """Put the message next to its field (or at the top when no field matches)."""
        self.clear()
        message = _(error.message).format(**error.details)
        self._by_field.get(error.field, self._general).say(message)

    def say(self, field: str, message: str) -> None:
        self.clear()
        self._by_field.get(field, self._general).say(message)


class MinutesBox(QSpinBox):
    """A number of minutes, with the word after it in the right plural for the language
    ("1 minute", "5 minutes", Arabic's six forms)."""

    def __init__(self, name: str, value: int, *, lowest: int, highest: int, step: int = 1) -> None:
        super().__init__()
        self.setObjectName(name)
        self.setRange(lowest, highest)
        self.setSingleStep(step)
        self.valueChanged.connect(self._name_the_unit)
        self.setValue(value)
        self._name_the_unit(value)

    def _name_the_unit(self, minutes: int) -> None:
        self.setSuffix(" " + ngettext("minute", "minutes", minutes))


def fitting_size(widget: QWidget, width: int, height: int) -> QSize:
    """The size a form opens at: as asked, but never taller or wider than the screen's
    free area less room for the title bar, so Save is in view on a 1366x768 laptop."""
    screen = widget.screen() or QGuiApplication.primaryScreen()
    if screen is None:
        return QSize(width, height)
    free = screen.availableGeometry()
    return QSize(min(width, free.width() - 16), min(height, free.height() - 48))
