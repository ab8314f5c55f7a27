"""Pathway pages: start a pathway, add and edit stages, move a beneficiary on."""

from __future__ import annotations

import uuid

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from werkzeug.wrappers import Response

from app.accounts.permissions import roles_required
from app.accounts.roles import Role
from app.cases import access
from app.cases.display import ASSESSMENT_POINT_LABELS
from app.cases.errors import InvalidInput, StaleRecord
from app.cases.messages import PROBLEM_MESSAGES, show_problems
from app.cases.models import Beneficiary
from app.cases.pathways import services
from app.cases.pathways.forms import (
    LanguageLevelsForm,
    PathwaySettingsForm,
    StageDateForm,
    StageForm,
)
from app.cases.pathways.models import AssessmentPoint, Pathway, Stage
from app.cases.pathways.templates import template_for_country
from app.cases.pathways.views import (
    fill_levels_form,
    fill_stage_form,
    levels_from,
    saved_stage_values,
    stage_data_from,
)
from app.cases.views import stale_message
from app.dates import local_today
from app.forms import required_data
from app.vocabulary import IntensityReason, LanguageSkill, PathwayVariant

blueprint = Blueprint(
    "pathways",
    __name__,
    url_prefix="/cases/<uuid:beneficiary_id>/pathway",
    template_folder="templates",
)
case_workers = roles_required(Role.TRAINER, Role.PSYCHOLOGIST, deny_with=404)


def _case_url(beneficiary: Beneficiary) -> str:
    return url_for("cases.case", beneficiary_id=beneficiary.id, _anchor="pathway")


def _editable_case(beneficiary_id: uuid.UUID) -> tuple[Beneficiary, Pathway]:
    beneficiary = access.get_case_for(current_user, beneficiary_id, edit=True)
    pathway = services.pathway_of(beneficiary)
    if pathway is None:
        abort(404)
    return beneficiary, pathway


def _stage_of(pathway: Pathway, stage_id: uuid.UUID) -> Stage:
    return access.part_of_case(Stage, stage_id, pathway.beneficiary)


@blueprint.route("/start", methods=["POST"])
@case_workers
def start(beneficiary_id: uuid.UUID) -> Response:
    beneficiary = access.get_case_for(current_user, beneficiary_id, edit=True)
    if services.pathway_of(beneficiary) is None:
        template = None
        if request.form.get("use_template") == "1":
            template = template_for_country(beneficiary.organisation.country_code)
        services.create_pathway(beneficiary, template, current_user)
        flash(_("Pathway started."), "success")
    return redirect(_case_url(beneficiary))


@blueprint.route("/settings", methods=["GET", "POST"])
@case_workers
def settings(beneficiary_id: uuid.UUID) -> str | Response | tuple[str, int]:
    beneficiary, pathway = _editable_case(beneficiary_id)
    form = PathwaySettingsForm()
    if request.method == "GET":
        form.intensity.data = str(pathway.intensity)
        form.intensity_reason.data = (
            pathway.intensity_reason.value if pathway.intensity_reason else ""
        )
        form.variant.data = pathway.variant.value
        form.version.data = pathway.version
    elif form.validate_on_submit():
        new = services.PathwaySettings(
            intensity=int(form.intensity.data),
            intensity_reason=IntensityReason(form.intensity_reason.data)
            if form.intensity_reason.data
            else None,
            variant=PathwayVariant(form.variant.data),
        )
        try:
            services.update_pathway_settings(
                pathway, new, required_data(form.version.data), current_user
            )
        except StaleRecord:
            form.version.data = pathway.version
            flash(stale_message(), "error")
            return render_template(
                "pathways/settings.html", form=form, beneficiary=beneficiary
            ), 409
        except InvalidInput as error:
            show_problems(form, error)
        else:
            flash(_("Pathway saved."), "success")
            return redirect(_case_url(beneficiary))
    return render_template("pathways/settings.html", form=form, beneficiary=beneficiary)


@blueprint.route("/stages/new", methods=["GET", "POST"])
@case_workers
def new_stage(beneficiary_id: uuid.UUID) -> str | Response:
    beneficiary, pathway = _editable_case(beneficiary_id)
    form = StageForm(data={"version": 0})
    if request.method == "GET" and request.args.get("kind"):
        form.kind.data = request.args["kind"]
    if form.validate_on_submit():
        try:
            services.add_stage(
                pathway,
                stage_data_from(form),
                current_user,
                local_today(),
                hours_confirmed=bool(form.hours_confirmed.data),
            )
        except InvalidInput as error:
            show_problems(form, error)
        else:
            flash(_("Stage added."), "success")
            return redirect(_case_url(beneficiary))
    return render_template(
        "pathways/stage_form.html", form=form, beneficiary=beneficiary, stage=None
    )


@blueprint.route("/stages/<uuid:stage_id>/edit", methods=["GET", "POST"])
@case_workers
def edit_stage(beneficiary_id: uuid.UUID, stage_id: uuid.UUID) -> str | Response | tuple[str, int]:
    beneficiary, pathway = _editable_case(beneficiary_id)
    stage = _stage_of(pathway, stage_id)
    form = StageForm()
    if request.method == "GET":
        fill_stage_form(form, stage)
    elif form.validate_on_submit():
        try:
            services.update_stage(
                stage,
                stage_data_from(form),
                required_data(form.version.data),
                current_user,
                local_today(),
                hours_confirmed=bool(form.hours_confirmed.data),
            )
        except StaleRecord:
            form.version.data = stage.version
            flash(stale_message(), "error")
            return render_template(
                "pathways/stage_form.html",
                form=form,
                beneficiary=beneficiary,
                stage=stage,
                saved=saved_stage_values(stage),
            ), 409
        except InvalidInput as error:
            show_problems(form, error)
        else:
            flash(_("Stage saved."), "success")
            return redirect(_case_url(beneficiary))
    return render_template(
        "pathways/stage_form.html", form=form, beneficiary=beneficiary, stage=stage
    )


@blueprint.route("/stages/<uuid:stage_id>/<any(start, complete):step>", methods=["POST"])
@case_workers
def move_stage(beneficiary_id: uuid.UUID, stage_id: uuid.UUID, step: str) -> Response:
    beneficiary, pathway = _editable_case(beneficiary_id)
    stage = _stage_of(pathway, stage_id)
    form = StageDateForm()
    if not form.validate_on_submit():
        flash(_("Enter a real date, for example 2026-03-27."), "error")
        return redirect(_case_url(beneficiary))
    move = services.start_stage if step == "start" else services.complete_stage
    try:
        move(stage, required_data(form.on.data), current_user, local_today())
    except InvalidInput as error:
        for code in error.problems.values():
            flash(str(PROBLEM_MESSAGES.get(code, code)), "error")
        return redirect(
            url_for("pathways.edit_stage", beneficiary_id=beneficiary.id, stage_id=stage.id)
        )
    if step == "start":
        flash(_("Stage “%(title)s” started.", title=stage.title), "success")
    else:
        flash(_("Stage “%(title)s” completed.", title=stage.title), "success")
    return redirect(_case_url(beneficiary))


@blueprint.route("/stages/<uuid:stage_id>/levels", methods=["GET", "POST"])
@case_workers
def levels(beneficiary_id: uuid.UUID, stage_id: uuid.UUID) -> str | Response:
    beneficiary, pathway = _editable_case(beneficiary_id)
    stage = _stage_of(pathway, stage_id)
    form = LanguageLevelsForm()
    if request.method == "GET":
        fill_levels_form(form, stage)
    elif form.validate_on_submit():
        try:
            services.set_language_levels(stage, levels_from(form), current_user, local_today())
        except InvalidInput as error:
            show_problems(form, error)
        else:
            flash(_("Language levels saved."), "success")
            return redirect(_case_url(beneficiary))
    return render_template(
        "pathways/levels.html",
        form=form,
        beneficiary=beneficiary,
        stage=stage,
        points=list(AssessmentPoint),
        skills=list(LanguageSkill),
        point_labels=ASSESSMENT_POINT_LABELS,
    )
