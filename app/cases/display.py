"""Small display helpers for case templates, with their translated words in one place."""

from __future__ import annotations

from datetime import date
from typing import Any

from flask_babel import format_date, get_locale
from flask_babel import lazy_gettext as _l

from app.cases.models import ReferralStatus
from app.i18n import language_name
from app.pathways.models import AssessmentPoint
from app.pathways.vocabulary import Intensity, StageStatus

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
        return format_date(value, style)
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


EVENT_LABELS = {
    "case_created": _l("Case created"),
    "profile_updated": _l("Profile changed"),
    "status_changed": _l("Case status changed"),
    "worker_assigned": _l("Worker assigned"),
    "worker_unassigned": _l("Worker no longer assigned"),
    "consent_recorded": _l("Consent recorded"),
    "consent_withdrawn": _l("Consent withdrawn"),
    "note_added": _l("Note added"),
    "task_added": _l("Task added"),
    "task_done": _l("Task done"),
    "referral_requested": _l("Referred to a partner"),
    "referral_accepted": _l("Referral accepted"),
    "referral_declined": _l("Referral declined"),
    "pathway_created": _l("Pathway started"),
    "pathway_updated": _l("Pace or variant changed"),
    "stage_added": _l("Stage added"),
    "stage_updated": _l("Stage changed"),
    "levels_updated": _l("Language levels changed"),
    "contact_updated": _l("Contact details changed by the beneficiary"),
}


def _form_labels() -> dict[str, Any]:
    from app.cases.forms import BeneficiaryForm
    from app.pathways.forms import PathwaySettingsForm, StageForm

    labels: dict[str, Any] = {}
    for form in (BeneficiaryForm, StageForm, PathwaySettingsForm):
        for name in dir(form):
            unbound = getattr(form, name)
            if hasattr(unbound, "field_class") and unbound.args:
                labels[name] = unbound.args[0]
    labels.update(
        contact=_l("Contact details"),
        guardian=_l("Guardian or legal representative"),
        birth_year=_l("Year of birth"),
        young_person=_l("Young person"),
        purpose=_l("Purpose"),
        organisation_id=_l("Organisation"),
        template=_l("National scheme"),
        closure_reason=_l("Reason"),
    )
    return labels


def field_label(name: str) -> str:
    labels = _LABELS.get("fields")
    if labels is None:
        labels = _LABELS["fields"] = _form_labels()
    return str(labels.get(name, name))


def event_label(action: str) -> str:
    return str(EVENT_LABELS.get(action, action))


_LABELS: dict[str, dict[str, Any]] = {}
