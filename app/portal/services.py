"""Beneficiaries' own access: issue and revoke it, activate it, log in with it.

A beneficiary account is a ``User`` with the beneficiary role, linked to one case and
encrypted under that beneficiary's own data key, so erasing the beneficiary erases it too.
It logs in with a login id printed on the welcome letter, and either a password or a
6-digit PIN together with the date of birth.
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from sqlalchemy import select

from app.accounts import passwords
from app.accounts.errors import InactiveAccount, TokenInvalid
from app.accounts.models import AccountToken, TokenPurpose, User
from app.accounts.roles import Role
from app.accounts.services import beneficiary_account, check_token, issue_token
from app.cases.history import CaseAction, record_event
from app.cases.models import Beneficiary
from app.db import keep_changes_on_error, utcnow
from app.extensions import db
from app.i18n import BENEFICIARY_LOCALES
from app.portal.errors import AccessLocked, WrongBirthDate

# Letters and digits nobody confuses when reading them off paper (no 0/O, 1/I/L, 2/Z...).
READABLE = "ACDEFGHJKMNPQRTUVWXY34679"
ACTIVATION_DAYS = 14
MAX_FAILURES = 5
LOCK_MINUTES = 15
PIN_LENGTH = 6
PIN = "pin"


def readable_code(length: int = 8) -> str:
    raw = "".join(secrets.choice(READABLE) for _ in range(length))
    return f"{raw[: length // 2]}-{raw[length // 2 :]}"


def normalise_code(text: str) -> str:
    """What a person types or a QR code carries, as the code was printed."""
    cleaned = "".join(ch for ch in text.upper() if ch.isalnum())
    if len(cleaned) != 8:
        return cleaned
    return f"{cleaned[:4]}-{cleaned[4:]}"


def _portal_locale(beneficiary: Beneficiary) -> str | None:
    language = beneficiary.preferred_language
    return language if language in BENEFICIARY_LOCALES else None


@dataclass(frozen=True, slots=True)
class IssuedAccess:
    account: User
    code: str
    expires_on: date


def issue_access(beneficiary: Beneficiary, actor: User, today: date) -> IssuedAccess:
    """Create the beneficiary's account (or renew it) and a one-time activation code."""
    account = beneficiary_account(beneficiary.id)
    if account is None:
        account = User(
            beneficiary_id=beneficiary.id,
            data_key_id=beneficiary.data_key_id,
            login_id=_unused_login_id(),
            organisation_id=beneficiary.organisation_id,
            role=Role.BENEFICIARY,
            preferred_locale=_portal_locale(beneficiary),
        )
        account.display_name = str(beneficiary.given_names)
        db.session.add(account)
        db.session.flush()
        action = CaseAction.PORTAL_ACCESS_ISSUED
    else:
        action = CaseAction.PORTAL_ACCESS_REISSUED
    account.active = True
    account.failed_logins = 0
    account.locked_until = None
    code = readable_code()
    issue_token(account, TokenPurpose.PORTAL_ACTIVATION, actor, secret=code,
                hours=ACTIVATION_DAYS * 24)  # fmt: skip
    record_event(beneficiary, actor, action, subject_id=account.id)
    db.session.flush()
    return IssuedAccess(account, code, today + timedelta(days=ACTIVATION_DAYS))


def _unused_login_id() -> str:
    while True:
        candidate = readable_code()
        if db.session.scalar(select(User.id).where(User.login_id == candidate)) is None:
            return candidate


def revoke_access(beneficiary: Beneficiary, actor: User) -> None:
    account = beneficiary_account(beneficiary.id)
    if account is None or not account.active:
        return
    account.active = False
    account.session_version += 1
    for token in db.session.scalars(
        select(AccountToken).where(
            AccountToken.user_id == account.id, AccountToken.used_at.is_(None)
        )
    ):
        token.revoked_at = utcnow()
    record_event(beneficiary, actor, CaseAction.PORTAL_ACCESS_REVOKED, subject_id=account.id)
    db.session.flush()


def activation_for(code: str) -> AccountToken:
    """The live activation for this code, or TokenInvalid/TokenUsed/TokenExpired."""
    token = check_token(normalise_code(code))
    if token.purpose is not TokenPurpose.PORTAL_ACTIVATION:
        raise TokenInvalid()
    return token


def _beneficiary_of(account: User) -> Beneficiary:
    return db.session.get_one(Beneficiary, account.beneficiary_id)


def _secret_material(kind: str, secret: str, birth_date: date) -> str:
    # A 6-digit PIN alone is too few possibilities to resist an offline attack on a
    # stolen database; hashed together with the (encrypted) date of birth, it is not.
    return f"{secret}|{birth_date.isoformat()}" if kind == PIN else secret


def activate(code: str, birth_date: date | None, kind: str, secret: str) -> User:
    """Set the beneficiary's password or PIN; the date of birth proves who they are."""
    token = activation_for(code)
    account = token.user
    beneficiary = _beneficiary_of(account)
    if birth_date is None or beneficiary.birth_date != birth_date:
        account.failed_logins += 1
        if account.failed_logins >= MAX_FAILURES:
            # Someone is guessing dates of birth: the code stops working.
            token.revoked_at = utcnow()
        keep_changes_on_error()
        db.session.flush()
        raise WrongBirthDate()
    account.password_hash = passwords.hash_password(_secret_material(kind, secret, birth_date))
    account.secret_kind = kind
    account.failed_logins = 0
    account.session_version += 1
    token.used_at = utcnow()
    record_event(beneficiary, account, CaseAction.PORTAL_ACCESS_ACTIVATED, subject_id=account.id)
    db.session.flush()
    return account


def authenticate(login_id: str, secret: str, birth_date: date | None, now: datetime) -> User:
    """The beneficiary these credentials belong to; failures all look alike."""
    account = db.session.scalar(
        select(User).where(User.login_id == normalise_code(login_id), User.role == Role.BENEFICIARY)
    )
    if account is None:
        passwords.verify_password(None, secret)
        raise InactiveAccount()
    if account.locked_until is not None and account.locked_until > now:
        raise AccessLocked()
    material = secret
    if account.secret_kind == PIN:
        material = _secret_material(PIN, secret, birth_date) if birth_date else ""
    if not (account.active and passwords.verify_password(account.password_hash, material)):
        account.failed_logins += 1
        if account.failed_logins >= MAX_FAILURES:
            account.locked_until = now + timedelta(minutes=LOCK_MINUTES)
            account.failed_logins = 0
        keep_changes_on_error()
        db.session.flush()
        raise InactiveAccount()
    account.failed_logins = 0
    account.locked_until = None
    account.last_login_at = now
    db.session.flush()
    return account
