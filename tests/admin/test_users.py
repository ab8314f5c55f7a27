import re
import uuid

import pytest
from flask import Flask
from sqlalchemy import func, select

from app.accounts.models import User
from app.accounts.roles import Role
from app.accounts.services import find_user_by_email
from app.extensions import db
from tests.factories import make_organisation, make_user
from tests.helpers import Client


@pytest.fixture
def admin_user(app: Flask) -> User:
    with app.app_context():
        return make_user(Role.ADMIN, organisation=make_organisation("Network office"))


@pytest.fixture
def admin(app: Flask, admin_user: User) -> Client:
    client = Client(app)
    client.log_in(admin_user.email)
    return client


def _form(organisation: uuid.UUID, **changes: str) -> dict[str, str]:
    return {
        "display_name": "Yonas Tesfaye",
        "email": "yonas.tesfaye@example.org",
        "organisation_id": str(organisation),
        "role": "trainer",
        "preferred_locale": "",
        "version": "0",
        **changes,
    }


def _user_count(app: Flask) -> int:
    with app.app_context():
        return db.session.scalar(select(func.count()).select_from(User)) or 0


def test_admin_creates_an_account_and_hands_over_a_working_link(
    app: Flask, admin: Client, admin_user: User
) -> None:
    response = admin.post("/admin/users/new", _form(admin_user.organisation_id))
    assert response.status_code == 200
    link = re.search(
        r'<code dir="ltr" id="account-link">http://localhost(/[^<]+)</code>', response.text
    )
    assert link, response.text
    newcomer = Client(app)
    page = newcomer.get(link.group(1))
    assert page.status_code == 200
    assert "yonas.tesfaye@example.org" in page.text
    listing = admin.text("/admin/users")
    assert "Waiting for activation" in listing


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"email": ""}, "Enter the e-mail address."),
        ({"email": "not-an-address"}, "Enter an e-mail address in the form name@example.org."),
        ({"email": "a" * 250 + "@example.org"}, "at most 254 characters"),
        ({"display_name": ""}, "Enter the person's name."),
        ({"display_name": "y" * 201}, "at most 200 characters"),
        ({"role": "superuser"}, "Choose one of the options in the list."),
        (
            {"organisation_id": "00000000-0000-0000-0000-000000000000"},
            "Choose one of the options in the list.",
        ),
        ({"preferred_locale": "xx"}, "Choose one of the options in the list."),
        ({"version": "abc"}, "This form is out of date."),
    ],
)
def test_bad_account_input_is_refused_and_nothing_changes(
    app: Flask, admin: Client, admin_user: User, changes: dict[str, str], message: str
) -> None:
    before = _user_count(app)
    response = admin.post("/admin/users/new", _form(admin_user.organisation_id, **changes))
    assert response.status_code == 200
    assert message in response.text
    assert _user_count(app) == before


def test_email_addresses_are_unique_whatever_the_case(
    app: Flask, admin: Client, admin_user: User
) -> None:
    with app.app_context():
        make_user(Role.TRAINER, email="yonas.tesfaye@example.org")
    before = _user_count(app)
    response = admin.post(
        "/admin/users/new", _form(admin_user.organisation_id, email="Yonas.Tesfaye@Example.ORG")
    )
    assert response.status_code == 409
    assert "An account with this e-mail address already exists." in response.text
    assert _user_count(app) == before


def test_an_address_is_stored_as_it_is_matched(app: Flask, admin: Client, admin_user: User) -> None:
    """Capitals are folded before storing, as for the index: the address shown is the one
    that logs in."""
    admin.post(
        "/admin/users/new", _form(admin_user.organisation_id, email="Yonas.Tesfaye@Example.ORG")
    )
    with app.app_context():
        user = find_user_by_email("YONAS.TESFAYE@example.org")
        assert user is not None
        assert user.email == "yonas.tesfaye@example.org"


def test_admin_changes_a_role(app: Flask, admin: Client, admin_user: User) -> None:
    with app.app_context():
        trainer = make_user(Role.TRAINER, organisation_id=admin_user.organisation_id)
    response = admin.post(
        f"/admin/users/{trainer.id}/edit",
        _form(
            admin_user.organisation_id,
            email=trainer.email,
            display_name=trainer.display_name,
            role="coordinator",
            version="1",
        ),
    )
    assert response.status_code == 302
    with app.app_context():
        assert db.session.get(User, trainer.id).role is Role.COORDINATOR
    assert Client(app).log_in(trainer.email).headers["Location"] == "/dashboards/"


def test_the_last_active_admin_cannot_lock_themselves_out(
    app: Flask, admin: Client, admin_user: User
) -> None:
    response = admin.post(
        f"/admin/users/{admin_user.id}/active", {"active": "0"}, follow_redirects=True
    )
    assert "without an active administrator" in response.text
    response = admin.post(
        f"/admin/users/{admin_user.id}/edit",
        _form(
            admin_user.organisation_id,
            email=admin_user.email,
            display_name="Still admin",
            role="trainer",
            version="1",
        ),
    )
    assert "without an active administrator" in response.text
    with app.app_context():
        user = db.session.get(User, admin_user.id)
        assert user.active
        assert user.role is Role.ADMIN
        assert user.display_name != "Still admin"


def test_with_a_second_admin_one_can_be_deactivated(
    app: Flask, admin: Client, admin_user: User
) -> None:
    with app.app_context():
        other = make_user(Role.ADMIN, organisation_id=admin_user.organisation_id)
    response = admin.post(f"/admin/users/{other.id}/active", {"active": "0"})
    assert response.status_code == 302
    assert Client(app).log_in(other.email).status_code == 401


def test_a_password_link_can_be_issued_again(app: Flask, admin: Client, admin_user: User) -> None:
    with app.app_context():
        trainer = make_user(Role.TRAINER, organisation_id=admin_user.organisation_id)
    response = admin.post(f"/admin/users/{trainer.id}/password-link")
    assert response.status_code == 200
    assert "New password link for" in response.text
    assert "valid until" in admin.text(f"/admin/users/{trainer.id}/edit")


def test_concurrent_account_edits_are_refused(app: Flask, admin: Client, admin_user: User) -> None:
    with app.app_context():
        trainer = make_user(Role.TRAINER, organisation_id=admin_user.organisation_id)
    base = _form(admin_user.organisation_id, email=trainer.email, version="1")
    admin.post(f"/admin/users/{trainer.id}/edit", {**base, "display_name": "First save"})
    response = admin.post(f"/admin/users/{trainer.id}/edit", {**base, "display_name": "Second"})
    assert response.status_code == 409
    assert 'value="Second"' in response.text
    with app.app_context():
        assert db.session.get(User, trainer.id).display_name == "First save"


def test_user_list_filters_by_organisation(app: Flask, admin: Client, admin_user: User) -> None:
    with app.app_context():
        elsewhere = make_organisation("Elsewhere")
        make_user(Role.TRAINER, organisation=elsewhere, display_name="Far Away")
    assert "Far Away" in admin.text(f"/admin/users?organisation={elsewhere.id}")
    assert "Far Away" not in admin.text(f"/admin/users?organisation={admin_user.organisation_id}")
    assert admin.get("/admin/users?organisation=bogus").status_code == 404
