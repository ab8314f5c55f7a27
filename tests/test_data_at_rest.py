"""No personal data reaches the database files or a dump in plaintext, in any usual encoding,
while the application shows it to an authorised user.

Every encrypted field of every model is filled at least once, so a new encrypted field that
is not covered makes this test fail.
"""

from __future__ import annotations

import subprocess
from collections.abc import Iterator
from datetime import date, timedelta
from pathlib import Path

import pytest
from flask_migrate import upgrade
from sqlalchemy import select

from app import create_app
from app.accounts.models import User
from app.cases import referrals, services, timeline
from app.cases.models import Beneficiary, TaskKind
from app.cases.pathways import services as pathways
from app.cases.pathways.models import Stage
from app.crypto import EncryptedRecord
from app.dates import local_today
from app.demo.seed import DEMO_PASSWORD, seed_demo
from app.extensions import db
from app.vocabulary import (
    BusinessPlanStatus,
    ConsentPurpose,
    InterruptionReason,
    StageKind,
    StageStatus,
)
from config.settings import Settings
from tests.databases import KINDS, fresh_databases, libpq_url
from tests.factories import case_data, make_organisation
from tests.helpers import Client

GUARDIAN = "Maître Hélène Rousseau-Diallo"
NOTE = "Nuits difficiles depuis l'arrivée; orientation vers un suivi psychologique."


@pytest.fixture(params=KINDS, scope="module")
def seeded(
    request: pytest.FixtureRequest, settings: Settings, tmp_path_factory: pytest.TempPathFactory
) -> Iterator:
    databases = fresh_databases(request.param, tmp_path_factory.mktemp("at-rest"))
    main_url, keys_url = next(databases)
    app = create_app(settings.with_changes(database_url=main_url, keystore_database_url=keys_url))
    with app.app_context():
        upgrade()
        seed_demo()
        _every_encrypted_field(local_today())
        db.session.commit()
    yield request.param, app, main_url, keys_url
    with app.app_context():
        db.session.remove()
        for engine in db.engines.values():
            engine.dispose()
    next(databases, None)


def _every_encrypted_field(today: date) -> None:
    """A case using every encrypted field there is, on top of the demo data."""
    trainer = db.session.scalar(
        select(User).where(User.email.matches("trainer1.fr@demo.passerelle.eu"))
    )
    minor = services.create_case(
        trainer.organisation,
        case_data(
            given_names="Selamawit", family_name="Gebremedhin", birth_date=date(2010, 6, 1),
            email="selam.g@example.org", address="12 rue des Lilas, 69003 Lyon",
            unaccompanied_minor=True, guardian_name=GUARDIAN, guardian_contact="04 78 00 00 00",
            has_disability=True, disability_details="Malvoyante",
            accommodations="Documents en gros caractères", entered_on=today,
        ),
        trainer, today,
    )  # fmt: skip
    pathway = pathways.create_pathway(minor, None, trainer)
    pathways.add_stage(pathway, pathways.StageData(
        kind=StageKind.BUSINESS_CREATION, title="Atelier couture", goals="Ouvrir un atelier",
        outcome="Plan rédigé", business_activity="Retouches et couture sur mesure",
        plan_status=BusinessPlanStatus.DRAFTING,
    ), trainer, today)  # fmt: skip
    pathways.add_stage(pathway, pathways.StageData(
        kind=StageKind.VOCATIONAL_TRAINING, title="CAP", status=StageStatus.INTERRUPTED,
        actual_start=today - timedelta(days=30), interruption_reason=InterruptionReason.HEALTH,
        interruption_details="Hospitalisée trois semaines",
    ), trainer, today)  # fmt: skip
    timeline.add_note(minor, trainer, occurred_on=today, kind=timeline.NoteKind.MEETING,
                      body=NOTE, confidential=False, today=today)  # fmt: skip
    timeline.add_task(minor, trainer, title="Rendez-vous chez l'ophtalmologue", due_on=today,
                      owner=trainer, kind=TaskKind.GOAL)  # fmt: skip
    services.record_consent(minor, ConsentPurpose.PARTNER_SHARING, today, trainer, today)
    partner = make_organisation("Partner for the test", "DE")
    referrals.refer(minor, partner, trainer, "Déménagement prévu chez sa tante à Leipzig")


def _plaintexts() -> tuple[set[str], dict[tuple[str, str], int]]:
    """Every decrypted value, and how many rows fill each encrypted field."""
    values: set[str] = set()
    filled: dict[tuple[str, str], int] = {}
    for mapper in db.Model.registry.mappers:
        model = mapper.class_
        if not issubclass(model, EncryptedRecord) or model.__tablename__.startswith("test_"):
            continue
        for record in db.session.scalars(select(model)):
            for name in model.encrypted_fields():
                value = getattr(record, name)
                key = (model.__tablename__, name)
                filled.setdefault(key, 0)
                if value is None:
                    continue
                filled[key] += 1
                _collect(value, values)
    return values, filled


def _collect(value: object, into: set[str]) -> None:
    if isinstance(value, dict):
        for item in value.values():
            _collect(item, into)
    elif isinstance(value, list):
        for item in value:
            _collect(item, into)
    elif isinstance(value, date):
        into.update({value.isoformat(), value.strftime("%d/%m/%Y"), value.strftime("%d.%m.%Y")})
    elif isinstance(value, str):
        into.add(value)


def _plain_column_values() -> set[str]:
    """Values the schema stores in clear on purpose (codes, dates of events, ids...).

    A history entry can repeat one of them inside its encrypted changes: that is no leak.
    """
    values: set[str] = set()
    for bind, metadata in db.metadatas.items():
        with db.engines[bind].connect() as connection:
            for table in metadata.sorted_tables:
                if table.name.startswith("test_"):
                    continue
                for row in connection.execute(table.select()):
                    for value in row:
                        if value is not None and not isinstance(value, bytes):
                            _collect(value if isinstance(value, date | str) else str(value),
                                     values)  # fmt: skip
    return values


def _needles(plaintexts: set[str]) -> dict[bytes, str]:
    """The byte patterns that would betray each value: several encodings and cases."""
    needles = {}
    for text in plaintexts:
        for variant in {text, text.lower(), text.upper()}:
            for encoding in ("utf-8", "utf-16-le", "utf-16-be", "latin-1"):
                try:
                    pattern = variant.encode(encoding)
                except UnicodeEncodeError:
                    continue
                # Shorter patterns turn up by chance in random ciphertext.
                if len(pattern) >= 5:
                    needles[pattern] = text
    return needles


def _stored_bytes(kind: str, main_url: str, keys_url: str) -> bytes:
    if kind == "sqlite":
        chunks = []
        for url in (main_url, keys_url):
            path = Path(url.removeprefix("sqlite:///"))
            for file in path.parent.glob(path.name + "*"):
                chunks.append(file.read_bytes())
        return b"\n".join(chunks)
    dumps = [
        subprocess.run(
            ["pg_dump", "--no-owner", "--dbname", libpq_url(url)],
            check=True, capture_output=True, timeout=120,
        ).stdout
        for url in (main_url, keys_url)
    ]  # fmt: skip
    return b"\n".join(dumps)


def test_no_personal_data_in_database_files_or_dumps(seeded: tuple) -> None:
    kind, app, main_url, keys_url = seeded
    with app.app_context():
        plaintexts, filled = _plaintexts()
        plaintexts -= _plain_column_values()
    empty = sorted(key for key, count in filled.items() if count == 0)
    assert empty == [], "these encrypted fields are never filled by the test data"
    assert {GUARDIAN, NOTE, "Selamawit", "trainer1.fr@demo.passerelle.eu"} <= plaintexts
    stored = _stored_bytes(kind, main_url, keys_url)
    assert len(stored) > 10_000
    leaks = sorted({text for pattern, text in _needles(plaintexts).items() if pattern in stored})
    assert leaks == []


def test_the_application_still_shows_the_data_to_an_authorised_user(seeded: tuple) -> None:
    _kind, app, _main, _keys = seeded
    with app.app_context():
        beneficiary = db.session.scalars(select(Beneficiary)).all()
        minor = next(b for b in beneficiary if b.given_names == "Selamawit")
    client = Client(app)
    assert client.log_in("trainer1.fr@demo.passerelle.eu", DEMO_PASSWORD).status_code == 302
    page = client.text(f"/cases/{minor.id}")
    for shown in (
        "Selamawit Gebremedhin",
        GUARDIAN,
        NOTE.replace("'", "&#39;"),
        "Documents en gros caractères",
    ):
        assert shown in page
    assert "Rendez-vous chez l&#39;ophtalmologue" in page
    with app.app_context():
        stage = db.session.scalar(select(Stage).where(Stage.title == "CAP"))
        assert stage.interruption_details == "Hospitalisée trois semaines"
