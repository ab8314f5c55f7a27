"""``flask keys verify``: decrypt everything reachable and report what fails, never what is.

Checks every configured master key version against its check value, unwraps every live
data key and the blind-index root, then decrypts every encrypted field of every model
using the layer. Failures are reported by table, column and record id only.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import select

from app.crypto.errors import DecryptionError, ErasedValueError, MasterKeyError
from app.crypto.fields import EncryptedRecord, decrypt_field
from app.crypto.keystore import (
    blind_index_root,
    crypto_state,
    forget_data_keys,
    keystore_engine,
)
from app.crypto.models import DataKey
from app.crypto.primitives import InvalidCiphertext, unwrap_key, value_key_id
from app.crypto.rotation import master_key_check_matches
from app.extensions import db


@dataclass(frozen=True)
class Failure:
    table: str
    column: str
    record_id: str
    reason: str


@dataclass
class VerifyReport:
    master_keys: dict[int, bool | None] = field(default_factory=dict)
    data_keys: int = 0
    index_key_ok: bool = True
    values: int = 0
    erased: int = 0
    failures: list[Failure] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return (
            not self.failures
            and self.index_key_ok
            and all(match is not False for match in self.master_keys.values())
        )


def encrypted_models() -> list[type[EncryptedRecord]]:
    """Every mapped model with encrypted fields, in table order."""
    models = [
        mapper.class_
        for mapper in db.Model.registry.mappers
        if issubclass(mapper.class_, EncryptedRecord) and mapper.class_.encrypted_fields()
    ]
    return sorted(models, key=lambda model: model.__table__.name)


def verify_everything(*, batch_size: int = 500) -> VerifyReport:
    report = VerifyReport()
    keyring = crypto_state().keyring
    keyring.refresh()
    for version in sorted(keyring.keys):
        report.master_keys[version] = master_key_check_matches(version)
    _verify_data_keys(report, batch_size)
    try:
        blind_index_root()
    except MasterKeyError:
        report.index_key_ok = False
    for model in encrypted_models():
        _verify_model(report, model, batch_size)
    return report


def _verify_data_keys(report: VerifyReport, batch_size: int) -> None:
    keys = DataKey.__table__
    keyring = crypto_state().keyring
    with keystore_engine().connect() as connection:
        result = connection.execution_options(yield_per=batch_size).execute(
            select(keys.c.id, keys.c.kek_version, keys.c.wrapped_key).where(
                keys.c.wrapped_key.is_not(None)
            )
        )
        for row in result:
            report.data_keys += 1
            try:
                unwrap_key(
                    keyring.cipher(row.kek_version), row.kek_version, row.id, bytes(row.wrapped_key)
                )
            except (InvalidCiphertext, MasterKeyError):
                report.failures.append(
                    Failure(keys.name, "wrapped_key", str(row.id), "unwrap failed")
                )


def _verify_model(report: VerifyReport, model: type[EncryptedRecord], batch_size: int) -> None:
    fields = model.encrypted_fields()
    table = model.__table__.name  # type: ignore[attr-defined]
    query = select(model).execution_options(yield_per=batch_size, populate_existing=True)
    for partition in db.session.execute(query).scalars().partitions():
        for record in partition:
            for name, encrypted in fields.items():
                _verify_value(report, record, name, encrypted.ciphertext_attribute, table)
        db.session.expunge_all()
        forget_data_keys()


def _verify_value(report: VerifyReport, record: Any, name: str, attribute: str, table: str) -> None:
    ciphertext = getattr(record, attribute)
    if ciphertext is None:
        return
    report.values += 1
    try:
        decrypt_field(record, name)
    except ErasedValueError:
        report.erased += 1
        return
    except DecryptionError as error:
        report.failures.append(Failure(table, name, str(record.id), error.reason))
        return
    owner: uuid.UUID | None = record.data_key_id
    if owner is not None and value_key_id(ciphertext) != owner.bytes:
        # Readable, but shredding the record's subject would not erase it: save it again.
        report.failures.append(Failure(table, name, str(record.id), "written under another key"))
