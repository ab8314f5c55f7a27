"""Translating between the case forms, the request and the services' data classes."""

from __future__ import annotations

import uuid
from collections.abc import Mapping
from typing import TypeVar

from flask_babel import get_locale
from flask_babel import gettext as _

from app.cases.forms import BeneficiaryForm
from app.cases.models import Beneficiary
from app.cases.services import CaseData, CaseloadFilters
from app.crypto import Unreadable
from app.forms import required_data
from app.i18n import country_name
from app.vocabulary import (
    CaseStatus,
    EducationLevel,
    Gender,
    ResidenceStatus,
    StageKind,
    StageStatus,
    TargetGroup,
)

_T = TypeVar("_T")


def stale_message() -> str:
    return _(
        "Someone else saved this record while you were editing it. Your changes were "
        "not saved; they are still in the form, and the saved values are shown under "
        "the fields. Check them, then save again."
    )


def case_data_from(form: BeneficiaryForm) -> CaseData:
    return CaseData(
        given_names=required_data(form.given_names.data),
        family_name=required_data(form.family_name.data),
        birth_date=required_data(form.birth_date.data),
        gender=Gender(form.gender.data),
        country_of_origin=form.country_of_origin.data,
        languages=list(form.languages.data or []),
        preferred_language=form.preferred_language.data or None,
        arrival_date=form.arrival_date.data,
        entered_on=required_data(form.entered_on.data),
        residence_status=ResidenceStatus(form.residence_status.data),
        residence_details=form.residence_details.data or None,
        education_level=EducationLevel(form.education_level.data),
        work_experience=form.work_experience.data or None,
        phone=form.phone.data or None,
        email=form.email.data or None,
        address=form.address.data or None,
        young_person_override=form.young_person_choice,
        unaccompanied_minor=bool(form.unaccompanied_minor.data),
        guardian_name=form.guardian_name.data or None,
        guardian_contact=form.guardian_contact.data or None,
        has_disability=bool(form.has_disability.data),
        disability_details=form.disability_details.data or None,
        accommodations=form.accommodations.data or None,
    )


def _readable(value: _T | Unreadable) -> _T | None:
    return None if isinstance(value, Unreadable) else value


def fill_beneficiary_form(form: BeneficiaryForm, beneficiary: Beneficiary) -> None:
    contact = _readable(beneficiary.contact) or {}
    guardian = _readable(beneficiary.guardian) or {}
    values = {
        "given_names": _readable(beneficiary.given_names),
        "family_name": _readable(beneficiary.family_name),
        "birth_date": _readable(beneficiary.birth_date),
        "gender": beneficiary.gender.value,
        "country_of_origin": beneficiary.country_of_origin,
        "languages": list(beneficiary.languages or []),
        "preferred_language": beneficiary.preferred_language or "",
        "arrival_date": beneficiary.arrival_date,
        "entered_on": beneficiary.entered_on,
        "residence_status": beneficiary.residence_status.value,
        "residence_details": _readable(beneficiary.residence_details),
        "education_level": beneficiary.education_level.value,
        "work_experience": _readable(beneficiary.work_experience),
        "phone": contact.get("phone"),
        "email": contact.get("email"),
        "address": _readable(beneficiary.address),
        "young_person_override": {True: "yes", False: "no", None: ""}[
            beneficiary.young_person_override
        ],
        "unaccompanied_minor": beneficiary.unaccompanied_minor,
        "guardian_name": guardian.get("name"),
        "guardian_contact": guardian.get("contact"),
        "has_disability": beneficiary.has_disability,
        "disability_details": _readable(beneficiary.disability_details),
        "accommodations": _readable(beneficiary.accommodations),
        "version": beneficiary.version,
    }
    for name, value in values.items():
        getattr(form, name).data = value


def saved_profile_values(beneficiary: Beneficiary) -> dict[str, str]:
    """The saved values shown beside a refused concurrent edit."""
    locale = str(get_locale())
    return {
        "given_names": str(beneficiary.given_names),
        "family_name": str(beneficiary.family_name),
        "birth_date": str(beneficiary.birth_date),
        "gender": beneficiary.gender.label,
        "country_of_origin": country_name(beneficiary.country_of_origin, locale),
        "residence_status": beneficiary.residence_status.label,
        "education_level": beneficiary.education_level.label,
        "entered_on": str(beneficiary.entered_on),
    }


def _enum_arg(args: Mapping[str, str], name: str, codes: type) -> object:
    raw = args.get(name, "")
    try:
        return codes(raw) if raw else None
    except ValueError:
        return None


def caseload_filters_from(args: Mapping[str, str]) -> CaseloadFilters:
    """Filters from the query string; unknown values are ignored, never an error."""
    worker_id = None
    if args.get("worker"):
        try:
            worker_id = uuid.UUID(args["worker"])
        except ValueError:
            worker_id = None
    status_raw = args.get("status", CaseStatus.ACTIVE.value)
    status = None if status_raw == "all" else _enum_arg({"s": status_raw}, "s", CaseStatus)
    return CaseloadFilters(
        query=args.get("q", "")[:200],
        stage_kind=_enum_arg(args, "stage", StageKind),  # type: ignore[arg-type]
        stage_status=_enum_arg(args, "stage_status", StageStatus),  # type: ignore[arg-type]
        target_group=_enum_arg(args, "group", TargetGroup),  # type: ignore[arg-type]
        worker_id=worker_id,
        status=status,  # type: ignore[arg-type]
    )
