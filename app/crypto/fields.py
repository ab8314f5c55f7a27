"""Encrypted model attributes: declare them with ``encrypted_column``.

::

    class User(EncryptedRecord, UUIDPrimaryKey, db.Model):
        __tablename__ = "users"
        email = encrypted_column("text", index=EMAIL, unique=True)  # + column email_index
        display_name = encrypted_column("text")
        birth_date = encrypted_column("date", nullable=True)

The attribute reads and writes plaintext; the database column of the same name holds the
ciphertext (``EncryptedBlob``, which only checks the format). Binding a value to its table,
column and record id happens here, in the model layer, where the record is known.
Reading decrypts on first access and caches the result on the instance, so a list page
pays only for the fields it shows. A value that cannot be decrypted reads as an
``Unreadable`` placeholder that renders as a translated sentence; ``decrypt_field`` is
the strict form that raises.

``EncryptedRecord`` gives a ``data_key_id`` column: the record is its own data subject
and gets a key on its first encrypted write. A record that belongs to another subject
replaces it with a property::

    class CaseNote(EncryptedRecord, UUIDPrimaryKey, db.Model):
        beneficiary: Mapped[Beneficiary] = relationship()
        text = encrypted_column("text")

        @property
        def data_key_id(self) -> uuid.UUID:
            return self.beneficiary.data_key_id
"""

from __future__ import annotations

import json
import logging
import uuid
from collections.abc import Callable, Iterator
from datetime import date, datetime
from typing import Any, ClassVar, Generic, Literal, TypeVar, overload

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from flask_babel import lazy_gettext as _l
from markupsafe import Markup, escape
from sqlalchemy import Dialect, LargeBinary, TypeDecorator, Uuid, inspect
from sqlalchemy.orm import Mapped, declared_attr, mapped_column, object_session

from app.crypto.blind_index import INDEX_FUNCTIONS, BlindIndexKind, blind_index_column
from app.crypto.errors import (
    DataKeyError,
    DataKeyShreddedError,
    DecryptionError,
    ErasedValueError,
    MissingDataKeyError,
)
from app.crypto.keystore import (
    data_key_cipher,
    key_cache,
    load_data_keys,
    new_data_key,
    preload_data_keys,
)
from app.crypto.primitives import (
    BODY_PART,
    HEADER_BYTES,
    HEADER_PART,
    NONCE_PART,
    InvalidCiphertext,
    column_context,
    decrypt_value,
    encrypt_value,
    is_well_formed,
    record_context,
    value_header,
    value_key_id,
)

logger = logging.getLogger("passerelle.crypto")

T = TypeVar("T")
Kind = Literal["text", "date", "json"]

DECRYPTION_FAILED_MESSAGE = _l("This record could not be decrypted.")
ERASED_MESSAGE = _l("This information has been erased.")


class Unreadable:
    """Stands in for a value that cannot be read; renders as a translated sentence."""

    __slots__ = ("erased",)

    def __init__(self, *, erased: bool) -> None:
        self.erased = erased

    def __str__(self) -> str:
        return str(ERASED_MESSAGE if self.erased else DECRYPTION_FAILED_MESSAGE)

    def __html__(self) -> Markup:
        css = "erased" if self.erased else "undecryptable"
        return Markup('<span class="{}">{}</span>').format(css, escape(str(self)))

    def __repr__(self) -> str:
        return f"<Unreadable {'erased' if self.erased else 'decryption failed'}>"


DECRYPTION_FAILED = Unreadable(erased=False)
ERASED = Unreadable(erased=True)


def is_unreadable(value: object) -> bool:
    return isinstance(value, Unreadable)


class EncryptedBlob(TypeDecorator[bytes]):
    """Ciphertext in a binary column; refuses anything not in the versioned format."""

    impl = LargeBinary
    cache_ok = True

    def process_bind_param(self, value: bytes | None, dialect: Dialect) -> bytes | None:
        if value is None:
            return None
        if not isinstance(value, bytes) or not is_well_formed(value):
            raise TypeError("an encrypted column only stores values encrypted by app.crypto")
        return value

    def process_result_value(self, value: bytes | None, dialect: Dialect) -> bytes | None:
        return None if value is None else bytes(value)


def _encode_date(value: object) -> bytes:
    if not isinstance(value, date) or isinstance(value, datetime):
        raise TypeError(f"expected a date, not {type(value).__name__}")
    return value.isoformat().encode("ascii")


def _encode_json(value: object) -> bytes:
    return json.dumps(value, ensure_ascii=False, separators=(",", ":")).encode("utf-8")


def _decode_date(plaintext: bytes) -> date:
    return date.fromisoformat(plaintext.decode("ascii"))


# (encode, decode, form kept in the per-instance cache). Text and dates are cached
# decoded (immutable); JSON is cached as bytes and parsed on each read, so a caller
# mutating the result cannot desynchronise it from the database.
_CODECS: dict[
    str, tuple[Callable[[Any], bytes], Callable[[bytes], Any], Callable[[bytes], Any]]
] = {
    # UTF-8; str.encode itself refuses anything that is not a str, with a TypeError.
    "text": (str.encode, bytes.decode, bytes.decode),
    "date": (_encode_date, _decode_date, _decode_date),
    "json": (_encode_json, json.loads, bytes),
}

# Per instance, the record's key memo, so further fields of the same record skip the key
# cache: (the ``data_key_id`` object it was checked against, or _UNCHECKED; AES-GCM
# object; record part of the associated data; value header; 16-byte key id).
_MEMO = "_passerelle_crypto_memo"
_Memo = tuple[object, AESGCM, bytes, bytes, bytes]
_UNCHECKED = object()


class EncryptedField(Generic[T]):
    """The plaintext side of an encrypted column (a descriptor; see the module doc)."""

    def __init__(
        self, kind: Kind, *, nullable: bool, index: BlindIndexKind | None, unique: bool
    ) -> None:
        if kind not in _CODECS:
            raise ValueError(f"unknown encrypted kind {kind!r}")
        if index is not None and (kind != "text" or index not in INDEX_FUNCTIONS):
            raise ValueError("only e-mail and family-name indexes follow a single text field")
        self.kind = kind
        self.nullable = nullable
        self.index = index
        self.unique = unique
        self._encode, self._decode, self._cached_form = _CODECS[kind]
        self._cache_decoded = kind != "json"

    def __set_name__(self, owner: type, name: str) -> None:
        self.name = name
        self.ciphertext_attribute = f"_{name}_ciphertext"
        self.index_attribute = f"{name}_index"
        self._cache_key = f"_{name}_plaintext"
        self._column = column_context(name)
        self._owner = owner
        setattr(
            owner,
            self.ciphertext_attribute,
            mapped_column(name, EncryptedBlob(), nullable=self.nullable),
        )
        if self.index is not None:
            setattr(
                owner,
                self.index_attribute,
                blind_index_column(self.index, nullable=self.nullable, unique=self.unique),
            )
        fields = dict(owner.__dict__.get("__encrypted_fields__", {}))
        fields[name] = self
        owner.__encrypted_fields__ = fields  # type: ignore[attr-defined]

    @overload
    def __get__(self, instance: None, owner: type) -> EncryptedField[T]: ...

    @overload
    def __get__(self, instance: object, owner: type) -> T | Unreadable: ...

    def __get__(self, instance: object | None, owner: type) -> EncryptedField[T] | T | Unreadable:
        if instance is None:
            return self
        state = instance.__dict__
        # Read the loaded column straight from the instance state; only an expired or
        # not-yet-loaded attribute goes through the ORM.
        try:
            ciphertext = state[self.ciphertext_attribute]
        except KeyError:
            ciphertext = getattr(instance, self.ciphertext_attribute)
        if ciphertext is None:
            return None  # type: ignore[return-value]
        cache_key = self._cache_key
        if cache_key in state:
            cached = state[cache_key]
            if cached[0] is ciphertext:
                return cached[1]
        if _MEMO not in state:
            value = self._read(instance, ciphertext)
        else:
            memo = state[_MEMO]
            # The hot path of a list page: the record's key is memoised. No format or
            # key-id check here, as the header is authenticated; any failure (another
            # key, tampering, truncation) takes the slow path, which raises and logs.
            try:
                value = self._cached_form(
                    memo[1].decrypt(
                        ciphertext[NONCE_PART],
                        ciphertext[BODY_PART],
                        memo[2] + self._column + ciphertext[HEADER_PART],
                    )
                )
            except (InvalidTag, ValueError):
                value = self._read(instance, ciphertext)
        state[cache_key] = (ciphertext, value)
        return value

    def _read(self, instance: Any, ciphertext: bytes) -> Any:
        """Decrypt for display: the value in its cached form, or a logged placeholder."""
        try:
            plaintext = self._decrypt(instance, ciphertext)
        except ErasedValueError:
            return ERASED
        except DecryptionError as error:
            logger.warning(
                "Could not decrypt %s.%s of record %s (%s)",
                error.table,
                error.column,
                error.record_id,
                error.reason,
            )
            return DECRYPTION_FAILED
        return self._cached_form(plaintext)

    def __set__(self, instance: EncryptedRecord, value: T | None) -> None:
        if value is None:
            if not self.nullable:
                raise TypeError(f"{self.name} cannot be None")
            setattr(instance, self.ciphertext_attribute, None)
            if self.index is not None:
                setattr(instance, self.index_attribute, None)
            instance.__dict__.pop(self._cache_key, None)
            return
        plaintext = self._encode(value)
        state = instance.__dict__
        memo = state.get(_MEMO)
        # The memo holds for writing while the record's own key column is the very object
        # it was checked against; anything else (a reload, a key from a relationship, no
        # key yet) asks the record.
        if memo is None or memo[0] is not state.get("data_key_id"):
            memo = _memo_for_writing(instance)
        ciphertext = encrypt_value(memo[1], memo[3], memo[2], self._column, plaintext)
        setattr(instance, self.ciphertext_attribute, ciphertext)
        state[self._cache_key] = (ciphertext, value if self._cache_decoded else plaintext)
        # Only text fields have an index (checked in __init__), and a text value that got
        # this far is a str: str.encode refused anything else.
        if self.index is not None and isinstance(value, str):
            setattr(instance, self.index_attribute, INDEX_FUNCTIONS[self.index](value))

    def matches(self, value: str) -> Any:
        """A SQL condition finding rows whose indexed value equals ``value``.

        Name indexes are truncated, so also compare the decrypted values of the rows found.
        """
        if self.index is None:
            raise TypeError(f"{self.name} has no blind index")
        column = getattr(self._owner, self.index_attribute)
        return column == INDEX_FUNCTIONS[self.index](value)

    def _decrypt(self, instance: Any, ciphertext: bytes) -> bytes:
        """Decrypt one stored value; raises ``DecryptionError`` located by table/column/id.

        The record's key and the record part of the associated data are memoised on the
        instance, so further fields of the same record skip the key cache.
        """
        memo = instance.__dict__.get(_MEMO)
        if memo is None or not is_well_formed(ciphertext) or ciphertext[1:HEADER_BYTES] != memo[4]:
            memo = self._memo_for_value(instance, ciphertext)
        try:
            return decrypt_value(memo[1], memo[2], self._column, ciphertext)
        except InvalidCiphertext as error:
            raise self._error(instance, error.reason) from None

    def _memo_for_value(self, instance: Any, ciphertext: bytes) -> _Memo:
        try:
            return _memo(instance, value_key_id(ciphertext))
        except InvalidCiphertext as error:
            raise self._error(instance, error.reason) from None
        except DataKeyShreddedError:
            raise self._error(instance, "shredded", erased=True) from None
        except DataKeyError:
            raise self._error(instance, "key") from None

    def _error(self, instance: Any, reason: str, *, erased: bool = False) -> DecryptionError:
        error_class = ErasedValueError if erased else DecryptionError
        return error_class(
            reason, table=instance.__table__.name, column=self.name, record_id=instance.id
        )


class _JSONField(EncryptedField[T]):
    """A JSON field: cached as bytes, parsed on every read into a fresh object."""

    def __get__(self, instance: object | None, owner: type) -> Any:
        value = super().__get__(instance, owner)
        return json.loads(value) if type(value) is bytes else value


_RECORD_LABELS: dict[type, bytes] = {}


def _memo(instance: Any, key_id: bytes, checked: object = _UNCHECKED) -> _Memo:
    """The key and record context of ``instance`` for values under ``key_id``."""
    state = instance.__dict__
    memo: _Memo | None = state.get(_MEMO)
    if memo is not None and memo[4] == key_id:
        if checked is not _UNCHECKED and memo[0] is not checked:
            memo = state[_MEMO] = (checked, *memo[1:])
        return memo
    cipher = key_cache().get(key_id)
    if not isinstance(cipher, AESGCM):
        if cipher is None:
            _prefetch_keys_near(instance)
        cipher = data_key_cipher(key_id)  # raises for a shredded, missing or unusable key
    label = _RECORD_LABELS.get(type(instance))
    if label is None:
        label = _RECORD_LABELS[type(instance)] = record_context(instance.__table__.name, b"")
    record_id = state.get("id")
    if record_id is None:
        record_id = instance.record_id()
    memo = (checked, cipher, label + record_id.bytes, value_header(key_id), key_id)
    state[_MEMO] = memo
    return memo


def _memo_for_writing(instance: EncryptedRecord) -> _Memo:
    """The memo for the key new values of ``instance`` are encrypted with."""
    key = instance.encryption_key_id()
    own = instance.__dict__.get("data_key_id")
    return _memo(instance, key.bytes, key if own is key else _UNCHECKED)


_PREFETCH_LIMIT = 500


def _prefetch_keys_near(instance: Any) -> None:
    """Unwrap, in one query, the keys of every encrypted record loaded in the session.

    A list page of 50 records then costs one key-store query rather than 50. Only
    ciphertext already loaded is looked at; nothing is loaded for this.
    """
    session = object_session(instance)
    if session is None:
        return
    cache = key_cache()
    wanted: set[bytes] = set()
    for record in session.identity_map.values():
        if not isinstance(record, EncryptedRecord):
            continue
        state = record.__dict__
        # A record's values are all encrypted under its one key: the first names it.
        for field in type(record).encrypted_fields().values():
            value = state.get(field.ciphertext_attribute)
            if value is not None and is_well_formed(value):
                key_id = value[1:HEADER_BYTES]
                if key_id not in cache:
                    wanted.add(key_id)
                break
        if len(wanted) >= _PREFETCH_LIMIT:
            break
    load_data_keys(wanted)


class EncryptedRecord:
    """Mixin for models with encrypted fields: record id and data key before first write."""

    __encrypted_fields__: ClassVar[dict[str, EncryptedField[Any]]] = {}
    id: Any

    @declared_attr
    def data_key_id(cls) -> Mapped[uuid.UUID]:  # noqa: N805 - declared_attr takes the class
        return mapped_column(Uuid, index=True)

    def __init__(self, **kwargs: Any) -> None:
        # Plain attributes first: encrypting needs the id and, for a record owned by
        # another subject, the relationship that leads to its key.
        if kwargs.get("id") is None:
            kwargs["id"] = uuid.uuid4()
        fields = type(self).encrypted_fields()
        encrypted = {name: kwargs.pop(name) for name in list(kwargs) if name in fields}
        super().__init__(**kwargs)
        for name, value in encrypted.items():
            setattr(self, name, value)

    @classmethod
    def encrypted_fields(cls) -> dict[str, EncryptedField[Any]]:
        """The encrypted fields of this model, its mixins and parents included."""
        fields: dict[str, EncryptedField[Any]] | None = cls.__dict__.get("_all_encrypted_fields")
        if fields is None:
            fields = {}
            for klass in reversed(cls.__mro__):
                fields.update(klass.__dict__.get("__encrypted_fields__", {}))
            cls._all_encrypted_fields = fields  # type: ignore[attr-defined]
        return fields

    def record_id(self) -> uuid.UUID:
        """The id bound into every ciphertext; made now if the insert has not run yet."""
        if self.id is None:
            self.id = uuid.uuid4()
        return self.id

    def encryption_key_id(self) -> uuid.UUID:
        """The data key new values are encrypted with; creates one for a new subject."""
        key_id: uuid.UUID | None = self.data_key_id
        if key_id is not None:
            return key_id
        if "data_key_id" not in inspect(type(self)).columns:
            raise MissingDataKeyError(
                f"{type(self).__name__} has no data key yet: link it to its data subject "
                "before setting encrypted fields"
            )
        key_id = self.data_key_id = new_data_key()
        return key_id


def decrypt_field(record: EncryptedRecord, name: str) -> Any:
    """Strict read: the plaintext, or ``DecryptionError`` (``ErasedValueError`` if shredded)."""
    field = type(record).encrypted_fields()[name]
    ciphertext = getattr(record, field.ciphertext_attribute)
    if ciphertext is None:
        return None
    return field._decode(field._decrypt(record, ciphertext))


def ciphertext_of(record: EncryptedRecord, name: str) -> bytes | None:
    """The stored bytes of an encrypted field (for tests and diagnostics)."""
    return getattr(record, type(record).encrypted_fields()[name].ciphertext_attribute)


def remembered_key_id(record: EncryptedRecord) -> bytes | None:
    """The 16-byte id of the data key ``record`` last read or wrote values with, if any."""
    memo: _Memo | None = record.__dict__.get(_MEMO)
    return None if memo is None else memo[4]


def forget_decrypted_values(record: EncryptedRecord) -> None:
    """Drop the values decrypted on ``record`` and the key it remembers: read them anew."""
    state = record.__dict__
    for field in type(record).encrypted_fields().values():
        state.pop(field._cache_key, None)
    state.pop(_MEMO, None)


def preload_keys_for(records: Iterator[EncryptedRecord] | list[EncryptedRecord]) -> None:
    """Unwrap the data keys of many records with one query, before showing a list."""
    preload_data_keys(record.data_key_id for record in records)


@overload
def encrypted_column(
    kind: Literal["text"],
    *,
    nullable: Literal[False] = ...,
    index: BlindIndexKind | None = ...,
    unique: bool = ...,
) -> EncryptedField[str]: ...
@overload
def encrypted_column(
    kind: Literal["text"],
    *,
    nullable: Literal[True],
    index: BlindIndexKind | None = ...,
    unique: bool = ...,
) -> EncryptedField[str | None]: ...
@overload
def encrypted_column(
    kind: Literal["date"], *, nullable: Literal[False] = ...
) -> EncryptedField[date]: ...
@overload
def encrypted_column(
    kind: Literal["date"], *, nullable: Literal[True]
) -> EncryptedField[date | None]: ...
@overload
def encrypted_column(kind: Literal["json"], *, nullable: bool = ...) -> EncryptedField[Any]: ...
def encrypted_column(
    kind: Kind,
    *,
    nullable: bool = False,
    index: BlindIndexKind | None = None,
    unique: bool = False,
) -> EncryptedField[Any]:
    """Declare an encrypted attribute of kind text, date or JSON.

    ``index`` (text only: ``EMAIL`` or ``FAMILY_NAME``) adds a blind-index column named
    ``<name>_index``, kept up to date on every assignment; ``unique`` makes it unique.
    """
    field_class = _JSONField if kind == "json" else EncryptedField
    return field_class(kind, nullable=nullable, index=index, unique=unique)
