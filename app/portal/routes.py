"""The beneficiary's own space, and how they get into it."""

from __future__ import annotations

import json

from flask import Blueprint, flash, redirect, render_template, request, session, url_for
from flask_babel import get_locale
from flask_babel import gettext as _
from flask_login import current_user, login_user
from werkzeug.wrappers import Response

from app.accounts.errors import InactiveAccount, TokenExpired, TokenInvalid, TokenUsed
from app.accounts.permissions import public, roles_required
from app.accounts.roles import Role
from app.dates import local_today
from app.db import utcnow
from app.forms import options
from app.i18n import BENEFICIARY_LOCALES, language_name, native_name
from app.portal import overview as portal_overview
from app.portal import services
from app.portal.account import update_own_contact
from app.portal.errors import AccessLocked, WrongBirthDate
from app.portal.forms import ActivationCodeForm, ActivationForm, ContactForm, PortalLoginForm
from app.vocabulary import CefrLevel

blueprint = Blueprint("portal", __name__, url_prefix="/portal", template_folder="templates")
beneficiaries = roles_required(Role.BENEFICIARY)


@blueprint.context_processor
def portal_helpers() -> dict[str, object]:
    return {
        "cefr_levels": list(CefrLevel),
        "language_label": lambda code: language_name(code, str(get_locale())),
    }


def _start_session(account: object) -> None:
    session.clear()
    login_user(account)


@blueprint.route("/login", methods=["GET", "POST"])
@public
def login() -> str | Response | tuple[str, int]:
    if current_user.is_authenticated and current_user.role is Role.BENEFICIARY:
        return redirect(url_for("portal.index"))
    form = PortalLoginForm()
    problem = None
    if form.validate_on_submit():
        try:
            account = services.authenticate(
                form.login_id.data or "", form.secret.data or "", form.birth_date.data, utcnow()
            )
        except AccessLocked:
            problem = "locked"
        except InactiveAccount:
            problem = "wrong"
        else:
            _start_session(account)
            return redirect(url_for("portal.index"))
    status = 401 if problem else 200
    return render_template("portal/login.html", form=form, problem=problem), status


@blueprint.route("/activate", methods=["GET", "POST"])
@public
def enter_code() -> str | Response:
    form = ActivationCodeForm()
    if form.validate_on_submit():
        return redirect(
            url_for("portal.activate", code=services.normalise_code(form.code.data or ""))
        )
    return render_template("portal/enter_code.html", form=form)


CODE_PROBLEMS = {TokenInvalid: 404, TokenUsed: 410, TokenExpired: 410, InactiveAccount: 410}


@blueprint.route("/activate/<code>", methods=["GET", "POST"])
@public
def activate(code: str) -> str | Response | tuple[str, int]:
    try:
        services.activation_for(code)
    except (TokenInvalid, TokenUsed, TokenExpired, InactiveAccount) as error:
        return (
            render_template("portal/code_problem.html", problem=type(error).__name__),
            CODE_PROBLEMS[type(error)],
        )
    form = ActivationForm()
    status = 200
    if form.validate_on_submit():
        try:
            account = services.activate(
                code, form.birth_date.data, form.kind.data, form.secret.data or ""
            )
        except WrongBirthDate:
            form.birth_date.errors = [
                _("This date of birth does not match our records. Check it and try again.")
            ]
            status = 422
        else:
            _start_session(account)
            flash(_("Welcome! Your access is ready."), "success")
            return redirect(url_for("portal.index"))
    return render_template("portal/activate.html", form=form, code=code), status


@blueprint.route("/")
@beneficiaries
def index() -> str:
    view = portal_overview.overview(current_user, local_today())
    return render_template(
        "portal/index.html", view=view, today=local_today(), first_name=portal_overview.first_name
    )


@blueprint.route("/achievements")
@beneficiaries
def achievements() -> str:
    beneficiary = portal_overview.own_case(current_user)
    return render_template(
        "portal/achievements.html",
        stages=portal_overview.achievements(beneficiary),
        languages=portal_overview.language_progress(portal_overview.stages_of(beneficiary)),
    )


@blueprint.route("/my-data")
@beneficiaries
def my_data() -> str:
    beneficiary = portal_overview.own_case(current_user)
    return render_template(
        "portal/my_data.html",
        data=portal_overview.personal_data(beneficiary),
        beneficiary=beneficiary,
    )


@blueprint.route("/my-data.json")
@beneficiaries
def my_data_download() -> Response:
    beneficiary = portal_overview.own_case(current_user)
    body = json.dumps(portal_overview.personal_data(beneficiary), ensure_ascii=False,
                      indent=2, default=str)  # fmt: skip
    return Response(
        body,
        mimetype="application/json",
        headers={"Content-Disposition": 'attachment; filename="my-data.json"'},
    )


@blueprint.route("/settings", methods=["GET", "POST"])
@beneficiaries
def settings() -> str | Response:
    beneficiary = portal_overview.own_case(current_user)
    form = ContactForm()
    form.preferred_locale.choices = options(
        (code, native_name(code)) for code in BENEFICIARY_LOCALES
    )
    if request.method == "GET":
        contact = beneficiary.contact if isinstance(beneficiary.contact, dict) else {}
        form.phone.data = contact.get("phone")
        form.email.data = contact.get("email")
        form.address.data = beneficiary.address if isinstance(beneficiary.address, str) else None
        form.preferred_locale.data = current_user.preferred_locale or "en"
    elif form.validate_on_submit():
        update_own_contact(
            current_user, beneficiary, phone=form.phone.data or None,
            email=form.email.data or None, address=form.address.data or None,
            locale=form.preferred_locale.data,
        )  # fmt: skip
        flash(_("Saved. Thank you."), "success")
        return redirect(url_for("portal.settings"))
    return render_template("portal/settings.html", form=form)
