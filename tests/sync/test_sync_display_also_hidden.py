"""The display rules with numbers hidden whatever their size (``also_hidden``): what a
programme's totals need so as not to give a school's hidden number back."""

from __future__ import annotations

from parentrus_sync.display import display_table

TERM = "2026-autumn"


def test_a_number_hidden_on_purpose_is_protected_like_a_small_one() -> None:
    sums = {"made": {TERM: 86}, "answered": {TERM: 53}}
    plain = display_table(sums, ("made", "answered"), (TERM,))
    assert [plain.cells[c, TERM].value for c in ("made", "answered")] == [85, 55]
    table = display_table(sums, ("made", "answered"), (TERM,), also_hidden={("answered", TERM)})
    assert table.cells["answered", TERM].value is None
    # The total less "made" would give it back: one of them is hidden too.
    assert table.cells["made", TERM].value is None or table.grand_total.value is None


def test_totals_of_several_columns_can_be_hidden_on_purpose() -> None:
    rows, columns = ("a", "b"), ("2026-09", "2026-10")
    sums = {r: dict.fromkeys(columns, 40) for r in rows}
    table = display_table(sums, rows, columns, also_hidden={("a", None), (None, None)})
    assert table.row_totals["a"].value is None and table.grand_total.value is None
    # Row a's total is its two months added up: at least one of them is hidden as well.
    assert any(table.cells["a", c].value is None for c in columns)
    # The grand total is the column totals added up: one of them is hidden as well.
    assert any(table.column_totals[c].value is None for c in columns)
