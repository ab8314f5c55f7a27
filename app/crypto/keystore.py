"""Data keys: creation, unwrapping with a per-request cache, shredding; start-up check.

The key store is written through its own connection and transaction, never through the
request's ORM session: ``new_data_key`` commits the wrapped key before it returns, so
case data can never reference a key that does not exist. The price is an orphan key when
the case transaction later rolls back; it holds no data and costs 100 bytes.

Unwrapped keys live in ``flask.g`` (one application context: a request, a CLI command),
as ready AES-GCM objects, and are never written anywhere.
"""

from __future__ import annotations

import hmac
import secrets
import threading
import uuid
from collections.abc import Iterable
from dataclasses import dataclass, field

from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from flask import current_app, g, has_app_context
from sqlalchemy import Connection, Engine, bindparam, event, inspect, select
from sqlalchemy.exc import IntegrityError

from app.crypto.errors import (
    CryptoError,
    DataKeyError,
    DataKeyNotFoundError,
    DataKeyShreddedError,
    MasterKeyError,
    MasterKeyMismatchError,
    MasterKeyMissingError,
)
from app.crypto.keyring import Keyring
from app.crypto.models import BlindIndexKey, DataKey, MasterKeyCheck
from app.crypto.primitives import (
    DATA_KEY_BYTES,
    InvalidCiphertext,
    check_value,
    unwrap_key,
    wrap_key,
)
from app.db import utcnow
from app.extensions import db

STATE_KEY = "passerelle.crypto"
INDEX_ROOT_NAME = "blind-index-root"
KEY_CACHE_NAME = "passerelle_data_keys"


@dataclass
class CryptoState:
    """What the layer keeps per application: the keyring and the blind-index secrets."""

    keyring: Keyring
    checked: bool = False
    index_keys: dict[str, bytes] = field(default_factory=dict, repr=False)
    lock: threading.Lock = field(default_factory=threading.Lock, repr=False)


def crypto_state() -> CryptoState:
    try:
        return current_app.extensions[STATE_KEY]
    except KeyError:
        raise CryptoError("app.crypto.init_app has not run for this application") from None


def keystore_engine() -> Engine:
    return db.engines["keystore"]


def enable_secure_delete(engine: Engine) -> None:
    """SQLite overwrites deleted content (shredded keys) instead of leaving free pages."""
    if engine.dialect.name != "sqlite":
        return

    @event.listens_for(engine, "connect")
    def _secure_delete(dbapi_connection: object, connection_record: object) -> None:
        cursor = dbapi_connection.cursor()  # type: ignore[attr-defined]
        cursor.execute("PRAGMA secure_delete = ON")
        cursor.close()


# Cached data keys: an AES-GCM object, or the error met when loading it (a shredded key
# stays shredded for the rest of the request, without a query per field).
KeyCacheEntry = AESGCM | DataKeyError


def key_cache() -> dict[bytes, KeyCacheEntry]:
    """This application context's unwrapped data keys, by 16-byte key id."""
    if not has_app_context():
        raise CryptoError("data keys are only available inside an application context")
    cache: dict[bytes, KeyCacheEntry] = g.setdefault(KEY_CACHE_NAME, {})
    return cache


def forget_data_keys() -> None:
    """Drop every unwrapped key from this context (long CLI runs call it per batch)."""
    key_cache().clear()


def _unwrap(keyring: Keyring, key_id: bytes, version: int, wrapped: bytes | None) -> KeyCacheEntry:
    """The AES-GCM object of a data key (16-byte id), or the error that stands for it."""
    if wrapped is None:
        return DataKeyShreddedError(uuid.UUID(bytes=key_id))
    try:
        return AESGCM(unwrap_key(keyring.cipher(version), version, key_id, bytes(wrapped)))
    except MasterKeyError:
        named = uuid.UUID(bytes=key_id)
        return DataKeyError(named, f"data key {named} needs master key version {version}")
    except InvalidCiphertext:
        named = uuid.UUID(bytes=key_id)
        return DataKeyError(named, f"data key {named} could not be unwrapped")


# Every page reads its wrapped keys in one query, built once; the ids expand into an IN list.
_WRAPPED_KEYS = select(
    DataKey.__table__.c.id, DataKey.__table__.c.kek_version, DataKey.__table__.c.wrapped_key
).where(DataKey.__table__.c.id.in_(bindparam("ids", expanding=True)))


def _wrapped_keys(engine: Engine, key_ids: list[bytes]) -> list[tuple[bytes, int, bytes | None]]:
    """Rows (16-byte id, KEK version, wrapped key or None) of these data keys."""
    ids = [uuid.UUID(bytes=key_id) for key_id in key_ids]
    with engine.connect() as connection:
        rows = connection.execute(_WRAPPED_KEYS, {"ids": ids}).all()
    return [(key_id.bytes, version, wrapped) for key_id, version, wrapped in rows]


def preload_data_keys(key_ids: Iterable[uuid.UUID]) -> None:
    """Unwrap many data keys with one key-store query (a list page calls this first)."""
    load_data_keys({key_id.bytes for key_id in key_ids if key_id is not None})


def load_data_keys(key_ids: Iterable[bytes]) -> None:
    """``preload_data_keys`` by 16-byte ids, as each encrypted value's header holds them."""
    cache = key_cache()
    missing = [key_id for key_id in set(key_ids) if key_id not in cache]
    if not missing:
        return
    keyring = crypto_state().keyring
    for key_id, version, wrapped in _wrapped_keys(keystore_engine(), missing):
        cache[key_id] = _unwrap(keyring, key_id, version, wrapped)
    for key_id in missing:
        if key_id not in cache:
            cache[key_id] = DataKeyNotFoundError(uuid.UUID(bytes=key_id))


def data_key_cipher(key_id: bytes) -> AESGCM:
    """The AES-GCM object of a data key (16-byte id); raises ``DataKeyError`` subclasses."""
    cache = key_cache()
    entry = cache.get(key_id)
    if entry is None:
        load_data_keys([key_id])
        entry = cache[key_id]
    if isinstance(entry, DataKeyError):
        raise entry
    return entry


def new_data_key() -> uuid.UUID:
    """Create a data subject's key, wrapped under the active KEK, committed at once."""
    state = crypto_state()
    if not state.checked:
        check_master_keys()
    keyring = state.keyring
    keyring.refresh()
    key_id = uuid.uuid4()
    key = secrets.token_bytes(DATA_KEY_BYTES)
    version = keyring.active
    wrapped = wrap_key(keyring.cipher(version), version, key_id, key)
    with keystore_engine().begin() as connection:
        connection.execute(
            DataKey.__table__.insert().values(
                id=key_id, kek_version=version, wrapped_key=wrapped, created_at=utcnow()
            )
        )
    key_cache()[key_id.bytes] = AESGCM(key)
    return key_id


def blind_index_root() -> bytes:
    """The blind-index root secret, created on first use and cached for the process."""
    state = crypto_state()
    root = state.index_keys.get(INDEX_ROOT_NAME)
    if root is not None:
        return root
    with state.lock:
        root = state.index_keys.get(INDEX_ROOT_NAME) or _load_or_create_index_root(state)
        state.index_keys[INDEX_ROOT_NAME] = root
    return root


def _load_or_create_index_root(state: CryptoState) -> bytes:
    table = BlindIndexKey.__table__
    keyring = state.keyring
    engine = keystore_engine()
    with engine.connect() as connection:
        row = connection.execute(select(table).where(table.c.name == INDEX_ROOT_NAME)).first()
    if row is None:
        root = secrets.token_bytes(DATA_KEY_BYTES)
        version = keyring.active
        try:
            with engine.begin() as connection:
                connection.execute(
                    table.insert().values(
                        name=INDEX_ROOT_NAME,
                        kek_version=version,
                        wrapped_key=wrap_key(
                            keyring.cipher(version), version, INDEX_ROOT_NAME, root
                        ),
                        created_at=utcnow(),
                    )
                )
            return root
        except IntegrityError:
            # Another process created it first: use theirs.
            with engine.connect() as connection:
                row = connection.execute(select(table).where(table.c.name == INDEX_ROOT_NAME)).one()
    try:
        return unwrap_key(
            keyring.cipher(row.kek_version),
            row.kek_version,
            INDEX_ROOT_NAME,
            bytes(row.wrapped_key),
        )
    except InvalidCiphertext:
        raise MasterKeyMismatchError(
            "The blind-index key cannot be unwrapped with the configured master key."
        ) from None


def check_master_keys() -> bool:
    """Refuse a wrong or missing master key, with a one-line error.

    Compares each configured KEK version with its stored check value, recording the
    value of a version seen for the first time, and makes sure every version still
    wrapping a key is configured. Returns False, silently, before the first migration.
    """
    state = crypto_state()
    engine = keystore_engine()
    if not inspect(engine).has_table(MasterKeyCheck.__tablename__):
        return False
    try:
        with engine.begin() as connection:
            _check(connection, state.keyring)
    except IntegrityError:
        # Another process recorded the same new version at the same moment: compare again.
        with engine.begin() as connection:
            _check(connection, state.keyring)
    state.checked = True
    return True


def _check(connection: Connection, keyring: Keyring) -> None:
    checks = MasterKeyCheck.__table__
    keys = DataKey.__table__
    stored = {row.version: bytes(row.check_value) for row in connection.execute(select(checks))}
    for version, key in sorted(keyring.keys.items()):
        expected = check_value(key, version)
        if version in stored:
            if not hmac.compare_digest(stored[version], expected):
                raise MasterKeyMismatchError(
                    f"Master key version {version} from {keyring.source} does not match "
                    "the key store: wrong key, or wrong key store."
                )
            continue
        _confirm_against_a_data_key(connection, keyring, version)
        connection.execute(
            checks.insert().values(version=version, check_value=expected, created_at=utcnow())
        )
    in_use = set(
        connection.execute(
            select(keys.c.kek_version).where(keys.c.wrapped_key.is_not(None)).distinct()
        ).scalars()
    )
    in_use.update(connection.execute(select(BlindIndexKey.__table__.c.kek_version)).scalars())
    missing = sorted(in_use - set(keyring.keys))
    if missing:
        listed = ", ".join(str(v) for v in missing)
        raise MasterKeyMissingError(
            f"Data keys are wrapped under master key version {listed}, which {keyring.source} "
            "does not hold: restore it before starting."
        )


def _confirm_against_a_data_key(connection: Connection, keyring: Keyring, version: int) -> None:
    """A version without a check value but with keys under it must open one of them."""
    keys = DataKey.__table__
    row = connection.execute(
        select(keys.c.id, keys.c.wrapped_key)
        .where(keys.c.kek_version == version, keys.c.wrapped_key.is_not(None))
        .limit(1)
    ).first()
    if row is not None and isinstance(
        _unwrap(keyring, row.id.bytes, version, row.wrapped_key), DataKeyError
    ):
        raise MasterKeyMismatchError(
            f"Master key version {version} from {keyring.source} does not open the data "
            "keys stored under it: wrong key, or wrong key store."
        )
