from collections.abc import Callable

import pytest
from flask import Flask
from sqlalchemy import func, select

from app.accounts.models import Organisation
from app.accounts.roles import Role
from app.extensions import db
from tests.factories import make_organisation, make_user
from tests.helpers import Client


@pytest.fixture
def admin(login_as: Callable[..., Client]) -> Client:
    return login_as(Role.ADMIN)


def _count(app: Flask) -> int:
    with app.app_context():
        return db.session.scalar(select(func.count()).select_from(Organisation)) or 0


def test_admin_creates_an_organisation(app: Flask, admin: Client) -> None:
    response = admin.post(
        "/admin/organisations/new",
        {"name": "Mosaïque Emploi", "country_code": "BE", "version": "0"},
    )
    assert response.status_code == 302
    listing = admin.text("/admin/organisations")
    assert "Mosaïque Emploi" in listing
    assert "Belgium" in listing


@pytest.mark.parametrize(
    ("form", "message"),
    [
        ({"name": "", "country_code": "FR"}, "Enter the organisation's name."),
        ({"name": "   ", "country_code": "FR"}, "Enter the organisation's name."),
        ({"name": "x" * 201, "country_code": "FR"}, "at most 200 characters"),
        ({"name": "Ok", "country_code": "XX"}, "Choose one of the options in the list."),
        ({"name": "Ok", "country_code": ""}, "Choose a country."),
        ({"name": "Ok\x00", "country_code": "EU"}, "Choose one of the options in the list."),
    ],
)
def test_bad_organisation_input_is_refused_and_nothing_changes(
    app: Flask, admin: Client, form: dict[str, str], message: str
) -> None:
    before = _count(app)
    response = admin.post("/admin/organisations/new", {**form, "version": "0"})
    assert response.status_code == 200
    assert message in response.text
    assert _count(app) == before


def test_only_one_coordinating_body(app: Flask, admin: Client) -> None:
    with app.app_context():
        first = make_organisation("First", coordinating=True)
        second = make_organisation("Second")
    response = admin.post(
        f"/admin/organisations/{second.id}/edit",
        {
            "name": "Second",
            "country_code": "DE",
            "is_coordinating_body": "y",
            "version": "1",
        },
    )
    assert response.status_code == 302
    with app.app_context():
        assert db.session.get(Organisation, second.id).is_coordinating_body
        assert not db.session.get(Organisation, first.id).is_coordinating_body


def test_a_concurrent_edit_is_refused_and_keeps_the_input(app: Flask, admin: Client) -> None:
    with app.app_context():
        organisation = make_organisation("Original name")
    page = admin.text(f"/admin/organisations/{organisation.id}/edit")
    assert 'name="version" type="hidden" value="1"' in page
    # Someone else saves first.
    admin.post(
        f"/admin/organisations/{organisation.id}/edit",
        {"name": "Their name", "country_code": "FR", "version": "1"},
    )
    response = admin.post(
        f"/admin/organisations/{organisation.id}/edit",
        {"name": "My name", "country_code": "IT", "version": "1"},
    )
    assert response.status_code == 409
    assert "Someone else saved this record" in response.text
    assert 'value="My name"' in response.text
    assert "Saved by someone else:" in response.text
    assert "<bdi>Their name</bdi>" in response.text
    with app.app_context():
        assert db.session.get(Organisation, organisation.id).name == "Their name"


@pytest.mark.parametrize("suffix", ["/edit", "/active"])
def test_unknown_or_malformed_ids_are_404(admin: Client, suffix: str) -> None:
    for ident in ("00000000-0000-0000-0000-000000000000", "42", "not-an-id"):
        url = f"/admin/organisations/{ident}{suffix}"
        response = admin.post(url, {"active": "0"}) if suffix == "/active" else admin.get(url)
        assert response.status_code == 404


def test_deactivating_an_organisation_blocks_its_accounts(app: Flask, admin: Client) -> None:
    with app.app_context():
        organisation = make_organisation("Closing down")
        trainer = make_user(Role.TRAINER, organisation=organisation)
    response = admin.post(f"/admin/organisations/{organisation.id}/active", {"active": "0"})
    assert response.status_code == 302
    assert Client(app).log_in(trainer.email).status_code == 401
    admin.post(f"/admin/organisations/{organisation.id}/active", {"active": "1"})
    assert Client(app).log_in(trainer.email).status_code == 302


def test_the_last_admins_organisation_cannot_be_deactivated(app: Flask) -> None:
    with app.app_context():
        organisation = make_organisation("Home of the only admin")
        admin_user = make_user(Role.ADMIN, organisation=organisation)
    admin = Client(app)
    admin.log_in(admin_user.email)
    response = admin.post(
        f"/admin/organisations/{organisation.id}/active", {"active": "0"}, follow_redirects=True
    )
    assert "without an active administrator" in response.text
    with app.app_context():
        assert db.session.get(Organisation, organisation.id).active


def test_non_admins_cannot_manage_organisations(login_as: Callable[..., Client]) -> None:
    coordinator = login_as(Role.COORDINATOR)
    assert coordinator.get("/admin/organisations").status_code == 403
    response = coordinator.post(
        "/admin/organisations/new", {"name": "X", "country_code": "FR", "version": "0"}
    )
    assert response.status_code == 403
