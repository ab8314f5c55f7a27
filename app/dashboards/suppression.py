"""Small-cell suppression for count tables, primary and secondary.

A table is a set of cells (non-negative counts) and *lines*: a total cell and the member
cells that add up to it (a row and its total, a column and its total, a group and its
hidden complement). Hidden cells (complements, differences between nested figures) are
never displayed but are treated as if they were, so that nothing can be worked out by
subtraction either; they are also the cheapest cells to suppress a second time.

Primary suppression hides every count in ``1 .. threshold - 1`` (zeros stay shown).
Secondary suppression then repeats until stable: the values a viewer could still hold
for each hidden cell are narrowed line by line (interval propagation: a line's total
minus what its other members can be); a line whose total is shown but which hides a
single cell, or in which a suppressed cell is left with one possible value, gets one
more cell suppressed: the cheapest non-zero member (hidden first, then the smallest).
When no member is left, the line's total is suppressed.

What the viewer is assumed to know (worst case): shown values; that a primary cell is in
``1 .. threshold - 1``; that a secondary cell is 0 or at least ``threshold``. Zeros are
never hidden. When no cell is left to widen through, every non-zero count of the table
is withheld alike (``WHOLE_TABLE``), so that not even which counts are small shows.
"""

from __future__ import annotations

import enum
from collections.abc import Hashable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Generic, TypeVar

from flask import current_app, has_app_context

SUPPRESSION_THRESHOLD = 5

# A cell's key: (row, column) in the dashboards' tables, its number inside the algorithm.
CellKey = TypeVar("CellKey", bound=Hashable)
Intervals = tuple[tuple[int, int], ...]


def suppression_threshold() -> int:
    """The threshold in force: ``PASSERELLE_SUPPRESSION_THRESHOLD`` or the default 5."""
    if has_app_context():
        return int(
            current_app.config.get("PASSERELLE_SUPPRESSION_THRESHOLD", SUPPRESSION_THRESHOLD)
        )
    return SUPPRESSION_THRESHOLD


class Suppressed(enum.Enum):
    PRIMARY = "primary"
    SECONDARY = "secondary"
    # The table could not be protected cell by cell: every non-zero count is withheld,
    # all marked alike, so that not even which counts are small shows.
    WHOLE_TABLE = "whole_table"


@dataclass(frozen=True, slots=True)
class Line(Generic[CellKey]):
    total: CellKey
    members: tuple[CellKey, ...]


# Returned when no line is left to widen through: the whole table must be hidden.
# Cells are numbered from 0, so this line names none of them.
EVERYTHING: Line[int] = Line(total=-1, members=())


@dataclass
class CountGrid(Generic[CellKey]):
    """Cells, the additive lines between them, and which cells are never displayed."""

    values: dict[CellKey, int] = field(default_factory=dict)
    lines: list[Line[CellKey]] = field(default_factory=list)
    hidden: set[CellKey] = field(default_factory=set)

    def add_line(self, total: CellKey, members: Iterable[CellKey]) -> None:
        members = tuple(members)
        if sum(self.values[m] for m in members) != self.values[total]:
            raise ValueError(f"line {total!r} does not add up")
        self.lines.append(Line(total, members))


def suppress(grid: CountGrid[CellKey], threshold: int) -> dict[CellKey, Suppressed]:
    """Which cells of ``grid`` to hide, and why."""
    # Worked out on cells numbered in order: keys such as (organisation id, column) cost
    # far more to hash, and the rounds below look cells up hundreds of thousands of times.
    keys = list(grid.values)
    number = {key: index for index, key in enumerate(keys)}
    numbered = CountGrid[int](
        values={number[key]: value for key, value in grid.values.items()},
        lines=[
            Line(number[line.total], tuple(number[m] for m in line.members)) for line in grid.lines
        ],
        hidden={number[key] for key in grid.hidden},
    )
    state = _suppress(numbered, threshold, [str(key) for key in keys])
    return {keys[cell]: kind for cell, kind in state.items()}


def _suppress(grid: CountGrid[int], threshold: int, names: Sequence[str]) -> dict[int, Suppressed]:
    state: dict[int, Suppressed] = {
        key: Suppressed.PRIMARY for key, value in grid.values.items() if 0 < value < threshold
    }
    if not state:
        return state
    ceiling = max(grid.values.values())
    narrow = _LineNarrowing(grid, ceiling)
    # Each round either suppresses one more cell or stops; there are finitely many cells.
    for _ in range(len(grid.values) + 1):
        _lone_cells(grid, state, names)
        domains = _feasible(grid, state, threshold, ceiling, narrow)
        line = _first_unsafe_line(grid, state, domains, narrow)
        if line is None:
            return state
        cell = None if line is EVERYTHING else _next_cell(grid, state, line, names)
        if cell is None:
            # Nothing left to widen through: hide the whole table rather than leak a cell
            # (zeros stay shown, as everywhere: they tell nothing about anyone).
            return {key: Suppressed.WHOLE_TABLE for key, value in grid.values.items() if value}
        state[cell] = Suppressed.SECONDARY
    raise RuntimeError("suppression did not settle")  # pragma: no cover


def _lone_cells(grid: CountGrid[int], state: dict[int, Suppressed], names: Sequence[str]) -> None:
    """The cheap first rule, until stable: no line with a shown total hides a single cell."""
    changed = True
    while changed:
        changed = False
        for line in grid.lines:
            if line.total not in state and sum(m in state for m in line.members) == 1:
                cell = _next_cell(grid, state, line, names)
                if cell is not None:
                    state[cell] = Suppressed.SECONDARY
                    changed = True


def _domain(kind: Suppressed, threshold: int, ceiling: int) -> Intervals:
    if kind is Suppressed.PRIMARY:
        return ((1, threshold - 1),)
    if kind is Suppressed.WHOLE_TABLE:
        return ((1, max(1, ceiling)),)
    return _merge([(0, 0), (threshold, max(threshold, ceiling))])


def _merge(intervals: Iterable[tuple[int, int]]) -> Intervals:
    merged: list[tuple[int, int]] = []
    for low, high in sorted(i for i in intervals if i[0] <= i[1]):
        if merged and low <= merged[-1][1] + 1:
            merged[-1] = (merged[-1][0], max(merged[-1][1], high))
        else:
            merged.append((low, high))
    return tuple(merged)


# Interval arithmetic is pure and asked the same sums again and again, within a table and
# from one table to the next: the latest answers are kept (a few MB at most).
@lru_cache(maxsize=1 << 12)
def _add(a: Intervals, b: Intervals, cap: int) -> Intervals:
    return _merge((min(x0 + y0, cap + 1), min(x1 + y1, cap)) for x0, x1 in a for y0, y1 in b)


@lru_cache(maxsize=1 << 12)
def _subtract(total: Intervals, others: Intervals) -> Intervals:
    """What a member can be: the total minus the sum of the others, never below zero."""
    return _merge(
        (max(0, t0 - o1), t1 - o0) for t0, t1 in total for o0, o1 in others if t1 - o0 >= 0
    )


@lru_cache(maxsize=1 << 12)
def _intersect(a: Intervals, b: Intervals) -> Intervals:
    return _merge((max(x0, y0), min(x1, y1)) for x0, x1 in a for y0, y1 in b)


def _size(a: Intervals) -> int:
    return sum(high - low + 1 for low, high in a)


def _feasible(
    grid: CountGrid[int],
    state: Mapping[int, Suppressed],
    threshold: int,
    ceiling: int,
    narrow: _LineNarrowing,
) -> dict[int, Intervals]:
    """Narrow each suppressed cell's possible values through its lines, until stable."""
    domains = {key: _domain(kind, threshold, ceiling) for key, kind in state.items()}
    lines_of = narrow.lines_of
    pending = sorted({index for cell in state for index in lines_of.get(cell, ())})
    queued = set(pending)
    steps = 0
    while pending and steps < 20 * len(grid.lines) + 100:
        steps += 1
        index = pending.pop()
        queued.discard(index)
        for cell, implied in narrow(index, domains):
            narrowed = _intersect(domains[cell], implied)
            if narrowed != domains[cell]:
                domains[cell] = narrowed
                for other in lines_of[cell]:
                    if other not in queued:
                        queued.add(other)
                        pending.append(other)
    return domains


class _LineNarrowing:
    """``_narrow_line`` for one grid, remembered by line and by the domains of its cells.

    Each round of ``suppress`` propagates again from the starting domains with one more cell
    hidden, so the same lines are narrowed with the same domains over and over: the answer
    is looked up instead of worked out again.
    """

    def __init__(self, grid: CountGrid[int], cap: int) -> None:
        self.grid = grid
        self.cap = cap
        self.cells = [(line.total, *line.members) for line in grid.lines]
        self.lines_of: dict[int, list[int]] = {}
        for index, cells in enumerate(self.cells):
            for cell in cells:
                self.lines_of.setdefault(cell, []).append(index)
        self.known: dict[tuple[int, tuple[Intervals | None, ...]], list] = {}

    def __call__(self, index: int, domains: Mapping[int, Intervals]) -> list[tuple[int, Intervals]]:
        key = (index, tuple(domains.get(cell) for cell in self.cells[index]))
        found = self.known.get(key)
        if found is None:
            found = _narrow_line(self.grid, self.grid.lines[index], domains, self.cap)
            self.known[key] = found
        return found


def _narrow_line(
    grid: CountGrid[int], line: Line[int], domains: Mapping[int, Intervals], cap: int
) -> list[tuple[int, Intervals]]:
    """For each hidden cell of ``line``: what it can be, given the line's other cells."""
    known = sum(grid.values[m] for m in line.members if m not in domains)
    unknown = [m for m in line.members if m in domains]
    zero: Intervals = ((known, known),)
    # Sums of the hidden members before and after each one, so each "all the others"
    # costs one addition instead of one per member.
    prefix = [zero]
    for member in unknown:
        prefix.append(_add(prefix[-1], domains[member], cap))
    suffix: list[Intervals] = [((0, 0),)]
    for member in reversed(unknown):
        suffix.append(_add(suffix[-1], domains[member], cap))
    suffix.reverse()
    results: list[tuple[int, Intervals]] = []
    if line.total in domains:
        results.append((line.total, prefix[-1]))
        total = domains[line.total]
    else:
        value = grid.values[line.total]
        total = ((value, value),)
    for index, member in enumerate(unknown):
        others = _add(prefix[index], suffix[index + 1], cap)
        results.append((member, _subtract(total, others)))
    return results


def _implied(
    narrow: _LineNarrowing, index: int, cell: int, domains: Mapping[int, Intervals]
) -> Intervals:
    """What ``cell`` can be given the other cells of line ``index``."""
    for key, implied in narrow(index, domains):
        if key == cell:
            return implied
    return domains[cell]  # pragma: no cover - cell is always in the line


def _first_unsafe_line(
    grid: CountGrid[int],
    state: Mapping[int, Suppressed],
    domains: Mapping[int, Intervals],
    narrow: _LineNarrowing,
) -> Line[int] | None:
    for line in grid.lines:
        if line.total not in state and sum(m in state for m in line.members) == 1:
            return line
    exposed = [key for key in state if _size(domains[key]) < 2]
    if not exposed:
        return None
    # Widen through the line that pins an exposed cell down most tightly and still has a
    # member left to hide; a line with nothing left to hide but its total comes last.
    for cell in exposed:

        def tightness(index: int, cell: int = cell) -> tuple[bool, int, bool]:
            line = grid.lines[index]
            spare = any(m not in state for m in line.members)
            return (not spare, _size(_implied(narrow, index, cell, domains)), line.total in state)

        lines = [
            index
            for index, cells in enumerate(narrow.cells)
            if cell in cells and any(c not in state and grid.values[c] for c in cells)
        ]
        if lines:
            return grid.lines[min(lines, key=tightness)]
    return EVERYTHING


def _next_cell(
    grid: CountGrid[int], state: Mapping[int, Suppressed], line: Line[int], names: Sequence[str]
) -> int | None:
    """The cheapest cell of ``line`` left to hide: hidden first, then the smallest, then by
    ``names`` (the cells' keys as text, so that the choice never depends on numbering).

    Zeros are never hidden: they say nothing about anyone, and a hidden zero is pinned at
    once. With no member left, the total; with nothing at all, None.
    """
    candidates = [m for m in line.members if m not in state and grid.values[m] > 0]
    if candidates:
        return min(candidates, key=lambda m: (m not in grid.hidden, grid.values[m], names[m]))
    if line.total not in state and grid.values[line.total] > 0:
        return line.total
    return None
