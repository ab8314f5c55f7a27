"""Small display helpers for case templates, with their translated words in one place."""

from __future__ import annotations

from datetime import date
from functools import cache
from typing import Any

from flask_babel import get_locale
from flask_babel import lazy_gettext as _l

from app.cases.forms import BeneficiaryForm
from app.cases.history import CaseAction
from app.cases.models import ReferralStatus
from app.cases.pathways.forms import PathwaySettingsForm, StageForm
from app.cases.pathways.models import AssessmentPoint
from app.i18n import format_local_date, language_name
from app.vocabulary import (
    LANGUAGE_SKILL_LABELS,
    Intensity,
    LanguageSkill,
    StageStatus,
)

ASSESSMENT_POINT_LABELS = {
    AssessmentPoint.ENTRY: _l("At entry"),
    AssessmentPoint.TARGET: _l("Target"),
    AssessmentPoint.ACHIEVED: _l("Achieved"),
}
REFERRAL_STATUS_LABELS = {
    ReferralStatus.PENDING: _l("waiting for an answer"),
    ReferralStatus.ACCEPTED: _l("accepted"),
    ReferralStatus.DECLINED: _l("declined"),
}
# Shapes, not colours alone, tell the stages apart; the status is also written out.
STAGE_ICONS = {
    StageStatus.COMPLETED: "✓",
    StageStatus.IN_PROGRESS: "●",
    StageStatus.PLANNED: "○",
    StageStatus.INTERRUPTED: "✕",
}


def date_or_marker(value: Any, style: str = "medium") -> Any:
    """A date formatted for the locale; anything else (an unreadable marker) as it is."""
    if isinstance(value, date):
        return format_local_date(value, style)
    return value


def display_helpers() -> dict[str, object]:
    return {
        "pace_label": lambda intensity: Intensity(intensity).label,
        "stage_icon": lambda status: STAGE_ICONS[status],
        "point_label": lambda point: str(ASSESSMENT_POINT_LABELS[AssessmentPoint(point)]),
        "referral_status_label": lambda status: str(REFERRAL_STATUS_LABELS[status]),
        "language_name": lambda code: language_name(code, str(get_locale())),
        "event_label": event_label,
    }


@cache
def _field_labels() -> dict[str, Any]:
    """Lazy labels of every field a history entry can name, from the forms that edit them.

    Read from forms bound once, without data or CSRF token (inside a request or app context).
    """
    labels: dict[str, Any] = {}
    for form_class in (BeneficiaryForm, StageForm, PathwaySettingsForm):
        for field in form_class(formdata=None, meta={"csrf": False}):
            labels[field.short_name] = field.label.text
    labels.update(
        contact=_l("Contact details"),
        guardian=_l("Guardian or legal representative"),
        birth_year=_l("Year of birth"),
        young_person=_l("Young person"),
        purpose=_l("Purpose"),
        organisation_id=_l("Organisation"),
        template=_l("National scheme"),
        closure_reason=_l("Reason"),
        preferred_locale=_l("Language of the personal space"),
    )
    # Language levels are recorded as "<point>_<skill>", e.g. "achieved_speaking".
    for point, point_label in ASSESSMENT_POINT_LABELS.items():
        for skill in LanguageSkill:
            labels[f"{point.value}_{skill.value}"] = _l(
                "%(point)s: %(skill)s", point=point_label, skill=LANGUAGE_SKILL_LABELS[skill]
            )
    return labels


def field_label(name: str) -> str:
    return str(_field_labels().get(name, name))


def event_label(action: str) -> str:
    return CaseAction(action).label
