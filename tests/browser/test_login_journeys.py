"""Log in as each role, fail a log-in, log out, and activate a new account, in Chromium."""

from __future__ import annotations

import re

import pytest
from flask import Flask
from playwright.sync_api import Page, expect

from app.accounts.roles import Role
from tests.browser.conftest import screenshot
from tests.factories import TEST_PASSWORD, make_organisation, make_user

HOME_HEADINGS = {
    Role.ADMIN: "Administration",
    Role.COORDINATOR: "Pathway dashboards",
    Role.TRAINER: "My caseload",
    Role.PSYCHOLOGIST: "My caseload",
    Role.BENEFICIARY: "My pathway",
}


def _log_in(page: Page, email: str, password: str = TEST_PASSWORD) -> None:
    page.goto("/login")
    page.get_by_label("E-mail address").fill(email)
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name="Log in").click()


@pytest.mark.parametrize("role", list(Role))
def test_each_role_logs_in_reaches_home_and_logs_out(app: Flask, page: Page, role: Role) -> None:
    with app.app_context():
        user = make_user(role, display_name="Fatima Zahra")
    if role is Role.BENEFICIARY:
        # Beneficiaries log in to their own space with the code on their letter.
        page.goto("/portal/login")
        page.locator("#login_id").fill(user.login_id)
        page.locator("#secret").fill(TEST_PASSWORD)
        page.locator("main button[type=submit]").click()
        name = "Amina"
    else:
        _log_in(page, user.email)
        name = "Fatima Zahra"
    expect(page.get_by_role("heading", level=1)).to_have_text(HOME_HEADINGS[role])
    expect(page.get_by_text(name).first).to_be_visible()
    screenshot(page, f"home-{role.value}")
    page.get_by_role("button", name="Log out").click()
    expect(page).to_have_url(re.compile(r"/login$"))
    expect(page.get_by_text("You are logged out.")).to_be_visible()


def test_a_wrong_password_shows_the_error(app: Flask, page: Page) -> None:
    with app.app_context():
        user = make_user(Role.TRAINER)
    _log_in(page, user.email, "not the right password")
    expect(page.get_by_role("alert")).to_contain_text("The e-mail address or the password")
    expect(page.get_by_role("heading", level=1)).to_have_text("Log in to Passerelle")
    screenshot(page, "login-wrong-password")


def test_admin_creates_an_account_and_the_person_activates_it(
    app: Flask, page: Page, browser, live_server: str
) -> None:
    with app.app_context():
        organisation = make_organisation("Parcours Avenir Lyon", coordinating=True)
        admin = make_user(Role.ADMIN, organisation=organisation)
    _log_in(page, admin.email)
    page.get_by_role("link", name="Create an account").first.click()
    page.get_by_label("Name", exact=True).fill("Yonas Tesfaye")
    page.get_by_label("E-mail address").fill("yonas@example.org")
    page.get_by_label("Organisation").select_option(label="Parcours Avenir Lyon")
    page.get_by_label("Role").select_option(label="Trainer")
    page.get_by_role("button", name="Save").click()
    link = page.locator("#account-link").inner_text()
    assert "/account/set-password/" in link

    newcomer = browser.new_context(base_url=live_server).new_page()
    newcomer.goto(link)
    newcomer.get_by_label("New password", exact=True).fill("my own long password")
    newcomer.get_by_label("Repeat the new password").fill("my own long password")
    newcomer.get_by_role("button", name="Save my password").click()
    expect(newcomer.get_by_role("heading", level=1)).to_have_text("My caseload")
    newcomer.goto(link)
    expect(newcomer.get_by_role("heading", level=1)).to_have_text("This link has already been used")
    newcomer.context.close()
