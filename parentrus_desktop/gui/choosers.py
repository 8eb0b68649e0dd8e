"""Inputs for choosing from fixed lists: a drop-down of one, a tick list of several."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from enum import StrEnum
from typing import Generic, TypeVar

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QComboBox, QListWidget, QListWidgetItem

from parentrus_desktop.gui.language import native_name
from parentrus_desktop.labels import COMMON_LANGUAGES, label

T = TypeVar("T")
VALUE = Qt.ItemDataRole.UserRole


def choice_box(choices: Iterable[StrEnum], name: str, chosen: StrEnum | None = None) -> QComboBox:
    box = QComboBox()
    box.setObjectName(name)
    for choice in choices:
        box.addItem(label(choice), choice)
    if chosen is not None:
        box.setCurrentIndex(box.findData(chosen))
    return box


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
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            item.setCheckState(
                Qt.CheckState.Checked if value in chosen else Qt.CheckState.Unchecked
            )
        rows = min(len(options), 8)
        self.setMinimumHeight(rows * 24 + 8)
        self.setMaximumHeight(rows * 28 + 8)

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
