"""The dashboard summary: coded facts per beneficiary and per stage, and their grouped counts.

Derived data only, kept up to date by ``app.dashboards.summary`` and rebuilt from the case
files at will. No column holds anything encrypted, and no row outlives its beneficiary.

The detail tables (``dashboard_beneficiaries``, ``dashboard_stage_facts``) hold one row
per beneficiary and per stage. The cell tables add them up by the keys the dashboards
filter and break down by, so that the network view reads a few thousand rows, not the
600,000 stages behind them.
"""

from __future__ import annotations

import uuid
from datetime import date

from sqlalchemy import Boolean, Date, Index, Integer, SmallInteger, String, Uuid
from sqlalchemy.orm import Mapped, mapped_column

from app.extensions import Model

# Statistics are grouped by month of entry: "2024-01".
MONTH_LENGTH = 7
# A code column of the summary: a stage kind, status or reason; "" where none applies.
CODE_LENGTH = 32


class BeneficiaryFigures(Model):
    """One beneficiary's group keys and outcomes, each outcome a 0/1 count."""

    __tablename__ = "dashboard_beneficiaries"

    beneficiary_id: Mapped[uuid.UUID] = mapped_column(Uuid, primary_key=True)
    organisation_id: Mapped[uuid.UUID] = mapped_column(Uuid)
    entered_on: Mapped[date] = mapped_column(Date)
    entry_month: Mapped[str] = mapped_column(String(MONTH_LENGTH))
    woman: Mapped[bool] = mapped_column(Boolean)
    young_person: Mapped[bool] = mapped_column(Boolean)
    unaccompanied_minor: Mapped[bool] = mapped_column(Boolean)
    disability: Mapped[bool] = mapped_column(Boolean)
    # An anonymous-statistics consent in force: only these people are in the figures.
    counted: Mapped[bool] = mapped_column(Boolean)
    drop_out_reason: Mapped[str] = mapped_column(String(CODE_LENGTH))
    # Active or on hold: in the caseloads, which count everyone whatever their consent.
    open_case: Mapped[bool] = mapped_column(Boolean)
    first_job_on: Mapped[date | None] = mapped_column(Date)
    employed: Mapped[int] = mapped_column(SmallInteger)
    employed_6: Mapped[int] = mapped_column(SmallInteger)
    employed_12: Mapped[int] = mapped_column(SmallInteger)
    qualified: Mapped[int] = mapped_column(SmallInteger)
    business: Mapped[int] = mapped_column(SmallInteger)
    language_courses: Mapped[int] = mapped_column(Integer)
    levels_gained: Mapped[int] = mapped_column(Integer)
    language_hours: Mapped[int] = mapped_column(Integer)

    __table_args__ = (
        Index("ix_dashboard_beneficiaries_entry_month", "entry_month", "entered_on"),
        Index("ix_dashboard_beneficiaries_entered_on", "entered_on"),
    )


class PeopleCell(Model):
    """Beneficiaries and outcomes added up by organisation, month of entry and groups."""

    __tablename__ = "dashboard_people_cells"

    organisation_id: Mapped[uuid.UUID] = mapped_column(Uuid, primary_key=True)
    entry_month: Mapped[str] = mapped_column(String(MONTH_LENGTH), primary_key=True)
    woman: Mapped[bool] = mapped_column(Boolean, primary_key=True)
    young_person: Mapped[bool] = mapped_column(Boolean, primary_key=True)
    unaccompanied_minor: Mapped[bool] = mapped_column(Boolean, primary_key=True)
    disability: Mapped[bool] = mapped_column(Boolean, primary_key=True)
    counted: Mapped[bool] = mapped_column(Boolean, primary_key=True)
    drop_out_reason: Mapped[str] = mapped_column(String(CODE_LENGTH), primary_key=True)
    people: Mapped[int] = mapped_column(Integer)
    employed: Mapped[int] = mapped_column(Integer)
    employed_6: Mapped[int] = mapped_column(Integer)
    employed_12: Mapped[int] = mapped_column(Integer)
    qualified: Mapped[int] = mapped_column(Integer)
    business: Mapped[int] = mapped_column(Integer)
    language_courses: Mapped[int] = mapped_column(Integer)
    levels_gained: Mapped[int] = mapped_column(Integer)
    language_hours: Mapped[int] = mapped_column(Integer)


class StageFact(Model):
    """One stage's coded facts: what the stage tables count, measured once."""

    __tablename__ = "dashboard_stage_facts"

    stage_id: Mapped[uuid.UUID] = mapped_column(Uuid, primary_key=True)
    beneficiary_id: Mapped[uuid.UUID] = mapped_column(Uuid)
    kind: Mapped[str] = mapped_column(String(CODE_LENGTH))
    status: Mapped[str] = mapped_column(String(CODE_LENGTH))
    interruption_reason: Mapped[str] = mapped_column(String(CODE_LENGTH))
    # The stage that stands for its beneficiary and kind in the funnel: the furthest reached.
    furthest: Mapped[bool] = mapped_column(Boolean)
    days_in_stage: Mapped[int | None] = mapped_column(Integer)
    # Days since the previous started stage of the pathway ended; negative when they overlap.
    days_waited: Mapped[int | None] = mapped_column(Integer)

    __table_args__ = (Index("ix_dashboard_stage_facts_beneficiary_id", "beneficiary_id"),)


class StageCell(Model):
    """Stage facts added up by organisation: a count per figure, kind, code and day count.

    ``figure`` is ``reached`` (people by furthest status, code = status), ``status``
    (stages, code = status), ``interrupted`` (code = reason), ``duration`` or ``wait``
    (``days`` = the day count, code empty).
    """

    __tablename__ = "dashboard_stage_cells"

    organisation_id: Mapped[uuid.UUID] = mapped_column(Uuid, primary_key=True)
    counted: Mapped[bool] = mapped_column(Boolean, primary_key=True)
    figure: Mapped[str] = mapped_column(String(12), primary_key=True)
    kind: Mapped[str] = mapped_column(String(CODE_LENGTH), primary_key=True)
    code: Mapped[str] = mapped_column(String(CODE_LENGTH), primary_key=True)
    days: Mapped[int] = mapped_column(Integer, primary_key=True)
    count: Mapped[int] = mapped_column(Integer)


class CaseWorkerFact(Model):
    """Who follows each beneficiary: the case assignments, as the caseload cells saw them."""

    __tablename__ = "dashboard_case_workers"

    beneficiary_id: Mapped[uuid.UUID] = mapped_column(Uuid, primary_key=True)
    user_id: Mapped[uuid.UUID] = mapped_column(Uuid, primary_key=True)


class FollowUpFact(Model):
    """A task not done yet, with its due date: the follow-up cells count these."""

    __tablename__ = "dashboard_follow_ups"

    task_id: Mapped[uuid.UUID] = mapped_column(Uuid, primary_key=True)
    beneficiary_id: Mapped[uuid.UUID] = mapped_column(Uuid)
    due_on: Mapped[date] = mapped_column(Date)

    __table_args__ = (Index("ix_dashboard_follow_ups_beneficiary_id", "beneficiary_id"),)


class CaseloadCell(Model):
    """Open cases (active or on hold) of an organisation that one user follows."""

    __tablename__ = "dashboard_caseload_cells"

    organisation_id: Mapped[uuid.UUID] = mapped_column(Uuid, primary_key=True)
    user_id: Mapped[uuid.UUID] = mapped_column(Uuid, primary_key=True)
    cases: Mapped[int] = mapped_column(Integer)


class FollowUpCell(Model):
    """Tasks not done on an organisation's open cases, by the day they are due."""

    __tablename__ = "dashboard_follow_up_cells"

    organisation_id: Mapped[uuid.UUID] = mapped_column(Uuid, primary_key=True)
    due_on: Mapped[date] = mapped_column(Date, primary_key=True)
    tasks: Mapped[int] = mapped_column(Integer)
