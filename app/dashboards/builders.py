"""The dashboard's figure tables, built from the aggregates and labelled for the request."""

from __future__ import annotations

import uuid
from collections import Counter
from collections.abc import Hashable, Mapping
from dataclasses import dataclass
from datetime import date
from statistics import median
from typing import Any

from flask_babel import gettext as _
from sqlalchemy import select

from app.accounts.models import Organisation
from app.dashboards.queries import figures as q
from app.dashboards.queries.scope import Breakdown, Filters
from app.dashboards.suppression import suppression_threshold
from app.dashboards.tables import TOTAL, Column, Derived, Table, apply_suppression, share
from app.extensions import db
from app.i18n import country_name
from app.vocabulary import (
    ClosureReason,
    InterruptionReason,
    StageStatus,
    TargetGroup,
)


def percentile(histogram: Mapping[int, int], fraction: float) -> float | None:
    """The value at ``fraction`` (0 to 1) of a histogram, interpolated as percentile_cont."""
    total = sum(histogram.values())
    if not total:
        return None
    position = fraction * (total - 1)
    below, above = int(position), min(int(position) + 1, total - 1)
    found: dict[int, int] = {}
    seen = 0
    for value in sorted(histogram):
        count = histogram[value]
        for wanted in (below, above):
            if wanted not in found and seen <= wanted < seen + count:
                found[wanted] = value
        seen += count
    low, high = found[below], found[above]
    return low + (high - low) * (position - below)


@dataclass
class Dashboard:
    filters: Filters
    threshold: int
    tables: list[Table]
    organisations: list[Organisation]

    def table(self, key: str) -> Table:
        return next(t for t in self.tables if t.key == key)


def _organisations(filters: Filters) -> list[Organisation]:
    ids = filters.organisation_ids
    rows = db.session.execute(
        select(Organisation.id, Organisation.name, Organisation.country_code).where(
            Organisation.id.in_(ids)
        )
    ).all()
    return sorted(
        (Organisation(id=i, name=n, country_code=c) for i, n, c in rows),
        key=lambda o: o.name.casefold(),
    )


def _group_rows(
    filters: Filters, counts: Mapping[Hashable, Any], organisations: list[Organisation], locale: str
) -> list[tuple[Hashable, str]]:
    breakdown = filters.breakdown
    if breakdown is Breakdown.TARGET_GROUP:
        return [(group.value, group.label) for group in TargetGroup]
    if breakdown is Breakdown.ORGANISATION:
        return [(o.id, o.name) for o in organisations]
    if breakdown is Breakdown.COUNTRY:
        codes = sorted({o.country_code for o in organisations})
        return [(code, country_name(code, locale)) for code in codes]
    if breakdown in (Breakdown.COHORT_MONTH, Breakdown.COHORT_QUARTER):
        cohorts = sorted(k for k in counts if isinstance(k, str) and k != TOTAL)
        return [(key, key) for key in cohorts]
    return []


def _normalise_keys(counts: dict[Hashable, Any]) -> dict[Hashable, Any]:
    """Target-group rows are keyed by code; organisation ids may come back as strings."""
    normalised: dict[Hashable, Any] = {}
    for key, value in counts.items():
        if isinstance(key, TargetGroup):
            key = key.value
        elif isinstance(key, str) and len(key) == 36 and key.count("-") == 4:
            key = uuid.UUID(key)
        normalised[key] = value
    return normalised


def _row_mode(filters: Filters) -> str:
    if filters.breakdown is Breakdown.NONE:
        return "independent"
    return "partition" if q.breakdown_is_partition(filters.breakdown) else "overlapping"


def outcomes_table(filters: Filters, rows: list, counts: dict) -> Table:
    """People, and each outcome with its hidden complement so that none can be subtracted."""
    columns = [
        Column("people", _("Beneficiaries")),
        Column("employed", _("Reached employment")),
        Column("qualified", _("Vocational qualification")),
        Column("business", _("Business created")),
        Column("dropped_out", _("Dropped out")),
        Column("followed_6", _("Followed for 6 months or more")),
        Column("employed_6", _("Employed within 6 months of entry")),
        Column("followed_12", _("Followed for 12 months or more")),
        Column("employed_12", _("Employed within 12 months of entry")),
        Column("not_employed", "", hidden=True),
        Column("not_qualified", "", hidden=True),
        Column("no_business", "", hidden=True),
        Column("stayed", "", hidden=True),
        Column("recent_6", "", hidden=True),
        Column("not_employed_6", "", hidden=True),
        Column("recent_12", "", hidden=True),
        Column("not_employed_12", "", hidden=True),
    ]
    table_counts: dict[Hashable, dict[str, int]] = {}
    for key, c in {TOTAL: Counter(), **counts}.items():
        table_counts[key] = {
            **{name: c[name] for name in q.PEOPLE_MEASURES},
            "not_employed": c["people"] - c["employed"],
            "not_qualified": c["people"] - c["qualified"],
            "no_business": c["people"] - c["business"],
            "stayed": c["people"] - c["dropped_out"],
            "recent_6": c["people"] - c["followed_6"],
            "not_employed_6": c["followed_6"] - c["employed_6"],
            "recent_12": c["followed_6"] - c["followed_12"],
            "not_employed_12": c["followed_12"] - c["employed_12"],
        }
    return Table(
        key="outcomes",
        title=_("Beneficiaries and outcomes"),
        description=_(
            "Beneficiaries who entered in the period, and how many reached each outcome. "
            "Employment within 6 or 12 months counts only people who entered at least that "
            "long ago."
        ),
        columns=columns,
        rows=rows,
        counts=table_counts,
        column_lines=[
            ("people", ("employed", "not_employed")),
            ("people", ("qualified", "not_qualified")),
            ("people", ("business", "no_business")),
            ("people", ("dropped_out", "stayed")),
            ("people", ("followed_6", "recent_6")),
            ("followed_6", ("employed_6", "not_employed_6")),
            ("followed_6", ("followed_12", "recent_12")),
            ("followed_12", ("employed_12", "not_employed_12")),
        ],
        row_mode=_row_mode(filters),
        derived=[
            Derived(
                "employed_rate",
                _("Share employed"),
                ("employed", "people"),
                share("employed", "people"),
            ),
            Derived(
                "employed_6_rate",
                _("Share employed within 6 months"),
                ("employed_6", "followed_6"),
                share("employed_6", "followed_6"),
            ),
            Derived(
                "employed_12_rate",
                _("Share employed within 12 months"),
                ("employed_12", "followed_12"),
                share("employed_12", "followed_12"),
            ),
        ],
        row_header=filters.breakdown.label if filters.breakdown is not Breakdown.NONE else "",
    )


def funnel_table(filters: Filters, counts: Mapping[str, Counter[str]]) -> Table:
    table_counts: dict[Hashable, dict[str, int]] = {}
    for kind in filters.kinds():
        c = counts.get(kind.value, Counter())
        started = c["in_progress"] + c["completed"] + c["interrupted"]
        table_counts[kind.value] = {
            "with_stage": started + c["planned"],
            "started": started,
            "in_progress": c["in_progress"],
            "completed": c["completed"],
            "interrupted": c["interrupted"],
            "not_started": c["planned"],
        }
    return Table(
        key="funnel",
        title=_("Pathway funnel"),
        description=_(
            "People with a stage of each kind in their pathway, and how far they went: each "
            "person counts once per kind, by the furthest status reached (completed, then "
            "in progress, then interrupted)."
        ),
        columns=[
            Column("with_stage", _("With this stage in their pathway")),
            Column("started", _("Entered")),
            Column("in_progress", _("In progress")),
            Column("completed", _("Completed")),
            Column("interrupted", _("Interrupted")),
            Column("not_started", "", hidden=True),
        ],
        rows=[(kind.value, kind.label) for kind in filters.kinds()],
        counts=table_counts,
        column_lines=[
            ("with_stage", ("started", "not_started")),
            ("started", ("in_progress", "completed", "interrupted")),
        ],
        row_mode="independent",
        with_total=False,
        derived=[
            Derived(
                "completion",
                _("Completion rate"),
                ("completed", "started"),
                share("completed", "started"),
            ),
        ],
        row_header=_("Stage"),
    )


def status_table(filters: Filters, counts: Mapping[str, Counter[str]]) -> Table:
    statuses = list(StageStatus)
    table_counts: dict[Hashable, dict[str, int]] = {}
    for kind in filters.kinds():
        c = counts.get(kind.value, Counter())
        table_counts[kind.value] = {s.value: c[s.value] for s in statuses}
        table_counts[kind.value]["all"] = sum(c[s.value] for s in statuses)
    table_counts[TOTAL] = {
        name: sum(row[name] for row in table_counts.values())
        for name in [*map(str, statuses), "all"]
    }
    return Table(
        key="statuses",
        title=_("Stages by status"),
        description=_("Every stage of the beneficiaries' pathways, by kind and status."),
        columns=[*(Column(s.value, s.label) for s in statuses), Column("all", _("All stages"))],
        rows=[(kind.value, kind.label) for kind in filters.kinds()],
        counts=table_counts,
        column_lines=[("all", tuple(s.value for s in statuses))],
        row_header=_("Stage"),
    )


def _time_table(
    key: str, title: str, description: str, histograms: dict, filters: Filters, count_label: str
) -> Table:
    table_counts: dict[Hashable, dict[str, int]] = {}
    extra: dict[Hashable, Any] = {}
    total: Counter[int] = Counter()
    for kind in filters.kinds():
        histogram = histograms.get(kind.value, Counter())
        table_counts[kind.value] = {"count": sum(histogram.values())}
        extra[kind.value] = histogram
        total.update(histogram)
    table_counts[TOTAL] = {"count": sum(total.values())}
    extra[TOTAL] = total

    def at(fraction: float) -> Any:
        return lambda counts, histogram: percentile(histogram or {}, fraction)

    return Table(
        key=key,
        title=title,
        description=description,
        columns=[Column("count", count_label)],
        rows=[(kind.value, kind.label) for kind in filters.kinds()],
        counts=table_counts,
        derived=[
            Derived("q1", _("First quartile (days)"), ("count",), at(0.25), "days"),
            Derived("median", _("Median (days)"), ("count",), at(0.5), "days"),
            Derived("q3", _("Third quartile (days)"), ("count",), at(0.75), "days"),
        ],
        extra=extra,
        row_header=_("Stage"),
    )


def durations_table(filters: Filters, histograms: dict[str, Counter[int]]) -> Table:
    return _time_table(
        "durations",
        _("Time spent in each stage"),
        _("Days from the actual start to the actual end of stages that have both dates."),
        histograms,
        filters,
        _("Stages with both dates"),
    )


def waits_table(filters: Filters, histograms: dict[str, Counter[int]]) -> Table:
    waiting = {
        kind: Counter({d: n for d, n in h.items() if d >= 0}) for kind, h in histograms.items()
    }
    table = _time_table(
        "waits",
        _("Waiting before each stage"),
        _(
            "Days between the actual end of one stage and the actual start of the next "
            "stage of the same pathway, by the kind of the next stage. Stages that overlap "
            "the previous one are counted apart and left out of the quartiles."
        ),
        waiting,
        filters,
        _("Stages that started after the previous one ended"),
    )
    overlapping: dict[Hashable, int] = {
        kind: sum(n for d, n in histograms.get(kind, Counter()).items() if d < 0)
        for kind in table.counts
        if isinstance(kind, str) and kind != TOTAL
    }
    table.columns.append(Column("overlap", _("Stages that overlap the previous one")))
    table.columns.append(Column("all", _("Stages after another stage"), hidden=False))
    for kind, row in table.counts.items():
        row["overlap"] = overlapping.get(kind, 0) if kind != TOTAL else sum(overlapping.values())
        row["all"] = row["count"] + row["overlap"]
    table.column_lines = [("all", ("count", "overlap"))]
    return table


def _two_way(
    key: str,
    title: str,
    description: str,
    counts: dict,
    rows: list,
    codes: list[tuple[str, str]],
    row_mode: str,
    row_header: str,
) -> Table:
    table_counts: dict[Hashable, dict[str, int]] = {}
    for row_key in [*(r for r, _label in rows), TOTAL]:
        c = counts.get(row_key, Counter())
        table_counts[row_key] = {code: c[code] for code, _label in codes}
        table_counts[row_key]["all"] = sum(c[code] for code, _label in codes)
    if row_mode == "partition":
        table_counts[TOTAL] = {
            name: sum(table_counts[r][name] for r, _label in rows) for name in table_counts[TOTAL]
        }
    return Table(
        key=key,
        title=title,
        description=description,
        columns=[*(Column(code, label) for code, label in codes), Column("all", _("Total"))],
        rows=rows,
        counts=table_counts,
        column_lines=[("all", tuple(code for code, _label in codes))],
        row_mode=row_mode,
        row_header=row_header,
    )


def interruptions_table(filters: Filters, interrupted: Mapping[str, Counter[str]]) -> Table:
    counts: dict[Hashable, Any] = {kind: reasons for kind, reasons in interrupted.items()}
    return _two_way(
        "interruptions",
        _("Interruptions by stage and reason"),
        _("Interrupted stages, by kind of stage and the reason recorded."),
        counts,
        [(kind.value, kind.label) for kind in filters.kinds()],
        [(reason.value, reason.label) for reason in InterruptionReason],
        "partition",
        _("Stage"),
    )


def drop_outs_table(filters: Filters, rows: list, drop_outs: Mapping[Any, Counter[str]]) -> Table:
    counts = _normalise_keys(dict(drop_outs))
    reasons = [r for r in ClosureReason if r in q.DROP_OUT_REASONS]
    return _two_way(
        "drop_outs",
        _("Drop-outs by reason"),
        _(
            "Cases closed for a reason other than completing the pathway or finding work, "
            "by the reason recorded."
        ),
        counts,
        rows,
        [(reason.value, reason.label) for reason in reasons],
        _row_mode(filters),
        filters.breakdown.label if filters.breakdown is not Breakdown.NONE else "",
    )


def language_table(filters: Filters, rows: list, progress: q.LanguageProgress) -> Table:
    learners = _normalise_keys(dict(progress.learners))
    levels = _normalise_keys(dict(progress.levels))
    hours = _normalise_keys(dict(progress.hours))
    table_counts = {
        key: {"learners": learners.get(key, 0)} for key in [*(r for r, _label in rows), TOTAL]
    }
    extra = {key: (levels.get(key, 0), hours.get(key, 0)) for key in table_counts}

    def per_100_hours(counts: Mapping[str, int], sums: Any) -> float | None:
        gained, attended = sums or (0, 0)
        return gained * 100 / attended if attended else None

    return Table(
        key="language",
        title=_("Language progress"),
        description=_(
            "Language courses with an overall level recorded at entry and as achieved: CEFR "
            "levels gained (achieved minus entry, from literacy to C2) per 100 hours attended, "
            "over all those courses together."
        ),
        columns=[Column("learners", _("Courses with both levels"))],
        rows=rows,
        counts=table_counts,
        row_mode=_row_mode(filters),
        derived=[
            Derived(
                "gain", _("Levels gained per 100 hours"), ("learners",), per_100_hours, "decimal"
            ),
        ],
        extra=extra,
        row_header=filters.breakdown.label if filters.breakdown is not Breakdown.NONE else "",
    )


def caseload_table(filters: Filters, organisations: list[Organisation], today: date) -> Table:
    loads = q.caseloads(filters, today)
    table_counts: dict[Hashable, dict[str, int]] = {}
    extra: dict[Hashable, Any] = {}
    everyone: list[int] = []
    for organisation in organisations:
        per_worker = loads.per_worker.get(organisation.id, [])
        everyone.extend(per_worker)
        table_counts[organisation.id] = {
            "workers": len(per_worker),
            "cases": sum(per_worker),
            "overdue": loads.overdue.get(organisation.id, 0),
        }
        extra[organisation.id] = per_worker
    table_counts[TOTAL] = {
        name: sum(row[name] for row in table_counts.values())
        for name in ("workers", "cases", "overdue")
    }
    extra[TOTAL] = everyone
    return Table(
        key="caseload",
        title=_("Caseload and overdue follow-ups"),
        description=_(
            "Open cases (active or on hold) followed by each trainer or psychologist, and "
            "follow-up tasks past their due date and not done."
        ),
        columns=[
            Column("workers", _("Case workers")),
            Column("cases", _("Open cases followed")),
            Column("overdue", _("Overdue follow-ups")),
        ],
        rows=[(o.id, o.name) for o in organisations],
        counts=table_counts,
        derived=[
            Derived(
                "median",
                _("Median caseload"),
                ("workers", "cases"),
                lambda c, loads: median(loads) if loads else None,
                "decimal",
            ),
            Derived(
                "largest",
                _("Largest caseload"),
                ("workers", "cases"),
                lambda c, loads: max(loads) if loads else None,
                "days",
            ),
        ],
        extra=extra,
        row_header=_("Organisation"),
    )


def build_dashboard(filters: Filters, today: date, locale: str) -> Dashboard:
    """Every figure for ``filters``, suppressed and ready to show or export."""
    threshold = suppression_threshold()
    organisations = _organisations(filters)
    countries = {o.id: o.country_code for o in organisations}
    people = q.people(filters, today, countries)
    stages = q.stages(filters)
    counts = _normalise_keys(dict(people.counts))
    rows = _group_rows(filters, counts, organisations, locale)
    tables = [
        outcomes_table(filters, rows, counts),
        funnel_table(filters, stages.reached),
        status_table(filters, stages.statuses),
        durations_table(filters, stages.durations),
        waits_table(filters, stages.waits),
        interruptions_table(filters, stages.interruptions),
        drop_outs_table(filters, rows, people.drop_outs),
        language_table(filters, rows, people.language),
        caseload_table(filters, organisations, today),
    ]
    for table in tables:
        for row in table.all_rows():
            table.counts.setdefault(row, {})
        apply_suppression(table, threshold)
    return Dashboard(filters, threshold, tables, organisations)
