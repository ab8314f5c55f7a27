"""Who sees which dashboard, well-formed pages and exports that hide what the page hides."""

from __future__ import annotations

import csv
import io

import pytest
from openpyxl import load_workbook

from app.accounts.roles import Role
from tests.dashboards.conftest import Network
from tests.pages import page_problems

VIEWS = [
    "/dashboards/",
    "/dashboards/?breakdown=target_group&stage_kind=employment",
    "/dashboards/?breakdown=cohort_month",
    "/dashboards/?breakdown=cohort_quarter&target_group=woman",
    "/dashboards/?breakdown=country&date_from=2024-01-01&date_to=2024-12-31",
    "/dashboards/?breakdown=none",
    "/dashboards/report",
]


@pytest.mark.parametrize("role", [Role.TRAINER, Role.PSYCHOLOGIST, Role.ADMIN, Role.BENEFICIARY])
def test_only_coordinators_see_dashboards(login_as, role: Role) -> None:
    client = login_as(role)
    for url in ("/dashboards/", "/dashboards/report", "/dashboards/export.csv"):
        assert client.get(url).status_code == 403, url


def test_visitors_are_sent_to_log_in(client) -> None:
    assert client.get("/dashboards/").status_code == 302


def test_a_coordinator_sees_their_organisation_only(app, network: Network, login_as) -> None:
    client = login_as(user=network.koeln_coordinator)
    html = client.text("/dashboards/")
    assert "Parcours Lyon" not in html
    assert client.get(f"/dashboards/?organisation={network.lyon.id}").status_code == 404
    assert client.get("/dashboards/?organisation=nonsense").status_code == 404
    assert "Parcours Lyon" not in client.text("/dashboards/export.csv")


def test_the_coordinating_body_sees_the_network(app, network: Network, login_as) -> None:
    client = login_as(user=network.network_coordinator)
    html = client.text("/dashboards/")
    assert "Network dashboard" in html
    assert "Parcours Lyon" in html and "Integration Köln" in html
    assert client.get(f"/dashboards/?organisation={network.koeln.id}").status_code == 200
    # Whoever reads the figures is told whom they count.
    rule = "count only the people who agreed to their data being used for anonymous statistics"
    assert rule in html and rule in client.text("/dashboards/report")


def test_every_view_is_well_formed(app, network: Network, login_as) -> None:
    client = login_as(user=network.network_coordinator)
    for url in VIEWS:
        html = client.text(url)
        assert page_problems(html) == [], url
        assert "Person0" not in html and "Amina" not in html
    assert page_problems(login_as(user=network.koeln_coordinator).text("/dashboards/")) == []


def test_a_bad_filter_is_explained(app, network: Network, login_as) -> None:
    client = login_as(user=network.network_coordinator)
    html = client.text("/dashboards/?date_from=2025-01-01&date_to=2024-01-01")
    assert "Enter an end date on or after the start date." in html


def test_charts_are_accessible_svg(app, network: Network, login_as) -> None:
    html = login_as(user=network.network_coordinator).text("/dashboards/")
    assert '<svg class="chart"' in html and 'role="img"' in html
    assert 'id="chart-funnel-title"' in html and 'id="chart-funnel-desc"' in html


def test_csv_export_hides_small_counts(app, network: Network, login_as) -> None:
    client = login_as(user=network.network_coordinator)
    response = client.get("/dashboards/export.csv?breakdown=organisation")
    assert response.status_code == 200
    assert response.mimetype == "text/csv"
    rows = list(csv.reader(io.StringIO(response.text.lstrip("\ufeff"))))
    header = rows.index(next(r for r in rows if r and r[0] == "Organisation"))
    table = {row[0]: row for row in rows[header + 1 : header + 4]}
    assert table["Integration Köln"][1] == "<5"
    assert table["Parcours Lyon"][2] == "<5"  # 4 reached employment
    for row in rows:
        assert "2" not in row[1:2] and "4" not in row[1:3]


def test_xlsx_export_matches_the_page(app, network: Network, login_as) -> None:
    client = login_as(user=network.network_coordinator)
    response = client.get("/dashboards/export.xlsx?breakdown=organisation")
    assert response.status_code == 200
    workbook = load_workbook(io.BytesIO(response.data))
    sheet = workbook[workbook.sheetnames[1]]
    values = {row[0]: row for row in sheet.iter_rows(values_only=True) if row and row[0]}
    assert values["Integration Köln"][1] == "<5"
    assert values["Parcours Lyon"][2] == "<5"
    assert "About" in workbook.sheetnames


def test_the_funder_report_names_period_and_partners(app, network: Network, login_as) -> None:
    client = login_as(user=network.network_coordinator)
    html = client.text("/dashboards/report?date_from=2024-01-01&date_to=2024-12-31")
    assert "Pathway figures for funders" in html
    assert "Parcours Lyon" in html and "Integration Köln" in html
    assert "Key figures" in html


def test_the_funder_report_as_pdf(login_as) -> None:
    import shutil
    import subprocess

    from app.accounts.roles import Role

    client = login_as(Role.COORDINATOR)
    response = client.get("/dashboards/report.pdf")
    assert response.status_code == 200
    assert response.mimetype == "application/pdf"
    assert response.data.startswith(b"%PDF")
    if shutil.which("pdftotext"):
        text = subprocess.run(["pdftotext", "-", "-"], input=response.data,
                              capture_output=True, check=True).stdout.decode()  # fmt: skip
        assert "Pathway figures for funders" in text
        assert "Key figures" in text
