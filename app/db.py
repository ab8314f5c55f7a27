"""Declarative base, constraint naming convention and common column mixins."""

from __future__ import annotations

import enum
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from typing import ClassVar

from flask import g
from sqlalchemy import DateTime, Dialect, Enum, MetaData, Table, TypeDecorator, Uuid
from sqlalchemy.orm import DeclarativeBase, Mapped, Session, mapped_column, registry
from sqlalchemy.orm.exc import StaleDataError

NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


def utcnow() -> datetime:
    return datetime.now(UTC)


def keep_changes_on_error() -> None:
    """Commit this request's changes even though it answers with an error.

    For security counters (failed log-ins) that must survive a refused attempt.
    """
    g.keep_changes_on_error = True


@contextmanager
def versioned_save(session: Session, stale: type[Exception]) -> Iterator[None]:
    """Changes to versioned records, flushed at the end; ``stale`` is raised instead when
    another request saved one of them first.

    Two saves at the same moment both pass the version check against the form; only the
    version in the UPDATE's WHERE clause tells them apart. The loser's transaction is
    rolled back, so nothing of its request is kept, and it is answered as any outdated form.
    """
    try:
        yield
        session.flush()
    except StaleDataError:
        session.rollback()
        raise stale() from None


class UTCDateTime(TypeDecorator[datetime]):
    """Timezone-aware UTC datetimes on every backend (SQLite keeps no offset of its own)."""

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetime given to a UTC column")
        return value.astimezone(UTC)

    def process_result_value(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            return value.replace(tzinfo=UTC)
        return value.astimezone(UTC)


def code_type(codes: type[enum.Enum], length: int = 32) -> Enum:
    """A column type storing an enum's stable lowercase codes as plain strings."""
    return Enum(
        codes,
        native_enum=False,
        length=length,
        values_callable=lambda members: [member.value for member in members],
        validate_strings=True,
    )


class Base(DeclarativeBase):
    # Every model is mapped to a Table of its own (no joins, no subqueries), which is what
    # the bulk statements written against `Model.__table__` rely on.
    __table__: ClassVar[Table]

    registry = registry(
        metadata=MetaData(naming_convention=NAMING_CONVENTION),
        type_annotation_map={datetime: UTCDateTime},
    )


class UUIDPrimaryKey:
    """Ids are random UUIDs made in Python before the insert, so they do not leak counts."""

    id: Mapped[uuid.UUID] = mapped_column(Uuid, primary_key=True, default=uuid.uuid4)


class Timestamps:
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)


def render_migration_item(type_: str, obj: object, autogen_context: object) -> str | bool:
    """Write our column types into migrations as the plain type they store.

    A migration then never imports application code that may change later.
    """
    if type_ == "type" and isinstance(obj, TypeDecorator):
        return f"sa.{obj.impl!r}"
    return False
