"""The dashboard's filters: a GET form, so that a view can be bookmarked and exported."""

from __future__ import annotations

import uuid
from typing import Any

import wtforms
from flask_babel import lazy_gettext as _l
from wtforms.validators import Optional, ValidationError

from app.dashboards.queries.scope import BREAKDOWN_LABELS, Breakdown
from app.forms import ChoiceField, DateField, options
from app.vocabulary import StageKind, TargetGroup, choices


class FilterForm(wtforms.Form):
    """Read from the query string; no CSRF token, since it changes nothing."""

    date_from = DateField(
        _l("Entered from"),
        validators=[Optional()],
        description=_l("Beneficiaries who entered on or after this date."),
    )
    date_to = DateField(
        _l("Entered until"),
        validators=[Optional()],
        description=_l("Beneficiaries who entered on or before this date."),
    )
    organisation = ChoiceField(_l("Organisation"), choices=options([]))
    stage_kind = ChoiceField(
        _l("Stage"),
        choices=options([("", _l("All stages")), *choices(StageKind)]),
        description=_l("Applies to the tables about stages."),
    )
    target_group = ChoiceField(
        _l("Target group"), choices=options([("", _l("Everyone")), *choices(TargetGroup)])
    )
    breakdown = ChoiceField(
        _l("Break down by"),
        choices=options((b.value, BREAKDOWN_LABELS[b]) for b in Breakdown),
    )

    def __init__(self, formdata: Any, organisations: list[tuple[uuid.UUID, str]], network: bool):
        super().__init__(formdata)
        self.organisation.choices = options(
            [("", _l("All organisations")), *((str(i), name) for i, name in organisations)]
        )
        self.network = network
        if not formdata or not formdata.get("breakdown"):
            default = Breakdown.ORGANISATION if network else Breakdown.TARGET_GROUP
            self.breakdown.data = default.value

    def validate_date_to(self, field: DateField) -> None:
        if field.data and self.date_from.data and field.data < self.date_from.data:
            raise ValidationError(_l("Enter an end date on or after the start date."))
