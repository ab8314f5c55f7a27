"""The front door, the health check and the language switcher."""

from __future__ import annotations

import logging

from flask import Blueprint, jsonify, redirect, request, url_for
from flask_login import current_user
from sqlalchemy import text
from sqlalchemy.exc import SQLAlchemyError
from werkzeug.wrappers import Response

from app.accounts import services as accounts
from app.accounts.permissions import home_endpoint, public
from app.extensions import db
from app.i18n import LOCALE_COOKIE, is_supported
from app.redirects import safe_next

blueprint = Blueprint("core", __name__)
logger = logging.getLogger("passerelle.health")

ONE_YEAR = 365 * 24 * 3600


@blueprint.route("/")
@public
def index() -> Response:
    if current_user.is_authenticated:
        return redirect(url_for(home_endpoint(current_user.role)))
    return redirect(url_for("accounts.login"))


@blueprint.route("/healthz")
@public
def healthz() -> tuple[Response, int]:
    checks: dict[str, str] = {}
    for name, bind in (("database", None), ("keystore", "keystore")):
        try:
            with db.engines[bind].connect() as connection:
                connection.execute(text("SELECT 1"))
            checks[name] = "ok"
        except SQLAlchemyError as error:
            logger.warning("health check: %s unreachable (%s)", name, type(error).__name__)
            checks[name] = "unavailable"
    healthy = all(value == "ok" for value in checks.values())
    body = {"status": "ok" if healthy else "unavailable", **checks}
    return jsonify(body), 200 if healthy else 503


@blueprint.route("/language", methods=["POST"])
@public
def choose_language() -> Response:
    code = request.form.get("locale", "")
    target = safe_next(request.form.get("next")) or url_for("core.index")
    response = redirect(target)
    if is_supported(code):
        response.set_cookie(
            LOCALE_COOKIE,
            code,
            max_age=ONE_YEAR,
            httponly=True,
            samesite="Lax",
            secure=request.is_secure,
        )
        if current_user.is_authenticated:
            accounts.set_preferred_locale(current_user, code)
    return response
