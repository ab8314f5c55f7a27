"""A small network built through the real services, with figures worked out by hand.

Parcours Lyon (FR, the coordinating body) has six beneficiaries who entered on
2024-01-15: four women and two men, one of the women a young person with a disability.
- Three started a job within 6 months of entry (2024-04-01), one after 9 months
  (2024-10-15): 4 reached employment, 3 within 6 months, 4 within 12 months.
- One completed vocational training; one registered a business.
- One interrupted the French course for childcare.
Integration Köln (DE) has two beneficiaries and no outcome yet.
Everyone has agreed to anonymous statistics: the figures count no one else.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import pytest
from flask import Flask

from app.accounts.models import Organisation, User
from app.accounts.roles import Role
from app.cases.models import Beneficiary
from app.cases.pathways.services import StageData, add_stage, pathway_of
from app.cases.services import record_consent
from app.extensions import db
from app.vocabulary import (
    BusinessPlanStatus,
    ConsentPurpose,
    Gender,
    InterruptionReason,
    StageKind,
    StageStatus,
)
from tests.factories import make_case, make_organisation, make_user

ENTERED = date(2024, 1, 15)


@dataclass
class Network:
    lyon: Organisation
    koeln: Organisation
    network_coordinator: User
    koeln_coordinator: User
    trainer: User


def agree_to_statistics(beneficiary: Beneficiary, worker: User, today: date) -> None:
    record_consent(beneficiary, ConsentPurpose.ANONYMOUS_STATISTICS, ENTERED, worker, today)


def _stage(beneficiary, trainer, today, **values) -> None:
    pathway = pathway_of(beneficiary)
    add_stage(pathway, StageData(title="Stage", **values), trainer, today, hours_confirmed=True)


@pytest.fixture
def network(app: Flask, today: date) -> Network:
    with app.app_context():
        lyon = make_organisation("Parcours Lyon", "FR", coordinating=True)
        koeln = make_organisation("Integration Köln", "DE")
        trainer = make_user(Role.TRAINER, organisation=lyon)
        koeln_trainer = make_user(Role.TRAINER, organisation=koeln)
        people = []
        for number in range(6):
            people.append(
                make_case(
                    trainer,
                    given_names=f"Person{number}",
                    gender=Gender.MALE if number >= 4 else Gender.FEMALE,
                    entered_on=ENTERED,
                    birth_date=date(2002, 3, 1) if number == 0 else date(1990, 3, 1),
                    has_disability=number == 0,
                )
            )
        for beneficiary in people[:3]:
            _stage(beneficiary, trainer, today, kind=StageKind.EMPLOYMENT,
                   status=StageStatus.IN_PROGRESS, actual_start=date(2024, 4, 1))  # fmt: skip
        _stage(people[3], trainer, today, kind=StageKind.EMPLOYMENT,
               status=StageStatus.IN_PROGRESS, actual_start=date(2024, 10, 15))  # fmt: skip
        _stage(people[4], trainer, today, kind=StageKind.VOCATIONAL_TRAINING,
               status=StageStatus.COMPLETED, actual_start=date(2024, 2, 1),
               actual_end=date(2024, 6, 30))  # fmt: skip
        _stage(people[5], trainer, today, kind=StageKind.BUSINESS_CREATION,
               status=StageStatus.COMPLETED, actual_start=date(2024, 3, 1),
               actual_end=date(2024, 9, 1), plan_status=BusinessPlanStatus.REGISTERED)  # fmt: skip
        _stage(people[5], trainer, today, kind=StageKind.HOST_LANGUAGE,
               status=StageStatus.INTERRUPTED, actual_start=date(2024, 9, 11),
               interruption_reason=InterruptionReason.CHILDCARE)  # fmt: skip
        for beneficiary in people:
            agree_to_statistics(beneficiary, trainer, today)
        for number in range(2):
            person = make_case(koeln_trainer, given_names=f"Köln{number}", entered_on=ENTERED)
            agree_to_statistics(person, koeln_trainer, today)
        db.session.commit()
        return Network(
            lyon=lyon,
            koeln=koeln,
            network_coordinator=make_user(Role.COORDINATOR, organisation=lyon),
            koeln_coordinator=make_user(Role.COORDINATOR, organisation=koeln),
            trainer=trainer,
        )
