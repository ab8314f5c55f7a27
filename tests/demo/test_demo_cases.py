"""The demo case files: every group, status and stage kind, consistent dates, idempotent.

Seeding 160 cases takes several seconds, so the module seeds once (tests/demo/conftest.py).
"""

from __future__ import annotations

from collections import Counter
from datetime import date, timedelta

from flask import Flask
from sqlalchemy import func, select

from app.accounts.models import Organisation, User
from app.accounts.roles import Role
from app.cases.models import Beneficiary, CaseAssignment, CaseEvent, CaseNote, Consent, Task
from app.cases.pathways.models import Pathway, Stage
from app.cases.services import CaseloadFilters, caseload
from app.dates import local_today
from app.demo.seed import seed_demo
from app.extensions import db
from app.vocabulary import (
    CaseStatus,
    ConsentPurpose,
    StageKind,
    StageStatus,
    TargetGroup,
)


def _seed() -> None:
    seed_demo()
    db.session.commit()


def _counts() -> tuple[int, ...]:
    return tuple(
        db.session.scalar(select(func.count()).select_from(model)) or 0
        for model in (Beneficiary, Stage, CaseNote, Task, Consent, CaseEvent)
    )


def test_demo_cases_cover_every_group_status_and_stage_kind(demo: Flask) -> None:
    with demo.app_context():
        today = local_today()
        organisations = db.session.scalars(select(Organisation)).all()
        beneficiaries = db.session.scalars(select(Beneficiary)).all()
        per_org = Counter(b.organisation.country_code for b in beneficiaries)
        assert per_org == {"FR": 40, "DE": 40, "IT": 40, "SE": 40}

        for organisation in organisations:
            cases = [b for b in beneficiaries if b.organisation_id == organisation.id]
            groups = {group for b in cases for group in b.target_groups}
            assert groups == set(TargetGroup), organisation.country_code
            minors = [b for b in cases if b.unaccompanied_minor]
            assert all(b.guardian and b.guardian["name"] and b.guardian["contact"] for b in minors)
            assert all(15 <= _age(b.birth_date, b.entered_on) <= 17 for b in minors)
            assert all(b.disability_details and b.accommodations for b in cases if b.has_disability)
            statuses = Counter(b.status for b in cases)
            assert statuses[CaseStatus.ACTIVE] > statuses[CaseStatus.ON_HOLD] > 0
            assert statuses[CaseStatus.CLOSED] > 0
            pathways = db.session.scalars(
                select(Pathway)
                .join(Beneficiary)
                .where(Beneficiary.organisation_id == organisation.id)
            ).all()
            assert any(p.intensity < 100 and p.intensity_reason for p in pathways)

        french = db.session.scalar(
            select(User)
            .join(Organisation)
            .where(Organisation.country_code == "FR", User.role == Role.COORDINATOR)
        )
        found = caseload(french, CaseloadFilters(query="Amina Yusuf", status=None), 1).cases
        assert len(found) == 1
        amina = found[0]
        assert (amina.birth_date.year, amina.country_of_origin, amina.gender.value) == (
            2001,
            "SO",
            "female",
        )
        assert amina.languages == ["so", "ar"] and amina.preferred_language == "ar"

        stages = db.session.scalars(select(Stage)).all()
        assert {stage.status for stage in stages} == set(StageStatus)
        assert {stage.kind for stage in stages} == set(StageKind)
        assert any(s.certificate and s.kind is StageKind.HOST_LANGUAGE for s in stages)
        assert any(s.assessments for s in stages if s.status is StageStatus.COMPLETED)
        employed = [s for s in stages if s.kind is StageKind.EMPLOYMENT and s.actual_start]
        assert employed and all(s.nace_section and s.contract_type for s in employed)

        confidential = db.session.scalars(select(CaseNote).where(CaseNote.confidential)).all()
        assert confidential
        assigned = {
            (a.beneficiary_id, a.user_id) for a in db.session.scalars(select(CaseAssignment))
        }
        assert all((n.beneficiary_id, n.author_id) in assigned for n in confidential)
        assert all(n.author.role is Role.PSYCHOLOGIST for n in confidential)

        tasks = db.session.scalars(select(Task)).all()
        assert any(t.done_at is None and t.due_on < today for t in tasks)
        assert any(t.done_at is not None for t in tasks)
        end_of_week = today + timedelta(days=6 - today.weekday())
        assert any(t.done_at is None and today <= t.due_on <= end_of_week for t in tasks)

        consents = Counter(c.purpose for c in db.session.scalars(select(Consent)))
        assert consents[ConsentPurpose.CASE_MANAGEMENT] == 160
        assert (
            0
            < consents[ConsentPurpose.PARTNER_SHARING]
            < consents[ConsentPurpose.ANONYMOUS_STATISTICS]
        )


def test_demo_dates_are_consistent_and_seeding_twice_adds_nothing(demo: Flask) -> None:
    with demo.app_context():
        today = local_today()
        for b in db.session.scalars(select(Beneficiary)):
            assert b.birth_date < b.entered_on <= today
            assert b.arrival_date is None or b.arrival_date <= b.entered_on
            if b.status is CaseStatus.CLOSED:
                assert b.closure_reason is not None and b.closed_on <= today
        for stage in db.session.scalars(select(Stage)):
            actual = [d for d in (stage.actual_start, stage.actual_end) if d]
            assert all(day <= today for day in actual), stage.title
            if stage.actual_start and stage.actual_end:
                assert stage.actual_start <= stage.actual_end
            if stage.planned_start and stage.planned_end:
                assert stage.planned_start <= stage.planned_end
            if stage.hours_attended is not None:
                assert stage.hours_planned is not None
                assert stage.hours_attended <= stage.hours_planned
            if stage.status is StageStatus.PLANNED:
                assert not actual
            if stage.status is StageStatus.INTERRUPTED:
                assert stage.interruption_reason and stage.interruption_details
            assert stage.registration_date is None or stage.registration_date <= today
        for note in db.session.scalars(select(CaseNote)):
            assert note.beneficiary.entered_on <= note.occurred_on <= today
        for consent in db.session.scalars(select(Consent)):
            assert consent.given_on <= today

        before = _counts()
        _seed()
        assert _counts() == before


def _age(birth: date, day: date) -> int:
    return day.year - birth.year - ((day.month, day.day) < (birth.month, birth.day))
