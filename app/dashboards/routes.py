"""Coordinators' pathway dashboards, their exports and the printable funder report."""

from __future__ import annotations

import time
import uuid

import click
from flask import Blueprint, Response, abort, render_template, request
from flask_babel import format_date, get_locale
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import select

from app.accounts.models import Organisation, User
from app.accounts.permissions import roles_required
from app.accounts.roles import Role
from app.dashboards.builders import Dashboard, build_dashboard
from app.dashboards.charts import Series, bar_chart
from app.dashboards.exports import to_csv, to_xlsx
from app.dashboards.forms import FilterForm
from app.dashboards.queries.scope import Breakdown, Filters, Scope
from app.dashboards.summary import rebuild
from app.dashboards.tables import count_cell, derived_cell, small_marker
from app.dates import local_today
from app.extensions import db
from app.i18n import text_direction
from app.pdf import html_to_pdf
from app.vocabulary import StageKind, TargetGroup

blueprint = Blueprint("dashboards", __name__, url_prefix="/dashboards", template_folder="templates")


@blueprint.cli.command("rebuild")
@click.option(
    "--batch-size",
    type=click.IntRange(1, 5_000),
    help="Rewrite this many beneficiaries' rows per transaction, so that the application "
    "can write in between; by default the whole summary is one transaction.",
)
def rebuild_command(batch_size: int | None) -> None:
    """Recompute the dashboard summary from the case files, after a bulk import."""
    started = time.perf_counter()

    def commit_batch(done: int) -> None:
        db.session.commit()
        click.echo(f"  {done} beneficiaries rewritten")

    rebuild(db.session(), batch_size=batch_size, on_batch=commit_batch)
    db.session.commit()
    click.echo(f"Dashboard summary rebuilt in {time.perf_counter() - started:.1f} s.")


def scope_of(user: User) -> Scope:
    """A coordinator sees their organisation; one of the coordinating body, the network."""
    organisation = db.session.get(Organisation, user.organisation_id)
    if organisation is not None and organisation.is_coordinating_body:
        ids = tuple(db.session.scalars(select(Organisation.id)))
        return Scope(organisation_ids=ids, network=True)
    return Scope(organisation_ids=(user.organisation_id,), network=False)


def _organisation_choices(scope: Scope) -> list[tuple[uuid.UUID, str]]:
    rows = db.session.execute(
        select(Organisation.id, Organisation.name).where(
            Organisation.id.in_(scope.organisation_ids)
        )
    ).all()
    return sorted(((i, n) for i, n in rows), key=lambda pair: pair[1].casefold())


def _filters() -> tuple[FilterForm, Filters]:
    scope = scope_of(current_user)
    requested = request.args.get("organisation", "")
    if requested:
        try:
            wanted = uuid.UUID(requested)
        except ValueError:
            abort(404)
        if wanted not in scope.organisation_ids:
            abort(404)
    form = FilterForm(request.args, _organisation_choices(scope), scope.network)
    valid = form.validate() if request.args else True
    data = form.data if valid else {}
    breakdown = Breakdown(form.breakdown.data) if valid and form.breakdown.data else None
    if breakdown is None:
        breakdown = Breakdown.ORGANISATION if scope.network else Breakdown.TARGET_GROUP
    if not scope.network and breakdown is Breakdown.ORGANISATION:
        breakdown = Breakdown.TARGET_GROUP
    filters = Filters(
        scope=scope,
        date_from=data.get("date_from"),
        date_to=data.get("date_to"),
        organisation_id=uuid.UUID(data["organisation"]) if data.get("organisation") else None,
        stage_kind=StageKind(data["stage_kind"]) if data.get("stage_kind") else None,
        target_group=TargetGroup(data["target_group"]) if data.get("target_group") else None,
        breakdown=breakdown,
    )
    return form, filters


def _dashboard() -> tuple[FilterForm, Dashboard]:
    form, filters = _filters()
    locale = str(get_locale())
    return form, build_dashboard(filters, local_today(), locale)


def _charts(dashboard: Dashboard) -> dict[str, object]:
    direction = text_direction(str(get_locale()))
    outcomes = dashboard.table("outcomes")
    funnel = dashboard.table("funnel")
    charts: dict[str, object] = {}
    if outcomes.rows:
        charts["outcomes"] = bar_chart(
            outcomes,
            [
                Series("people", _("Beneficiaries")),
                Series("employed", _("Reached employment")),
            ],
            chart_id="chart-outcomes",
            title=_("Beneficiaries and those who reached employment"),
            description=_(
                "Horizontal bars, one pair per row of the table that follows: beneficiaries, "
                "then those who reached employment. Hidden counts draw no bar."
            ),
            threshold=dashboard.threshold,
            direction=direction,
        )
    charts["funnel"] = bar_chart(
        funnel,
        [Series("started", _("Entered")), Series("completed", _("Completed"))],
        chart_id="chart-funnel",
        title=_("People who entered and completed each kind of stage"),
        description=_(
            "Horizontal bars, one pair per kind of stage: people who entered it, then those "
            "who completed it. The table that follows gives every figure."
        ),
        threshold=dashboard.threshold,
        direction=direction,
    )
    return charts


def _period(dashboard: Dashboard) -> str:
    filters = dashboard.filters
    if filters.date_from and filters.date_to:
        return _(
            "Entered from %(start)s to %(end)s",
            start=format_date(filters.date_from),
            end=format_date(filters.date_to),
        )
    if filters.date_from:
        return _("Entered on or after %(start)s", start=format_date(filters.date_from))
    if filters.date_to:
        return _("Entered on or before %(end)s", end=format_date(filters.date_to))
    return _("Every entry date")


def _context(form: FilterForm, dashboard: Dashboard) -> dict[str, object]:
    return {
        "form": form,
        "dashboard": dashboard,
        "period": _period(dashboard),
        "count_cell": count_cell,
        "derived_cell": derived_cell,
        "small_marker": small_marker(dashboard.threshold),
        "query": request.query_string.decode(),
    }


@blueprint.route("/")
@roles_required(Role.COORDINATOR)
def index() -> str:
    form, dashboard = _dashboard()
    return render_template(
        "dashboards/index.html", charts=_charts(dashboard), **_context(form, dashboard)
    )


@blueprint.route("/report")
@roles_required(Role.COORDINATOR)
def report() -> str:
    form, dashboard = _dashboard()
    return render_template(
        "dashboards/report.html",
        charts=_charts(dashboard),
        today=format_date(local_today()),
        **_context(form, dashboard),
    )


@blueprint.route("/report.pdf")
@roles_required(Role.COORDINATOR)
def report_pdf() -> Response:
    form, dashboard = _dashboard()
    html = render_template(
        "dashboards/report.html",
        charts=_charts(dashboard),
        today=format_date(local_today()),
        printing=True,
        **_context(form, dashboard),
    )
    return Response(
        html_to_pdf(html, request.url_root),
        mimetype="application/pdf",
        headers={"Content-Disposition": 'attachment; filename="pathway-figures.pdf"'},
    )


def _heading(dashboard: Dashboard) -> list[str]:
    names = ", ".join(f"{o.name} ({o.country_code})" for o in dashboard.organisations)
    return [
        _("Pathway figures"),
        _period(dashboard),
        _("Partners: %(names)s", names=names),
        _(
            "Counts below %(threshold)s are hidden, and so are some others so that they "
            "cannot be worked out.",
            threshold=dashboard.threshold,
        ),
    ]


@blueprint.route("/export.csv")
@roles_required(Role.COORDINATOR)
def export_csv() -> Response:
    _form, dashboard = _dashboard()
    body = "\ufeff" + to_csv(dashboard, _heading(dashboard))
    return Response(
        body,
        mimetype="text/csv",
        headers={"Content-Disposition": 'attachment; filename="pathway-figures.csv"'},
    )


@blueprint.route("/export.xlsx")
@roles_required(Role.COORDINATOR)
def export_xlsx() -> Response:
    _form, dashboard = _dashboard()
    return Response(
        to_xlsx(dashboard, _heading(dashboard)),
        mimetype="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        headers={"Content-Disposition": 'attachment; filename="pathway-figures.xlsx"'},
    )
