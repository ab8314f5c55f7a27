"""Settings: one frozen dataclass, built from the environment and validated at start-up.

Nothing reads configuration at import time; ``create_app`` receives a ``Settings`` or
builds one from ``os.environ`` through ``load_settings``.
"""

from __future__ import annotations

import enum
import os
import secrets
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from pathlib import Path
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

PROJECT_ROOT = Path(__file__).resolve().parent.parent
DEFAULT_INSTANCE_PATH = PROJECT_ROOT / "instance"


class ConfigurationError(RuntimeError):
    """Raised when the settings cannot run the application; the message is one line."""


class Environment(enum.StrEnum):
    DEVELOPMENT = "development"
    TESTING = "testing"
    PRODUCTION = "production"


@dataclass(frozen=True, slots=True)
class PasswordHashing:
    """Argon2id parameters. The defaults are argon2-cffi's (RFC 9106 low-memory profile)."""

    time_cost: int = 3
    memory_cost_kib: int = 65536
    parallelism: int = 4


# Cheap parameters for the test suite only: the defaults cost about 0.3 s a hash here.
FAST_TEST_HASHING = PasswordHashing(time_cost=1, memory_cost_kib=64, parallelism=1)


@dataclass(frozen=True, slots=True)
class Settings:
    environment: Environment
    secret_key: str
    database_url: str
    keystore_database_url: str
    instance_path: Path
    master_key: str | None = None
    master_key_file: Path | None = None
    password_hashing: PasswordHashing = field(default_factory=PasswordHashing)
    token_lifetime_hours: int = 72
    default_locale: str = "en"
    timezone: str = "Europe/Paris"
    session_cookie_secure: bool = True
    log_level: str = "INFO"

    @property
    def is_production(self) -> bool:
        return self.environment is Environment.PRODUCTION

    @property
    def is_testing(self) -> bool:
        return self.environment is Environment.TESTING

    def with_changes(self, **changes: object) -> Settings:
        """A copy with some fields replaced (tests use this; settings never mutate)."""
        return replace(self, **changes)  # type: ignore[arg-type]

    def validate(self) -> None:
        if len(self.secret_key) < 32:
            raise ConfigurationError(
                "SECRET_KEY must be at least 32 characters long; generate one with "
                "`python -c 'import secrets; print(secrets.token_urlsafe(48))'`."
            )
        if self.keystore_database_url == self.database_url:
            raise ConfigurationError(
                "Wrapped data keys are kept apart from case data: set KEYSTORE_DATABASE_URL "
                "to a database other than DATABASE_URL."
            )
        try:
            ZoneInfo(self.timezone)
        except (ZoneInfoNotFoundError, ValueError):
            raise ConfigurationError(
                f"PASSERELLE_TIMEZONE {self.timezone!r} is not a known time zone."
            ) from None
        if self.token_lifetime_hours <= 0:
            raise ConfigurationError("PASSERELLE_TOKEN_LIFETIME_HOURS must be positive.")
        if self.is_production and self.master_key is None and self.master_key_file is None:
            raise ConfigurationError(
                "Production needs a master key: set PASSERELLE_MASTER_KEY (base64) or "
                "PASSERELLE_MASTER_KEY_FILE."
            )


def _sqlite_url(path: Path) -> str:
    return f"sqlite:///{path}"


def _normalise_database_url(url: str) -> str:
    """Accept the common ``postgres://`` and ``postgresql://`` forms; use psycopg 3."""
    for prefix in ("postgres://", "postgresql://"):
        if url.startswith(prefix):
            return "postgresql+psycopg://" + url[len(prefix) :]
    return url


def _instance_secret(instance_path: Path, name: str) -> str:
    """Read a development secret kept under instance/, creating it on first use."""
    path = instance_path / name
    if path.exists():
        return path.read_text(encoding="utf-8").strip()
    instance_path.mkdir(parents=True, exist_ok=True)
    value = secrets.token_urlsafe(48)
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "w", encoding="utf-8") as handle:
        handle.write(value + "\n")
    return value


def _int(environ: Mapping[str, str], name: str, default: int) -> int:
    raw = environ.get(name)
    if raw is None or raw == "":
        return default
    try:
        return int(raw)
    except ValueError:
        raise ConfigurationError(f"{name} must be a whole number, not {raw!r}.") from None


def load_settings(environ: Mapping[str, str] | None = None) -> Settings:
    """Build and validate settings from environment variables.

    ``PASSERELLE_ENV`` picks development (default), testing or production. Production
    refuses to start without an explicit ``SECRET_KEY`` and master key; development keeps
    generated secrets under ``instance/``.
    """
    environ = os.environ if environ is None else environ
    raw_env = environ.get("PASSERELLE_ENV", Environment.DEVELOPMENT.value)
    try:
        environment = Environment(raw_env)
    except ValueError:
        choices = ", ".join(e.value for e in Environment)
        raise ConfigurationError(
            f"PASSERELLE_ENV must be one of {choices}, not {raw_env!r}."
        ) from None

    instance_path = Path(environ.get("PASSERELLE_INSTANCE_PATH", DEFAULT_INSTANCE_PATH))
    production = environment is Environment.PRODUCTION

    secret_key = environ.get("SECRET_KEY", "")
    if not secret_key:
        if production:
            raise ConfigurationError(
                "SECRET_KEY is not set: production refuses to start without an explicit one."
            )
        secret_key = _instance_secret(instance_path, "secret_key")

    database_url = _normalise_database_url(
        environ.get("DATABASE_URL") or _sqlite_url(instance_path / "passerelle.sqlite3")
    )
    keystore_database_url = environ.get("KEYSTORE_DATABASE_URL") or ""
    if not keystore_database_url:
        if not database_url.startswith("sqlite"):
            raise ConfigurationError(
                "KEYSTORE_DATABASE_URL is not set: with DATABASE_URL on a server, wrapped "
                "data keys need a database of their own (for example createdb passerelle_keys)."
            )
        keystore_database_url = _sqlite_url(instance_path / "passerelle-keys.sqlite3")
    keystore_database_url = _normalise_database_url(keystore_database_url)

    master_key_file = environ.get("PASSERELLE_MASTER_KEY_FILE")
    master_key = environ.get("PASSERELLE_MASTER_KEY") or None
    if master_key is None and master_key_file is None and not production:
        master_key_file = str(instance_path / "master.keys")

    defaults = PasswordHashing()
    hashing = PasswordHashing(
        time_cost=_int(environ, "ARGON2_TIME_COST", defaults.time_cost),
        memory_cost_kib=_int(environ, "ARGON2_MEMORY_COST_KIB", defaults.memory_cost_kib),
        parallelism=_int(environ, "ARGON2_PARALLELISM", defaults.parallelism),
    )

    settings = Settings(
        environment=environment,
        secret_key=secret_key,
        database_url=database_url,
        keystore_database_url=keystore_database_url,
        instance_path=instance_path,
        master_key=master_key,
        master_key_file=Path(master_key_file) if master_key_file else None,
        password_hashing=hashing,
        token_lifetime_hours=_int(environ, "PASSERELLE_TOKEN_LIFETIME_HOURS", 72),
        default_locale=environ.get("PASSERELLE_DEFAULT_LOCALE", "en"),
        timezone=environ.get("PASSERELLE_TIMEZONE", "Europe/Paris"),
        session_cookie_secure=production or environ.get("SESSION_COOKIE_SECURE") == "1",
        log_level=environ.get("PASSERELLE_LOG_LEVEL", "INFO"),
    )
    settings.validate()
    return settings
