"""Case-file operations: create, edit, search, assign, consent, close.

Functions change the ORM and ``flush()``; the request commits. Every change writes a
history event.
"""

from __future__ import annotations

import re
import uuid
from collections.abc import Sequence
from dataclasses import asdict, dataclass
from datetime import date, timedelta
from typing import Any

from sqlalchemy import ColumnElement, Select, bindparam, func, or_, select
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import contains_eager, load_only

from app.accounts.models import Organisation, User
from app.accounts.roles import CASE_WORKER_ROLES
from app.cases.access import visible_cases_rule
from app.cases.errors import InvalidInput, StaleRecord
from app.cases.history import CaseAction, changes_between, record_event
from app.cases.models import (
    Beneficiary,
    CaseAssignment,
    CaseEvent,
    CaseNumberCounter,
    Consent,
    Task,
)
from app.cases.pathways.models import Stage
from app.crypto import (
    full_name_index,
    name_and_birth_date_index,
    normalise,
    preload_data_keys,
)
from app.db import versioned_save
from app.extensions import db
from app.pagination import page_count, page_within
from app.vocabulary import (
    CaseStatus,
    ClosureReason,
    ConsentPurpose,
    EducationLevel,
    Gender,
    ResidenceStatus,
    StageKind,
    StageStatus,
    TargetGroup,
)

YOUNG_PERSON_AGES = range(16, 26)
CASE_NUMBER = re.compile(r"^[A-Za-z]{2}-\d{4}-\d{5}$")
OLDEST_PLAUSIBLE_AGE = 110
# Support may be booked a season ahead; a later start is a typing slip, and would open
# a case number in a year that has not begun.
ENTRY_DAYS_AHEAD = 90


@dataclass(frozen=True, slots=True)
class CaseData:
    """Everything a worker types into the case file's profile form."""

    given_names: str
    family_name: str
    birth_date: date
    gender: Gender
    country_of_origin: str
    languages: list[str]
    preferred_language: str | None
    arrival_date: date | None
    residence_status: ResidenceStatus
    residence_details: str | None
    education_level: EducationLevel
    work_experience: str | None
    entered_on: date
    phone: str | None = None
    email: str | None = None
    address: str | None = None
    young_person_override: bool | None = None
    unaccompanied_minor: bool = False
    guardian_name: str | None = None
    guardian_contact: str | None = None
    has_disability: bool = False
    disability_details: str | None = None
    accommodations: str | None = None


def age_on(birth_date: date, day: date) -> int:
    return day.year - birth_date.year - ((day.month, day.day) < (birth_date.month, birth_date.day))


def check_case_data(data: CaseData, today: date) -> dict[str, str]:
    """Problems that make the data impossible, by field; empty when all is well."""
    problems: dict[str, str] = {}
    if data.birth_date > today:
        problems["birth_date"] = "birth_in_future"
    elif age_on(data.birth_date, today) > OLDEST_PLAUSIBLE_AGE:
        problems["birth_date"] = "birth_too_early"
    if data.arrival_date is not None:
        if data.arrival_date > today:
            problems["arrival_date"] = "arrival_in_future"
        elif data.arrival_date < data.birth_date:
            problems["arrival_date"] = "arrival_before_birth"
    if data.entered_on < data.birth_date:
        problems["entered_on"] = "entry_before_birth"
    elif data.entered_on > today + timedelta(days=ENTRY_DAYS_AHEAD):
        problems["entered_on"] = "entry_too_far_ahead"
    if data.unaccompanied_minor and age_on(data.birth_date, data.entered_on) >= 18:
        problems["unaccompanied_minor"] = "not_a_minor"
    if data.unaccompanied_minor and not data.guardian_name:
        problems["guardian_name"] = "guardian_required"
    return problems


def _derived_young_person(data: CaseData) -> bool:
    if data.young_person_override is not None:
        return data.young_person_override
    return age_on(data.birth_date, data.entered_on) in YOUNG_PERSON_AGES


def _contact(data: CaseData) -> dict[str, str] | None:
    contact = {key: value for key, value in (("phone", data.phone), ("email", data.email)) if value}
    return contact or None


def _guardian(data: CaseData) -> dict[str, str] | None:
    if not data.unaccompanied_minor or not data.guardian_name:
        return None
    return {"name": data.guardian_name, "contact": data.guardian_contact or ""}


def _field_values(data: CaseData) -> dict[str, Any]:
    values = asdict(data)
    for name in ("phone", "email", "guardian_name", "guardian_contact"):
        values.pop(name)
    values["contact"] = _contact(data)
    values["guardian"] = _guardian(data)
    values["birth_year"] = data.birth_date.year
    values["young_person"] = _derived_young_person(data)
    if not data.has_disability:
        values["disability_details"] = None
        values["accommodations"] = None
    return values


def _set_name_indexes(beneficiary: Beneficiary, data: CaseData) -> None:
    beneficiary.full_name_index = full_name_index(data.given_names, data.family_name)
    beneficiary.name_and_birth_date_index = name_and_birth_date_index(
        data.given_names, data.family_name, data.birth_date
    )


def next_case_number(organisation: Organisation, year: int) -> str:
    """``FR-2026-00042``: identifies a case without naming anyone."""
    # One statement that creates the year's counter or moves it on is atomic on both
    # databases: two workers creating cases at once, even the year's first, never get
    # the same number nor a duplicate counter.
    dialect = db.session.get_bind(clause=CaseNumberCounter.__table__).dialect.name
    insert = postgresql.insert if dialect == "postgresql" else sqlite.insert
    statement = insert(CaseNumberCounter).values(
        organisation_id=organisation.id, year=year, last_serial=1
    )
    serial = db.session.scalar(
        statement.on_conflict_do_update(
            index_elements=[CaseNumberCounter.organisation_id, CaseNumberCounter.year],
            set_={"last_serial": CaseNumberCounter.last_serial + 1},
        ).returning(CaseNumberCounter.last_serial)
    )
    return f"{organisation.country_code}-{year}-{serial:05d}"


def find_possible_duplicates(
    organisation_id: uuid.UUID, given_names: str, family_name: str, birth_date: date
) -> list[Beneficiary]:
    """Cases of the same organisation with the same name and date of birth."""
    candidates = db.session.scalars(
        select(Beneficiary).where(
            Beneficiary.organisation_id == organisation_id,
            Beneficiary.name_and_birth_date_index
            == name_and_birth_date_index(given_names, family_name, birth_date),
        )
    ).all()
    wanted = (normalise(given_names), normalise(family_name), birth_date)
    # The index is truncated on purpose (see app.crypto.blind_index): confirm each hit.
    return [
        candidate
        for candidate in candidates
        if (
            normalise(str(candidate.given_names)),
            normalise(str(candidate.family_name)),
            candidate.birth_date,
        )
        == wanted
    ]


def create_case(
    organisation: Organisation, data: CaseData, created_by: User, today: date
) -> Beneficiary:
    problems = check_case_data(data, today)
    if problems:
        raise InvalidInput(problems)
    values = _field_values(data)
    beneficiary = Beneficiary(
        organisation_id=organisation.id,
        case_number=next_case_number(organisation, data.entered_on.year),
        **values,
    )
    _set_name_indexes(beneficiary, data)
    db.session.add(beneficiary)
    if created_by.role in CASE_WORKER_ROLES:
        beneficiary.assignments.append(
            CaseAssignment(user_id=created_by.id, assigned_by_id=created_by.id)
        )
    db.session.flush()
    record_event(beneficiary, created_by, CaseAction.CASE_CREATED)
    db.session.flush()
    return beneficiary


def update_case(
    beneficiary: Beneficiary, data: CaseData, expected_version: int, actor: User, today: date
) -> dict[str, list[Any]]:
    """Save the profile; returns the changes recorded in the history."""
    if beneficiary.version != expected_version:
        raise StaleRecord()
    problems = check_case_data(data, today)
    if problems:
        raise InvalidInput(problems)
    values = _field_values(data)
    changes = changes_between(beneficiary, values)
    if not changes:
        return {}
    with versioned_save(db.session(), StaleRecord):
        for name in changes:
            setattr(beneficiary, name, values[name])
        if {"given_names", "family_name", "birth_date"} & changes.keys():
            _set_name_indexes(beneficiary, data)
        beneficiary.version = expected_version + 1
        record_event(beneficiary, actor, CaseAction.PROFILE_UPDATED, changes=changes)
    return changes


def set_case_status(
    beneficiary: Beneficiary,
    status: CaseStatus,
    actor: User,
    today: date,
    reason: ClosureReason | None = None,
) -> None:
    if status is CaseStatus.CLOSED and reason is None:
        raise InvalidInput({"closure_reason": "reason_required"})
    changes = changes_between(beneficiary, {"status": status, "closure_reason": reason})
    beneficiary.status = status
    beneficiary.closure_reason = reason if status is CaseStatus.CLOSED else None
    beneficiary.closed_on = today if status is CaseStatus.CLOSED else None
    beneficiary.version += 1
    record_event(beneficiary, actor, CaseAction.STATUS_CHANGED, changes=changes)
    db.session.flush()


# Assignments


def assign(beneficiary: Beneficiary, worker: User, actor: User) -> None:
    if (
        worker.role not in CASE_WORKER_ROLES
        or worker.organisation_id != beneficiary.organisation_id
    ):
        raise InvalidInput({"user_id": "not_a_case_worker_here"})
    if any(a.user_id == worker.id for a in beneficiary.assignments):
        return
    beneficiary.assignments.append(CaseAssignment(user_id=worker.id, assigned_by_id=actor.id))
    record_event(beneficiary, actor, CaseAction.WORKER_ASSIGNED, subject_id=worker.id)
    db.session.flush()


def unassign(beneficiary: Beneficiary, worker_id: uuid.UUID, actor: User) -> None:
    for assignment in list(beneficiary.assignments):
        if assignment.user_id == worker_id:
            beneficiary.assignments.remove(assignment)
            record_event(beneficiary, actor, CaseAction.WORKER_UNASSIGNED, subject_id=worker_id)
    db.session.flush()


def case_workers_of(organisation_id: uuid.UUID) -> list[User]:
    return list(
        db.session.scalars(
            select(User).where(
                User.organisation_id == organisation_id,
                User.role.in_(CASE_WORKER_ROLES),
                User.active.is_(True),
            )
        )
    )


def case_worker_in(organisation_id: uuid.UUID, user_id: uuid.UUID) -> User | None:
    """The organisation's case worker with this id, or None (a filter from another place)."""
    user = db.session.get(User, user_id)
    if user is None or user.organisation_id != organisation_id:
        return None
    return user if user.role in CASE_WORKER_ROLES else None


def caseload_per_worker(organisation_id: uuid.UUID) -> list[tuple[User, int]]:
    """The organisation's active case workers, by name, with how many active cases each follows."""
    active_cases = dict(
        db.session.execute(
            select(CaseAssignment.user_id, func.count())
            .join(Beneficiary, Beneficiary.id == CaseAssignment.beneficiary_id)
            .where(
                Beneficiary.organisation_id == organisation_id,
                Beneficiary.status == CaseStatus.ACTIVE,
            )
            .group_by(CaseAssignment.user_id)
        ).all()
    )
    workers = [(user, active_cases.get(user.id, 0)) for user in case_workers_of(organisation_id)]
    return sorted(workers, key=lambda pair: str(pair[0].display_name).casefold())


def task_owners_for(beneficiary: Beneficiary, creator: User) -> list[User]:
    """Who a task can be given to: the case's own workers, and whoever creates it."""
    owners = {assignment.user.id: assignment.user for assignment in beneficiary.assignments}
    if creator.role in CASE_WORKER_ROLES:
        owners.setdefault(creator.id, creator)
    return [owner for owner in owners.values() if owner.active]


# Consent


def record_consent(
    beneficiary: Beneficiary, purpose: ConsentPurpose, given_on: date, actor: User, today: date
) -> Consent:
    if given_on > today:
        raise InvalidInput({"given_on": "date_in_future"})
    consent = Consent(
        beneficiary=beneficiary, purpose=purpose, given_on=given_on, recorded_by_id=actor.id
    )
    db.session.add(consent)
    db.session.flush()
    record_event(
        beneficiary,
        actor,
        CaseAction.CONSENT_RECORDED,
        subject_id=consent.id,
        changes={"purpose": [None, purpose.value]},
    )
    db.session.flush()
    return consent


def withdraw_consent(consent: Consent, actor: User, today: date) -> None:
    consent.withdrawn_on = today
    record_event(
        consent.beneficiary,
        actor,
        CaseAction.CONSENT_WITHDRAWN,
        subject_id=consent.id,
        changes={"purpose": [consent.purpose.value, None]},
    )
    db.session.flush()


def has_consent(beneficiary: Beneficiary, purpose: ConsentPurpose) -> bool:
    return any(c.purpose is purpose and c.in_force for c in beneficiary.consents)


# The caseload


@dataclass(frozen=True, slots=True)
class CaseloadFilters:
    query: str = ""
    stage_kind: StageKind | None = None
    stage_status: StageStatus | None = None
    target_group: TargetGroup | None = None
    worker_id: uuid.UUID | None = None
    status: CaseStatus | None = CaseStatus.ACTIVE


@dataclass(frozen=True, slots=True)
class CaseloadPage:
    cases: Sequence[Beneficiary]
    total: int
    page: int
    per_page: int

    @property
    def pages(self) -> int:
        return page_count(self.total, self.per_page)


def _name_condition(text: str) -> Any:
    words = text.split()
    if len(words) >= 2:
        return or_(
            Beneficiary.full_name_index == full_name_index(" ".join(words[:-1]), words[-1]),
            Beneficiary.full_name_index == full_name_index(" ".join(words[1:]), words[0]),
            Beneficiary.family_name.matches(text),
        )
    return Beneficiary.family_name.matches(text)


def _name_matches(beneficiary: Beneficiary, text: str) -> bool:
    wanted = normalise(text)
    given, family = normalise(str(beneficiary.given_names)), normalise(str(beneficiary.family_name))
    return wanted in {family, f"{given} {family}", f"{family} {given}"}


# What a caseload row shows (and what its names need to be decrypted): the other columns
# of a wide record stay unloaded.
_CASELOAD_COLUMNS = load_only(
    Beneficiary.case_number,
    Beneficiary.organisation_id,
    Beneficiary.entered_on,
    Beneficiary._given_names_ciphertext,
    Beneficiary._family_name_ciphertext,
    Beneficiary.gender,
    Beneficiary.young_person,
    Beneficiary.unaccompanied_minor,
    Beneficiary.has_disability,
    Beneficiary.status,
    Beneficiary.data_key_id,
    Beneficiary.version,
)


@dataclass(frozen=True, slots=True)
class _CaseloadStatements:
    """The statements of one shape of caseload query, with parameters for every value."""

    cases: Select[Beneficiary]  # filtered, not ordered: name search starts here
    page: Select[Beneficiary]
    count: Select[int]


# By shape (whose rule, which filters are set): built once each, since building and
# keying a statement costs about as much as running it on a page of 25.
_caseload_statements: dict[tuple[object, ...], _CaseloadStatements] = {}
_CASELOAD_ORDER = (Beneficiary.entered_on.desc(), Beneficiary.case_number)


def _statements_for(rule: ColumnElement[bool], filters: CaseloadFilters) -> _CaseloadStatements:
    shape = (
        id(rule),  # one of the rules access.py builds once (a clause has no equality)
        filters.status is not None,
        filters.stage_kind is not None,
        filters.stage_status is not None,
        filters.target_group,
        filters.worker_id is not None,
    )
    statements = _caseload_statements.get(shape)
    if statements is not None:
        return statements
    query = select(Beneficiary).where(rule)
    if filters.status is not None:
        query = query.where(Beneficiary.status == bindparam("status"))
    if filters.stage_kind is not None or filters.stage_status is not None:
        stage = select(Stage.beneficiary_id)
        if filters.stage_kind is not None:
            stage = stage.where(Stage.kind == bindparam("stage_kind"))
        if filters.stage_status is not None:
            stage = stage.where(Stage.status == bindparam("stage_status"))
        query = query.where(Beneficiary.id.in_(stage))
    if filters.target_group is not None:
        query = query.where(_target_group_condition(filters.target_group))
    if filters.worker_id is not None:
        query = query.where(
            Beneficiary.id.in_(
                select(CaseAssignment.beneficiary_id).where(
                    CaseAssignment.user_id == bindparam("worker_id")
                )
            )
        )
    statements = _caseload_statements[shape] = _CaseloadStatements(
        cases=query,
        page=query.options(_CASELOAD_COLUMNS)
        .order_by(*_CASELOAD_ORDER)
        .limit(bindparam("limit"))
        .offset(bindparam("offset")),
        count=select(func.count()).select_from(query.subquery()),
    )
    return statements


def _target_group_condition(group: TargetGroup) -> Any:
    return {
        TargetGroup.WOMAN: Beneficiary.gender == Gender.FEMALE,
        TargetGroup.YOUNG_PERSON: Beneficiary.young_person.is_(True),
        TargetGroup.UNACCOMPANIED_MINOR: Beneficiary.unaccompanied_minor.is_(True),
        TargetGroup.DISABILITY: Beneficiary.has_disability.is_(True),
    }[group]


def caseload(user: User, filters: CaseloadFilters, page: int, per_page: int = 25) -> CaseloadPage:
    """One page of the cases ``user`` may see, filtered; decrypts only the rows shown.

    Names are encrypted, so the list is ordered by entry date and case number, and a name
    search goes through the blind indexes, then confirms each candidate after decrypting.
    A page past the end is the last page.
    """
    visibility = visible_cases_rule(user)
    if visibility is None:
        return CaseloadPage([], 0, page, per_page)
    rule, parameters = visibility
    statements = _statements_for(rule, filters)
    parameters = {
        **parameters,
        "status": filters.status,
        "stage_kind": filters.stage_kind,
        "stage_status": filters.stage_status,
        "worker_id": filters.worker_id,
    }
    text = " ".join(filters.query.split())
    if text and not CASE_NUMBER.match(text):
        # Only the ids of the candidates first: a common name has hundreds of them, and
        # the rows are loaded (and their names decrypted) a page at a time.
        candidates = db.session.scalars(
            statements.cases.where(_name_condition(text))
            .with_only_columns(Beneficiary.id)
            .order_by(*_CASELOAD_ORDER),
            parameters,
        ).all()
        return _confirmed_page(candidates, text, page, per_page)
    if text:
        query = statements.cases.where(Beneficiary.case_number == text.upper())
        total = db.session.scalar(select(func.count()).select_from(query.subquery()), parameters)
        cases = db.session.scalars(
            query.options(_CASELOAD_COLUMNS).order_by(*_CASELOAD_ORDER), parameters
        ).all()
        return CaseloadPage(cases, total or 0, 1, per_page)
    total = db.session.scalar(statements.count, parameters) or 0
    page = page_within(page, total, per_page)
    start = (page - 1) * per_page
    # No key preloading here: the first name the page decrypts unwraps, in one key-store
    # query, the keys of every record loaded for it (these cases, the tasks, the user).
    cases = db.session.scalars(
        statements.page, {**parameters, "limit": per_page, "offset": start}
    ).all()
    return CaseloadPage(cases, total, page, per_page)


_CASELOAD_ROWS_BY_ID = (
    select(Beneficiary)
    .options(_CASELOAD_COLUMNS)
    .where(Beneficiary.id.in_(bindparam("ids", expanding=True)))
)


def _confirmed_page(
    candidate_ids: Sequence[uuid.UUID], text: str, page: int, per_page: int
) -> CaseloadPage:
    """The page of real matches among blind-index candidates, decrypting as few as possible.

    Name indexes are truncated on purpose, so a candidate may be a stranger whose name
    shares the index value. Candidates are loaded and confirmed in order, a page at a
    time, only until the page is full; the total counts the confirmed ones plus the
    candidates not yet looked at, which is exact unless one of those happens to be such
    a stranger.
    """
    start = (page - 1) * per_page
    confirmed: list[Beneficiary] = []
    looked_at = 0
    for chunk_start in range(0, len(candidate_ids), per_page):
        chunk_ids = candidate_ids[chunk_start : chunk_start + per_page]
        loaded = {
            beneficiary.id: beneficiary
            for beneficiary in db.session.scalars(_CASELOAD_ROWS_BY_ID, {"ids": list(chunk_ids)})
        }
        chunk = [loaded[key] for key in chunk_ids if key in loaded]
        preload_data_keys(candidate.data_key_id for candidate in chunk)
        for candidate in chunk:
            looked_at += 1
            if _name_matches(candidate, text):
                confirmed.append(candidate)
        if len(confirmed) >= start + per_page:
            break
    total = len(confirmed) + len(candidate_ids) - looked_at
    # Past the end, every candidate was looked at: the total is exact.
    page = page_within(page, total, per_page)
    start = (page - 1) * per_page
    return CaseloadPage(confirmed[start : start + per_page], total, page, per_page)


_OPEN_TASKS = (
    select(Task)
    .join(Beneficiary)
    .options(
        # The case number to show, and the key that decrypts the task's title.
        contains_eager(Task.beneficiary).load_only(
            Beneficiary.case_number, Beneficiary.data_key_id, Beneficiary.organisation_id
        )
    )
    .where(
        Task.owner_id == bindparam("owner_id"),
        Task.done_at.is_(None),
        Task.due_on <= bindparam("until"),
        Beneficiary.organisation_id == bindparam("organisation_id"),
    )
    .order_by(Task.due_on)
)


def open_tasks_for(user: User, until: date) -> list[Task]:
    """The user's unfinished tasks due by ``until`` (overdue ones included), soonest first."""
    parameters = {"owner_id": user.id, "until": until, "organisation_id": user.organisation_id}
    return list(db.session.scalars(_OPEN_TASKS, parameters))


def history_of(beneficiary: Beneficiary) -> list[CaseEvent]:
    return list(
        db.session.scalars(
            select(CaseEvent)
            .where(CaseEvent.beneficiary_id == beneficiary.id)
            .order_by(CaseEvent.occurred_at.desc())
        )
    )
