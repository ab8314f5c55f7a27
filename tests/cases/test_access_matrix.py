"""Every case URL, for every kind of user, on a case they may and may not see.

Anything a user may not reach answers 404, so that ids reveal nothing.
"""

from __future__ import annotations

from dataclasses import dataclass

import pytest
from flask import Flask
from sqlalchemy import select

from app.accounts.models import User
from app.accounts.roles import Role
from app.cases import referrals, services, timeline
from app.cases.models import TaskKind
from app.cases.pathways.models import Stage
from app.dates import local_today
from app.extensions import db
from app.vocabulary import ConsentPurpose
from tests.factories import make_case, make_organisation, make_user
from tests.helpers import Client

READ = {"cases.case", "cases.case_admin", "cases.history", "cases.refer"}
COORDINATOR_ONLY = {"cases.assign", "cases.unassign"}
RECEIVING_COORDINATOR = {"cases.decide_referral"}
NO_ID = {
    "cases.caseload",
    "cases.new_case",
    "cases.incoming_referrals",
    "cases.workers",
    "static",
}

PEOPLE = [
    "assigned_trainer",
    "assigned_psychologist",
    "unassigned_trainer",
    "coordinator",
    "partner_coordinator",
    "partner_trainer",
    "admin",
    "beneficiary",
]


@dataclass
class World:
    people: dict[str, User]
    ids: dict[str, str]


def _build_world() -> World:
    home = make_organisation("Home", "FR")
    partner = make_organisation("Partner", "DE")
    people = {
        "assigned_trainer": make_user(Role.TRAINER, organisation=home),
        "assigned_psychologist": make_user(Role.PSYCHOLOGIST, organisation=home),
        "unassigned_trainer": make_user(Role.TRAINER, organisation=home),
        "coordinator": make_user(Role.COORDINATOR, organisation=home),
        "partner_coordinator": make_user(Role.COORDINATOR, organisation=partner),
        "partner_trainer": make_user(Role.TRAINER, organisation=partner),
        "admin": make_user(Role.ADMIN, organisation=home),
        "beneficiary": make_user(Role.BENEFICIARY, organisation=home),
    }
    beneficiary = make_case(people["assigned_trainer"])
    trainer = db.session.get(User, people["assigned_trainer"].id)
    services.assign(beneficiary, db.session.get(User, people["assigned_psychologist"].id), trainer)
    today = local_today()
    consent = services.record_consent(
        beneficiary, ConsentPurpose.PARTNER_SHARING, today, trainer, today
    )
    task = timeline.add_task(
        beneficiary,
        trainer,
        title="Call the employer",
        due_on=today,
        owner=trainer,
        kind=TaskKind.FOLLOW_UP,
    )
    referral = referrals.refer(beneficiary, partner, trainer, "Moving to Leipzig")
    stage = db.session.scalars(select(Stage).where(Stage.beneficiary_id == beneficiary.id)).first()
    db.session.commit()
    ids = {
        "beneficiary_id": str(beneficiary.id),
        "stage_id": str(stage.id),
        "task_id": str(task.id),
        "consent_id": str(consent.id),
        "referral_id": str(referral.id),
        "user_id": str(people["assigned_psychologist"].id),
        "step": "start",
        "decision": "decline",
    }
    return World(people, ids)


def _expected(person: str, endpoint: str) -> bool:
    """Whether ``person`` may reach ``endpoint`` for the home organisation's case."""
    assigned = person in {"assigned_trainer", "assigned_psychologist"}
    if endpoint in RECEIVING_COORDINATOR:
        return person == "partner_coordinator"
    if endpoint in COORDINATOR_ONLY:
        return person == "coordinator"
    if endpoint in READ:
        return assigned or person == "coordinator"
    return assigned


def _case_rules(app: Flask) -> list[tuple[str, str, str]]:
    rules = []
    for rule in app.url_map.iter_rules():
        if not rule.endpoint.startswith(("cases.", "pathways.")) or rule.endpoint in NO_ID:
            continue
        method = "POST" if "POST" in rule.methods and "GET" not in rule.methods else "GET"
        rules.append((rule.endpoint, rule.rule, method))
    return rules


@pytest.mark.parametrize("person", PEOPLE)
def test_every_case_url_for_every_person(app: Flask, person: str) -> None:
    with app.app_context():
        world = _build_world()
    client = Client(app)
    client.log_in(world.people[person].email or world.people[person].login_id)
    rules = _case_rules(app)
    assert len(rules) >= 18
    for endpoint, rule, method in rules:
        url = rule
        for name, value in world.ids.items():
            for converter in ("uuid:", "any(start, complete):", "any(accept, decline):", ""):
                url = url.replace(f"<{converter}{name}>", value)
        assert "<" not in url, url
        response = client.post(url) if method == "POST" else client.get(url)
        if _expected(person, endpoint):
            assert response.status_code not in {403, 404}, (person, method, url)
        else:
            assert response.status_code == 404, (person, method, url, response.status_code)


@pytest.mark.parametrize("person", ["assigned_trainer", "coordinator", "partner_trainer"])
def test_unknown_and_malformed_case_ids_are_404(app: Flask, person: str) -> None:
    with app.app_context():
        world = _build_world()
    client = Client(app)
    client.log_in(world.people[person].email or world.people[person].login_id)
    for url in (
        "/cases/00000000-0000-0000-0000-000000000000",
        "/cases/42",
        "/cases/x/history",
        f"/cases/{world.ids['beneficiary_id']}/pathway/stages/"
        "00000000-0000-0000-0000-000000000000/edit",
    ):
        assert client.get(url).status_code == 404, url


def test_the_caseload_lists_only_what_each_person_may_see(app: Flask) -> None:
    with app.app_context():
        world = _build_world()
    expectations = {
        "assigned_trainer": True,
        "assigned_psychologist": True,
        "unassigned_trainer": False,
        "coordinator": True,
        "partner_coordinator": False,
        "partner_trainer": False,
    }
    for person, sees in expectations.items():
        client = Client(app)
        client.log_in(world.people[person].email or world.people[person].login_id)
        page = client.text("/cases/?status=all")
        assert ("Amina" in page) is sees, person
    for person in ("admin", "beneficiary"):
        client = Client(app)
        client.log_in(world.people[person].email or world.people[person].login_id)
        assert client.get("/cases/").status_code == 404
