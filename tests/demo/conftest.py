"""The demo data set, seeded once per test module through the CLI.

Each module gets its own databases (SQLite files, or scratch PostgreSQL databases when
DATABASE_URL is set) and a key file, so that a rotation can add master key versions.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from flask import Flask

from app import create_app
from app.extensions import db
from config.settings import Settings
from tests.databases import fresh_databases
from tests.helpers import run_command


@pytest.fixture(scope="module")
def demo(settings: Settings, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Flask]:
    kind = "postgresql" if settings.database_url.startswith("postgresql") else "sqlite"
    directory = tmp_path_factory.mktemp("demo-commands")
    databases = fresh_databases(kind, directory)
    main_url, keys_url = next(databases)
    app = create_app(
        settings.with_changes(
            database_url=main_url,
            keystore_database_url=keys_url,
            master_key=None,
            master_key_file=directory / "master.keys",
        )
    )
    with app.app_context():
        db.create_all()
    seeded = run_command(app, "seed-demo")
    assert "Demo logins" in seeded.output
    yield app
    with app.app_context():
        db.session.remove()
        for engine in db.engines.values():
            engine.dispose()
    next(databases, None)
