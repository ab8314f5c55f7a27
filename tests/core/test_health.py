from collections.abc import Callable
from pathlib import Path

from flask import Flask

from tests.helpers import Client


def test_healthz_answers_when_both_databases_answer(client: Client) -> None:
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json == {"status": "ok", "database": "ok", "keystore": "ok"}


def test_healthz_answers_503_when_the_database_is_unreachable(
    app_factory: Callable[..., Flask], tmp_path: Path
) -> None:
    missing = tmp_path / "no-such-directory" / "db.sqlite3"
    broken = app_factory(database_url=f"sqlite:///{missing}")
    response = broken.test_client().get("/healthz")
    assert response.status_code == 503
    assert response.json == {"status": "unavailable", "database": "unavailable", "keystore": "ok"}
