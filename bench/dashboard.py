"""The coordinators' network dashboard at 100,000 beneficiaries, on SQLite and PostgreSQL.

Run: .venv/bin/python bench/dashboard.py [--beneficiaries 100000] [--rounds 10]
     [--backends sqlite,postgresql] [--postgres postgresql+psycopg://postgres@127.0.0.1:5432]

Builds a synthetic network (4 partner organisations, one of them the coordinating body),
about 6 stages per beneficiary (600,000 at full size), language levels for a third of the
language courses, assignments, follow-up tasks, and an anonymous-statistics consent for
85 % of people. Plain columns are written with Core
``insert()`` in batches; the encrypted columns of every row hold one fixed ciphertext made
once by the real layer (the dashboard never reads them). On PostgreSQL, scratch databases
are created and dropped at the end. After the bulk load the dashboard summary is rebuilt
(``flask dashboards rebuild``), as an operator would after an import, and timed.

Then times GET /dashboards/ (the full network view, broken down by organisation, by
target group and by quarter of entry) for the coordinating body's coordinator, through the
Flask test client: each request right after a stage edit saved through the real service
(the case the target is for: nothing computed for earlier data can be reused), then the
same request repeated with no write in between. Target: under 300 ms on both databases.

Last, the cost the summary adds to each write: a stage edit saved through the real
service and committed, with the summary kept up to date and without (listeners removed),
in alternation.
"""

from __future__ import annotations

import argparse
import base64
import random
import secrets
import statistics
import sys
import tempfile
import time
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import replace
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

from sqlalchemy import create_engine, insert, select, text

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from app import create_app  # noqa: E402
from app.accounts import passwords  # noqa: E402
from app.accounts.models import Organisation, User  # noqa: E402
from app.accounts.roles import Role  # noqa: E402
from app.cases.models import Beneficiary, CaseAssignment, Consent, Task, TaskKind  # noqa: E402
from app.cases.pathways.models import AssessmentPoint, LanguageAssessment, Pathway, Stage  # noqa: E402
from app.cases.pathways.services import stage_data_of, update_stage  # noqa: E402
from app.cases.services import create_case  # noqa: E402
from app.dashboards import summary  # noqa: E402
from app.extensions import db  # noqa: E402
from app.vocabulary import (  # noqa: E402
    BusinessPlanStatus,
    CaseStatus,
    CefrLevel,
    ClosureReason,
    ConsentPurpose,
    Gender,
    InterruptionReason,
    LanguageSkill,
    StageKind,
    StageStatus,
)
from config.settings import FAST_TEST_HASHING, load_settings  # noqa: E402
from tests.factories import case_data  # noqa: E402

PASSWORD = "benchmark password, not a secret"  # noqa: S105
PARTNERS = (("Coordination Europe", "FR", True), ("Integration Köln", "DE", False))
PARTNERS += (("SAI Torino", "IT", False), ("Etablering Malmö", "SE", False))
KINDS = list(StageKind)
BATCH = 5_000


def _encrypted_template(organisation: Organisation, worker: User) -> dict[str, Any]:
    """The encrypted and blind-index columns of one real case, to copy into every row."""
    beneficiary = create_case(organisation, case_data(), worker, date.today())  # noqa: DTZ011
    db.session.commit()
    row = (
        db.session.execute(
            select(Beneficiary.__table__).where(Beneficiary.__table__.c.id == beneficiary.id)
        )
        .one()
        ._asdict()
    )
    db.session.execute(CaseAssignment.__table__.delete())
    db.session.execute(Beneficiary.__table__.delete())
    db.session.commit()
    plain = {
        "case_number", "organisation_id", "entered_on", "gender", "birth_year",
        "country_of_origin", "languages", "preferred_language", "arrival_date",
        "residence_status", "education_level", "young_person", "young_person_override",
        "unaccompanied_minor", "has_disability", "status", "closure_reason", "closed_on",
        "version", "id", "created_at", "updated_at",
    }  # fmt: skip
    return {key: value for key, value in row.items() if key not in plain}


def build(size: int, rng: random.Random) -> tuple[str, int]:
    """The network; returns the coordinating body's coordinator's e-mail and stage count."""
    organisations = []
    for name, country, coordinating in PARTNERS:
        organisation = Organisation(
            name=name, country_code=country, is_coordinating_body=coordinating
        )
        db.session.add(organisation)
        organisations.append(organisation)
    db.session.flush()
    hashed = passwords.hash_password(PASSWORD)
    coordinator = User(
        email="coordinator@bench.test",
        display_name="Bench Coordinator",
        organisation_id=organisations[0].id,
        role=Role.COORDINATOR,
        password_hash=hashed,
    )
    db.session.add(coordinator)
    workers = {}
    for organisation in organisations:
        workers[organisation.id] = []
        for number in range(25):
            worker = User(
                email=f"trainer{number}@{organisation.country_code.lower()}.bench.test",
                display_name=f"Trainer {number}",
                organisation_id=organisation.id,
                role=Role.TRAINER,
                password_hash=hashed,
            )
            db.session.add(worker)
            workers[organisation.id].append(worker)
    db.session.commit()
    template = _encrypted_template(organisations[0], workers[organisations[0].id][0])
    today = date.today()  # noqa: DTZ011
    now = datetime.now(UTC)
    rows: dict[Any, list[dict[str, Any]]] = {}
    stage_total = 0

    def flush() -> None:
        for table in (
            Beneficiary.__table__,
            CaseAssignment.__table__,
            Consent.__table__,
            Pathway.__table__,
            Stage.__table__,
            LanguageAssessment.__table__,
            Task.__table__,
        ):
            batch = rows.pop(table, [])
            if batch:
                db.session.execute(insert(table), batch)
        db.session.commit()

    levels = list(CefrLevel)
    for serial in range(size):
        organisation = organisations[serial % len(organisations)]
        worker = workers[organisation.id][serial % 25]
        entered = date(2021, 1, 1) + timedelta(days=rng.randrange((today - date(2021, 1, 1)).days))
        birth_year = rng.randint(1965, 2008)
        closed = rng.random() < 0.25
        beneficiary_id = uuid.uuid4()
        rows.setdefault(Beneficiary.__table__, []).append(
            {
                **template,
                "id": beneficiary_id,
                "case_number": f"{organisation.country_code}-{entered.year}-{serial:06d}",
                "organisation_id": organisation.id,
                "entered_on": entered,
                "gender": rng.choice((Gender.FEMALE, Gender.MALE, Gender.MALE, Gender.NOT_STATED)),
                "birth_year": birth_year,
                "country_of_origin": "SY",
                "languages": ["ar"],
                "preferred_language": "ar",
                "arrival_date": entered - timedelta(days=200),
                "residence_status": "refugee",
                "education_level": "upper_secondary",
                "young_person": entered.year - birth_year <= 25,
                "young_person_override": None,
                "unaccompanied_minor": entered.year - birth_year < 18 and rng.random() < 0.5,
                "has_disability": rng.random() < 0.08,
                "status": CaseStatus.CLOSED if closed else CaseStatus.ACTIVE,
                "closure_reason": rng.choice(list(ClosureReason)) if closed else None,
                "closed_on": today if closed else None,
                "version": 1,
                "created_at": now,
                "updated_at": now,
            }
        )
        rows.setdefault(CaseAssignment.__table__, []).append(
            {"beneficiary_id": beneficiary_id, "user_id": worker.id, "assigned_at": now,
             "assigned_by_id": worker.id}
        )  # fmt: skip
        if rng.random() < 0.85:
            rows.setdefault(Consent.__table__, []).append(
                {"id": uuid.uuid4(), "beneficiary_id": beneficiary_id,
                 "purpose": ConsentPurpose.ANONYMOUS_STATISTICS, "given_on": entered,
                 "recorded_by_id": worker.id, "recorded_at": now, "withdrawn_on": None}
            )  # fmt: skip
        pathway_id = uuid.uuid4()
        rows.setdefault(Pathway.__table__, []).append(
            {"id": pathway_id, "beneficiary_id": beneficiary_id, "template_code": None,
             "intensity": 100, "intensity_reason": None, "variant": "standard", "version": 1}
        )  # fmt: skip
        count = rng.randint(4, 8)
        kinds = [KINDS[0], *sorted(rng.sample(KINDS[1:], count - 1), key=KINDS.index)]
        done = rng.randint(0, count)
        day = entered
        for position, kind in enumerate(kinds, start=1):
            if position <= done:
                status = StageStatus.INTERRUPTED if rng.random() < 0.07 else StageStatus.COMPLETED
            else:
                status = StageStatus.IN_PROGRESS if position == done + 1 else StageStatus.PLANNED
            start = day + timedelta(days=rng.randint(-10, 40))
            end = start + timedelta(days=rng.randint(20, 200))
            started = status is not StageStatus.PLANNED and start <= today
            finished = position <= done and end <= today and started
            if not finished and status in (StageStatus.COMPLETED, StageStatus.INTERRUPTED):
                status = StageStatus.IN_PROGRESS if started else StageStatus.PLANNED
            stage_id = uuid.uuid4()
            rows.setdefault(Stage.__table__, []).append(
                {
                    "id": stage_id, "pathway_id": pathway_id, "beneficiary_id": beneficiary_id,
                    "position": position, "kind": kind, "title": "Stage", "provider": None,
                    "status": status, "planned_start": start, "planned_end": end,
                    "actual_start": start if started else None,
                    "actual_end": end if finished else None,
                    "interruption_reason": rng.choice(list(InterruptionReason))
                    if status is StageStatus.INTERRUPTED else None,
                    "hours_planned": 400, "hours_attended": rng.randint(50, 400) if started
                    else None, "hours_unit": "hour", "certificate": None,
                    "nace_section": "I" if kind is StageKind.EMPLOYMENT else None,
                    "contract_type": None, "hours_per_week": None,
                    "plan_status": BusinessPlanStatus.REGISTERED
                    if kind is StageKind.BUSINESS_CREATION and finished else None,
                    "registration_date": None, "version": 1, "interruption_details": None,
                    "goals": None, "outcome": None, "business_activity": None,
                }
            )  # fmt: skip
            stage_total += 1
            if kind is StageKind.HOST_LANGUAGE and finished and rng.random() < 0.6:
                entry = rng.randint(0, 4)
                for point, level in (
                    (AssessmentPoint.ENTRY, entry),
                    (AssessmentPoint.ACHIEVED, min(7, entry + rng.randint(0, 2))),
                ):
                    rows.setdefault(LanguageAssessment.__table__, []).append(
                        {"id": uuid.uuid4(), "stage_id": stage_id, "point": point,
                         "skill": LanguageSkill.OVERALL, "level": levels[level],
                         "assessed_on": end}
                    )  # fmt: skip
            day = end
        if not closed and rng.random() < 0.3:
            rows.setdefault(Task.__table__, []).append(
                {"id": uuid.uuid4(), "beneficiary_id": beneficiary_id,
                 "kind": TaskKind.FOLLOW_UP, "title": template["given_names"],
                 "owner_id": worker.id,
                 "due_on": today + timedelta(days=rng.randint(-20, 30)), "done_at": None,
                 "created_by_id": worker.id, "created_at": now}
            )  # fmt: skip
        if len(rows.get(Stage.__table__, [])) >= BATCH:
            flush()
    flush()
    return coordinator.email, stage_total


@contextmanager
def database(backend: str, postgres: str, directory: str) -> Iterator[dict[str, str]]:
    if backend == "sqlite":
        yield {
            "DATABASE_URL": f"sqlite:///{directory}/dashboard.sqlite3",
            "KEYSTORE_DATABASE_URL": f"sqlite:///{directory}/dashboard-keys.sqlite3",
        }
        return
    suffix = secrets.token_hex(4)
    names = [f"bench_dash_{suffix}", f"bench_dash_keys_{suffix}"]
    admin = create_engine(f"{postgres}/postgres", isolation_level="AUTOCOMMIT")
    try:
        with admin.connect() as connection:
            for name in names:
                connection.execute(text(f'CREATE DATABASE "{name}"'))
        yield {
            "DATABASE_URL": f"{postgres}/{names[0]}",
            "KEYSTORE_DATABASE_URL": f"{postgres}/{names[1]}",
        }
    finally:
        with admin.connect() as connection:
            for name in names:
                connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


def _p95(times: list[float]) -> float:
    ordered = sorted(times)
    return ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]


def editable_stages(runs: int) -> list[Any]:
    """Started stages and a worker who follows each one's beneficiary."""
    return db.session.execute(
        select(Stage.id, CaseAssignment.user_id)
        .join(CaseAssignment, CaseAssignment.beneficiary_id == Stage.beneficiary_id)
        .where(Stage.hours_attended > 60)
        .order_by(Stage.id)
        .limit(runs)
    ).all()


def edit_stage(stage_id: uuid.UUID, user_id: uuid.UUID) -> None:
    """One hour less attended, saved through the real service and committed."""
    stage = db.session.get(Stage, stage_id)
    actor = db.session.get(User, user_id)
    data = replace(stage_data_of(stage), hours_attended=stage.hours_attended - 1)
    update_stage(stage, data, stage.version, actor, date.today(), hours_confirmed=True)  # noqa: DTZ011
    db.session.commit()


def write_overhead(runs: int) -> dict[str, tuple[float, float]]:
    """Save ``runs`` stage edits through the real service, with and without the summary."""
    times: dict[str, list[float]] = {"with the summary": [], "without it": []}
    for number, (stage_id, user_id) in enumerate(editable_stages(runs)):
        keeping = number % 2 == 0
        if not keeping:
            summary.stop_keeping_up_to_date()
        started = time.perf_counter()
        edit_stage(stage_id, user_id)
        elapsed = (time.perf_counter() - started) * 1000
        if not keeping:
            summary.keep_up_to_date()
        times["with the summary" if keeping else "without it"].append(elapsed)
        db.session.expunge_all()
    return {label: (statistics.median(t), _p95(t)) for label, t in times.items() if t}


def _task_columns() -> None:
    """Task rows above copy a ciphertext into ``title``; check the model still has it."""
    columns = set(Task.__table__.columns.keys())
    if "title" not in columns:
        sys.exit(f"Task columns changed: {sorted(columns)}")


def run(backend: str, size: int, rounds: int, writes: int, postgres: str) -> dict[str, Any]:
    with tempfile.TemporaryDirectory() as directory, database(backend, postgres, directory) as urls:
        settings = load_settings(
            {
                "PASSERELLE_ENV": "testing",
                "PASSERELLE_INSTANCE_PATH": directory,
                "PASSERELLE_MASTER_KEY": base64.b64encode(secrets.token_bytes(32)).decode(),
                "SECRET_KEY": secrets.token_urlsafe(36),
                "PASSERELLE_LOG_LEVEL": "WARNING",
                **urls,
            }
        ).with_changes(password_hashing=FAST_TEST_HASHING)
        app = create_app(settings)
        try:
            with app.app_context():
                db.create_all()
                started = time.perf_counter()
                email, stages = build(size, random.Random(20260401))
                built = time.perf_counter() - started
                started = time.perf_counter()
                summary.rebuild(db.session)
                db.session.commit()
                rebuilt = time.perf_counter() - started
                with db.engine.connect() as connection:
                    connection.execute(text("ANALYZE"))
                    connection.commit()
            client = app.test_client()
            page = client.get("/login")
            token = page.text.split('name="csrf_token" value="')[1].split('"')[0]
            response = client.post(
                "/login", data={"email": email, "password": PASSWORD, "csrf_token": token}
            )
            if response.status_code != 302:
                sys.exit("log-in failed")
            figures: dict[str, Any] = {
                "backend": backend,
                "stages": stages,
                "build_s": built,
                "rebuild_s": rebuilt,
            }
            with app.app_context():
                edits = iter(editable_stages(3 * rounds))
            for label, url in (
                ("network, by organisation", "/dashboards/"),
                ("network, by target group", "/dashboards/?breakdown=target_group"),
                ("network, by quarter of entry", "/dashboards/?breakdown=cohort_quarter"),
            ):
                assert client.get(url).status_code == 200  # noqa: S101 - warm-up and check
                for after_a_write in (True, False):
                    times = []
                    for _ in range(rounds):
                        if after_a_write:
                            with app.app_context():
                                edit_stage(*next(edits))
                        started = time.perf_counter()
                        response = client.get(url)
                        times.append((time.perf_counter() - started) * 1000)
                        assert response.status_code == 200  # noqa: S101
                    when = "after a write" if after_a_write else "repeated"
                    figures[f"{label}, {when}"] = (statistics.median(times), _p95(times))
            with app.app_context():
                figures["writes"] = write_overhead(writes)
            return figures
        finally:
            with app.app_context():
                db.session.remove()
                for engine in db.engines.values():
                    engine.dispose()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--beneficiaries", type=int, default=100_000)
    parser.add_argument("--rounds", type=int, default=10)
    parser.add_argument("--writes", type=int, default=300)
    parser.add_argument("--backends", default="sqlite,postgresql")
    parser.add_argument("--postgres", default="postgresql+psycopg://postgres@127.0.0.1:5432")
    arguments = parser.parse_args()
    _task_columns()
    for backend in arguments.backends.split(","):
        figures = run(
            backend, arguments.beneficiaries, arguments.rounds, arguments.writes, arguments.postgres
        )
        print(
            f"\n{backend}: {arguments.beneficiaries:,} beneficiaries, "
            f"{figures['stages']:,} stages (built in {figures['build_s']:.0f} s, "
            f"summary rebuilt in {figures['rebuild_s']:.1f} s)"
        )
        for label, value in figures.items():
            if isinstance(value, tuple):
                print(
                    f"  GET /dashboards/ {label:47} "
                    f"median {value[0]:7.1f} ms, p95 {value[1]:7.1f} ms"
                )
        for label, (middle, high) in figures["writes"].items():
            print(f"  stage edit saved, {label:30} median {middle:7.2f} ms, p95 {high:7.2f} ms")


if __name__ == "__main__":
    main()
