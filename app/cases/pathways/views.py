"""Translating between the pathway forms and the services' data classes."""

from __future__ import annotations

from datetime import date

from app.cases.pathways.forms import LanguageLevelsForm, StageForm
from app.cases.pathways.models import AssessmentPoint, Stage
from app.cases.pathways.services import StageData
from app.crypto import is_unreadable
from app.vocabulary import (
    BusinessPlanStatus,
    CefrLevel,
    ContractType,
    HoursUnit,
    InterruptionReason,
    LanguageSkill,
    StageKind,
    StageStatus,
)

_TEXT = ("interruption_details", "goals", "outcome", "business_activity")
_CODES = {
    "kind": StageKind,
    "status": StageStatus,
    "interruption_reason": InterruptionReason,
    "contract_type": ContractType,
    "plan_status": BusinessPlanStatus,
    "hours_unit": HoursUnit,
}


def stage_data_from(form: StageForm) -> StageData:
    values = {}
    for name in StageData.__dataclass_fields__:
        value = getattr(form, name).data
        if name in _CODES:
            value = _CODES[name](value) if value else None
        elif isinstance(value, str):
            value = value or None
        values[name] = value
    values["title"] = form.title.data
    values["hours_unit"] = values["hours_unit"] or HoursUnit.HOUR
    return StageData(**values)


def fill_stage_form(form: StageForm, stage: Stage) -> None:
    for name in StageData.__dataclass_fields__:
        value = getattr(stage, name)
        if name in _TEXT and is_unreadable(value):
            value = None
        if name in _CODES:
            value = value.value if value is not None else ""
        getattr(form, name).data = (
            value if value is not None else ("" if name == "nace_section" else None)
        )
    form.version.data = stage.version


def saved_stage_values(stage: Stage) -> dict[str, str]:
    return {
        "title": stage.title,
        "status": stage.status.label,
        "actual_start": str(stage.actual_start or ""),
        "actual_end": str(stage.actual_end or ""),
        "hours_attended": str(stage.hours_attended or ""),
    }


def fill_levels_form(form: LanguageLevelsForm, stage: Stage) -> None:
    for assessment in stage.assessments:
        key = f"{assessment.point.value}_{assessment.skill.value}"
        getattr(form, key).data = assessment.level.value
        getattr(form, f"{key}_on").data = assessment.assessed_on


def levels_from(
    form: LanguageLevelsForm,
) -> dict[tuple[AssessmentPoint, LanguageSkill], tuple[CefrLevel | None, date | None]]:
    levels = {}
    for point in AssessmentPoint:
        for skill in LanguageSkill:
            key = f"{point.value}_{skill.value}"
            raw = getattr(form, key).data
            levels[(point, skill)] = (
                CefrLevel(raw) if raw else None,
                getattr(form, f"{key}_on").data,
            )
    return levels
