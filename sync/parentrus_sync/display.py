"""The hub's display rules: which summed totals a school may see, rounded and suppressed.

Each laptop noises its own totals; these rules are the second layer, applied by the hub to the
sums. Every shown number is rounded to the nearest 5, so a table never claims more precision
than the noise allows and two tables that differ by one family rarely differ at all. A number
under 10 is never shown, because a count that small can point at a family. Hiding it is not
enough while the row and column totals can give it back, so other numbers are hidden to
protect it (complementary suppression). Each line of the table (a row and its total, a column
and its total, the row of totals, the column of totals) states that its numbers add up; in the
graph whose nodes are those lines and whose edges are the table's numbers, a hidden number is
fixed by the shown ones exactly when its edge is a bridge among the hidden edges, so hiding
goes on until no hidden edge is a bridge. Rounding, the 10 threshold and the fact that nothing
is negative still let an attacker narrow a hidden number down, so a last check (a small
max-flow problem, since a table with its margins is a circulation) hides more until no hidden
number can be pinned to fewer values than a rounded shown number could be.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass
from enum import StrEnum
from heapq import heappop, heappush
from itertools import count, pairwise
from types import MappingProxyType

#: Every shown number is a multiple of this.
ROUND_TO = 5
#: The smallest number a school may see; anything smaller is hidden.
FEWEST_SHOWN = 10

# A shown number could be any of ROUND_TO true values; a hidden one must stay at least as
# uncertain, so an attacker's range for it must span this much.
_LEAST_RANGE = ROUND_TO - 1


class Hidden(StrEnum):
    """Why a number is hidden. Displays show every hidden number alike, so that the reason
    does not say whether it is small."""

    FEWER_THAN_10 = "fewer than 10"
    PROTECTS_ANOTHER = "protects another number"


@dataclass(frozen=True)
class Shown:
    """One number of a displayed table: its rounded value, or why it is hidden."""

    value: int | None  # rounded to the nearest ROUND_TO; None when hidden
    hidden: Hidden | None = None

    def __post_init__(self) -> None:
        if (self.value is None) == (self.hidden is None):
            raise ValueError("a number is either shown with a value or hidden with a reason")


@dataclass(frozen=True)
class DisplayTable:
    """One breakdown as a school sees it: a row per cell, a column per period, and totals.

    With a single column there are no row totals (each would repeat its cell) and the
    grand total is that column's total."""

    rows: tuple[str, ...]
    columns: tuple[str, ...]
    cells: Mapping[tuple[str, str], Shown]  # keyed by (row, column)
    row_totals: Mapping[str, Shown]
    column_totals: Mapping[str, Shown]
    grand_total: Shown

    def as_rows(
        self, hidden_text: str = "fewer than 10", total_text: str = "Total"
    ) -> list[list[str]]:
        """The table as text, for CSV export: a header, a line per row, then the totals.
        Every hidden number, whatever the reason, becomes ``hidden_text``."""

        def text(shown: Shown) -> str:
            return hidden_text if shown.value is None else str(shown.value)

        with_row_totals = len(self.columns) > 1
        header = ["", *self.columns, *([total_text] if with_row_totals else [])]
        lines = [header]
        for row in self.rows:
            line = [row, *(text(self.cells[row, column]) for column in self.columns)]
            if with_row_totals:
                line.append(text(self.row_totals[row]))
            lines.append(line)
        totals = [total_text, *(text(self.column_totals[column]) for column in self.columns)]
        if with_row_totals:
            totals.append(text(self.grand_total))
        lines.append(totals)
        return lines


def sum_over_laptops(reports: Iterable[Mapping[str, int]]) -> dict[str, int]:
    """Each cell's total over the laptops' reports for one breakdown and one period.

    Negative totals are summed as they are: the noise only cancels out if nothing is
    clipped before the sum."""
    sums: dict[str, int] = {}
    for report in reports:
        for cell, total in report.items():
            sums[cell] = sums.get(cell, 0) + total
    return sums


#: One number of a table by its place: (row, column), (row, None) for a row's total,
#: (None, column) for a column's total, (None, None) for the grand total of several columns.
Place = tuple[str | None, str | None]


def display_table(
    sums: Mapping[str, Mapping[str, int]],
    rows: Sequence[str],
    columns: Sequence[str],
    *,
    also_hidden: Collection[Place] = (),
) -> DisplayTable:
    """The table a school may see, from ``sums[row][column]``, the unclipped totals summed
    over laptops (a missing one counts as 0). Rows are a breakdown's cells, columns its
    periods. ``also_hidden`` are numbers hidden whatever their size (a programme's total
    that would give back a school's hidden number); others are hidden to protect them too."""
    rows, columns = tuple(rows), tuple(columns)
    if not rows or not columns:
        raise ValueError("a table needs at least one row and one column")
    if len(set(rows)) < len(rows) or len(set(columns)) < len(columns):
        raise ValueError("row and column names must be unique")
    # A name the table does not know is a caller's mistake; dropping its counts would hide it.
    unknown = (set(sums) - set(rows)) | ({c for r in sums.values() for c in r} - set(columns))
    if unknown:
        raise ValueError(f"sums name rows or columns the table does not have: {sorted(unknown)}")

    # Clipping happens only here, after the sum, so that the noise of many laptops cancels.
    values = {(r, c): max(0, sums.get(r, {}).get(c, 0)) for r in rows for c in columns}
    entries, node_count, ground = _entries(rows, columns, values)
    suppression = _Suppression(entries, node_count, ground)
    for i, entry in enumerate(entries):
        if (entry.row, entry.column) in also_hidden and suppression.hidden[i] is None:
            suppression.hide(i)
    hidden = suppression.run()

    cells: dict[tuple[str, str], Shown] = {}
    row_totals: dict[str, Shown] = {}
    column_totals: dict[str, Shown] = {}
    grand_total: Shown | None = None
    for entry, why in zip(entries, hidden, strict=True):
        number = Shown(_rounded(entry.value)) if why is None else Shown(None, why)
        if entry.row is not None and entry.column is not None:
            cells[entry.row, entry.column] = number
        elif entry.row is not None:
            row_totals[entry.row] = number
        elif entry.column is not None:
            column_totals[entry.column] = number
        else:
            grand_total = number
    if grand_total is None:  # one column: its total is the grand total
        grand_total = column_totals[columns[0]]
    return DisplayTable(
        rows,
        columns,
        MappingProxyType(cells),
        MappingProxyType(row_totals),
        MappingProxyType(column_totals),
        grand_total,
    )


def _rounded(value: int) -> int:
    """To the nearest ROUND_TO, halves up, in integers so that no float edge case creeps in."""
    return (value + ROUND_TO // 2) // ROUND_TO * ROUND_TO


@dataclass(frozen=True)
class _Entry:
    """One number of the table as an edge between the two lines it belongs to."""

    row: str | None  # None for a column total and the grand total
    column: str | None  # None for a row total and the grand total
    value: int  # clipped, unrounded
    tail: int
    head: int

    @property
    def is_cell(self) -> bool:
        return self.row is not None and self.column is not None


def _entries(
    rows: tuple[str, ...], columns: tuple[str, ...], values: Mapping[tuple[str, str], int]
) -> tuple[list[_Entry], int, int | None]:
    """The table's numbers as edges, the number of nodes, and the ground node if any.

    Edges point so that the table is a circulation, each line's inflow equal to its outflow:
    a cell carries its count from its row to its column, a column total from its column to
    the row of totals, the grand total from there to the column of totals, and each row total
    from there back to its row."""
    if len(columns) == 1:
        # The column is the only line; every cell's other end, and its total's, is ground.
        line, ground = 0, 1
        name = columns[0]
        entries = [_Entry(row, name, values[row, name], ground, line) for row in rows]
        total = sum(values.values())
        return [*entries, _Entry(None, name, total, line, ground)], 2, ground

    row_node = {row: i for i, row in enumerate(rows)}
    column_node = {column: len(rows) + j for j, column in enumerate(columns)}
    totals_row, totals_column = len(rows) + len(columns), len(rows) + len(columns) + 1
    entries = [
        _Entry(row, column, values[row, column], row_node[row], column_node[column])
        for row in rows
        for column in columns
    ]
    for row in rows:
        total = sum(values[row, column] for column in columns)
        entries.append(_Entry(row, None, total, totals_column, row_node[row]))
    for column in columns:
        total = sum(values[row, column] for row in rows)
        entries.append(_Entry(None, column, total, column_node[column], totals_row))
    entries.append(_Entry(None, None, sum(values.values()), totals_row, totals_column))
    return entries, totals_column + 1, None


class _Suppression:
    """Decides which numbers to hide, a few at a time, by the rules in the module docstring."""

    def __init__(self, entries: list[_Entry], node_count: int, ground: int | None) -> None:
        self.entries = entries
        self.node_count = node_count
        self.ground = ground
        self.hidden: list[Hidden | None] = [
            Hidden.FEWER_THAN_10 if entry.value < FEWEST_SHOWN else None for entry in entries
        ]
        # For each node, the (other end, entry) of every entry at it, and of every hidden one.
        self.neighbours: list[list[tuple[int, int]]] = [[] for _ in range(node_count)]
        self.hidden_neighbours: list[list[tuple[int, int]]] = [[] for _ in range(node_count)]
        for i, entry in enumerate(entries):
            self.neighbours[entry.tail].append((entry.head, i))
            self.neighbours[entry.head].append((entry.tail, i))
            if self.hidden[i] is not None:
                self._join(i)
        # Hiding more only widens what an attacker must allow for, so a number found safe
        # once stays safe and need not be checked again.
        self.safe: set[int] = set()

    def run(self) -> list[Hidden | None]:
        while chosen := self._next_to_hide():
            for i in chosen:
                self.hide(i)
        return self.hidden

    def hide(self, i: int) -> None:
        self.hidden[i] = Hidden.PROTECTS_ANOTHER
        self._join(i)

    def _join(self, i: int) -> None:
        entry = self.entries[i]
        self.hidden_neighbours[entry.tail].append((entry.head, i))
        self.hidden_neighbours[entry.head].append((entry.tail, i))

    def _next_to_hide(self) -> list[int]:
        shown = [i for i, why in enumerate(self.hidden) if why is None]
        if not shown:
            return []  # the whole table is hidden, which always protects everything
        bridge = self._first_bridge()
        if bridge is not None:
            closing = self._closing_a_cycle(bridge, shown)
            return [self._smallest(closing)] if closing else self._cheapest_chain(bridge)
        narrow = self._first_too_narrow()
        if narrow is None:
            return []
        return [self._smallest(self._sharing_a_line(narrow, shown) or shown)]

    def _smallest(self, choices: list[int]) -> int:
        """Hiding the smallest number costs the school least; a cell before a total, since a
        total says more."""
        return min(choices, key=lambda i: (self.entries[i].value, not self.entries[i].is_cell, i))

    def _first_bridge(self) -> int | None:
        """The first hidden entry, in table order, that lies on no cycle of hidden entries."""
        neighbours = self.hidden_neighbours
        order = [-1] * self.node_count
        low = [0] * self.node_count
        bridges: list[int] = []
        clock = count()

        def visit(node: int, arrived_by: int) -> None:
            order[node] = low[node] = next(clock)
            for other, edge in neighbours[node]:
                if edge == arrived_by:  # by entry, not by node: two hidden entries between
                    continue  # the same lines make a cycle
                if order[other] < 0:
                    visit(other, edge)
                    low[node] = min(low[node], low[other])
                    if low[other] > order[node]:
                        bridges.append(edge)
                else:
                    low[node] = min(low[node], order[other])

        for node in range(self.node_count):
            if order[node] < 0:
                visit(node, -1)
        return min(bridges, default=None)

    def _reachable(self, start: int, without: int) -> set[int]:
        """The nodes reachable from ``start`` over hidden entries other than ``without``."""
        neighbours = self.hidden_neighbours
        seen = {start}
        queue = deque([start])
        while queue:
            for other, edge in neighbours[queue.popleft()]:
                if edge != without and other not in seen:
                    seen.add(other)
                    queue.append(other)
        return seen

    def _closing_a_cycle(self, bridge: int, shown: list[int]) -> list[int]:
        """The shown entries whose hiding would put ``bridge`` on a cycle: those joining the
        two sides that removing it leaves."""
        tail_side = self._reachable(self.entries[bridge].tail, bridge)
        head_side = self._reachable(self.entries[bridge].head, bridge)
        return [
            i
            for i in shown
            if (self.entries[i].tail in tail_side and self.entries[i].head in head_side)
            or (self.entries[i].tail in head_side and self.entries[i].head in tail_side)
        ]

    def _cheapest_chain(self, bridge: int) -> list[int]:
        """The shown entries of the chain, least in total, whose hiding puts ``bridge`` on a
        cycle. Hiding one entry at a time next to the bridge instead can wander along its
        row and column and hide more than the usual four-cornered rectangle."""
        start, goal = self.entries[bridge].tail, self.entries[bridge].head
        cost = {start: 0}
        arrived_by: dict[int, int] = {}
        queue = [(0, start)]
        while queue:
            so_far, node = heappop(queue)
            if node == goal:
                break
            if so_far > cost[node]:
                continue
            for other, i in self.neighbours[node]:
                # Already hidden entries cost nothing to use.
                total = so_far + (0 if self.hidden[i] is not None else self.entries[i].value)
                if i != bridge and (other not in cost or total < cost[other]):
                    cost[other] = total
                    arrived_by[other] = i
                    heappush(queue, (total, other))
        # Every entry of a whole table lies on a cycle, so the goal is always reached.
        chain: list[int] = []
        node = goal
        while node != start:
            i = arrived_by[node]
            chain.append(i)
            node = self.entries[i].tail if node == self.entries[i].head else self.entries[i].head
        return [i for i in chain if self.hidden[i] is None]

    def _sharing_a_line(self, entry: int, shown: list[int]) -> list[int]:
        lines = {self.entries[entry].tail, self.entries[entry].head} - {self.ground}
        return [i for i in shown if {self.entries[i].tail, self.entries[i].head} & lines]

    def _bounds(self, i: int) -> tuple[int, int]:
        """What an attacker knows about entry ``i``: a shown number is within rounding of its
        value and at least 10; a small one is 0 to 9; a protecting one is anything from 0 (its
        upper bound only needs to be out of reach)."""
        value, why = self.entries[i].value, self.hidden[i]
        if why is None:
            rounded = _rounded(value)
            return max(FEWEST_SHOWN, rounded - ROUND_TO // 2), rounded + (ROUND_TO - 1) // 2
        if why is Hidden.FEWER_THAN_10:
            return 0, FEWEST_SHOWN - 1
        return 0, value + _LEAST_RANGE

    def _rooms(self, i: int) -> tuple[int, int]:
        """How far entry ``i`` could rise and fall from its true value, as far as it matters:
        no check needs more than _LEAST_RANGE."""
        low, high = self._bounds(i)
        value = self.entries[i].value
        return min(high - value, _LEAST_RANGE), min(value - low, _LEAST_RANGE)

    def _first_too_narrow(self) -> int | None:
        """The first hidden entry that an attacker could narrow to fewer than ROUND_TO values.

        The true table is one the attacker must allow for; any other differs from it by a
        circulation within the bounds. So the most an entry can rise is the flow that can go
        round the rest of the table from its head back to its tail, and the most it can fall
        the flow the other way."""
        network = _Network(self.node_count)
        for i, entry in enumerate(self.entries):
            rise, fall = self._rooms(i)
            network.add(entry.tail, entry.head, rise)
            network.add(entry.head, entry.tail, fall)
        for i, entry in enumerate(self.entries):
            if self.hidden[i] is None or i in self.safe:
                continue
            rise, fall = self._rooms(i)
            rest = network.copy()
            rest.add(entry.tail, entry.head, -rise)
            rest.add(entry.head, entry.tail, -fall)
            up = rest.copy().push(entry.head, entry.tail, rise)
            down = rest.push(entry.tail, entry.head, min(fall, _LEAST_RANGE - up))
            if up + down < _LEAST_RANGE:
                return i
            self.safe.add(i)
        return None


class _Network:
    """How much the flow along each arc between two lines could change, for the checks above.

    Each node also keeps a bit mask of the nodes it has room towards, so that one step of a
    search is a single integer operation: this check runs for every hidden number."""

    def __init__(self, node_count: int) -> None:
        self.room: dict[tuple[int, int], int] = {}
        self.towards = [0] * node_count

    def copy(self) -> _Network:
        other = _Network(0)
        other.room, other.towards = dict(self.room), list(self.towards)
        return other

    def add(self, tail: int, head: int, amount: int) -> None:
        left = self.room.get((tail, head), 0) + amount
        self.room[tail, head] = left
        if left > 0:
            self.towards[tail] |= 1 << head
        else:
            self.towards[tail] &= ~(1 << head)

    def push(self, source: int, sink: int, limit: int) -> int:
        """Sends up to ``limit`` from source to sink along paths with room, using that room
        up, and returns how much went."""
        sent = 0
        while sent < limit and (path := self._path(source, sink)):
            arcs = list(pairwise(path))
            amount = min(limit - sent, *(self.room[arc] for arc in arcs))
            for tail, head in arcs:
                self.add(tail, head, -amount)
                self.add(head, tail, amount)
            sent += amount
        return sent

    def _path(self, source: int, sink: int) -> list[int]:
        """The nodes of a path from source to sink over arcs with room; empty when there is
        none. Any path will do, as no check sends more than _LEAST_RANGE, so a depth-first
        search that looks for the sink at every step is enough and usually quick."""
        seen = 1 << source
        stack = [source]  # the path so far
        options = [self.towards[source]]  # where each node on it may still lead
        while stack:
            if self.towards[stack[-1]] >> sink & 1:
                return [*stack, sink]
            untried = options[-1] & ~seen
            if not untried:
                stack.pop()
                options.pop()
                continue
            lowest = untried & -untried
            seen |= lowest
            stack.append(lowest.bit_length() - 1)
            options.append(self.towards[stack[-1]])
        return []
