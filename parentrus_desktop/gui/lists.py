"""A page that lists one kind of record, with filters, an Add button and edit on open."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Generic, TypeVar

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDialog,
    QHBoxLayout,
    QHeaderView,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from parentrus_desktop.domain import Record
from parentrus_desktop.gui.records import OpenRecords
from parentrus_desktop.gui.widgets import big_button, heading, words
from parentrus_desktop.i18n import _

if TYPE_CHECKING:
    from _typeshed import SupportsRichComparison

R = TypeVar("R", bound=Record)
Index = QModelIndex | QPersistentModelIndex


@dataclass(frozen=True)
class Column(Generic[R]):
    title: str
    text: Callable[[R], str]


@dataclass(frozen=True)
class Filter(Generic[R]):
    title: str
    keeps: Callable[[R], bool]


class RowsModel(QAbstractTableModel, Generic[R]):
    """Records of one kind as rows; the page decides which and in what order."""

    def __init__(self, columns: Sequence[Column[R]]) -> None:
        super().__init__()
        self._columns = list(columns)
        self.rows: list[R] = []

    def show(self, rows: list[R]) -> None:
        self.beginResetModel()
        self.rows = rows
        self.endResetModel()

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008 - Qt's signature
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._columns)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> object:
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.AccessibleTextRole):
            return self._columns[index.column()].text(self.rows[index.row()])
        return None

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> object:
        if orientation is Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return self._columns[section].title
        return None


class RecordListPage(QWidget, Generic[R]):
    """Title, filters and a list; 'Add' and opening a row both go through ``open_form``."""

    def __init__(
        self,
        records: OpenRecords,
        *,
        name: str,
        title: str,
        explanation: str,
        kind: type[R],
        columns: Sequence[Column[R]],
        filters: Sequence[Filter[R]],
        order: Callable[[R], SupportsRichComparison],
        add_text: str,
        open_form: Callable[[R | None], QDialog],
        extra_buttons: Sequence[tuple[str, str, Callable[[R], object]]] = (),
    ) -> None:
        super().__init__()
        self.setObjectName(name)
        self.setAccessibleName(title)
        self._records, self._kind, self._order = records, kind, order
        self._filters = list(filters)
        self._open_form = open_form
        layout = QVBoxLayout(self)
        top = QHBoxLayout()
        top.addWidget(heading(title))
        top.addStretch()
        add = big_button(add_text, f"add-{name}", primary=True)
        add.clicked.connect(lambda: self._open_form(None))
        top.addWidget(add)
        layout.addLayout(top)
        layout.addWidget(words(explanation))
        row = QHBoxLayout()
        self.filter = QComboBox()
        self.filter.setObjectName(f"{name}-filter")
        self.filter.setAccessibleName(_("Show"))
        for index, choice in enumerate(self._filters):
            self.filter.addItem(choice.title, index)
        self.filter.currentIndexChanged.connect(self.refresh)
        row.addWidget(self.filter)
        row.addStretch()
        self._extra = []
        for text, button_name, act in extra_buttons:
            button = big_button(text, button_name)
            button.clicked.connect(lambda _c=False, a=act: self._act(a))
            row.addWidget(button)
            self._extra.append(button)
        layout.addLayout(row)
        self.model: RowsModel[R] = RowsModel(columns)
        self.table = QTableView()
        self.table.setObjectName(f"{name}-list")
        self.table.setAccessibleName(title)
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().hide()
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setStretchLastSection(True)
        self.table.activated.connect(lambda i: self._open_form(self.model.rows[i.row()]))
        layout.addWidget(self.table)
        # Bound methods, not lambdas: Qt drops the connection when this page is deleted.
        records.changed.connect(self.refresh)
        records.privacy_changed.connect(self.refresh)
        self.refresh()

    def selected(self) -> R | None:
        rows = self.table.selectionModel().selectedRows()
        return self.model.rows[rows[0].row()] if rows else None

    def _act(self, act: Callable[[R], object]) -> None:
        chosen = self.selected()
        if chosen is not None:
            act(chosen)

    def refresh(self, *_why: object) -> None:
        keeps = self._filters[self.filter.currentIndex()].keeps if self._filters else None
        rows = [r for r in self._records.profile.all(self._kind) if keeps is None or keeps(r)]
        self.model.show(sorted(rows, key=self._order))
