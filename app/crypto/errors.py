"""Exceptions of the encryption layer.

Messages never contain key material or plaintext; start-up errors are one line, written
for the operator who has to fix the configuration.
"""

from __future__ import annotations

import uuid


class CryptoError(Exception):
    """Base class of every error raised by ``app.crypto``."""


class MasterKeyError(CryptoError):
    """The master key (KEK) configuration is missing, malformed or unusable."""


class MasterKeyMismatchError(MasterKeyError):
    """A configured master key version differs from the one the key store was made with."""


class MasterKeyMissingError(MasterKeyError):
    """Data keys are wrapped under a master key version that is not configured."""


class MasterKeyInUseError(MasterKeyError):
    """A master key version cannot be retired while data keys are still wrapped under it."""


class DataKeyError(CryptoError):
    """A data subject's key (DEK) cannot be used."""

    def __init__(self, key_id: uuid.UUID, message: str) -> None:
        super().__init__(message)
        self.key_id = key_id


class DataKeyNotFoundError(DataKeyError):
    """No data key with this id exists in the key store."""

    def __init__(self, key_id: uuid.UUID) -> None:
        super().__init__(key_id, f"data key {key_id} does not exist")


class DataKeyShreddedError(DataKeyError):
    """The data key was destroyed on purpose: the subject's data is erased."""

    def __init__(self, key_id: uuid.UUID) -> None:
        super().__init__(key_id, f"data key {key_id} has been shredded")


class MissingDataKeyError(CryptoError):
    """A record was asked to encrypt a value before it knew which data key to use."""


class DecryptionError(CryptoError):
    """A stored value could not be decrypted: tampered, truncated, moved or key lost.

    ``reason`` is a short code (``format``, ``authentication``, ``key``, ``shredded``);
    table, column and record id say where, never what.
    """

    def __init__(
        self,
        reason: str,
        *,
        table: str | None = None,
        column: str | None = None,
        record_id: uuid.UUID | None = None,
    ) -> None:
        where = f" in {table}.{column} of record {record_id}" if table else ""
        super().__init__(f"could not decrypt value{where}: {reason}")
        self.reason = reason
        self.table = table
        self.column = column
        self.record_id = record_id


class ErasedValueError(DecryptionError):
    """The value belongs to a data subject whose key was shredded."""
