"""The caseload part of the dashboard summary: who follows which open case, and what is due.

Operational figures, so everyone counts here whatever their statistics consent. The detail
rows copy the case assignments and the tasks not done; the cells add them up by
organisation and user, and by organisation and due date, over open cases only (as
``dashboard_beneficiaries`` says). ``app.dashboards.summary`` keeps both up to date.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterable
from datetime import date

from sqlalchemy import ColumnElement, Select, bindparam, func, select

from app.cases.models import CaseAssignment, Task
from app.dashboards.models import BeneficiaryFigures, CaseWorkerFact, FollowUpFact

CASELOAD_KEYS = ("organisation_id", "user_id")
FOLLOW_UP_KEYS = ("organisation_id", "due_on")
CASE_WORKER_COLUMNS = ("beneficiary_id", "user_id")
FOLLOW_UP_COLUMNS = ("task_id", "beneficiary_id", "due_on")


def case_worker_rows(ids: str | None) -> Select[uuid.UUID, uuid.UUID]:
    """``dashboard_case_workers`` rows: of the beneficiaries in the expanding parameter
    ``ids``, or of everyone when None."""
    query = select(CaseAssignment.beneficiary_id, CaseAssignment.user_id)
    if ids is not None:
        query = query.where(CaseAssignment.beneficiary_id.in_(bindparam(ids, expanding=True)))
    return query


def follow_up_rows(ids: str | None) -> Select[uuid.UUID, uuid.UUID, date]:
    """``dashboard_follow_ups`` rows: the tasks not done, as for ``case_worker_rows``."""
    query = select(Task.id, Task.beneficiary_id, Task.due_on).where(Task.done_at.is_(None))
    if ids is not None:
        query = query.where(Task.beneficiary_id.in_(bindparam(ids, expanding=True)))
    return query


def caseload_contributions(
    conditions: Iterable[ColumnElement[bool]],
) -> Select[uuid.UUID, uuid.UUID, int]:
    """Open cases per organisation and user, from the detail rows matching ``conditions``."""
    case_file = BeneficiaryFigures
    return (
        select(case_file.organisation_id, CaseWorkerFact.user_id, func.count().label("cases"))
        .join(case_file, case_file.beneficiary_id == CaseWorkerFact.beneficiary_id)
        .where(case_file.open_case.is_(True), *conditions)
        .group_by(case_file.organisation_id, CaseWorkerFact.user_id)
    )


def follow_up_contributions(
    conditions: Iterable[ColumnElement[bool]],
) -> Select[uuid.UUID, date, int]:
    """Tasks not done on open cases per organisation and due date, as above."""
    case_file = BeneficiaryFigures
    return (
        select(case_file.organisation_id, FollowUpFact.due_on, func.count().label("tasks"))
        .join(case_file, case_file.beneficiary_id == FollowUpFact.beneficiary_id)
        .where(case_file.open_case.is_(True), *conditions)
        .group_by(case_file.organisation_id, FollowUpFact.due_on)
    )
