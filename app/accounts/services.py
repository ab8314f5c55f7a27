"""Account operations: log in, users, organisations and one-time links.

These functions change the ORM and ``flush()``; the request boundary commits.
"""

from __future__ import annotations

import hashlib
import secrets
import uuid
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import timedelta

from flask import current_app
from sqlalchemy import bindparam, func, select
from sqlalchemy.orm import joinedload
from sqlalchemy.orm.util import identity_key

from app.accounts import passwords
from app.accounts.errors import (
    ConcurrentEdit,
    EmailTaken,
    InactiveAccount,
    LastActiveAdmin,
    TokenExpired,
    TokenInvalid,
    TokenUsed,
)
from app.accounts.models import AccountToken, Organisation, TokenPurpose, User
from app.accounts.roles import Role
from app.crypto import normalise_email
from app.db import utcnow, versioned_save
from app.extensions import db


def find_user_by_email(email: str) -> User | None:
    """Found through the e-mail's blind index: no address is decrypted to look."""
    return db.session.scalar(select(User).where(User.email.matches(email)))


def can_log_in(user: User) -> bool:
    return user.is_active and user.organisation.active


def authenticate(email: str, password: str) -> User | None:
    """The user these credentials belong to, if they may log in; else None.

    A wrong e-mail, a wrong password and an inactive account are indistinguishable.
    """
    user = find_user_by_email(email)
    if user is None:
        passwords.verify_password(None, password)
        return None
    if not passwords.verify_password(user.password_hash, password) or not can_log_in(user):
        return None
    if passwords.needs_rehash(user.password_hash or ""):
        user.password_hash = passwords.hash_password(password)
    user.last_login_at = utcnow()
    db.session.flush()
    return user


# Every request runs it; a statement built once is about twice as fast as `session.get`
# with a loader option, which builds and checks one on each call.
_USER_WITH_ORGANISATION = (
    select(User).options(joinedload(User.organisation)).where(User.id == bindparam("user_id"))
)


_USERS_BY_ID = select(User).where(User.id.in_(bindparam("user_ids", expanding=True)))


def accounts_by_id(user_ids: Iterable[uuid.UUID]) -> dict[uuid.UUID, User]:
    """These accounts by id: those already in the session without a query, the others
    with one.

    Pages that name the authors or owners of many records use it instead of joining the
    accounts to every row: most often the author is the reader, loaded already.
    """
    wanted = set(user_ids)
    identity_map = db.session.identity_map
    found: dict[uuid.UUID, User] = {}
    for user_id in wanted:
        user = identity_map.get(identity_key(User, user_id))
        if user is not None:
            found[user_id] = user
    missing = wanted - found.keys()
    if missing:
        for user in db.session.scalars(_USERS_BY_ID, {"user_ids": list(missing)}):
            found[user.id] = user
    return found


def beneficiary_account(beneficiary_id: uuid.UUID) -> User | None:
    """The account a beneficiary opens their own space with, once one has been issued."""
    return db.session.scalar(select(User).where(User.beneficiary_id == beneficiary_id))


def load_user_from_session(session_id: str) -> User | None:
    """Flask-Login's loader: the id carries the session version it was opened with."""
    raw_id, _, raw_version = session_id.partition(":")
    try:
        user_id = uuid.UUID(raw_id)
        version = int(raw_version)
    except ValueError:
        return None
    user = db.session.scalars(_USER_WITH_ORGANISATION, {"user_id": user_id}).first()
    if user is None or user.session_version != version or not can_log_in(user):
        return None
    return user


# Organisations


@dataclass(frozen=True, slots=True)
class OrganisationData:
    name: str
    country_code: str
    is_coordinating_body: bool
    contact_phone: str | None = None
    contact_email: str | None = None
    address: str | None = None


def _make_sole_coordinating_body(organisation: Organisation) -> None:
    others = select(Organisation).where(
        Organisation.is_coordinating_body.is_(True), Organisation.id != organisation.id
    )
    for other in db.session.scalars(others):
        other.is_coordinating_body = False


def create_organisation(data: OrganisationData) -> Organisation:
    organisation = Organisation(
        name=data.name.strip(),
        country_code=data.country_code.upper(),
        is_coordinating_body=data.is_coordinating_body,
        contact_phone=data.contact_phone,
        contact_email=data.contact_email,
        address=data.address,
    )
    db.session.add(organisation)
    db.session.flush()
    if data.is_coordinating_body:
        _make_sole_coordinating_body(organisation)
    db.session.flush()
    return organisation


def _start_edit(record: Organisation | User, expected_version: int) -> None:
    """Refuse an edit made on an outdated form; otherwise claim the next version."""
    if record.version != expected_version:
        raise ConcurrentEdit()
    record.version = expected_version + 1


def update_organisation(
    organisation: Organisation, data: OrganisationData, expected_version: int
) -> Organisation:
    _start_edit(organisation, expected_version)
    with versioned_save(db.session(), ConcurrentEdit):
        organisation.name = data.name.strip()
        organisation.country_code = data.country_code.upper()
        organisation.is_coordinating_body = data.is_coordinating_body
        organisation.contact_phone = data.contact_phone
        organisation.contact_email = data.contact_email
        organisation.address = data.address
        if data.is_coordinating_body:
            _make_sole_coordinating_body(organisation)
    return organisation


def set_organisation_active(organisation: Organisation, active: bool) -> None:
    if not active and _active_admins_outside(organisation_id=organisation.id) == 0:
        raise LastActiveAdmin()
    organisation.active = active
    db.session.flush()


def list_organisations() -> list[Organisation]:
    return list(db.session.scalars(select(Organisation).order_by(Organisation.name)))


# Users


@dataclass(frozen=True, slots=True)
class UserData:
    email: str
    display_name: str
    organisation_id: uuid.UUID
    role: Role
    preferred_locale: str | None


def _ensure_email_free(email: str, except_user: User | None = None) -> None:
    existing = find_user_by_email(email)
    if existing is not None and existing is not except_user:
        raise EmailTaken()


def _active_admins_outside(
    *, user_id: uuid.UUID | None = None, organisation_id: uuid.UUID | None = None
) -> int:
    query = (
        select(func.count())
        .select_from(User)
        .join(Organisation)
        .where(
            User.role == Role.ADMIN,
            User.active.is_(True),
            User.password_hash.is_not(None),
            Organisation.active.is_(True),
        )
    )
    if user_id is not None:
        query = query.where(User.id != user_id)
    if organisation_id is not None:
        query = query.where(User.organisation_id != organisation_id)
    return db.session.scalar(query) or 0


def _is_countable_admin(user: User) -> bool:
    return user.role is Role.ADMIN and can_log_in(user)


def create_user(data: UserData, created_by: User | None) -> tuple[User, str]:
    """Create an account without a password and the activation link's secret."""
    email = normalise_email(data.email)
    _ensure_email_free(email)
    user = User(
        email=email,
        display_name=data.display_name.strip(),
        organisation_id=data.organisation_id,
        role=data.role,
        preferred_locale=data.preferred_locale,
    )
    db.session.add(user)
    db.session.flush()
    token = issue_token(user, TokenPurpose.ACTIVATION, created_by)
    return user, token


def update_user(user: User, data: UserData, expected_version: int) -> User:
    if user.version != expected_version:
        raise ConcurrentEdit()
    email = normalise_email(data.email)
    _ensure_email_free(email, except_user=user)
    losing_admin = data.role is not Role.ADMIN or data.organisation_id != user.organisation_id
    if _is_countable_admin(user) and losing_admin:
        remaining = _active_admins_outside(user_id=user.id)
        target_org = db.session.get(Organisation, data.organisation_id)
        stays_admin = data.role is Role.ADMIN and target_org is not None and target_org.active
        if remaining == 0 and not stays_admin:
            raise LastActiveAdmin()
    _start_edit(user, expected_version)
    with versioned_save(db.session(), ConcurrentEdit):
        user.email = email
        user.display_name = data.display_name.strip()
        user.organisation_id = data.organisation_id
        user.role = data.role
        user.preferred_locale = data.preferred_locale
    return user


def set_user_active(user: User, active: bool) -> None:
    """Activate or deactivate an account; deactivation ends its open sessions."""
    if not active and _is_countable_admin(user) and _active_admins_outside(user_id=user.id) == 0:
        raise LastActiveAdmin()
    if user.active != active:
        user.active = active
        if not active:
            user.session_version += 1
    db.session.flush()


def list_users(organisation_id: uuid.UUID | None = None) -> list[User]:
    """Accounts by organisation, then name. Names are encrypted, so the database cannot
    sort them: the list is sorted here, which is fine for the accounts of a network."""
    query = select(User).join(Organisation)
    if organisation_id is not None:
        query = query.where(User.organisation_id == organisation_id)
    users = list(db.session.scalars(query))
    return sorted(users, key=lambda u: (u.organisation.name, str(u.display_name).casefold()))


def set_preferred_locale(user: User, locale: str) -> None:
    user.preferred_locale = locale
    db.session.flush()


# One-time links


def _digest(secret: str) -> str:
    return hashlib.sha256(secret.encode("utf-8")).hexdigest()


def issue_token(
    user: User,
    purpose: TokenPurpose,
    created_by: User | None,
    *,
    secret: str | None = None,
    hours: int | None = None,
) -> str:
    """A new one-time secret for ``user``; earlier unused links and codes stop working."""
    now = utcnow()
    pending = select(AccountToken).where(
        AccountToken.user_id == user.id,
        AccountToken.used_at.is_(None),
        AccountToken.revoked_at.is_(None),
    )
    for token in db.session.scalars(pending):
        token.revoked_at = now
    secret = secret or secrets.token_urlsafe(32)
    hours = hours or current_app.config["PASSERELLE_SETTINGS"].token_lifetime_hours
    db.session.add(
        AccountToken(
            user_id=user.id,
            purpose=purpose,
            digest=_digest(secret),
            expires_at=now + timedelta(hours=hours),
            created_by_id=created_by.id if created_by else None,
        )
    )
    db.session.flush()
    return secret


def check_token(secret: str) -> AccountToken:
    """The live token for this secret, or the reason it cannot be used."""
    if not secret or len(secret) > 128:
        raise TokenInvalid()
    token = db.session.scalar(select(AccountToken).where(AccountToken.digest == _digest(secret)))
    if token is None or token.revoked_at is not None:
        raise TokenInvalid()
    if token.used_at is not None:
        raise TokenUsed()
    if token.expires_at <= utcnow():
        raise TokenExpired()
    if not token.user.active or not token.user.organisation.active:
        raise InactiveAccount()
    return token


def redeem_token(secret: str, new_password: str) -> User:
    """Set the password through a one-time link; the link then stops working."""
    token = check_token(secret)
    user = token.user
    user.password_hash = passwords.hash_password(new_password)
    user.session_version += 1
    token.used_at = utcnow()
    db.session.flush()
    return user


def pending_token(user: User) -> AccountToken | None:
    return db.session.scalar(
        select(AccountToken)
        .where(
            AccountToken.user_id == user.id,
            AccountToken.used_at.is_(None),
            AccountToken.revoked_at.is_(None),
            AccountToken.expires_at > utcnow(),
        )
        .order_by(AccountToken.created_at.desc())
    )
