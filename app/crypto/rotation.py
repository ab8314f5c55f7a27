"""Master key rotation, status and retirement, without downtime.

Rotation only re-wraps data keys (100 bytes each); no case data is re-encrypted. It runs
in batches, each committed on the key store, walking keys in id order; re-running picks
up whatever is not yet on the target version, so an interrupted rotation just resumes.
While it runs, the application keeps working: an unwrap reads the KEK version stored
beside each key, and other processes re-read the key file when they meet a version
they do not know.
"""

from __future__ import annotations

import hmac
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field

from sqlalchemy import func, select, update

from app.crypto.errors import MasterKeyError, MasterKeyInUseError
from app.crypto.keystore import INDEX_ROOT_NAME, check_master_keys, crypto_state, keystore_engine
from app.crypto.models import BlindIndexKey, DataKey, MasterKeyCheck
from app.crypto.primitives import InvalidCiphertext, check_value, unwrap_key, wrap_key
from app.db import utcnow

BatchCallback = Callable[[int], None]


@dataclass
class RotationResult:
    target_version: int
    new_version: bool
    rewrapped: int = 0
    failed: list[uuid.UUID] = field(default_factory=list)


@dataclass(frozen=True)
class KeyStatus:
    active_version: int
    configured_versions: list[int]
    checked_versions: list[int]
    keys_per_version: dict[int, int]
    shredded: int
    index_key_version: int | None

    @property
    def pending(self) -> int:
        """Live data keys not yet on the active version."""
        return sum(n for v, n in self.keys_per_version.items() if v != self.active_version)


def key_status() -> KeyStatus:
    keyring = crypto_state().keyring
    keyring.refresh()
    keys = DataKey.__table__
    with keystore_engine().connect() as connection:
        per_version: dict[int, int] = {
            version: count
            for version, count in connection.execute(
                select(keys.c.kek_version, func.count())
                .where(keys.c.wrapped_key.is_not(None))
                .group_by(keys.c.kek_version)
            )
        }
        shredded = connection.execute(
            select(func.count()).where(keys.c.wrapped_key.is_(None))
        ).scalar_one()
        checked = connection.execute(select(MasterKeyCheck.__table__.c.version)).scalars().all()
        index_version = connection.execute(
            select(BlindIndexKey.__table__.c.kek_version).where(
                BlindIndexKey.__table__.c.name == INDEX_ROOT_NAME
            )
        ).scalar_one_or_none()
    return KeyStatus(
        active_version=keyring.active,
        configured_versions=sorted(keyring.keys),
        checked_versions=sorted(checked),
        keys_per_version={int(v): int(n) for v, n in sorted(per_version.items())},
        shredded=int(shredded),
        index_key_version=index_version,
    )


def start_rotation() -> RotationResult:
    """Choose the target: finish an unfinished rotation, or add a new KEK version.

    A new version needs a key file; with ``PASSERELLE_MASTER_KEY`` the operator supplies
    it (as a JSON keyring) and this only re-wraps to the newest version configured.
    """
    keyring = crypto_state().keyring
    status = key_status()
    unfinished = status.pending > 0 or (
        status.index_key_version not in (None, status.active_version)
    )
    if unfinished or keyring.path is None:
        return RotationResult(target_version=keyring.active, new_version=False)
    version = keyring.add_version()
    check_master_keys()  # records the new version's check value
    return RotationResult(target_version=version, new_version=True)


def rewrap_keys(
    result: RotationResult, *, batch_size: int = 500, on_batch: BatchCallback | None = None
) -> RotationResult:
    """Re-wrap every live data key (and the blind-index root) under the target version.

    Each batch is one transaction; ``on_batch`` runs after each commit with the running
    total. Keys that fail to unwrap are listed in ``result.failed`` and left as they are.
    """
    _rewrap_index_root(result.target_version)
    keys = DataKey.__table__
    engine = keystore_engine()
    keyring = crypto_state().keyring
    target = result.target_version
    kek = keyring.cipher(target)
    last_id: uuid.UUID | None = None
    while True:
        query = (
            select(keys.c.id, keys.c.kek_version, keys.c.wrapped_key)
            .where(keys.c.kek_version != target, keys.c.wrapped_key.is_not(None))
            .order_by(keys.c.id)
            .limit(batch_size)
        )
        if last_id is not None:
            query = query.where(keys.c.id > last_id)
        with engine.begin() as connection:
            rows = connection.execute(query).all()
            if not rows:
                break
            for row in rows:
                try:
                    key = unwrap_key(
                        keyring.cipher(row.kek_version), row.kek_version, row.id, row.wrapped_key
                    )
                except (InvalidCiphertext, MasterKeyError):
                    result.failed.append(row.id)
                    continue
                # Guarded, so a key shredded meanwhile is not brought back.
                changed = connection.execute(
                    update(keys)
                    .where(
                        keys.c.id == row.id,
                        keys.c.kek_version == row.kek_version,
                        keys.c.wrapped_key.is_not(None),
                    )
                    .values(
                        kek_version=target,
                        wrapped_key=wrap_key(kek, target, row.id, key),
                        rewrapped_at=utcnow(),
                    )
                )
                result.rewrapped += changed.rowcount
            last_id = rows[-1].id
        if on_batch is not None:
            on_batch(result.rewrapped)
    return result


def _rewrap_index_root(target: int) -> None:
    table = BlindIndexKey.__table__
    keyring = crypto_state().keyring
    with keystore_engine().begin() as connection:
        row = connection.execute(
            select(table).where(table.c.name == INDEX_ROOT_NAME).with_for_update()
        ).first()
        if row is None or row.kek_version == target:
            return
        root = unwrap_key(
            keyring.cipher(row.kek_version), row.kek_version, INDEX_ROOT_NAME, row.wrapped_key
        )
        connection.execute(
            update(table)
            .where(table.c.name == INDEX_ROOT_NAME)
            .values(
                kek_version=target,
                wrapped_key=wrap_key(keyring.cipher(target), target, INDEX_ROOT_NAME, root),
                rewrapped_at=utcnow(),
            )
        )


def rotate_master_key(
    *, batch_size: int = 500, on_batch: BatchCallback | None = None
) -> RotationResult:
    """``flask keys rotate``: start (or resume) a rotation and re-wrap every key."""
    return rewrap_keys(start_rotation(), batch_size=batch_size, on_batch=on_batch)


def retire_master_key(version: int) -> None:
    """Remove a KEK version no key depends on any more, and its check value.

    Retiring is what ends the erasure horizon: once no copy of the old KEK remains, old
    key-store backups can no longer open the keys of shredded subjects.
    """
    keyring = crypto_state().keyring
    keyring.refresh()
    if version == keyring.active:
        raise MasterKeyInUseError(f"Master key version {version} is the active version.")
    status = key_status()
    in_use = status.keys_per_version.get(version, 0)
    if in_use or status.index_key_version == version:
        raise MasterKeyInUseError(
            f"Master key version {version} still wraps {in_use} data key(s): "
            "run `flask keys rotate` first."
        )
    if keyring.path is not None and version in keyring.keys:
        keyring.remove_version(version)
    checks = MasterKeyCheck.__table__
    with keystore_engine().begin() as connection:
        connection.execute(checks.delete().where(checks.c.version == version))


def master_key_check_matches(version: int) -> bool | None:
    """Whether a configured KEK version matches its stored check value (None: none stored)."""
    keyring = crypto_state().keyring
    checks = MasterKeyCheck.__table__
    with keystore_engine().connect() as connection:
        stored = connection.execute(
            select(checks.c.check_value).where(checks.c.version == version)
        ).scalar_one_or_none()
    if stored is None:
        return None
    return hmac.compare_digest(bytes(stored), check_value(keyring.keys[version], version))
