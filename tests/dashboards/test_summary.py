"""The summary that the figures come from stays equal to a rebuild from the case files."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from datetime import date, timedelta

from flask import Flask
from sqlalchemy import event, select

from app.accounts.models import User
from app.accounts.roles import Role
from app.cases.models import Beneficiary, Consent, Task, TaskKind
from app.cases.pathways.models import AssessmentPoint, Pathway, Stage
from app.cases.pathways.services import (
    StageData,
    add_stage,
    complete_stage,
    pathway_of,
    set_language_levels,
    stage_data_of,
    start_stage,
    update_stage,
)
from app.cases.services import assign, set_case_status, unassign, update_case, withdraw_consent
from app.cases.timeline import add_task, complete_task
from app.dashboards.builders import build_dashboard
from app.dashboards.models import StageCell
from app.dashboards.queries.scope import Breakdown, Filters, Scope
from app.dashboards.summary import (
    keep_up_to_date,
    rebuild,
    refresh_pending,
    stop_keeping_up_to_date,
)
from app.dashboards.tables import TOTAL
from app.extensions import db
from app.vocabulary import (
    CaseStatus,
    CefrLevel,
    ClosureReason,
    Gender,
    InterruptionReason,
    LanguageSkill,
    StageKind,
    StageStatus,
)
from tests.dashboards.conftest import ENTERED, Network, agree_to_statistics
from tests.dashboards.snapshot import summary_rows
from tests.factories import case_data, make_case, make_user


def _assert_equals_a_rebuild() -> None:
    """Commit (the summary is written just before), then compare with a full recomputation."""
    db.session.commit()
    kept_up = summary_rows()
    assert kept_up["dashboard_beneficiaries"], "the summary should not be empty"
    rebuild(db.session)
    assert summary_rows() == kept_up
    db.session.rollback()


def _person(network: Network, number: int) -> Beneficiary:
    return db.session.scalars(
        select(Beneficiary)
        .where(Beneficiary.organisation_id == network.lyon.id)
        .order_by(Beneficiary.case_number)
        .offset(number)
    ).first()


def _dashboard(network: Network, today: date, **changes: object):
    scope = Scope((network.lyon.id, network.koeln.id), network=True)
    return build_dashboard(Filters(scope=scope, **changes), today, "en")  # type: ignore[arg-type]


def test_every_write_keeps_the_summary_equal_to_a_rebuild(
    app: Flask, network: Network, today: date
) -> None:
    with app.app_context():
        _assert_equals_a_rebuild()
        trainer = network.trainer
        person = _person(network, 0)
        course = add_stage(
            pathway_of(person),
            StageData(kind=StageKind.HOST_LANGUAGE, title="French", hours_planned=400),
            trainer,
            today,
            hours_confirmed=True,
        )
        _assert_equals_a_rebuild()

        course = db.session.get(Stage, course.id)
        start_stage(course, date(2024, 2, 1), trainer, today)
        data = replace(stage_data_of(course), hours_attended=320)
        update_stage(course, data, course.version, trainer, today, hours_confirmed=True)
        complete_stage(course, date(2024, 8, 30), trainer, today)
        _assert_equals_a_rebuild()

        course = db.session.get(Stage, course.id)
        levels = {
            (AssessmentPoint.ENTRY, LanguageSkill.OVERALL): (CefrLevel.A1, date(2024, 2, 1)),
            (AssessmentPoint.ACHIEVED, LanguageSkill.OVERALL): (CefrLevel.B1, date(2024, 8, 30)),
        }
        set_language_levels(course, levels, trainer, today)
        _assert_equals_a_rebuild()
        assert _dashboard(network, today).table("language").counts[TOTAL]["learners"] == 1

        course = db.session.get(Stage, course.id)
        set_language_levels(
            course,
            {(AssessmentPoint.ACHIEVED, LanguageSkill.OVERALL): (None, None)},
            trainer,
            today,
        )
        _assert_equals_a_rebuild()

        planned = db.session.scalars(
            select(Stage).where(Stage.status == StageStatus.PLANNED).order_by(Stage.id).limit(2)
        ).all()
        interrupted = replace(
            stage_data_of(planned[0]),
            status=StageStatus.INTERRUPTED,
            actual_start=date(2024, 3, 1),
            actual_end=date(2024, 3, 20),
            interruption_reason=InterruptionReason.HEALTH,
        )
        update_stage(planned[0], interrupted, planned[0].version, trainer, today)
        db.session.delete(planned[1])
        _assert_equals_a_rebuild()

        set_case_status(
            _person(network, 1), CaseStatus.CLOSED, trainer, today, ClosureReason.MOVED_AWAY
        )
        _assert_equals_a_rebuild()

        moved = _person(network, 2)
        profile = case_data(
            gender=Gender.MALE, entered_on=ENTERED + timedelta(days=40), birth_date=date(1990, 3, 1)
        )
        update_case(moved, profile, moved.version, trainer, today)
        _assert_equals_a_rebuild()

        consent = db.session.scalars(
            select(Consent).where(Consent.beneficiary_id == _person(network, 3).id)
        ).one()
        withdraw_consent(consent, trainer, today)
        _assert_equals_a_rebuild()

        newcomer = make_case(trainer, entered_on=date(2025, 6, 15))
        agree_to_statistics(newcomer, trainer, today)
        _assert_equals_a_rebuild()

        db.session.delete(db.session.scalars(select(Pathway).limit(1)).one())
        _assert_equals_a_rebuild()


def test_assignments_and_tasks_keep_the_caseloads_equal_to_a_rebuild(
    app: Flask, network: Network, today: date
) -> None:
    with app.app_context():
        trainer = db.session.get(User, network.trainer.id)
        psychologist = make_user(Role.PSYCHOLOGIST, organisation=network.lyon)
        first, second = _person(network, 0), _person(network, 1)
        assign(first, psychologist, trainer)
        assign(second, psychologist, trainer)
        _assert_equals_a_rebuild()

        late = add_task(first, trainer, title="Call", due_on=today - timedelta(days=3),
                        owner=psychologist, kind=TaskKind.FOLLOW_UP)  # fmt: skip
        add_task(second, trainer, title="Visit", due_on=today - timedelta(days=1),
                 owner=psychologist, kind=TaskKind.FOLLOW_UP)  # fmt: skip
        add_task(second, trainer, title="Plan", due_on=today + timedelta(days=5),
                 owner=trainer, kind=TaskKind.GOAL)  # fmt: skip
        _assert_equals_a_rebuild()
        caseload = _dashboard(network, today, breakdown=Breakdown.ORGANISATION).table("caseload")
        assert caseload.counts[network.lyon.id] == {"workers": 2, "cases": 8, "overdue": 2}
        assert sorted(caseload.extra[network.lyon.id]) == [2, 6]

        complete_task(db.session.get(Task, late.id), trainer)
        _assert_equals_a_rebuild()

        set_case_status(_person(network, 1), CaseStatus.CLOSED, trainer, today,
                        ClosureReason.MOVED_AWAY)  # fmt: skip
        _assert_equals_a_rebuild()
        caseload = _dashboard(network, today, breakdown=Breakdown.ORGANISATION).table("caseload")
        assert caseload.counts[network.lyon.id] == {"workers": 2, "cases": 6, "overdue": 0}

        unassign(_person(network, 0), psychologist.id, trainer)
        _assert_equals_a_rebuild()
        caseload = _dashboard(network, today, breakdown=Breakdown.ORGANISATION).table("caseload")
        assert caseload.counts[network.lyon.id]["workers"] == 1

        db.session.delete(_person(network, 2))
        _assert_equals_a_rebuild()


def test_a_rolled_back_change_leaves_the_summary_as_it_was(
    app: Flask, network: Network, today: date
) -> None:
    with app.app_context():
        person = _person(network, 4)
        set_case_status(person, CaseStatus.CLOSED, network.trainer, today, ClosureReason.DECLINED)
        db.session.rollback()
        _assert_equals_a_rebuild()
        assert _dashboard(network, today).table("drop_outs").counts[TOTAL]["all"] == 0


def test_the_application_factory_turns_the_summary_listeners_on(
    app_factory: Callable[..., Flask], network: Network, today: date
) -> None:
    """Building an application turns the listeners on for the session every application
    shares; building another one changes nothing."""
    stop_keeping_up_to_date()
    try:
        extra = app_factory()
        assert event.contains(db.session, "before_commit", refresh_pending)
        app_factory()
        with extra.app_context():
            person = _person(network, 4)
            set_case_status(person, CaseStatus.CLOSED, network.trainer, today, ClosureReason.OTHER)
            _assert_equals_a_rebuild()
            assert _dashboard(network, today).table("drop_outs").counts[TOTAL]["all"] == 1
    finally:
        keep_up_to_date()


def test_only_people_who_agreed_to_statistics_are_counted(
    app: Flask, network: Network, today: date, monkeypatch
) -> None:
    monkeypatch.setitem(app.config, "PASSERELLE_SUPPRESSION_THRESHOLD", 1)
    with app.app_context():
        refused = make_case(network.trainer, entered_on=ENTERED)
        add_stage(
            pathway_of(refused),
            StageData(
                kind=StageKind.EMPLOYMENT,
                title="Job",
                status=StageStatus.IN_PROGRESS,
                actual_start=date(2024, 3, 1),
            ),
            network.trainer,
            today,
            hours_confirmed=True,
        )
        db.session.commit()
        with app.test_request_context():
            dashboard = _dashboard(network, today, breakdown=Breakdown.ORGANISATION)
        outcomes = dashboard.table("outcomes").counts[network.lyon.id]
        assert (outcomes["people"], outcomes["employed"]) == (6, 4)
        # Caseloads are operational: everyone the workers follow counts.
        assert dashboard.table("caseload").counts[network.lyon.id]["cases"] == 7

        agree_to_statistics(refused, network.trainer, today)
        db.session.commit()
        with app.test_request_context():
            dashboard = _dashboard(network, today, breakdown=Breakdown.ORGANISATION)
        outcomes = dashboard.table("outcomes").counts[network.lyon.id]
        assert (outcomes["people"], outcomes["employed"]) == (7, 5)
        assert dashboard.table("funnel").counts["employment"]["started"] == 5


def test_a_period_that_cuts_a_month_counts_people_by_day(
    app: Flask, network: Network, today: date, monkeypatch
) -> None:
    monkeypatch.setitem(app.config, "PASSERELLE_SUPPRESSION_THRESHOLD", 1)
    with app.app_context(), app.test_request_context():
        for start, people in ((ENTERED, 8), (ENTERED + timedelta(days=1), 0)):
            dashboard = _dashboard(network, today, date_from=start, breakdown=Breakdown.NONE)
            assert dashboard.table("outcomes").counts[TOTAL]["people"] == people
            assert dashboard.table("statuses").counts[TOTAL]["all"] == (
                _dashboard(network, today).table("statuses").counts[TOTAL]["all"] if people else 0
            )
        until = _dashboard(network, today, date_to=ENTERED, breakdown=Breakdown.NONE)
        assert until.table("outcomes").counts[TOTAL]["employed_6"] == 3


def test_the_rebuild_command(app: Flask, network: Network) -> None:
    with app.app_context():
        db.session.execute(StageCell.__table__.delete())
        db.session.commit()
    result = app.test_cli_runner().invoke(args=["dashboards", "rebuild"])
    assert result.exit_code == 0, result.output
    assert "rebuilt" in result.output
    with app.app_context():
        assert db.session.scalar(select(StageCell.count).limit(1))
        _assert_equals_a_rebuild()
