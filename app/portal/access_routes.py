"""Case workers give a beneficiary access to their own space, print the letter, close it.

These pages sit in the case file (their URLs are under the case's), but what they do is
the portal's: its accounts, activation codes and welcome letter.
"""

from __future__ import annotations

import uuid

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import get_timezone
from flask_babel import gettext as _
from flask_login import current_user
from werkzeug.wrappers import Response

from app.accounts.errors import InactiveAccount, TokenExpired, TokenInvalid, TokenUsed
from app.accounts.permissions import roles_required
from app.accounts.roles import Role
from app.accounts.services import beneficiary_account
from app.cases import access
from app.dates import local_today
from app.portal import services
from app.portal.letter import letter_pdf, welcome_letter

blueprint = Blueprint(
    "portal_access", __name__, url_prefix="/cases/<uuid:beneficiary_id>/portal-access"
)
case_workers = roles_required(Role.TRAINER, Role.PSYCHOLOGIST, deny_with=404)


@blueprint.route("", methods=["POST"])
@case_workers
def issue(beneficiary_id: uuid.UUID) -> str:
    beneficiary = access.get_case_for(current_user, beneficiary_id, edit=True)
    issued = services.issue_access(beneficiary, current_user, local_today())
    letter = welcome_letter(beneficiary, issued.account, issued.code, issued.expires_on)
    return render_template(
        "portal/letter_page.html", beneficiary=beneficiary, letter=letter, code=issued.code
    )


@blueprint.route("/revoke", methods=["POST"])
@case_workers
def revoke(beneficiary_id: uuid.UUID) -> Response:
    beneficiary = access.get_case_for(current_user, beneficiary_id, edit=True)
    services.revoke_access(beneficiary, current_user)
    flash(_("Access to the personal space is closed."), "success")
    return redirect(url_for("cases.case_admin", beneficiary_id=beneficiary.id, _anchor="portal"))


@blueprint.route("/letter.pdf", methods=["POST"])
@case_workers
def pdf_letter(beneficiary_id: uuid.UUID) -> Response:
    beneficiary = access.get_case_for(current_user, beneficiary_id, edit=True)
    account = beneficiary_account(beneficiary.id)
    code = request.form.get("code", "")
    if not code:
        abort(400)
    try:
        token = services.activation_for(code)
    except (TokenInvalid, TokenUsed, TokenExpired, InactiveAccount):
        abort(404)
    if account is None or token.user_id != account.id:
        abort(404)
    expires_on = token.expires_at.astimezone(get_timezone()).date()
    welcome = welcome_letter(beneficiary, account, services.normalise_code(code), expires_on)
    filename = f"passerelle-{beneficiary.case_number}.pdf"
    return Response(
        letter_pdf(welcome),
        mimetype="application/pdf",
        headers={"Content-Disposition": f'attachment; filename="{filename}"'},
    )
