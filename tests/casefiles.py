"""Shared fixtures for case-file tests: an organisation with its staff, and Amina Yusuf's case."""

from __future__ import annotations

from dataclasses import dataclass

import pytest
from flask import Flask

from app.accounts.models import Organisation, User
from app.accounts.roles import Role
from app.cases.models import Beneficiary
from tests.factories import make_case, make_organisation, make_user
from tests.helpers import Client


@dataclass
class Office:
    organisation: Organisation
    trainer: User
    other_trainer: User
    psychologist: User
    coordinator: User

    def client(self, app: Flask, who: str = "trainer") -> Client:
        client = Client(app)
        response = client.log_in(getattr(self, who).email)
        assert response.status_code == 302
        return client


@pytest.fixture
def office(app: Flask) -> Office:
    with app.app_context():
        organisation = make_organisation("Parcours Avenir Lyon", "FR")
        return Office(
            organisation=organisation,
            trainer=make_user(
                Role.TRAINER, organisation=organisation, display_name="Julien Moreau"
            ),
            other_trainer=make_user(Role.TRAINER, organisation=organisation),
            psychologist=make_user(Role.PSYCHOLOGIST, organisation=organisation),
            coordinator=make_user(Role.COORDINATOR, organisation=organisation),
        )


@pytest.fixture
def amina(app: Flask, office: Office) -> Beneficiary:
    with app.app_context():
        return make_case(office.trainer)
