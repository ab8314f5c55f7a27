"""Issue access, activate it with the letter's code and the date of birth, log in, look."""

from __future__ import annotations

import re

import pytest
from flask import Flask
from sqlalchemy import select

from app.accounts.models import User
from app.accounts.roles import Role
from app.cases.models import CaseEvent
from app.extensions import db
from tests.casefiles import Office
from tests.helpers import Client


def _issue(client: Client, beneficiary) -> tuple[str, str]:
    response = client.post(f"/cases/{beneficiary.id}/portal-access")
    assert response.status_code == 200, response.text
    code = re.search(r'name="code" value="([A-Z0-9-]+)"', response.text).group(1)
    login_id = re.search(r'class="letter__code" dir="ltr">([A-Z0-9-]+)</strong>\s*</p>\s*</div>',
                         response.text)  # fmt: skip
    assert login_id, response.text
    return code, login_id.group(1)


def _activate(app: Flask, code: str, **form: str) -> tuple[Client, object]:
    client = Client(app)
    page = client.get(f"/portal/activate/{code}")
    assert page.status_code == 200
    data = {"birth_date": "2001-04-12", "kind": "pin", "secret": "483920", "confirm": "483920"}
    data.update(form)
    response = client.post(f"/portal/activate/{code}", data)
    client.forget_csrf_token()
    return client, response


def test_the_whole_journey(app: Flask, office: Office, amina) -> None:
    code, login_id = _issue(office.client(app), amina)
    client, response = _activate(app, code)
    assert response.status_code == 302
    assert response.headers["Location"] == "/portal/"
    home = client.text("/portal/")
    assert '<html lang="ar" dir="rtl">' in home
    assert "<bdi>Amina</bdi>" in home
    assert "Julien" in home and "Moreau" not in home
    for url in ("/portal/achievements", "/portal/my-data", "/portal/settings"):
        client.text(url)
    download = client.get("/portal/my-data.json")
    assert download.json["identity"]["family_name"] == "Yusuf"

    again = Client(app)
    assert again.get(f"/portal/activate/{code}").status_code == 410
    with_pin = again.post("/portal/login", {"login_id": login_id.lower(), "secret": "483920",
                                            "birth_date": "2001-04-12"})  # fmt: skip
    assert with_pin.status_code == 302
    wrong_date = Client(app).post("/portal/login", {"login_id": login_id, "secret": "483920",
                                                    "birth_date": "2001-04-13"})  # fmt: skip
    assert wrong_date.status_code == 401


def test_the_letter_is_a_real_pdf(app: Flask, office: Office, amina) -> None:
    trainer = office.client(app)
    code, _login = _issue(trainer, amina)
    response = trainer.post(f"/cases/{amina.id}/portal-access/letter.pdf", {"code": code})
    assert response.status_code == 200
    assert response.data.startswith(b"%PDF")
    assert trainer.post(f"/cases/{amina.id}/portal-access/letter.pdf",
                        {"code": "AAAA-AAAA"}).status_code == 404  # fmt: skip


def test_a_wrong_birth_date_does_not_activate(app: Flask, office: Office, amina) -> None:
    code, _login = _issue(office.client(app), amina)
    _client, response = _activate(app, code, birth_date="2001-04-13")
    assert response.status_code == 422
    assert "does not match our records" in response.text
    _client, response = _activate(app, code)
    assert response.status_code == 302


@pytest.mark.parametrize(
    ("form", "message"),
    [
        ({"secret": "12345", "confirm": "12345"}, "A PIN has exactly 6 digits."),
        ({"secret": "123456", "confirm": "123456"}, "too easy to guess"),
        ({"secret": "483920", "confirm": "483921"}, "The two are not the same."),
        ({"kind": "password", "secret": "short", "confirm": "short"}, "at least 12 characters"),
        ({"birth_date": "yesterday"}, "Enter a real date"),
        ({"kind": "telepathy"}, "Not a valid choice"),
    ],
)
def test_bad_activation_input(app: Flask, office: Office, amina, form, message) -> None:
    code, _login = _issue(office.client(app), amina)
    _client, response = _activate(app, code, **form)
    assert message in response.text
    with app.app_context():
        account = db.session.scalar(select(User).where(User.role == Role.BENEFICIARY))
        assert account.password_hash is None


def test_persian_digits_in_a_pin(app: Flask, office: Office, amina) -> None:
    code, login_id = _issue(office.client(app), amina)
    _client, response = _activate(app, code, secret="۴۸۳۹۲۰", confirm="۴۸۳۹۲۰")
    assert response.status_code == 302
    response = Client(app).post("/portal/login", {"login_id": login_id, "secret": "483920",
                                                  "birth_date": "٢٠٠١-٠٤-١٢"})  # fmt: skip
    assert response.status_code == 302


def test_five_failures_lock_the_account(app: Flask, office: Office, amina) -> None:
    code, login_id = _issue(office.client(app), amina)
    _activate(app, code, kind="password", secret="a long portal password",
              confirm="a long portal password")  # fmt: skip
    for _ in range(5):
        response = Client(app).post("/portal/login", {"login_id": login_id, "secret": "wrong!"})
        assert response.status_code == 401
    locked = Client(app).post("/portal/login", {"login_id": login_id,
                                                "secret": "a long portal password"})  # fmt: skip
    assert locked.status_code == 401
    assert "Too many attempts" in locked.text


def test_revoking_closes_the_open_session(app: Flask, office: Office, amina) -> None:
    trainer = office.client(app)
    code, _login = _issue(trainer, amina)
    client, _response = _activate(app, code)
    assert client.get("/portal/").status_code == 200
    trainer.post(f"/cases/{amina.id}/portal-access/revoke")
    assert client.get("/portal/").status_code == 302
    with app.app_context():
        actions = set(db.session.scalars(select(CaseEvent.action)))
    assert {"portal_access_issued", "portal_access_activated", "portal_access_revoked"} <= actions


def test_contact_changes_are_in_the_case_history(app: Flask, office: Office, amina) -> None:
    code, _login = _issue(office.client(app), amina)
    client, _response = _activate(app, code)
    response = client.post("/portal/settings", {"preferred_locale": "uk", "phone": "+33 7 11",
                                                "email": "", "address": "5 rue Neuve"})  # fmt: skip
    assert response.status_code == 302
    assert 'lang="uk"' in client.text("/portal/settings")
    history = office.client(app).text(f"/cases/{amina.id}/history")
    assert "Contact details changed by the beneficiary" in history


def test_a_beneficiary_sees_only_their_own_case(app: Flask, office: Office, amina) -> None:
    from tests.factories import make_case

    with app.app_context():
        other = make_case(office.trainer, given_names="Olena", family_name="Kovalenko")
    code, _login = _issue(office.client(app), amina)
    client, _response = _activate(app, code)
    for url in (
        f"/cases/{amina.id}",
        f"/cases/{other.id}",
        "/cases/",
        "/admin/",
        f"/cases/{other.id}/history",
    ):
        assert client.get(url).status_code in {403, 404}, url
    assert "Kovalenko" not in client.text("/portal/my-data")
