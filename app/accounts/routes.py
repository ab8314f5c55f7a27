"""Log in, log out, and set a password through a one-time link."""

from __future__ import annotations

from flask import Blueprint, flash, redirect, render_template, request, session, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_user, logout_user
from werkzeug.wrappers import Response

from app.accounts import services
from app.accounts.errors import (
    AccountError,
    InactiveAccount,
    TokenExpired,
    TokenInvalid,
    TokenUsed,
)
from app.accounts.forms import LoginForm, SetPasswordForm
from app.accounts.models import User
from app.accounts.permissions import home_endpoint, login_required, public
from app.accounts.roles import Role
from app.redirects import safe_next

blueprint = Blueprint("accounts", __name__, template_folder="templates")


def _start_session(user: User) -> None:
    # A fresh session at every log-in: nothing from before survives (no fixation).
    session.clear()
    login_user(user)


@blueprint.route("/login", methods=["GET", "POST"])
@public
def login() -> str | Response | tuple[str, int]:
    if current_user.is_authenticated:
        return redirect(url_for(home_endpoint(current_user.role)))
    form = LoginForm()
    failed = False
    if form.validate_on_submit():
        user = services.authenticate(form.email.data or "", form.password.data or "")
        if user is not None:
            _start_session(user)
            target = safe_next(request.args.get("next"))
            return redirect(target or url_for(home_endpoint(user.role)))
        failed = True
    status = 200 if not failed else 401
    return render_template("accounts/login.html", form=form, failed=failed), status


@blueprint.route("/logout", methods=["POST"])
@login_required
def logout() -> Response:
    login_page = "portal.login" if current_user.role is Role.BENEFICIARY else "accounts.login"
    logout_user()
    session.clear()
    flash(_("You are logged out."), "success")
    return redirect(url_for(login_page))


LINK_PROBLEMS = {
    TokenInvalid: 404,
    TokenUsed: 410,
    TokenExpired: 410,
    InactiveAccount: 410,
}


def _link_problem(error: AccountError) -> tuple[str, int]:
    return (
        render_template("accounts/link_problem.html", problem=type(error).__name__),
        LINK_PROBLEMS[type(error)],
    )


@blueprint.route("/account/set-password/<secret>", methods=["GET", "POST"])
@public
def set_password(secret: str) -> str | Response | tuple[str, int]:
    try:
        token = services.check_token(secret)
    except (TokenInvalid, TokenUsed, TokenExpired, InactiveAccount) as error:
        return _link_problem(error)
    form = SetPasswordForm()
    if form.validate_on_submit():
        user = services.redeem_token(secret, form.password.data or "")
        _start_session(user)
        flash(_("Your password is set. Welcome to Passerelle."), "success")
        return redirect(url_for(home_endpoint(user.role)))
    return render_template("accounts/set_password.html", form=form, user=token.user)
