"""Forms for the pathway and its stages."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from wtforms import BooleanField, StringField, TextAreaField
from wtforms.validators import DataRequired, InputRequired, Length, NumberRange, Optional

from app.cases.pathways.models import AssessmentPoint
from app.forms import ChoiceField, DateField, Form, IntegerField, VersionField, options
from app.vocabulary import (
    LANGUAGE_SKILL_LABELS,
    BusinessPlanStatus,
    CefrLevel,
    ContractType,
    HoursUnit,
    Intensity,
    IntensityReason,
    InterruptionReason,
    LanguageSkill,
    NaceSection,
    PathwayVariant,
    StageKind,
    StageStatus,
    choices,
)

TEXT_MAX = 4000


def _max(limit: int) -> Length:
    return Length(max=limit, message=_l("This can have at most %(max)d characters."))


def _hours() -> list[object]:
    return [Optional(), NumberRange(min=0, max=5000, message=_l("Enter between 0 and 5000."))]


def _optional_choice(label: str, codes: type) -> ChoiceField:
    return ChoiceField(label, choices=options([("", _l("Not set")), *choices(codes)]))


class StageForm(Form):
    kind = ChoiceField(_l("Kind of stage"), choices=options(choices(StageKind)))
    title = StringField(
        _l("Title"), validators=[DataRequired(_l("Enter a title for the stage.")), _max(200)]
    )
    provider = StringField(_l("Provider"), validators=[Optional(), _max(200)])
    status = ChoiceField(_l("Status"), choices=options(choices(StageStatus)))
    planned_start = DateField(_l("Planned start"), validators=[Optional()])
    planned_end = DateField(_l("Planned end"), validators=[Optional()])
    actual_start = DateField(_l("Actual start"), validators=[Optional()])
    actual_end = DateField(_l("Actual end"), validators=[Optional()])
    interruption_reason = _optional_choice(_l("Reason for the interruption"), InterruptionReason)
    interruption_details = TextAreaField(
        _l("About the interruption"), validators=[Optional(), _max(TEXT_MAX)]
    )
    goals = TextAreaField(
        _l("Goals"), validators=[Optional(), _max(TEXT_MAX)], render_kw={"dir": "auto"}
    )
    outcome = TextAreaField(
        _l("Outcome"), validators=[Optional(), _max(TEXT_MAX)], render_kw={"dir": "auto"}
    )
    hours_planned = IntegerField(_l("Hours planned"), validators=_hours())
    hours_attended = IntegerField(_l("Hours attended"), validators=_hours())
    hours_unit = ChoiceField(_l("Counted in"), choices=options(choices(HoursUnit)))
    hours_confirmed = BooleanField(_l("Yes, more hours were attended than planned"))
    certificate = StringField(
        _l("Exam or certificate"),
        description=_l("For example DTZ, TCF, SFI course D."),
        validators=[Optional(), _max(100)],
    )
    nace_section = _optional_choice(_l("Sector (NACE)"), NaceSection)
    contract_type = _optional_choice(_l("Contract"), ContractType)
    hours_per_week = IntegerField(_l("Hours per week"), validators=[Optional()])
    business_activity = TextAreaField(
        _l("Business activity"), validators=[Optional(), _max(TEXT_MAX)]
    )
    plan_status = _optional_choice(_l("Business plan"), BusinessPlanStatus)
    registration_date = DateField(_l("Registration date"), validators=[Optional()])
    version = VersionField()


class PathwaySettingsForm(Form):
    intensity = ChoiceField(
        _l("Pace"), choices=options((str(value), label) for value, label in choices(Intensity))
    )
    intensity_reason = _optional_choice(_l("Reason for part time"), IntensityReason)
    variant = ChoiceField(_l("Course variant"), choices=options(choices(PathwayVariant)))
    version = VersionField()


class StageDateForm(Form):
    on = DateField(_l("Date"), validators=[InputRequired(_l("Enter the date."))])


LEVEL_CHOICES = [("", _l("Not assessed")), *choices(CefrLevel)]


class LanguageLevelsForm(Form):
    """CEFR levels at entry, targeted and achieved, overall and per skill, with dates."""


for _point in AssessmentPoint:
    for _skill in LanguageSkill:
        setattr(
            LanguageLevelsForm,
            f"{_point.value}_{_skill.value}",
            ChoiceField(LANGUAGE_SKILL_LABELS[_skill], choices=options(LEVEL_CHOICES)),
        )
        setattr(
            LanguageLevelsForm,
            f"{_point.value}_{_skill.value}_on",
            DateField(_l("Assessed on"), validators=[Optional()]),
        )
