"""An erased case (its data key shredded) answers every one of its pages with a clear
410 page, reading and changing nothing."""

from __future__ import annotations

from typing import Any

import pytest
from flask import Flask
from sqlalchemy import func, select

from app.cases.models import Beneficiary, CaseEvent
from app.cases.pathways.models import Stage
from app.crypto import shred_data_key
from app.extensions import db
from tests.casefiles import Office
from tests.cases.pathways.test_stages import stage_form
from tests.cases.test_case_file import profile_form
from tests.pages import page_problems

ERASED = "This case file was erased"


@pytest.fixture
def erased(app: Flask, amina: Beneficiary) -> tuple[Beneficiary, Stage]:
    with app.app_context():
        stage = db.session.scalar(select(Stage).where(Stage.beneficiary_id == amina.id))
        shred_data_key(db.session.get(Beneficiary, amina.id).data_key_id)
    return amina, stage


def _requests(case: Beneficiary, stage: Stage, office: Office) -> list[tuple[str, str, Any]]:
    base = f"/cases/{case.id}"
    profile = profile_form(given_names="Amina", family_name="Yusuf", version="1")
    return [
        ("GET", base, None),
        ("GET", f"{base}/administration", None),
        ("GET", f"{base}/history", None),
        ("GET", f"{base}/edit", None),
        ("POST", f"{base}/edit", profile),
        ("GET", f"{base}/notes", None),
        ("POST", f"{base}/notes", {"note-kind": "meeting", "note-body": "Entretien"}),
        ("POST", f"{base}/tasks", {"task-title": "Appeler", "task-kind": "goal"}),
        ("GET", f"{base}/refer", None),
        ("POST", f"{base}/status", {"status": "on_hold"}),
        ("GET", f"{base}/pathway/settings", None),
        ("GET", f"{base}/pathway/stages/new", None),
        ("GET", f"{base}/pathway/stages/{stage.id}/edit", None),
        ("POST", f"{base}/pathway/stages/{stage.id}/edit", stage_form(stage, provider="X")),
        ("GET", f"{base}/pathway/stages/{stage.id}/levels", None),
        ("POST", f"{base}/portal-access", {}),
        ("POST", f"{base}/portal-access/letter.pdf", {"code": "ABCD-EFGH"}),
    ]


def _events(app: Flask) -> int:
    with app.app_context():
        return db.session.scalar(select(func.count()).select_from(CaseEvent)) or 0


def test_every_page_of_an_erased_case_says_it_was_erased(
    app: Flask, office: Office, erased: tuple[Beneficiary, Stage]
) -> None:
    case, stage = erased
    client = office.client(app)
    before = _events(app)
    for method, url, form in _requests(case, stage, office):
        response = client.get(url) if method == "GET" else client.post(url, form)
        assert response.status_code == 410, (method, url, response.status_code)
        assert ERASED in response.text, url
        assert case.case_number in response.text
        assert 'href="/cases/"' in response.text
        assert "Yusuf" not in response.text
        assert page_problems(response.text) == [], url
    assert _events(app) == before
    with app.app_context():
        assert db.session.get(Beneficiary, case.id).version == 1


def test_a_coordinator_sees_the_erased_page_and_others_still_a_404(
    app: Flask, office: Office, erased: tuple[Beneficiary, Stage]
) -> None:
    case, _stage = erased
    response = office.client(app, "coordinator").get(f"/cases/{case.id}")
    assert response.status_code == 410
    assert ERASED in response.text
    # Not assigned: the case's existence stays hidden, erased or not.
    assert office.client(app, "other_trainer").get(f"/cases/{case.id}").status_code == 404


def test_the_caseload_still_lists_an_erased_case(
    app: Flask, office: Office, erased: tuple[Beneficiary, Stage]
) -> None:
    case, _stage = erased
    page = office.client(app).text("/cases/")
    assert case.case_number in page
