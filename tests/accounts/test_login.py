from collections.abc import Callable

import pytest
from flask import Flask

from app.accounts import services
from app.accounts.roles import Role
from app.extensions import db
from tests.factories import TEST_PASSWORD, make_organisation, make_user
from tests.helpers import Client

HOME_PAGES = {
    Role.ADMIN: "/admin/",
    Role.COORDINATOR: "/dashboards/",
    Role.TRAINER: "/cases/",
    Role.PSYCHOLOGIST: "/cases/",
    Role.BENEFICIARY: "/portal/",
}
WRONG_CREDENTIALS = "The e-mail address or the password is not right"


@pytest.mark.parametrize("role", list(Role))
def test_each_role_lands_on_its_own_home_page(app: Flask, client: Client, role: Role) -> None:
    with app.app_context():
        user = make_user(role, display_name="Mariam Haidari")
    response = client.log_in(user.email or user.login_id)
    assert response.status_code == 302
    assert response.headers["Location"] == HOME_PAGES[role]
    page = client.text(HOME_PAGES[role])
    name = "Amina" if role is Role.BENEFICIARY else "Mariam Haidari"
    assert f"<bdi>{name}</bdi>" in page


def test_unknown_email_and_wrong_password_look_the_same(app: Flask, client: Client) -> None:
    with app.app_context():
        user = make_user(Role.TRAINER)
    wrong_password = client.post("/login", {"email": user.email, "password": "x" * 14})
    unknown_email = client.post("/login", {"email": "nobody@example.org", "password": "x" * 14})
    assert wrong_password.status_code == unknown_email.status_code == 401
    for response in (wrong_password, unknown_email):
        assert WRONG_CREDENTIALS in response.get_data(as_text=True)
    assert "_user_id" not in client.http.get_cookie("passerelle_session").value


def test_email_is_case_insensitive(app: Flask, client: Client) -> None:
    with app.app_context():
        user = make_user(Role.TRAINER, email="nadia.benali@example.org")
    response = client.post(
        "/login", {"email": "  Nadia.Benali@EXAMPLE.org ", "password": TEST_PASSWORD}
    )
    assert response.status_code == 302
    with app.app_context():
        assert db.session.get(type(user), user.id).last_login_at is not None


@pytest.mark.parametrize("case", ["inactive user", "inactive organisation", "never activated"])
def test_accounts_that_may_not_log_in_get_the_same_message(
    app: Flask, client: Client, case: str
) -> None:
    with app.app_context():
        if case == "inactive user":
            user = make_user(Role.TRAINER, active=False)
        elif case == "inactive organisation":
            user = make_user(Role.TRAINER, organisation=make_organisation(active=False))
        else:
            user = make_user(Role.TRAINER, password=None)
    response = client.log_in(user.email)
    assert response.status_code == 401
    assert WRONG_CREDENTIALS in response.get_data(as_text=True)


@pytest.mark.parametrize(
    "form",
    [
        {"email": "", "password": ""},
        {"email": "a@example.org", "password": ""},
        {"email": "a" * 300 + "@example.org", "password": "x" * 20},
        {"email": "a@example.org", "password": "x" * 300},
    ],
)
def test_empty_or_overlong_login_fields_are_refused_with_a_message(
    client: Client, form: dict[str, str]
) -> None:
    response = client.post("/login", form)
    assert response.status_code == 200
    assert "There is a problem" in response.get_data(as_text=True)


def test_the_session_is_renewed_at_login(app: Flask, client: Client) -> None:
    with app.app_context():
        user = make_user(Role.TRAINER)
    with client.http.session_transaction() as session:
        session["planted"] = "by an attacker"
    client.log_in(user.email)
    with client.http.session_transaction() as session:
        assert "planted" not in session
        assert session["_user_id"].startswith(str(user.id))


def test_session_cookie_is_httponly_and_samesite(app: Flask, client: Client) -> None:
    with app.app_context():
        user = make_user(Role.TRAINER)
    response = client.log_in(user.email)
    cookie = response.headers["Set-Cookie"]
    assert "HttpOnly" in cookie
    assert "SameSite=Lax" in cookie


def test_login_redirects_only_to_paths_on_this_site(app: Flask, client: Client) -> None:
    with app.app_context():
        user = make_user(Role.ADMIN)
    data = {"email": user.email, "password": TEST_PASSWORD}
    response = client.post("/login?next=https://evil.example/", data)
    assert response.headers["Location"] == "/admin/"
    other = Client(app)
    response = other.post("/login?next=//evil.example/x", data)
    assert response.headers["Location"] == "/admin/"
    third = Client(app)
    response = third.post("/login?next=/admin/users", data)
    assert response.headers["Location"] == "/admin/users"


def test_visitors_are_sent_to_the_login_page(client: Client) -> None:
    response = client.get("/admin/users")
    assert response.status_code == 302
    assert response.headers["Location"].startswith("/login?next=")


def test_logout_needs_a_post_with_csrf_token(login_as: Callable[..., Client]) -> None:
    client = login_as(Role.TRAINER)
    assert client.get("/logout").status_code == 405
    assert client.post("/logout", csrf=False).status_code == 400
    response = client.post("/logout")
    assert response.status_code == 302
    assert client.get("/cases/").status_code == 302


def test_a_deactivated_users_open_session_ends(app: Flask) -> None:
    with app.app_context():
        user = make_user(Role.TRAINER)
        make_user(Role.ADMIN, organisation=user.organisation)
    client = Client(app)
    client.log_in(user.email)
    assert client.get("/cases/").status_code == 200
    with app.app_context():
        services.set_user_active(db.session.get(type(user), user.id), False)
        db.session.commit()
    response = client.get("/cases/")
    assert response.status_code == 302
    assert response.headers["Location"].startswith("/login")


def test_other_roles_get_403_on_pages_not_theirs(login_as: Callable[..., Client]) -> None:
    trainer = login_as(Role.TRAINER)
    for url in ("/admin/", "/admin/users", "/dashboards/", "/portal/"):
        response = trainer.get(url)
        assert response.status_code == 403
        assert "You do not have access to this page" in response.get_data(as_text=True)
