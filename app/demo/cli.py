"""`flask seed-demo`: fill an empty database with the demo network."""

from __future__ import annotations

import click
from flask.cli import with_appcontext
from sqlalchemy import func, select

from app.accounts.models import User
from app.demo.seed import DEMO_PASSWORD, DEMO_PORTAL_LOGIN, demo_logins, seed_demo
from app.extensions import db


@click.command("seed-demo")
@with_appcontext
@click.option("--if-empty", is_flag=True, help="Seed only when the database has no accounts.")
def seed_demo_command(if_empty: bool) -> None:
    """Create the demo organisations and accounts (safe to run again), and list the logins."""
    has_accounts = bool(db.session.scalar(select(func.count()).select_from(User)))
    if if_empty and has_accounts:
        logins = demo_logins()
    else:
        logins = seed_demo()
        db.session.commit()
    if not logins:
        click.echo("The database already has accounts; no demo data was added.")
        return
    click.echo(f"Demo logins (password for all: {DEMO_PASSWORD}):")
    for login in logins:
        click.echo(f"  {login.role.value:<13} {login.email:<40} {login.organisation}")
    if db.session.scalar(select(User.id).where(User.login_id == DEMO_PORTAL_LOGIN)):
        click.echo(
            f"Beneficiary space (Amina Yusuf, in Arabic): /portal/login with login code "
            f"{DEMO_PORTAL_LOGIN} and password {DEMO_PASSWORD}"
        )
