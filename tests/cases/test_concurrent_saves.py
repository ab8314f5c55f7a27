"""Two people saving the same record at the same moment: one wins, the other is told."""

from __future__ import annotations

import re
from datetime import date

from flask import Flask
from sqlalchemy import func, select

from app.accounts.models import User
from app.accounts.roles import Role
from app.cases.models import Beneficiary, CaseEvent, Referral, ReferralStatus
from app.cases.pathways.models import Pathway, Stage
from app.cases.referrals import refer
from app.cases.services import record_consent
from app.extensions import db
from app.vocabulary import ConsentPurpose
from tests.casefiles import Office
from tests.cases.pathways.test_stages import stage_form
from tests.cases.test_case_file import profile_form
from tests.factories import make_organisation, make_user
from tests.helpers import Client
from tests.races import run_together


def _events(app: Flask, action: str) -> int:
    with app.app_context():
        query = select(func.count()).select_from(CaseEvent).where(CaseEvent.action == action)
        return db.session.scalar(query) or 0


def test_the_loser_of_two_simultaneous_profile_saves_sees_the_conflict_page(
    app: Flask, office: Office, amina: Beneficiary
) -> None:
    url = f"/cases/{amina.id}/edit"
    base = profile_form(
        given_names="Amina", family_name="Yusuf", birth_date="2001-04-12", version="1"
    )
    first, second = office.client(app), office.client(app)
    responses = run_together(
        app,
        lambda: first.post(url, {**base, "work_experience": "Tailleuse"}),
        lambda: second.post(url, {**base, "family_name": "Youssouf"}),
    )
    assert sorted(r.status_code for r in responses) == [302, 409]
    loser = max(responses, key=lambda r: r.status_code)
    assert "Someone else saved this record" in loser.text
    assert "Saved by someone else:" in loser.text
    assert 'name="version" type="hidden" value="2"' in loser.text
    with app.app_context():
        saved = db.session.get(Beneficiary, amina.id)
        assert saved.version == 2
        kept = (saved.work_experience, saved.family_name)
        assert kept in {("Tailleuse", "Yusuf"), ("Mécanicien", "Youssouf")}
    assert _events(app, "profile_updated") == 1


def test_the_loser_of_two_simultaneous_stage_saves_sees_the_conflict_page(
    app: Flask, office: Office, amina: Beneficiary
) -> None:
    with app.app_context():
        stage = db.session.scalar(select(Stage).where(Stage.beneficiary_id == amina.id))
    url = f"/cases/{amina.id}/pathway/stages/{stage.id}/edit"
    first, second = office.client(app), office.client(app)
    responses = run_together(
        app,
        lambda: first.post(url, stage_form(stage, provider="GRETA")),
        lambda: second.post(url, stage_form(stage, provider="AFPA")),
    )
    assert sorted(r.status_code for r in responses) == [302, 409]
    loser = max(responses, key=lambda r: r.status_code)
    assert "Someone else saved this record" in loser.text
    with app.app_context():
        assert db.session.get(Stage, stage.id).version == 2
    assert _events(app, "stage_updated") == 1


def test_the_loser_of_two_simultaneous_pathway_settings_sees_the_conflict_page(
    app: Flask, office: Office, amina: Beneficiary
) -> None:
    url = f"/cases/{amina.id}/pathway/settings"
    form = {"intensity": "50", "intensity_reason": "other", "variant": "standard"}
    first, second = office.client(app), office.client(app)
    version = re.search(r'name="version" type="hidden" value="(\d+)"', first.text(url))
    form["version"] = version.group(1)
    responses = run_together(
        app,
        lambda: first.post(url, form),
        lambda: second.post(url, {**form, "intensity_reason": "health"}),
    )
    assert sorted(r.status_code for r in responses) == [302, 409]
    assert "Someone else saved this record" in max(responses, key=lambda r: r.status_code).text
    with app.app_context():
        assert db.session.scalar(select(Pathway.version)) == int(form["version"]) + 1


def test_two_coordinators_answering_one_referral_at_once(
    app: Flask, office: Office, amina: Beneficiary, today: date
) -> None:
    with app.app_context():
        partner = make_organisation("Integration Köln", "DE")
        coordinators = [make_user(Role.COORDINATOR, organisation=partner) for _ in range(2)]
        trainer = db.session.get(User, office.trainer.id)
        beneficiary = db.session.get(Beneficiary, amina.id)
        record_consent(beneficiary, ConsentPurpose.PARTNER_SHARING, today, trainer, today)
        referral = refer(beneficiary, partner, trainer, None)
        db.session.commit()
    clients = []
    for coordinator in coordinators:
        client = Client(app)
        client.log_in(coordinator.email)
        clients.append(client)
    base = f"/cases/referrals/{referral.id}"
    responses = run_together(
        app,
        lambda: clients[0].post(f"{base}/accept"),
        lambda: clients[1].post(f"{base}/decline"),
    )
    assert [r.status_code for r in responses] == [302, 302]
    with app.app_context():
        answered = db.session.get(Referral, referral.id)
        moved = db.session.get(Beneficiary, amina.id).organisation_id == partner.id
        assert moved is (answered.status is ReferralStatus.ACCEPTED)
        assert answered.status is not ReferralStatus.PENDING
    assert _events(app, "referral_accepted") + _events(app, "referral_declined") == 1


def test_any_other_write_that_loses_a_race_is_answered_409(
    app: Flask, office: Office, amina: Beneficiary
) -> None:
    url = f"/cases/{amina.id}/edit"
    base = profile_form(
        given_names="Amina", family_name="Yusuf", birth_date="2001-04-12", version="1"
    )
    first, second = office.client(app), office.client(app)
    responses = run_together(
        app,
        lambda: first.post(url, {**base, "work_experience": "Tailleuse"}),
        lambda: second.post(f"/cases/{amina.id}/status", {"status": "on_hold"}),
    )
    assert sorted(r.status_code for r in responses) == [302, 409]
    loser = max(responses, key=lambda r: r.status_code)
    assert "Someone else saved this record" in loser.text
    with app.app_context():
        assert db.session.get(Beneficiary, amina.id).version == 2
        changes = _events(app, "profile_updated") + _events(app, "status_changed")
    assert changes == 1
