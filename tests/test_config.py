from pathlib import Path

import pytest

from config.settings import ConfigurationError, Environment, load_settings

MASTER_KEY = "MDEyMzQ1Njc4OWFiY2RlZjAxMjM0NTY3ODlhYmNkZWY="


def test_production_refuses_to_start_without_secret_key(tmp_path: Path) -> None:
    with pytest.raises(ConfigurationError) as error:
        load_settings(
            {
                "PASSERELLE_ENV": "production",
                "PASSERELLE_INSTANCE_PATH": str(tmp_path),
                "PASSERELLE_MASTER_KEY": MASTER_KEY,
            }
        )
    message = str(error.value)
    assert "SECRET_KEY" in message
    assert "\n" not in message


def test_production_refuses_to_start_without_master_key(tmp_path: Path) -> None:
    with pytest.raises(ConfigurationError, match="PASSERELLE_MASTER_KEY"):
        load_settings(
            {
                "PASSERELLE_ENV": "production",
                "PASSERELLE_INSTANCE_PATH": str(tmp_path),
                "SECRET_KEY": "s" * 48,
            }
        )


def test_production_generates_no_secret_files(tmp_path: Path) -> None:
    settings = load_settings(
        {
            "PASSERELLE_ENV": "production",
            "PASSERELLE_INSTANCE_PATH": str(tmp_path),
            "SECRET_KEY": "s" * 48,
            "PASSERELLE_MASTER_KEY": MASTER_KEY,
        }
    )
    assert settings.is_production
    assert settings.session_cookie_secure
    assert list(tmp_path.iterdir()) == []


def test_short_secret_key_is_refused(tmp_path: Path) -> None:
    with pytest.raises(ConfigurationError, match="at least 32"):
        load_settings({"PASSERELLE_INSTANCE_PATH": str(tmp_path), "SECRET_KEY": "short"})


def test_unknown_environment_is_refused(tmp_path: Path) -> None:
    with pytest.raises(ConfigurationError, match="PASSERELLE_ENV"):
        load_settings({"PASSERELLE_ENV": "staging", "PASSERELLE_INSTANCE_PATH": str(tmp_path)})


def test_development_keeps_its_generated_secret_under_instance(tmp_path: Path) -> None:
    first = load_settings({"PASSERELLE_INSTANCE_PATH": str(tmp_path)})
    second = load_settings({"PASSERELLE_INSTANCE_PATH": str(tmp_path)})
    assert first.environment is Environment.DEVELOPMENT
    assert first.secret_key == second.secret_key
    assert (tmp_path / "secret_key").stat().st_mode & 0o077 == 0
    assert first.database_url == f"sqlite:///{tmp_path / 'passerelle.sqlite3'}"
    assert first.keystore_database_url == f"sqlite:///{tmp_path / 'passerelle-keys.sqlite3'}"


def test_postgres_urls_use_psycopg_3_and_need_a_separate_key_store(tmp_path: Path) -> None:
    base = {"PASSERELLE_INSTANCE_PATH": str(tmp_path), "DATABASE_URL": "postgres://u@h/db"}
    with pytest.raises(ConfigurationError, match="KEYSTORE_DATABASE_URL"):
        load_settings(base)
    settings = load_settings({**base, "KEYSTORE_DATABASE_URL": "postgresql://u@h/keys"})
    assert settings.database_url == "postgresql+psycopg://u@h/db"
    assert settings.keystore_database_url == "postgresql+psycopg://u@h/keys"
    with pytest.raises(ConfigurationError, match="apart"):
        load_settings({**base, "KEYSTORE_DATABASE_URL": "postgres://u@h/db"})


def test_bad_numbers_are_named(tmp_path: Path) -> None:
    with pytest.raises(ConfigurationError, match="ARGON2_TIME_COST"):
        load_settings({"PASSERELLE_INSTANCE_PATH": str(tmp_path), "ARGON2_TIME_COST": "many"})
