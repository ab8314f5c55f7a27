"""Notes (with confidential ones), goals and tasks."""

from __future__ import annotations

from datetime import date, timedelta

from flask import Flask
from sqlalchemy import func, select

from app.cases.models import Beneficiary, CaseNote, Task
from app.extensions import db
from tests.casefiles import Office
from tests.helpers import statements_on_main_database

SECRET = "Signes de stress post-traumatique, suivi hebdomadaire proposé."


def _note(client, beneficiary: Beneficiary, today: date, **changes: str):
    form = {
        "note-occurred_on": str(today),
        "note-kind": "meeting",
        "note-body": "Entretien: a trouvé un stage en couture.",
        **changes,
    }
    return client.post(f"/cases/{beneficiary.id}/notes", form)


def test_a_trainer_adds_a_note_to_the_timeline(
    app: Flask, office: Office, amina, today: date
) -> None:
    client = office.client(app)
    response = _note(client, amina, today)
    assert response.status_code == 302
    page = client.text(f"/cases/{amina.id}")
    assert "Entretien: a trouvé un stage en couture." in page
    assert "Note added" in client.text(f"/cases/{amina.id}/history")


def test_bad_notes_are_refused(app: Flask, office: Office, amina, today: date) -> None:
    client = office.client(app)
    tomorrow = str(today + timedelta(days=1))
    for changes, message in (
        ({"note-body": ""}, "Write the note."),
        ({"note-body": "x" * 20001}, "at most 20000 characters"),
        ({"note-occurred_on": tomorrow}, "This date cannot be in the future."),
        ({"note-kind": "gossip"}, "Choose one of the options in the list."),
        ({"note-confidential": "y"}, "Only psychologists can write confidential notes."),
    ):
        response = _note(client, amina, today, **changes)
        assert response.status_code == 200
        assert message in response.text, changes
        if "note-body" not in changes:  # what was typed stays, to be corrected, not retyped
            assert "Entretien: a trouvé un stage en couture." in response.text, changes
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(CaseNote)) == 0


def test_confidential_notes_are_for_psychologists_of_the_organisation(
    app: Flask, office: Office, amina, today: date
) -> None:
    trainer = office.client(app)
    trainer.post(f"/cases/{amina.id}/assignments", {})  # not theirs to do: ignored below
    coordinator = office.client(app, "coordinator")
    coordinator.post(
        f"/cases/{amina.id}/assignments", {"assign-user_id": str(office.psychologist.id)}
    )
    psychologist = office.client(app, "psychologist")
    assert (
        _note(
            psychologist,
            amina,
            today,
            **{"note-body": SECRET, "note-confidential": "y", "note-kind": "assessment"},
        ).status_code
        == 302
    )
    assert SECRET in psychologist.text(f"/cases/{amina.id}")
    for reader in (trainer, coordinator):
        page = reader.text(f"/cases/{amina.id}")
        assert SECRET not in page
        assert "A confidential note, for psychologists only." in page
    with app.app_context():
        note = db.session.scalar(select(CaseNote))
        assert note.confidential


def test_tasks_show_on_the_home_page_until_done(
    app: Flask, office: Office, amina, today: date
) -> None:
    client = office.client(app)
    for title, due in (
        ("Appeler l'employeur", today),
        ("Envoyer le CV", today - timedelta(3)),
        ("Préparer le DELF", today + timedelta(days=30)),
    ):
        response = client.post(
            f"/cases/{amina.id}/tasks",
            {
                "task-title": title,
                "task-kind": "follow_up",
                "task-due_on": str(due),
                "task-owner_id": str(office.trainer.id),
            },
        )
        assert response.status_code == 302
    home = client.text("/cases/")
    assert "Appeler l&#39;employeur" in home
    assert "Envoyer le CV" in home and "overdue since" in home
    assert "Préparer le DELF" not in home
    with app.app_context():
        task = db.session.scalar(select(Task).where(Task.due_on < today))
    assert client.post(f"/cases/{amina.id}/tasks/{task.id}/done").status_code == 302
    assert "Envoyer le CV" not in client.text("/cases/")


def test_a_task_owner_must_work_on_the_case(app: Flask, office: Office, amina, today: date) -> None:
    client = office.client(app)
    response = client.post(
        f"/cases/{amina.id}/tasks",
        {
            "task-title": "x",
            "task-kind": "goal",
            "task-due_on": str(today),
            "task-owner_id": str(office.coordinator.id),
        },
    )
    assert response.status_code == 200
    assert "Choose one of the options in the list." in response.text


def test_the_case_page_names_authors_and_owners_without_a_query_per_row(
    app: Flask, office: Office, amina, today: date
) -> None:
    """Authors and task owners come from the session (one query for those not in it yet),
    so a longer timeline adds no statement to the page."""
    coordinator = office.client(app, "coordinator")
    coordinator.post(
        f"/cases/{amina.id}/assignments", {"assign-user_id": str(office.psychologist.id)}
    )
    trainer, psychologist = office.client(app), office.client(app, "psychologist")

    def statements_of_case_page() -> int:
        with statements_on_main_database(app) as statements:
            page = trainer.text(f"/cases/{amina.id}")
        assert "Julien Moreau" in page
        return len(statements)

    _note(trainer, amina, today)
    _note(psychologist, amina, today, **{"note-body": "Premier entretien psychologique."})
    few = statements_of_case_page()
    for author in (trainer, psychologist) * 5:
        assert _note(author, amina, today).status_code == 302
    for owner in (office.trainer, office.psychologist) * 3:
        response = trainer.post(
            f"/cases/{amina.id}/tasks",
            {
                "task-title": "Appeler l'employeur",
                "task-due_on": str(today + timedelta(days=3)),
                "task-owner_id": str(owner.id),
                "task-kind": "follow_up",
            },
        )
        assert response.status_code == 302
    assert statements_of_case_page() == few
    page = trainer.text(f"/cases/{amina.id}")
    assert page.count("Premier entretien psychologique.") == 1
    assert page.count("Appeler l&#39;employeur") == 6
