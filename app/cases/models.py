"""Case files: the beneficiary, who follows them, consent, notes, tasks, referrals, history.

Identity and anything sensitive is encrypted under the beneficiary's own data key; the
plain columns are codes and dates that statistics need (see docs/data-classification.md).
"""

from __future__ import annotations

import enum
import uuid
from datetime import date, datetime
from typing import TYPE_CHECKING, Any

from sqlalchemy import (
    JSON,
    Boolean,
    Date,
    ForeignKey,
    Index,
    Integer,
    SmallInteger,
    String,
    Uuid,
    exists,
)
from sqlalchemy.orm import Mapped, column_property, mapped_column, relationship

from app.accounts.models import Organisation, User
from app.crypto import (
    FAMILY_NAME,
    FULL_NAME,
    NAME_AND_BIRTH_DATE,
    EncryptedRecord,
    blind_index_column,
    encrypted_column,
)
from app.db import Timestamps, UUIDPrimaryKey, code_type, utcnow
from app.extensions import Model
from app.vocabulary import (
    CaseStatus,
    ClosureReason,
    ConsentPurpose,
    EducationLevel,
    Gender,
    NoteKind,
    ResidenceStatus,
    TargetGroup,
)


class Beneficiary(EncryptedRecord, UUIDPrimaryKey, Timestamps, Model):
    __tablename__ = "beneficiaries"

    case_number: Mapped[str] = mapped_column(String(20), unique=True)
    organisation_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("organisations.id"))
    entered_on: Mapped[date] = mapped_column(Date)

    # Identity, encrypted; searchable only through blind indexes.
    given_names = encrypted_column("text")
    family_name = encrypted_column("text", index=FAMILY_NAME)
    birth_date = encrypted_column("date")
    contact = encrypted_column("json", nullable=True)
    address = encrypted_column("text", nullable=True)
    full_name_index: Mapped[bytes] = blind_index_column(FULL_NAME)
    name_and_birth_date_index: Mapped[bytes] = blind_index_column(NAME_AND_BIRTH_DATE)

    # Profile: plain codes for statistics, details encrypted.
    gender: Mapped[Gender] = mapped_column(code_type(Gender))
    birth_year: Mapped[int] = mapped_column(SmallInteger)
    country_of_origin: Mapped[str] = mapped_column(String(2))
    languages: Mapped[list[str]] = mapped_column(JSON, default=list)
    preferred_language: Mapped[str | None] = mapped_column(String(12))
    arrival_date: Mapped[date | None] = mapped_column(Date)
    residence_status: Mapped[ResidenceStatus] = mapped_column(code_type(ResidenceStatus))
    residence_details = encrypted_column("text", nullable=True)
    education_level: Mapped[EducationLevel] = mapped_column(code_type(EducationLevel))
    work_experience = encrypted_column("text", nullable=True)

    # Target groups of the partnership. "Young person" is derived from the date of birth
    # unless a worker overrides it; the derived value is stored for statistics.
    young_person: Mapped[bool] = mapped_column(Boolean, default=False)
    young_person_override: Mapped[bool | None] = mapped_column(Boolean)
    unaccompanied_minor: Mapped[bool] = mapped_column(Boolean, default=False)
    guardian = encrypted_column("json", nullable=True)
    has_disability: Mapped[bool] = mapped_column(Boolean, default=False)
    disability_details = encrypted_column("text", nullable=True)
    accommodations = encrypted_column("text", nullable=True)

    status: Mapped[CaseStatus] = mapped_column(code_type(CaseStatus), default=CaseStatus.ACTIVE)
    closure_reason: Mapped[ClosureReason | None] = mapped_column(code_type(ClosureReason))
    closed_on: Mapped[date | None] = mapped_column(Date)
    version: Mapped[int] = mapped_column(Integer, default=1)

    organisation: Mapped[Organisation] = relationship()
    assignments: Mapped[list[CaseAssignment]] = relationship(
        back_populates="beneficiary", cascade="all, delete-orphan"
    )
    consents: Mapped[list[Consent]] = relationship(
        back_populates="beneficiary", cascade="all, delete-orphan", order_by="Consent.given_on"
    )

    __table_args__ = (
        # The caseload: one organisation's cases of a status, newest first, a page at a time.
        Index(
            "ix_beneficiaries_caseload", "organisation_id", "status", "entered_on", "case_number"
        ),
        # Counting an organisation's cases of a status reads this narrower index alone.
        Index("ix_beneficiaries_organisation_status", "organisation_id", "status"),
        Index("ix_beneficiaries_entered_on", "entered_on"),
        # Name search within an organisation, through the blind indexes.
        Index("ix_beneficiaries_organisation_family_name", "organisation_id", "family_name_index"),
        Index("ix_beneficiaries_organisation_full_name", "organisation_id", "full_name_index"),
        Index(
            "ix_beneficiaries_organisation_name_birth",
            "organisation_id",
            "name_and_birth_date_index",
        ),
    )
    __mapper_args__ = {"version_id_col": version, "version_id_generator": False}

    if TYPE_CHECKING:
        # Mapped out of the type checker's sight: encrypted_column adds the ciphertext
        # columns, and has_pending_referral is added below Referral, which it reads.
        _given_names_ciphertext: Mapped[bytes]
        _family_name_ciphertext: Mapped[bytes]
        has_pending_referral: Mapped[bool]

    @property
    def is_woman(self) -> bool:
        return self.gender is Gender.FEMALE

    @property
    def display_name(self) -> str:
        return f"{self.given_names} {self.family_name}"

    @property
    def target_groups(self) -> list[TargetGroup]:
        flags = (
            (TargetGroup.WOMAN, self.is_woman),
            (TargetGroup.YOUNG_PERSON, self.young_person),
            (TargetGroup.UNACCOMPANIED_MINOR, self.unaccompanied_minor),
            (TargetGroup.DISABILITY, self.has_disability),
        )
        return [group for group, applies in flags if applies]


class CaseAssignment(Model):
    """A trainer or psychologist who follows the beneficiary."""

    __tablename__ = "case_assignments"

    beneficiary_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("beneficiaries.id", ondelete="CASCADE"), primary_key=True
    )
    user_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("users.id"), primary_key=True)
    assigned_at: Mapped[datetime] = mapped_column(default=utcnow)
    assigned_by_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("users.id"))

    beneficiary: Mapped[Beneficiary] = relationship(back_populates="assignments")
    user: Mapped[User] = relationship(foreign_keys=[user_id])

    __table_args__ = (Index("ix_case_assignments_user_id", "user_id", "beneficiary_id"),)


class Consent(UUIDPrimaryKey, Model):
    __tablename__ = "consents"

    beneficiary_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("beneficiaries.id", ondelete="CASCADE"), index=True
    )
    purpose: Mapped[ConsentPurpose] = mapped_column(code_type(ConsentPurpose))
    given_on: Mapped[date] = mapped_column(Date)
    recorded_by_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("users.id"))
    recorded_at: Mapped[datetime] = mapped_column(default=utcnow)
    withdrawn_on: Mapped[date | None] = mapped_column(Date)

    beneficiary: Mapped[Beneficiary] = relationship(back_populates="consents")
    recorded_by: Mapped[User] = relationship()

    @property
    def in_force(self) -> bool:
        return self.withdrawn_on is None


class BelongsToBeneficiary(EncryptedRecord):
    """A record encrypted under its beneficiary's data key."""

    beneficiary: Beneficiary

    @property
    def data_key_id(self) -> uuid.UUID:
        return self.beneficiary.data_key_id


class CaseNote(BelongsToBeneficiary, UUIDPrimaryKey, Model):
    __tablename__ = "case_notes"

    beneficiary_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("beneficiaries.id", ondelete="CASCADE")
    )
    author_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("users.id"))
    occurred_on: Mapped[date] = mapped_column(Date)
    kind: Mapped[NoteKind] = mapped_column(code_type(NoteKind))
    body = encrypted_column("text")
    # Visible to psychologists of the case's organisation only; others see that it exists.
    confidential: Mapped[bool] = mapped_column(Boolean, default=False)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    beneficiary: Mapped[Beneficiary] = relationship()
    author: Mapped[User] = relationship()

    __table_args__ = (Index("ix_case_notes_beneficiary_occurred", "beneficiary_id", "occurred_on"),)


class TaskKind(enum.StrEnum):
    GOAL = "goal"
    FOLLOW_UP = "follow_up"


class Task(BelongsToBeneficiary, UUIDPrimaryKey, Model):
    """A goal or follow-up task with a due date and an owner."""

    __tablename__ = "tasks"

    beneficiary_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("beneficiaries.id", ondelete="CASCADE"), index=True
    )
    kind: Mapped[TaskKind] = mapped_column(code_type(TaskKind), default=TaskKind.FOLLOW_UP)
    title = encrypted_column("text")
    owner_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("users.id"))
    due_on: Mapped[date] = mapped_column(Date)
    done_at: Mapped[datetime | None] = mapped_column()
    created_by_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("users.id"))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    beneficiary: Mapped[Beneficiary] = relationship()
    owner: Mapped[User] = relationship(foreign_keys=[owner_id])

    __table_args__ = (Index("ix_tasks_owner_open_due", "owner_id", "done_at", "due_on"),)


class ReferralStatus(enum.StrEnum):
    PENDING = "pending"
    ACCEPTED = "accepted"
    DECLINED = "declined"


class Referral(BelongsToBeneficiary, UUIDPrimaryKey, Model):
    """A request that a partner organisation take the case over."""

    __tablename__ = "referrals"

    beneficiary_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("beneficiaries.id", ondelete="CASCADE"), index=True
    )
    from_organisation_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("organisations.id"))
    to_organisation_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("organisations.id"), index=True
    )
    requested_by_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("users.id"))
    requested_at: Mapped[datetime] = mapped_column(default=utcnow)
    message = encrypted_column("text", nullable=True)
    status: Mapped[ReferralStatus] = mapped_column(
        code_type(ReferralStatus), default=ReferralStatus.PENDING
    )
    decided_by_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("users.id"))
    decided_at: Mapped[datetime | None] = mapped_column()

    beneficiary: Mapped[Beneficiary] = relationship()
    from_organisation: Mapped[Organisation] = relationship(foreign_keys=[from_organisation_id])
    to_organisation: Mapped[Organisation] = relationship(foreign_keys=[to_organisation_id])
    requested_by: Mapped[User] = relationship(foreign_keys=[requested_by_id])


# Whether a referral waits for an answer: every case page says so, and loading it with
# the case (``access`` undefers it) spares a query on each of them.
Beneficiary.has_pending_referral = column_property(
    exists()
    .where(Referral.beneficiary_id == Beneficiary.id, Referral.status == ReferralStatus.PENDING)
    .correlate_except(Referral),
    deferred=True,
)


class CaseEvent(BelongsToBeneficiary, UUIDPrimaryKey, Model):
    """One change to a case: who, when, what and which fields; old and new values encrypted."""

    __tablename__ = "case_events"

    beneficiary_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("beneficiaries.id", ondelete="CASCADE")
    )
    actor_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("users.id"))
    occurred_at: Mapped[datetime] = mapped_column(default=utcnow)
    action: Mapped[str] = mapped_column(String(40))
    subject_id: Mapped[uuid.UUID | None] = mapped_column(Uuid)
    fields: Mapped[list[str]] = mapped_column(JSON, default=list)
    changes: Any = encrypted_column("json", nullable=True)

    beneficiary: Mapped[Beneficiary] = relationship()
    actor: Mapped[User | None] = relationship()

    __table_args__ = (
        Index("ix_case_events_beneficiary_occurred", "beneficiary_id", "occurred_at"),
    )


class CaseNumberCounter(Model):
    """The last serial used for case numbers, per organisation and year."""

    __tablename__ = "case_number_counters"

    organisation_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("organisations.id"), primary_key=True
    )
    year: Mapped[int] = mapped_column(SmallInteger, primary_key=True)
    last_serial: Mapped[int] = mapped_column(Integer, default=0)
