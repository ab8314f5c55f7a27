"""Coordinators' pages."""

from __future__ import annotations

from flask import Blueprint, render_template

from app.accounts.permissions import roles_required
from app.accounts.roles import Role

blueprint = Blueprint("dashboards", __name__, url_prefix="/dashboards", template_folder="templates")


@blueprint.route("/")
@roles_required(Role.COORDINATOR)
def index() -> str:
    return render_template("dashboards/index.html")
