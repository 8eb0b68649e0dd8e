"""Inputs for choosing from fixed lists: a drop-down of one, a tick list of several."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from enum import StrEnum
from typing import Any, Generic, TypeVar

from PySide6.QtCore import QSize, Qt
from PySide6.QtGui import QMouseEvent
from PySide6.QtWidgets import QComboBox, QInputDialog, QListWidget, QListWidgetItem

from parentrus_desktop.domain import Family, School
from parentrus_desktop.gui.records import OpenRecords
from parentrus_desktop.i18n import _
from parentrus_desktop.labels import COMMON_LANGUAGES, label
from parentrus_desktop.language_names import ANOTHER_LANGUAGE, both_names, find_language

T = TypeVar("T")
E = TypeVar("E", bound=StrEnum)
VALUE = Qt.ItemDataRole.UserRole


#: What a drop-down keeps for "none of these". Never None: PySide 6.12 on Python 3.11 gives
#: up one reference to None each time it stores or hands back None as an item's data, and
#: Python aborts the whole app once None's count runs out.
NO_CHOICE = ""


def add_no_choice(box: QComboBox, text: str) -> None:
    """The line that means 'none of these' (no school, no family, year not known)."""
    box.addItem(text, NO_CHOICE)


def chosen_data(box: QComboBox) -> Any:
    """The current line's value, or None on the 'none of these' line."""
    data = box.currentData()
    return None if data == NO_CHOICE else data


def choose_data(box: QComboBox, value: object) -> bool:
    """Make the line holding ``value`` (None: the 'none of these' line) the current one;
    False when no line holds it."""
    found = box.findData(NO_CHOICE if value is None else value)
    if found >= 0:
        box.setCurrentIndex(found)
    return found >= 0


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
        #: The row a left click started on, and whether it was ticked then.
        self._pressed: tuple[int, Qt.CheckState] | None = None
        self.itemClicked.connect(self._clicked)

    def mousePressEvent(self, event: QMouseEvent) -> None:
        item = self.itemAt(event.position().toPoint())
        self._pressed = None
        if item is not None and event.button() == Qt.MouseButton.LeftButton:
            self._pressed = (self.row(item), item.checkState())
        super().mousePressEvent(event)

    def _clicked(self, item: QListWidgetItem) -> None:
        """A click anywhere on a line ticks it, not only on its small box: a mentor in a
        hurry clicks the name. A click on the box itself was already taken by Qt."""
        pressed, self._pressed = self._pressed, None
        if pressed is None or pressed[0] != self.row(item) or item.checkState() != pressed[1]:
            return
        if (
            item.flags() & Qt.ItemFlag.ItemIsUserCheckable
            and item.flags() & Qt.ItemFlag.ItemIsEnabled
        ):
            ticked = item.checkState() == Qt.CheckState.Checked
            item.setCheckState(Qt.CheckState.Unchecked if ticked else Qt.CheckState.Checked)

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


class LanguageList(TickList[str]):
    """The languages, and a last line to type another one by name."""

    def __init__(
        self, name: str, options: Sequence[tuple[str, str]], ticked: Iterable[str] = ()
    ) -> None:
        super().__init__(name, options, ticked)
        self.another = QListWidgetItem(_("Another language (type it)…"), self)
        self.another.setSizeHint(QSize(0, self.fontMetrics().height() + 12))
        self.itemActivated.connect(self._ask_for_another)
        self.itemClicked.connect(self._ask_for_another)

    def _ask_for_another(self, item: QListWidgetItem) -> None:
        if item is not self.another:
            return
        typed, ok = QInputDialog.getText(
            self, _("Another language"), _("The language's name, in any language:")
        )
        if ok:
            self.add_typed(typed)

    def add_typed(self, typed: str) -> str | None:
        """Tick the language with this name, adding it to the list if it is not there
        ("another language" when the app knows no language by that name)."""
        if not typed.strip():
            return None
        tag = find_language(typed) or ANOTHER_LANGUAGE
        if not any(self.item(i).data(VALUE) == tag for i in range(self.count())):
            item = QListWidgetItem(both_names(tag))
            item.setData(VALUE, tag)
            item.setSizeHint(self.another.sizeHint())
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            self.insertItem(self.row(self.another), item)
        self.tick(tag)
        return tag


def language_list(
    name: str, ticked: Iterable[str] = (), offered: Iterable[str] = ()
) -> TickList[str]:
    """The common languages, with those ticked (and any ``offered``) first."""
    chosen = list(ticked)
    tags = list(dict.fromkeys([*chosen, *offered, *COMMON_LANGUAGES]))
    return LanguageList(name, [(tag, both_names(tag)) for tag in tags], chosen)


def choice_list(name: str, choices: Iterable[E], ticked: Iterable[E] = ()) -> TickList[E]:
    return TickList(name, [(c, label(c)) for c in choices], ticked)


def family_box(records: OpenRecords, name: str, chosen: str | None, *, optional: bool) -> QComboBox:
    """A drop-down of the mentor's families (codes only on the privacy screen)."""
    box = QComboBox()
    box.setObjectName(name)
    if optional:
        add_no_choice(box, _("(not about one family)"))
    families = sorted(records.profile.all(Family), key=lambda f: records.family_label(f).casefold())
    for family in families:
        box.addItem(records.family_label(family), family.id)
    if chosen is not None:
        box.setCurrentIndex(box.findData(chosen))
    return box


def school_box(
    schools: Iterable[School], name: str, chosen: str | None, no_school: str
) -> QComboBox:
    """A drop-down of the schools in the directory, after a 'no school' line. A school no
    longer in the directory stays chosen, so saving does not quietly forget it."""
    box = QComboBox()
    box.setObjectName(name)
    add_no_choice(box, no_school)
    for school in sorted(schools, key=lambda s: s.name.casefold()):
        box.addItem(school.name, school.id)
    if not choose_data(box, chosen):
        box.addItem(_("A school no longer in the list"), chosen)
        box.setCurrentIndex(box.count() - 1)
    return box
