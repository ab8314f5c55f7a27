"""The history of a case: every change, who made it, when, and which fields.

Field names are plain, for the timeline; old and new values are encrypted with the rest
of the case, under the beneficiary's data key.
"""

from __future__ import annotations

import uuid
from datetime import date
from enum import Enum
from typing import Any

from app.accounts.models import User
from app.cases.models import Beneficiary, CaseEvent
from app.extensions import db


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
    action: str,
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
