"""Layouts in the user's language: German left to right, Arabic mirrored, right to left."""

from __future__ import annotations

from flask import Flask
from playwright.sync_api import Page, expect

from tests.browser.conftest import screenshot
from tests.casefiles import Office
from tests.factories import TEST_PASSWORD, make_beneficiary_account, make_case


def _brand_is_on_the_right(page: Page) -> bool:
    box = page.locator(".brand").bounding_box()
    width = page.viewport_size["width"]
    return box["x"] + box["width"] / 2 > width / 2


def test_the_case_page_in_german(app: Flask, office: Office, page: Page) -> None:
    with app.app_context():
        beneficiary = make_case(office.trainer)
    page.goto("/login")
    page.locator("#email").fill(office.trainer.email)
    page.locator("#password").fill(TEST_PASSWORD)
    page.locator("main button[type=submit]").click()
    page.locator("#language-switcher").select_option("de")
    page.locator(".language-switcher button").click()
    page.goto(f"/cases/{beneficiary.id}")
    expect(page.locator("html")).to_have_attribute("lang", "de")
    expect(page.locator("html")).to_have_attribute("dir", "ltr")
    expect(page.locator("#pathway-title")).to_have_text("Integrationsweg")
    assert not _brand_is_on_the_right(page)
    screenshot(page, "case-page-de")


def test_a_beneficiary_page_in_arabic_is_mirrored(app: Flask, phone: Page) -> None:
    with app.app_context():
        account = make_beneficiary_account()
    phone.goto("/portal/login")
    phone.locator("#language-switcher").select_option("ar")
    phone.locator(".language-switcher button").click()
    expect(phone.locator("html")).to_have_attribute("dir", "rtl")
    assert _brand_is_on_the_right(phone)
    phone.locator("#login_id").fill(account.login_id)
    phone.locator("#secret").fill(TEST_PASSWORD)
    phone.locator("main button[type=submit]").click()
    expect(phone.locator(".steps")).to_be_visible()
    expect(phone.locator("html")).to_have_attribute("lang", "ar")
    assert _brand_is_on_the_right(phone)
    # The pathway's markers sit at the start of each line: on the right in Arabic.
    marker = phone.locator(".step__icon").first.bounding_box()
    body = phone.locator(".step__body").first.bounding_box()
    assert marker["x"] > body["x"]
    screenshot(phone, "portal-index-ar")
