"""Organisations, users and their one-time account links."""

from __future__ import annotations

import enum
import uuid
from datetime import datetime

from sqlalchemy import Boolean, Enum, ForeignKey, Integer, String, Uuid
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.accounts.roles import Role
from app.crypto import EMAIL, EncryptedRecord, encrypted_column
from app.db import Timestamps, UUIDPrimaryKey, utcnow
from app.extensions import Model


class Organisation(UUIDPrimaryKey, Timestamps, Model):
    """A partner of the network. One of them may be its coordinating body."""

    __tablename__ = "organisations"

    name: Mapped[str] = mapped_column(String(200))
    country_code: Mapped[str] = mapped_column(String(2))
    is_coordinating_body: Mapped[bool] = mapped_column(Boolean, default=False)
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    # How beneficiaries reach the organisation (shown in their portal and letters).
    contact_phone: Mapped[str | None] = mapped_column(String(40))
    contact_email: Mapped[str | None] = mapped_column(String(254))
    address: Mapped[str | None] = mapped_column(String(300))
    version: Mapped[int] = mapped_column(Integer, default=1)

    users: Mapped[list[User]] = relationship(back_populates="organisation")

    # Edits bump the version themselves: log-ins and password changes must not make an
    # administrator's open form look stale.
    __mapper_args__ = {"version_id_col": version, "version_id_generator": False}


class User(EncryptedRecord, UUIDPrimaryKey, Timestamps, Model):
    """An account. Its e-mail address and name are encrypted under the user's own data key;
    the e-mail is found at log-in through a blind index (``email_index``)."""

    __tablename__ = "users"

    # Staff log in with their e-mail; beneficiaries with a login id printed on their letter.
    email = encrypted_column("text", index=EMAIL, unique=True, nullable=True)
    login_id: Mapped[str | None] = mapped_column(String(20), unique=True)
    display_name = encrypted_column("text")
    beneficiary_id: Mapped[uuid.UUID | None] = mapped_column(
        Uuid, ForeignKey("beneficiaries.id", ondelete="CASCADE"), unique=True
    )
    organisation_id: Mapped[uuid.UUID] = mapped_column(
        Uuid, ForeignKey("organisations.id"), index=True
    )
    role: Mapped[Role] = mapped_column(
        Enum(Role, native_enum=False, length=20, values_callable=lambda e: [m.value for m in e])
    )
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    preferred_locale: Mapped[str | None] = mapped_column(String(10))
    password_hash: Mapped[str | None] = mapped_column(String(255))
    # "password", or "pin" for a 6-digit PIN that is only valid with the date of birth.
    secret_kind: Mapped[str] = mapped_column(String(10), default="password")
    failed_logins: Mapped[int] = mapped_column(Integer, default=0)
    locked_until: Mapped[datetime | None] = mapped_column()
    last_login_at: Mapped[datetime | None] = mapped_column()
    # Bumped when the password changes or the account is deactivated: every open session
    # carries the value it was opened with and ends when it no longer matches.
    session_version: Mapped[int] = mapped_column(Integer, default=1)
    version: Mapped[int] = mapped_column(Integer, default=1)

    organisation: Mapped[Organisation] = relationship(back_populates="users")

    # Edits bump the version themselves: log-ins and password changes must not make an
    # administrator's open form look stale.
    __mapper_args__ = {"version_id_col": version, "version_id_generator": False}

    # Flask-Login's protocol.
    @property
    def is_active(self) -> bool:
        return self.active and self.password_hash is not None

    @property
    def is_authenticated(self) -> bool:
        return True

    @property
    def is_anonymous(self) -> bool:
        return False

    def get_id(self) -> str:
        return f"{self.id}:{self.session_version}"


class TokenPurpose(enum.StrEnum):
    ACTIVATION = "activation"
    PASSWORD_RESET = "password_reset"  # noqa: S105 (a purpose code, not a password)
    PORTAL_ACTIVATION = "portal_activation"


class AccountToken(UUIDPrimaryKey, Model):
    """A one-time link to set a password. Only a SHA-256 digest of the secret is kept."""

    __tablename__ = "account_tokens"

    user_id: Mapped[uuid.UUID] = mapped_column(
        Uuid, ForeignKey("users.id", ondelete="CASCADE"), index=True
    )
    purpose: Mapped[TokenPurpose] = mapped_column(
        Enum(
            TokenPurpose,
            native_enum=False,
            length=20,
            values_callable=lambda e: [m.value for m in e],
        )
    )
    digest: Mapped[str] = mapped_column(String(64), unique=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    expires_at: Mapped[datetime] = mapped_column()
    used_at: Mapped[datetime | None] = mapped_column()
    revoked_at: Mapped[datetime | None] = mapped_column()
    created_by_id: Mapped[uuid.UUID | None] = mapped_column(Uuid, ForeignKey("users.id"))

    user: Mapped[User] = relationship(foreign_keys=[user_id])
