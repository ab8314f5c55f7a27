"""The migrations build the schema from empty, match the models, and go down and up again.

Runs on SQLite always, and on PostgreSQL when DATABASE_URL points there (CI does both).
"""

from __future__ import annotations

from pathlib import Path

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from flask_migrate import downgrade, upgrade
from sqlalchemy import inspect

from app import create_app
from app.extensions import db
from config.settings import Settings
from tests.databases import KINDS, fresh_databases


@pytest.fixture(params=KINDS)
def empty_app(request: pytest.FixtureRequest, settings: Settings, tmp_path: Path):
    databases = fresh_databases(request.param, tmp_path)
    main_url, keys_url = next(databases)
    app = create_app(settings.with_changes(database_url=main_url, keystore_database_url=keys_url))
    yield app
    with app.app_context():
        for engine in db.engines.values():
            engine.dispose()
    next(databases, None)


def _not_a_test_table(obj, name, type_, reflected, compare_to) -> bool:
    # Some tests declare models of their own (tests/crypto/models.py) on the shared metadata.
    return not (type_ == "table" and name.startswith("test_"))


def _differences(app) -> dict[str | None, list]:
    found = {}
    with app.app_context():
        for bind, metadata in db.metadatas.items():
            with db.engines[bind].connect() as connection:
                context = MigrationContext.configure(
                    connection,
                    opts={"compare_type": True, "include_object": _not_a_test_table},
                )
                found[bind] = compare_metadata(context, metadata)
    return found


def test_upgrade_from_empty_matches_the_models(empty_app) -> None:
    with empty_app.app_context():
        upgrade()
    assert _differences(empty_app) == {bind: [] for bind in _differences(empty_app)}


def test_every_migration_goes_down_and_up_again(empty_app) -> None:
    with empty_app.app_context():
        upgrade()
        downgrade(revision="base")
        for bind in db.metadatas:
            tables = set(inspect(db.engines[bind]).get_table_names()) - {"alembic_version"}
            assert tables == set(), bind
        upgrade()
    assert all(diff == [] for diff in _differences(empty_app).values())
