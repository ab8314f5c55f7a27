"""Figure tables: counts with their additive structure, suppressed before anyone sees them.

A table has display rows (breakdown groups or stage kinds), usually a total row, count
columns, some of them hidden (complements, so that subtraction reveals nothing), and
derived columns (percentages, medians) shown only where the counts they rest on are.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable, Mapping
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

from babel import numbers
from flask_babel import get_locale, gettext

from app.dashboards.suppression import CountGrid, Suppressed, suppress

TOTAL = "total"


@dataclass(frozen=True, slots=True)
class Column:
    key: str
    label: str
    hidden: bool = False


@dataclass(frozen=True, slots=True)
class Derived:
    """A figure computed from a row's counts; shown only when every basis count is."""

    key: str
    label: str
    basis: tuple[str, ...]
    compute: Callable[[Mapping[str, int], Any], float | None]
    style: str = "percent"  # percent, decimal or days


@dataclass
class Table:
    key: str
    title: str
    description: str
    columns: list[Column]
    rows: list[tuple[Hashable, str]]
    counts: dict[Hashable, dict[str, int]]
    # Each column line: a total column and the member columns adding up to it, per row.
    column_lines: list[tuple[str, tuple[str, ...]]] = field(default_factory=list)
    # "partition": rows add up to the total row; "overlapping": each row has a hidden
    # complement; "independent": rows are not additive (people counted in several).
    row_mode: str = "partition"
    with_total: bool = True
    derived: list[Derived] = field(default_factory=list)
    extra: dict[Hashable, Any] = field(default_factory=dict)
    row_header: str = ""
    suppressed: dict[tuple[Hashable, str], Suppressed] = field(default_factory=dict)

    @property
    def shown_columns(self) -> list[Column]:
        return [c for c in self.columns if not c.hidden]

    def all_rows(self) -> list[Hashable]:
        keys = [key for key, _ in self.rows]
        return [*keys, TOTAL] if self.with_total else keys

    def value(self, row: Hashable, column: str) -> int:
        return self.counts.get(row, {}).get(column, 0)

    def is_shown(self, row: Hashable, column: str) -> bool:
        return (row, column) not in self.suppressed

    def derived_value(self, row: Hashable, derived: Derived) -> float | None:
        if not all(self.is_shown(row, b) for b in derived.basis):
            return None
        counts = {c.key: self.value(row, c.key) for c in self.columns}
        return derived.compute(counts, self.extra.get(row))


def apply_suppression(table: Table, threshold: int) -> Table:
    """Decide which cells to hide, on a grid that includes every hidden complement."""
    grid = CountGrid[tuple[Hashable, str]]()
    rows = table.all_rows()
    columns = [c.key for c in table.columns]
    hidden_columns = {c.key for c in table.columns if c.hidden}

    def put(row: Hashable, column: str, value: int, hidden: bool) -> None:
        grid.values[(row, column)] = value
        if hidden or column in hidden_columns:
            grid.hidden.add((row, column))

    for row in rows:
        for column in columns:
            put(row, column, table.value(row, column), False)
    complement_rows: list[Hashable] = []
    if table.row_mode == "overlapping" and table.with_total:
        for row, _ in table.rows:
            rest = ("not", row)
            complement_rows.append(rest)
            for column in columns:
                value = table.value(TOTAL, column) - table.value(row, column)
                put(rest, column, value, True)
                grid.add_line((TOTAL, column), [(row, column), (rest, column)])
    elif table.row_mode == "partition" and table.with_total:
        for column in columns:
            grid.add_line((TOTAL, column), [(row, column) for row, _ in table.rows])
    for row in [*rows, *complement_rows]:
        for total, members in table.column_lines:
            grid.add_line((row, total), [(row, m) for m in members])
    state = suppress(grid, threshold)
    table.suppressed = {key: kind for key, kind in state.items() if key[0] in rows}
    return table


@dataclass(frozen=True, slots=True)
class Shown:
    """A cell ready for a page or a file: its text, and its number when it may be given."""

    text: str
    number: float | int | None
    suppressed: Suppressed | None = None


def small_marker(threshold: int) -> str:
    # Translators: shown instead of a count too small to publish; %(threshold)s is 5.
    return gettext("<%(threshold)s", threshold=threshold)


def secondary_marker() -> str:
    # Translators: shown instead of a count hidden so that a small count elsewhere in the
    # table cannot be worked out by subtraction.
    return gettext("hidden")


# A page shows a thousand numbers or so, many of them more than once (table and chart), and
# Babel takes tens of microseconds for each: the text of a number in a locale is kept.
@lru_cache(maxsize=1 << 14)
def _number_text(value: float, style: str, locale: str | None) -> str:
    if style == "count":
        return numbers.format_decimal(value, locale=locale)
    if style == "percent":
        return numbers.format_percent(value, format="#,##0%", locale=locale)
    if style == "days":
        return numbers.format_decimal(value, format="#,##0", locale=locale)
    return numbers.format_decimal(value, format="#,##0.00", locale=locale)


def _text(value: float, style: str) -> str:
    locale = get_locale()
    return _number_text(value, style, str(locale) if locale is not None else None)


def count_cell(table: Table, row: Hashable, column: str, threshold: int) -> Shown:
    kind = table.suppressed.get((row, column))
    if kind is Suppressed.PRIMARY:
        return Shown(small_marker(threshold), None, kind)
    if kind is not None:
        return Shown(secondary_marker(), None, kind)
    value = table.value(row, column)
    return Shown(_text(value, "count"), value)


def derived_cell(table: Table, row: Hashable, derived: Derived) -> Shown:
    value = table.derived_value(row, derived)
    if value is None:
        # Translators: a percentage or median not shown, because it rests on hidden counts
        # or on nobody.
        return Shown(gettext("not shown"), None)
    if derived.style == "percent":
        return Shown(_text(value, "percent"), round(value, 4))
    if derived.style == "days":
        return Shown(_text(value, "days"), round(value))
    return Shown(_text(value, "decimal"), round(value, 2))


def share(numerator: str, denominator: str) -> Callable[[Mapping[str, int], Any], float | None]:
    def compute(counts: Mapping[str, int], extra: Any) -> float | None:
        if not counts[denominator]:
            return None
        return counts[numerator] / counts[denominator]

    return compute
