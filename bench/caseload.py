"""Caseload and case pages at scale, against a bare Flask + SQLAlchemy page on plain rows.

Run: .venv/bin/python bench/caseload.py [--beneficiaries 100000] [--rounds 30] [--keep DIR]

With ``--keep DIR`` the database and its keys (SQLite files in DIR, or the PostgreSQL
databases, left filled) and what the measurements need are kept, and a later run with the
same DIR (and the same databases) measures them again without rebuilding: useful while
working on the pages. The schema must not have changed in between.

Builds a throw-away database (temporary SQLite files, or the PostgreSQL databases named
by DATABASE_URL and KEYSTORE_DATABASE_URL, which must be empty and are emptied again at
the end) with 4 organisations of 25,000 beneficiaries each, about 6 stages and 10 notes
per beneficiary, every personal field encrypted by app.crypto under the beneficiary's
own data key. Then times, through the Flask test client, the pages a trainer (40 active
cases) and a coordinator (25,000 cases) open most, next to a minimal Flask app showing
the same rows and fields from unencrypted copies of the tables: the physical floor.

Targets: caseload list and case page within 2x of the bare pages; name search under
10 ms (the ``caseload()`` call that finds people by name; the search page, which is a
caseload list page, is reported beside it).
"""

from __future__ import annotations

import argparse
import base64
import contextlib
import dataclasses
import json
import math
import os
import random
import re
import secrets
import statistics
import sys
import tempfile
import time
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

from flask import Flask, abort, g, render_template, request
from flask.testing import FlaskClient
from jinja2 import DictLoader
from sqlalchemy import (
    Date,
    Engine,
    ForeignKey,
    Index,
    String,
    Text,
    Uuid,
    create_engine,
    event,
    func,
    insert,
    inspect,
    select,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, Session, mapped_column

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from app import create_app  # noqa: E402
from app.accounts.models import Organisation, User  # noqa: E402
from app.accounts.passwords import hash_password  # noqa: E402
from app.accounts.roles import Role  # noqa: E402
from app.cases.services import CaseloadFilters, caseload  # noqa: E402
from app.crypto import DataKey, check_master_keys  # noqa: E402
from app.crypto.keystore import forget_data_keys  # noqa: E402
from app.extensions import db  # noqa: E402
from app.maintenance import analyse, analyse_databases  # noqa: E402
from bench.support import (  # noqa: E402
    COMMON_FAMILY_NAMES,
    CaseSpec,
    Rows,
    bulk_data_keys,
    family_name_pool,
    insert_rows,
    layer_row,
    make_case,
)
from config.settings import load_settings  # noqa: E402

ORGANISATIONS = (
    ("Passerelle Lyon", "FR"),
    ("Brücke Köln", "DE"),
    ("Ponte Torino", "IT"),
    ("Bron Malmö", "SE"),
)
CASES_PER_TRAINER = 100  # 40 active, 10 on hold, 50 closed: see bench/support.CaseSpec
BATCH = 1000
WARM_UP = 5
PASSWORD = "benchmark password, not secret"  # noqa: S105 - throw-away accounts


# The floor: the same rows in clear, in tables of their own, read by a minimal app.


class Plain(DeclarativeBase):
    pass


class PlainBeneficiary(Plain):
    __tablename__ = "bench_plain_beneficiaries"
    id: Mapped[uuid.UUID] = mapped_column(Uuid, primary_key=True)
    organisation_id: Mapped[uuid.UUID] = mapped_column(Uuid)
    case_number: Mapped[str] = mapped_column(String(20), unique=True)
    given_names: Mapped[str] = mapped_column(String(200))
    family_name: Mapped[str] = mapped_column(String(200))
    birth_date: Mapped[date] = mapped_column(Date)
    entered_on: Mapped[date] = mapped_column(Date, index=True)
    status: Mapped[str] = mapped_column(String(32))
    gender: Mapped[str] = mapped_column(String(16))
    young_person: Mapped[bool]
    unaccompanied_minor: Mapped[bool]
    has_disability: Mapped[bool]
    country_of_origin: Mapped[str] = mapped_column(String(2))
    languages: Mapped[str] = mapped_column(String(100))
    residence_status: Mapped[str] = mapped_column(String(32))
    # The same indexes as the real table has for these queries.
    __table_args__ = (
        Index("ix_bench_plain_org_status", "organisation_id", "status"),
        Index(
            "ix_bench_plain_org_status_entry",
            "organisation_id",
            "status",
            "entered_on",
            "case_number",
        ),
    )


class PlainOrganisation(Plain):
    __tablename__ = "bench_plain_organisations"
    id: Mapped[uuid.UUID] = mapped_column(Uuid, primary_key=True)
    name: Mapped[str] = mapped_column(String(200))


class PlainAssignment(Plain):
    __tablename__ = "bench_plain_assignments"
    beneficiary_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey(PlainBeneficiary.id), primary_key=True
    )
    user_id: Mapped[uuid.UUID] = mapped_column(Uuid, primary_key=True)
    __table_args__ = (Index("ix_bench_plain_assignments_user", "user_id", "beneficiary_id"),)


class PlainStage(Plain):
    __tablename__ = "bench_plain_stages"
    id: Mapped[uuid.UUID] = mapped_column(Uuid, primary_key=True)
    beneficiary_id: Mapped[uuid.UUID] = mapped_column(ForeignKey(PlainBeneficiary.id))
    position: Mapped[int]
    kind: Mapped[str] = mapped_column(String(32))
    title: Mapped[str] = mapped_column(String(200))
    status: Mapped[str] = mapped_column(String(32))
    planned_start: Mapped[date | None] = mapped_column(Date)
    actual_start: Mapped[date | None] = mapped_column(Date)
    actual_end: Mapped[date | None] = mapped_column(Date)
    hours_planned: Mapped[int | None]
    hours_attended: Mapped[int | None]
    __table_args__ = (Index("ix_bench_plain_stages_b", "beneficiary_id", "position"),)


class PlainNote(Plain):
    __tablename__ = "bench_plain_notes"
    id: Mapped[uuid.UUID] = mapped_column(Uuid, primary_key=True)
    beneficiary_id: Mapped[uuid.UUID] = mapped_column(ForeignKey(PlainBeneficiary.id))
    author_name: Mapped[str] = mapped_column(String(200))
    occurred_on: Mapped[date] = mapped_column(Date)
    kind: Mapped[str] = mapped_column(String(32))
    body: Mapped[str] = mapped_column(Text)
    __table_args__ = (Index("ix_bench_plain_notes_b", "beneficiary_id", "occurred_on"),)


class PlainTask(Plain):
    __tablename__ = "bench_plain_tasks"
    id: Mapped[uuid.UUID] = mapped_column(Uuid, primary_key=True)
    beneficiary_id: Mapped[uuid.UUID] = mapped_column(ForeignKey(PlainBeneficiary.id))
    kind: Mapped[str] = mapped_column(String(32))
    title: Mapped[str] = mapped_column(String(200))
    owner_id: Mapped[uuid.UUID] = mapped_column(Uuid)
    owner_name: Mapped[str] = mapped_column(String(200))
    due_on: Mapped[date] = mapped_column(Date)
    done: Mapped[bool]
    __table_args__ = (
        Index("ix_bench_plain_tasks_owner", "owner_id", "done", "due_on"),
        Index("ix_bench_plain_tasks_b", "beneficiary_id", "due_on"),
    )


# The bare pages show the same rows and fields as the real ones (target groups, tasks,
# the profile facts), without layout, log-in or translation: like for like.
BARE_TEMPLATES = {
    "list.html": """<!doctype html><html lang="en"><title>Cases</title><h1>Cases</h1>
{% if tasks %}<h2>Tasks due this week and overdue</h2><ul>{% for task, case_number in tasks %}
<li><a href="/plain/cases/{{ task.beneficiary_id }}#tasks">{{ task.title }}</a> {{ case_number }}
{{ task.due_on }}{% if task.due_on < today %} overdue{% endif %}</li>{% endfor %}</ul>{% endif %}
<p>{{ total }} cases found.</p><table>
{% for b in cases %}<tr><td><a href="/plain/cases/{{ b.id }}">{{ b.case_number }}</a></td>
<td><bdi>{{ b.given_names }} {{ b.family_name }}</bdi></td>
<td>{% for group in groups(b) %}<span>{{ group }}</span> {% endfor %}</td>
<td>{{ b.entered_on }}</td><td>{{ b.status }}</td></tr>
{% endfor %}</table>""",
    "case.html": """<!doctype html><html lang="en"><title>Case</title>
<h1>Case {{ b.case_number }}</h1><p><bdi>{{ b.given_names }} {{ b.family_name }}</bdi></p>
<dl><dt>Born</dt><dd>{{ b.birth_date }}</dd><dt>Country</dt><dd>{{ b.country_of_origin }}</dd>
<dt>Languages</dt><dd>{{ b.languages }}</dd><dt>Start</dt><dd>{{ b.entered_on }}</dd>
<dt>Residence</dt><dd>{{ b.residence_status }}</dd><dt>Status</dt><dd>{{ b.status }}</dd>
<dt>Organisation</dt><dd>{{ organisation.name }}</dd></dl>
<ol>{% for s in stages %}<li>{{ s.title }}: {{ s.kind }}, {{ s.status }}
{% if s.actual_start %}started {{ s.actual_start }}{% endif %}
{% if s.actual_end %}ended {{ s.actual_end }}{% endif %}
{% if s.hours_planned %}{{ s.hours_attended }} of {{ s.hours_planned }}{% endif %}</li>
{% endfor %}</ol>
<ul id="tasks">{% for t in tasks %}<li>{{ t.kind }} {{ t.title }} due {{ t.due_on }}
{{ t.owner_name }}</li>{% endfor %}</ul><ol>
{% for n in notes %}<li>{{ n.occurred_on }} {{ n.kind }} {{ n.author_name }}
<p>{{ n.body }}</p></li>{% endfor %}</ol>""",
}


def groups(beneficiary: PlainBeneficiary) -> list[str]:
    flags = (
        ("woman", beneficiary.gender == "female"),
        ("young_person", beneficiary.young_person),
        ("unaccompanied_minor", beneficiary.unaccompanied_minor),
        ("disability", beneficiary.has_disability),
    )
    return [group for group, applies in flags if applies]


def bare_app(engine: Engine) -> Flask:
    """A minimal Flask app: one ORM session per request, a small Jinja template, no login."""
    app = Flask("bench_bare")
    app.jinja_loader = DictLoader(BARE_TEMPLATES)

    @app.teardown_appcontext
    def close_session(_error: BaseException | None) -> None:
        session = g.pop("session", None)
        if session is not None:
            session.close()

    def session() -> Session:
        if "session" not in g:
            g.session = Session(engine)
        return g.session

    @app.route("/plain/cases/")
    def plain_list() -> str:
        organisation_id = uuid.UUID(request.args["organisation"])
        query = select(PlainBeneficiary).where(
            PlainBeneficiary.organisation_id == organisation_id,
            PlainBeneficiary.status == "active",
        )
        if "user" in request.args:
            query = query.where(
                PlainBeneficiary.id.in_(
                    select(PlainAssignment.beneficiary_id).where(
                        PlainAssignment.user_id == uuid.UUID(request.args["user"])
                    )
                )
            )
        total = session().scalar(select(func.count()).select_from(query.subquery()))
        cases = (
            session()
            .scalars(
                query.order_by(
                    PlainBeneficiary.entered_on.desc(), PlainBeneficiary.case_number
                ).limit(25)
            )
            .all()
        )
        today = datetime.now(UTC).date()
        tasks = []
        if "user" in request.args:
            tasks = session().execute(
                select(PlainTask, PlainBeneficiary.case_number)
                .join(PlainBeneficiary)
                .where(
                    PlainTask.owner_id == uuid.UUID(request.args["user"]),
                    PlainTask.done.is_(False),
                    PlainTask.due_on <= today + timedelta(days=7 - today.weekday()),
                    PlainBeneficiary.organisation_id == organisation_id,
                )
                .order_by(PlainTask.due_on)
            )
        return render_template(
            "list.html", cases=cases, total=total, tasks=list(tasks), today=today, groups=groups
        )

    @app.route("/plain/cases/<uuid:beneficiary_id>")
    def plain_case(beneficiary_id: uuid.UUID) -> str:
        beneficiary = session().get(PlainBeneficiary, beneficiary_id)
        if beneficiary is None:
            abort(404)
        stages = (
            session()
            .scalars(
                select(PlainStage)
                .where(PlainStage.beneficiary_id == beneficiary_id)
                .order_by(PlainStage.position)
            )
            .all()
        )
        tasks = (
            session()
            .scalars(
                select(PlainTask)
                .where(PlainTask.beneficiary_id == beneficiary_id)
                .order_by(PlainTask.done, PlainTask.due_on)
            )
            .all()
        )
        notes = (
            session()
            .scalars(
                select(PlainNote)
                .where(PlainNote.beneficiary_id == beneficiary_id)
                .order_by(PlainNote.occurred_on.desc())
            )
            .all()
        )
        return render_template(
            "case.html",
            b=beneficiary,
            organisation=session().get(PlainOrganisation, beneficiary.organisation_id),
            stages=stages,
            tasks=tasks,
            notes=notes,
        )

    return app


# Building the database


@dataclass
class World:
    """What the measurements need to know about the database just built."""

    organisations: list[uuid.UUID]
    trainer_email: str
    trainer_id: uuid.UUID
    coordinator_email: str
    coordinator_id: uuid.UUID
    case_id: uuid.UUID
    rare_name: str
    common_name: str
    build_seconds: float
    counts: dict[str, int]


def _fast_sqlite_writes(engine: Engine) -> Callable[[], None]:
    """No fsync during the build (a throw-away file); returns the undo, used before timing."""
    if engine.dialect.name != "sqlite":
        return lambda: None

    def on_connect(dbapi_connection: Any, _record: Any) -> None:
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA synchronous = OFF")
        cursor.close()

    event.listen(engine, "connect", on_connect)
    engine.dispose()

    def undo() -> None:
        event.remove(engine, "connect", on_connect)
        engine.dispose()

    return undo


def _users(
    rng: random.Random, organisations: list[Organisation], trainers_per_org: int, password_hash: str
) -> dict[uuid.UUID, list[User]]:
    """One coordinator and the trainers of each organisation, each with a data key."""
    users: dict[uuid.UUID, list[User]] = {}
    rows = Rows({}, {})
    now = datetime.now(UTC)
    for number, organisation in enumerate(organisations):
        key_ids, key_rows = bulk_data_keys(trainers_per_org + 1)
        for row in key_rows:
            rows.add(DataKey.__table__, row)
        members = []
        for index, key_id in enumerate(key_ids):
            role = Role.COORDINATOR if index == 0 else Role.TRAINER
            row, user = layer_row(
                User,
                id=uuid.uuid4(),
                data_key_id=key_id,
                email=f"{role.value}{index}.org{number}@bench.test",
                display_name=f"{rng.choice(('Claire', 'Jonas', 'Giulia', 'Erik'))} "
                f"{role.value.title()} {index}",
                organisation_id=organisation.id,
                role=role,
                active=True,
                preferred_locale=None,
                password_hash=password_hash if index <= 1 else None,
                login_id=None,
                beneficiary_id=None,
                secret_kind="password",  # noqa: S106 (the kind of secret, not one)
                failed_logins=0,
                locked_until=None,
                last_login_at=None,
                session_version=1,
                version=1,
                created_at=now,
                updated_at=now,
            )
            rows.add(User.__table__, row)
            members.append(user)
        users[organisation.id] = members
    for table, batch in rows.tables.items():
        bind = db.engines["keystore"] if table is DataKey.__table__ else db.engine
        with bind.begin() as connection:
            connection.execute(insert(table), batch)
    return users


def build(beneficiaries: int, plain_engine: Engine) -> World:
    start = time.perf_counter()
    rng = random.Random(20260301)  # reproducible synthetic data
    db.create_all()
    Plain.metadata.create_all(plain_engine)
    check_master_keys()
    organisations = [
        Organisation(name=name, country_code=code, is_coordinating_body=False, active=True)
        for name, code in ORGANISATIONS
    ]
    db.session.add_all(organisations)
    db.session.commit()
    with plain_engine.begin() as connection:
        connection.execute(
            insert(PlainOrganisation), [{"id": o.id, "name": o.name} for o in organisations]
        )
    per_org = beneficiaries // len(organisations)
    trainers_per_org = max(1, per_org // CASES_PER_TRAINER)
    users = _users(rng, organisations, trainers_per_org, hash_password(PASSWORD))
    db.session.commit()
    family_names = family_name_pool(rng)
    today = datetime.now(UTC).date()
    specs = [
        CaseSpec(
            organisation_id=organisation.id,
            country_code=organisation.country_code,
            serial=serial + 1,
            trainer_id=users[organisation.id][1 + serial % trainers_per_org].id,
            slot=serial // trainers_per_org,
        )
        for organisation in organisations
        for serial in range(per_org)
    ]
    rng.shuffle(specs)  # organisations interleaved in the tables, as in real life
    trainer_names = {
        user.id: str(user.display_name) for members in users.values() for user in members
    }
    done = 0
    for first in range(0, len(specs), BATCH):
        batch = specs[first : first + BATCH]
        rows = Rows({}, {})
        key_ids, key_rows = bulk_data_keys(len(batch))
        rows.tables[DataKey.__table__] = key_rows
        for spec, key_id in zip(batch, key_ids, strict=True):
            make_case(rng, spec, key_id, family_names, today, rows)
        insert_rows(rows)
        _insert_plain(plain_engine, rows.plain, trainer_names)
        forget_data_keys()
        done += len(batch)
        if done % 10000 == 0 or done == len(specs):
            elapsed = time.perf_counter() - start
            print(f"  built {done:>7,} beneficiaries in {elapsed:6.1f} s", flush=True)
    seconds = time.perf_counter() - start
    return _world(organisations, users, plain_engine, seconds)


def _insert_plain(
    engine: Engine, plain: dict[str, list[dict[str, Any]]], trainer_names: dict[uuid.UUID, str]
) -> None:
    assignments = [
        {"beneficiary_id": row["id"], "user_id": row["trainer_id"]}
        for row in plain["beneficiaries"]
    ]
    for row in plain["notes"]:
        row["author_name"] = trainer_names[row.pop("author_id")]
    for row in plain.get("tasks", []):
        row["owner_name"] = trainer_names[row["owner_id"]]
    for row in plain["beneficiaries"]:
        row.pop("trainer_id")
    with engine.begin() as connection:
        connection.execute(insert(PlainBeneficiary), plain["beneficiaries"])
        connection.execute(insert(PlainAssignment), assignments)
        connection.execute(insert(PlainStage), plain["stages"])
        connection.execute(insert(PlainNote), plain["notes"])
        if plain.get("tasks"):
            connection.execute(insert(PlainTask), plain["tasks"])


def _world(
    organisations: list[Organisation],
    users: dict[uuid.UUID, list[User]],
    plain_engine: Engine,
    seconds: float,
) -> World:
    """Pick the measured trainer, case and names from the plain copy of the data."""
    first = organisations[0].id
    coordinator, trainer = users[first][0], users[first][1]
    with Session(plain_engine) as session:
        mine = (
            select(PlainBeneficiary.id, PlainBeneficiary.family_name)
            .join(PlainAssignment)
            .where(PlainAssignment.user_id == trainer.id, PlainBeneficiary.status == "active")
        )
        cases = session.execute(mine).all()
        stages = dict(
            session.execute(
                select(PlainStage.beneficiary_id, func.count())
                .where(PlainStage.beneficiary_id.in_([c.id for c in cases]))
                .group_by(PlainStage.beneficiary_id)
            ).all()
        )
        notes = dict(
            session.execute(
                select(PlainNote.beneficiary_id, func.count())
                .where(PlainNote.beneficiary_id.in_([c.id for c in cases]))
                .group_by(PlainNote.beneficiary_id)
            ).all()
        )
        case_id = min(
            cases, key=lambda c: abs(stages.get(c.id, 0) - 6) + abs(notes.get(c.id, 0) - 10)
        ).id
        rare = [c.family_name for c in cases if c.family_name not in COMMON_FAMILY_NAMES]
        common = [c.family_name for c in cases if c.family_name in COMMON_FAMILY_NAMES]
        counts = {
            table.name: session.scalar(select(func.count()).select_from(table)) or 0
            for table in (
                db.metadata.tables[name]
                for name in ("beneficiaries", "stages", "case_notes", "users")
            )
        }
    return World(
        organisations=[o.id for o in organisations],
        trainer_email=str(trainer.email),
        trainer_id=trainer.id,
        coordinator_email=str(coordinator.email),
        coordinator_id=coordinator.id,
        case_id=case_id,
        rare_name=rare[0],
        common_name=common[0] if common else COMMON_FAMILY_NAMES[0],
        build_seconds=seconds,
        counts=counts,
    )


# Measuring


@dataclass
class Figure:
    label: str
    median_ms: float
    p95_ms: float
    floor_ms: float | None = None
    target: str = ""
    ok: bool | None = None


def save_world(world: World, path: Path) -> None:
    fields = dataclasses.asdict(world)
    path.write_text(json.dumps(fields, default=str))


def load_world(path: Path) -> World:
    fields = json.loads(path.read_text())
    for name in ("trainer_id", "coordinator_id", "case_id"):
        fields[name] = uuid.UUID(fields[name])
    fields["organisations"] = [uuid.UUID(value) for value in fields["organisations"]]
    return World(**fields)


def summary(samples: list[float]) -> tuple[float, float]:
    ordered = sorted(samples)
    p95 = ordered[min(len(ordered) - 1, math.ceil(0.95 * len(ordered)) - 1)]
    return statistics.median(ordered) * 1000, p95 * 1000


def timed_get(client: FlaskClient, url: str, expect: str | None = None) -> float:
    start = time.perf_counter()
    response = client.get(url)
    elapsed = time.perf_counter() - start
    if response.status_code != 200:
        raise RuntimeError(f"GET {url} answered {response.status_code}")
    if expect is not None and expect not in response.get_data(as_text=True):
        raise RuntimeError(f"GET {url} does not show {expect!r}")
    return elapsed


def compare_pages(
    rounds: int, app_client: FlaskClient, url: str, bare_client: FlaskClient, bare_url: str
) -> tuple[tuple[float, float], tuple[float, float]]:
    """Median and p95 (ms) of both pages, requested in alternation after a warm-up."""
    real, bare = [], []
    for index in range(WARM_UP + rounds):
        spent_real = timed_get(app_client, url)
        spent_bare = timed_get(bare_client, bare_url)
        if index >= WARM_UP:
            real.append(spent_real)
            bare.append(spent_bare)
    return summary(real), summary(bare)


def time_alone(rounds: int, run: Callable[[], float]) -> tuple[float, float]:
    samples = [run() for _ in range(WARM_UP + rounds)][WARM_UP:]
    return summary(samples)


_CSRF = re.compile(r'name="csrf_token" (?:type="hidden" )?value="([^"]+)"')


def logged_in_client(app: Flask, email: str) -> FlaskClient:
    """Log in through the real form, CSRF token included, as a browser would."""
    client = app.test_client()
    page = client.get("/login")
    match = _CSRF.search(page.get_data(as_text=True))
    if match is None:
        raise RuntimeError(f"no CSRF token on the log-in page ({page.status_code})")
    response = client.post(
        "/login", data={"email": email, "password": PASSWORD, "csrf_token": match.group(1)}
    )
    if response.status_code != 302:
        raise RuntimeError(f"log-in as {email} failed ({response.status_code})")
    return client


def service_timer(app: Flask, user_id: uuid.UUID, query: str) -> Callable[[], float]:
    """Times caseload() alone, in a fresh application context (cold key cache) each run."""

    def run() -> float:
        with app.app_context():
            user = db.session.get_one(User, user_id)
            start = time.perf_counter()
            page = caseload(user, CaseloadFilters(query=query), 1)
            elapsed = time.perf_counter() - start
            if not page.cases:
                raise RuntimeError(f"no case named {query!r}")
            db.session.remove()
        return elapsed

    return run


def measure(app: Flask, bare: Flask, world: World, rounds: int) -> list[Figure]:
    trainer = logged_in_client(app, world.trainer_email)
    coordinator = logged_in_client(app, world.coordinator_email)
    bare_client = bare.test_client()
    org = world.organisations[0]
    # Both pages show what they should before anything is timed.
    timed_get(trainer, f"/cases/?q={world.rare_name}", world.rare_name)
    timed_get(trainer, f"/cases/{world.case_id}", "Intake and needs assessment")
    timed_get(bare_client, f"/plain/cases/{world.case_id}", "Intake and needs assessment")

    figures = []
    plain_list = f"/plain/cases/?organisation={org}"
    plain_case = f"/plain/cases/{world.case_id}"
    for who, client, bare_list in (
        ("trainer", trainer, f"{plain_list}&user={world.trainer_id}"),
        ("coordinator", coordinator, plain_list),
    ):
        (median, p95), (floor, _) = compare_pages(rounds, client, "/cases/", bare_client, bare_list)
        figures.append(Figure(f"caseload list, {who}", median, p95, floor, "< 2x bare", None))
        (median, p95), (floor, _) = compare_pages(
            rounds, client, f"/cases/{world.case_id}", bare_client, plain_case
        )
        figures.append(Figure(f"case page, {who}", median, p95, floor, "< 2x bare", None))
    for who, client, user_id in (
        ("trainer", trainer, world.trainer_id),
        ("coordinator", coordinator, world.coordinator_id),
    ):
        for kind, name in (("rare", world.rare_name), ("common", world.common_name)):
            median, p95 = time_alone(
                rounds, lambda c=client, n=name: timed_get(c, f"/cases/?q={n}")
            )
            figures.append(
                Figure(f"name search page, {who}, {kind} name", median, p95, None, "< 10 ms")
            )
            median, p95 = time_alone(rounds, service_timer(app, user_id, name))
            figures.append(Figure("  caseload() service alone", median, p95, None, "< 10 ms"))
    for figure in figures:
        if figure.floor_ms is not None:
            figure.ok = figure.median_ms <= 2 * figure.floor_ms
        elif figure.target == "< 10 ms":
            figure.ok = figure.median_ms < 10
    return figures


def report(world: World, figures: list[Figure], database: str, rounds: int) -> None:
    counts = ", ".join(f"{count:,} {name}" for name, count in world.counts.items())
    print(f"\nDatabase: {database}; {counts}.")
    print(f"Build: {world.build_seconds:.0f} s (not a measured figure).")
    print(f"Searched names: rare {world.rare_name!r}, common {world.common_name!r}.\n")
    header = f"{'':44} {'median':>8} {'p95':>8} {'bare':>8} {'ratio':>6}  {'target':10} ok"
    print(header)
    print("-" * len(header))
    for f in figures:
        floor = f"{f.floor_ms:8.2f}" if f.floor_ms is not None else " " * 8
        ratio = f"{f.median_ms / f.floor_ms:5.1f}x" if f.floor_ms else " " * 6
        verdict = {True: "yes", False: "NO", None: ""}[f.ok]
        print(
            f"{f.label:44} {f.median_ms:8.2f} {f.p95_ms:8.2f} {floor} {ratio}  "
            f"{f.target:10} {verdict}"
        )
    print(
        f"\nMilliseconds per request through the Flask test client, median and p95 of "
        f"{rounds} runs\nafter {WARM_UP} warm-up runs; page and bare page requested in "
        "alternation. Bare: a minimal\nFlask app, same database, same query shape, plain "
        "tables, a short template with the same fields, no log-in or layout."
    )


# Databases


@contextmanager
def databases(directory: str) -> Iterator[dict[str, str]]:
    """SQLite files in ``directory``, or the empty PostgreSQL databases from the environment."""
    main_url = os.environ.get("DATABASE_URL")
    keystore_url = os.environ.get("KEYSTORE_DATABASE_URL")
    if not main_url:
        yield {
            "DATABASE_URL": f"sqlite:///{directory}/bench.sqlite3",
            "KEYSTORE_DATABASE_URL": f"sqlite:///{directory}/bench-keys.sqlite3",
        }
        return
    if not keystore_url:
        sys.exit("Set KEYSTORE_DATABASE_URL too: the key store needs a database of its own.")
    yield {"DATABASE_URL": main_url, "KEYSTORE_DATABASE_URL": keystore_url}


def refuse_non_empty(engines: list[Engine]) -> None:
    for engine in engines:
        tables = inspect(engine).get_table_names()
        if tables:
            sys.exit(
                f"{engine.url.render_as_string(hide_password=True)} already has tables "
                f"({', '.join(tables[:3])}...): the benchmark only runs on an empty database."
            )


def kept_secrets(directory: Path) -> dict[str, str]:
    """The master key and secret of a kept database, made on its first run."""
    path = directory / "secrets.json"
    if not path.exists():
        path.write_text(
            json.dumps(
                {
                    "PASSERELLE_MASTER_KEY": base64.b64encode(secrets.token_bytes(32)).decode(),
                    "SECRET_KEY": secrets.token_urlsafe(36),
                }
            )
        )
    return json.loads(path.read_text())


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--beneficiaries", type=int, default=100_000)
    parser.add_argument("--rounds", type=int, default=30)
    parser.add_argument("--keep", type=Path, help="keep the database (and its world) for reuse")
    arguments = parser.parse_args()
    with contextlib.ExitStack() as stack:
        if arguments.keep is None:
            directory = stack.enter_context(tempfile.TemporaryDirectory())
            keys = {
                "PASSERELLE_MASTER_KEY": base64.b64encode(secrets.token_bytes(32)).decode(),
                "SECRET_KEY": secrets.token_urlsafe(36),
            }
        else:
            arguments.keep.mkdir(parents=True, exist_ok=True)
            directory = str(arguments.keep.resolve())
            keys = kept_secrets(arguments.keep)
        urls = stack.enter_context(databases(directory))
        settings = load_settings(
            {
                "PASSERELLE_ENV": "testing",
                "PASSERELLE_INSTANCE_PATH": directory,
                "PASSERELLE_LOG_LEVEL": "WARNING",
                **keys,
                **urls,
            }
        )
        run(arguments, settings, Path(directory) / "world.json" if arguments.keep else None)


def run(arguments: argparse.Namespace, settings: Any, kept_world: Path | None) -> None:
    app = create_app(settings)
    plain_engine = create_engine(settings.database_url)
    reuse = kept_world is not None and kept_world.exists()
    with app.app_context():
        engines = [db.engine, db.engines["keystore"]]
        if not reuse:
            refuse_non_empty(engines)
    # Fail now rather than after the build if the log-in page cannot be shown.
    if app.test_client().get("/login").status_code != 200:
        sys.exit("GET /login fails: the application is broken, nothing was measured.")
    try:
        if reuse:
            world = load_world(kept_world)
        else:
            with app.app_context():
                undo = [_fast_sqlite_writes(engine) for engine in (*engines, plain_engine)]
                print(f"Building {arguments.beneficiaries:,} beneficiaries...", flush=True)
                world = build(arguments.beneficiaries, plain_engine)
                for step in undo:
                    step()
                # What an operator runs after a bulk load (flask maintenance analyse).
                analyse_databases()
                analyse(plain_engine)
            if kept_world is not None:
                save_world(world, kept_world)
        # Outside any application context: each request must get its own, as in
        # production (its own session, key cache and logged-in user).
        figures = measure(app, bare_app(plain_engine), world, arguments.rounds)
        report(world, figures, engines[0].dialect.name, arguments.rounds)
    finally:
        with app.app_context():
            db.session.remove()
            if engines[0].dialect.name != "sqlite" and kept_world is None:
                Plain.metadata.drop_all(plain_engine)
                db.drop_all()
        plain_engine.dispose()
        for engine in engines:
            engine.dispose()


if __name__ == "__main__":
    main()
