"""Beneficiaries' pages."""

from __future__ import annotations

from flask import Blueprint, render_template

from app.accounts.permissions import roles_required
from app.accounts.roles import Role

blueprint = Blueprint("portal", __name__, url_prefix="/portal", template_folder="templates")


@blueprint.route("/")
@roles_required(Role.BENEFICIARY)
def index() -> str:
    return render_template("portal/index.html")
