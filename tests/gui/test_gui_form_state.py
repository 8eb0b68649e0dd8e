"""Reading and putting back a form's fields by name, including parts that grow rows."""

from __future__ import annotations

from PySide6.QtWidgets import QComboBox, QLineEdit, QPushButton, QVBoxLayout, QWidget
from pytestqt.qtbot import QtBot

from parentrus_desktop.gui import form_state


class Rows(QWidget):
    """Rows added and removed by the mentor, as the family form's children editor does."""

    def __init__(self, names: list[str]) -> None:
        super().__init__()
        self.setObjectName("children")
        self.rows: list[QLineEdit] = []
        self._layout = QVBoxLayout(self)
        for name in names:
            self.add_child().setText(name)

    def add_child(self) -> QLineEdit:
        row = QLineEdit()
        row.setObjectName("child-name")
        self._layout.addWidget(row)
        self.rows.append(row)
        return row

    def remove_child(self, row: QLineEdit) -> None:
        self.rows.remove(row)
        self._layout.removeWidget(row)
        row.hide()
        row.deleteLater()  # still a child until the event loop runs


def a_form(names: list[str]) -> QWidget:
    form = QWidget()
    layout = QVBoxLayout(form)
    carers = QLineEdit()
    carers.setObjectName("carers")
    layout.addWidget(carers)
    layout.addWidget(Rows(names))
    family = QComboBox()
    family.setObjectName("family")
    for label, data in (("(none)", None), ("Amina", "id-a"), ("Bushra", "id-b")):
        family.addItem(label, data)
    layout.addWidget(family)
    layout.addWidget(QPushButton("Save"))
    return form


def names(form: QWidget) -> list[str]:
    rows = form.findChild(Rows)
    assert isinstance(rows, Rows)
    return [row.text() for row in rows.rows]


def test_rows_added_after_opening_come_back(qtbot: QtBot) -> None:
    typed = a_form([])
    qtbot.addWidget(typed)
    rows = typed.findChild(Rows)
    assert isinstance(rows, Rows)
    rows.add_child().setText("Ayaan")
    rows.add_child().setText("Idil")
    typed.findChild(QComboBox, "family").setCurrentIndex(2)  # type: ignore[union-attr]
    fields = form_state.capture(typed)

    fresh = a_form([])
    qtbot.addWidget(fresh)
    form_state.restore(fresh, fields)
    assert names(fresh) == ["Ayaan", "Idil"]
    assert fresh.findChild(QComboBox, "family").currentData() == "id-b"  # type: ignore[union-attr]


def test_a_row_removed_before_locking_stays_removed(qtbot: QtBot) -> None:
    typed = a_form(["Ayaan", "Idil", "Sara"])
    qtbot.addWidget(typed)
    rows = typed.findChild(Rows)
    assert isinstance(rows, Rows)
    rows.remove_child(rows.rows[1])  # hidden, waiting to be deleted: not a field any more
    fields = form_state.capture(typed)

    fresh = a_form(["Ayaan", "Idil", "Sara"])  # the saved record still has three
    qtbot.addWidget(fresh)
    form_state.restore(fresh, fields)
    assert names(fresh) == ["Ayaan", "Sara"]


def test_a_choice_that_is_gone_is_not_swapped_for_its_neighbour(qtbot: QtBot) -> None:
    typed = a_form([])
    qtbot.addWidget(typed)
    typed.findChild(QComboBox, "family").setCurrentIndex(2)  # type: ignore[union-attr]
    fields = form_state.capture(typed)
    fresh = a_form([])
    qtbot.addWidget(fresh)
    box = fresh.findChild(QComboBox, "family")
    assert isinstance(box, QComboBox)
    box.removeItem(2)  # that family was erased meanwhile
    form_state.restore(fresh, fields)
    assert box.currentData() is None
