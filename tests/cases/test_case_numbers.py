"""Case numbers: the start of support decides their year, so it must be a plausible date;
two cases created at once never share a number."""

from __future__ import annotations

import re
from datetime import date, timedelta

import pytest
from flask import Flask
from sqlalchemy import func, select

from app.cases.models import Beneficiary, CaseNumberCounter
from app.extensions import db
from tests.casefiles import Office
from tests.cases.test_case_file import profile_form
from tests.races import run_together


def _numbers(app: Flask) -> list[str]:
    with app.app_context():
        return sorted(db.session.scalars(select(Beneficiary.case_number)))


@pytest.mark.parametrize("days_ahead", [91, 365 * 5])
def test_a_start_of_support_far_ahead_is_refused(
    app: Flask, office: Office, today: date, days_ahead: int
) -> None:
    entered_on = today + timedelta(days=days_ahead)
    response = office.client(app).post("/cases/new", profile_form(entered_on=str(entered_on)))
    assert response.status_code == 200
    assert "The start of support can be at most 90 days from today." in response.text
    assert _numbers(app) == []


@pytest.mark.parametrize("entered_on", ["2100-01-01", "9999-12-31", "1899-12-31"])
def test_a_start_of_support_outside_the_calendar_is_refused(
    app: Flask, office: Office, entered_on: str
) -> None:
    response = office.client(app).post("/cases/new", profile_form(entered_on=entered_on))
    assert response.status_code == 200
    assert "Enter a date between the years 1900 and" in response.text
    assert _numbers(app) == []
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(CaseNumberCounter)) == 0


def test_an_edit_cannot_move_the_start_far_ahead(
    app: Flask, office: Office, amina: Beneficiary, today: date
) -> None:
    later = today + timedelta(days=120)
    form = profile_form(
        given_names="Amina", family_name="Yusuf", birth_date="2001-04-12", version="1"
    )
    response = office.client(app).post(
        f"/cases/{amina.id}/edit", {**form, "entered_on": str(later)}
    )
    assert response.status_code == 200
    assert "The start of support can be at most 90 days from today." in response.text
    with app.app_context():
        assert db.session.get(Beneficiary, amina.id).version == 1


def test_support_starting_within_90_days_is_accepted(
    app: Flask, office: Office, today: date
) -> None:
    entered_on = today + timedelta(days=90)
    response = office.client(app).post("/cases/new", profile_form(entered_on=str(entered_on)))
    assert response.status_code == 302
    assert _numbers(app) == [f"FR-{entered_on.year}-00001"]


def test_two_first_cases_of_a_year_created_at_once_get_two_numbers(
    app: Flask, office: Office
) -> None:
    first, second = office.client(app), office.client(app, "other_trainer")
    responses = run_together(
        app,
        lambda: first.post("/cases/new", profile_form(entered_on="2025-03-01")),
        lambda: second.post(
            "/cases/new",
            profile_form(given_names="Selam", birth_date="2000-01-01", entered_on="2025-03-02"),
        ),
    )
    assert [r.status_code for r in responses] == [302, 302]
    assert _numbers(app) == ["FR-2025-00001", "FR-2025-00002"]
    third = first.post("/cases/new", profile_form(given_names="Olena", entered_on="2025-04-01"))
    assert third.status_code == 302
    assert _numbers(app)[-1] == "FR-2025-00003"
    assert all(re.fullmatch(r"FR-2025-\d{5}", number) for number in _numbers(app))
