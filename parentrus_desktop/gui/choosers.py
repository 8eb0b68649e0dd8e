"""Inputs for choosing from fixed lists: a drop-down of one, a tick list of several."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from enum import StrEnum
from typing import Generic, TypeVar

from PySide6.QtCore import QSize, Qt
from PySide6.QtWidgets import QComboBox, QListWidget, QListWidgetItem

from parentrus_desktop.domain import Family
from parentrus_desktop.gui.language import native_name
from parentrus_desktop.gui.records import OpenRecords
from parentrus_desktop.i18n import _
from parentrus_desktop.labels import COMMON_LANGUAGES, label

T = TypeVar("T")
E = TypeVar("E", bound=StrEnum)
VALUE = Qt.ItemDataRole.UserRole


class ChoiceBox(QComboBox, Generic[E]):
    """A drop-down of one fixed list. Qt stores the choices as plain text, so ``chosen``
    turns the current one back into its enum member."""

    def __init__(self, kind: type[E], name: str, chosen: E | None = None) -> None:
        super().__init__()
        self._kind = kind
        self.setObjectName(name)
        for choice in kind:
            self.addItem(label(choice), choice.value)
        if chosen is not None:
            self.choose(chosen)

    def chosen(self) -> E:
        return self._kind(self.currentData())

    def choose(self, value: E) -> None:
        self.setCurrentIndex(self.findData(value.value))


def choice_box(kind: type[E], name: str, chosen: E | None = None) -> ChoiceBox[E]:
    return ChoiceBox(kind, name, chosen)


class TickList(QListWidget, Generic[T]):
    """A list where each line has a tick box; reads back the ticked values."""

    def __init__(
        self, name: str, options: Sequence[tuple[T, str]], ticked: Iterable[T] = ()
    ) -> None:
        super().__init__()
        self.setObjectName(name)
        chosen = set(ticked)
        for value, text in options:
            item = QListWidgetItem(text, self)
            item.setData(VALUE, value)
            # Room for the tall letters of Arabic, Bengali or Ethiopic script.
            item.setSizeHint(QSize(0, self.fontMetrics().height() + 12))
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            item.setCheckState(
                Qt.CheckState.Checked if value in chosen else Qt.CheckState.Unchecked
            )
        rows = min(len(options), 8)
        row_height = self.fontMetrics().height() + 12
        self.setMinimumHeight(min(rows, 5) * row_height + 8)
        self.setMaximumHeight(rows * row_height + 8)

    def ticked(self) -> list[T]:
        return [
            self.item(i).data(VALUE)
            for i in range(self.count())
            if self.item(i).checkState() == Qt.CheckState.Checked
        ]

    def tick(self, value: T, on: bool = True) -> None:
        for i in range(self.count()):
            if self.item(i).data(VALUE) == value:
                self.item(i).setCheckState(Qt.CheckState.Checked if on else Qt.CheckState.Unchecked)


def language_list(name: str, ticked: Iterable[str] = ()) -> TickList[str]:
    chosen = list(ticked)
    tags = list(dict.fromkeys([*chosen, *COMMON_LANGUAGES]))
    return TickList(name, [(tag, native_name(tag)) for tag in tags], chosen)


def choice_list(
    name: str, choices: Iterable[StrEnum], ticked: Iterable[StrEnum] = ()
) -> TickList[StrEnum]:
    return TickList(name, [(c, label(c)) for c in choices], ticked)


def family_box(records: OpenRecords, name: str, chosen: str | None, *, optional: bool) -> QComboBox:
    """A drop-down of the mentor's families (codes only on the privacy screen)."""
    box = QComboBox()
    box.setObjectName(name)
    if optional:
        box.addItem(_("(not about one family)"), None)
    families = sorted(records.profile.all(Family), key=lambda f: records.family_label(f).casefold())
    for family in families:
        box.addItem(records.family_label(family), family.id)
    if chosen is not None:
        box.setCurrentIndex(box.findData(chosen))
    return box
