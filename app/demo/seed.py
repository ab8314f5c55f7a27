"""The demo network: four partner organisations and their staff.

Idempotent: running it again adds only what is missing.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select

from app.accounts import passwords, services
from app.accounts.models import Organisation, User
from app.accounts.roles import Role
from app.cases.models import Beneficiary
from app.crypto import full_name_index
from app.dates import local_today
from app.demo.beneficiaries import seed_beneficiaries
from app.extensions import db

DEMO_PASSWORD = "passerelle-demo"
DEMO_DOMAIN = "demo.passerelle.eu"


@dataclass(frozen=True, slots=True)
class DemoOrganisation:
    name: str
    country_code: str
    coordinating: bool
    staff: tuple[tuple[Role, str], ...]


DEMO_NETWORK = (
    DemoOrganisation(
        "Parcours Avenir Lyon",
        "FR",
        True,
        (
            (Role.COORDINATOR, "Claire Martin"),
            (Role.TRAINER, "Julien Moreau"),
            (Role.TRAINER, "Nadia Benali"),
            (Role.PSYCHOLOGIST, "Sophie Laurent"),
        ),
    ),
    DemoOrganisation(
        "Brücke Integration Leipzig",
        "DE",
        False,
        (
            (Role.COORDINATOR, "Katrin Schulz"),
            (Role.TRAINER, "Jonas Becker"),
            (Role.TRAINER, "Leyla Aydın"),
            (Role.PSYCHOLOGIST, "Miriam Wolf"),
        ),
    ),
    DemoOrganisation(
        "Ponte Lavoro Torino",
        "IT",
        False,
        (
            (Role.COORDINATOR, "Giulia Romano"),
            (Role.TRAINER, "Marco Ferrari"),
            (Role.TRAINER, "Amal Haddad"),
            (Role.PSYCHOLOGIST, "Chiara Greco"),
        ),
    ),
    DemoOrganisation(
        "Vägen Vidare Malmö",
        "SE",
        False,
        (
            (Role.COORDINATOR, "Anna Lindqvist"),
            (Role.TRAINER, "Erik Johansson"),
            (Role.TRAINER, "Samira Yousef"),
            (Role.PSYCHOLOGIST, "Karin Nilsson"),
        ),
    ),
)

ADMIN_NAME = "Thomas Girard"


def demo_email(role: Role, number: int, country_code: str) -> str:
    return f"{role.value}{number}.{country_code.lower()}@{DEMO_DOMAIN}"


ADMIN_EMAIL = f"admin@{DEMO_DOMAIN}"


@dataclass(frozen=True, slots=True)
class DemoLogin:
    email: str
    role: Role
    organisation: str


def _organisation(spec: DemoOrganisation) -> Organisation:
    existing = db.session.scalar(select(Organisation).where(Organisation.name == spec.name))
    if existing is not None:
        return existing
    return services.create_organisation(
        services.OrganisationData(spec.name, spec.country_code, spec.coordinating)
    )


def _user(
    email: str, name: str, role: Role, organisation: Organisation, password_hash: str
) -> None:
    if services.find_user_by_email(email) is not None:
        return
    db.session.add(
        User(
            email=email,
            display_name=name,
            organisation_id=organisation.id,
            role=role,
            preferred_locale=None,
            password_hash=password_hash,
        )
    )
    db.session.flush()


def demo_logins() -> list[DemoLogin]:
    """The demo accounts present in the database that can still log in."""
    logins = [
        DemoLogin(str(user.email), user.role, user.organisation.name)
        for user in db.session.scalars(select(User).join(Organisation))
        if str(user.email).endswith("@" + DEMO_DOMAIN) and services.can_log_in(user)
    ]
    return sorted(logins, key=lambda login: (login.organisation, login.role, login.email))


DEMO_PORTAL_LOGIN = "DEMO-AMNA"


def _demo_portal_access(password_hash: str) -> None:
    """Amina Yusuf, of the French organisation, reads her space in Arabic."""
    if db.session.scalar(select(User).where(User.login_id == DEMO_PORTAL_LOGIN)) is not None:
        return
    french = db.session.scalar(select(Organisation).where(Organisation.country_code == "FR"))
    if french is None:
        return
    candidates = db.session.scalars(
        select(Beneficiary).where(
            Beneficiary.organisation_id == french.id,
            Beneficiary.full_name_index == full_name_index("Amina", "Yusuf"),
        )
    ).all()
    amina = next((b for b in candidates if b.given_names == "Amina"), None)
    if amina is None:
        return
    account = User(
        beneficiary_id=amina.id,
        data_key_id=amina.data_key_id,
        login_id=DEMO_PORTAL_LOGIN,
        organisation_id=amina.organisation_id,
        role=Role.BENEFICIARY,
        preferred_locale="ar",
        password_hash=password_hash,
    )
    account.display_name = "Amina"
    db.session.add(account)
    db.session.flush()


def seed_demo(*, cases: bool = True) -> list[DemoLogin]:
    """Create what is missing of the demo network; return every demo login.

    Without ``cases``, only the organisations and their staff (for quick tests).
    """
    password_hash = passwords.hash_password(DEMO_PASSWORD)
    for spec in DEMO_NETWORK:
        organisation = _organisation(spec)
        counters: dict[Role, int] = {}
        for role, name in spec.staff:
            counters[role] = counters.get(role, 0) + 1
            email = demo_email(role, counters[role], spec.country_code)
            _user(email, name, role, organisation, password_hash)
        if spec.coordinating:
            _user(ADMIN_EMAIL, ADMIN_NAME, Role.ADMIN, organisation, password_hash)
    if cases:
        seed_beneficiaries([_organisation(spec) for spec in DEMO_NETWORK], local_today())
        _demo_portal_access(password_hash)
    return demo_logins()
