"""Encryption of personal data at rest: the only package that touches keys and ciphers.

Key hierarchy (envelope encryption)::

    master key (KEK, 256-bit, several versions; environment or key file, never in a DB)
      ├─ wraps one data key (DEK, 256-bit, random) per data subject   -> keystore.data_keys
      │     └─ encrypts that subject's fields, AES-256-GCM, bound to table/column/row
      └─ wraps the blind-index root secret                            -> keystore.blind_index_keys
            └─ HKDF per index kind -> HMAC-SHA256 of normalised values (exact-match search)

Shredding a subject's DEK erases their data everywhere at once; rotating the KEK re-wraps
DEKs, never data. See docs/data-classification.md for what is encrypted and why.

The rest of the application uses only the names exported here.
"""

from __future__ import annotations

from flask import Flask

from app.crypto.blind_index import (
    EMAIL,
    FAMILY_NAME,
    FULL_NAME,
    NAME_AND_BIRTH_DATE,
    BlindIndexKind,
    blind_index_column,
    email_index,
    family_name_index,
    full_name_index,
    name_and_birth_date_index,
    normalise,
    normalise_email,
)
from app.crypto.cli import keys_cli
from app.crypto.errors import (
    CryptoError,
    DataKeyError,
    DataKeyNotFoundError,
    DataKeyShreddedError,
    DecryptionError,
    ErasedValueError,
    MasterKeyError,
    MasterKeyInUseError,
    MasterKeyMismatchError,
    MasterKeyMissingError,
    MissingDataKeyError,
)
from app.crypto.fields import (
    DECRYPTION_FAILED,
    ERASED,
    EncryptedBlob,
    EncryptedField,
    EncryptedRecord,
    Unreadable,
    decrypt_field,
    encrypted_column,
    is_unreadable,
    preload_keys_for,
)
from app.crypto.keyring import load_keyring
from app.crypto.keystore import (
    STATE_KEY,
    CryptoState,
    check_master_keys,
    enable_secure_delete,
    keystore_engine,
    new_data_key,
    preload_data_keys,
)
from app.crypto.models import BlindIndexKey, DataKey, MasterKeyCheck
from app.crypto.shredding import is_shredded, shred_data_key
from app.extensions import db

__all__ = [
    "DECRYPTION_FAILED",
    "EMAIL",
    "ERASED",
    "FAMILY_NAME",
    "FULL_NAME",
    "NAME_AND_BIRTH_DATE",
    "BlindIndexKey",
    "BlindIndexKind",
    "CryptoError",
    "DataKey",
    "DataKeyError",
    "DataKeyNotFoundError",
    "DataKeyShreddedError",
    "DecryptionError",
    "EncryptedBlob",
    "EncryptedField",
    "EncryptedRecord",
    "ErasedValueError",
    "MasterKeyCheck",
    "MasterKeyError",
    "MasterKeyInUseError",
    "MasterKeyMismatchError",
    "MasterKeyMissingError",
    "MissingDataKeyError",
    "Unreadable",
    "blind_index_column",
    "check_master_keys",
    "decrypt_field",
    "email_index",
    "encrypted_column",
    "family_name_index",
    "full_name_index",
    "init_app",
    "is_shredded",
    "is_unreadable",
    "name_and_birth_date_index",
    "new_data_key",
    "normalise",
    "normalise_email",
    "preload_data_keys",
    "preload_keys_for",
    "shred_data_key",
]


def init_app(app: Flask) -> None:
    """Load the master keyring, register ``flask keys`` and refuse a wrong master key.

    Raises ``MasterKeyError`` (one line, for the operator) when the key is missing,
    malformed or does not match the key store. Skipped silently before the first
    migration, when the key-store tables do not exist yet.
    """
    settings = app.config["PASSERELLE_SETTINGS"]
    app.extensions[STATE_KEY] = CryptoState(keyring=load_keyring(settings))
    app.cli.add_command(keys_cli)
    with app.app_context():
        enable_secure_delete(keystore_engine())
        try:
            check_master_keys()
        except MasterKeyError:
            # The application will not start: leave no pooled connection behind.
            for engine in db.engines.values():
                engine.dispose()
            raise
