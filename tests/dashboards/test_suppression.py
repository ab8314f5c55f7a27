"""Small-cell suppression: nothing hidden can be worked out from what is shown."""

from __future__ import annotations

import random

import pytest

from app.dashboards.suppression import (
    SUPPRESSION_THRESHOLD,
    CountGrid,
    Suppressed,
    suppress,
)
from tests.dashboards.feasibility import feasible_values

T = SUPPRESSION_THRESHOLD


def protected(values: list[int], threshold: int) -> list[Suppressed | None]:
    """What suppression does to a list of counts with its (shown) total."""
    grid = CountGrid()
    for index, value in enumerate(values):
        grid.values[index] = value
    grid.values["total"] = sum(values)
    grid.add_line("total", range(len(values)))
    state = suppress(grid, threshold)
    return [state.get(index) for index in range(len(values))]


def two_way(rows: list[list[int]], complement_rows: bool = False) -> CountGrid:
    """A table with row totals, column totals and a grand total.

    With ``complement_rows``, rows overlap (as target groups do): each row gets a hidden
    complement row, and each row plus its complement adds up to the total row.
    """
    grid = CountGrid()
    width = len(rows[0])
    column_totals = [sum(column) for column in zip(*rows, strict=True)]
    if complement_rows:
        column_totals = [total + 3 for total in column_totals]
    for c, total in enumerate(column_totals):
        grid.values[("total", c)] = total
    grid.values[("total", "all")] = sum(column_totals)
    grid.add_line(("total", "all"), [("total", c) for c in range(width)])
    for r, row in enumerate(rows):
        for c, value in enumerate(row):
            grid.values[(r, c)] = value
        grid.values[(r, "all")] = sum(row)
        grid.add_line((r, "all"), [(r, c) for c in range(width)])
        if complement_rows:
            rest = f"not {r}"
            for c in range(width):
                grid.values[(rest, c)] = column_totals[c] - row[c]
                grid.hidden.add((rest, c))
                grid.add_line(("total", c), [(r, c), (rest, c)])
            grid.values[(rest, "all")] = sum(column_totals) - sum(row)
            grid.hidden.add((rest, "all"))
            grid.add_line((rest, "all"), [(rest, c) for c in range(width)])
            grid.add_line(("total", "all"), [(r, "all"), (rest, "all")])
    if not complement_rows:
        for c in range(width):
            grid.add_line(("total", c), [(r, c) for r in range(len(rows))])
        grid.add_line(("total", "all"), [(r, "all") for r in range(len(rows))])
    return grid


def assert_safe(grid: CountGrid, state: dict) -> None:
    # Every small count is hidden.
    for key, value in grid.values.items():
        if 0 < value < T:
            assert state.get(key) in (Suppressed.PRIMARY, Suppressed.WHOLE_TABLE), key
    # A line with a shown total hides no cell or at least two.
    for line in grid.lines:
        if line.total not in state:
            assert sum(m in state for m in line.members) != 1, line
    # Each hidden cell could be more than one value, given everything shown.
    for key, values in feasible_values(grid, state, T).items():
        assert len(values) > 1, (key, values, state)


def test_nothing_is_hidden_when_every_count_is_large_or_zero() -> None:
    grid = two_way([[10, 0, 7], [5, 12, 30]])
    assert suppress(grid, T) == {}


def test_a_single_small_cell_takes_a_second_cell_in_its_row_and_column() -> None:
    grid = two_way([[3, 20, 7], [15, 12, 30]])
    state = suppress(grid, T)
    assert state[(0, 0)] is Suppressed.PRIMARY
    assert sum(key[0] == 0 for key in state) >= 2
    assert sum(key[1] == 0 for key in state) >= 2
    assert_safe(grid, state)


def test_a_list_with_one_small_count_hides_the_next_smallest() -> None:
    assert protected([2, 40, 9, 17], T) == [
        Suppressed.PRIMARY,
        None,
        Suppressed.SECONDARY,
        None,
    ]


def test_a_small_cell_next_to_a_cell_of_exactly_the_threshold_is_still_protected() -> None:
    # 1 + 5 = 6: a viewer who knows hidden cells are 1-4 or at least 5 could solve it.
    grid = two_way([[1, 5, 40], [20, 20, 20]])
    assert_safe(grid, suppress(grid, T))


def test_overlapping_groups_are_protected_against_subtraction_from_the_total() -> None:
    # Column 1 adds up to 11 (3 people belong to neither row): 11 - 8 = 3 people outside
    # row 1, a hidden complement below the threshold, so row 1's 8 must go too.
    grid = two_way([[9, 0, 12], [6, 8, 10]], complement_rows=True)
    state = suppress(grid, T)
    assert state[("not 1", 1)] is Suppressed.PRIMARY
    assert (1, 1) in state
    assert_safe(grid, state)


def test_the_threshold_comes_from_the_configuration(app_factory) -> None:
    from app.dashboards.suppression import suppression_threshold

    app = app_factory()
    app.config["PASSERELLE_SUPPRESSION_THRESHOLD"] = 10
    with app.app_context():
        assert suppression_threshold() == 10


@pytest.mark.parametrize("seed", range(150))
def test_random_tables_never_reveal_a_hidden_count(seed: int) -> None:
    rng = random.Random(seed)
    overlapping = seed % 3 == 0
    # Small enough for the exact search of feasible values to finish quickly.
    height = 2 if overlapping else rng.randint(2, 3)
    width = rng.randint(2, 3 if overlapping else 4)
    rows = [
        [rng.choice((0, 0, 1, 2, 3, 4, 5, 6, 8, 11, 15, 25)) for _ in range(width)]
        for _ in range(height)
    ]
    grid = two_way(rows, complement_rows=overlapping)
    assert_safe(grid, suppress(grid, T))
