"""Models used only by the crypto tests (tables prefixed ``test_crypto_``).

Imported by the crypto tests alone: declaring them adds their tables to the shared
metadata.
"""

from __future__ import annotations

import uuid

from sqlalchemy import ForeignKey, String, Uuid
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.crypto import (
    EMAIL,
    FAMILY_NAME,
    FULL_NAME,
    EncryptedRecord,
    blind_index_column,
    encrypted_column,
)
from app.db import UUIDPrimaryKey
from app.extensions import db


class CryptoPerson(EncryptedRecord, UUIDPrimaryKey, db.Model):
    """A data subject with its own key."""

    __tablename__ = "test_crypto_people"

    display_name = encrypted_column("text")
    nickname = encrypted_column("text", nullable=True)
    birth_date = encrypted_column("date", nullable=True)
    details = encrypted_column("json", nullable=True)
    email = encrypted_column("text", nullable=True, index=EMAIL, unique=True)
    family_name = encrypted_column("text", nullable=True, index=FAMILY_NAME)
    full_name_index: Mapped[bytes | None] = blind_index_column(FULL_NAME, nullable=True)
    country_code: Mapped[str | None] = mapped_column(String(2))


class CryptoNote(EncryptedRecord, UUIDPrimaryKey, db.Model):
    """A record encrypted with its person's key."""

    __tablename__ = "test_crypto_notes"

    person_id: Mapped[uuid.UUID] = mapped_column(Uuid, ForeignKey("test_crypto_people.id"))
    person: Mapped[CryptoPerson] = relationship()
    body = encrypted_column("text")

    @property
    def data_key_id(self) -> uuid.UUID | None:  # type: ignore[override]
        return self.person.data_key_id if self.person is not None else None
