"""Keeping the dashboard summary equal to the case files, write by write, or all at once.

Every figure is defined once, here, as SQL over the case files: the detail rows of a set of
beneficiaries (or of everyone), and what those rows add to the cells. A write changes the
cells by the difference between its beneficiaries' contributions before and after; a
rebuild adds up everyone's. Session events collect the beneficiaries whose records change
and refresh them just before the transaction commits, so no service has to remember.
"""

from __future__ import annotations

import uuid
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from functools import cache
from itertools import chain
from typing import Any

from sqlalchemy import (
    ColumnElement,
    Select,
    String,
    and_,
    bindparam,
    case,
    cast,
    delete,
    event,
    exists,
    func,
    insert,
    literal,
    or_,
    select,
    union_all,
)
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session, SessionTransaction, aliased, scoped_session

from app.cases.models import Beneficiary, CaseAssignment, Consent, Task
from app.cases.pathways.models import AssessmentPoint, LanguageAssessment, Pathway, Stage
from app.dashboards.models import (
    BeneficiaryFigures,
    CaseloadCell,
    CaseWorkerFact,
    FollowUpCell,
    FollowUpFact,
    PeopleCell,
    StageCell,
    StageFact,
)
from app.dashboards.queries.scope import days_between, dialect, flag, month_of, months_after
from app.dashboards.workloads import (
    CASE_WORKER_COLUMNS,
    CASELOAD_KEYS,
    FOLLOW_UP_COLUMNS,
    FOLLOW_UP_KEYS,
    case_worker_rows,
    caseload_contributions,
    follow_up_contributions,
    follow_up_rows,
)
from app.extensions import db
from app.vocabulary import (
    BusinessPlanStatus,
    CaseStatus,
    CefrLevel,
    ClosureReason,
    ConsentPurpose,
    Gender,
    LanguageSkill,
    StageKind,
    StageStatus,
)

# Closing a case for these reasons is a drop-out; the others are successes.
DROP_OUT_REASONS = (
    ClosureReason.MOVED_AWAY,
    ClosureReason.LOST_CONTACT,
    ClosureReason.DECLINED,
    ClosureReason.DECEASED,
    ClosureReason.OTHER,
)

# How far a stage went, for the funnel: completed, then in progress, then interrupted.
STATUS_RANK = {
    StageStatus.PLANNED: 0,
    StageStatus.INTERRUPTED: 1,
    StageStatus.IN_PROGRESS: 2,
    StageStatus.COMPLETED: 3,
}

PEOPLE_KEYS = (
    "organisation_id",
    "entry_month",
    "woman",
    "young_person",
    "unaccompanied_minor",
    "disability",
    "counted",
    "drop_out_reason",
)
PEOPLE_SUMS = (
    "employed",
    "employed_6",
    "employed_12",
    "qualified",
    "business",
    "language_courses",
    "levels_gained",
    "language_hours",
)
STAGE_KEYS = ("organisation_id", "counted", "figure", "kind", "code", "days")

# IN lists stay well under every database's limit on bound parameters.
_CHUNK = 500
_PENDING = "dashboard_beneficiaries"
_PENDING_STAGES = "dashboard_stages"

BatchCallback = Callable[[int], None]


def _text(column: Any) -> ColumnElement[str]:
    """A code column as plain text, so that "" can stand for "none"."""
    return cast(column, String)


# Statements for a set of beneficiaries take their ids in this expanding parameter.
IDS = "beneficiary_ids"


def _ids() -> Any:
    return bindparam(IDS, expanding=True)


def beneficiary_rows(some: bool) -> Select[Any]:
    """The ``dashboard_beneficiaries`` rows, from the case files: of the beneficiaries given
    as ``IDS`` when ``some``, else of everyone."""
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
    )
    entry, achieved = aliased(LanguageAssessment), aliased(LanguageAssessment)

    def rank_of(level: Any) -> Any:
        return case(*((level == code.value, code.rank) for code in CefrLevel), else_=0)

    language = (
        select(
            Stage.beneficiary_id.label("beneficiary_id"),
            func.count().label("courses"),
            func.sum(rank_of(achieved.level) - rank_of(entry.level)).label("gained"),
            func.sum(Stage.hours_attended).label("hours"),
        )
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
        .where(Stage.kind == StageKind.HOST_LANGUAGE, Stage.hours_attended > 0)
        .group_by(Stage.beneficiary_id)
    )
    if some:
        outcome = outcome.where(Stage.beneficiary_id.in_(_ids()))
        language = language.where(Stage.beneficiary_id.in_(_ids()))
    outcome_rows, language_rows = outcome.subquery(), language.subquery()
    first_job = outcome_rows.c.first_job
    counted = exists().where(
        Consent.beneficiary_id == Beneficiary.id,
        Consent.purpose == ConsentPurpose.ANONYMOUS_STATISTICS,
        Consent.withdrawn_on.is_(None),
    )
    dropped_out = and_(
        Beneficiary.status == CaseStatus.CLOSED,
        Beneficiary.closure_reason.in_(DROP_OUT_REASONS),
    )
    query = (
        select(
            Beneficiary.id,
            Beneficiary.organisation_id,
            Beneficiary.entered_on,
            month_of(Beneficiary.entered_on),
            Beneficiary.gender == Gender.FEMALE,
            Beneficiary.young_person.is_(True),
            Beneficiary.unaccompanied_minor.is_(True),
            Beneficiary.has_disability.is_(True),
            counted,
            case((dropped_out, _text(Beneficiary.closure_reason)), else_=""),
            Beneficiary.status != CaseStatus.CLOSED,
            first_job,
            flag(first_job.is_not(None)),
            flag(first_job <= months_after(Beneficiary.entered_on, 6)),
            flag(first_job <= months_after(Beneficiary.entered_on, 12)),
            func.coalesce(outcome_rows.c.qualified, 0),
            func.coalesce(outcome_rows.c.business, 0),
            func.coalesce(language_rows.c.courses, 0),
            func.coalesce(language_rows.c.gained, 0),
            func.coalesce(language_rows.c.hours, 0),
        )
        .outerjoin(outcome_rows, outcome_rows.c.beneficiary_id == Beneficiary.id)
        .outerjoin(language_rows, language_rows.c.beneficiary_id == Beneficiary.id)
    )
    if some:
        query = query.where(Beneficiary.id.in_(_ids()))
    return query


BENEFICIARY_COLUMNS = (
    "beneficiary_id",
    "organisation_id",
    "entered_on",
    "entry_month",
    "woman",
    "young_person",
    "unaccompanied_minor",
    "disability",
    "counted",
    "drop_out_reason",
    "open_case",
    "first_job_on",
    *PEOPLE_SUMS,
)


def stage_rows(some: bool) -> Select[Any]:
    """The ``dashboard_stage_facts`` rows of the ``IDS`` beneficiaries' stages when ``some``,
    else of every stage."""
    started = select(
        Stage.id.label("stage_id"),
        func.lag(Stage.actual_end)
        .over(partition_by=Stage.pathway_id, order_by=Stage.position)
        .label("previous_end"),
    ).where(Stage.actual_start.is_not(None))
    if some:
        started = started.where(Stage.beneficiary_id.in_(_ids()))
    waits = started.subquery()
    rank = case(
        *((Stage.status == status, value) for status, value in STATUS_RANK.items()), else_=0
    )
    furthest = func.row_number().over(
        partition_by=(Stage.beneficiary_id, Stage.kind), order_by=(rank.desc(), Stage.id)
    )
    query = select(
        Stage.id,
        Stage.beneficiary_id,
        _text(Stage.kind),
        _text(Stage.status),
        func.coalesce(_text(Stage.interruption_reason), ""),
        furthest == 1,
        days_between(Stage.actual_end, Stage.actual_start),
        days_between(Stage.actual_start, waits.c.previous_end),
    ).outerjoin(waits, waits.c.stage_id == Stage.id)
    if some:
        query = query.where(Stage.beneficiary_id.in_(_ids()))
    return query


STAGE_FACT_COLUMNS = (
    "stage_id",
    "beneficiary_id",
    "kind",
    "status",
    "interruption_reason",
    "furthest",
    "days_in_stage",
    "days_waited",
)


def people_contributions(
    keys: Sequence[ColumnElement[Any]], conditions: Iterable[ColumnElement[bool]]
) -> Select[Any]:
    """Beneficiary rows added up by ``keys``: people, then each of ``PEOPLE_SUMS``."""
    return (
        select(
            *keys,
            func.count().label("people"),
            *(func.sum(getattr(BeneficiaryFigures, name)).label(name) for name in PEOPLE_SUMS),
        )
        .where(*conditions)
        .group_by(*keys)
    )


def stage_contributions(
    keys: Sequence[ColumnElement[Any]], conditions: Iterable[ColumnElement[bool]]
) -> Select[Any]:
    """Stage facts added up by ``keys``, then figure, kind, code and days, with a count."""
    conditions = list(conditions)
    fact = StageFact
    interrupted = fact.status == StageStatus.INTERRUPTED.value
    reason = case((fact.interruption_reason == "", "other"), else_=fact.interruption_reason)
    parts = (
        ("reached", fact.status, None, fact.furthest.is_(True)),
        ("status", fact.status, None, None),
        ("interrupted", reason, None, interrupted),
        ("duration", None, fact.days_in_stage, fact.days_in_stage.is_not(None)),
        ("wait", None, fact.days_waited, fact.days_waited.is_not(None)),
    )
    selects = []
    for figure, code, days, condition in parts:
        code_column = literal("", String) if code is None else code
        days_column = literal(0) if days is None else days
        grouped = [*keys, fact.kind, *(c for c in (code, days) if c is not None)]
        selects.append(
            select(
                *keys,
                literal(figure, String).label("figure"),
                fact.kind.label("kind"),
                code_column.label("code"),
                days_column.label("days"),
                func.count().label("count"),
            )
            .select_from(fact)
            .join(BeneficiaryFigures, BeneficiaryFigures.beneficiary_id == fact.beneficiary_id)
            .where(*conditions, *(c for c in (condition,) if c is not None))
            .group_by(*grouped)
        )
    return union_all(*selects)  # type: ignore[return-value]


def _people_keys() -> list[ColumnElement[Any]]:
    return [getattr(BeneficiaryFigures, name) for name in PEOPLE_KEYS]


def _stage_keys() -> list[ColumnElement[Any]]:
    return [BeneficiaryFigures.organisation_id.expression, BeneficiaryFigures.counted.expression]


def _chunks(ids: Sequence[uuid.UUID]) -> Iterable[list[uuid.UUID]]:
    for start in range(0, len(ids), _CHUNK):
        yield list(ids[start : start + _CHUNK])


@dataclass(frozen=True, slots=True)
class _Refresh:
    """The statements a write runs, built once per database dialect: only run after that."""

    people_before_after: Select[*tuple[Any, ...]]
    stages_before_after: Select[*tuple[Any, ...]]
    insert_beneficiaries: Any
    insert_stages: Any
    caseloads_before_after: Select[*tuple[Any, ...]]
    follow_ups_before_after: Select[*tuple[Any, ...]]
    insert_case_workers: Any
    insert_follow_ups: Any


@cache
def _refresh_statements(dialect_name: str) -> _Refresh:
    in_ids = BeneficiaryFigures.beneficiary_id.in_(_ids())
    return _Refresh(
        people_contributions(_people_keys(), [in_ids]),
        stage_contributions(_stage_keys(), [in_ids]),
        # Core inserts: the ORM would take the ids parameter for rows to insert.
        insert(BeneficiaryFigures.__table__).from_select(
            BENEFICIARY_COLUMNS, beneficiary_rows(True)
        ),
        insert(StageFact.__table__).from_select(STAGE_FACT_COLUMNS, stage_rows(True)),
        caseload_contributions([CaseWorkerFact.beneficiary_id.in_(_ids())]),
        follow_up_contributions([FollowUpFact.beneficiary_id.in_(_ids())]),
        insert(CaseWorkerFact.__table__).from_select(CASE_WORKER_COLUMNS, case_worker_rows(IDS)),
        insert(FollowUpFact.__table__).from_select(FOLLOW_UP_COLUMNS, follow_up_rows(IDS)),
    )


def _contributions(session: Session, ids: list[uuid.UUID]) -> tuple[Counter, Counter]:
    """What ``ids``' detail rows add to the people cells and to the stage cells."""
    statements = _refresh_statements(dialect())
    people: Counter[tuple[Any, ...]] = Counter()
    for row in session.execute(statements.people_before_after, {IDS: ids}):
        key = tuple(row[: len(PEOPLE_KEYS)])
        for name, value in zip(("people", *PEOPLE_SUMS), row[len(PEOPLE_KEYS) :], strict=True):
            people[(key, name)] += int(value or 0)
    stages: Counter[tuple[Any, ...]] = Counter()
    for row in session.execute(statements.stages_before_after, {IDS: ids}):
        stages[tuple(row[:-1])] += row[-1]
    return people, stages


def _workload_contributions(session: Session, ids: list[uuid.UUID]) -> tuple[Counter, Counter]:
    """What ``ids``' detail rows add to the caseload cells and to the follow-up cells."""
    statements = _refresh_statements(dialect())
    caseloads: Counter[tuple[Any, ...]] = Counter()
    for *key, count in session.execute(statements.caseloads_before_after, {IDS: ids}):
        caseloads[tuple(key)] += count
    follow_ups: Counter[tuple[Any, ...]] = Counter()
    for *key, count in session.execute(statements.follow_ups_before_after, {IDS: ids}):
        follow_ups[tuple(key)] += count
    return caseloads, follow_ups


def _cell_rows(
    after: Counter, before: Counter, keys: Sequence[str], count: str
) -> list[dict[str, Any]]:
    after.subtract(before)
    return [
        {**dict(zip(keys, key, strict=True)), count: change}
        for key, change in after.items()
        if change
    ]


def _upsert(session: Session, table: Any, keys: Sequence[str], rows: list[dict[str, Any]]) -> None:
    """Add each row's counts to the cell with its keys, creating the cell when missing."""
    if not rows:
        return
    dialect = session.get_bind(clause=table.__table__).dialect.name
    make = postgresql.insert if dialect == "postgresql" else sqlite.insert
    statement = make(table)
    counts = [name for name in rows[0] if name not in keys]
    statement = statement.on_conflict_do_update(
        index_elements=list(keys),
        set_={name: getattr(table, name) + statement.excluded[name] for name in counts},
    )
    session.execute(statement, rows)


def refresh(session: Session, beneficiary_ids: Iterable[uuid.UUID]) -> None:
    """Bring these beneficiaries' summary rows, and the cells they count in, up to date."""
    ordered = sorted(set(beneficiary_ids))
    for ids in _chunks(ordered):
        people_before, stages_before = _contributions(session, ids)
        caseloads_before, follow_ups_before = _workload_contributions(session, ids)
        session.execute(delete(StageFact).where(StageFact.beneficiary_id.in_(ids)))
        session.execute(delete(CaseWorkerFact).where(CaseWorkerFact.beneficiary_id.in_(ids)))
        session.execute(delete(FollowUpFact).where(FollowUpFact.beneficiary_id.in_(ids)))
        session.execute(
            delete(BeneficiaryFigures).where(BeneficiaryFigures.beneficiary_id.in_(ids))
        )
        statements = _refresh_statements(dialect())
        session.execute(statements.insert_beneficiaries, {IDS: ids})
        session.execute(statements.insert_stages, {IDS: ids})
        session.execute(statements.insert_case_workers, {IDS: ids})
        session.execute(statements.insert_follow_ups, {IDS: ids})
        people_after, stages_after = _contributions(session, ids)
        caseloads_after, follow_ups_after = _workload_contributions(session, ids)
        people_after.subtract(people_before)
        stages_after.subtract(stages_before)
        cells: dict[tuple[Any, ...], dict[str, Any]] = {}
        for (key, name), change in people_after.items():
            cells.setdefault(key, {**dict(zip(PEOPLE_KEYS, key, strict=True))})[name] = change
        people_rows = [
            {"people": 0, **dict.fromkeys(PEOPLE_SUMS, 0), **row}
            for row in cells.values()
            if any(row.get(name) for name in ("people", *PEOPLE_SUMS))
        ]
        stage_rows_ = [
            {**dict(zip(STAGE_KEYS, key, strict=True)), "count": change}
            for key, change in stages_after.items()
            if change
        ]
        _upsert(session, PeopleCell, PEOPLE_KEYS, people_rows)
        _upsert(session, StageCell, STAGE_KEYS, stage_rows_)
        if people_rows:
            session.execute(delete(PeopleCell).where(PeopleCell.people == 0))
        if stage_rows_:
            session.execute(delete(StageCell).where(StageCell.count == 0))
        for table, keys, count, after, before in (
            (CaseloadCell, CASELOAD_KEYS, "cases", caseloads_after, caseloads_before),
            (FollowUpCell, FOLLOW_UP_KEYS, "tasks", follow_ups_after, follow_ups_before),
        ):
            rows = _cell_rows(after, before, keys, count)
            _upsert(session, table, keys, rows)
            if rows:
                session.execute(delete(table).where(getattr(table, count) == 0))


DETAIL_TABLES = (FollowUpFact, CaseWorkerFact, StageFact, BeneficiaryFigures)
CELL_TABLES = (FollowUpCell, CaseloadCell, StageCell, PeopleCell)


def rebuild(
    session: Session, *, batch_size: int | None = None, on_batch: BatchCallback | None = None
) -> None:
    """Recompute the whole summary from the case files: after a bulk import, or to check.

    With ``batch_size``, the detail rows are rewritten that many beneficiaries at a time,
    ``on_batch`` running after each batch with the running total (the command commits
    there, so that no write lock lasts the whole rebuild); the cells are then added up
    again from the detail rows. Without it, everything is one set of statements.
    """
    if batch_size is None:
        for table in (*CELL_TABLES, *DETAIL_TABLES):
            session.execute(delete(table))
        _insert_details(session)
    else:
        _rebuild_details_in_batches(session, batch_size, on_batch)
    _recount_cells(session)


def _insert_details(session: Session) -> None:
    session.execute(
        insert(BeneficiaryFigures).from_select(BENEFICIARY_COLUMNS, beneficiary_rows(False))
    )
    session.execute(insert(StageFact).from_select(STAGE_FACT_COLUMNS, stage_rows(False)))
    session.execute(insert(CaseWorkerFact).from_select(CASE_WORKER_COLUMNS, case_worker_rows(None)))
    session.execute(insert(FollowUpFact).from_select(FOLLOW_UP_COLUMNS, follow_up_rows(None)))


def _rebuild_details_in_batches(
    session: Session, batch_size: int, on_batch: BatchCallback | None
) -> None:
    """Rewrite every beneficiary's detail rows, a page of beneficiaries (by id) at a time."""
    statements = _refresh_statements(dialect())
    done = 0
    last_id: uuid.UUID | None = None
    page = select(Beneficiary.id).order_by(Beneficiary.id).limit(batch_size)
    while True:
        query = page if last_id is None else page.where(Beneficiary.id > last_id)
        ids = list(session.scalars(query))
        if not ids:
            break
        for table in DETAIL_TABLES:
            session.execute(delete(table).where(table.beneficiary_id.in_(ids)))
        session.execute(statements.insert_beneficiaries, {IDS: ids})
        session.execute(statements.insert_stages, {IDS: ids})
        session.execute(statements.insert_case_workers, {IDS: ids})
        session.execute(statements.insert_follow_ups, {IDS: ids})
        done += len(ids)
        last_id = ids[-1]
        if on_batch is not None:
            on_batch(done)
    # The rows of beneficiaries deleted since the summary was last written.
    for table in DETAIL_TABLES:
        session.execute(delete(table).where(table.beneficiary_id.not_in(select(Beneficiary.id))))


def _recount_cells(session: Session) -> None:
    """Add up every cell again from the detail rows."""
    for table in CELL_TABLES:
        session.execute(delete(table))
    session.execute(
        insert(PeopleCell).from_select(
            [*PEOPLE_KEYS, "people", *PEOPLE_SUMS], people_contributions(_people_keys(), [])
        )
    )
    session.execute(
        insert(StageCell).from_select(
            [*STAGE_KEYS, "count"], stage_contributions(_stage_keys(), [])
        )
    )
    session.execute(
        insert(CaseloadCell).from_select([*CASELOAD_KEYS, "cases"], caseload_contributions([]))
    )
    session.execute(
        insert(FollowUpCell).from_select([*FOLLOW_UP_KEYS, "tasks"], follow_up_contributions([]))
    )


def _collect(session: Session, flush_context: Any) -> None:
    """After a flush: note whose figures may have changed (written out before commit)."""
    ids: set[uuid.UUID] = session.info.setdefault(_PENDING, set())
    stage_ids: set[uuid.UUID] = session.info.setdefault(_PENDING_STAGES, set())
    for record in chain(session.new, session.dirty, session.deleted):
        if isinstance(record, Beneficiary):
            ids.add(record.id)
        elif isinstance(record, Pathway | Stage | Consent | CaseAssignment | Task):
            ids.add(record.beneficiary_id)
        elif isinstance(record, LanguageAssessment):
            stage_ids.add(record.stage_id)


def _owners_of(session: Session, stage_ids: set[uuid.UUID]) -> set[uuid.UUID]:
    """The beneficiaries of these stages, whether the stage is still there or just deleted."""
    owners: set[uuid.UUID] = set()
    for ids in _chunks(sorted(stage_ids)):
        owners.update(session.scalars(select(Stage.beneficiary_id).where(Stage.id.in_(ids))))
        owners.update(
            session.scalars(select(StageFact.beneficiary_id).where(StageFact.stage_id.in_(ids)))
        )
    return owners


def refresh_pending(session: Session) -> None:
    """Write out the figures of every beneficiary changed in this transaction so far.

    Runs before each commit, after flushing what the commit would otherwise flush later.
    """
    session.flush()
    ids: set[uuid.UUID] = session.info.pop(_PENDING, set())
    stage_ids: set[uuid.UUID] = session.info.pop(_PENDING_STAGES, set())
    if stage_ids:
        ids |= _owners_of(session, stage_ids)
    ids.discard(None)
    if ids:
        refresh(session, ids)


def _forget(session: Session, transaction: SessionTransaction) -> None:
    """A transaction that ends without commit leaves nothing to refresh."""
    if transaction.parent is None:
        session.info.pop(_PENDING, None)
        session.info.pop(_PENDING_STAGES, None)


_LISTENERS = (
    ("after_flush", _collect),
    ("before_commit", refresh_pending),
    ("after_transaction_end", _forget),
)


def keep_up_to_date(sessions: scoped_session[Session] | None = None) -> None:
    """Listen to the application's sessions (once, however many applications are made)."""
    target = sessions if sessions is not None else db.session
    for name, listener in _LISTENERS:
        if not event.contains(target, name, listener):
            event.listen(target, name, listener)


def stop_keeping_up_to_date(sessions: scoped_session[Session] | None = None) -> None:
    """Stop listening: to measure what the listeners cost, never in the application."""
    target = sessions if sessions is not None else db.session
    for name, listener in _LISTENERS:
        if event.contains(target, name, listener):
            event.remove(target, name, listener)
