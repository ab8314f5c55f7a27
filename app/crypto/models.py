"""Tables of the key store, a database of its own (bind ``keystore``).

Case data never holds key material: it holds ciphertext and the id of its data key. The
key store holds data keys only wrapped under the master key (KEK), never in clear, and a
check value per KEK version. Losing the key store, or the KEK, loses the data: back up
both, separately.
"""

from __future__ import annotations

import uuid
from datetime import datetime

from sqlalchemy import Integer, LargeBinary, String, Uuid
from sqlalchemy.orm import Mapped, mapped_column

from app.db import utcnow
from app.extensions import Model


class DataKey(Model):
    """A data subject's key (DEK), wrapped under KEK version ``kek_version``.

    Shredding sets ``wrapped_key`` to NULL and records ``shredded_at``: the row stays so
    that records pointing at it are known to be erased rather than broken.
    """

    __tablename__ = "data_keys"
    __bind_key__ = "keystore"

    id: Mapped[uuid.UUID] = mapped_column(Uuid, primary_key=True)
    kek_version: Mapped[int] = mapped_column(Integer, index=True)
    wrapped_key: Mapped[bytes | None] = mapped_column(LargeBinary(64))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    rewrapped_at: Mapped[datetime | None] = mapped_column()
    shredded_at: Mapped[datetime | None] = mapped_column()


class MasterKeyCheck(Model):
    """A one-way check value per KEK version, to refuse a wrong master key at start-up."""

    __tablename__ = "master_key_checks"
    __bind_key__ = "keystore"

    version: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    check_value: Mapped[bytes] = mapped_column(LargeBinary(32))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class BlindIndexKey(Model):
    """The random root secret of the blind indexes, wrapped under the KEK.

    It is re-wrapped, never replaced, on rotation: a new root would invalidate every
    stored index value.
    """

    __tablename__ = "blind_index_keys"
    __bind_key__ = "keystore"

    name: Mapped[str] = mapped_column(String(40), primary_key=True)
    kek_version: Mapped[int] = mapped_column(Integer)
    wrapped_key: Mapped[bytes] = mapped_column(LargeBinary(64))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    rewrapped_at: Mapped[datetime | None] = mapped_column()
