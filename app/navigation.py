"""The main menu each role sees."""

from __future__ import annotations

from weakref import WeakKeyDictionary

from flask_babel import lazy_gettext as _l

from app.accounts.models import User
from app.accounts.roles import Role
from app.i18n import request_catalogue

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


# Menus translated once per catalogue: the layout shows one on every page.
_translated_menus: WeakKeyDictionary[object, dict[Role, tuple[tuple[str, str], ...]]] = (
    WeakKeyDictionary()
)


def main_menu(user: User) -> tuple[tuple[str, str], ...]:
    """(endpoint, label) of each entry of ``user``'s menu, labels in the page's language."""
    menus = _translated_menus.get(catalogue := request_catalogue())
    if menus is None:
        menus = _translated_menus[catalogue] = {}
    menu = menus.get(user.role)
    if menu is None:
        menu = menus[user.role] = tuple(
            (endpoint, str(label)) for endpoint, label in _MENUS[user.role]
        )
    return menu
