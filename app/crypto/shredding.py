"""Shredding a data subject's key: every value encrypted under it becomes unreadable at once.

The key store forgets the wrapped key; this request forgets the key and whatever its
records already decrypted with it, so nothing read before the shredding is shown after it.
"""

from __future__ import annotations

import logging
import uuid

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from app.crypto.errors import DataKeyError, DataKeyNotFoundError, DataKeyShreddedError
from app.crypto.fields import EncryptedRecord, forget_decrypted_values, remembered_key_id
from app.crypto.keystore import data_key_cipher, key_cache, keystore_engine
from app.crypto.models import DataKey
from app.db import utcnow
from app.extensions import db

logger = logging.getLogger("passerelle.crypto")


def shred_data_key(key_id: uuid.UUID) -> bool:
    """Destroy a subject's key: every value encrypted under it becomes unreadable.

    Committed at once, on the key store. Returns False when it was already shredded.
    """
    table = DataKey.__table__
    with keystore_engine().begin() as connection:
        result = connection.execute(
            update(table)
            .where(table.c.id == key_id, table.c.wrapped_key.is_not(None))
            .values(wrapped_key=None, shredded_at=utcnow())
        )
        if result.rowcount == 0:
            exists = connection.execute(select(table.c.id).where(table.c.id == key_id)).first()
            if exists is None:
                raise DataKeyNotFoundError(key_id)
    key_cache()[key_id.bytes] = DataKeyShreddedError(key_id)
    forget_values_under(db.session(), key_id.bytes)
    logger.info("Data key %s shredded", key_id)
    return result.rowcount > 0


def forget_values_under(session: Session, key_id: bytes) -> None:
    """Drop what the session's records decrypted or remembered under a key (just shredded).

    Without this, a record read before the shredding would go on showing its values
    until the end of the request.
    """
    for record in list(session.identity_map.values()):
        if isinstance(record, EncryptedRecord) and remembered_key_id(record) == key_id:
            forget_decrypted_values(record)


def is_shredded(key_id: uuid.UUID) -> bool:
    """Whether the subject's key has been shredded (False for a missing or unusable key)."""
    try:
        data_key_cipher(key_id.bytes)
    except DataKeyShreddedError:
        return True
    except DataKeyError:
        return False
    return False
