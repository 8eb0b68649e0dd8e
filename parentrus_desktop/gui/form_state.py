"""What every field of a form holds, read and put back by the fields' names: the same
code keeps any form as a draft, whatever fields it has now or gains later.

A part of a form that grows rows (one per child) is kept by its number of rows, if it
offers ``rows`` (a list) and ``add_row()``/``remove_row(row)`` (or ``add_child()``/
``remove_child(row)``): the rows are made again before their fields are filled.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QDate, Qt, QTime
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractSpinBox,
    QComboBox,
    QDateEdit,
    QDateTimeEdit,
    QDoubleSpinBox,
    QLabel,
    QLayout,
    QLineEdit,
    QListWidget,
    QPlainTextEdit,
    QPushButton,
    QSpinBox,
    QTextEdit,
    QTimeEdit,
    QWidget,
)

VALUE = Qt.ItemDataRole.UserRole
_PLAIN = (str, int, float, bool, type(None))
#: Inputs whose own parts are widgets too (a date box holds a line edit): read as one.
_COMPOUND = (QAbstractSpinBox, QComboBox, QListWidget, QPlainTextEdit, QTextEdit)
_INPUTS = (*_COMPOUND, QLineEdit, QAbstractButton)


def _inputs(root: QWidget, labels: frozenset[str]) -> list[tuple[str, QWidget]]:
    """(key, widget) for each input under ``root``, in the order they were made. The key
    is the widget's name, made unique by its place among widgets of the same name."""
    found: list[tuple[str, QWidget]] = []
    seen: dict[str, int] = {}
    for widget in root.findChildren(QWidget):
        if isinstance(widget, QLabel):
            if widget.objectName() not in labels:
                continue
        elif not isinstance(widget, _INPUTS) or isinstance(widget, QPushButton):
            continue  # buttons act, they hold nothing
        if _inside_compound(widget, root) or _taken_away(widget):
            continue
        name = widget.objectName() or type(widget).__name__
        count = seen.get(name, 0)
        seen[name] = count + 1
        found.append((name if count == 0 else f"{name}#{count}", widget))
    return found


def _taken_away(widget: QWidget) -> bool:
    """Hidden and out of every layout: a removed row waiting to be deleted."""
    if not widget.isHidden():
        return False
    parent = widget.parentWidget()
    layout = parent.layout() if parent is not None else None
    return layout is None or not _holds(layout, widget)


def _holds(layout: QLayout, widget: QWidget) -> bool:
    for index in range(layout.count()):
        item = layout.itemAt(index)
        if item is None:
            continue
        if item.widget() is widget:
            return True
        inner = item.layout()
        if inner is not None and _holds(inner, widget):
            return True
    return False


def _inside_compound(widget: QWidget, root: QWidget) -> bool:
    parent = widget.parentWidget()
    while parent is not None and parent is not root:
        if isinstance(parent, _COMPOUND):
            return True
        parent = parent.parentWidget()
    return False


def _plain(value: object) -> Any:
    return value if isinstance(value, _PLAIN) else None


def _growing(root: QWidget) -> list[tuple[str, QWidget]]:
    """(key, widget) for each part of the form that grows rows."""
    found = []
    for widget in root.findChildren(QWidget):
        if isinstance(getattr(widget, "rows", None), list) and _adder(widget) is not None:
            found.append(("rows:" + (widget.objectName() or type(widget).__name__), widget))
    return found


def _adder(widget: QWidget) -> Any:
    return getattr(widget, "add_row", None) or getattr(widget, "add_child", None)


def _remover(widget: QWidget) -> Any:
    return getattr(widget, "remove_row", None) or getattr(widget, "remove_child", None)


def _grow(root: QWidget, fields: dict[str, Any]) -> None:
    for key, widget in _growing(root):
        wanted = fields.get(key, {}).get("rows") if isinstance(fields.get(key), dict) else None
        if not isinstance(wanted, int) or wanted < 0:
            continue
        rows: list[Any] = getattr(widget, "rows")  # noqa: B009 - found by name, like the fields
        while len(rows) < wanted:
            _adder(widget)()
        remove = _remover(widget)
        while len(rows) > wanted and remove is not None:
            remove(rows[-1])


def capture(root: QWidget, labels: frozenset[str] = frozenset()) -> dict[str, Any]:
    """What each input under ``root`` holds, as JSON values by key. ``labels`` names
    labels whose text is part of what the form saves (a new family's code)."""
    fields: dict[str, Any] = {
        key: {"rows": len(getattr(widget, "rows"))}  # noqa: B009
        for key, widget in _growing(root)
    }
    for key, widget in _inputs(root, labels):
        value: Any
        if isinstance(widget, QLabel | QLineEdit):
            value = {"text": widget.text()}
        elif isinstance(widget, QPlainTextEdit | QTextEdit):
            value = {"text": widget.toPlainText()}
        elif isinstance(widget, QComboBox):
            value = {
                "index": widget.currentIndex(),
                "data": _plain(widget.currentData()),
                "text": widget.currentText() if widget.isEditable() else None,
            }
        elif isinstance(widget, QAbstractButton):
            value = {"checked": widget.isChecked()}
        elif isinstance(widget, QListWidget):
            ticks = []
            for row in range(widget.count()):
                item = widget.item(row)
                ticks.append(
                    {
                        "data": _plain(item.data(VALUE)),
                        "state": item.checkState().value,
                        "selected": item.isSelected(),
                    }
                )
            value = {"items": ticks}
        elif isinstance(widget, QDateEdit | QTimeEdit | QDateTimeEdit):
            value = {
                "date": widget.date().toString(Qt.DateFormat.ISODate),
                "time": widget.time().toString("HH:mm:ss.zzz"),
            }
        elif isinstance(widget, QSpinBox | QDoubleSpinBox):
            value = {"value": widget.value()}
        else:  # another kind of input: nothing this version knows how to keep
            continue
        fields[key] = value
    return fields


def restore(root: QWidget, fields: dict[str, Any], labels: frozenset[str] = frozenset()) -> None:
    """Put back what ``capture`` read. Twice over, because one field may set another when
    it changes (a session's kind sets its place): the second pass puts those back too."""
    _grow(root, fields)
    for _pass in range(2):
        for key, widget in _inputs(root, labels):
            value = fields.get(key)
            if isinstance(value, dict):
                _put(widget, value)


def _put(widget: QWidget, value: dict[str, Any]) -> None:
    if isinstance(widget, QLabel | QLineEdit) and isinstance(value.get("text"), str):
        if widget.text() != value["text"]:
            widget.setText(value["text"])
    elif isinstance(widget, QPlainTextEdit | QTextEdit) and isinstance(value.get("text"), str):
        if widget.toPlainText() != value["text"]:
            widget.setPlainText(value["text"])
    elif isinstance(widget, QComboBox):
        _put_choice(widget, value)
    elif isinstance(widget, QAbstractButton) and isinstance(value.get("checked"), bool):
        # In a group of radio buttons only the chosen one is set: it unsets the others.
        if value["checked"] or not widget.autoExclusive():
            widget.setChecked(value["checked"])
    elif isinstance(widget, QListWidget) and isinstance(value.get("items"), list):
        _put_ticks(widget, value["items"])
    elif isinstance(widget, QDateEdit | QTimeEdit | QDateTimeEdit):
        day = QDate.fromString(str(value.get("date")), Qt.DateFormat.ISODate)
        moment = QTime.fromString(str(value.get("time")), "HH:mm:ss.zzz")
        if day.isValid():
            widget.setDate(day)
        if moment.isValid():
            widget.setTime(moment)
    elif isinstance(widget, QSpinBox) and isinstance(value.get("value"), int):
        widget.setValue(value["value"])
    elif isinstance(widget, QDoubleSpinBox) and isinstance(value.get("value"), int | float):
        widget.setValue(float(value["value"]))


def _put_choice(box: QComboBox, value: dict[str, Any]) -> None:
    data, index = value.get("data"), value.get("index")
    if data is not None:
        # By what it stands for, never by its place: a family erased since must not
        # become the family next to it in the list.
        found = box.findData(data)
    elif isinstance(index, int) and 0 <= index < box.count():
        found = index
    else:
        found = -1
    if found >= 0:
        box.setCurrentIndex(found)
    if box.isEditable() and isinstance(value.get("text"), str):
        box.setEditText(value["text"])


def _put_ticks(widget: QListWidget, items: list[Any]) -> None:
    by_data = {
        entry["data"]: entry
        for entry in items
        if isinstance(entry, dict) and entry.get("data") is not None
    }
    for row in range(widget.count()):
        item = widget.item(row)
        data = _plain(item.data(VALUE))
        if data is not None:
            entry = by_data.get(data)
        else:
            entry = items[row] if row < len(items) and isinstance(items[row], dict) else None
        if entry is None:
            continue
        state = entry.get("state")
        if isinstance(state, int) and item.flags() & Qt.ItemFlag.ItemIsUserCheckable:
            wanted = Qt.CheckState(state)
            if item.checkState() != wanted:
                item.setCheckState(wanted)
        if isinstance(entry.get("selected"), bool):
            item.setSelected(entry["selected"])
