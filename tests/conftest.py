"""Fixtures: one application per test session, a clean database per test, clients per role.

Set DATABASE_URL (and KEYSTORE_DATABASE_URL) to run the suite on PostgreSQL.
"""

from __future__ import annotations

import base64
import os
import secrets
from collections.abc import Callable, Iterator
from datetime import date
from pathlib import Path

import pytest
from flask import Flask
from sqlalchemy import create_engine, delete, text

from app import create_app
from app.accounts.models import Organisation, User
from app.accounts.roles import Role
from app.dates import local_today
from app.extensions import db
from config.settings import FAST_TEST_HASHING, Settings, load_settings
from tests.factories import make_organisation, make_user
from tests.helpers import Client

pytest_plugins = ["tests.casefiles"]


def _test_settings(instance_path: Path) -> Settings:
    environ = {
        "PASSERELLE_ENV": "testing",
        "PASSERELLE_INSTANCE_PATH": str(instance_path),
        "SECRET_KEY": secrets.token_urlsafe(48),
        "PASSERELLE_MASTER_KEY": base64.b64encode(secrets.token_bytes(32)).decode(),
        "DATABASE_URL": os.environ.get("DATABASE_URL")
        or f"sqlite:///{instance_path / 'passerelle.sqlite3'}",
    }
    if os.environ.get("DATABASE_URL"):
        environ["KEYSTORE_DATABASE_URL"] = os.environ["KEYSTORE_DATABASE_URL"]
    return load_settings(environ).with_changes(password_hashing=FAST_TEST_HASHING)


def _reset_server_databases(settings: Settings) -> None:
    """Start from empty PostgreSQL databases: tables or keys left by an earlier run (another
    master key, an older schema) must not decide this run's results."""
    for url in (settings.database_url, settings.keystore_database_url):
        if url.startswith("sqlite"):
            continue
        engine = create_engine(url)
        with engine.begin() as connection:
            connection.execute(text("DROP SCHEMA public CASCADE"))
            connection.execute(text("CREATE SCHEMA public"))
        engine.dispose()


@pytest.fixture(scope="session")
def settings(tmp_path_factory: pytest.TempPathFactory) -> Settings:
    settings = _test_settings(tmp_path_factory.mktemp("instance"))
    _reset_server_databases(settings)
    return settings


@pytest.fixture(scope="session", autouse=True)
def _fresh_server_databases(settings: Settings) -> None:
    """Every session resets the PostgreSQL databases first, whichever tests it runs."""


@pytest.fixture(scope="session")
def app(settings: Settings) -> Iterator[Flask]:
    app = create_app(settings)
    with app.app_context():
        db.drop_all()
        db.create_all()
    yield app
    with app.app_context():
        db.session.remove()
        for engine in db.engines.values():
            engine.dispose()


def _delete_all_rows() -> None:
    for table in reversed(db.metadata.sorted_tables):
        db.session.execute(delete(table))
    db.session.commit()


@pytest.fixture(autouse=True)
def _clean_database(request: pytest.FixtureRequest) -> Iterator[None]:
    """Every test starts from empty tables (tests that need no app skip this)."""
    if "app" not in request.fixturenames and not request.node.get_closest_marker("browser"):
        yield
        return
    app: Flask = request.getfixturevalue("app")
    yield
    with app.app_context():
        db.session.rollback()
        _delete_all_rows()


@pytest.fixture
def app_ctx(app: Flask) -> Iterator[None]:
    with app.app_context():
        yield


@pytest.fixture
def client(app: Flask) -> Client:
    return Client(app)


@pytest.fixture
def organisation(app_ctx: None) -> Organisation:
    return make_organisation()


@pytest.fixture
def login_as(app: Flask) -> Callable[..., Client]:
    """A client logged in as a new user of ``role`` (or as ``user`` when given)."""

    def login(role: Role | None = None, *, user: User | None = None, **kwargs: object) -> Client:
        with app.app_context():
            if user is None:
                assert role is not None
                user = make_user(role, **kwargs)
            identifier = user.email or user.login_id
        client = Client(app)
        response = client.log_in(identifier)
        assert response.status_code == 302, response.get_data(as_text=True)
        return client

    return login


@pytest.fixture
def today(app: Flask) -> date:
    """Today in the network's time zone, as the application sees it."""
    with app.app_context():
        return local_today()


@pytest.fixture
def app_factory(settings: Settings) -> Iterator[Callable[..., Flask]]:
    """Build extra applications (other settings); their connections close at teardown."""
    built: list[Flask] = []

    def build(**changes: object) -> Flask:
        extra = create_app(settings.with_changes(**changes))
        built.append(extra)
        return extra

    yield build
    for extra in built:
        with extra.app_context():
            db.session.remove()
            for engine in db.engines.values():
                engine.dispose()
