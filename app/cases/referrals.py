"""Referring a case to a partner organisation, which accepts or declines it."""

from __future__ import annotations

import uuid
from typing import Any, cast

from sqlalchemy import CursorResult, bindparam, select, update

from app.accounts.models import Organisation, User
from app.cases.errors import ConsentMissing, InvalidInput, ReferralNotPending
from app.cases.history import CaseAction, record_event
from app.cases.models import Beneficiary, Referral, ReferralStatus
from app.cases.services import has_consent
from app.db import utcnow
from app.extensions import db
from app.vocabulary import ConsentPurpose


def refer(
    beneficiary: Beneficiary, to_organisation: Organisation, actor: User, message: str | None
) -> Referral:
    """Ask a partner to take the case over; needs the beneficiary's sharing consent."""
    if not has_consent(beneficiary, ConsentPurpose.PARTNER_SHARING):
        raise ConsentMissing()
    if to_organisation.id == beneficiary.organisation_id or not to_organisation.active:
        raise InvalidInput({"to_organisation_id": "not_a_partner"})
    if _pending_referral_in_database(beneficiary) is not None:
        raise InvalidInput({"to_organisation_id": "already_pending"})
    referral = Referral(
        beneficiary=beneficiary,
        from_organisation_id=beneficiary.organisation_id,
        to_organisation_id=to_organisation.id,
        requested_by_id=actor.id,
        message=message or None,
    )
    db.session.add(referral)
    db.session.flush()
    record_event(
        beneficiary,
        actor,
        CaseAction.REFERRAL_REQUESTED,
        subject_id=referral.id,
        changes={"organisation_id": [str(beneficiary.organisation_id), str(to_organisation.id)]},
    )
    db.session.flush()
    db.session.expire(beneficiary, ["has_pending_referral"])
    return referral


_PENDING_REFERRAL = select(Referral).where(
    Referral.beneficiary_id == bindparam("beneficiary_id"),
    Referral.status == ReferralStatus.PENDING,
)


def _pending_referral_in_database(beneficiary: Beneficiary) -> Referral | None:
    return db.session.scalar(_PENDING_REFERRAL, {"beneficiary_id": beneficiary.id})


def pending_referral(beneficiary: Beneficiary) -> Referral | None:
    """The referral waiting for an answer; no query when the case, loaded with its
    ``has_pending_referral`` flag, has none."""
    if not beneficiary.has_pending_referral:
        return None
    return _pending_referral_in_database(beneficiary)


def incoming_referrals(organisation_id: uuid.UUID) -> list[Referral]:
    return list(
        db.session.scalars(
            select(Referral)
            .where(
                Referral.to_organisation_id == organisation_id,
                Referral.status == ReferralStatus.PENDING,
            )
            .order_by(Referral.requested_at)
        )
    )


def decide(referral: Referral, coordinator: User, accept: bool) -> None:
    """The receiving coordinator's answer. On acceptance the case moves, history and all."""
    if referral.status is not ReferralStatus.PENDING:
        raise ReferralNotPending()
    if coordinator.organisation_id != referral.to_organisation_id:
        raise InvalidInput({"referral": "not_yours"})
    # Only while still pending, in the UPDATE itself: of two answers given at the same
    # moment, the second finds the referral answered.
    # An UPDATE's result is a CursorResult, which has the row count; Session.execute is
    # typed for every kind of statement.
    answered = cast(
        CursorResult[Any],
        db.session.execute(
            update(Referral)
            .where(Referral.id == referral.id, Referral.status == ReferralStatus.PENDING)
            .values(
                status=ReferralStatus.ACCEPTED if accept else ReferralStatus.DECLINED,
                decided_by_id=coordinator.id,
                decided_at=utcnow(),
            )
            .execution_options(synchronize_session="fetch")
        ),
    )
    if answered.rowcount != 1:
        raise ReferralNotPending()
    beneficiary = referral.beneficiary
    if accept:
        # The sending organisation's workers stop following the case; the receiving
        # coordinator assigns their own.
        for assignment in list(beneficiary.assignments):
            beneficiary.assignments.remove(assignment)
        beneficiary.organisation_id = referral.to_organisation_id
        beneficiary.version += 1
    record_event(
        beneficiary,
        coordinator,
        CaseAction.REFERRAL_ACCEPTED if accept else CaseAction.REFERRAL_DECLINED,
        subject_id=referral.id,
    )
    db.session.flush()
    db.session.expire(beneficiary, ["has_pending_referral"])


def referral_history(beneficiary: Beneficiary) -> list[Referral]:
    return list(
        db.session.scalars(
            select(Referral)
            .where(Referral.beneficiary_id == beneficiary.id)
            .order_by(Referral.requested_at)
        )
    )
