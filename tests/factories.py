"""Test data, built through the same ORM as the application (committed at once)."""

from __future__ import annotations

import itertools
import uuid

from app.accounts import passwords
from app.accounts.models import Organisation, User
from app.accounts.roles import Role
from app.extensions import db

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
