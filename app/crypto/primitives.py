"""Byte formats and the few cipher operations the layer is built from.

Encrypted value, format version 1 (45 bytes of overhead)::

    0x01 | data key id (16) | nonce (12) | AES-256-GCM ciphertext + tag (16)

The associated data binds a value to where it lives: a fixed label, the table, the
owning record's id (16 bytes), the column, then the first 17 bytes above (format and key
id). A ciphertext copied to another row or column therefore fails authentication.

Wrapped data key::

    nonce (12) | AES-256-GCM(KEK, DEK) + tag (16)   with AD = label | key id | KEK version

so a wrapped key moved to another row, or relabelled with another KEK version, fails too.
"""

from __future__ import annotations

import uuid
from os import urandom

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.hkdf import HKDF

FORMAT_V1 = 1
KEY_ID_BYTES = 16
NONCE_BYTES = 12
TAG_BYTES = 16
HEADER_BYTES = 1 + KEY_ID_BYTES
BODY_START = HEADER_BYTES + NONCE_BYTES
MIN_VALUE_BYTES = BODY_START + TAG_BYTES
# The parts of a stored value, as ready slice objects (read once per field shown).
HEADER_PART = slice(0, HEADER_BYTES)
NONCE_PART = slice(HEADER_BYTES, BODY_START)
BODY_PART = slice(BODY_START, None)
DATA_KEY_BYTES = 32

_FIELD_LABEL = b"passerelle:field:v1\x00"
_WRAP_LABEL = b"passerelle:data-key:v1\x00"
_CHECK_LABEL = b"passerelle:master-key-check:v1"


class InvalidCiphertext(ValueError):  # noqa: N818 - internal signal, mapped to DecryptionError
    """Raised by the primitives; the layer turns it into a located ``DecryptionError``."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


def record_context(table: str, record_id: bytes) -> bytes:
    """The part of a value's associated data shared by all columns of one record."""
    return _FIELD_LABEL + table.encode() + b"\x00" + record_id


def column_context(column: str) -> bytes:
    return column.encode() + b"\x00"


def value_header(key_id: bytes) -> bytes:
    """The first bytes of every value written with this data key (16-byte id)."""
    return b"\x01" + key_id


def encrypt_value(
    cipher: AESGCM, header: bytes, record: bytes, column: bytes, plaintext: bytes
) -> bytes:
    """A stored value: ``header`` (from ``value_header``), a fresh nonce, the ciphertext."""
    nonce = urandom(NONCE_BYTES)
    return header + nonce + cipher.encrypt(nonce, plaintext, record + column + header)


def value_key_id(value: bytes) -> bytes:
    """The data key id a stored value was written with; checks the format first."""
    if len(value) < MIN_VALUE_BYTES or value[0] != FORMAT_V1:
        raise InvalidCiphertext("format")
    return value[1:HEADER_BYTES]


def decrypt_value(cipher: AESGCM, record: bytes, column: bytes, value: bytes) -> bytes:
    try:
        return cipher.decrypt(
            value[HEADER_BYTES:BODY_START],
            value[BODY_START:],
            record + column + value[:HEADER_BYTES],
        )
    except InvalidTag:
        raise InvalidCiphertext("authentication") from None


def is_well_formed(value: bytes) -> bool:
    return len(value) >= MIN_VALUE_BYTES and value[0] == FORMAT_V1


def _wrap_context(key_id: uuid.UUID | bytes | str, kek_version: int) -> bytes:
    # A key's UUID, or its 16 bytes (the same label); a str names a non-UUID key.
    if isinstance(key_id, bytes):
        label = key_id
    else:
        label = key_id.bytes if isinstance(key_id, uuid.UUID) else key_id.encode()
    return _WRAP_LABEL + label + b"\x00" + kek_version.to_bytes(4, "big")


def wrap_key(kek: AESGCM, kek_version: int, key_id: uuid.UUID | str, key: bytes) -> bytes:
    nonce = urandom(NONCE_BYTES)
    return nonce + kek.encrypt(nonce, key, _wrap_context(key_id, kek_version))


def unwrap_key(
    kek: AESGCM, kek_version: int, key_id: uuid.UUID | bytes | str, wrapped: bytes
) -> bytes:
    try:
        key = kek.decrypt(
            wrapped[:NONCE_BYTES], wrapped[NONCE_BYTES:], _wrap_context(key_id, kek_version)
        )
    except InvalidTag:
        raise InvalidCiphertext("authentication") from None
    if len(key) != DATA_KEY_BYTES:
        raise InvalidCiphertext("format")
    return key


def derive_key(secret: bytes, label: bytes) -> bytes:
    """HKDF-SHA256: one independent 256-bit key per purpose label."""
    return HKDF(algorithm=hashes.SHA256(), length=32, salt=None, info=label).derive(secret)


def check_value(kek: bytes, version: int) -> bytes:
    """A one-way fingerprint of a KEK version, stored to detect a wrong key at start-up."""
    return derive_key(kek, _CHECK_LABEL + version.to_bytes(4, "big"))
