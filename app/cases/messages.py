"""Translated messages for the problem codes that case and pathway services raise."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm

from app.cases.errors import InvalidInput
from app.cases.services import ENTRY_DAYS_AHEAD

PROBLEM_MESSAGES = {
    "birth_in_future": _l("The date of birth cannot be in the future."),
    "birth_too_early": _l("Check the date of birth: the person would be over 110 years old."),
    "arrival_in_future": _l("The arrival date cannot be in the future."),
    "arrival_before_birth": _l("The arrival date cannot be before the date of birth."),
    "entry_before_birth": _l("The start of support cannot be before the date of birth."),
    "entry_too_far_ahead": _l(
        "The start of support can be at most %(days)s days from today.", days=ENTRY_DAYS_AHEAD
    ),
    "not_a_minor": _l("An unaccompanied minor must be under 18 at the start of support."),
    "guardian_required": _l("Enter the guardian or legal representative of the minor."),
    "date_in_future": _l("This date cannot be in the future."),
    "psychologists_only": _l("Only psychologists can write confidential notes."),
    "not_a_case_worker_here": _l("Choose a trainer or psychologist of the case's organisation."),
    "reason_required": _l("Choose a reason."),
    "end_before_start": _l("The end cannot be before the start."),
    "start_required": _l("Enter the date the stage actually started."),
    "end_required": _l("Enter the date the stage actually ended."),
    "planned_but_started": _l(
        "A stage with actual dates is not planned any more: change its status."
    ),
    "more_than_planned": _l(
        "More hours attended than planned. If this is right, tick "
        "the confirmation box and save again."
    ),
    "hours_per_week_range": _l("Enter between 1 and 60 hours a week."),
    "not_a_partner": _l("Choose another active organisation of the network."),
    "already_pending": _l("This case already has a referral waiting for an answer."),
    "not_a_language_stage": _l("Language levels belong to language stages."),
}


def show_problems(form: FlaskForm, error: InvalidInput) -> None:
    """Put each problem next to its field (or on the first field when it has none)."""
    fields = list(form)
    for name, code in error.problems.items():
        field = getattr(form, name, None) or fields[0]
        field.errors = [*field.errors, PROBLEM_MESSAGES.get(code, _l("Check this value."))]
