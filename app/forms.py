"""Form pieces shared by every domain: choices with our own messages, the version field."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from typing import Any, ClassVar, TypeVar

import wtforms
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import Field, HiddenField, PasswordField, SelectField, StringField
from wtforms.fields.choices import SelectChoice  # type: ignore[attr-defined]  # types-WTForms 3.2 predates SelectChoice (WTForms 3.3)
from wtforms.validators import ValidationError

from app.dates import EARLIEST_YEAR, is_accepted_date, latest_accepted_year, local_today
from app.digits import normalise_digits

_T = TypeVar("_T")


def clean_text(value: Any) -> Any:
    """Trim text and drop NUL characters, which no database stores as text."""
    if isinstance(value, str):
        return value.replace("\x00", "").strip()
    return value


def required_data(data: _T | None) -> _T:
    """The data of a field that a validator requires, read once the form has validated.

    Validation guarantees a value, so None here is a programming error, not bad input.
    """
    if data is None:
        raise RuntimeError("a required field has no data: read it only after validation")
    return data


class Form(FlaskForm):
    """Base of every form: text inputs are cleaned before validation (passwords untouched).

    ``field_prefix`` keeps field ids unique where several forms share a page.
    """

    field_prefix: ClassVar[str] = ""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        if self.field_prefix:
            kwargs.setdefault("prefix", self.field_prefix)
        super().__init__(*args, **kwargs)

    class Meta:
        def bind_field(self, form: Any, unbound_field: Any, options: dict[str, Any]) -> Field:
            field_class = unbound_field.field_class
            if issubclass(field_class, StringField) and not issubclass(field_class, PasswordField):
                options["filters"] = (clean_text, *options.get("filters", ()))
            return unbound_field.bind(form=form, **options)


def options(pairs: Iterable[tuple[str, Any]]) -> list[SelectChoice]:
    """Select options from (value, label) pairs."""
    return [SelectChoice(value, label) for value, label in pairs]


class ChoiceField(SelectField):
    """A select whose "not a valid choice" message is ours, so it is translated everywhere."""

    def pre_validate(self, form: Any) -> None:
        if not self.validate_choice:
            return
        values = {str(value) for value, _label, _selected, _render_kw in self.iter_choices()}
        # A select left out of the submission counts as its empty option, if it has one.
        submitted = "" if self.data is None else str(self.data)
        if submitted not in values:
            raise ValidationError(_l("Choose one of the options in the list."))


class VersionField(HiddenField):
    """The version of the record when the form was opened, for optimistic locking."""

    data: int | None  # type: ignore[assignment]  # WTForms stubs type HiddenField.data as str

    def process_formdata(self, valuelist: list[Any]) -> None:
        self.data = None
        if valuelist:
            try:
                self.data = int(valuelist[0])
            except (TypeError, ValueError):
                self.data = None

    def pre_validate(self, form: Any) -> None:
        if self.data is None:
            raise ValidationError(_l("This form is out of date. Reload the page and try again."))


class DateField(wtforms.DateField):
    """An ISO date (what date inputs send), any script's digits accepted, our own messages.

    Every date entered anywhere falls between 1900 and ten years from now (app.dates).
    """

    def process_formdata(self, valuelist: list[Any]) -> None:
        if not valuelist:
            return
        raw = normalise_digits(" ".join(str(v) for v in valuelist)).strip()
        if not raw:
            # Spaces alone are no date: InputRequired, which reads raw_data, asks for one.
            self.raw_data = []
            self.data = None
            return
        try:
            self.data = date.fromisoformat(raw)
        except ValueError:
            self.data = None
            raise ValueError(_l("Enter a real date, for example 2026-03-27.")) from None
        today = local_today()
        if not is_accepted_date(self.data, today):
            self.data = None
            raise ValueError(
                _(
                    "Enter a date between the years %(first)s and %(last)s.",
                    first=str(EARLIEST_YEAR),
                    last=str(latest_accepted_year(today)),
                )
            )


class IntegerField(wtforms.IntegerField):
    """A whole number, any script's digits accepted, our own message."""

    def process_formdata(self, valuelist: list[Any]) -> None:
        if not valuelist:
            return
        raw = normalise_digits(str(valuelist[0])).strip()
        if not raw:
            self.data = None
            return
        try:
            self.data = int(raw)
        except ValueError:
            self.data = None
            raise ValueError(_l("Enter a whole number, for example 120.")) from None
