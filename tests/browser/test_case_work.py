"""A trainer's day and a coordinator's view, in Chromium."""

from __future__ import annotations

import re

from flask import Flask
from playwright.sync_api import Page, expect

from app.vocabulary import Gender
from tests.browser.conftest import screenshot
from tests.casefiles import Office
from tests.factories import TEST_PASSWORD, make_case


def _log_in(page: Page, email: str) -> None:
    page.goto("/login")
    page.get_by_label("E-mail address").fill(email)
    page.get_by_label("Password").fill(TEST_PASSWORD)
    page.get_by_role("button", name="Log in").click()


def test_a_trainers_day(app: Flask, office: Office, page: Page) -> None:
    with app.app_context():
        make_case(office.trainer)
        make_case(office.trainer, given_names="Olena", family_name="Kovalenko",
                  country_of_origin="UA", languages=["uk", "ru"])  # fmt: skip
    _log_in(page, office.trainer.email)
    expect(page.get_by_role("heading", level=1)).to_have_text("My caseload")

    # Find a case.
    page.get_by_label("Search by name or case number").fill("amina yusuf")
    page.get_by_role("button", name="Search").click()
    expect(page.get_by_text("1 case found.")).to_be_visible()
    page.get_by_role("link", name=re.compile(r"FR-\d{4}-\d{5}")).click()
    expect(page.get_by_text("Amina Yusuf").first).to_be_visible()

    # Add a note.
    note = page.get_by_label("Note", exact=True)
    if not note.is_visible():
        page.get_by_text("Add a note").click()
    note.fill("Entretien: motivée pour une formation en couture.")
    page.get_by_role("button", name="Add the note").click()
    expect(page.get_by_text("Note added.")).to_be_visible()
    expect(page.get_by_text("Entretien: motivée pour une formation en couture.")).to_be_visible()

    # Complete the stage in progress, then start the next one.
    stages = page.locator(".pathway__stage")
    stages.nth(0).get_by_role("button", name="Start today").click()
    expect(page.locator(".pathway__stage--in_progress")).to_have_count(1)
    stages.nth(0).get_by_role("button", name="Complete today").click()
    expect(page.locator(".pathway__stage--completed")).to_have_count(1)
    stages.nth(1).get_by_role("button", name="Start today").click()
    expect(page.locator(".pathway__stage--in_progress.pathway__stage--current")).to_have_count(1)
    expect(page.locator(".pathway__stage").nth(1)).to_contain_text("In progress")
    screenshot(page, "case-page-trainer")


def test_a_coordinators_view(app: Flask, office: Office, page: Page) -> None:
    with app.app_context():
        make_case(office.trainer)
        make_case(office.other_trainer, given_names="Ahmad", family_name="Rahimi",
                  gender=Gender.MALE, country_of_origin="AF")  # fmt: skip
    _log_in(page, office.coordinator.email)
    page.get_by_role("link", name="Cases", exact=True).click()
    expect(page.get_by_text("2 cases found.")).to_be_visible()
    page.get_by_role("link", name="Choose a worker").click()
    page.get_by_role("link", name="Julien Moreau").click()
    expect(page.get_by_text("1 case found.")).to_be_visible()
    page.get_by_role("link", name=re.compile(r"FR-\d{4}-\d{5}")).click()
    expect(page.get_by_text("Amina Yusuf").first).to_be_visible()
    expect(page.get_by_role("link", name="Edit the profile")).to_have_count(0)
    expect(page.get_by_role("button", name="Start today")).to_have_count(0)
    page.get_by_role("link", name="Consent, team and access").click()
    page.locator("#team").get_by_role("link", name="Assign").click()
    worker = page.get_by_label("Worker")
    chosen = worker.locator("option").first.inner_text()
    worker.select_option(index=0)
    page.get_by_role("button", name="Assign").click()
    expect(page.get_by_text("Worker assigned.")).to_be_visible()
    expect(page.locator("#team").get_by_text(chosen)).to_be_visible()
    screenshot(page, "case-page-coordinator")
