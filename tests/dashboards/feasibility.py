"""An exact check, for small tables, of what a viewer can work out from a suppressed grid."""

from __future__ import annotations

from collections.abc import Hashable, Mapping

from app.dashboards.suppression import CountGrid, Suppressed


def feasible_values(
    grid: CountGrid, state: Mapping[Hashable, Suppressed], threshold: int
) -> dict[Hashable, set[int]]:
    """Every value each suppressed cell can take, consistent with all that is shown.

    The viewer knows the shown cells, every line, that primary cells lie in
    1 .. threshold - 1, that secondary cells are 0 or at least ``threshold`` and that
    cells of a wholly withheld table are not zero.
    """
    bound = max(grid.values.values())
    domains = {
        key: (
            list(range(1, threshold))
            if kind is Suppressed.PRIMARY
            else list(range(1, bound + 1))
            if kind is Suppressed.WHOLE_TABLE
            else [0, *range(threshold, bound + 1)]
        )
        for key, kind in state.items()
    }
    cells = sorted(state, key=lambda key: len(domains[key]))
    found: dict[Hashable, set[int]] = {key: set() for key in cells}
    lines = [(line.total, line.members) for line in grid.lines]

    def propagate(assigned: dict[Hashable, int]) -> dict[Hashable, int] | None:
        """Fill in cells that a line forces; None on a contradiction."""
        assigned = dict(assigned)
        changed = True
        while changed:
            changed = False
            for total, members in lines:
                open_cells = [k for k in (total, *members) if k in state and k not in assigned]
                value = {k: assigned.get(k, grid.values[k]) for k in (total, *members)}
                if not open_cells:
                    if sum(value[m] for m in members) != value[total]:
                        return None
                elif len(open_cells) == 1:
                    (key,) = open_cells
                    known = sum(value[m] for m in members if m != key)
                    forced = known if key == total else value[total] - known
                    if forced not in domain_sets[key]:
                        return None
                    assigned[key] = forced
                    changed = True
        return assigned

    budget = [2_000_000]

    def solve(
        assigned: dict[Hashable, int], avoid: tuple[Hashable, int] | None
    ) -> dict[Hashable, int] | None:
        """One full assignment consistent with every line (and not ``avoid``), or None."""
        budget[0] -= 1
        if budget[0] < 0:
            raise TimeoutError("table too large for an exact search")
        settled = propagate(assigned)
        if settled is None:
            return None
        if avoid is not None and settled.get(avoid[0]) == avoid[1]:
            return None
        rest = [key for key in cells if key not in settled]
        if not rest:
            return settled
        key = rest[0]
        for value in domains[key]:
            if avoid is not None and key == avoid[0] and value == avoid[1]:
                continue
            solution = solve({**settled, key: value}, avoid)
            if solution is not None:
                return solution
        return None

    domain_sets = {key: set(values) for key, values in domains.items()}
    first = solve({}, None)
    assert first is not None, "the true table must be a solution"
    for key, value in first.items():
        found[key].add(value)
    for key in cells:
        if len(found[key]) >= 2:
            continue
        other = solve({}, (key, first[key]))
        if other is not None:
            for cell, value in other.items():
                found[cell].add(value)
    return found
