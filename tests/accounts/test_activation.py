import re
from collections.abc import Callable
from datetime import timedelta

import pytest
from flask import Flask
from sqlalchemy import select

from app.accounts import services
from app.accounts.models import AccountToken, TokenPurpose, User
from app.accounts.roles import Role
from app.db import utcnow
from app.extensions import db
from tests.factories import make_user
from tests.helpers import Client

NEW_PASSWORD = "a long and new password"


def _issue(app: Flask, user: User, purpose: TokenPurpose = TokenPurpose.ACTIVATION) -> str:
    with app.app_context():
        secret = services.issue_token(db.session.get(User, user.id), purpose, None)
        db.session.commit()
    return secret


def _set_password(
    client: Client, secret: str, password: str = NEW_PASSWORD, confirm: str | None = None
):
    url = f"/account/set-password/{secret}"
    page = client.get(url)
    token = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', page.text)
    assert token, page.text
    return client.http.post(
        url,
        data={
            "csrf_token": token.group(1),
            "password": password,
            "confirm": password if confirm is None else confirm,
        },
    )


def test_activation_link_sets_the_password_and_logs_in(app: Flask, client: Client) -> None:
    with app.app_context():
        user = make_user(Role.TRAINER, password=None)
    secret = _issue(app, user)
    page = client.get(f"/account/set-password/{secret}")
    assert page.status_code == 200
    assert f'<bdi dir="ltr">{user.email}</bdi>' in page.text
    response = _set_password(client, secret)
    assert response.status_code == 302
    assert response.headers["Location"] == "/cases/"
    assert client.get("/cases/").status_code == 200
    fresh = Client(app)
    assert fresh.log_in(user.email, NEW_PASSWORD).status_code == 302


def test_a_link_works_only_once(app: Flask, client: Client) -> None:
    with app.app_context():
        user = make_user(Role.TRAINER, password=None)
    secret = _issue(app, user)
    _set_password(client, secret)
    again = Client(app).get(f"/account/set-password/{secret}")
    assert again.status_code == 410
    assert "This link has already been used" in again.text


def test_an_expired_link_is_refused_and_changes_nothing(app: Flask, client: Client) -> None:
    with app.app_context():
        user = make_user(Role.TRAINER, password=None)
    secret = _issue(app, user)
    with app.app_context():
        token = db.session.scalar(select(AccountToken).where(AccountToken.user_id == user.id))
        token.expires_at = utcnow() - timedelta(minutes=1)
        db.session.commit()
    page = client.get(f"/account/set-password/{secret}")
    assert page.status_code == 410
    assert "This link has expired" in page.text
    response = client.post(
        f"/account/set-password/{secret}", {"password": NEW_PASSWORD, "confirm": NEW_PASSWORD}
    )
    assert response.status_code == 410
    with app.app_context():
        assert db.session.get(User, user.id).password_hash is None


@pytest.mark.parametrize("secret", ["nonsense", "x" * 200, "%00"])
def test_an_unknown_link_is_404(client: Client, app: Flask, secret: str) -> None:
    response = client.get(f"/account/set-password/{secret}")
    assert response.status_code == 404
    assert "This link does not work" in response.text


def test_a_new_link_replaces_the_earlier_one(app: Flask, client: Client) -> None:
    with app.app_context():
        user = make_user(Role.TRAINER, password=None)
    first = _issue(app, user)
    second = _issue(app, user)
    assert client.get(f"/account/set-password/{first}").status_code == 404
    assert client.get(f"/account/set-password/{second}").status_code == 200


def test_a_deactivated_accounts_link_does_not_work(app: Flask, client: Client) -> None:
    with app.app_context():
        user = make_user(Role.TRAINER, password=None, active=False)
    secret = _issue(app, user)
    page = client.get(f"/account/set-password/{secret}")
    assert page.status_code == 410
    assert "This account is not active" in page.text


@pytest.mark.parametrize(
    ("password", "confirm", "message"),
    [
        ("", "", "Choose a password."),
        ("short", "short", "between 12 and 256 characters"),
        ("x" * 300, "x" * 300, "between 12 and 256 characters"),
        (NEW_PASSWORD, NEW_PASSWORD + "!", "The two passwords are not the same."),
    ],
)
def test_bad_passwords_are_refused_with_a_message(
    app: Flask, client: Client, password: str, confirm: str, message: str
) -> None:
    with app.app_context():
        user = make_user(Role.TRAINER, password=None)
    secret = _issue(app, user)
    response = _set_password(client, secret, password, confirm)
    assert response.status_code == 200
    assert message in response.text
    with app.app_context():
        assert db.session.get(User, user.id).password_hash is None


def test_password_reset_ends_other_open_sessions(
    app: Flask, login_as: Callable[..., Client]
) -> None:
    with app.app_context():
        user = make_user(Role.PSYCHOLOGIST)
    elsewhere = login_as(user=user)
    assert elsewhere.get("/cases/").status_code == 200
    secret = _issue(app, user, TokenPurpose.PASSWORD_RESET)
    _set_password(Client(app), secret)
    assert elsewhere.get("/cases/").status_code == 302
