from flask import Flask
from sqlalchemy import func, select

from app.accounts.models import Organisation, User
from app.accounts.roles import Role
from app.demo.seed import DEMO_PASSWORD, seed_demo
from app.extensions import db
from tests.helpers import Client


def _counts() -> tuple[int, int]:
    return (
        db.session.scalar(select(func.count()).select_from(Organisation)) or 0,
        db.session.scalar(select(func.count()).select_from(User)) or 0,
    )


def test_demo_network_has_four_partners_and_staff_in_each(app: Flask) -> None:
    with app.app_context():
        logins = seed_demo(cases=False)
        db.session.commit()
        organisations = db.session.scalars(select(Organisation)).all()
        assert sorted(o.country_code for o in organisations) == ["DE", "FR", "IT", "SE"]
        assert [o.country_code for o in organisations if o.is_coordinating_body] == ["FR"]
        for organisation in organisations:
            roles = [user.role for user in organisation.users]
            assert roles.count(Role.COORDINATOR) >= 1
            assert roles.count(Role.TRAINER) >= 2
            assert roles.count(Role.PSYCHOLOGIST) >= 1
        assert sum(1 for login in logins if login.role is Role.ADMIN) == 1
        assert "trainer1.fr@demo.passerelle.eu" in {login.email for login in logins}


def test_seeding_twice_adds_nothing(app: Flask) -> None:
    with app.app_context():
        seed_demo(cases=False)
        db.session.commit()
        before = _counts()
        seed_demo(cases=False)
        db.session.commit()
        assert _counts() == before


def test_every_printed_demo_login_works(app: Flask) -> None:
    runner = app.test_cli_runner()
    result = runner.invoke(args=["seed-demo", "--if-empty"])
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    emails = [line.split()[1] for line in lines[1:] if "@" in line]
    assert len(emails) == 17
    portal_line = lines[-1]
    assert portal_line.startswith("Beneficiary space (Amina Yusuf, in Arabic)")
    login_code, password = portal_line.split()[-4], portal_line.split()[-1]
    amina = Client(app)
    assert amina.log_in(login_code, password).headers["Location"] == "/portal/"
    assert 'lang="ar" dir="rtl"' in amina.text("/portal/")
    assert DEMO_PASSWORD in result.output.splitlines()[0]
    for email in emails:
        response = Client(app).log_in(email, DEMO_PASSWORD)
        assert response.status_code == 302, email
    again = runner.invoke(args=["seed-demo", "--if-empty"])
    assert again.output == result.output


def test_if_empty_leaves_a_real_database_alone(app: Flask) -> None:
    from tests.factories import make_user

    with app.app_context():
        make_user(Role.ADMIN)
    result = app.test_cli_runner().invoke(args=["seed-demo", "--if-empty"])
    assert "no demo data was added" in result.output
    with app.app_context():
        assert _counts() == (1, 1)


def test_create_admin_prints_a_working_link(app: Flask) -> None:
    result = app.test_cli_runner().invoke(
        args=[
            "accounts",
            "create-admin",
            "--email",
            "ops@example.org",
            "--name",
            "Ops",
            "--organisation",
            "Network office",
            "--country",
            "SE",
        ]
    )
    assert result.exit_code == 0, result.output
    path = result.output.strip().split()[-1]
    assert Client(app).get(path).status_code == 200
    duplicate = app.test_cli_runner().invoke(
        args=[
            "accounts",
            "create-admin",
            "--email",
            "OPS@example.org",
            "--name",
            "Ops",
            "--organisation",
            "Network office",
        ]
    )
    assert duplicate.exit_code != 0
    assert "already exists" in duplicate.output
