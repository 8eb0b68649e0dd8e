"""The hub's display rules: clipping, rounding, the 10 threshold, and that no hidden number can
be worked back. The last is checked by attackers that know nothing of the rules' graph: one
solves the line equations exactly, the other runs linear programs over everything a school
could know."""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Mapping

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from parentrus_sync.display import (
    FEWEST_SHOWN,
    ROUND_TO,
    DisplayTable,
    Hidden,
    Shown,
    display_table,
    sum_over_laptops,
)
from scipy.linalg import null_space
from scipy.optimize import linprog

Sums = dict[str, dict[str, int]]
# A number's place: ("cell", row, column), ("row", row), ("column", column) or ("grand",).
Place = tuple[str, ...]

# What an attacker makes of a shown number: its true value is within this of it.
ROUNDING_SLACK = ROUND_TO // 2
# An attacker must not narrow a hidden number to fewer values than a shown one could be.
LEAST_RANGE = ROUND_TO - 1


def table_of(values: list[list[int]]) -> tuple[Sums, tuple[str, ...], tuple[str, ...]]:
    rows = tuple(f"row{i}" for i in range(len(values)))
    columns = tuple(f"month{j}" for j in range(len(values[0])))
    lines = zip(rows, values, strict=True)
    sums = {row: dict(zip(columns, line, strict=True)) for row, line in lines}
    return sums, rows, columns


def numbers_of(table: DisplayTable) -> dict[Place, Shown]:
    """Every number of the table by place; a one-column table has no row totals and its
    column total is its grand total."""
    numbers: dict[Place, Shown] = {}
    for row in table.rows:
        for column in table.columns:
            numbers["cell", row, column] = table.cells[row, column]
    if len(table.columns) > 1:
        numbers.update({("row", row): table.row_totals[row] for row in table.rows})
    numbers.update({("column", c): table.column_totals[c] for c in table.columns})
    if len(table.columns) > 1:
        numbers["grand",] = table.grand_total
    return numbers


def true_numbers(sums: Sums, rows: tuple[str, ...], columns: tuple[str, ...]) -> dict[Place, int]:
    """What each number is before rounding: clipped cells, and totals of the clipped cells."""
    cells = {(r, c): max(0, sums.get(r, {}).get(c, 0)) for r in rows for c in columns}
    truth: dict[Place, int] = {("cell", r, c): cells[r, c] for r in rows for c in columns}
    if len(columns) > 1:
        truth.update({("row", r): sum(cells[r, c] for c in columns) for r in rows})
    truth.update({("column", c): sum(cells[r, c] for r in rows) for c in columns})
    if len(columns) > 1:
        truth["grand",] = sum(cells.values())
    return truth


def rounded(value: int) -> int:
    # An integer divided by 5 never ends in exactly .5, so round()'s ties-to-even never applies.
    return ROUND_TO * round(value / ROUND_TO)


def line_equations(table: DisplayTable) -> tuple[list[Place], np.ndarray]:
    """The places and the matrix A of A·x = 0: each line's numbers add up to its total."""
    places = list(numbers_of(table))
    index = {place: i for i, place in enumerate(places)}
    equations = []

    def adds_up(parts: list[Place], total: Place) -> None:
        equation = np.zeros(len(places))
        for part in parts:
            equation[index[part]] = 1
        equation[index[total]] = -1
        equations.append(equation)

    rows, columns = table.rows, table.columns
    for column in columns:
        adds_up([("cell", row, column) for row in rows], ("column", column))
    if len(columns) > 1:
        for row in rows:
            adds_up([("cell", row, column) for column in columns], ("row", row))
        adds_up([("column", column) for column in columns], ("grand",))
        adds_up([("row", row) for row in rows], ("grand",))
    return places, np.array(equations)


def attacker_ranges(table: DisplayTable) -> dict[Place, tuple[float, float]]:
    """For each hidden number, the least and most it can be, as a linear program finds them:
    a shown number is within rounding of its value, a number under 10 is 0 to 9, nothing is
    negative, and every line adds up. The attacker is told which hidden numbers are small."""
    numbers = numbers_of(table)
    places, equations = line_equations(table)
    bounds: list[tuple[float, float | None]] = []
    for place in places:
        number = numbers[place]
        if number.value is not None:
            bounds.append((max(0, number.value - ROUNDING_SLACK), number.value + ROUNDING_SLACK))
        elif number.hidden is Hidden.FEWER_THAN_10:
            bounds.append((0, FEWEST_SHOWN - 1))
        else:
            bounds.append((0, None))
    ranges: dict[Place, tuple[float, float]] = {}
    for i, place in enumerate(places):
        if numbers[place].value is not None:
            continue
        ends = []
        for sign in (1, -1):
            objective = np.zeros(len(places))
            objective[i] = sign
            result = linprog(
                objective, A_eq=equations, b_eq=np.zeros(len(equations)), bounds=bounds
            )
            # The true table is feasible; an unbounded maximum is as wide as can be.
            assert result.status in (0, 3), result.message
            ends.append(sign * result.fun if result.status == 0 else float("inf"))
        ranges[place] = (ends[0], ends[1])
    return ranges


def narrowed(table: DisplayTable) -> dict[Place, tuple[float, float]]:
    return {
        place: (round(low, 6), round(high, 6))
        for place, (low, high) in attacker_ranges(table).items()
        if high - low < LEAST_RANGE - 1e-6
    }


def fixed_by_equations(table: DisplayTable) -> list[Place]:
    """The hidden numbers that the line equations alone give back from exactly known shown
    ones: those that every solution of the homogeneous equations leaves at zero."""
    numbers = numbers_of(table)
    places, equations = line_equations(table)
    hidden = [i for i, place in enumerate(places) if numbers[place].value is None]
    if not hidden:
        return []
    free = null_space(equations[:, hidden])
    return [places[i] for k, i in enumerate(hidden) if np.allclose(free[k], 0, atol=1e-9)]


def hiding_only(
    truth: Mapping[Place, int], rows: tuple[str, ...], columns: tuple[str, ...], *extra: Place
) -> DisplayTable:
    """The table as it would look with only the numbers under 10 hidden, and any extra ones:
    what the display rules would give without (or with other) complementary suppression."""

    def number(place: Place) -> Shown:
        if truth[place] < FEWEST_SHOWN:
            return Shown(None, Hidden.FEWER_THAN_10)
        return (
            Shown(None, Hidden.PROTECTS_ANOTHER) if place in extra else Shown(rounded(truth[place]))
        )

    column_totals = {c: number(("column", c)) for c in columns}
    return DisplayTable(
        rows,
        columns,
        {(r, c): number(("cell", r, c)) for r in rows for c in columns},
        {r: number(("row", r)) for r in rows} if len(columns) > 1 else {},
        column_totals,
        number(("grand",)) if len(columns) > 1 else column_totals[columns[0]],
    )


VALUES = st.one_of(
    st.just(0),
    st.integers(1, FEWEST_SHOWN - 1),
    st.integers(FEWEST_SHOWN, 40),
    st.integers(41, 400),
    st.integers(-30, -1),
)


@st.composite
def tables(
    draw: st.DrawFn, most_rows: int = 20, most_columns: int = 13
) -> tuple[Sums, tuple[str, ...], tuple[str, ...]]:
    height = draw(st.integers(1, most_rows))
    width = draw(st.integers(1, most_columns))
    values = draw(st.lists(VALUES, min_size=height * width, max_size=height * width))
    return table_of([values[i * width : (i + 1) * width] for i in range(height)])


# Rounding and clipping


@pytest.mark.parametrize(
    ("count", "shown"),
    [(10, 10), (12, 10), (13, 15), (14, 15), (17, 15), (18, 20), (102, 100), (103, 105)],
)
def test_shown_numbers_are_rounded_to_the_nearest_5(count: int, shown: int) -> None:
    table = display_table(*table_of([[count]]))

    assert table.cells["row0", "month0"] == Shown(shown)
    assert table.grand_total == Shown(shown)


@pytest.mark.parametrize("count", [9, 5, 1, 0, -1, -40])
def test_a_number_under_10_is_hidden_as_fewer_than_10(count: int) -> None:
    table = display_table(*table_of([[count]]))

    assert table.cells["row0", "month0"] == Shown(None, Hidden.FEWER_THAN_10)
    assert table.grand_total == Shown(None, Hidden.FEWER_THAN_10)


def test_totals_add_up_the_clipped_unrounded_cells() -> None:
    sums, rows, columns = table_of([[-7, 12, 12, 12], [40, 50, 60, 70], [45, 55, 65, 75]])

    table = display_table(sums, rows, columns)

    # Clipped, -7 adds nothing: 36 + 220 + 240 = 496, not 489 (which would show as 490).
    assert table.grand_total == Shown(495)
    # 12 + 12 + 12 = 36 shows as 35, where the shown cells would add up to 30.
    assert table.row_totals["row0"] == Shown(35)
    assert table.column_totals["month0"] == Shown(85)  # 0 + 40 + 45
    assert table.cells["row0", "month0"] == Shown(None, Hidden.FEWER_THAN_10)


def test_laptops_are_summed_without_clipping() -> None:
    reports = [{"library": -3, "cafe": 15}, {"library": -2, "cafe": -4}, {"cafe": 1}]

    sums = sum_over_laptops(reports)

    assert sums == {"library": -5, "cafe": 12}
    # Clipped laptop by laptop, the cafe would have come to 16 and shown as 15.
    table = display_table({"cafe": {"2026-11": sums["cafe"]}}, ["cafe"], ["2026-11"])
    assert table.cells["cafe", "2026-11"] == Shown(10)


def test_a_missing_sum_counts_as_zero() -> None:
    table = display_table({"library": {"2026-11": 40}}, ["library", "cafe"], ["2026-11"])

    assert table.cells["cafe", "2026-11"] == Shown(None, Hidden.FEWER_THAN_10)
    assert table.column_totals["2026-11"] == Shown(40)


def test_sums_naming_an_unknown_row_or_column_are_refused() -> None:
    with pytest.raises(ValueError, match="cafe"):
        display_table({"cafe": {"2026-11": 40}}, ["library"], ["2026-11"])
    with pytest.raises(ValueError, match="2026-12"):
        display_table({"library": {"2026-12": 40}}, ["library"], ["2026-11"])


# Layout


def test_a_table_exports_as_rows_with_totals() -> None:
    sums, rows, columns = table_of([[5, 40, 60], [30, 45, 70], [35, 80, 90]])

    lines = display_table(sums, rows, columns).as_rows(hidden_text="-", total_text="All")

    assert lines == [
        ["", "month0", "month1", "month2", "All"],
        ["row0", "-", "-", "60", "105"],
        ["row1", "-", "-", "70", "145"],
        ["row2", "35", "80", "90", "205"],
        ["All", "70", "165", "220", "455"],
    ]


def test_one_column_has_no_row_totals_and_its_total_is_the_grand_total() -> None:
    sums, rows, columns = table_of([[3], [50], [62]])

    table = display_table(sums, rows, columns)

    assert table.row_totals == {}
    assert table.grand_total == table.column_totals["month0"] == Shown(115)
    assert table.as_rows() == [
        ["", "month0"],
        ["row0", "fewer than 10"],
        ["row1", "fewer than 10"],
        ["row2", "60"],
        ["Total", "115"],
    ]


# What is hidden, and why


def test_one_small_cell_in_a_column_takes_the_smallest_other_cell_with_it() -> None:
    table = display_table(*table_of([[3], [50], [62]]))

    assert table.cells["row0", "month0"] == Shown(None, Hidden.FEWER_THAN_10)
    assert table.cells["row1", "month0"] == Shown(None, Hidden.PROTECTS_ANOTHER)
    assert table.cells["row2", "month0"] == Shown(60)


def test_two_small_cells_in_one_column_protect_each_other() -> None:
    table = display_table(*table_of([[3], [4], [50], [60]]))

    hidden = {place: n.hidden for place, n in numbers_of(table).items() if n.hidden}
    assert hidden == {
        ("cell", "row0", "month0"): Hidden.FEWER_THAN_10,
        ("cell", "row1", "month0"): Hidden.FEWER_THAN_10,
    }


def test_one_small_cell_is_protected_by_the_cheapest_rectangle() -> None:
    table = display_table(*table_of([[5, 40, 60], [30, 45, 70], [35, 80, 90]]))

    hidden = {place: n.hidden for place, n in numbers_of(table).items() if n.hidden}
    assert hidden == {
        ("cell", "row0", "month0"): Hidden.FEWER_THAN_10,
        ("cell", "row0", "month1"): Hidden.PROTECTS_ANOTHER,
        ("cell", "row1", "month0"): Hidden.PROTECTS_ANOTHER,
        ("cell", "row1", "month1"): Hidden.PROTECTS_ANOTHER,
    }


@settings(max_examples=60, deadline=None)
@given(tables())
def test_no_shown_or_exported_number_is_under_10(
    table: tuple[Sums, tuple[str, ...], tuple[str, ...]],
) -> None:
    sums, rows, columns = table
    shown = display_table(sums, rows, columns)
    truth = true_numbers(sums, rows, columns)

    for place, number in numbers_of(shown).items():
        if number.value is not None:
            assert number.value >= FEWEST_SHOWN
            assert number.value == rounded(truth[place]), place
    lines = shown.as_rows(hidden_text="hidden")
    assert len(lines) == len(rows) + 2
    assert all(len(line) == len(lines[0]) for line in lines)
    exported = [text for line in lines[1:] for text in line[1:]]
    assert all(text == "hidden" or int(text) >= FEWEST_SHOWN for text in exported)


@settings(max_examples=60, deadline=None)
@given(tables())
def test_numbers_are_hidden_for_being_small_or_to_protect_another(
    table: tuple[Sums, tuple[str, ...], tuple[str, ...]],
) -> None:
    sums, rows, columns = table
    numbers = numbers_of(display_table(sums, rows, columns))
    truth = true_numbers(sums, rows, columns)

    for place, number in numbers.items():
        if truth[place] < FEWEST_SHOWN:
            assert number.hidden is Hidden.FEWER_THAN_10, place
        else:
            assert number.hidden in (None, Hidden.PROTECTS_ANOTHER), place
    if min(truth.values()) >= FEWEST_SHOWN:
        assert all(number.hidden is None for number in numbers.values())


# No hidden number can be worked back


@settings(max_examples=50, deadline=None)
@given(tables())
def test_no_hidden_number_follows_from_the_line_sums(
    table: tuple[Sums, tuple[str, ...], tuple[str, ...]],
) -> None:
    assert fixed_by_equations(display_table(*table)) == []


# Two linear programs per hidden number add up: smaller tables keep this to a few seconds.
@settings(max_examples=60, deadline=None)
@given(tables(most_rows=8, most_columns=6))
def test_an_attacker_cannot_narrow_a_hidden_number(
    table: tuple[Sums, tuple[str, ...], tuple[str, ...]],
) -> None:
    assert narrowed(display_table(*table)) == {}


@pytest.mark.parametrize(
    "values",
    [
        pytest.param([[3], [50], [62]], id="one column, one small cell"),
        pytest.param([[0], [12], [13], [13], [13]], id="one column, a zero among near-tens"),
        pytest.param([[5, 40, 60], [30, 45, 70], [35, 80, 90]], id="3x3, one small cell"),
        pytest.param([[4, 13], [44, 53]], id="a row's only small cell"),
        pytest.param([[0, 0, 13, 13], [20, 30, 40, 50]], id="two zeros in a row"),
    ],
)
def test_an_attacker_cannot_narrow_a_hidden_number_in_these_tables(
    values: list[list[int]],
) -> None:
    table = display_table(*table_of(values))

    assert any(number.value is None for number in numbers_of(table).values())
    assert fixed_by_equations(table) == []
    assert narrowed(table) == {}


def test_without_protecting_numbers_the_attacker_works_a_small_one_out() -> None:
    sums, rows, columns = table_of([[4, 13], [44, 53]])

    unprotected = hiding_only(true_numbers(sums, rows, columns), rows, columns)

    # Row 0 shows 15 in all and 15 for its other cell; column 0 shows 50 in all and 45 for
    # its other cell. Together they leave the small cell exactly one value: 4.
    assert narrowed(unprotected) == {("cell", "row0", "month0"): (4.0, 4.0)}
    assert fixed_by_equations(unprotected) == [("cell", "row0", "month0")]
    assert narrowed(display_table(sums, rows, columns)) == {}


def test_line_sums_alone_do_not_protect_zeros_beside_rounded_numbers() -> None:
    sums, rows, columns = table_of([[0, 0, 13, 13], [20, 30, 40, 50]])
    # Hiding the rectangle of the two zeros and the two cells below them leaves every hidden
    # number on a cycle, so the line sums alone give none back...
    rectangle = hiding_only(
        true_numbers(sums, rows, columns),
        rows,
        columns,
        ("cell", "row1", "month0"),
        ("cell", "row1", "month1"),
    )
    assert fixed_by_equations(rectangle) == []
    # ...but row 0 shows 25 in all beside two 15s (13 each), so its zeros add up to at
    # most 25 + 2 - 2 * (15 - 2) = 1.
    assert narrowed(rectangle) == {
        ("cell", "row0", "month0"): (0.0, 1.0),
        ("cell", "row0", "month1"): (0.0, 1.0),
    }

    table = display_table(sums, rows, columns)

    assert table.cells["row0", "month2"] == Shown(None, Hidden.PROTECTS_ANOTHER)
    assert narrowed(table) == {}


def test_the_display_rules_need_neither_qt_nor_the_desktop_app() -> None:
    # Run apart: this test process may have loaded both already.
    code = (
        "import sys; sys.modules['PySide6'] = sys.modules['parentrus_desktop'] = None; "
        "import parentrus_sync.display"
    )
    subprocess.run([sys.executable, "-c", code], check=True)
