"""Changes a beneficiary makes to their own case: recorded in its history like any other."""

from __future__ import annotations

from app.accounts.models import User
from app.cases.history import CaseAction, changes_between, record_event
from app.cases.models import Beneficiary
from app.extensions import db


def update_own_contact(
    account: User,
    beneficiary: Beneficiary,
    *,
    phone: str | None,
    email: str | None,
    address: str | None,
    locale: str,
) -> None:
    contact = {key: value for key, value in (("phone", phone), ("email", email)) if value}
    values = {"contact": contact or None, "address": address}
    changes = changes_between(beneficiary, values)
    for name in changes:
        setattr(beneficiary, name, values[name])
    if account.preferred_locale != locale:
        changes["preferred_locale"] = [account.preferred_locale, locale]
        account.preferred_locale = locale
    if changes:
        beneficiary.version += 1
        record_event(beneficiary, account, CaseAction.CONTACT_UPDATED, changes=changes)
    db.session.flush()
