"""Referring a case to a partner organisation needs sharing consent; the partner decides."""

from __future__ import annotations

from datetime import date

import pytest
from flask import Flask
from sqlalchemy import select

from app.accounts.models import User
from app.accounts.roles import Role
from app.cases import access, referrals
from app.cases.errors import InvalidInput
from app.cases.models import Beneficiary, Referral
from app.cases.services import record_consent
from app.extensions import db
from app.vocabulary import ConsentPurpose
from tests.casefiles import Office
from tests.factories import make_organisation, make_user
from tests.helpers import Client


def test_a_referral_needs_consent_then_moves_the_case(
    app: Flask, office: Office, amina, today: date
) -> None:
    with app.app_context():
        partner = make_organisation("Brücke Integration Leipzig", "DE")
        partner_coordinator = make_user(Role.COORDINATOR, organisation=partner)
        partner_trainer = make_user(Role.TRAINER, organisation=partner)
    trainer = office.client(app)
    refer = {"to_organisation_id": str(partner.id), "message": "Zieht nach Leipzig."}
    response = trainer.post(f"/cases/{amina.id}/refer", refer)
    assert response.status_code == 409
    assert "Record the beneficiary&#39;s consent" in response.text
    with app.app_context():
        assert db.session.scalar(select(Referral)) is None

    trainer.post(
        f"/cases/{amina.id}/consents",
        {"consent-purpose": "partner_sharing", "consent-given_on": str(today)},
    )
    assert trainer.post(f"/cases/{amina.id}/refer", refer).status_code == 302
    assert "waiting for their answer" in trainer.text(f"/cases/{amina.id}")

    receiving = Client(app)
    receiving.log_in(partner_coordinator.email)
    inbox = receiving.text("/cases/referrals")
    assert amina.case_number in inbox
    assert "Zieht nach Leipzig." in inbox
    assert "Amina" not in inbox
    assert receiving.get(f"/cases/{amina.id}").status_code == 404
    with app.app_context():
        referral = db.session.scalar(select(Referral))
    response = receiving.post(f"/cases/referrals/{referral.id}/accept")
    assert response.status_code == 302
    assert "Amina Yusuf" in receiving.text(f"/cases/{amina.id}")
    receiving.post(f"/cases/{amina.id}/assignments", {"assign-user_id": str(partner_trainer.id)})
    new_trainer = Client(app)
    new_trainer.log_in(partner_trainer.email)
    assert new_trainer.get(f"/cases/{amina.id}").status_code == 200
    assert trainer.get(f"/cases/{amina.id}").status_code == 404
    history = receiving.text(f"/cases/{amina.id}/history")
    for event in ("Case created", "Referred to a partner", "Referral accepted"):
        assert event in history
    with app.app_context():
        assert db.session.get(Beneficiary, amina.id).organisation_id == partner.id
    again = receiving.post(f"/cases/referrals/{referral.id}/decline", follow_redirects=True)
    assert "already been answered" in again.text


def test_withdrawn_consent_stops_referrals(app: Flask, office: Office, amina, today: date) -> None:
    with app.app_context():
        partner = make_organisation("Ponte Lavoro Torino", "IT")
    trainer = office.client(app)
    trainer.post(
        f"/cases/{amina.id}/consents",
        {"consent-purpose": "partner_sharing", "consent-given_on": str(today)},
    )
    with app.app_context():
        consent_id = db.session.get(Beneficiary, amina.id).consents[0].id
    trainer.post(f"/cases/{amina.id}/consents/{consent_id}/withdraw")
    response = trainer.post(f"/cases/{amina.id}/refer", {"to_organisation_id": str(partner.id)})
    assert response.status_code == 409


def test_a_declined_referral_leaves_the_case_where_it_was(
    app: Flask, office: Office, amina, today: date
) -> None:
    with app.app_context():
        partner = make_organisation("Vägen Vidare Malmö", "SE")
        partner_coordinator = make_user(Role.COORDINATOR, organisation=partner)
    trainer = office.client(app)
    trainer.post(
        f"/cases/{amina.id}/consents",
        {"consent-purpose": "partner_sharing", "consent-given_on": str(today)},
    )
    trainer.post(f"/cases/{amina.id}/refer", {"to_organisation_id": str(partner.id)})
    with app.app_context():
        referral = db.session.scalar(select(Referral))
    receiving = Client(app)
    receiving.log_in(partner_coordinator.email)
    receiving.post(f"/cases/referrals/{referral.id}/decline")
    assert trainer.get(f"/cases/{amina.id}").status_code == 200
    assert "declined" in trainer.text(f"/cases/{amina.id}/administration")


def test_a_case_knows_its_pending_referral_as_it_changes(
    app: Flask, office: Office, amina, today: date
) -> None:
    """The case page reads a flag loaded with the case; a referral made or answered in the
    same session is seen at once, and a second one is refused while one waits."""
    with app.app_context():
        partner = make_organisation("Vägen Vidare Malmö", "SE")
        partner_coordinator = make_user(Role.COORDINATOR, organisation=partner)
        trainer = db.session.get_one(User, office.trainer.id)
        beneficiary = access.get_case_for(trainer, amina.id)
        assert referrals.pending_referral(beneficiary) is None
        record_consent(beneficiary, ConsentPurpose.PARTNER_SHARING, today, trainer, today)
        referral = referrals.refer(beneficiary, partner, trainer, None)
        assert referrals.pending_referral(beneficiary) is referral
        with pytest.raises(InvalidInput):
            referrals.refer(beneficiary, partner, trainer, None)
        referrals.decide(referral, db.session.get_one(User, partner_coordinator.id), False)
        assert referrals.pending_referral(beneficiary) is None
        db.session.commit()
