"""Who may see and change which case: the one place these rules live.

- Trainers and psychologists: the cases assigned to them in their own organisation.
- Coordinators: every case of their organisation, read-only, plus assignments.
- Administrators and beneficiaries: no case files here.
Anything else is answered 404, so that ids reveal nothing.
"""

from __future__ import annotations

import uuid
from typing import Any, TypeVar

from flask import abort
from sqlalchemy import BindParameter, ColumnElement, bindparam, select
from sqlalchemy.orm import undefer

from app.accounts.models import User
from app.accounts.roles import CASE_WORKER_ROLES, Role
from app.cases.errors import CaseErased
from app.cases.models import Beneficiary, CaseAssignment, CaseNote
from app.crypto import is_shredded
from app.extensions import db

T = TypeVar("T")


def _coordinator_rule(organisation_id: Any) -> ColumnElement[bool]:
    return Beneficiary.organisation_id == organisation_id


def _case_worker_rule(organisation_id: Any, user_id: Any) -> ColumnElement[bool]:
    # Start from the worker's own assignments (an index on user_id): a handful of rows,
    # however many cases the organisation has.
    assigned = select(CaseAssignment.beneficiary_id).where(CaseAssignment.user_id == user_id)
    return _coordinator_rule(organisation_id) & Beneficiary.id.in_(assigned)


def can_edit_case(user: User, beneficiary: Beneficiary) -> bool:
    """Case workers edit the cases they may see; coordinators only read them."""
    return user.role in CASE_WORKER_ROLES


def can_manage_case(user: User, beneficiary: Beneficiary) -> bool:
    """Assignments and referral decisions belong to the organisation's coordinators."""
    return user.role is Role.COORDINATOR and beneficiary.organisation_id == user.organisation_id


# The same rules with parameters (organisation_id, user_id), for statements built once:
# every case page and caseload runs one.
_ORGANISATION_ID: BindParameter[uuid.UUID] = bindparam("organisation_id")
_VISIBLE_TO_COORDINATOR = _coordinator_rule(_ORGANISATION_ID)
_VISIBLE_TO_CASE_WORKER = _case_worker_rule(_ORGANISATION_ID, bindparam("user_id"))
_CASE_ID = Beneficiary.id == bindparam("beneficiary_id")
_CASE = select(Beneficiary).options(undefer(Beneficiary.has_pending_referral))
_CASE_OF_ORGANISATION = _CASE.where(_CASE_ID, _VISIBLE_TO_COORDINATOR)
_CASE_OF_WORKER = _CASE.where(_CASE_ID, _VISIBLE_TO_CASE_WORKER)


def visible_cases_rule(user: User) -> tuple[ColumnElement[bool], dict[str, Any]] | None:
    """The beneficiaries ``user`` may see: a WHERE clause with parameters, built once, and
    the parameters' values for ``user``; None for a role that sees no case."""
    if user.role is Role.COORDINATOR:
        rule = _VISIBLE_TO_COORDINATOR
    elif user.role in CASE_WORKER_ROLES:
        rule = _VISIBLE_TO_CASE_WORKER
    else:
        return None
    return rule, {"organisation_id": user.organisation_id, "user_id": user.id}


def get_case_for(user: User, beneficiary_id: uuid.UUID, *, edit: bool = False) -> Beneficiary:
    """The case if ``user`` may see it (and edit it, with ``edit``); otherwise 404 or 403.

    An erased case (its data key shredded) raises ``CaseErased``: none of its pages can
    show or change anything. The key is the one the page decrypts with anyway, so the
    check costs no extra query.
    """
    if user.role is Role.COORDINATOR:
        statement = _CASE_OF_ORGANISATION
    elif user.role in CASE_WORKER_ROLES:
        statement = _CASE_OF_WORKER
    else:
        abort(404)
    beneficiary = db.session.scalar(
        statement,
        {
            "beneficiary_id": beneficiary_id,
            "organisation_id": user.organisation_id,
            "user_id": user.id,
        },
    )
    if beneficiary is None:
        abort(404)
    if edit and not can_edit_case(user, beneficiary):
        abort(403)
    if is_shredded(beneficiary.data_key_id):
        raise CaseErased(beneficiary.case_number)
    return beneficiary


def can_read_note(user: User, note: CaseNote) -> bool:
    """Confidential notes: psychologists of the case's organisation only."""
    if not note.confidential:
        return True
    return (
        user.role is Role.PSYCHOLOGIST and note.beneficiary.organisation_id == user.organisation_id
    )


def part_of_case(model: type[T], record_id: uuid.UUID, beneficiary: Beneficiary) -> T:
    """A note, task, consent or stage of this case; 404 if it belongs to another one."""
    record = db.session.get(model, record_id)
    if record is None or record.beneficiary_id != beneficiary.id:  # type: ignore[attr-defined]
        abort(404)
    return record
