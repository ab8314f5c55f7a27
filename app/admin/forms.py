"""Forms to manage organisations and accounts."""

from __future__ import annotations

from flask_babel import get_locale
from flask_babel import lazy_gettext as _l
from wtforms import BooleanField, EmailField, StringField, TextAreaField
from wtforms.validators import DataRequired, Email, Length, Optional

from app.accounts.roles import ROLE_LABELS, Role
from app.forms import ChoiceField, Form, VersionField, options
from app.i18n import available_locales, country_choices, native_name


class OrganisationForm(Form):
    name = StringField(
        _l("Name"),
        validators=[
            DataRequired(_l("Enter the organisation's name.")),
            Length(max=200, message=_l("The name can have at most %(max)d characters.")),
        ],
    )
    country_code = ChoiceField(_l("Country"), validators=[DataRequired(_l("Choose a country."))])
    contact_phone = StringField(
        _l("Telephone for beneficiaries"),
        validators=[
            Optional(),
            Length(max=40, message=_l("This can have at most %(max)d characters.")),
        ],
        render_kw={"dir": "ltr"},
    )
    contact_email = EmailField(
        _l("E-mail address for beneficiaries"),
        validators=[
            Optional(),
            Length(max=254, message=_l("This can have at most %(max)d characters.")),
            Email(_l("Enter an e-mail address in the form name@example.org.")),
        ],
        render_kw={"dir": "ltr"},
    )
    address = TextAreaField(
        _l("Address"),
        description=_l("Printed on welcome letters and shown in the beneficiaries' space."),
        validators=[
            Optional(),
            Length(max=300, message=_l("This can have at most %(max)d characters.")),
        ],
    )
    is_coordinating_body = BooleanField(
        _l("Coordinating body of the network"),
        description=_l(
            "Its coordinators see the dashboards of the whole network. "
            "Only one organisation can have this role."
        ),
    )
    version = VersionField()

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)
        self.country_code.choices = options(
            [("", _l("Choose a country")), *country_choices(str(get_locale()))]
        )


class UserForm(Form):
    email = EmailField(
        _l("E-mail address"),
        validators=[
            DataRequired(_l("Enter the e-mail address.")),
            Length(max=254, message=_l("The e-mail address can have at most %(max)d characters.")),
            Email(_l("Enter an e-mail address in the form name@example.org.")),
        ],
        render_kw={"dir": "ltr", "autocomplete": "off"},
    )
    display_name = StringField(
        _l("Name"),
        description=_l("As the person wants to be called in Passerelle."),
        validators=[
            DataRequired(_l("Enter the person's name.")),
            Length(max=200, message=_l("The name can have at most %(max)d characters.")),
        ],
    )
    organisation_id = ChoiceField(
        _l("Organisation"), validators=[DataRequired(_l("Choose an organisation."))]
    )
    role = ChoiceField(
        _l("Role"),
        choices=options((role.value, label) for role, label in ROLE_LABELS.items()),
    )
    preferred_locale = ChoiceField(_l("Language of the interface"))
    version = VersionField()

    def __init__(
        self, *args: object, organisations: list[tuple[str, str]], **kwargs: object
    ) -> None:
        super().__init__(*args, **kwargs)
        self.organisation_id.choices = options([("", _l("Choose an organisation")), *organisations])
        self.preferred_locale.choices = options(
            [("", _l("The browser's language"))]
            + [(code, native_name(code)) for code in available_locales()]
        )

    @property
    def chosen_role(self) -> Role:
        return Role(self.role.data)
