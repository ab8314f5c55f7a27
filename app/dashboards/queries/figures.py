"""The aggregates each dashboard figure is built from, read from the dashboard summary.

Two grouped queries give every figure about people (outcomes, drop-outs, language) and
one gives every figure about stages. They read the summary's cells, which add up the
network by organisation, month of entry and target group; single beneficiaries' rows
are read only where a month is cut in two (by the period, or by the 6 and 12 months that
employment outcomes need). Nothing here touches a case file, let alone an encrypted
column.
"""

from __future__ import annotations

import uuid
from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

from sqlalchemy import case, func, literal, select

from app.accounts.models import User
from app.accounts.roles import CASE_WORKER_ROLES
from app.dashboards.models import (
    BeneficiaryFigures,
    CaseloadCell,
    FollowUpCell,
    PeopleCell,
    StageCell,
    StageFact,
)
from app.dashboards.queries.scope import Breakdown, Filters, grouping, people_conditions
from app.dashboards.summary import DROP_OUT_REASONS, stage_contributions
from app.extensions import db

__all__ = ["DROP_OUT_REASONS"]

TOTAL = "total"

PEOPLE_MEASURES = (
    "people",
    "followed_6",
    "employed_6",
    "followed_12",
    "employed_12",
    "employed",
    "qualified",
    "business",
    "dropped_out",
)
_SUMS = (
    "people",
    "followed_6",
    "employed_6",
    "followed_12",
    "employed_12",
    "employed",
    "qualified",
    "business",
    "language_courses",
    "levels_gained",
    "language_hours",
)


def _months_before(day: date, months: int) -> date:
    year, month = divmod(day.year * 12 + day.month - 1 - months, 12)
    month += 1
    for last in (31, 30, 29, 28):
        try:
            return date(year, month, min(day.day, last))
        except ValueError:
            continue
    raise ValueError(day)  # pragma: no cover


def _month(day: date) -> str:
    return f"{day.year:04d}-{day.month:02d}"


@dataclass
class LanguageProgress:
    learners: Counter[Any] = field(default_factory=Counter)
    levels: Counter[Any] = field(default_factory=Counter)
    hours: Counter[Any] = field(default_factory=Counter)


@dataclass
class People:
    """Beneficiaries and outcomes, drop-outs by reason, and language progress, by row.

    ``employed``: an employment stage has an actual start. ``employed_6``/``_12``: the
    first one started within 6/12 months of entry, counted among those who entered at least
    6/12 months ago (``followed_6``/``_12``). ``qualified``: a completed vocational
    training stage. ``business``: a business creation stage registered. ``dropped_out``:
    case closed for a reason other than completing the pathway or finding work.
    """

    counts: dict[Any, Counter[str]] = field(default_factory=lambda: defaultdict(Counter))
    drop_outs: dict[Any, Counter[str]] = field(default_factory=lambda: defaultdict(Counter))
    language: LanguageProgress = field(default_factory=LanguageProgress)


def _split_months(filters: Filters, cuts: Iterable[date]) -> set[str]:
    """Months that a day boundary cuts in two: these are read person by person."""
    months = {_month(cut) for cut in cuts}
    if filters.date_from is not None and filters.date_from.day != 1:
        months.add(_month(filters.date_from))
    if filters.date_to is not None and (filters.date_to + timedelta(days=1)).day != 1:
        months.add(_month(filters.date_to))
    return months


def _people_query(
    filters: Filters,
    countries: Mapping[uuid.UUID, str],
    cuts: tuple[date, date],
    split: set[str],
    single: bool,
) -> tuple[Any, Any]:
    """People measures from the cells outside ``split`` months, or from single rows inside."""
    table: Any = BeneficiaryFigures if single else PeopleCell
    group = grouping(filters.breakdown, table, countries)
    conditions = people_conditions(filters, table)
    if single:
        people: Any = literal(1)
        followed = [table.entered_on <= cut for cut in cuts]
        conditions.append(table.entry_month.in_(sorted(split)))
        if filters.date_from is not None:
            conditions.append(table.entered_on >= filters.date_from)
        if filters.date_to is not None:
            conditions.append(table.entered_on <= filters.date_to)
    else:
        people = table.people
        followed = [table.entry_month < _month(cut) for cut in cuts]
        conditions.append(table.entry_month.not_in(sorted(split)))
        if filters.date_from is not None:
            conditions.append(table.entry_month >= _month(filters.date_from))
        if filters.date_to is not None:
            conditions.append(table.entry_month <= _month(filters.date_to))
    followed_6, followed_12 = followed
    query = (
        select(
            *group.columns,
            table.drop_out_reason,
            func.sum(people),
            func.sum(case((followed_6, people), else_=0)),
            func.sum(case((followed_6, table.employed_6), else_=0)),
            func.sum(case((followed_12, people), else_=0)),
            func.sum(case((followed_12, table.employed_12), else_=0)),
            func.sum(table.employed),
            func.sum(table.qualified),
            func.sum(table.business),
            func.sum(table.language_courses),
            func.sum(table.levels_gained),
            func.sum(table.language_hours),
        )
        .where(*conditions)
        .group_by(*group.columns, table.drop_out_reason)
    )
    return query, group


def people(filters: Filters, today: date, countries: Mapping[uuid.UUID, str]) -> People:
    """Every figure about people for ``filters``, by breakdown row and in total."""
    cuts = (_months_before(today, 6), _months_before(today, 12))
    split = _split_months(filters, cuts)
    result = People()
    for single in (False, True):
        query, group = _people_query(filters, countries, cuts, split, single)
        width = len(group.columns)
        for row in db.session.execute(query):
            key, reason = tuple(row[:width]), row[width]
            values = dict(zip(_SUMS, (int(v or 0) for v in row[width + 1 :]), strict=True))
            for target in (TOTAL, *group.rows_of(key)):
                counts = result.counts[target]
                for name in PEOPLE_MEASURES[:-1]:
                    counts[name] += values[name]
                if reason:
                    counts["dropped_out"] += values["people"]
                    result.drop_outs[target][reason] += values["people"]
                result.language.learners[target] += values["language_courses"]
                result.language.levels[target] += values["levels_gained"]
                result.language.hours[target] += values["language_hours"]
    return result


@dataclass
class Stages:
    """Every figure about stages, by stage kind.

    ``reached``: people per kind by the furthest status they reached in a stage of that
    kind (completed, else in progress, else interrupted, else planned only). ``statuses``:
    stages by status. ``interruptions``: interrupted stages by reason. ``durations``:
    histogram of days from actual start to actual end. ``waits``: histogram of days between
    the actual end of the previous started stage of the pathway and the actual start of
    this one (negative when they overlap), under this stage's kind.
    """

    reached: dict[str, Counter[str]] = field(default_factory=lambda: defaultdict(Counter))
    statuses: dict[str, Counter[str]] = field(default_factory=lambda: defaultdict(Counter))
    interruptions: dict[str, Counter[str]] = field(default_factory=lambda: defaultdict(Counter))
    durations: dict[str, Counter[int]] = field(default_factory=lambda: defaultdict(Counter))
    waits: dict[str, Counter[int]] = field(default_factory=lambda: defaultdict(Counter))


def stages(filters: Filters) -> Stages:
    """Read from the cells when only the scope applies, else from the matching stages."""
    if filters.date_from is None and filters.date_to is None and filters.target_group is None:
        conditions = people_conditions(filters, StageCell)
        if filters.stage_kind is not None:
            conditions.append(StageCell.kind == filters.stage_kind.value)
        columns = (StageCell.figure, StageCell.kind, StageCell.code, StageCell.days)
        query: Any = (
            select(*columns, func.sum(StageCell.count)).where(*conditions).group_by(*columns)
        )
    else:
        conditions = people_conditions(filters, BeneficiaryFigures)
        if filters.date_from is not None:
            conditions.append(BeneficiaryFigures.entered_on >= filters.date_from)
        if filters.date_to is not None:
            conditions.append(BeneficiaryFigures.entered_on <= filters.date_to)
        if filters.stage_kind is not None:
            conditions.append(StageFact.kind == filters.stage_kind.value)
        query = stage_contributions([], conditions)
    result = Stages()
    by_code = {
        "reached": result.reached,
        "status": result.statuses,
        "interrupted": result.interruptions,
    }
    by_days = {"duration": result.durations, "wait": result.waits}
    for figure, kind, code, days, count in db.session.execute(query):
        if figure in by_code:
            by_code[figure][kind][code] += int(count)
        else:
            by_days[figure][kind][int(days)] += int(count)
    return result


@dataclass
class Caseloads:
    """Per organisation: the active cases each case worker follows, and overdue follow-ups."""

    per_worker: dict[uuid.UUID, list[int]] = field(default_factory=dict)
    overdue: Counter[uuid.UUID] = field(default_factory=Counter)


def caseloads(filters: Filters, today: date) -> Caseloads:
    """Operational figures: everyone counts here, whatever their statistics consent.

    Read from the summary's caseload and follow-up cells: one row per organisation and
    user, and per organisation and due date, however many cases there are.
    """
    organisation_ids = filters.organisation_ids
    query = (
        select(CaseloadCell.organisation_id, CaseloadCell.cases)
        .join(User, User.id == CaseloadCell.user_id)
        .where(
            CaseloadCell.organisation_id.in_(organisation_ids),
            User.role.in_(CASE_WORKER_ROLES),
        )
        .order_by(CaseloadCell.organisation_id, CaseloadCell.user_id)
    )
    result = Caseloads()
    for organisation_id, count in db.session.execute(query):
        result.per_worker.setdefault(organisation_id, []).append(count)
    overdue = (
        select(FollowUpCell.organisation_id, func.sum(FollowUpCell.tasks))
        .where(FollowUpCell.organisation_id.in_(organisation_ids), FollowUpCell.due_on < today)
        .group_by(FollowUpCell.organisation_id)
    )
    for organisation_id, count in db.session.execute(overdue):
        result.overdue[organisation_id] = int(count)
    return result


def breakdown_is_partition(breakdown: Breakdown) -> bool:
    """Whether breakdown rows add up to the total (target groups overlap; others do not)."""
    return breakdown is not Breakdown.TARGET_GROUP
