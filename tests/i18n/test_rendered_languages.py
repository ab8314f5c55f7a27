"""Pages rendered in each language show no English left untranslated.

Staff pages are checked in every staff language, the beneficiary's pages (and the public
ones) in every language. A page fails when it shows, word for word, an English message that
its catalogue translates differently.
"""

from __future__ import annotations

import html
import re
from functools import cache

import pytest
from flask import Flask
from sqlalchemy import select

from app.accounts.roles import Role
from app.cases.pathways.models import Stage
from app.extensions import db
from app.i18n import BENEFICIARY_LOCALES, STAFF_LOCALES, text_direction
from app.i18n_status import TRANSLATIONS, load_catalogue
from tests.factories import make_beneficiary_account, make_case, make_organisation, make_user
from tests.helpers import Client

_PLACEHOLDER = re.compile(r"%\([a-z_]+\)[sd]")


@cache
def _english_fragments(locale: str) -> frozenset[str]:
    """Pieces of English text that must not appear on a page in ``locale``."""
    catalogue = load_catalogue(TRANSLATIONS / locale / "LC_MESSAGES" / "messages.po", locale)
    fragments = set()
    for message in catalogue:
        if not message.id:
            continue
        english = message.id[0] if isinstance(message.id, tuple) else message.id
        translated = message.string[0] if isinstance(message.string, tuple) else message.string
        # A message translated as itself (a code, a name) may appear; a missing one may not.
        if english == translated:
            continue
        for piece in _PLACEHOLDER.split(english):
            piece = piece.strip(" .,:;()")
            if len(piece.split()) >= 3:
                fragments.add(piece)
    return frozenset(fragments)


def _visible_text(page: str) -> str:
    page = re.sub(r"<(script|style)[^>]*>.*?</\1>", " ", page, flags=re.DOTALL)
    text = html.unescape(re.sub(r"<[^>]+>", " ", page))
    return " ".join(text.split())


def untranslated(page: str, locale: str) -> list[str]:
    text = _visible_text(page)
    return sorted(fragment for fragment in _english_fragments(locale) if fragment in text)


def _html_tag(page: str) -> str:
    return re.search(r"<html[^>]*>", page).group(0)


@pytest.mark.parametrize("locale", [code for code in STAFF_LOCALES if code != "en"])
def test_staff_pages_in_every_staff_language(app: Flask, locale: str) -> None:
    with app.app_context():
        organisation = make_organisation("Tested organisation", "FR", coordinating=True)
        trainer = make_user(Role.TRAINER, organisation=organisation, preferred_locale=locale)
        coordinator = make_user(Role.COORDINATOR, organisation=organisation,
                                preferred_locale=locale)  # fmt: skip
        admin = make_user(Role.ADMIN, organisation=organisation, preferred_locale=locale)
        case = make_case(trainer)
        stages = db.session.scalars(select(Stage).where(Stage.beneficiary_id == case.id)).all()
        language = next(stage for stage in stages if stage.kind.value == "host_language")
    stage_url = f"/cases/{case.id}/pathway/stages"
    pages = {
        trainer: ["/cases/", f"/cases/{case.id}", f"/cases/{case.id}/edit",
                  f"/cases/{case.id}/history", f"{stage_url}/new",
                  f"{stage_url}/{stages[0].id}/edit", f"{stage_url}/{language.id}/levels",
                  f"/cases/{case.id}/pathway/settings", f"/cases/{case.id}/refer"],
        coordinator: ["/dashboards/", "/dashboards/report", "/cases/", f"/cases/{case.id}",
                      "/cases/referrals"],
        admin: ["/admin/", "/admin/users", "/admin/users/new", f"/admin/users/{trainer.id}/edit",
                "/admin/organisations", "/admin/organisations/new",
                f"/admin/organisations/{organisation.id}/edit"],
    }  # fmt: skip
    for user, urls in pages.items():
        client = Client(app)
        client.log_in(user.email)
        for url in urls:
            page = client.text(url)
            assert f'lang="{locale}"' in _html_tag(page), url
            assert untranslated(page, locale) == [], url


@pytest.mark.parametrize("locale", [code for code in BENEFICIARY_LOCALES if code != "en"])
def test_the_beneficiary_pages_in_every_language(app: Flask, locale: str) -> None:
    with app.app_context():
        account = make_beneficiary_account()
    client = Client(app)
    client.http.set_cookie("passerelle_locale", locale)
    for url, status in (
        ("/login", 200),
        ("/portal/login", 200),
        ("/portal/activate", 200),
        ("/portal/activate/NOPE-NOPE", 404),
        ("/nowhere", 404),
    ):
        response = client.get(url)
        assert response.status_code == status, url
        assert untranslated(response.text, locale) == [], url
    client.log_in(account.login_id)
    client.post("/language", {"locale": locale, "next": "/portal/"})
    for url in ("/portal/", "/portal/achievements", "/portal/my-data", "/portal/settings"):
        page = client.text(url)
        lang = locale.replace("_", "-")
        assert _html_tag(page) == f'<html lang="{lang}" dir="{text_direction(locale)}">', url
        assert untranslated(page, locale) == [], url


def test_the_check_sees_english_left_on_a_page() -> None:
    fragments = _english_fragments("fr")
    assert "Skip to main content" in fragments
    assert untranslated("<p>Skip to main content</p>", "fr") == ["Skip to main content"]
