"""Every date field of the application refuses dates outside 1900 to ten years ahead."""

from __future__ import annotations

from datetime import date

import pytest
from flask import Flask
from sqlalchemy import func, select

from app.cases.models import Beneficiary, CaseEvent, CaseNote, Consent, Task
from app.cases.pathways.models import Stage
from app.extensions import db
from tests.casefiles import Office
from tests.cases.pathways.test_stages import stage_form
from tests.cases.test_case_file import profile_form


def _counts(app: Flask) -> tuple[int, ...]:
    with app.app_context():
        return tuple(
            db.session.scalar(select(func.count()).select_from(model)) or 0
            for model in (Beneficiary, CaseEvent, CaseNote, Consent, Task, Stage)
        )


@pytest.mark.parametrize("value", ["9999-12-31", "0001-01-01", "1899-12-31", "2100-01-01"])
def test_implausible_dates_are_refused_with_a_clear_message(
    app: Flask, office: Office, amina, today: date, value: str
) -> None:
    client = office.client(app)
    message = f"Enter a date between the years 1900 and {today.year + 10}."
    before = _counts(app)
    submissions = {
        f"/cases/{amina.id}/notes": {
            "note-occurred_on": value,
            "note-kind": "meeting",
            "note-body": "Visite",
        },
        f"/cases/{amina.id}/tasks": {
            "task-title": "Appeler",
            "task-due_on": value,
            "task-kind": "goal",
            "task-owner_id": str(office.trainer.id),
        },
        f"/cases/{amina.id}/pathway/stages/new": stage_form(planned_end=value),
        f"/cases/{amina.id}/edit": profile_form(
            given_names="Amina", family_name="Yusuf", arrival_date=value, version="1"
        ),
        "/cases/new": profile_form(birth_date=value),
    }
    for url, form in submissions.items():
        response = client.post(url, form)
        assert response.status_code == 200, url
        assert message in response.text, url
    assert _counts(app) == before


def test_the_range_ends_ten_years_ahead(app: Flask, office: Office, amina, today: date) -> None:
    client = office.client(app)
    response = client.post(
        f"/cases/{amina.id}/tasks",
        {
            "task-title": "Bilan",
            "task-due_on": f"{today.year + 10}-12-31",
            "task-kind": "goal",
            "task-owner_id": str(office.trainer.id),
        },
    )
    assert response.status_code == 302


def test_a_required_date_of_spaces_only_is_asked_for_again(
    app: Flask, office: Office, amina
) -> None:
    client = office.client(app)
    before = _counts(app)
    submissions = {
        f"/cases/{amina.id}/notes": (
            {"note-occurred_on": "   ", "note-kind": "meeting", "note-body": "Visite"},
            "Enter the date.",
        ),
        f"/cases/{amina.id}/tasks": (
            {
                "task-title": "Appeler",
                "task-due_on": " ",
                "task-kind": "goal",
                "task-owner_id": str(office.trainer.id),
            },
            "Enter the due date.",
        ),
        f"/cases/{amina.id}/edit": (
            profile_form(given_names="Amina", family_name="Yusuf", entered_on=" ", version="1"),
            "Enter the start of support.",
        ),
        "/cases/new": (profile_form(birth_date="  "), "Enter the date of birth."),
        f"/cases/{amina.id}/consents": (
            {"consent-purpose": "partner_sharing", "consent-given_on": "\t "},
            "Enter the date.",
        ),
    }
    for url, (form, message) in submissions.items():
        response = client.post(url, form)
        assert response.status_code == 200, url
        assert message in response.text, url
    assert _counts(app) == before
