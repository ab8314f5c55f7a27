from pathlib import Path

from config.settings import Settings
from tests.helpers import Client


def test_healthz_answers_when_both_databases_answer(client: Client) -> None:
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json == {"status": "ok", "database": "ok", "keystore": "ok"}


def test_healthz_answers_503_when_the_database_is_unreachable(
    settings: Settings, tmp_path: Path
) -> None:
    from app import create_app

    missing = tmp_path / "no-such-directory" / "db.sqlite3"
    broken = create_app(settings.with_changes(database_url=f"sqlite:///{missing}"))
    response = broken.test_client().get("/healthz")
    assert response.status_code == 503
    assert response.json == {"status": "unavailable", "database": "unavailable", "keystore": "ok"}
