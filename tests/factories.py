"""Test data, built through the same ORM as the application (committed at once)."""

from __future__ import annotations

import itertools
import uuid
from datetime import date

from app.accounts import passwords
from app.accounts.models import Organisation, User
from app.accounts.roles import Role
from app.cases.models import Beneficiary
from app.cases.pathways.services import create_pathway
from app.cases.pathways.templates import template_for_country
from app.cases.services import CaseData, create_case
from app.dates import local_today
from app.extensions import db
from app.vocabulary import EducationLevel, Gender, ResidenceStatus

TEST_PASSWORD = "correct horse battery staple"
_serial = itertools.count(1)


def make_organisation(
    name: str | None = None,
    country_code: str = "FR",
    coordinating: bool = False,
    active: bool = True,
) -> Organisation:
    organisation = Organisation(
        name=name or f"Organisation {next(_serial)}",
        country_code=country_code,
        is_coordinating_body=coordinating,
        active=active,
    )
    db.session.add(organisation)
    db.session.commit()
    return organisation


def make_beneficiary_account(
    organisation: Organisation | None = None, password: str | None = TEST_PASSWORD
) -> User:
    """A beneficiary's own account, linked to a new case of ``organisation``."""
    worker = make_user(Role.TRAINER, organisation=organisation)
    beneficiary = make_case(worker)
    account = User(
        beneficiary_id=beneficiary.id,
        data_key_id=beneficiary.data_key_id,
        login_id=f"TEST-{next(_serial):04d}",
        organisation_id=beneficiary.organisation_id,
        role=Role.BENEFICIARY,
        password_hash=passwords.hash_password(password) if password else None,
    )
    account.display_name = "Amina"
    db.session.add(account)
    db.session.commit()
    return account


def make_user(
    role: Role = Role.TRAINER,
    *,
    organisation: Organisation | None = None,
    organisation_id: uuid.UUID | None = None,
    email: str | None = None,
    display_name: str | None = None,
    password: str | None = TEST_PASSWORD,
    active: bool = True,
    preferred_locale: str | None = None,
) -> User:
    if role is Role.BENEFICIARY:
        return make_beneficiary_account(organisation, password)
    if organisation_id is None:
        organisation_id = (organisation or make_organisation()).id
    number = next(_serial)
    user = User(
        email=email or f"{role.value}{number}@example.org",
        display_name=display_name or f"{role.value.title()} {number}",
        organisation_id=organisation_id,
        role=role,
        active=active,
        preferred_locale=preferred_locale,
        password_hash=passwords.hash_password(password) if password else None,
    )
    db.session.add(user)
    db.session.commit()
    return user


def case_data(**overrides: object) -> CaseData:
    values: dict[str, object] = {
        "given_names": "Amina",
        "family_name": "Yusuf",
        "birth_date": date(2001, 4, 12),
        "gender": Gender.FEMALE,
        "country_of_origin": "SO",
        "languages": ["so", "ar"],
        "preferred_language": "ar",
        "arrival_date": date(2023, 9, 1),
        "residence_status": ResidenceStatus.REFUGEE,
        "residence_details": "Titre de séjour réfugiée, valable 10 ans",
        "education_level": EducationLevel.UPPER_SECONDARY,
        "work_experience": "Couturière à Mogadiscio pendant trois ans",
        "phone": "+33 6 12 34 56 78",
        "entered_on": date(2026, 1, 15),
    }
    values.update(overrides)
    return CaseData(**values)  # type: ignore[arg-type]


def make_case(worker: User, *, with_pathway: bool = True, **overrides: object) -> Beneficiary:
    """A case created by ``worker`` (who is assigned), with the national pathway planned."""
    worker = db.session.get(User, worker.id)
    beneficiary = create_case(worker.organisation, case_data(**overrides), worker, local_today())
    if with_pathway:
        create_pathway(beneficiary, template_for_country(worker.organisation.country_code), worker)
    db.session.commit()
    return beneficiary
