"""Case workers' pages."""

from __future__ import annotations

from flask import Blueprint, render_template

from app.accounts.permissions import roles_required
from app.accounts.roles import Role

blueprint = Blueprint("cases", __name__, url_prefix="/cases", template_folder="templates")


@blueprint.route("/")
@roles_required(Role.TRAINER, Role.PSYCHOLOGIST)
def caseload() -> str:
    return render_template("cases/caseload.html")
