"""Forms of the case file: profile, notes, tasks, consent, assignment, referral, closing."""

from __future__ import annotations

from flask_babel import get_locale
from flask_babel import lazy_gettext as _l
from wtforms import BooleanField, EmailField, SelectMultipleField, StringField, TextAreaField
from wtforms.validators import DataRequired, Email, InputRequired, Length, Optional, ValidationError

from app.cases.models import TaskKind
from app.forms import ChoiceField, DateField, Form, VersionField, options
from app.i18n import country_choices, language_choices_for_forms
from app.vocabulary import (
    ClosureReason,
    ConsentPurpose,
    EducationLevel,
    Gender,
    NoteKind,
    ResidenceStatus,
    choices,
)

NAME_MAX = 200
DETAILS_MAX = 4000
NOTE_MAX = 20000


def _max(limit: int) -> Length:
    return Length(max=limit, message=_l("This can have at most %(max)d characters."))


def _optional_text(label: str, limit: int = DETAILS_MAX) -> TextAreaField:
    return TextAreaField(label, validators=[Optional(), _max(limit)])


class LanguagesField(SelectMultipleField):
    def pre_validate(self, form: object) -> None:
        known = {value for value, _label, _selected, _render_kw in self.iter_choices()}
        if any(value not in known for value in self.data or []):
            raise ValidationError(_l("Choose languages from the list."))


YOUNG_PERSON_CHOICES = [
    ("", _l("Decide from the date of birth (16 to 25 years old)")),
    ("yes", _l("Yes, count as a young person")),
    ("no", _l("No, do not count as a young person")),
]


class BeneficiaryForm(Form):
    given_names = StringField(
        _l("Given names"),
        validators=[DataRequired(_l("Enter the given names.")), _max(NAME_MAX)],
        render_kw={"dir": "auto", "autocomplete": "off"},
    )
    family_name = StringField(
        _l("Family name"),
        validators=[DataRequired(_l("Enter the family name.")), _max(NAME_MAX)],
        render_kw={"dir": "auto", "autocomplete": "off"},
    )
    birth_date = DateField(
        _l("Date of birth"), validators=[InputRequired(_l("Enter the date of birth."))]
    )
    gender = ChoiceField(_l("Gender"), choices=options(choices(Gender)))
    country_of_origin = ChoiceField(
        _l("Country of origin"), validators=[DataRequired(_l("Choose the country of origin."))]
    )
    languages = LanguagesField(_l("Languages spoken"), render_kw={"size": 6})
    preferred_language = ChoiceField(_l("Preferred language"))
    arrival_date = DateField(_l("Arrival in the country"), validators=[Optional()])
    entered_on = DateField(
        _l("Start of support"), validators=[InputRequired(_l("Enter the start of support."))]
    )
    residence_status = ChoiceField(
        _l("Residence status"), choices=options(choices(ResidenceStatus))
    )
    residence_details = _optional_text(_l("Residence status details"))
    education_level = ChoiceField(
        _l("Level of education"), choices=options(choices(EducationLevel))
    )
    work_experience = _optional_text(_l("Work experience"))
    phone = StringField(
        _l("Telephone"),
        validators=[Optional(), _max(40)],
        render_kw={"dir": "ltr", "inputmode": "tel"},
    )
    email = EmailField(
        _l("E-mail address"),
        validators=[
            Optional(),
            _max(254),
            Email(_l("Enter an e-mail address in the form name@example.org.")),
        ],
        render_kw={"dir": "ltr"},
    )
    address = _optional_text(_l("Address"), 500)
    young_person_override = ChoiceField(_l("Young person"), choices=options(YOUNG_PERSON_CHOICES))
    unaccompanied_minor = BooleanField(_l("Unaccompanied minor"))
    guardian_name = StringField(
        _l("Guardian or legal representative"), validators=[Optional(), _max(NAME_MAX)]
    )
    guardian_contact = StringField(
        _l("Guardian's contact details"), validators=[Optional(), _max(300)]
    )
    has_disability = BooleanField(_l("Person with a disability"))
    disability_details = _optional_text(_l("Disability: details"))
    accommodations = _optional_text(_l("Accommodations needed"))
    version = VersionField()

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)
        locale = str(get_locale())
        self.country_of_origin.choices = options(
            [("", _l("Choose a country")), *country_choices(locale)]
        )
        languages = language_choices_for_forms(locale)
        self.languages.choices = options(languages)
        self.preferred_language.choices = options([("", _l("Not known")), *languages])

    @property
    def young_person_choice(self) -> bool | None:
        return {"yes": True, "no": False}.get(self.young_person_override.data or "")


class NoteForm(Form):
    field_prefix = "note"

    occurred_on = DateField(_l("Date"), validators=[InputRequired(_l("Enter the date."))])
    kind = ChoiceField(_l("Kind"), choices=options(choices(NoteKind)))
    body = TextAreaField(
        _l("Note"),
        validators=[DataRequired(_l("Write the note.")), _max(NOTE_MAX)],
        render_kw={"rows": 5, "dir": "auto"},
    )
    confidential = BooleanField(
        _l("Confidential"),
        description=_l("Only psychologists of your organisation will be able to read it."),
    )


class TaskForm(Form):
    field_prefix = "task"

    title = StringField(
        _l("What needs to be done"),
        validators=[DataRequired(_l("Describe the task.")), _max(300)],
        render_kw={"dir": "auto"},
    )
    kind = ChoiceField(
        _l("Kind"),
        choices=options(
            [(TaskKind.FOLLOW_UP.value, _l("Follow-up task")), (TaskKind.GOAL.value, _l("Goal"))]
        ),
    )
    due_on = DateField(_l("Due date"), validators=[InputRequired(_l("Enter the due date."))])
    owner_id = ChoiceField(_l("Who does it"))


class ConsentForm(Form):
    field_prefix = "consent"

    purpose = ChoiceField(_l("Purpose"), choices=options(choices(ConsentPurpose)))
    given_on = DateField(
        _l("Date the consent was given"), validators=[InputRequired(_l("Enter the date."))]
    )


class AssignmentForm(Form):
    field_prefix = "assign"

    user_id = ChoiceField(_l("Worker"))


class ReferralForm(Form):
    to_organisation_id = ChoiceField(
        _l("Partner organisation"),
        validators=[DataRequired(_l("Choose the partner organisation."))],
    )
    message = _optional_text(_l("Message to the partner"), 2000)


class CloseCaseForm(Form):
    field_prefix = "close"

    closure_reason = ChoiceField(_l("Reason"), choices=options(choices(ClosureReason)))
