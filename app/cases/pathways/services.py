"""Pathway operations: create from a national template, add and edit stages, move on.

Functions change the ORM and ``flush()``; the request commits. Each change writes a
history event on the case.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from datetime import date
from typing import Any

from sqlalchemy import bindparam, func, select
from sqlalchemy.orm import joinedload

from app.accounts.models import User
from app.cases.errors import InvalidInput, StaleRecord
from app.cases.history import CaseAction, changes_between, record_event
from app.cases.models import Beneficiary
from app.cases.pathways.models import AssessmentPoint, LanguageAssessment, Pathway, Stage
from app.cases.pathways.templates import PathwayTemplate
from app.db import versioned_save
from app.extensions import db
from app.vocabulary import (
    BusinessPlanStatus,
    CefrLevel,
    ContractType,
    HoursUnit,
    IntensityReason,
    InterruptionReason,
    LanguageSkill,
    PathwayVariant,
    StageKind,
    StageStatus,
)

_PATHWAY_OF_CASE = (
    select(Pathway)
    .where(Pathway.beneficiary_id == bindparam("beneficiary_id"))
    .options(joinedload(Pathway.stages).joinedload(Stage.overall_levels))
)


def pathway_of(beneficiary: Beneficiary) -> Pathway | None:
    """The pathway with its stages and their overall language levels, in one query."""
    return db.session.scalar(_PATHWAY_OF_CASE, {"beneficiary_id": beneficiary.id})


_POINT_ORDER = {point: index for index, point in enumerate(AssessmentPoint)}


def overall_levels_of(pathway: Pathway) -> dict[Any, list[tuple[AssessmentPoint, CefrLevel]]]:
    """Each language stage's overall CEFR levels by stage id, in the order entry, target,
    achieved: the case page's summary."""
    levels: dict[Any, list[tuple[AssessmentPoint, CefrLevel]]] = {}
    for stage in pathway.stages:
        if stage.kind is StageKind.HOST_LANGUAGE and stage.overall_levels:
            points = [(level.point, level.level) for level in stage.overall_levels]
            levels[stage.id] = sorted(points, key=lambda pair: _POINT_ORDER[pair[0]])
    return levels


def create_pathway(
    beneficiary: Beneficiary, template: PathwayTemplate | None, actor: User
) -> Pathway:
    """A new pathway, with the template's stages planned in order when one is given."""
    pathway = Pathway(beneficiary=beneficiary, template_code=template.code if template else None)
    db.session.add(pathway)
    if template is not None:
        # Optional steps of a scheme (a placement, starting a business...) are added by
        # the worker when they apply; the plan starts with the steps everyone takes.
        steps = [step for step in template.stages if not step.optional]
        for position, step in enumerate(steps, start=1):
            pathway.stages.append(
                Stage(
                    beneficiary=beneficiary,
                    position=position,
                    kind=step.kind,
                    title=step.title,
                    provider=step.provider,
                    hours_planned=step.hours_planned,
                    hours_unit=step.hours_unit,
                    certificate=step.certificate,
                )
            )
    db.session.flush()
    record_event(
        beneficiary,
        actor,
        CaseAction.PATHWAY_CREATED,
        changes={"template": [None, template.code]} if template else None,
    )
    db.session.flush()
    return pathway


@dataclass(frozen=True, slots=True)
class PathwaySettings:
    intensity: int
    intensity_reason: IntensityReason | None
    variant: PathwayVariant


def update_pathway_settings(
    pathway: Pathway, settings: PathwaySettings, expected_version: int, actor: User
) -> None:
    if pathway.version != expected_version:
        raise StaleRecord()
    if settings.intensity != 100 and settings.intensity_reason is None:
        raise InvalidInput({"intensity_reason": "reason_required"})
    values = asdict(settings)
    if settings.intensity == 100:
        values["intensity_reason"] = None
    changes = changes_between(pathway, values)
    with versioned_save(db.session(), StaleRecord):
        for name in changes:
            setattr(pathway, name, values[name])
        pathway.version = expected_version + 1
        record_event(pathway.beneficiary, actor, CaseAction.PATHWAY_UPDATED, changes=changes)


@dataclass(frozen=True, slots=True)
class StageData:
    kind: StageKind
    title: str
    provider: str | None = None
    status: StageStatus = StageStatus.PLANNED
    planned_start: date | None = None
    planned_end: date | None = None
    actual_start: date | None = None
    actual_end: date | None = None
    interruption_reason: InterruptionReason | None = None
    interruption_details: str | None = None
    goals: str | None = None
    outcome: str | None = None
    hours_planned: int | None = None
    hours_attended: int | None = None
    hours_unit: HoursUnit = HoursUnit.HOUR
    certificate: str | None = None
    nace_section: str | None = None
    contract_type: ContractType | None = None
    hours_per_week: int | None = None
    business_activity: str | None = None
    plan_status: BusinessPlanStatus | None = None
    registration_date: date | None = None


def check_stage_data(data: StageData, today: date, *, hours_confirmed: bool) -> dict[str, str]:
    """Problems that make a stage impossible, by field; empty when all is well."""
    problems: dict[str, str] = {}
    if data.planned_start and data.planned_end and data.planned_end < data.planned_start:
        problems["planned_end"] = "end_before_start"
    if data.actual_start and data.actual_end and data.actual_end < data.actual_start:
        problems["actual_end"] = "end_before_start"
    if data.actual_start and data.actual_start > today:
        problems["actual_start"] = "date_in_future"
    if data.actual_end and data.actual_end > today:
        problems["actual_end"] = "date_in_future"
    if data.status in (StageStatus.IN_PROGRESS, StageStatus.COMPLETED) and not data.actual_start:
        problems["actual_start"] = "start_required"
    if data.status is StageStatus.COMPLETED and not data.actual_end:
        problems.setdefault("actual_end", "end_required")
    if data.status is StageStatus.PLANNED and (data.actual_start or data.actual_end):
        problems["status"] = "planned_but_started"
    if data.status is StageStatus.INTERRUPTED and data.interruption_reason is None:
        problems["interruption_reason"] = "reason_required"
    if (
        data.hours_planned is not None
        and data.hours_attended is not None
        and data.hours_attended > data.hours_planned
        and not hours_confirmed
    ):
        problems["hours_attended"] = "more_than_planned"
    if data.hours_attended is not None and data.hours_planned is None and not hours_confirmed:
        problems["hours_attended"] = "more_than_planned"
    if data.hours_per_week is not None and not 1 <= data.hours_per_week <= 60:
        problems["hours_per_week"] = "hours_per_week_range"
    if data.registration_date and data.registration_date > today:
        problems["registration_date"] = "date_in_future"
    return problems


def _clean(data: StageData) -> dict[str, Any]:
    """Only the fields that belong to the stage's kind and status are kept."""
    values = asdict(data)
    if data.status is not StageStatus.INTERRUPTED:
        values["interruption_reason"] = None
        values["interruption_details"] = None
    if data.kind is not StageKind.EMPLOYMENT:
        values.update(nace_section=None, contract_type=None, hours_per_week=None)
    if data.kind is not StageKind.BUSINESS_CREATION:
        values.update(business_activity=None, plan_status=None, registration_date=None)
    return values


def add_stage(
    pathway: Pathway, data: StageData, actor: User, today: date, *, hours_confirmed: bool = False
) -> Stage:
    problems = check_stage_data(data, today, hours_confirmed=hours_confirmed)
    if problems:
        raise InvalidInput(problems)
    last = db.session.scalar(select(func.max(Stage.position)).where(Stage.pathway_id == pathway.id))
    stage = Stage(pathway=pathway, beneficiary=pathway.beneficiary, position=(last or 0) + 1)
    for name, value in _clean(data).items():
        setattr(stage, name, value)
    db.session.add(stage)
    db.session.flush()
    record_event(
        pathway.beneficiary,
        actor,
        CaseAction.STAGE_ADDED,
        subject_id=stage.id,
        changes={"kind": [None, data.kind.value]},
    )
    db.session.flush()
    return stage


def update_stage(
    stage: Stage,
    data: StageData,
    expected_version: int,
    actor: User,
    today: date,
    *,
    hours_confirmed: bool = False,
) -> dict[str, list[Any]]:
    if stage.version != expected_version:
        raise StaleRecord()
    problems = check_stage_data(data, today, hours_confirmed=hours_confirmed)
    if problems:
        raise InvalidInput(problems)
    values = _clean(data)
    changes = changes_between(stage, values)
    if not changes:
        return {}
    with versioned_save(db.session(), StaleRecord):
        for name in changes:
            setattr(stage, name, values[name])
        stage.version = expected_version + 1
        record_event(
            stage.beneficiary, actor, CaseAction.STAGE_UPDATED, subject_id=stage.id, changes=changes
        )
    return changes


def stage_data_of(stage: Stage) -> StageData:
    """The stage as it is now, to change one thing and save it through update_stage."""
    names = StageData.__dataclass_fields__
    values = {name: getattr(stage, name) for name in names}
    for name in ("interruption_details", "goals", "outcome", "business_activity"):
        if not isinstance(values[name], str | None):
            values[name] = None
    return StageData(**values)


def start_stage(stage: Stage, on: date, actor: User, today: date) -> None:
    data = stage_data_of(stage)
    update_stage(
        stage,
        StageData(**{**asdict(data), "status": StageStatus.IN_PROGRESS, "actual_start": on}),
        stage.version,
        actor,
        today,
        hours_confirmed=True,
    )


def complete_stage(stage: Stage, on: date, actor: User, today: date) -> None:
    data = stage_data_of(stage)
    update_stage(
        stage,
        StageData(**{**asdict(data), "status": StageStatus.COMPLETED, "actual_end": on}),
        stage.version,
        actor,
        today,
        hours_confirmed=True,
    )


def current_stage(stages: list[Stage]) -> Stage | None:
    """The stage in progress, else the first planned one."""
    for status in (StageStatus.IN_PROGRESS, StageStatus.PLANNED):
        for stage in stages:
            if stage.status is status:
                return stage
    return None


def set_language_levels(
    stage: Stage,
    levels: dict[tuple[AssessmentPoint, LanguageSkill], tuple[CefrLevel | None, date | None]],
    actor: User,
    today: date,
) -> None:
    """Record CEFR levels of a language stage; a None level removes that entry."""
    if stage.kind is not StageKind.HOST_LANGUAGE:
        raise InvalidInput({"stage": "not_a_language_stage"})
    for (point, skill), (_level, assessed_on) in levels.items():
        if assessed_on is not None and assessed_on > today:
            raise InvalidInput({f"{point.value}_{skill.value}_on": "date_in_future"})
    existing = {(a.point, a.skill): a for a in stage.assessments}
    changes: dict[str, list[Any]] = {}
    for (point, skill), (level, assessed_on) in levels.items():
        current = existing.get((point, skill))
        key = f"{point.value}_{skill.value}"
        if level is None:
            if current is not None:
                stage.assessments.remove(current)
                changes[key] = [current.level.value, None]
            continue
        if current is None:
            stage.assessments.append(
                LanguageAssessment(point=point, skill=skill, level=level, assessed_on=assessed_on)
            )
            changes[key] = [None, level.value]
        elif current.level is not level or current.assessed_on != assessed_on:
            changes[key] = [current.level.value, level.value]
            current.level = level
            current.assessed_on = assessed_on
    if changes:
        record_event(
            stage.beneficiary,
            actor,
            CaseAction.LEVELS_UPDATED,
            subject_id=stage.id,
            changes=changes,
        )
    db.session.flush()
