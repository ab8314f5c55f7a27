"""The coordinating body's network dashboard, in Chromium, with a screenshot."""

from __future__ import annotations

from flask import Flask
from playwright.sync_api import Page, expect

from tests.browser.conftest import screenshot
from tests.dashboards.conftest import Network, network  # noqa: F401 - the fixture
from tests.factories import TEST_PASSWORD


def test_the_network_dashboard(app: Flask, network: Network, page: Page) -> None:  # noqa: F811
    page.goto("/login")
    page.get_by_label("E-mail address").fill(network.network_coordinator.email)
    page.get_by_label("Password").fill(TEST_PASSWORD)
    page.get_by_role("button", name="Log in").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Network dashboard")
    expect(page.get_by_role("img", name="People who entered and completed each kind of stage"))
    expect(page.get_by_role("table", name="Beneficiaries and outcomes")).to_contain_text(
        "Integration Köln"
    )
    page.get_by_label("Break down by").select_option("target_group")
    page.get_by_role("button", name="Show figures").click()
    expect(page.get_by_role("table", name="Beneficiaries and outcomes")).to_contain_text(
        "Person with a disability"
    )
    screenshot(page, "dashboard-network")
    page.get_by_role("link", name="Funder report (print)").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Pathway figures for funders")
    page.emulate_media(media="print")
    screenshot(page, "dashboard-funder-report-print")
