"""Case notes and tasks: what happened, and what must happen next."""

from __future__ import annotations

from datetime import date

from sqlalchemy import bindparam, select
from sqlalchemy.orm.attributes import set_committed_value

from app.accounts.models import User
from app.accounts.roles import CASE_WORKER_ROLES, Role
from app.accounts.services import accounts_by_id
from app.cases.access import can_read_note
from app.cases.errors import InvalidInput
from app.cases.history import CaseAction, record_event
from app.cases.models import Beneficiary, CaseNote, Task, TaskKind
from app.db import utcnow
from app.extensions import db
from app.vocabulary import NoteKind


def add_note(
    beneficiary: Beneficiary,
    author: User,
    *,
    occurred_on: date,
    kind: NoteKind,
    body: str,
    confidential: bool,
    today: date,
) -> CaseNote:
    problems = {}
    if occurred_on > today:
        problems["occurred_on"] = "date_in_future"
    if confidential and author.role is not Role.PSYCHOLOGIST:
        problems["confidential"] = "psychologists_only"
    if problems:
        raise InvalidInput(problems)
    note = CaseNote(
        beneficiary=beneficiary,
        author_id=author.id,
        occurred_on=occurred_on,
        kind=kind,
        body=body,
        confidential=confidential,
    )
    db.session.add(note)
    db.session.flush()
    record_event(beneficiary, author, CaseAction.NOTE_ADDED, subject_id=note.id)
    db.session.flush()
    return note


# The case page's statements, built once: each page runs them.
_NOTES_OF_CASE = (
    select(CaseNote)
    .where(CaseNote.beneficiary_id == bindparam("beneficiary_id"))
    .order_by(CaseNote.occurred_on.desc(), CaseNote.created_at.desc())
)
_TASKS_OF_CASE = (
    select(Task)
    .where(Task.beneficiary_id == bindparam("beneficiary_id"))
    .order_by(Task.done_at.is_not(None), Task.due_on)
)


def notes_for(beneficiary: Beneficiary, reader: User) -> list[tuple[CaseNote, bool]]:
    """The case's notes, newest first, each with whether ``reader`` may read its body."""
    notes = db.session.scalars(_NOTES_OF_CASE, {"beneficiary_id": beneficiary.id}).all()
    authors = accounts_by_id(note.author_id for note in notes)
    for note in notes:
        set_committed_value(note, "author", authors.get(note.author_id))
    return [(note, can_read_note(reader, note)) for note in notes]


def add_task(
    beneficiary: Beneficiary,
    creator: User,
    *,
    title: str,
    due_on: date,
    owner: User,
    kind: TaskKind,
) -> Task:
    if owner.role not in CASE_WORKER_ROLES or owner.organisation_id != beneficiary.organisation_id:
        raise InvalidInput({"owner_id": "not_a_case_worker_here"})
    task = Task(
        beneficiary=beneficiary,
        kind=kind,
        title=title,
        due_on=due_on,
        owner_id=owner.id,
        created_by_id=creator.id,
    )
    db.session.add(task)
    db.session.flush()
    record_event(beneficiary, creator, CaseAction.TASK_ADDED, subject_id=task.id)
    db.session.flush()
    return task


def complete_task(task: Task, actor: User) -> None:
    if task.done_at is None:
        task.done_at = utcnow()
        record_event(task.beneficiary, actor, CaseAction.TASK_DONE, subject_id=task.id)
        db.session.flush()


def tasks_for(beneficiary: Beneficiary) -> list[Task]:
    tasks = db.session.scalars(_TASKS_OF_CASE, {"beneficiary_id": beneficiary.id}).all()
    owners = accounts_by_id(task.owner_id for task in tasks)
    for task in tasks:
        set_committed_value(task, "owner", owners.get(task.owner_id))
    return list(tasks)
