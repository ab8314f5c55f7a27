"""Case workers' and coordinators' pages: the caseload and the case file."""

from __future__ import annotations

import uuid
from dataclasses import replace
from datetime import timedelta

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from werkzeug.wrappers import Response
from wtforms import Field

from app.accounts.models import Organisation
from app.accounts.permissions import roles_required
from app.accounts.roles import Role
from app.accounts.services import beneficiary_account
from app.cases import access, referrals, services, timeline
from app.cases.display import date_or_marker, display_helpers, field_label
from app.cases.errors import (
    CaseErased,
    ConsentMissing,
    InvalidInput,
    ReferralNotPending,
    StaleRecord,
)
from app.cases.forms import (
    AssignmentForm,
    BeneficiaryForm,
    CloseCaseForm,
    ConsentForm,
    NoteForm,
    ReferralForm,
    TaskForm,
)
from app.cases.messages import show_problems
from app.cases.models import Beneficiary, Consent, Referral, Task, TaskKind
from app.cases.pathways import services as pathways
from app.cases.pathways.templates import template_for_country
from app.cases.views import (
    case_data_from,
    caseload_filters_from,
    fill_beneficiary_form,
    saved_profile_values,
    stale_message,
)
from app.dates import local_today
from app.extensions import db
from app.forms import Form, options, required_data
from app.pagination import page_number_from
from app.vocabulary import (
    CaseStatus,
    ClosureReason,
    ConsentPurpose,
    NoteKind,
    StageKind,
    StageStatus,
    TargetGroup,
)

blueprint = Blueprint("cases", __name__, url_prefix="/cases", template_folder="templates")

case_workers = roles_required(Role.TRAINER, Role.PSYCHOLOGIST, deny_with=404)
case_readers = roles_required(Role.TRAINER, Role.PSYCHOLOGIST, Role.COORDINATOR, deny_with=404)
coordinators = roles_required(Role.COORDINATOR, deny_with=404)


_CASE_VOCABULARY = {
    **display_helpers(),
    "stage_kinds": tuple(StageKind),
    "stage_statuses": tuple(StageStatus),
    "target_groups": tuple(TargetGroup),
    "case_statuses": tuple(CaseStatus),
}


@blueprint.context_processor
def case_vocabulary() -> dict[str, object]:
    return _CASE_VOCABULARY


@blueprint.app_errorhandler(CaseErased)
def erased_case(error: CaseErased) -> tuple[str, int]:
    """Every page of an erased case (pathway and portal access included) says so."""
    db.session.rollback()
    return render_template("cases/erased.html", case_number=error.case_number), 410


blueprint.add_app_template_filter(date_or_marker, "date_or_marker")
blueprint.add_app_template_filter(field_label, "field_label")


@blueprint.app_template_filter("reject_worker")
def reject_worker(arguments: dict[str, str]) -> dict[str, str]:
    """Query arguments without the worker filter (and so back to the first page)."""
    return {name: value for name, value in arguments.items() if name not in {"worker", "page"}}


@blueprint.app_template_filter("reject_page")
def reject_page(arguments: dict[str, str]) -> dict[str, str]:
    """Query arguments without the page number, to build the other pages' links."""
    return {name: value for name, value in arguments.items() if name != "page"}


def _case_url(beneficiary: Beneficiary, anchor: str | None = None) -> str:
    return url_for("cases.case", beneficiary_id=beneficiary.id, _anchor=anchor)


def _admin_url(beneficiary: Beneficiary, anchor: str) -> str:
    return url_for("cases.case_admin", beneficiary_id=beneficiary.id, _anchor=anchor)


@blueprint.route("/")
@case_readers
def caseload() -> str:
    filters = caseload_filters_from(request.args)
    chosen_worker = None
    if filters.worker_id is not None and current_user.role is Role.COORDINATOR:
        chosen_worker = services.case_worker_in(current_user.organisation_id, filters.worker_id)
    if chosen_worker is None:  # only a coordinator filters, and by their own workers
        filters = replace(filters, worker_id=None)
    results = services.caseload(current_user, filters, page_number_from(request.args.get("page")))
    today = local_today()
    tasks = (
        services.open_tasks_for(current_user, today + timedelta(days=7 - today.weekday()))
        if current_user.role is not Role.COORDINATOR
        else []
    )
    return render_template(
        "cases/caseload.html",
        results=results,
        filters=filters,
        tasks=tasks,
        today=today,
        chosen_worker=chosen_worker,
    )


@blueprint.route("/workers")
@coordinators
def workers() -> str:
    """The organisation's case workers with their active cases: where a coordinator
    chooses whose caseload to look at."""
    return render_template(
        "cases/workers.html",
        workers=services.caseload_per_worker(current_user.organisation_id),
    )


@blueprint.route("/new", methods=["GET", "POST"])
@case_workers
def new_case() -> str | Response:
    organisation = current_user.organisation
    template = template_for_country(organisation.country_code)
    form = BeneficiaryForm(data={"entered_on": local_today(), "version": 0})
    duplicates: list[Beneficiary] = []
    if form.validate_on_submit():
        data = case_data_from(form)
        duplicates = services.find_possible_duplicates(
            organisation.id, data.given_names, data.family_name, data.birth_date
        )
        if not duplicates or request.form.get("not_a_duplicate") == "1":
            try:
                beneficiary = services.create_case(organisation, data, current_user, local_today())
            except InvalidInput as error:
                show_problems(form, error)
            else:
                if template is not None and request.form.get("use_template") == "1":
                    pathways.create_pathway(beneficiary, template, current_user)
                flash(_("Case %(number)s created.", number=beneficiary.case_number), "success")
                return redirect(_case_url(beneficiary))
    return render_template(
        "cases/beneficiary_form.html",
        form=form,
        beneficiary=None,
        duplicates=duplicates,
        template=template,
    )


@blueprint.route("/<uuid:beneficiary_id>")
@case_readers
def case(beneficiary_id: uuid.UUID) -> str:
    """What people work on every day: profile, pathway, goals and tasks, timeline."""
    beneficiary = access.get_case_for(current_user, beneficiary_id)
    pathway = pathways.pathway_of(beneficiary)
    stages = list(pathway.stages) if pathway else []
    return render_template(
        "cases/case.html",
        beneficiary=beneficiary,
        pathway=pathway,
        stages=stages,
        overall_levels=pathways.overall_levels_of(pathway) if pathway else {},
        current_stage=pathways.current_stage(stages),
        # Proposed when there is no pathway yet.
        template=None if pathway else template_for_country(beneficiary.organisation.country_code),
        notes=timeline.notes_for(beneficiary, current_user),
        tasks=timeline.tasks_for(beneficiary),
        can_edit=access.can_edit_case(current_user, beneficiary),
        can_manage=access.can_manage_case(current_user, beneficiary),
        pending_referral=referrals.pending_referral(beneficiary),
        today=local_today(),
    )


@blueprint.route("/<uuid:beneficiary_id>/administration")
@case_readers
def case_admin(beneficiary_id: uuid.UUID) -> str:
    """What changes now and then: consent, who follows the case, portal access, status."""
    beneficiary = access.get_case_for(current_user, beneficiary_id)
    return render_template(
        "cases/case_admin.html",
        beneficiary=beneficiary,
        can_edit=access.can_edit_case(current_user, beneficiary),
        can_manage=access.can_manage_case(current_user, beneficiary),
        pending_referral=referrals.pending_referral(beneficiary),
        portal_account=beneficiary_account(beneficiary.id),
        referral_history=referrals.referral_history(beneficiary),
    )


@blueprint.route("/<uuid:beneficiary_id>/edit", methods=["GET", "POST"])
@case_workers
def edit_case(beneficiary_id: uuid.UUID) -> str | Response | tuple[str, int]:
    beneficiary = access.get_case_for(current_user, beneficiary_id, edit=True)
    form = BeneficiaryForm()
    if request.method == "GET":
        fill_beneficiary_form(form, beneficiary)
    elif form.validate_on_submit():
        try:
            services.update_case(
                beneficiary,
                case_data_from(form),
                required_data(form.version.data),
                current_user,
                local_today(),
            )
        except StaleRecord:
            form.version.data = beneficiary.version
            flash(stale_message(), "error")
            return render_template(
                "cases/beneficiary_form.html",
                form=form,
                beneficiary=beneficiary,
                saved=saved_profile_values(beneficiary),
            ), 409
        except InvalidInput as error:
            show_problems(form, error)
        else:
            flash(_("Profile saved."), "success")
            return redirect(_case_url(beneficiary))
    return render_template("cases/beneficiary_form.html", form=form, beneficiary=beneficiary)


def _case_form_page(
    beneficiary: Beneficiary,
    form: Form,
    *,
    heading: str,
    submit: str,
    fields: list[Field] | None = None,
    back_to: str | None = None,
) -> str:
    """A form of the case file on a page of its own; errors show next to their fields."""
    return render_template(
        "cases/case_form.html",
        beneficiary=beneficiary,
        form=form,
        fields=fields if fields is not None else [f for f in form if f.type != "CSRFTokenField"],
        heading=heading,
        submit=submit,
        back_to=back_to or _case_url(beneficiary),
    )


@blueprint.route("/<uuid:beneficiary_id>/notes", methods=["GET", "POST"])
@case_workers
def add_note(beneficiary_id: uuid.UUID) -> str | Response:
    beneficiary = access.get_case_for(current_user, beneficiary_id, edit=True)
    form = NoteForm(data={"occurred_on": local_today(), "kind": NoteKind.MEETING.value})
    if form.validate_on_submit():
        try:
            timeline.add_note(
                beneficiary,
                current_user,
                occurred_on=required_data(form.occurred_on.data),
                kind=NoteKind(form.kind.data),
                body=required_data(form.body.data),
                confidential=bool(form.confidential.data),
                today=local_today(),
            )
        except InvalidInput as error:
            show_problems(form, error)
        else:
            flash(_("Note added."), "success")
            return redirect(_case_url(beneficiary, "timeline"))
    fields = [form.occurred_on, form.kind, form.body]
    if current_user.role is Role.PSYCHOLOGIST:
        fields.append(form.confidential)
    return _case_form_page(
        beneficiary, form, heading=_("Add a note"), submit=_("Add the note"), fields=fields
    )


@blueprint.route("/<uuid:beneficiary_id>/tasks", methods=["GET", "POST"])
@case_workers
def add_task(beneficiary_id: uuid.UUID) -> str | Response:
    beneficiary = access.get_case_for(current_user, beneficiary_id, edit=True)
    form = TaskForm(data={"owner_id": str(current_user.id)})
    colleagues = {str(u.id): u for u in services.task_owners_for(beneficiary, current_user)}
    form.owner_id.choices = options((key, u.display_name) for key, u in colleagues.items())
    if form.validate_on_submit():
        timeline.add_task(
            beneficiary,
            current_user,
            title=required_data(form.title.data),
            due_on=required_data(form.due_on.data),
            owner=colleagues[form.owner_id.data],
            kind=TaskKind(form.kind.data),
        )
        flash(_("Task added."), "success")
        return redirect(_case_url(beneficiary, "tasks"))
    return _case_form_page(beneficiary, form, heading=_("Add a goal or task"), submit=_("Add"))


@blueprint.route("/<uuid:beneficiary_id>/tasks/<uuid:task_id>/done", methods=["POST"])
@case_workers
def complete_task(beneficiary_id: uuid.UUID, task_id: uuid.UUID) -> Response:
    beneficiary = access.get_case_for(current_user, beneficiary_id, edit=True)
    task = access.part_of_case(Task, task_id, beneficiary)
    timeline.complete_task(task, current_user)
    flash(_("Task marked as done."), "success")
    return redirect(_case_url(beneficiary, "tasks"))


@blueprint.route("/<uuid:beneficiary_id>/consents", methods=["GET", "POST"])
@case_workers
def record_consent(beneficiary_id: uuid.UUID) -> str | Response:
    beneficiary = access.get_case_for(current_user, beneficiary_id, edit=True)
    form = ConsentForm(data={"given_on": local_today()})
    if form.validate_on_submit():
        try:
            services.record_consent(
                beneficiary,
                ConsentPurpose(form.purpose.data),
                required_data(form.given_on.data),
                current_user,
                local_today(),
            )
        except InvalidInput as error:
            show_problems(form, error)
        else:
            flash(_("Consent recorded."), "success")
            return redirect(_admin_url(beneficiary, "consent"))
    return _case_form_page(
        beneficiary,
        form,
        heading=_("Record consent"),
        submit=_("Record"),
        back_to=_admin_url(beneficiary, "consent"),
    )


@blueprint.route("/<uuid:beneficiary_id>/consents/<uuid:consent_id>/withdraw", methods=["POST"])
@case_workers
def withdraw_consent(beneficiary_id: uuid.UUID, consent_id: uuid.UUID) -> Response:
    beneficiary = access.get_case_for(current_user, beneficiary_id, edit=True)
    consent = access.part_of_case(Consent, consent_id, beneficiary)
    services.withdraw_consent(consent, current_user, local_today())
    flash(_("Consent withdrawn."), "success")
    return redirect(_admin_url(beneficiary, "consent"))


@blueprint.route("/<uuid:beneficiary_id>/status", methods=["POST"])
@case_workers
def change_status(beneficiary_id: uuid.UUID) -> Response:
    """Put on hold or reopen; closing, which needs a reason, has its own page."""
    beneficiary = access.get_case_for(current_user, beneficiary_id, edit=True)
    raw = request.form.get("status", "")
    if raw not in {CaseStatus.ACTIVE.value, CaseStatus.ON_HOLD.value}:
        abort(400)
    status = CaseStatus(raw)
    services.set_case_status(beneficiary, status, current_user, local_today())
    flash(_("Case status changed to: %(status)s.", status=status.label), "success")
    return redirect(_case_url(beneficiary))


@blueprint.route("/<uuid:beneficiary_id>/close", methods=["GET", "POST"])
@case_workers
def close_case(beneficiary_id: uuid.UUID) -> str | Response:
    beneficiary = access.get_case_for(current_user, beneficiary_id, edit=True)
    if beneficiary.status is CaseStatus.CLOSED:
        return redirect(_case_url(beneficiary))
    form = CloseCaseForm()
    if form.validate_on_submit():
        services.set_case_status(
            beneficiary,
            CaseStatus.CLOSED,
            current_user,
            local_today(),
            ClosureReason(form.closure_reason.data),
        )
        flash(_("Case status changed to: %(status)s.", status=CaseStatus.CLOSED.label), "success")
        return redirect(_case_url(beneficiary))
    return _case_form_page(
        beneficiary,
        form,
        heading=_("Close the case"),
        submit=_("Close the case"),
        back_to=_admin_url(beneficiary, "status"),
    )


@blueprint.route("/<uuid:beneficiary_id>/assignments", methods=["GET", "POST"])
@coordinators
def assign(beneficiary_id: uuid.UUID) -> str | Response:
    beneficiary = access.get_case_for(current_user, beneficiary_id)
    form = AssignmentForm()
    assigned = {assignment.user_id for assignment in beneficiary.assignments}
    workers = {
        str(u.id): u
        for u in services.case_workers_of(beneficiary.organisation_id)
        if u.id not in assigned
    }
    form.user_id.choices = options((key, u.display_name) for key, u in workers.items())
    if form.validate_on_submit():
        services.assign(beneficiary, workers[form.user_id.data], current_user)
        flash(_("Worker assigned."), "success")
        return redirect(_admin_url(beneficiary, "team"))
    return _case_form_page(
        beneficiary,
        form,
        heading=_("Who follows this case"),
        submit=_("Assign"),
        back_to=_admin_url(beneficiary, "team"),
    )


@blueprint.route("/<uuid:beneficiary_id>/assignments/<uuid:user_id>/remove", methods=["POST"])
@coordinators
def unassign(beneficiary_id: uuid.UUID, user_id: uuid.UUID) -> Response:
    beneficiary = access.get_case_for(current_user, beneficiary_id)
    services.unassign(beneficiary, user_id, current_user)
    flash(_("Worker no longer assigned."), "success")
    return redirect(_admin_url(beneficiary, "team"))


@blueprint.route("/<uuid:beneficiary_id>/history")
@case_readers
def history(beneficiary_id: uuid.UUID) -> str:
    beneficiary = access.get_case_for(current_user, beneficiary_id)
    return render_template(
        "cases/history.html", beneficiary=beneficiary, events=services.history_of(beneficiary)
    )


# Referrals


@blueprint.route("/<uuid:beneficiary_id>/refer", methods=["GET", "POST"])
@case_readers
def refer(beneficiary_id: uuid.UUID) -> str | Response | tuple[str, int]:
    beneficiary = access.get_case_for(current_user, beneficiary_id)
    partners = {
        str(org.id): org
        for org in db.session.scalars(db.select(Organisation).where(Organisation.active))
        if org.id != beneficiary.organisation_id
    }
    form = ReferralForm()
    form.to_organisation_id.choices = options(
        [("", _("Choose an organisation"))] + [(k, o.name) for k, o in partners.items()]
    )
    status = 200
    if form.validate_on_submit():
        try:
            referrals.refer(
                beneficiary,
                partners[form.to_organisation_id.data],
                current_user,
                form.message.data,
            )
        except ConsentMissing:
            flash(
                _(
                    "Record the beneficiary's consent to share with a partner organisation "
                    "before referring the case."
                ),
                "error",
            )
            status = 409
        except InvalidInput as error:
            show_problems(form, error)
            status = 409
        else:
            flash(
                _("Referral sent. The partner's coordinator will accept or decline it."), "success"
            )
            return redirect(_case_url(beneficiary))
    return render_template("cases/refer.html", form=form, beneficiary=beneficiary), status


@blueprint.route("/referrals")
@coordinators
def incoming_referrals() -> str:
    return render_template(
        "cases/referrals.html",
        referrals=referrals.incoming_referrals(current_user.organisation_id),
    )


@blueprint.route("/referrals/<uuid:referral_id>/<any(accept, decline):decision>", methods=["POST"])
@coordinators
def decide_referral(referral_id: uuid.UUID, decision: str) -> Response:
    referral = db.session.get(Referral, referral_id)
    if referral is None or referral.to_organisation_id != current_user.organisation_id:
        abort(404)
    try:
        referrals.decide(referral, current_user, accept=decision == "accept")
    except ReferralNotPending:
        flash(_("This referral has already been answered."), "error")
        return redirect(url_for("cases.incoming_referrals"))
    if decision == "accept":
        flash(
            _(
                "Case %(number)s is now followed by your organisation. Assign its workers.",
                number=referral.beneficiary.case_number,
            ),
            "success",
        )
        return redirect(_admin_url(referral.beneficiary, "team"))
    flash(_("Referral declined."), "success")
    return redirect(url_for("cases.incoming_referrals"))
