"""Administrators manage the network's organisations and its accounts."""

from __future__ import annotations

import uuid

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import get_locale
from flask_babel import gettext as _
from flask_login import current_user
from werkzeug.wrappers import Response

from app.accounts import services
from app.accounts.errors import ConcurrentEdit, EmailTaken, LastActiveAdmin
from app.accounts.models import Organisation, TokenPurpose, User
from app.accounts.permissions import roles_required
from app.accounts.roles import Role
from app.admin.forms import OrganisationForm, UserForm
from app.extensions import db
from app.forms import required_data
from app.i18n import country_name

blueprint = Blueprint("admin", __name__, url_prefix="/admin", template_folder="templates")
admin_only = roles_required(Role.ADMIN)


def _organisation_or_404(organisation_id: uuid.UUID) -> Organisation:
    return db.get_or_404(Organisation, organisation_id)


def _user_or_404(user_id: uuid.UUID) -> User:
    return db.get_or_404(User, user_id)


def _organisation_choices() -> list[tuple[str, str]]:
    return [(str(org.id), org.name) for org in services.list_organisations() if org.active]


def _last_admin_message() -> str:
    return _(
        "This would leave Passerelle without an active administrator. "
        "Make another account an administrator first."
    )


def _email_taken_message() -> str:
    return _("An account with this e-mail address already exists.")


def _conflict_message() -> str:
    return _(
        "Someone else saved this record while you were editing it. Your changes were "
        "not saved; they are still in the form, and the saved values are shown "
        "under the fields. Check them, then save again."
    )


@blueprint.route("/")
@admin_only
def index() -> str:
    organisations = services.list_organisations()
    users = services.list_users()
    return render_template(
        "admin/index.html",
        organisation_count=len(organisations),
        user_count=len(users),
        active_user_count=sum(1 for user in users if user.active),
    )


# Organisations


def _organisation_data(form: OrganisationForm) -> services.OrganisationData:
    return services.OrganisationData(
        name=form.name.data or "",
        country_code=form.country_code.data or "",
        is_coordinating_body=bool(form.is_coordinating_body.data),
        contact_phone=form.contact_phone.data or None,
        contact_email=form.contact_email.data or None,
        address=form.address.data or None,
    )


@blueprint.route("/organisations")
@admin_only
def organisations() -> str:
    return render_template(
        "admin/organisations.html",
        organisations=services.list_organisations(),
    )


@blueprint.route("/organisations/new", methods=["GET", "POST"])
@admin_only
def new_organisation() -> str | Response:
    form = OrganisationForm(data={"version": 0})
    if form.validate_on_submit():
        organisation = services.create_organisation(_organisation_data(form))
        flash(_("Organisation %(name)s created.", name=organisation.name), "success")
        return redirect(url_for("admin.organisations"))
    return render_template("admin/organisation_form.html", form=form, organisation=None)


@blueprint.route("/organisations/<uuid:organisation_id>/edit", methods=["GET", "POST"])
@admin_only
def edit_organisation(organisation_id: uuid.UUID) -> str | Response | tuple[str, int]:
    organisation = _organisation_or_404(organisation_id)
    form = OrganisationForm(obj=organisation)
    saved: dict[str, str] = {}
    if form.validate_on_submit():
        try:
            services.update_organisation(
                organisation,
                _organisation_data(form),
                expected_version=required_data(form.version.data),
            )
        except ConcurrentEdit:
            saved = {
                "name": organisation.name,
                "country_code": country_name(organisation.country_code, str(get_locale())),
                "is_coordinating_body": _("yes") if organisation.is_coordinating_body else _("no"),
            }
            form.version.data = organisation.version
            flash(_conflict_message(), "error")
            return render_template(
                "admin/organisation_form.html",
                form=form,
                organisation=organisation,
                saved=saved,
            ), 409
        flash(_("Changes to %(name)s saved.", name=organisation.name), "success")
        return redirect(url_for("admin.organisations"))
    return render_template(
        "admin/organisation_form.html", form=form, organisation=organisation, saved=saved
    )


@blueprint.route("/organisations/<uuid:organisation_id>/active", methods=["POST"])
@admin_only
def set_organisation_active(organisation_id: uuid.UUID) -> Response:
    organisation = _organisation_or_404(organisation_id)
    active = request.form.get("active") == "1"
    try:
        services.set_organisation_active(organisation, active)
    except LastActiveAdmin:
        flash(_last_admin_message(), "error")
        return redirect(url_for("admin.organisations"))
    if active:
        flash(_("%(name)s is active again.", name=organisation.name), "success")
    else:
        flash(
            _(
                "%(name)s is deactivated; its accounts can no longer log in.",
                name=organisation.name,
            ),
            "success",
        )
    return redirect(url_for("admin.organisations"))


# Users


def _user_data(form: UserForm) -> services.UserData:
    return services.UserData(
        email=form.email.data or "",
        display_name=form.display_name.data or "",
        organisation_id=uuid.UUID(form.organisation_id.data),
        role=form.chosen_role,
        preferred_locale=form.preferred_locale.data or None,
    )


def _link_page(user: User, secret: str, purpose: TokenPurpose) -> str:
    return render_template(
        "admin/account_link.html",
        user=user,
        link=url_for("accounts.set_password", secret=secret, _external=True),
        purpose=purpose,
    )


@blueprint.route("/users")
@admin_only
def users() -> str:
    organisation_id = None
    raw = request.args.get("organisation")
    if raw:
        try:
            organisation_id = uuid.UUID(raw)
        except ValueError:
            abort(404)
        _organisation_or_404(organisation_id)
    return render_template(
        "admin/users.html",
        users=services.list_users(organisation_id),
        organisations=services.list_organisations(),
        selected_organisation=raw or "",
    )


@blueprint.route("/users/new", methods=["GET", "POST"])
@admin_only
def new_user() -> str | Response | tuple[str, int]:
    form = UserForm(organisations=_organisation_choices(), data={"version": 0})
    if form.validate_on_submit():
        try:
            user, secret = services.create_user(_user_data(form), created_by=current_user)
        except EmailTaken:
            form.email.errors = [*form.email.errors, _email_taken_message()]
            return render_template("admin/user_form.html", form=form, user=None), 409
        return _link_page(user, secret, TokenPurpose.ACTIVATION)
    return render_template("admin/user_form.html", form=form, user=None)


@blueprint.route("/users/<uuid:user_id>/edit", methods=["GET", "POST"])
@admin_only
def edit_user(user_id: uuid.UUID) -> str | Response | tuple[str, int]:
    user = _user_or_404(user_id)
    form = UserForm(
        obj=user,
        organisations=_organisation_choices(),
        data={"organisation_id": str(user.organisation_id), "role": user.role.value},
    )
    if request.method == "GET":
        form.organisation_id.data = str(user.organisation_id)
        form.role.data = user.role.value
        form.preferred_locale.data = user.preferred_locale or ""
    if form.validate_on_submit():
        try:
            services.update_user(
                user, _user_data(form), expected_version=required_data(form.version.data)
            )
        except EmailTaken:
            form.email.errors = [*form.email.errors, _email_taken_message()]
            return render_template("admin/user_form.html", form=form, user=user), 409
        except LastActiveAdmin:
            flash(_last_admin_message(), "error")
            return render_template("admin/user_form.html", form=form, user=user), 409
        except ConcurrentEdit:
            form.version.data = user.version
            flash(_conflict_message(), "error")
            saved = {
                "email": user.email,
                "display_name": user.display_name,
                "organisation_id": user.organisation.name,
                "role": user.role.label,
            }
            return render_template("admin/user_form.html", form=form, user=user, saved=saved), 409
        else:
            flash(_("Changes to the account of %(name)s saved.", name=user.display_name), "success")
            return redirect(url_for("admin.users"))
    return render_template(
        "admin/user_form.html",
        form=form,
        user=user,
        pending=services.pending_token(user),
    )


@blueprint.route("/users/<uuid:user_id>/active", methods=["POST"])
@admin_only
def set_user_active(user_id: uuid.UUID) -> Response:
    user = _user_or_404(user_id)
    active = request.form.get("active") == "1"
    try:
        services.set_user_active(user, active)
    except LastActiveAdmin:
        flash(_last_admin_message(), "error")
        return redirect(url_for("admin.users"))
    if active:
        flash(_("The account of %(name)s is active again.", name=user.display_name), "success")
    else:
        flash(
            _(
                "The account of %(name)s is deactivated; it can no longer log in.",
                name=user.display_name,
            ),
            "success",
        )
    return redirect(url_for("admin.users"))


@blueprint.route("/users/<uuid:user_id>/password-link", methods=["POST"])
@admin_only
def password_link(user_id: uuid.UUID) -> str:
    user = _user_or_404(user_id)
    purpose = TokenPurpose.PASSWORD_RESET if user.password_hash else TokenPurpose.ACTIVATION
    secret = services.issue_token(user, purpose, created_by=current_user)
    return _link_page(user, secret, purpose)
