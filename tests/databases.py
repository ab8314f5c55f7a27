"""Fresh, empty databases for tests that build a schema from nothing."""

from __future__ import annotations

import os
import secrets
from collections.abc import Iterator
from pathlib import Path

import psycopg
from sqlalchemy.engine import make_url

KINDS = ["sqlite"] + (
    ["postgresql"] if os.environ.get("DATABASE_URL", "").startswith("postgres") else []
)


def libpq_url(url: str) -> str:
    """A SQLAlchemy URL as psycopg and pg_dump take it."""
    return make_url(url).set(drivername="postgresql").render_as_string(hide_password=False)


def fresh_databases(kind: str, tmp_path: Path) -> Iterator[tuple[str, str]]:
    """Yield (case-data URL, key-store URL) of two new, empty databases; drop them after."""
    if kind == "sqlite":
        yield (f"sqlite:///{tmp_path / 'main.sqlite3'}", f"sqlite:///{tmp_path / 'keys.sqlite3'}")
        return
    server = make_url(os.environ["DATABASE_URL"])
    names = [f"passerelle_scratch_{secrets.token_hex(4)}" for _ in range(2)]
    admin_url = libpq_url(server.set(database="postgres").render_as_string(hide_password=False))
    with psycopg.connect(admin_url, autocommit=True) as connection:
        for name in names:
            connection.execute(f'CREATE DATABASE "{name}"')
    try:
        main, keys = (
            server.set(database=name).render_as_string(hide_password=False) for name in names
        )
        yield main, keys
    finally:
        with psycopg.connect(admin_url, autocommit=True) as connection:
            for name in names:
                connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
