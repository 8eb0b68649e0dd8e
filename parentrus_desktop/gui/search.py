"""Search everything (Ctrl+K): names, codes and notes, with results as you type."""

from __future__ import annotations

from collections.abc import Callable, Sequence

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QFont
from PySide6.QtWidgets import QDialog, QLineEdit, QListWidget, QListWidgetItem, QVBoxLayout, QWidget

from parentrus_desktop.domain import Family, Record, Session
from parentrus_desktop.gui.family_page import timeline_line
from parentrus_desktop.gui.glossary import item_text
from parentrus_desktop.gui.records import OpenRecords
from parentrus_desktop.gui.widgets import fitting_size, words
from parentrus_desktop.i18n import _, format_day
from parentrus_desktop.school_words import ShownWord
from parentrus_desktop.store.search import folded

MOST_RESULTS = 50
FAMILY_ID = Qt.ItemDataRole.UserRole
SESSION_ID = Qt.ItemDataRole.UserRole + 1  # a session result opens the session itself
SCHOOL_WORD = Qt.ItemDataRole.UserRole + 2  # a school word opens the glossary at it
MOST_SCHOOL_WORDS = 10


class SearchDialog(QDialog):
    #: Fires with a family id when the mentor opens a result.
    open_family = Signal(str)
    #: Fires with a session id when the mentor opens a session result.
    open_session = Signal(str)
    #: Fires with a school word's key when the mentor opens a glossary result.
    open_school_word = Signal(str)

    def __init__(
        self,
        records: OpenRecords,
        parent: QWidget | None = None,
        school_words: Callable[[str], Sequence[ShownWord]] | None = None,
    ) -> None:
        super().__init__(parent)
        self._school_words = school_words
        self.setWindowTitle(_("Search"))
        self.setObjectName("search")
        self._records = records
        layout = QVBoxLayout(self)
        layout.addWidget(
            words(
                _(
                    "Type a name, a family code or words from your notes. "
                    "Enter opens the first result."
                )
            )
        )
        self.query = QLineEdit()
        self.query.setObjectName("search-query")
        self.query.setPlaceholderText(_("Type a name, a family code or words from your notes"))
        self.query.setAccessibleName(_("Search"))
        self.query.setClearButtonEnabled(True)
        layout.addWidget(self.query)
        self.results = QListWidget()
        self.results.setObjectName("search-results")
        self.results.setAccessibleName(_("Results"))
        layout.addWidget(self.results)
        self.query.textChanged.connect(self._search)
        self.query.returnPressed.connect(self._open_first)
        self.results.itemActivated.connect(self._open)
        self.resize(fitting_size(self, 640, 480))

    def _search(self, text: str) -> None:
        self.results.clear()
        if not text.strip():
            return
        for record in self._records.profile.search(text, limit=MOST_RESULTS):
            line = self._line(record)
            if line is None:
                continue
            item = QListWidgetItem(line[0], self.results)
            item.setData(FAMILY_ID, line[1])
            if isinstance(record, Session):
                item.setData(SESSION_ID, record.id)
        self._add_school_words(text)
        if self.results.count() == 0:
            self.results.addItem(_("Nothing found."))

    def _add_school_words(self, text: str) -> None:
        """A "School words" group under the records: the glossary's words that match."""
        found = list(self._school_words(text))[:MOST_SCHOOL_WORDS] if self._school_words else []
        if not found:
            return
        # Translators: the heading of a group of search results: words from the glossary
        group = QListWidgetItem(_("School words"), self.results)
        group.setFlags(Qt.ItemFlag.NoItemFlags)
        font = QFont(group.font())
        font.setBold(True)
        group.setFont(font)
        for word in found:
            item = QListWidgetItem(item_text(word), self.results)
            item.setData(SCHOOL_WORD, word.key)
            item.setToolTip(word.explanation)

    def _line(self, record: Record) -> tuple[str, str | None] | None:
        records = self._records
        if isinstance(record, Family):
            if records.privacy and text_only_in_names(record, self.query.text()):
                return None  # the privacy screen must not reveal whose name matched
            return records.family_label(record), record.id
        family_id = record.family_id or next(iter(record.families_mentioned()), None)
        family = records.family(family_id)
        if family is None and not isinstance(record, Session):  # a forum may have no family
            return None
        shown = timeline_line(record, privacy=records.privacy)
        if shown is None:
            return None
        line = f"{records.family_label(family)} · {format_day(shown[0])} · {shown[1]}"
        return line, family.id if family else None

    def _open_first(self) -> None:
        for row in range(self.results.count()):
            item = self.results.item(row)
            if item.flags() & Qt.ItemFlag.ItemIsEnabled:  # not the group's heading
                self._open(item)
                return

    def _open(self, item: QListWidgetItem) -> None:
        school_word = item.data(SCHOOL_WORD)
        if school_word:
            self.open_school_word.emit(school_word)
            self.accept()
            return
        session_id = item.data(SESSION_ID)
        if session_id:
            self.open_session.emit(session_id)
            self.accept()
            return
        family_id = item.data(FAMILY_ID)
        if family_id:
            self.open_family.emit(family_id)
            self.accept()


def text_only_in_names(family: Family, query: str) -> bool:
    """True when the query matches this family only through a name (not its code)."""
    return not all(word in folded(family.code) for word in folded(query).split())
