"""How long the operator's bulk commands take on the demo data set, and how many queries.

Seeds the demo into throw-away databases through ``flask seed-demo``, then runs every
bulk command through Flask's CLI runner, at its default batch size and at a small one.
Statements are counted with SQLAlchemy's ``before_cursor_execute`` event; on SQLite
also with sqlite3's trace callback, which sees the key store's raw DBAPI reads too.

    .venv/bin/python bench/commands.py                 # SQLite, in a temporary directory
    DATABASE_URL=postgresql+psycopg://postgres@127.0.0.1/bench_commands \\
    KEYSTORE_DATABASE_URL=postgresql+psycopg://postgres@127.0.0.1/bench_commands_keys \\
      .venv/bin/python bench/commands.py               # two empty PostgreSQL databases
"""

from __future__ import annotations

import argparse
import os
import secrets
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path
from typing import Any

from flask import Flask
from sqlalchemy import Engine, event, inspect

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from app import create_app  # noqa: E402 - after the path is set
from app.extensions import db  # noqa: E402
from config.settings import load_settings  # noqa: E402

WRITING = {"SELECT", "INSERT", "UPDATE", "DELETE", "WITH"}


def _count_statements(engine: Engine, label: str, counts: Counter[str]) -> None:
    def through_sqlalchemy(*_: Any) -> None:
        counts[f"{label} (events)"] += 1

    event.listen(engine, "before_cursor_execute", through_sqlalchemy)
    if engine.dialect.name != "sqlite":
        return
    engine.dispose()

    def trace_connection(dbapi_connection: Any, _record: Any) -> None:
        def trace(statement: str) -> None:
            if statement.lstrip().split(" ", 1)[0].upper() in WRITING:
                counts[f"{label} (sqlite trace)"] += 1

        dbapi_connection.set_trace_callback(trace)

    event.listen(engine, "connect", trace_connection)


def _run(app: Flask, counts: Counter[str], *args: str) -> tuple[float, dict[str, int]]:
    counts.clear()
    started = time.perf_counter()
    result = app.test_cli_runner().invoke(args=list(args))
    elapsed = time.perf_counter() - started
    if result.exit_code != 0:
        raise SystemExit(f"flask {' '.join(args)} failed:\n{result.output}")
    return elapsed, dict(counts)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--small-batch", default="16", help="the small batch size to try")
    options = parser.parse_args()
    with tempfile.TemporaryDirectory() as directory:
        instance = Path(directory)
        environ = {
            "PASSERELLE_ENV": "testing",
            "PASSERELLE_INSTANCE_PATH": str(instance),
            "SECRET_KEY": secrets.token_urlsafe(48),
            "DATABASE_URL": os.environ.get("DATABASE_URL")
            or f"sqlite:///{instance / 'passerelle.sqlite3'}",
            "KEYSTORE_DATABASE_URL": os.environ.get("KEYSTORE_DATABASE_URL")
            or f"sqlite:///{instance / 'keys.sqlite3'}",
        }
        app = create_app(load_settings(environ))
        counts: Counter[str] = Counter()
        with app.app_context():
            for name, engine in db.engines.items():
                if inspect(engine).get_table_names():
                    raise SystemExit(f"The {name or 'main'} database is not empty.")
            db.create_all()
            for name, engine in db.engines.items():
                _count_statements(engine, name or "main", counts)
            backend = db.engine.dialect.name
        small = options.small_batch
        commands = [
            ("seed-demo",),
            ("keys", "verify"),
            ("keys", "verify", "--batch-size", small),
            ("dashboards", "rebuild"),
            ("dashboards", "rebuild", "--batch-size", small),
            ("maintenance", "analyse"),
            ("keys", "rotate"),
            ("keys", "rotate", "--batch-size", small),
            ("keys", "verify"),
        ]
        print(f"| command ({backend}) | seconds | statements |")
        print("|---|---:|---|")
        try:
            for command in commands:
                elapsed, seen = _run(app, counts, *command)
                listed = ", ".join(f"{label}: {n}" for label, n in sorted(seen.items()))
                print(f"| `flask {' '.join(command)}` | {elapsed:.2f} | {listed} |")
        finally:
            with app.app_context():
                db.drop_all()
                db.session.remove()
                for engine in db.engines.values():
                    engine.dispose()


if __name__ == "__main__":
    main()
