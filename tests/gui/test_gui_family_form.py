"""Children typed the way parents say them: 'Ayaan 3, Idil Reception'."""

from __future__ import annotations

from parentrus_desktop.domain import Child
from parentrus_desktop.gui.family_form import read_children, show_children


def test_children_and_school_years_read_back_as_typed() -> None:
    children = read_children("Ayaan 3, Idil reception, Sara R, Omar, Nadia (5)")
    assert children == (
        Child(first_name="Ayaan", year_group=3),
        Child(first_name="Idil", year_group=0),
        Child(first_name="Sara", year_group=0),
        Child(first_name="Omar"),
        Child(first_name="Nadia", year_group=5),
    )
    assert show_children(children) == "Ayaan 3, Idil Reception, Sara Reception, Omar, Nadia 5"
    assert read_children(show_children(children)) == children
