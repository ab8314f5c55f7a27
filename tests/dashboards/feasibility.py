"""An exact check, for small tables, of what a viewer can work out from a suppressed grid."""

from __future__ import annotations

from collections.abc import Hashable, Mapping

from app.dashboards.suppression import CountGrid, Suppressed


def feasible_values(
    grid: CountGrid, state: Mapping[Hashable, Suppressed], threshold: int
) -> dict[Hashable, set[int]]:
    """Every value each suppressed cell can take, consistent with all that is shown.

    The viewer knows the shown cells, every line, that primary cells lie in
    1 .. threshold - 1 and that secondary cells are 0 or at least ``threshold``.
    """
    bound = max(grid.values.values())
    domains = {
        key: (
            list(range(1, threshold))
            if kind is Suppressed.PRIMARY
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

    budget = [200_000]

    def search(assigned: dict[Hashable, int]) -> None:
        budget[0] -= 1
        if budget[0] < 0:
            raise TimeoutError("table too large for an exact search")
        if all(len(values) >= 2 for values in found.values()):
            return
        settled = propagate(assigned)
        if settled is None:
            return
        rest = [key for key in cells if key not in settled]
        if not rest:
            for key, value in settled.items():
                found[key].add(value)
            return
        key = rest[0]
        for value in domains[key]:
            search({**settled, key: value})

    domain_sets = {key: set(values) for key, values in domains.items()}
    search({})
    return found
