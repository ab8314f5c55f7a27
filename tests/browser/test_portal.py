"""The beneficiary's journey on a phone: a trainer issues access, the beneficiary activates
it and reads their pathway, in Arabic and in Ukrainian. axe-core checks every portal page.
"""

from __future__ import annotations

import re

import pytest
from axe_playwright_python.sync_playwright import Axe
from flask import Flask
from playwright.sync_api import Page, expect

from tests.browser.conftest import screenshot
from tests.casefiles import Office
from tests.factories import TEST_PASSWORD, make_case

PIN = "483920"


def _issue_access(page: Page, office: Office, beneficiary) -> str:
    page.goto("/login")
    page.get_by_label("E-mail address").fill(office.trainer.email)
    page.get_by_label("Password").fill(TEST_PASSWORD)
    page.get_by_role("button", name="Log in").click()
    page.goto(f"/cases/{beneficiary.id}/administration#portal")
    page.get_by_role("button", name="Create access and print the welcome letter").click()
    expect(page.locator(".letter")).to_be_visible()
    screenshot(page, "welcome-letter-page")
    return page.locator('input[name="code"]').first.get_attribute("value")


def _activate_on_phone(phone: Page, code: str, locale: str) -> None:
    phone.context.add_cookies([{"name": "passerelle_locale", "value": locale,
                                "url": phone.url or "http://127.0.0.1"}])  # fmt: skip
    phone.goto(f"/portal/activate/{code}")
    phone.locator("#birth_date").fill("2001-04-12")
    phone.locator('input[name="kind"][value="pin"]').check()
    phone.locator("#secret").fill(PIN)
    phone.locator("#confirm").fill(PIN)
    phone.locator("main button[type=submit]").click()
    expect(phone.locator(".steps")).to_be_visible()


@pytest.mark.parametrize(("locale", "direction"), [("ar", "rtl"), ("uk", "ltr")])
def test_a_beneficiary_activates_access_on_a_phone(
    app: Flask, office: Office, page: Page, phone: Page, locale: str, direction: str
) -> None:
    with app.app_context():
        beneficiary = make_case(office.trainer, preferred_language=locale)
    code = _issue_access(page, office, beneficiary)
    phone.goto("/portal/login")
    _activate_on_phone(phone, code, locale)
    html = phone.locator("html")
    expect(html).to_have_attribute("lang", locale)
    expect(html).to_have_attribute("dir", direction)
    assert phone.locator(".step").count() >= 4
    width = phone.evaluate("document.documentElement.scrollWidth")
    assert width <= 360, "the page must fit a 360 px wide phone"
    screenshot(phone, f"portal-{locale}")
    phone.locator(".site-nav a").nth(1).click()
    screenshot(phone, f"portal-achievements-{locale}")


def _axe_violations(page: Page) -> list[str]:
    results = Axe().run(page)
    return [f"{v['id']}: {v['help']}" for v in results.response["violations"]]


@pytest.mark.parametrize("locale", ["en", "ar"])
def test_every_portal_page_passes_axe(
    app: Flask, office: Office, page: Page, phone: Page, locale: str
) -> None:
    with app.app_context():
        beneficiary = make_case(office.trainer)
    code = _issue_access(page, office, beneficiary)
    phone.goto("/portal/login")
    phone.context.add_cookies([{"name": "passerelle_locale", "value": locale,
                                "url": phone.url}])  # fmt: skip
    problems = {}
    for url in ("/portal/login", "/portal/activate", f"/portal/activate/{code}"):
        phone.goto(url)
        problems[url] = _axe_violations(phone)
    _activate_on_phone(phone, code, locale)
    for url in ("/portal/", "/portal/achievements", "/portal/my-data", "/portal/settings"):
        phone.goto(url)
        problems[url] = _axe_violations(phone)
    assert {url: found for url, found in problems.items() if found} == {}


def test_the_letter_page_shows_the_code_and_qr(app: Flask, office: Office, page: Page) -> None:
    with app.app_context():
        beneficiary = make_case(office.trainer)
    code = _issue_access(page, office, beneficiary)
    assert re.fullmatch(r"[A-Z0-9]{4}-[A-Z0-9]{4}", code)
    expect(page.locator(".letter svg")).to_be_visible()
    expect(page.locator(".letter")).to_contain_text(code)
