"""`flask maintenance analyse`: the planner's statistics, and on PostgreSQL a vacuum."""

from __future__ import annotations

from flask import Flask
from sqlalchemy import text

from app.extensions import db
from tests.casefiles import Office


def test_analyse_refreshes_the_statistics_of_both_databases(
    app: Flask, office: Office, amina
) -> None:
    with app.app_context(), db.engine.connect() as connection:
        started = connection.scalar(
            text("SELECT clock_timestamp()")
            if db.engine.dialect.name == "postgresql"
            else text("SELECT 0")
        )
    result = app.test_cli_runner().invoke(args=["maintenance", "analyse"])
    assert result.exit_code == 0, result.output
    assert "Statistics refreshed." in result.output
    with app.app_context():
        for engine in (db.engine, db.engines["keystore"]):
            with engine.connect() as connection:
                if engine.dialect.name == "sqlite":
                    tables = connection.scalars(text("SELECT DISTINCT tbl FROM sqlite_stat1"))
                else:
                    # Vacuumed, so counts can read the caseload index alone.
                    tables = connection.scalars(
                        text(
                            "SELECT relname FROM pg_stat_user_tables"
                            " WHERE last_vacuum >= :started AND last_analyze >= :started"
                        ),
                        {"started": started},
                    )
                analysed = set(tables)
            expected = "beneficiaries" if engine is db.engine else "data_keys"
            assert expected in analysed
