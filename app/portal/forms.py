"""Forms of the beneficiary's space: activation, log-in, contact details."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from wtforms import EmailField, PasswordField, RadioField, StringField, TextAreaField
from wtforms.validators import DataRequired, Email, InputRequired, Length, Optional, ValidationError

from app.accounts.passwords import MAX_PASSWORD_LENGTH, MIN_PASSWORD_LENGTH
from app.digits import normalise_digits
from app.forms import ChoiceField, DateField, Form, options
from app.portal.services import PIN_LENGTH


def _digits(value: object) -> object:
    return normalise_digits(value).strip() if isinstance(value, str) else value


class PortalLoginForm(Form):
    login_id = StringField(
        _l("Your login code"),
        description=_l("It is on your welcome letter, for example KM4C-7PXA."),
        validators=[DataRequired(_l("Enter your login code.")), Length(max=20)],
        render_kw={"dir": "ltr", "autocomplete": "username", "autocapitalize": "characters"},
    )
    secret = PasswordField(
        _l("Your password or PIN"),
        validators=[
            DataRequired(_l("Enter your password or PIN.")),
            Length(max=MAX_PASSWORD_LENGTH),
        ],
        filters=[_digits],
        render_kw={"autocomplete": "current-password", "dir": "ltr"},
    )
    birth_date = DateField(_l("Your date of birth (only with a PIN)"), validators=[Optional()])


class ActivationCodeForm(Form):
    code = StringField(
        _l("Your activation code"),
        description=_l("It is on your welcome letter, in large letters."),
        validators=[DataRequired(_l("Enter the activation code.")), Length(max=20)],
        render_kw={"dir": "ltr", "autocomplete": "one-time-code", "autocapitalize": "characters"},
    )


SECRET_KINDS = [
    ("pin", _l("A PIN of 6 digits (you will also give your date of birth each time)")),
    ("password", _l("A password of at least 12 characters")),
]


class ActivationForm(Form):
    birth_date = DateField(
        _l("Your date of birth"), validators=[InputRequired(_l("Enter your date of birth."))]
    )
    kind = RadioField(
        _l("How do you want to log in?"),
        choices=options(SECRET_KINDS),
        default="pin",
        validators=[InputRequired(_l("Choose a PIN or a password."))],
    )
    secret = PasswordField(
        _l("Your new PIN or password"),
        filters=[_digits],
        validators=[
            DataRequired(_l("Choose your PIN or password.")),
            Length(max=MAX_PASSWORD_LENGTH),
        ],
        render_kw={"autocomplete": "new-password", "dir": "ltr"},
    )
    confirm = PasswordField(
        _l("Type it again"),
        filters=[_digits],
        validators=[DataRequired(_l("Type your PIN or password again."))],
        render_kw={"autocomplete": "new-password", "dir": "ltr"},
    )

    def validate_secret(self, field: PasswordField) -> None:
        value = field.data or ""
        if self.kind.data == "pin":
            if not (len(value) == PIN_LENGTH and value.isdigit()):
                raise ValidationError(_l("A PIN has exactly 6 digits."))
            if len(set(value)) == 1 or value in "0123456789" or value in "9876543210":
                raise ValidationError(_l("This PIN is too easy to guess. Choose another one."))
        elif len(value) < MIN_PASSWORD_LENGTH:
            raise ValidationError(
                _l("A password needs at least %(count)d characters.", count=MIN_PASSWORD_LENGTH)
            )

    def validate_confirm(self, field: PasswordField) -> None:
        if field.data != self.secret.data:
            raise ValidationError(_l("The two are not the same. Type them again."))


class ContactForm(Form):
    phone = StringField(
        _l("Telephone"),
        validators=[
            Optional(),
            Length(max=40, message=_l("This can have at most %(max)d characters.")),
        ],
        render_kw={"dir": "ltr", "inputmode": "tel", "autocomplete": "tel"},
    )
    email = EmailField(
        _l("E-mail address"),
        validators=[
            Optional(),
            Length(max=254, message=_l("This can have at most %(max)d characters.")),
            Email(_l("Enter an e-mail address in the form name@example.org.")),
        ],
        render_kw={"dir": "ltr", "autocomplete": "email"},
    )
    address = TextAreaField(
        _l("Address"),
        validators=[
            Optional(),
            Length(max=500, message=_l("This can have at most %(max)d characters.")),
        ],
        render_kw={"autocomplete": "street-address", "rows": 3},
    )
    preferred_locale = ChoiceField(_l("Language"))
