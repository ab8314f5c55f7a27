"""What a dashboard covers: whose cases, which period and groups, how rows are broken down."""

from __future__ import annotations

import enum
import uuid
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from flask_babel import lazy_gettext as _l
from sqlalchemy import ColumnElement, case, func, literal

from app.accounts.models import Organisation
from app.cases.models import Beneficiary
from app.extensions import db
from app.pathways.vocabulary import Gender, StageKind, TargetGroup


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


def is_woman() -> ColumnElement[bool]:
    return Beneficiary.gender == Gender.FEMALE


TARGET_GROUP_FLAGS: dict[TargetGroup, Callable[[], ColumnElement[Any]]] = {
    TargetGroup.WOMAN: is_woman,
    TargetGroup.YOUNG_PERSON: lambda: Beneficiary.young_person.is_(True),
    TargetGroup.UNACCOMPANIED_MINOR: lambda: Beneficiary.unaccompanied_minor.is_(True),
    TargetGroup.DISABILITY: lambda: Beneficiary.has_disability.is_(True),
}


def beneficiary_conditions(filters: Filters) -> list[ColumnElement[bool]]:
    """WHERE clauses on ``beneficiaries`` for the scope, period and target group."""
    conditions: list[ColumnElement[bool]] = []
    if not filters.scope.network or filters.organisation_id is not None:
        conditions.append(Beneficiary.organisation_id.in_(filters.organisation_ids))
    if filters.date_from is not None:
        conditions.append(Beneficiary.entered_on >= filters.date_from)
    if filters.date_to is not None:
        conditions.append(Beneficiary.entered_on <= filters.date_to)
    if filters.target_group is not None:
        conditions.append(TARGET_GROUP_FLAGS[filters.target_group]())
    return conditions


def is_filtered(filters: Filters) -> bool:
    return bool(beneficiary_conditions(filters))


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
    needs_organisation: bool
    rows_of: Callable[[tuple[Any, ...]], Iterable[Any]]


def _quarter(month: str) -> str:
    year, number = month.split("-")
    return f"{year}-Q{(int(number) - 1) // 3 + 1}"


def grouping(breakdown: Breakdown) -> Grouping:
    if breakdown is Breakdown.TARGET_GROUP:
        flags = [
            flag(TARGET_GROUP_FLAGS[group]()).label(f"g_{group.value}") for group in TargetGroup
        ]

        def groups_of(key: tuple[Any, ...]) -> Iterable[Any]:
            return [group for group, on in zip(TargetGroup, key, strict=True) if on]

        return Grouping(flags, False, groups_of)
    if breakdown is Breakdown.ORGANISATION:
        return Grouping([Beneficiary.organisation_id.label("g")], False, lambda key: [key[0]])
    if breakdown is Breakdown.COUNTRY:
        return Grouping([Organisation.country_code.label("g")], True, lambda key: [key[0]])
    if breakdown is Breakdown.COHORT_MONTH:
        return Grouping([month_of(Beneficiary.entered_on).label("g")], False, lambda k: [k[0]])
    if breakdown is Breakdown.COHORT_QUARTER:
        return Grouping(
            [month_of(Beneficiary.entered_on).label("g")], False, lambda key: [_quarter(key[0])]
        )
    return Grouping([literal("all").label("g")], False, lambda key: [])


def join_organisation(query: Any, needed: bool) -> Any:
    if needed:
        return query.join(Organisation, Organisation.id == Beneficiary.organisation_id)
    return query
