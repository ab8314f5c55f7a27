"""Every page each role can reach is well formed (see tests/pages.py)."""

from collections.abc import Callable

import pytest
from flask import Flask

from app.accounts.roles import Role
from tests.factories import make_organisation, make_user
from tests.helpers import Client
from tests.pages import page_problems

ROLE_PAGES = {
    Role.ADMIN: [
        "/admin/",
        "/admin/organisations",
        "/admin/organisations/new",
        "/admin/users",
        "/admin/users/new",
        "/admin/users/{user}/edit",
        "/admin/organisations/{organisation}/edit",
    ],
    Role.COORDINATOR: ["/dashboards/"],
    Role.TRAINER: ["/cases/"],
    Role.PSYCHOLOGIST: ["/cases/"],
    Role.BENEFICIARY: ["/portal/"],
}


@pytest.mark.parametrize("role", list(Role))
def test_every_page_of_each_role_is_well_formed(
    app: Flask, login_as: Callable[..., Client], role: Role
) -> None:
    with app.app_context():
        organisation = make_organisation("Tested organisation", coordinating=True)
        user = make_user(role, organisation=organisation)
    client = login_as(user=user)
    for template in ROLE_PAGES[role]:
        url = template.format(user=user.id, organisation=organisation.id)
        html = client.text(url)
        assert page_problems(html) == [], url


def test_public_and_error_pages_are_well_formed(client: Client) -> None:
    assert page_problems(client.text("/login")) == []
    for url, status in (("/nowhere", 404), ("/account/set-password/unknown", 404)):
        response = client.get(url)
        assert response.status_code == status
        assert page_problems(response.text) == [], url


def test_a_form_with_errors_is_well_formed(client: Client) -> None:
    response = client.post("/login", {"email": "", "password": ""})
    assert "There is a problem" in response.text
    assert page_problems(response.text) == []
