"""The list of families, with a filter by status and search as you type."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLineEdit,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from parentrus_desktop.domain import Family, Session
from parentrus_desktop.domain.vocabulary import FamilyStatus, SessionStatus
from parentrus_desktop.gui.records import OpenRecords
from parentrus_desktop.gui.widgets import big_button, heading, words
from parentrus_desktop.i18n import _, format_day
from parentrus_desktop.labels import label
from parentrus_desktop.language_names import name_in_mentor_s_language
from parentrus_desktop.store.search import folded

Index = QModelIndex | QPersistentModelIndex


class FamiliesModel(QAbstractTableModel):
    """Rows of families: name (or code on the privacy screen), status, languages, last seen."""

    def __init__(self, records: OpenRecords, today: Callable[[], date]) -> None:
        super().__init__()
        self._records = records
        self._today = today
        self._rows: list[tuple[Family, date | None]] = []
        self._status: FamilyStatus | None = FamilyStatus.ACTIVE
        self._query = ""
        self.reload()

    def headers(self) -> list[str]:
        return [_("Family"), _("Status"), _("Languages"), _("Last session")]

    def filter(self, status: FamilyStatus | None, query: str) -> None:
        self._status, self._query = status, query
        self.reload()

    def reload(self) -> None:
        self.beginResetModel()
        last_seen: dict[str, date] = {}
        families: list[Family] = []
        today = self._today()
        for record in self._records.profile:
            # Only sessions that happened: a planned or missed one is not "last seen".
            if (
                isinstance(record, Session)
                and record.status is SessionStatus.HELD
                and record.on <= today
            ):
                for family_id in record.families:
                    if record.on > last_seen.get(family_id, date.min):
                        last_seen[family_id] = record.on
            elif isinstance(record, Family):
                families.append(record)
        words = folded(self._query).split()
        rows = []
        for family in families:
            if self._status is not None and family.status is not self._status:
                continue
            if words:
                # The privacy screen hides names, so names must not be searchable then either.
                text = (
                    family.code
                    if self._records.privacy
                    else " ".join(
                        (family.code, *family.carers, *(c.first_name for c in family.children))
                    )
                )
                if not all(w in folded(text) for w in words):
                    continue
            rows.append((family, last_seen.get(family.id)))
        self._rows = sorted(rows, key=lambda r: folded(self._records.family_label(r[0])))
        self.endResetModel()

    def clear(self) -> None:
        self.beginResetModel()
        self._rows = []
        self.endResetModel()

    def family_at(self, row: int) -> Family:
        return self._rows[row][0]

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008 - Qt's signature
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else 4

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> object:
        if role not in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.AccessibleTextRole):
            return None
        family, last = self._rows[index.row()]
        column = index.column()
        if column == 0:
            return self._records.family_label(family)
        if column == 1:
            return label(family.status)
        if column == 2:
            # In the mentor's language: a list is read at a glance ("Tigrinya", not "ትግርኛ").
            return ", ".join(name_in_mentor_s_language(tag) for tag in family.languages)
        return format_day(last) if last else "—"

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> object:
        if orientation is Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return self.headers()[section]
        return None


class FamiliesPage(QWidget):
    #: Fires with a family id when the mentor opens a family.
    open_family = Signal(str)
    #: Fires when the mentor wants to add a family.
    add_family = Signal()

    def __init__(self, records: OpenRecords, today: Callable[[], date]) -> None:
        super().__init__()
        self.setObjectName("families")
        layout = QVBoxLayout(self)
        top = QHBoxLayout()
        top.addWidget(heading(_("Families")))
        top.addStretch()
        add = big_button(_("Add a family"), "add-family", primary=True)
        self.add_button = add
        self.privacy_note = words(_("Turn off the privacy screen to add a family."), "note")
        add.clicked.connect(self.add_family.emit)
        top.addWidget(add)
        layout.addLayout(top)
        layout.addWidget(self.privacy_note)
        filters = QHBoxLayout()
        self.status = QComboBox()
        self.status.setObjectName("status-filter")
        self.status.setAccessibleName(_("Show families who are"))
        for status in FamilyStatus:
            self.status.addItem(label(status), status.value)
        self.status.addItem(_("All"), "")
        self.query = QLineEdit()
        self.query.setObjectName("family-filter")
        self.query.setPlaceholderText(_("Find a family by name or code"))
        self.query.setAccessibleName(_("Find a family by name or code"))
        self.query.setClearButtonEnabled(True)
        filters.addWidget(self.status)
        filters.addWidget(self.query, 1)
        layout.addLayout(filters)
        self.model = FamiliesModel(records, today)
        self.table = QTableView()
        self.table.setObjectName("family-list")
        self.table.setAccessibleName(_("Families"))
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().hide()
        header = self.table.horizontalHeader()
        # Status and the last session as wide as their words and their heading (in bold, as
        # Qt paints it while a family is chosen): a fixed width cut off "Last session" in
        # longer languages. Languages can be a long list: at least as wide as its heading,
        # so the family's name keeps the rest of the line, on a small screen too.
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setMinimumSectionSize(header.defaultSectionSize())  # as wide as before, or more
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.Interactive)
        header.resizeSection(2, max(header.defaultSectionSize(), header.sectionSizeHint(2)))
        self.table.activated.connect(
            lambda index: self.open_family.emit(self.model.family_at(index.row()).id)
        )
        layout.addWidget(self.table)
        self.status.currentIndexChanged.connect(self._filter)
        self.query.textChanged.connect(self._filter)
        # Bound methods, not lambdas: Qt drops the connection when this page is deleted.
        records.changed.connect(self._records_changed)
        records.privacy_changed.connect(self._privacy_changed)
        self._privacy_changed(records.privacy)

    def _privacy_changed(self, on: bool) -> None:
        # Adding a family means typing names: not with the privacy screen on.
        self.add_button.setEnabled(not on)
        self.privacy_note.setVisible(on)
        self.add_button.setToolTip(
            _("Turn off the privacy screen to see or change names.") if on else ""
        )
        self.model.reload()

    def _records_changed(self, what: object) -> None:
        if not isinstance(what, set) or {"family", "session"} & what:
            self.model.reload()

    def _filter(self) -> None:
        status = self.status.currentData()
        self.model.filter(FamilyStatus(status) if status else None, self.query.text())
