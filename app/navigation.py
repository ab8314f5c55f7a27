"""The main menu each role sees."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l

from app.accounts.models import User
from app.accounts.roles import Role

_MENUS = {
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
    return _MENUS[user.role]
