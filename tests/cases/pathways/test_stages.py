"""Moving a beneficiary along the pathway: stages, dates, hours, levels, pace."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

import pytest
from flask import Flask
from sqlalchemy import select

from app.cases.models import CaseEvent
from app.cases.pathways.models import LanguageAssessment, Pathway, Stage
from app.extensions import db
from tests.casefiles import Office
from tests.cases.test_case_file import NEXT_YEAR
from tests.helpers import statements_on_main_database


def _stages(app: Flask, beneficiary) -> list[Stage]:
    with app.app_context():
        return list(
            db.session.scalars(
                select(Stage).where(Stage.beneficiary_id == beneficiary.id).order_by(Stage.position)
            )
        )


def stage_form(stage: Stage | None = None, **changes: Any) -> dict[str, Any]:
    form: dict[str, Any] = {
        "kind": stage.kind.value if stage else "vocational_training",
        "title": stage.title if stage else "CAP Couture",
        "provider": "",
        "status": "planned",
        "planned_start": "",
        "planned_end": "",
        "actual_start": "",
        "actual_end": "",
        "interruption_reason": "",
        "interruption_details": "",
        "goals": "",
        "outcome": "",
        "hours_planned": "",
        "hours_attended": "",
        "hours_unit": "hour",
        "certificate": "",
        "nace_section": "",
        "contract_type": "",
        "hours_per_week": "",
        "business_activity": "",
        "plan_status": "",
        "registration_date": "",
        "version": str(stage.version) if stage else "0",
    }
    form.update(changes)
    return form


def test_start_complete_and_start_the_next(app: Flask, office: Office, amina, today: date) -> None:
    client = office.client(app)
    first, second = _stages(app, amina)[:2]
    base = f"/cases/{amina.id}/pathway/stages"
    assert client.post(f"{base}/{first.id}/start", {"on": str(today)}).status_code == 302
    assert client.post(f"{base}/{first.id}/complete", {"on": str(today)}).status_code == 302
    assert client.post(f"{base}/{second.id}/start", {"on": str(today)}).status_code == 302
    first, second = _stages(app, amina)[:2]
    assert first.status.value == "completed" and first.actual_end == today
    assert second.status.value == "in_progress"
    page = client.text(f"/cases/{amina.id}")
    assert "pathway__stage--completed" in page
    assert "pathway__stage--in_progress pathway__stage--current" in page
    with app.app_context():
        events = db.session.scalars(
            select(CaseEvent).where(CaseEvent.action == "stage_updated")
        ).all()
        assert len(events) == 3
        assert {"status", "actual_start"} <= set(events[0].fields)


def test_a_stage_cannot_end_before_it_started(
    app: Flask, office: Office, amina, today: date
) -> None:
    client = office.client(app)
    first = _stages(app, amina)[0]
    base = f"/cases/{amina.id}/pathway/stages/{first.id}"
    client.post(f"{base}/start", {"on": str(today)})
    response = client.post(f"{base}/complete", {"on": str(today - timedelta(days=5))})
    assert response.status_code == 302
    assert "The end cannot be before the start." in client.text(response.headers["Location"])
    assert _stages(app, amina)[0].status.value == "in_progress"


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        (
            {"planned_start": "2026-05-01", "planned_end": "2026-04-01"},
            "The end cannot be before the start.",
        ),
        (
            {"status": "completed", "actual_start": "2026-01-10"},
            "Enter the date the stage actually ended.",
        ),
        ({"status": "in_progress"}, "Enter the date the stage actually started."),
        ({"status": "interrupted", "actual_start": "2026-01-10"}, "Choose a reason."),
        ({"status": "planned", "actual_start": "2026-01-10"}, "is not planned any more"),
        ({"hours_planned": "100", "hours_attended": "120"}, "More hours attended than planned."),
        ({"hours_planned": "-3"}, "Enter between 0 and 5000."),
        ({"hours_planned": "lots"}, "Enter a whole number, for example 120."),
        (
            {"actual_start": f"{NEXT_YEAR}-01-01", "status": "in_progress"},
            "This date cannot be in the future.",
        ),
        ({"planned_end": "2999-01-01"}, "Enter a date between the years 1900 and"),
        ({"title": ""}, "Enter a title for the stage."),
        ({"kind": "astrology"}, "Choose one of the options in the list."),
        ({"kind": "employment", "hours_per_week": "90"}, "Enter between 1 and 60 hours a week."),
        ({"goals": "g" * 4001}, "at most 4000 characters"),
    ],
)
def test_impossible_stages_are_refused_and_nothing_changes(
    app: Flask, office: Office, amina, changes: dict[str, str], message: str
) -> None:
    client = office.client(app)
    before = len(_stages(app, amina))
    response = client.post(f"/cases/{amina.id}/pathway/stages/new", stage_form(**changes))
    assert response.status_code == 200
    assert message in response.text
    assert len(_stages(app, amina)) == before


def test_more_hours_than_planned_need_a_confirmation(app: Flask, office: Office, amina) -> None:
    client = office.client(app)
    form = stage_form(hours_planned="100", hours_attended="104", hours_confirmed="y")
    assert client.post(f"/cases/{amina.id}/pathway/stages/new", form).status_code == 302
    assert _stages(app, amina)[-1].hours_attended == 104


def test_an_interruption_keeps_its_reason_and_encrypted_details(
    app: Flask, office: Office, amina
) -> None:
    client = office.client(app)
    stage = _stages(app, amina)[0]
    form = stage_form(
        stage,
        status="interrupted",
        actual_start="2026-01-05",
        interruption_reason="health",
        interruption_details="Hospitalisation",
    )
    response = client.post(f"/cases/{amina.id}/pathway/stages/{stage.id}/edit", form)
    assert response.status_code == 302
    with app.app_context():
        saved = db.session.get(Stage, stage.id)
        assert saved.interruption_reason.value == "health"
        assert saved.interruption_details == "Hospitalisation"
    assert "Interrupted: " in client.text(f"/cases/{amina.id}")


def test_concurrent_stage_edits_are_refused(app: Flask, office: Office, amina) -> None:
    client = office.client(app)
    stage = _stages(app, amina)[0]
    url = f"/cases/{amina.id}/pathway/stages/{stage.id}/edit"
    assert client.post(url, stage_form(stage, goals="Premier objectif")).status_code == 302
    response = client.post(url, stage_form(stage, goals="Autre objectif"))
    assert response.status_code == 409
    assert "Autre objectif" in response.text
    with app.app_context():
        assert db.session.get(Stage, stage.id).goals == "Premier objectif"


def test_employment_fields_belong_to_employment_stages(app: Flask, office: Office, amina) -> None:
    client = office.client(app)
    form = stage_form(
        kind="employment",
        title="Retoucheuse",
        status="in_progress",
        actual_start="2026-02-01",
        nace_section="C",
        contract_type="permanent",
        hours_per_week="35",
        business_activity="ignored for employment",
    )
    assert client.post(f"/cases/{amina.id}/pathway/stages/new", form).status_code == 302
    employment = _stages(app, amina)[-1]
    assert (employment.nace_section, employment.contract_type.value) == ("C", "permanent")
    assert employment.hours_per_week == 35
    assert employment.business_activity is None


def test_language_levels_per_skill(app: Flask, office: Office, amina, today: date) -> None:
    client = office.client(app)
    language = next(s for s in _stages(app, amina) if s.kind.value == "host_language")
    url = f"/cases/{amina.id}/pathway/stages/{language.id}/levels"
    assert "Listening" in client.text(url)
    with statements_on_main_database(app) as without_levels:
        client.text(f"/cases/{amina.id}")
    response = client.post(
        url,
        {
            "entry_overall": "a1",
            "entry_overall_on": "2026-01-10",
            "target_overall": "b1",
            "achieved_overall": "a2",
            "achieved_speaking": "b1",
            "achieved_overall_on": str(today),
        },
    )
    assert response.status_code == 302
    with app.app_context():
        levels = {
            (a.point.value, a.skill.value): a.level.value
            for a in db.session.scalars(select(LanguageAssessment))
        }
    assert levels == {
        ("entry", "overall"): "a1",
        ("target", "overall"): "b1",
        ("achieved", "overall"): "a2",
        ("achieved", "speaking"): "b1",
    }
    with statements_on_main_database(app) as with_levels:
        page = client.text(f"/cases/{amina.id}")
    # Loaded with the stages: no query of their own.
    assert len(with_levels) == len(without_levels)
    assert not [sql for sql in with_levels if "FROM language_assessments" in sql]
    # The overall levels only, in the order of the pathway: entry, target, achieved.
    assert (
        "At entry: <strong>A1</strong> · Target: <strong>B1</strong> · "
        "Achieved: <strong>A2</strong></p>" in page
    )
    bad = client.post(url, {"entry_overall": "z9"})
    assert bad.status_code == 200
    assert "Choose one of the options in the list." in bad.text


def test_part_time_needs_a_reason(app: Flask, office: Office, amina) -> None:
    client = office.client(app)
    url = f"/cases/{amina.id}/pathway/settings"
    assert 'value="1"' in client.text(url)
    response = client.post(
        url, {"intensity": "50", "intensity_reason": "", "variant": "standard", "version": "1"}
    )
    assert "Choose a reason." in response.text
    response = client.post(
        url,
        {
            "intensity": "50",
            "intensity_reason": "disability",
            "variant": "literacy",
            "version": "1",
        },
    )
    assert response.status_code == 302
    with app.app_context():
        pathway = db.session.scalar(select(Pathway))
        assert (pathway.intensity, pathway.intensity_reason.value) == (50, "disability")
    assert "Half time (50%)" in client.text(f"/cases/{amina.id}")


def test_a_case_without_a_pathway_can_start_one(app: Flask, office: Office) -> None:
    from tests.factories import make_case

    with app.app_context():
        beneficiary = make_case(office.trainer, with_pathway=False)
    client = office.client(app)
    assert "Start the pathway" in client.text(f"/cases/{beneficiary.id}")
    client.post(f"/cases/{beneficiary.id}/pathway/start", {"use_template": "1"})
    assert len(_stages(app, beneficiary)) >= 5
