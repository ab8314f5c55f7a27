"""Which language a page is in: saved preference, then the switcher, then the browser."""

from __future__ import annotations

import re
from collections.abc import Callable

import pytest
from flask import Flask

from app.accounts.roles import Role
from app.i18n import BENEFICIARY_LOCALES, STAFF_LOCALES, text_direction
from tests.factories import make_user
from tests.helpers import Client


def _html_tag(html: str) -> str:
    match = re.search(r"<html[^>]*>", html)
    assert match
    return match.group(0)


@pytest.mark.parametrize(
    ("header", "lang", "direction"),
    [
        ("de-DE,de;q=0.9,en;q=0.5", "de", "ltr"),
        ("fa-AF", "fa-AF", "rtl"),
        ("ar", "ar", "rtl"),
        ("ps-AF,ps;q=0.8", "ps", "rtl"),
        ("ti-ER", "ti", "ltr"),
        ("xx-YY", "en", "ltr"),
    ],
)
def test_the_browser_language_is_used_when_nothing_else_is_known(
    client: Client, header: str, lang: str, direction: str
) -> None:
    html = client.get("/login", headers={"Accept-Language": header}).text
    assert _html_tag(html) == f'<html lang="{lang}" dir="{direction}">'


def test_the_switcher_choice_beats_the_browser_and_is_remembered(client: Client) -> None:
    response = client.post("/language", {"locale": "uk", "next": "/login"})
    assert response.status_code == 302
    assert response.headers["Location"] == "/login"
    assert "passerelle_locale=uk" in response.headers["Set-Cookie"]
    html = client.get("/login", headers={"Accept-Language": "de"}).text
    assert 'lang="uk"' in _html_tag(html)


def test_the_switcher_refuses_unknown_languages_and_foreign_redirects(client: Client) -> None:
    response = client.post("/language", {"locale": "klingon", "next": "https://evil.example"})
    assert response.headers["Location"] == "/"
    assert (
        "Set-Cookie" not in response.headers
        or "passerelle_locale" not in response.headers["Set-Cookie"]
    )


def test_a_saved_preference_beats_the_switcher(app: Flask) -> None:
    with app.app_context():
        user = make_user(Role.TRAINER, preferred_locale="sv")
    client = Client(app)
    client.http.set_cookie("passerelle_locale", "de")
    client.log_in(user.email)
    assert 'lang="sv"' in _html_tag(client.text("/cases/"))


def test_choosing_a_language_when_logged_in_saves_it(login_as: Callable[..., Client]) -> None:
    client = login_as(Role.COORDINATOR)
    client.post("/language", {"locale": "it", "next": "/dashboards/"})
    client.http.delete_cookie("passerelle_locale")
    assert 'lang="it"' in _html_tag(client.text("/dashboards/"))


def test_staff_are_offered_the_network_languages_and_beneficiaries_all(
    client: Client, login_as: Callable[..., Client]
) -> None:
    public = client.text("/login")
    for code in BENEFICIARY_LOCALES:
        assert f'<option value="{code}"' in public
    assert ">العربية<" in public and ">Deutsch<" in public and ">دری<" in public
    staff = login_as(Role.TRAINER).text("/cases/")
    options = re.findall(r'<option value="([a-z_A-Z]+)" lang=', staff)
    assert tuple(options) == STAFF_LOCALES


def test_staff_do_not_get_a_beneficiary_only_language(app: Flask) -> None:
    with app.app_context():
        user = make_user(Role.TRAINER)
    client = Client(app)
    client.http.set_cookie("passerelle_locale", "ar")
    client.log_in(user.email)
    assert _html_tag(client.text("/cases/")) == '<html lang="en" dir="ltr">'


def test_right_to_left_languages() -> None:
    assert [code for code in BENEFICIARY_LOCALES if text_direction(code) == "rtl"] == [
        "ar", "fa_AF", "fa", "ps",
    ]  # fmt: skip


def test_dates_numbers_and_relative_times_follow_the_language(app: Flask) -> None:
    from datetime import timedelta

    from flask_babel import force_locale, format_date, format_decimal

    from app.db import utcnow
    from app.setup import time_ago

    with app.test_request_context():
        with force_locale("de"):
            assert format_decimal(1234.5) == "1.234,5"
            assert time_ago(utcnow() - timedelta(days=3)) == "vor 3 Tagen"
        with force_locale("fr"):
            assert time_ago(utcnow() - timedelta(days=3)) == "il y a 3 jours"
        with force_locale("ar"):
            assert format_date(utcnow().date(), "long")  # Arabic month names
            assert "ي" in time_ago(utcnow() - timedelta(days=3)) or "ا" in time_ago(
                utcnow() - timedelta(days=3)
            )
