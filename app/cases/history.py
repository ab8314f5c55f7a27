"""The history of a case: every change, who made it, when, and which fields.

Field names are plain, for the timeline; old and new values are encrypted with the rest
of the case, under the beneficiary's data key.
"""

from __future__ import annotations

import enum
import uuid
from datetime import date
from enum import Enum
from typing import Any

from flask_babel import lazy_gettext as _l

from app.accounts.models import User
from app.cases.models import Beneficiary, CaseEvent
from app.extensions import db


class CaseAction(enum.StrEnum):
    """What happened to a case, as its history records it."""

    CASE_CREATED = "case_created"
    PROFILE_UPDATED = "profile_updated"
    STATUS_CHANGED = "status_changed"
    WORKER_ASSIGNED = "worker_assigned"
    WORKER_UNASSIGNED = "worker_unassigned"
    CONSENT_RECORDED = "consent_recorded"
    CONSENT_WITHDRAWN = "consent_withdrawn"
    NOTE_ADDED = "note_added"
    TASK_ADDED = "task_added"
    TASK_DONE = "task_done"
    REFERRAL_REQUESTED = "referral_requested"
    REFERRAL_ACCEPTED = "referral_accepted"
    REFERRAL_DECLINED = "referral_declined"
    PATHWAY_CREATED = "pathway_created"
    PATHWAY_UPDATED = "pathway_updated"
    STAGE_ADDED = "stage_added"
    STAGE_UPDATED = "stage_updated"
    LEVELS_UPDATED = "levels_updated"
    CONTACT_UPDATED = "contact_updated"
    PORTAL_ACCESS_ISSUED = "portal_access_issued"
    PORTAL_ACCESS_REISSUED = "portal_access_reissued"
    PORTAL_ACCESS_ACTIVATED = "portal_access_activated"
    PORTAL_ACCESS_REVOKED = "portal_access_revoked"

    @property
    def label(self) -> str:
        return str(CASE_ACTION_LABELS[self])


CASE_ACTION_LABELS = {
    CaseAction.CASE_CREATED: _l("Case created"),
    CaseAction.PROFILE_UPDATED: _l("Profile changed"),
    CaseAction.STATUS_CHANGED: _l("Case status changed"),
    CaseAction.WORKER_ASSIGNED: _l("Worker assigned"),
    CaseAction.WORKER_UNASSIGNED: _l("Worker no longer assigned"),
    CaseAction.CONSENT_RECORDED: _l("Consent recorded"),
    CaseAction.CONSENT_WITHDRAWN: _l("Consent withdrawn"),
    CaseAction.NOTE_ADDED: _l("Note added"),
    CaseAction.TASK_ADDED: _l("Task added"),
    CaseAction.TASK_DONE: _l("Task done"),
    CaseAction.REFERRAL_REQUESTED: _l("Referred to a partner"),
    CaseAction.REFERRAL_ACCEPTED: _l("Referral accepted"),
    CaseAction.REFERRAL_DECLINED: _l("Referral declined"),
    CaseAction.PATHWAY_CREATED: _l("Pathway started"),
    CaseAction.PATHWAY_UPDATED: _l("Pace or variant changed"),
    CaseAction.STAGE_ADDED: _l("Stage added"),
    CaseAction.STAGE_UPDATED: _l("Stage changed"),
    CaseAction.LEVELS_UPDATED: _l("Language levels changed"),
    CaseAction.CONTACT_UPDATED: _l("Contact details changed by the beneficiary"),
    CaseAction.PORTAL_ACCESS_ISSUED: _l("Personal space opened, welcome letter printed"),
    CaseAction.PORTAL_ACCESS_REISSUED: _l("New welcome letter printed"),
    CaseAction.PORTAL_ACCESS_ACTIVATED: _l("Personal space activated by the beneficiary"),
    CaseAction.PORTAL_ACCESS_REVOKED: _l("Personal space closed"),
}


def _plain(value: Any) -> Any:
    if isinstance(value, Enum):
        return value.value
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, uuid.UUID):
        return str(value)
    return value


def changes_between(record: object, new_values: dict[str, Any]) -> dict[str, list[Any]]:
    """Fields whose value differs, with [old, new] in a JSON-friendly form."""
    changed = {}
    for name, new in new_values.items():
        old = getattr(record, name)
        if _plain(old) != _plain(new):
            changed[name] = [_plain(old), _plain(new)]
    return changed


def record_event(
    beneficiary: Beneficiary,
    actor: User | None,
    action: CaseAction,
    *,
    subject_id: uuid.UUID | None = None,
    changes: dict[str, list[Any]] | None = None,
) -> CaseEvent:
    event = CaseEvent(
        beneficiary=beneficiary,
        actor_id=actor.id if actor else None,
        action=action,
        subject_id=subject_id,
        fields=sorted(changes or {}),
        changes=changes or None,
    )
    db.session.add(event)
    return event
