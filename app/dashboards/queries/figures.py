"""The aggregates each dashboard figure is built from, one SQL query per figure.

Every query reads plain coded columns (codes, dates, hours, flags) and returns counts
grouped by row key; nothing here loads an ORM object or touches an encrypted column.
"""

from __future__ import annotations

import uuid
from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from sqlalchemy import and_, case, func, or_, select
from sqlalchemy.orm import aliased

from app.accounts.models import User
from app.accounts.roles import CASE_WORKER_ROLES
from app.cases.models import Beneficiary, CaseAssignment, Task
from app.dashboards.queries.scope import (
    Breakdown,
    Filters,
    beneficiary_conditions,
    days_between,
    flag,
    grouping,
    is_filtered,
    join_organisation,
    months_after,
)
from app.extensions import db
from app.pathways.models import AssessmentPoint, LanguageAssessment, Stage
from app.pathways.vocabulary import (
    BusinessPlanStatus,
    CaseStatus,
    CefrLevel,
    ClosureReason,
    LanguageSkill,
    StageKind,
    StageStatus,
)

TOTAL = "total"

# Closing a case for these reasons is a drop-out; the others are successes.
DROP_OUT_REASONS = (
    ClosureReason.MOVED_AWAY,
    ClosureReason.LOST_CONTACT,
    ClosureReason.DECLINED,
    ClosureReason.DECEASED,
    ClosureReason.OTHER,
)

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


def _months_before(day: date, months: int) -> date:
    year, month = divmod(day.year * 12 + day.month - 1 - months, 12)
    month += 1
    for last in (31, 30, 29, 28):
        try:
            return date(year, month, min(day.day, last))
        except ValueError:
            continue
    raise ValueError(day)  # pragma: no cover


def _accumulate(
    rows: Iterable[Any], filters: Filters, width: int, measures: tuple[str, ...]
) -> dict[Any, Counter[str]]:
    """Add each result row's measures into its breakdown rows and into the total."""
    rows_of = grouping(filters.breakdown).rows_of
    counts: dict[Any, Counter[str]] = defaultdict(Counter)
    for row in rows:
        key, values = tuple(row[:width]), row[width:]
        for target in (TOTAL, *rows_of(key)):
            bucket = counts[target]
            for name, value in zip(measures, values, strict=True):
                bucket[name] += int(value or 0)
    return counts


def people(filters: Filters, today: date) -> dict[Any, Counter[str]]:
    """Beneficiaries and their outcomes, by breakdown row.

    ``employed``: an employment stage has an actual start. ``employed_6``/``_12``: the first
    one started within 6/12 months of entry, counted among those who entered at least
    6/12 months ago (``followed_6``/``_12``). ``qualified``: a completed vocational training
    stage. ``business``: a business creation stage registered. ``dropped_out``: case closed
    for a reason other than completing the pathway or finding work.
    """
    outcome = (
        select(
            Stage.beneficiary_id.label("beneficiary_id"),
            func.min(
                case((Stage.kind == StageKind.EMPLOYMENT, Stage.actual_start), else_=None)
            ).label("first_job"),
            func.max(
                flag(
                    and_(
                        Stage.kind == StageKind.VOCATIONAL_TRAINING,
                        Stage.status == StageStatus.COMPLETED,
                    )
                )
            ).label("qualified"),
            func.max(
                flag(
                    and_(
                        Stage.kind == StageKind.BUSINESS_CREATION,
                        or_(
                            Stage.plan_status == BusinessPlanStatus.REGISTERED,
                            Stage.registration_date.is_not(None),
                        ),
                    )
                )
            ).label("business"),
        )
        .where(
            Stage.kind.in_(
                (StageKind.EMPLOYMENT, StageKind.VOCATIONAL_TRAINING, StageKind.BUSINESS_CREATION)
            )
        )
        .group_by(Stage.beneficiary_id)
        .subquery()
    )
    cut_6, cut_12 = _months_before(today, 6), _months_before(today, 12)
    followed_6 = Beneficiary.entered_on <= cut_6
    followed_12 = Beneficiary.entered_on <= cut_12
    group = grouping(filters.breakdown)
    query = select(
        *group.columns,
        func.count(),
        func.sum(flag(followed_6)),
        func.sum(
            flag(
                and_(
                    followed_6,
                    outcome.c.first_job <= months_after(Beneficiary.entered_on, 6),
                )
            )
        ),
        func.sum(flag(followed_12)),
        func.sum(
            flag(
                and_(
                    followed_12,
                    outcome.c.first_job <= months_after(Beneficiary.entered_on, 12),
                )
            )
        ),
        func.sum(flag(outcome.c.first_job.is_not(None))),
        func.coalesce(func.sum(outcome.c.qualified), 0),
        func.coalesce(func.sum(outcome.c.business), 0),
        func.sum(
            flag(
                and_(
                    Beneficiary.status == CaseStatus.CLOSED,
                    Beneficiary.closure_reason.in_(DROP_OUT_REASONS),
                )
            )
        ),
    ).select_from(Beneficiary)
    query = join_organisation(query, group.needs_organisation)
    query = query.outerjoin(outcome, outcome.c.beneficiary_id == Beneficiary.id)
    query = query.where(*beneficiary_conditions(filters)).group_by(*group.columns)
    rows = db.session.execute(query).all()
    return _accumulate(rows, filters, len(group.columns), PEOPLE_MEASURES)


def drop_outs(filters: Filters) -> dict[Any, Counter[str]]:
    """Closed cases by breakdown row and closure reason code (drop-out reasons only)."""
    group = grouping(filters.breakdown)
    query = select(*group.columns, Beneficiary.closure_reason, func.count()).select_from(
        Beneficiary
    )
    query = join_organisation(query, group.needs_organisation)
    query = query.where(
        *beneficiary_conditions(filters),
        Beneficiary.status == CaseStatus.CLOSED,
        Beneficiary.closure_reason.in_(DROP_OUT_REASONS),
    ).group_by(*group.columns, Beneficiary.closure_reason)
    rows_of = group.rows_of
    width = len(group.columns)
    counts: dict[Any, Counter[str]] = defaultdict(Counter)
    for row in db.session.execute(query):
        reason = ClosureReason(row[width]).value
        for target in (TOTAL, *rows_of(tuple(row[:width]))):
            counts[target][reason] += row[width + 1]
    return counts


def _stages(filters: Filters, *columns: Any) -> Any:
    """SELECT ``columns`` FROM stages, joined to beneficiaries only when a filter needs it."""
    query = select(*columns).select_from(Stage)
    if is_filtered(filters):
        query = query.join(Beneficiary, Beneficiary.id == Stage.beneficiary_id).where(
            *beneficiary_conditions(filters)
        )
    if filters.stage_kind is not None:
        query = query.where(Stage.kind == filters.stage_kind)
    return query


_STATUS_RANK = {
    StageStatus.PLANNED: 0,
    StageStatus.INTERRUPTED: 1,
    StageStatus.IN_PROGRESS: 2,
    StageStatus.COMPLETED: 3,
}


def funnel(filters: Filters) -> dict[str, Counter[str]]:
    """People per stage kind by the furthest status they reached in a stage of that kind.

    Each person counts once per kind: completed, else in progress, else interrupted,
    else planned only.
    """
    rank = case(*((Stage.status == s, r) for s, r in _STATUS_RANK.items()), else_=0)
    best = (
        _stages(filters, Stage.beneficiary_id, Stage.kind, func.max(rank).label("best"))
        .group_by(Stage.beneficiary_id, Stage.kind)
        .subquery()
    )
    query = select(best.c.kind, best.c.best, func.count()).group_by(best.c.kind, best.c.best)
    by_rank = {r: s.value for s, r in _STATUS_RANK.items()}
    counts: dict[str, Counter[str]] = defaultdict(Counter)
    for kind, rank_value, count in db.session.execute(query):
        counts[StageKind(kind).value][by_rank[rank_value]] += count
    return counts


def stage_statuses(filters: Filters) -> dict[str, Counter[str]]:
    """Stages by kind and status."""
    query = _stages(filters, Stage.kind, Stage.status, func.count()).group_by(
        Stage.kind, Stage.status
    )
    counts: dict[str, Counter[str]] = defaultdict(Counter)
    for kind, status, count in db.session.execute(query):
        counts[StageKind(kind).value][StageStatus(status).value] += count
    return counts


def interruptions(filters: Filters) -> dict[str, Counter[str]]:
    """Interrupted stages by kind and interruption reason code."""
    query = (
        _stages(filters, Stage.kind, Stage.interruption_reason, func.count())
        .where(Stage.status == StageStatus.INTERRUPTED)
        .group_by(Stage.kind, Stage.interruption_reason)
    )
    counts: dict[str, Counter[str]] = defaultdict(Counter)
    for kind, reason, count in db.session.execute(query):
        counts[StageKind(kind).value][reason.value if reason else "other"] += count
    return counts


def stage_durations(filters: Filters) -> dict[str, Counter[int]]:
    """Histogram of days from actual start to actual end, by stage kind."""
    days = days_between(Stage.actual_end, Stage.actual_start)
    query = (
        _stages(filters, Stage.kind, days.label("days"), func.count())
        .where(Stage.actual_start.is_not(None), Stage.actual_end.is_not(None))
        .group_by(Stage.kind, days)
    )
    counts: dict[str, Counter[int]] = defaultdict(Counter)
    for kind, length, count in db.session.execute(query):
        counts[StageKind(kind).value][int(length)] += count
    return counts


def waits(filters: Filters) -> dict[str, Counter[int]]:
    """Histogram of days between one stage's actual end and the next stage's actual start.

    The next stage is the one at the following position of the same pathway; the wait is
    counted under its kind. Negative values mean the stages overlapped.
    """
    previous_end = (
        func.lag(Stage.actual_end)
        .over(partition_by=Stage.pathway_id, order_by=Stage.position)
        .label("previous_end")
    )
    ordered = (
        select(Stage.kind, Stage.actual_start, previous_end)
        .select_from(Stage)
        .where(Stage.actual_start.is_not(None))
    )
    if is_filtered(filters):
        ordered = ordered.join(Beneficiary, Beneficiary.id == Stage.beneficiary_id).where(
            *beneficiary_conditions(filters)
        )
    sub = ordered.subquery()
    days = days_between(sub.c.actual_start, sub.c.previous_end)
    query = (
        select(sub.c.kind, days.label("days"), func.count())
        .where(sub.c.previous_end.is_not(None))
        .group_by(sub.c.kind, days)
    )
    if filters.stage_kind is not None:
        query = query.where(sub.c.kind == filters.stage_kind)
    counts: dict[str, Counter[int]] = defaultdict(Counter)
    for kind, length, count in db.session.execute(query):
        counts[StageKind(kind).value][int(length)] += count
    return counts


def _rank() -> Any:
    return {level.value: level.rank for level in CefrLevel}


@dataclass
class LanguageProgress:
    learners: Counter[Any] = field(default_factory=Counter)
    levels: Counter[Any] = field(default_factory=Counter)
    hours: Counter[Any] = field(default_factory=Counter)


def language_progress(filters: Filters) -> LanguageProgress:
    """Language stages with an entry and an achieved overall level and hours attended.

    Per breakdown row: how many such stages, the levels gained (achieved rank minus entry
    rank) and the hours attended, summed.
    """
    entry, achieved = aliased(LanguageAssessment), aliased(LanguageAssessment)
    ranks = _rank()

    def rank_of(level: Any) -> Any:
        return case(*((level == code, value) for code, value in ranks.items()), else_=0)

    group = grouping(filters.breakdown)
    query = (
        select(
            *group.columns,
            func.count(),
            func.sum(rank_of(achieved.level) - rank_of(entry.level)),
            func.sum(Stage.hours_attended),
        )
        .select_from(Stage)
        .join(Beneficiary, Beneficiary.id == Stage.beneficiary_id)
        .join(
            entry,
            and_(
                entry.stage_id == Stage.id,
                entry.point == AssessmentPoint.ENTRY,
                entry.skill == LanguageSkill.OVERALL,
            ),
        )
        .join(
            achieved,
            and_(
                achieved.stage_id == Stage.id,
                achieved.point == AssessmentPoint.ACHIEVED,
                achieved.skill == LanguageSkill.OVERALL,
            ),
        )
        .where(
            Stage.kind == StageKind.HOST_LANGUAGE,
            Stage.hours_attended > 0,
            *beneficiary_conditions(filters),
        )
        .group_by(*group.columns)
    )
    query = join_organisation(query, group.needs_organisation)
    width = len(group.columns)
    progress = LanguageProgress()
    for row in db.session.execute(query):
        for target in (TOTAL, *group.rows_of(tuple(row[:width]))):
            progress.learners[target] += row[width]
            progress.levels[target] += int(row[width + 1] or 0)
            progress.hours[target] += int(row[width + 2] or 0)
    return progress


@dataclass
class Caseloads:
    """Per organisation: the active cases each case worker follows, and overdue follow-ups."""

    per_worker: dict[uuid.UUID, list[int]] = field(default_factory=dict)
    overdue: Counter[uuid.UUID] = field(default_factory=Counter)


def caseloads(filters: Filters, today: date) -> Caseloads:
    organisation_ids = filters.organisation_ids
    query = (
        select(Beneficiary.organisation_id, CaseAssignment.user_id, func.count())
        .select_from(CaseAssignment)
        .join(Beneficiary, Beneficiary.id == CaseAssignment.beneficiary_id)
        .join(User, User.id == CaseAssignment.user_id)
        .where(
            Beneficiary.organisation_id.in_(organisation_ids),
            Beneficiary.status != CaseStatus.CLOSED,
            User.role.in_(CASE_WORKER_ROLES),
        )
        .group_by(Beneficiary.organisation_id, CaseAssignment.user_id)
    )
    result = Caseloads()
    for organisation_id, _user_id, count in db.session.execute(query):
        result.per_worker.setdefault(organisation_id, []).append(count)
    overdue = (
        select(Beneficiary.organisation_id, func.count())
        .select_from(Task)
        .join(Beneficiary, Beneficiary.id == Task.beneficiary_id)
        .where(
            Beneficiary.organisation_id.in_(organisation_ids),
            Beneficiary.status != CaseStatus.CLOSED,
            Task.done_at.is_(None),
            Task.due_on < today,
        )
        .group_by(Beneficiary.organisation_id)
    )
    for organisation_id, count in db.session.execute(overdue):
        result.overdue[organisation_id] = count
    return result


def breakdown_is_partition(breakdown: Breakdown) -> bool:
    """Whether breakdown rows add up to the total (target groups overlap; others do not)."""
    return breakdown is not Breakdown.TARGET_GROUP
