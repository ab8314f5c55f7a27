"""The main menu each role sees, and the links a list repeats on every row."""

from __future__ import annotations

import uuid
from collections.abc import Callable
from functools import lru_cache
from typing import Any

from flask import url_for
from flask_babel import lazy_gettext as _l

from app.accounts.models import User
from app.accounts.roles import Role
from app.i18n import locale_code

MENUS = {
    Role.ADMIN: (
        ("admin.index", _l("Administration")),
        ("admin.organisations", _l("Organisations")),
        ("admin.users", _l("Accounts")),
    ),
    Role.COORDINATOR: (
        ("dashboards.index", _l("Dashboards")),
        ("cases.caseload", _l("Cases")),
        ("cases.incoming_referrals", _l("Referrals")),
    ),
    Role.TRAINER: (("cases.caseload", _l("My caseload")),),
    Role.PSYCHOLOGIST: (("cases.caseload", _l("My caseload")),),
    Role.BENEFICIARY: (
        ("portal.index", _l("My pathway")),
        ("portal.achievements", _l("My achievements")),
        ("portal.my_data", _l("My data")),
        ("portal.settings", _l("Settings")),
    ),
}


def main_menu(user: User) -> tuple[tuple[str, str], ...]:
    """(endpoint, label) of each entry of ``user``'s menu, labels in the page's language."""
    return _menu(locale_code(), user.role)


# The layout shows a menu on every page: each is translated once per locale.
@lru_cache(maxsize=256)
def _menu(locale: str, role: Role) -> tuple[tuple[str, str], ...]:
    return tuple((endpoint, str(label)) for endpoint, label in MENUS[role])


# Never a record's id: it only marks where each row's id goes.
_ROW_ID = uuid.UUID(int=0)


def row_links(endpoint: str, parameter: str, **values: Any) -> Callable[[uuid.UUID], str]:
    """``url_for(endpoint, **values)`` with each row's id as ``parameter``, one ``url_for``.

    A list links every row to its record through the same route: the link is built once
    around a placeholder id, and each row's id (whose text needs no quoting) takes its place.
    """
    arguments: dict[str, Any] = {**values, parameter: _ROW_ID}
    before, _, after = url_for(endpoint, **arguments).partition(str(_ROW_ID))
    return lambda row_id: f"{before}{row_id}{after}"
