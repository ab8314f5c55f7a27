"""Password hashing with Argon2id; parameters come from the settings."""

from __future__ import annotations

from argon2 import PasswordHasher, Type
from argon2.exceptions import InvalidHashError, VerificationError
from flask import current_app

MIN_PASSWORD_LENGTH = 12
MAX_PASSWORD_LENGTH = 256
_EXTENSION_KEY = "passerelle.password_hasher"


def _hasher() -> PasswordHasher:
    hasher = current_app.extensions.get(_EXTENSION_KEY)
    if hasher is None:
        params = current_app.config["PASSERELLE_SETTINGS"].password_hashing
        hasher = PasswordHasher(
            time_cost=params.time_cost,
            memory_cost=params.memory_cost_kib,
            parallelism=params.parallelism,
            type=Type.ID,
        )
        current_app.extensions[_EXTENSION_KEY] = hasher
    return hasher


def hash_password(password: str) -> str:
    return _hasher().hash(password)


def verify_password(password_hash: str | None, password: str) -> bool:
    """Check a password; with no stored hash, still spend the hashing time."""
    hasher = _hasher()
    if password_hash is None:
        # Same cost whether or not the account exists, so timing reveals nothing.
        hasher.hash(password)
        return False
    try:
        return hasher.verify(password_hash, password)
    except (VerificationError, InvalidHashError):
        return False


def needs_rehash(password_hash: str) -> bool:
    return _hasher().check_needs_rehash(password_hash)
