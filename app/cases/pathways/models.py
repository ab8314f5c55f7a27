"""A beneficiary's pathway: ordered stages, with language levels for language stages."""

from __future__ import annotations

import enum
import uuid
from datetime import date

from sqlalchemy import (
    Date,
    ForeignKey,
    Index,
    Integer,
    SmallInteger,
    String,
    UniqueConstraint,
    and_,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.cases.models import BelongsToBeneficiary, Beneficiary
from app.crypto import encrypted_column
from app.db import UUIDPrimaryKey, code_type
from app.extensions import Model
from app.vocabulary import (
    BusinessPlanStatus,
    CefrLevel,
    ContractType,
    HoursUnit,
    IntensityReason,
    InterruptionReason,
    LanguageSkill,
    PathwayVariant,
    StageKind,
    StageStatus,
)


class Pathway(UUIDPrimaryKey, Model):
    __tablename__ = "pathways"

    beneficiary_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("beneficiaries.id", ondelete="CASCADE"), unique=True
    )
    template_code: Mapped[str | None] = mapped_column(String(40))
    # Part time, as Sweden's programme allows: 100, 75, 50 or 25 % with a reason.
    intensity: Mapped[int] = mapped_column(SmallInteger, default=100)
    intensity_reason: Mapped[IntensityReason | None] = mapped_column(code_type(IntensityReason))
    variant: Mapped[PathwayVariant] = mapped_column(
        code_type(PathwayVariant), default=PathwayVariant.STANDARD
    )
    version: Mapped[int] = mapped_column(Integer, default=1)

    beneficiary: Mapped[Beneficiary] = relationship()
    stages: Mapped[list[Stage]] = relationship(
        back_populates="pathway", order_by="Stage.position", cascade="all, delete-orphan"
    )

    __mapper_args__ = {"version_id_col": version, "version_id_generator": False}


class Stage(BelongsToBeneficiary, UUIDPrimaryKey, Model):
    __tablename__ = "stages"

    pathway_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("pathways.id", ondelete="CASCADE"))
    # Denormalised from the pathway so that lists and dashboards filter without a join.
    beneficiary_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("beneficiaries.id", ondelete="CASCADE")
    )
    position: Mapped[int] = mapped_column(SmallInteger)
    kind: Mapped[StageKind] = mapped_column(code_type(StageKind))
    title: Mapped[str] = mapped_column(String(200))
    provider: Mapped[str | None] = mapped_column(String(200))
    status: Mapped[StageStatus] = mapped_column(code_type(StageStatus), default=StageStatus.PLANNED)
    planned_start: Mapped[date | None] = mapped_column(Date)
    planned_end: Mapped[date | None] = mapped_column(Date)
    actual_start: Mapped[date | None] = mapped_column(Date)
    actual_end: Mapped[date | None] = mapped_column(Date)
    interruption_reason: Mapped[InterruptionReason | None] = mapped_column(
        code_type(InterruptionReason)
    )
    interruption_details = encrypted_column("text", nullable=True)
    goals = encrypted_column("text", nullable=True)
    outcome = encrypted_column("text", nullable=True)
    hours_planned: Mapped[int | None] = mapped_column(Integer)
    hours_attended: Mapped[int | None] = mapped_column(Integer)
    hours_unit: Mapped[HoursUnit] = mapped_column(code_type(HoursUnit), default=HoursUnit.HOUR)
    # Language stages: the exam or certificate (DTZ, TCF, SFI course...).
    certificate: Mapped[str | None] = mapped_column(String(100))
    # Employment stages.
    nace_section: Mapped[str | None] = mapped_column(String(1))
    contract_type: Mapped[ContractType | None] = mapped_column(code_type(ContractType))
    hours_per_week: Mapped[int | None] = mapped_column(SmallInteger)
    # Business creation.
    business_activity = encrypted_column("text", nullable=True)
    plan_status: Mapped[BusinessPlanStatus | None] = mapped_column(code_type(BusinessPlanStatus))
    registration_date: Mapped[date | None] = mapped_column(Date)
    version: Mapped[int] = mapped_column(Integer, default=1)

    pathway: Mapped[Pathway] = relationship(back_populates="stages")
    beneficiary: Mapped[Beneficiary] = relationship()
    assessments: Mapped[list[LanguageAssessment]] = relationship(
        back_populates="stage", cascade="all, delete-orphan"
    )
    # Entry, target and achieved levels overall, without the per-skill ones: what the case
    # page shows, loaded with the stages.
    overall_levels: Mapped[list[LanguageAssessment]] = relationship(
        primaryjoin=lambda: and_(
            LanguageAssessment.stage_id == Stage.id,
            LanguageAssessment.skill == LanguageSkill.OVERALL,
        ),
        viewonly=True,
    )

    __table_args__ = (
        Index("ix_stages_beneficiary_position", "beneficiary_id", "position"),
        Index("ix_stages_pathway_position", "pathway_id", "position"),
        Index("ix_stages_kind_status", "kind", "status"),
    )
    __mapper_args__ = {"version_id_col": version, "version_id_generator": False}


class AssessmentPoint(enum.StrEnum):
    """When a CEFR level was recorded: at entry, as the target, or as achieved."""

    ENTRY = "entry"
    TARGET = "target"
    ACHIEVED = "achieved"


class LanguageAssessment(UUIDPrimaryKey, Model):
    """A CEFR level of a language stage, overall or for one skill."""

    __tablename__ = "language_assessments"

    stage_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("stages.id", ondelete="CASCADE"))
    point: Mapped[AssessmentPoint] = mapped_column(code_type(AssessmentPoint, 10))
    skill: Mapped[LanguageSkill] = mapped_column(code_type(LanguageSkill))
    level: Mapped[CefrLevel] = mapped_column(code_type(CefrLevel))
    assessed_on: Mapped[date | None] = mapped_column(Date)

    stage: Mapped[Stage] = relationship(back_populates="assessments")

    __table_args__ = (UniqueConstraint("stage_id", "point", "skill"),)
    # The unique constraint's index starts with stage_id: it also serves loading a stage's
    # levels.
