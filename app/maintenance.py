"""Housekeeping an operator runs from time to time: `flask maintenance analyse`.

SQLite plans its queries from statistics that only ANALYZE gathers; without them it may
read a whole organisation's cases to find one name. PostgreSQL's autovacuum keeps its own
statistics, so running this there is harmless but rarely needed. Run it after loading
data in bulk and, on SQLite, daily (cron).
"""

from __future__ import annotations

import click
from flask.cli import AppGroup
from sqlalchemy import Engine, text

from app.extensions import db


def analyse(engine: Engine) -> None:
    with engine.begin() as connection:
        if engine.dialect.name == "sqlite":
            # Sampling keeps ANALYZE fast on large tables; the plans it informs do not
            # need exact counts.
            connection.execute(text("PRAGMA analysis_limit = 1000"))
        connection.execute(text("ANALYZE"))


def analyse_databases() -> None:
    for engine in db.engines.values():
        analyse(engine)


maintenance_cli = AppGroup("maintenance", help="Keep the databases fast.")


@maintenance_cli.command("analyse")
def analyse_command() -> None:
    """Refresh the query planner's statistics of the case data and the key store."""
    analyse_databases()
    click.echo("Statistics refreshed.")
