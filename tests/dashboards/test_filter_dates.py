"""Dates in the dashboard's query string outside any plausible range are explained."""

from __future__ import annotations

import pytest

from app.accounts.roles import Role

OUT_OF_RANGE = ["9999-12-31", "0001-01-01", "1899-12-31"]


@pytest.mark.parametrize("value", OUT_OF_RANGE)
@pytest.mark.parametrize("name", ["date_from", "date_to"])
def test_an_implausible_date_is_explained(login_as, today, name: str, value: str) -> None:
    client = login_as(Role.COORDINATOR)
    response = client.get(f"/dashboards/?{name}={value}")
    assert response.status_code == 200
    assert f"Enter a date between the years 1900 and {today.year + 10}." in response.text


@pytest.mark.parametrize("view", ["report", "export.csv", "export.xlsx"])
def test_exports_ignore_an_implausible_date(login_as, view: str) -> None:
    client = login_as(Role.COORDINATOR)
    response = client.get(f"/dashboards/{view}?date_to=9999-12-31&date_from=0001-01-01")
    assert response.status_code == 200
    assert response.data


def test_the_last_plausible_day_is_accepted(login_as, today) -> None:
    client = login_as(Role.COORDINATOR)
    html = client.text(f"/dashboards/?date_from=1900-01-01&date_to={today.year + 10}-12-31")
    assert "Enter a date between" not in html
