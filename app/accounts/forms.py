"""Log-in and password forms."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from wtforms import EmailField, PasswordField
from wtforms.validators import DataRequired, EqualTo, Length

from app.accounts.passwords import MAX_PASSWORD_LENGTH, MIN_PASSWORD_LENGTH
from app.forms import Form


class LoginForm(Form):
    email = EmailField(
        _l("E-mail address"),
        validators=[
            DataRequired(_l("Enter your e-mail address.")),
            Length(max=254, message=_l("The e-mail address can have at most %(max)d characters.")),
        ],
        render_kw={"autocomplete": "username", "dir": "ltr"},
    )
    password = PasswordField(
        _l("Password"),
        validators=[
            DataRequired(_l("Enter your password.")),
            Length(
                max=MAX_PASSWORD_LENGTH,
                message=_l("The password can have at most %(max)d characters."),
            ),
        ],
        render_kw={"autocomplete": "current-password"},
    )


class SetPasswordForm(Form):
    password = PasswordField(
        _l("New password"),
        description=_l(
            "At least %(count)d characters. A few unrelated words are easy to "
            "remember and hard to guess.",
            count=MIN_PASSWORD_LENGTH,
        ),
        validators=[
            DataRequired(_l("Choose a password.")),
            Length(
                min=MIN_PASSWORD_LENGTH,
                max=MAX_PASSWORD_LENGTH,
                message=_l(
                    "The password must have between %(min)d and %(max)d characters.",
                    min=MIN_PASSWORD_LENGTH,
                    max=MAX_PASSWORD_LENGTH,
                ),
            ),
        ],
        render_kw={"autocomplete": "new-password"},
    )
    confirm = PasswordField(
        _l("Repeat the new password"),
        validators=[
            DataRequired(_l("Repeat the password.")),
            EqualTo("password", _l("The two passwords are not the same.")),
        ],
        render_kw={"autocomplete": "new-password"},
    )
