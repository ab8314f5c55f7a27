"""``flask keys verify``: decrypt everything reachable and report what fails, never what is.

Checks every configured master key version against its check value, unwraps every live
data key and the blind-index root, then decrypts every encrypted field of every model
using the layer. Failures are reported by table, column and record id only.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import inspect, select
from sqlalchemy.orm import MANYTOONE, QueryableAttribute, selectinload

from app.crypto.errors import DecryptionError, ErasedValueError, MasterKeyError
from app.crypto.fields import EncryptedField, EncryptedRecord, decrypt_field
from app.crypto.keystore import (
    blind_index_root,
    crypto_state,
    forget_data_keys,
    keystore_engine,
    load_data_keys,
)
from app.crypto.models import DataKey
from app.crypto.primitives import InvalidCiphertext, is_well_formed, unwrap_key, value_key_id
from app.crypto.rotation import master_key_check_matches
from app.extensions import Model, db


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
    mappers = sorted(Model.registry.mappers, key=lambda mapper: mapper.tables[0].name)
    return [
        mapper.class_
        for mapper in mappers
        if issubclass(mapper.class_, EncryptedRecord) and mapper.class_.encrypted_fields()
    ]


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
    """Read ``model`` in pages of ``batch_size`` by id, each page in a fresh identity map.

    Every page is a new query, so emptying the session between pages leaves no result
    reading into a discarded identity map; each page loads its records' key owners and
    data keys with one query each instead of one per record.
    """
    fields = model.encrypted_fields()
    table = model.__table__.name  # type: ignore[attr-defined]
    primary_key = model.id
    owners = [selectinload(owner) for owner in _key_owners(model)]
    # Sessions do not expire on commit: records read before must be read again.
    query = (
        select(model)
        .options(*owners)
        .order_by(primary_key)
        .limit(batch_size)
        .execution_options(populate_existing=True)
    )
    last_id: uuid.UUID | None = None
    while True:
        page = query if last_id is None else query.where(primary_key > last_id)
        records = db.session.scalars(page).all()
        if not records:
            break
        load_data_keys(_value_key_ids(records, fields.values()))
        for record in records:
            for name, encrypted in fields.items():
                _verify_value(report, record, name, encrypted.ciphertext_attribute, table)
        last_id = records[-1].id
        db.session.expunge_all()
        forget_data_keys()


def _key_owners(model: type[EncryptedRecord]) -> list[QueryableAttribute[Any]]:
    """The relationships to the records whose data key ``model``'s records are written under.

    A record with its own ``data_key_id`` column needs none; one that takes its key from
    another subject (a note from its beneficiary) reads it through a many-to-one
    relationship, loaded here for a whole page at once.
    """
    mapper = inspect(model)
    if "data_key_id" in mapper.columns:
        return []
    return [
        relationship.class_attribute
        for relationship in mapper.relationships
        if relationship.direction is MANYTOONE
        and issubclass(relationship.mapper.class_, EncryptedRecord)
        and "data_key_id" in relationship.mapper.columns
    ]


def _value_key_ids(
    records: Sequence[EncryptedRecord], fields: Iterable[EncryptedField[Any]]
) -> set[bytes]:
    """The data keys (16-byte ids) named by the values of these records."""
    attributes = [field.ciphertext_attribute for field in fields]
    key_ids = set()
    for record in records:
        for attribute in attributes:
            ciphertext = getattr(record, attribute)
            if ciphertext is not None and is_well_formed(ciphertext):
                key_ids.add(value_key_id(ciphertext))
    return key_ids


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
