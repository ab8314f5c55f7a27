"""What a beneficiary sees of their own case: never notes, never staff-only fields."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from flask import abort
from sqlalchemy import select

from app.accounts.models import Organisation, User
from app.accounts.roles import Role
from app.cases.models import Beneficiary, CaseAssignment, CaseNote, Consent, Task, TaskKind
from app.cases.pathways.models import AssessmentPoint, Pathway, Stage
from app.cases.pathways.services import current_stage
from app.extensions import db
from app.vocabulary import CefrLevel, LanguageSkill, StageStatus


def own_case(account: User) -> Beneficiary:
    """The beneficiary's own case: the only one a beneficiary account can ever reach."""
    beneficiary = (
        db.session.get(Beneficiary, account.beneficiary_id) if account.beneficiary_id else None
    )
    if beneficiary is None or account.role is not Role.BENEFICIARY:
        abort(404)
    return beneficiary


def stages_of(beneficiary: Beneficiary) -> list[Stage]:
    pathway = db.session.scalar(select(Pathway).where(Pathway.beneficiary_id == beneficiary.id))
    return list(pathway.stages) if pathway else []


@dataclass(frozen=True, slots=True)
class LanguageProgress:
    stage_title: str
    entry: CefrLevel | None
    achieved: CefrLevel | None
    target: CefrLevel | None

    @property
    def current(self) -> CefrLevel | None:
        return self.achieved or self.entry


def language_progress(stages: list[Stage]) -> list[LanguageProgress]:
    progress = []
    for stage in stages:
        levels = {a.point: a.level for a in stage.assessments if a.skill is LanguageSkill.OVERALL}
        if levels:
            progress.append(
                LanguageProgress(
                    stage.title,
                    levels.get(AssessmentPoint.ENTRY),
                    levels.get(AssessmentPoint.ACHIEVED),
                    levels.get(AssessmentPoint.TARGET),
                )
            )
    return progress


@dataclass(frozen=True, slots=True)
class Overview:
    beneficiary: Beneficiary
    stages: list[Stage]
    current: Stage | None
    upcoming: list[Stage]
    goals: list[Task]
    languages: list[LanguageProgress]
    team: list[User]
    organisation: Organisation


def overview(account: User, today: date) -> Overview:
    beneficiary = own_case(account)
    stages = stages_of(beneficiary)
    goals = db.session.scalars(
        select(Task)
        .where(
            Task.beneficiary_id == beneficiary.id,
            Task.kind == TaskKind.GOAL,
            Task.done_at.is_(None),
        )
        .order_by(Task.due_on)
    ).all()
    upcoming = [
        stage
        for stage in stages
        if stage.status is StageStatus.PLANNED
        and stage.planned_start
        and stage.planned_start >= today
    ]
    return Overview(
        beneficiary=beneficiary,
        stages=stages,
        current=current_stage(stages),
        upcoming=upcoming,
        goals=list(goals),
        languages=language_progress(stages),
        team=team_of(beneficiary),
        organisation=beneficiary.organisation,
    )


def team_of(beneficiary: Beneficiary) -> list[User]:
    return list(
        db.session.scalars(
            select(User)
            .join(CaseAssignment, CaseAssignment.user_id == User.id)
            .where(CaseAssignment.beneficiary_id == beneficiary.id, User.active.is_(True))
        )
    )


def first_name(user: User) -> str:
    """Beneficiaries see their workers' first names only."""
    return str(user.display_name).split()[0] if str(user.display_name).split() else ""


def achievements(beneficiary: Beneficiary) -> list[Stage]:
    return [stage for stage in stages_of(beneficiary) if stage.status is StageStatus.COMPLETED]


def _text(value: Any) -> Any:
    return value if isinstance(value, str | date | list | dict) or value is None else str(value)


def personal_data(beneficiary: Beneficiary) -> dict[str, Any]:
    """Everything held about the beneficiary that the portal may show, for the data page
    and its download. Case notes are listed by count only: they are working notes of the
    staff and are given on request, through the organisation."""
    contact = beneficiary.contact if isinstance(beneficiary.contact, dict) else {}
    consents: list[Consent] = list(beneficiary.consents)
    stages = stages_of(beneficiary)
    note_count = len(
        db.session.scalars(
            select(CaseNote.id).where(
                CaseNote.beneficiary_id == beneficiary.id, CaseNote.confidential.is_(False)
            )
        ).all()
    )
    return {
        "case_number": beneficiary.case_number,
        "organisation": beneficiary.organisation.name,
        "identity": {
            "given_names": _text(beneficiary.given_names),
            "family_name": _text(beneficiary.family_name),
            "birth_date": _text(beneficiary.birth_date),
            "phone": contact.get("phone"),
            "email": contact.get("email"),
            "address": _text(beneficiary.address),
        },
        "profile": {
            "gender": beneficiary.gender.value,
            "country_of_origin": beneficiary.country_of_origin,
            "languages": list(beneficiary.languages or []),
            "preferred_language": beneficiary.preferred_language,
            "arrival_date": beneficiary.arrival_date,
            "residence_status": beneficiary.residence_status.value,
            "education_level": beneficiary.education_level.value,
            "work_experience": _text(beneficiary.work_experience),
            "start_of_support": beneficiary.entered_on,
        },
        "target_groups": [group.value for group in beneficiary.target_groups],
        "consents": [
            {"purpose": c.purpose.value, "given_on": c.given_on, "withdrawn_on": c.withdrawn_on}
            for c in consents
        ],
        "pathway": [
            {
                "kind": s.kind.value,
                "title": s.title,
                "status": s.status.value,
                "start": s.actual_start or s.planned_start,
                "end": s.actual_end or s.planned_end,
                "certificate": s.certificate,
            }
            for s in stages
        ],
        "notes_held": note_count,
    }
