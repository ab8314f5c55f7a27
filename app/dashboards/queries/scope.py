"""What a dashboard covers: whose cases, which period and groups, how rows are broken down."""

from __future__ import annotations

import enum
import uuid
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from flask_babel import lazy_gettext as _l
from sqlalchemy import ColumnElement, case, func

from app.extensions import db
from app.vocabulary import StageKind, TargetGroup


class Breakdown(enum.StrEnum):
    TARGET_GROUP = "target_group"
    ORGANISATION = "organisation"
    COUNTRY = "country"
    COHORT_MONTH = "cohort_month"
    COHORT_QUARTER = "cohort_quarter"
    NONE = "none"

    @property
    def label(self) -> str:
        return str(BREAKDOWN_LABELS[self])


BREAKDOWN_LABELS = {
    Breakdown.TARGET_GROUP: _l("Target group"),
    Breakdown.ORGANISATION: _l("Organisation"),
    Breakdown.COUNTRY: _l("Country"),
    Breakdown.COHORT_MONTH: _l("Month of entry"),
    Breakdown.COHORT_QUARTER: _l("Quarter of entry"),
    Breakdown.NONE: _l("No breakdown"),
}


@dataclass(frozen=True, slots=True)
class Scope:
    """The organisations a coordinator may see; ``network`` for the coordinating body."""

    organisation_ids: tuple[uuid.UUID, ...]
    network: bool


@dataclass(frozen=True, slots=True)
class Filters:
    scope: Scope
    date_from: date | None = None
    date_to: date | None = None
    organisation_id: uuid.UUID | None = None
    stage_kind: StageKind | None = None
    target_group: TargetGroup | None = None
    breakdown: Breakdown = Breakdown.TARGET_GROUP

    @property
    def organisation_ids(self) -> tuple[uuid.UUID, ...]:
        if self.organisation_id is not None:
            return (self.organisation_id,)
        return self.scope.organisation_ids

    def kinds(self) -> list[StageKind]:
        return [self.stage_kind] if self.stage_kind else list(StageKind)


# The summary column that marks each target group.
TARGET_GROUP_COLUMNS = {
    TargetGroup.WOMAN: "woman",
    TargetGroup.YOUNG_PERSON: "young_person",
    TargetGroup.UNACCOMPANIED_MINOR: "unaccompanied_minor",
    TargetGroup.DISABILITY: "disability",
}


def people_conditions(filters: Filters, table: Any) -> list[ColumnElement[bool]]:
    """WHERE clauses on a summary table for the consent rule, scope and target group.

    Only people whose anonymous-statistics consent is in force are in the figures.
    The period is applied by the caller: cells know the month of entry, not the day.
    """
    conditions: list[ColumnElement[bool]] = [table.counted.is_(True)]
    if not filters.scope.network or filters.organisation_id is not None:
        conditions.append(table.organisation_id.in_(filters.organisation_ids))
    if filters.target_group is not None:
        column = getattr(table, TARGET_GROUP_COLUMNS[filters.target_group])
        conditions.append(column.is_(True))
    return conditions


def dialect() -> str:
    return db.engine.dialect.name


def month_of(column: Any) -> ColumnElement[str]:
    if dialect() == "postgresql":
        return func.to_char(column, "YYYY-MM")
    return func.strftime("%Y-%m", column)


def days_between(end: Any, start: Any) -> ColumnElement[int]:
    if dialect() == "postgresql":
        return end - start
    return func.cast(func.julianday(end) - func.julianday(start), db.Integer)


def months_after(column: Any, months: int) -> ColumnElement[Any]:
    if dialect() == "postgresql":
        return column + func.make_interval(0, months)
    return func.date(column, f"+{months} months")


def flag(condition: ColumnElement[bool]) -> ColumnElement[int]:
    """1 when ``condition`` holds, else 0: for SUM() in place of COUNT(... FILTER)."""
    return case((condition, 1), else_=0)


@dataclass(frozen=True, slots=True)
class Grouping:
    """SQL columns to GROUP BY for a breakdown, and how a result key maps to row keys."""

    columns: Sequence[ColumnElement[Any]]
    rows_of: Callable[[tuple[Any, ...]], Iterable[Any]]


def _quarter(month: str) -> str:
    year, number = month.split("-")
    return f"{year}-Q{(int(number) - 1) // 3 + 1}"


def grouping(breakdown: Breakdown, table: Any, countries: Mapping[uuid.UUID, str]) -> Grouping:
    """Group a summary table's rows by ``breakdown``; ``countries`` by organisation id."""
    if breakdown is Breakdown.TARGET_GROUP:
        flags = [getattr(table, TARGET_GROUP_COLUMNS[group]) for group in TargetGroup]

        def groups_of(key: tuple[Any, ...]) -> Iterable[Any]:
            return [group for group, on in zip(TargetGroup, key, strict=True) if on]

        return Grouping(flags, groups_of)
    if breakdown is Breakdown.ORGANISATION:
        return Grouping([table.organisation_id], lambda key: [key[0]])
    if breakdown is Breakdown.COUNTRY:
        return Grouping(
            [table.organisation_id], lambda key: [countries[key[0]]] if key[0] in countries else []
        )
    if breakdown is Breakdown.COHORT_MONTH:
        return Grouping([table.entry_month], lambda key: [key[0]])
    if breakdown is Breakdown.COHORT_QUARTER:
        return Grouping([table.entry_month], lambda key: [_quarter(key[0])])
    return Grouping([], lambda key: [])
