"""`flask accounts ...`: what an operator needs before anyone can log in."""

from __future__ import annotations

import click
from flask import current_app, url_for
from flask.cli import AppGroup
from sqlalchemy import select

from app.accounts import services
from app.accounts.errors import EmailTaken
from app.accounts.models import Organisation
from app.accounts.roles import Role
from app.extensions import db

accounts_cli = AppGroup("accounts", help="Manage accounts from the command line.")


@accounts_cli.command("create-admin")
@click.option("--email", required=True, help="The administrator's e-mail address.")
@click.option("--name", required=True, help="The administrator's name.")
@click.option(
    "--organisation",
    "organisation_name",
    required=True,
    help="Their organisation; created as the coordinating body if it does not exist.",
)
@click.option(
    "--country", default="FR", show_default=True, help="ISO 3166 code of a new organisation."
)
def create_admin(email: str, name: str, organisation_name: str, country: str) -> None:
    """Create an administrator and print the one-time link to set their password."""
    organisation = db.session.scalar(
        select(Organisation).where(Organisation.name == organisation_name)
    )
    if organisation is None:
        organisation = services.create_organisation(
            services.OrganisationData(organisation_name, country, is_coordinating_body=True)
        )
    data = services.UserData(email, name, organisation.id, Role.ADMIN, preferred_locale=None)
    try:
        _, secret = services.create_user(data, created_by=None)
    except EmailTaken:
        raise click.ClickException("An account with this e-mail address already exists.") from None
    db.session.commit()
    with current_app.test_request_context():
        path = url_for("accounts.set_password", secret=secret)
    click.echo(f"Administrator created. Open this path on your Passerelle site once: {path}")
