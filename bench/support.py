"""Synthetic but realistic case data for bench/caseload.py, encrypted by the real layer.

Rows are made by constructing model instances (so ``app.crypto`` encrypts every field
and computes the blind indexes exactly as the application does), then read back as
column dictionaries for bulk ``INSERT``s. Only the data keys are made here in bulk:
``new_data_key`` commits one key-store transaction per key, which would dominate the
build; ``bulk_data_keys`` writes the same rows (a random 256-bit key wrapped under the
active KEK with ``wrap_key``, same id binding) and fills the same per-context cache.
"""

from __future__ import annotations

import random
import secrets
import uuid
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from typing import Any

from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from sqlalchemy import Table, insert

from app.cases.models import Beneficiary, CaseAssignment, CaseNote, Consent, Task, TaskKind
from app.cases.pathways.models import Pathway, Stage
from app.crypto import full_name_index, name_and_birth_date_index
from app.crypto.keystore import crypto_state, key_cache
from app.crypto.models import DataKey
from app.crypto.primitives import DATA_KEY_BYTES, wrap_key
from app.extensions import db
from app.vocabulary import (
    CaseStatus,
    ClosureReason,
    ConsentPurpose,
    EducationLevel,
    Gender,
    HoursUnit,
    InterruptionReason,
    NoteKind,
    ResidenceStatus,
    StageKind,
    StageStatus,
)

GIVEN_NAMES = (  # noqa: SIM905 - a word list reads best as text
    "Amina Fatima Aisha Mariam Khadija Zainab Hawa Samira Leila Nour Yasmin Rania Halima "
    "Selam Mehret Senait Helen Tsega Olena Iryna Tetiana Nataliia Oksana Yuliia "
    "Anastasiia Zahra Maryam Parwana Shabnam Farzana Nadia Sima Huda Rahel Grace Esther "
    "Mercy Blessing Mohammed Ahmed Ali Omar Yusuf Ibrahim Abdullahi Hassan Hussein "
    "Mustafa Khalid Tariq Samir Bilal Idris Tesfaye Dawit Yonas Biniam Robel Filmon "
    "Andrii Oleksandr Dmytro Serhii Mykola Ihor Ahmad Mahmoud Hamid Rahim Javad Reza "
    "Farid Emmanuel Ibrahima Moussa Mamadou Ousmane Abdoulaye Lamin Alpha Sekou Kofi "
    "Kwame Arash Karim Said Adnan Firas"
).split()
_SYLLABLES = (  # noqa: SIM905 - a word list reads best as text
    "al ba ka da fa ha ja la ma na ra sa ta wa ya za ab ad ak am an ar as at el em en er "
    "es ib id il im in ir is om on or os ou ul um un ur us"
).split()
COMMON_FAMILY_NAMES = (  # noqa: SIM905 - a word list reads best as text
    "Mohammed Ahmadi Hussein Ali Hassan Abdi Yusuf Haile Tesfay Kovalenko Shevchenko "
    "Bondarenko Rahimi Karimi Hosseini Diallo Traore Camara Mensah Osei Ibrahim Omar"
).split()


def family_name_pool(rng: random.Random, size: int = 6000) -> list[str]:
    """A long tail of surnames: a few very common ones, thousands of rarer ones."""
    names: set[str] = set()
    while len(names) < size:
        parts = rng.randint(2, 4)
        name = "".join(rng.choice(_SYLLABLES) for _ in range(parts)).capitalize()
        if len(name) >= 4:
            names.add(name)
    return sorted(names - set(COMMON_FAMILY_NAMES))


_NOTE_SENTENCES = (
    "Met at the office with an interpreter for the monthly review of the pathway.",
    "Attends the language course regularly; the teacher reports good progress in speaking.",
    "Explained the steps for the recognition of the professional diploma obtained abroad.",
    "Accompanied to the job centre to register and open the unemployment insurance file.",
    "Childcare remains difficult on Wednesdays; we looked at the municipal day-care options.",
    "Discussed a work placement in a restaurant kitchen; an interview is planned next week.",
    "The residence permit renewal appointment is confirmed; documents were checked together.",
    "Reports tiredness and difficulty sleeping; suggested an appointment with the psychologist.",
    "Housing: still in the reception centre, application for social housing filed in March.",
    "Completed the civic orientation module; certificate received and added to the file.",
    "Phone call to reschedule the meeting because of a medical appointment for the child.",
    "Wants to work as a bus driver; the licence from the country of origin is not recognised.",
    "Prepared a CV together and translated previous work experience into local terms.",
    "The employer of the placement is satisfied and considers a fixed-term contract.",
    "Missed two classes this month; transport costs are the main obstacle, travel pass asked.",
    "Assessment of the written level: can fill in simple forms, needs support with letters.",
)
_GOALS = (
    "Reach level A2 in speaking and listening; be able to handle appointments alone.",
    "Obtain the certificate required for the residence permit and the naturalisation file.",
    "Understand local institutions, rights and duties; know where to ask for help.",
    "Find a placement in the catering sector of at least four weeks with a mentor.",
    "Complete the forklift and warehouse safety training and obtain the licence.",
    "Build a business plan for a tailoring workshop and meet the chamber of crafts.",
)
_OUTCOMES = (
    "Completed with the certificate; level reached as planned.",
    "Completed; the employer offered a fixed-term contract of six months.",
    "Completed with good attendance; recommended for the next module.",
)
_STAGE_TITLES = {
    StageKind.INTAKE: ("Intake and needs assessment", None),
    StageKind.HOST_LANGUAGE: ("Language course, 600 teaching units", "Adult education centre"),
    StageKind.CIVIC_ORIENTATION: ("Civic orientation course", "Adult education centre"),
    StageKind.SOCIAL_SUPPORT: ("Housing and health support", "Municipal social services"),
    StageKind.VOCATIONAL_TRAINING: ("Vocational training: logistics", "Training institute"),
    StageKind.WORK_PLACEMENT: ("Work placement", "Local employer"),
    StageKind.EMPLOYMENT: ("Employment", None),
    StageKind.BUSINESS_CREATION: ("Business creation support", "Chamber of crafts"),
    StageKind.EXIT_FOLLOW_UP: ("Follow-up after exit", None),
}
_PATH = list(_STAGE_TITLES)
COUNTRIES = ("SY", "AF", "ER", "UA", "SO", "IQ", "SD", "NG", "GN", "IR", "ET", "CD")
LANGUAGES = ("ar", "ps", "fa", "ti", "uk", "ru", "so", "fr", "en", "am", "ku")
EPOCH = datetime(2024, 6, 1, 9, 0, tzinfo=UTC)


def note_body(rng: random.Random) -> str:
    """150 to 700 characters, as a worker writes after a meeting."""
    return " ".join(rng.sample(_NOTE_SENTENCES, rng.randint(2, 8)))


@dataclass
class Rows:
    """Column dictionaries per table, ready for ``insert(table)`` in a batch."""

    tables: dict[Table, list[dict[str, Any]]]
    plain: dict[str, list[dict[str, Any]]]

    def add(self, table: Table, row: dict[str, Any]) -> None:
        self.tables.setdefault(table, []).append(row)


_CHECKED: set[type] = set()


def layer_row(model: type, owner: Any = None, **values: Any) -> tuple[dict[str, Any], Any]:
    """One row of ``model``: plain values as given, encrypted ones by the real layer.

    A minimal instance (id, data key or owning beneficiary, encrypted fields) is built so
    that ``app.crypto`` encrypts each value bound to its table, column and record and fills
    the blind-index columns; the row takes its ciphertext. Returns the row and the instance.
    """
    fields = model.encrypted_fields()  # type: ignore[attr-defined]
    secret = {name: values.pop(name) for name in list(values) if name in fields}
    kwargs: dict[str, Any] = {"id": values["id"], **secret}
    if owner is not None:
        kwargs["beneficiary"] = owner
    else:
        kwargs["data_key_id"] = values["data_key_id"]
    instance = model(**kwargs)
    state = instance.__dict__
    for field in fields.values():
        values[field.name] = state.get(field.ciphertext_attribute)
        if field.index is not None:
            values[field.index_attribute] = state.get(field.index_attribute)
    if model not in _CHECKED:
        expected = set(model.__table__.columns.keys())  # type: ignore[attr-defined]
        if set(values) != expected:
            raise RuntimeError(f"{model.__name__} row: {sorted(set(values) ^ expected)}")
        _CHECKED.add(model)
    return values, instance


def bulk_data_keys(count: int) -> tuple[list[uuid.UUID], list[dict[str, Any]]]:
    """``count`` data keys in new_data_key's format, unwrapped into this context's cache."""
    keyring = crypto_state().keyring
    version = keyring.active
    kek = keyring.cipher(version)
    cache = key_cache()
    now = datetime.now(UTC)
    ids, rows = [], []
    for _ in range(count):
        key_id = uuid.uuid4()
        key = secrets.token_bytes(DATA_KEY_BYTES)
        rows.append(
            {
                "id": key_id,
                "kek_version": version,
                "wrapped_key": wrap_key(kek, version, key_id, key),
                "created_at": now,
                "rewrapped_at": None,
                "shredded_at": None,
            }
        )
        cache[key_id.bytes] = AESGCM(key)
        ids.append(key_id)
    return ids, rows


def insert_rows(rows: Rows) -> None:
    """Write every table of a batch (parents first), then forget it."""
    order = [
        DataKey.__table__,
        Beneficiary.__table__,
        CaseAssignment.__table__,
        Consent.__table__,
        Pathway.__table__,
        Stage.__table__,
        CaseNote.__table__,
        Task.__table__,
    ]
    for table in order:
        batch = rows.tables.get(table)
        if batch:
            bind = db.engines["keystore"] if table is DataKey.__table__ else db.engine
            with bind.begin() as connection:
                connection.execute(insert(table), batch)
    rows.tables.clear()


@dataclass(frozen=True)
class CaseSpec:
    """Where one beneficiary belongs: organisation, trainer, place in the trainer's list."""

    organisation_id: uuid.UUID
    country_code: str
    serial: int
    trainer_id: uuid.UUID
    slot: int  # 0..99 within the trainer's cases: 0-39 active, 40-49 on hold, rest closed


def _status(slot: int) -> CaseStatus:
    if slot < 40:
        return CaseStatus.ACTIVE
    return CaseStatus.ON_HOLD if slot < 50 else CaseStatus.CLOSED


def make_case(
    rng: random.Random,
    spec: CaseSpec,
    key_id: uuid.UUID,
    family_names: list[str],
    today: date,
    rows: Rows,
) -> None:
    """One beneficiary with pathway, about 6 stages, 10 notes, consent and maybe a task."""
    given = rng.choice(GIVEN_NAMES)
    if rng.random() < 0.3:
        given += " " + rng.choice(GIVEN_NAMES)
    # A fifth of people share some twenty common surnames; the rest have rarer ones.
    common = rng.random() < 0.2
    family = rng.choice(COMMON_FAMILY_NAMES if common else family_names)
    birth = date(1965, 1, 1) + timedelta(days=rng.randrange(365 * 42))
    entered = date(2019, 1, 1) + timedelta(days=rng.randrange(365 * 6))
    arrival = entered - timedelta(days=rng.randrange(30, 900))
    status = _status(spec.slot)
    disability = rng.random() < 0.08
    now = EPOCH + timedelta(seconds=spec.serial)
    case_number = f"{spec.country_code}-{entered.year}-{spec.serial:05d}"
    row, beneficiary = layer_row(
        Beneficiary,
        id=uuid.uuid4(),
        data_key_id=key_id,
        case_number=case_number,
        organisation_id=spec.organisation_id,
        entered_on=entered,
        given_names=given,
        family_name=family,
        birth_date=birth,
        contact={
            "phone": f"+33 6 {rng.randrange(10**8):08d}",
            "email": f"p{spec.serial}@mail.test",
        },
        address=f"{rng.randint(1, 180)} rue des Tilleuls, Bâtiment {rng.choice('ABCD')}, "
        f"{rng.randint(10000, 99999)} Villeneuve",
        gender=rng.choice((Gender.FEMALE, Gender.MALE, Gender.MALE, Gender.NOT_STATED)),
        birth_year=birth.year,
        country_of_origin=rng.choice(COUNTRIES),
        languages=rng.sample(LANGUAGES, rng.randint(1, 3)),
        preferred_language=rng.choice(LANGUAGES),
        arrival_date=arrival,
        residence_status=rng.choice(list(ResidenceStatus)),
        residence_details="Residence permit valid until 2027, renewal to be prepared in advance",
        education_level=rng.choice(list(EducationLevel)),
        work_experience="Eight years as a tailor in a family workshop; two years of farm work.",
        young_person=16 <= entered.year - birth.year <= 25,
        young_person_override=None,
        unaccompanied_minor=False,
        guardian=None,
        has_disability=disability,
        disability_details="Reduced hearing in the left ear" if disability else None,
        accommodations="Seat at the front; written summaries of meetings" if disability else None,
        status=status,
        closure_reason=ClosureReason.PATHWAY_COMPLETED if status is CaseStatus.CLOSED else None,
        closed_on=entered + timedelta(days=700) if status is CaseStatus.CLOSED else None,
        version=1,
        created_at=now,
        updated_at=now,
        full_name_index=full_name_index(given, family),
        name_and_birth_date_index=name_and_birth_date_index(given, family, birth),
    )
    rows.add(Beneficiary.__table__, row)
    profile = row
    rows.add(
        CaseAssignment.__table__,
        {
            "beneficiary_id": beneficiary.id,
            "user_id": spec.trainer_id,
            "assigned_at": now,
            "assigned_by_id": spec.trainer_id,
        },
    )
    rows.add(
        Consent.__table__,
        {
            "id": uuid.uuid4(),
            "beneficiary_id": beneficiary.id,
            "purpose": ConsentPurpose.CASE_MANAGEMENT,
            "given_on": entered,
            "recorded_by_id": spec.trainer_id,
            "recorded_at": now,
            "withdrawn_on": None,
        },
    )
    pathway_id = uuid.uuid4()
    rows.add(
        Pathway.__table__,
        {
            "id": pathway_id,
            "beneficiary_id": beneficiary.id,
            "template_code": None,
            "intensity": 100,
            "intensity_reason": None,
            "variant": "standard",
            "version": 1,
        },
    )
    plain_stages = _stages(rng, beneficiary, pathway_id, entered, rows)
    plain_notes = _notes(rng, beneficiary, spec, entered, rows)
    if status is CaseStatus.ACTIVE:
        row, _ = layer_row(
            Task,
            beneficiary,
            id=uuid.uuid4(),
            beneficiary_id=beneficiary.id,
            kind=TaskKind.FOLLOW_UP,
            title="Call back about the placement interview and the travel pass",
            owner_id=spec.trainer_id,
            due_on=today + timedelta(days=rng.randint(-10, 40)),
            done_at=None,
            created_by_id=spec.trainer_id,
            created_at=now,
        )
        rows.add(Task.__table__, row)
        rows.plain.setdefault("tasks", []).append(
            {
                "id": row["id"],
                "beneficiary_id": beneficiary.id,
                "kind": TaskKind.FOLLOW_UP.value,
                "title": "Call back about the placement interview and the travel pass",
                "owner_id": spec.trainer_id,
                "due_on": row["due_on"],
                "done": False,
            }
        )
    rows.plain.setdefault("beneficiaries", []).append(
        {
            "id": beneficiary.id,
            "organisation_id": spec.organisation_id,
            "trainer_id": spec.trainer_id,
            "case_number": case_number,
            "given_names": given,
            "family_name": family,
            "birth_date": birth,
            "entered_on": entered,
            "status": status.value,
            "gender": profile["gender"].value,
            "young_person": profile["young_person"],
            "unaccompanied_minor": profile["unaccompanied_minor"],
            "has_disability": profile["has_disability"],
            "country_of_origin": profile["country_of_origin"],
            "languages": " ".join(profile["languages"]),
            "residence_status": profile["residence_status"].value,
        }
    )
    rows.plain.setdefault("stages", []).extend(plain_stages)
    rows.plain.setdefault("notes", []).extend(plain_notes)


def _stages(
    rng: random.Random, beneficiary: Beneficiary, pathway_id: uuid.UUID, start: date, rows: Rows
) -> list[dict[str, Any]]:
    count = rng.randint(4, 8)
    kinds = [_PATH[0], *sorted(rng.sample(_PATH[1:], count - 1), key=_PATH.index)]
    done = rng.randint(0, count)
    plain = []
    day = start
    for position, kind in enumerate(kinds, start=1):
        title, provider = _STAGE_TITLES[kind]
        if position <= done:
            status = StageStatus.INTERRUPTED if rng.random() < 0.05 else StageStatus.COMPLETED
        else:
            status = StageStatus.IN_PROGRESS if position == done + 1 else StageStatus.PLANNED
        end = day + timedelta(days=rng.randint(30, 200))
        started = status is not StageStatus.PLANNED
        row, _ = layer_row(
            Stage,
            beneficiary,
            id=uuid.uuid4(),
            pathway_id=pathway_id,
            beneficiary_id=beneficiary.id,
            position=position,
            kind=kind,
            title=title,
            provider=provider,
            status=status,
            planned_start=day,
            planned_end=end,
            actual_start=day if started else None,
            actual_end=end if position <= done else None,
            interruption_reason=InterruptionReason.CHILDCARE
            if status is StageStatus.INTERRUPTED
            else None,
            interruption_details="No childcare place until September"
            if status is StageStatus.INTERRUPTED
            else None,
            goals=rng.choice(_GOALS),
            outcome=rng.choice(_OUTCOMES) if status is StageStatus.COMPLETED else None,
            hours_planned=600 if kind is StageKind.HOST_LANGUAGE else None,
            hours_attended=rng.randint(0, 600) if kind is StageKind.HOST_LANGUAGE else None,
            hours_unit=HoursUnit.TEACHING_UNIT
            if kind is StageKind.HOST_LANGUAGE
            else HoursUnit.HOUR,
            certificate=None,
            nace_section=None,
            contract_type=None,
            hours_per_week=None,
            business_activity=None,
            plan_status=None,
            registration_date=None,
            version=1,
        )
        rows.add(Stage.__table__, row)
        plain.append(
            {
                "id": row["id"],
                "beneficiary_id": beneficiary.id,
                "position": position,
                "kind": kind.value,
                "title": title,
                "status": status.value,
                "planned_start": day,
                "actual_start": row["actual_start"],
                "actual_end": row["actual_end"],
                "hours_planned": row["hours_planned"],
                "hours_attended": row["hours_attended"],
            }
        )
        day = end
    return plain


def _notes(
    rng: random.Random, beneficiary: Beneficiary, spec: CaseSpec, start: date, rows: Rows
) -> list[dict[str, Any]]:
    plain = []
    kinds = list(NoteKind)
    for _ in range(rng.randint(6, 14)):
        occurred = start + timedelta(days=rng.randrange(900))
        body = note_body(rng)
        kind = rng.choice(kinds)
        row, _ = layer_row(
            CaseNote,
            beneficiary,
            id=uuid.uuid4(),
            beneficiary_id=beneficiary.id,
            author_id=spec.trainer_id,
            occurred_on=occurred,
            kind=kind,
            body=body,
            confidential=False,
            created_at=EPOCH,
        )
        rows.add(CaseNote.__table__, row)
        plain.append(
            {
                "id": row["id"],
                "beneficiary_id": beneficiary.id,
                "author_id": spec.trainer_id,
                "occurred_on": occurred,
                "kind": kind.value,
                "body": body,
            }
        )
    return plain


def chunks(items: list[Any], size: int) -> Iterable[list[Any]]:
    for start in range(0, len(items), size):
        yield items[start : start + size]
