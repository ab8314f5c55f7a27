"""Fixtures of the crypto tests: one application per test, with its own key file.

Each test gets a fresh instance directory (hence a fresh master key file) and, by
default, fresh SQLite files. With DATABASE_URL / KEYSTORE_DATABASE_URL set, the tests run
on those databases and empty the key-store tables and their own tables around each test.
"""

from __future__ import annotations

import os
import secrets
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from flask import Flask
from sqlalchemy import create_engine, delete, inspect

from app import create_app
from app.crypto import BlindIndexKey, DataKey, MasterKeyCheck
from app.extensions import db
from config.settings import Settings, load_settings
from tests.crypto.models import CryptoNote, CryptoPerson

KEYSTORE_TABLES = (DataKey.__table__, MasterKeyCheck.__table__, BlindIndexKey.__table__)
OWN_TABLES = (CryptoNote.__table__, CryptoPerson.__table__)

SettingsFactory = Callable[..., Settings]


@pytest.fixture
def crypto_settings_for(tmp_path: Path) -> SettingsFactory:
    """Settings on this test's databases; keyword arguments become environment variables."""
    database_url = os.environ.get("DATABASE_URL") or f"sqlite:///{tmp_path / 'data.sqlite3'}"
    keystore_url = (
        os.environ.get("KEYSTORE_DATABASE_URL") or f"sqlite:///{tmp_path / 'keys.sqlite3'}"
    )

    def make(**environ: str) -> Settings:
        return load_settings(
            {
                "PASSERELLE_ENV": "testing",
                "PASSERELLE_INSTANCE_PATH": str(tmp_path / "instance"),
                "SECRET_KEY": secrets.token_urlsafe(48),
                "DATABASE_URL": database_url,
                "KEYSTORE_DATABASE_URL": keystore_url,
                **environ,
            }
        )

    return make


def _empty_shared_tables(settings: Settings) -> None:
    """On shared databases, leave no key store from another run behind."""
    if settings.database_url.startswith("sqlite") and settings.keystore_database_url.startswith(
        "sqlite"
    ):
        return
    for url, tables in (
        (settings.keystore_database_url, KEYSTORE_TABLES),
        (settings.database_url, OWN_TABLES),
    ):
        engine = create_engine(url)
        try:
            with engine.begin() as connection:
                for table in tables:
                    if inspect(connection).has_table(table.name):
                        connection.execute(delete(table))
        finally:
            engine.dispose()


@pytest.fixture
def crypto_apps(crypto_settings_for: SettingsFactory) -> Iterator[Callable[..., Flask]]:
    """Build applications on this test's databases (to restart with other keys)."""
    made: list[Flask] = []

    def build(settings: Settings | None = None) -> Flask:
        app = create_app(settings or crypto_settings_for())
        made.append(app)
        return app

    _empty_shared_tables(crypto_settings_for())
    yield build
    for app in made:
        with app.app_context():
            db.session.remove()
            for engine in db.engines.values():
                engine.dispose()
    _empty_shared_tables(crypto_settings_for())


@pytest.fixture
def crypto_app(crypto_apps: Callable[..., Flask]) -> Flask:
    app = crypto_apps()
    with app.app_context():
        db.create_all()
    return app


@pytest.fixture
def crypto_ctx(crypto_app: Flask) -> Iterator[Flask]:
    """An application context, as a request would have (one key cache)."""
    with crypto_app.app_context():
        yield crypto_app
