from flask import Flask

from app.accounts.roles import Role
from tests.factories import make_case, make_organisation, make_user
from tests.helpers import Client
from tests.pages import page_problems


def test_a_trainer_sees_the_case_pages(app: Flask) -> None:
    with app.app_context():
        organisation = make_organisation("Parcours Avenir Lyon", "FR")
        trainer = make_user(Role.TRAINER, organisation=organisation)
        beneficiary = make_case(trainer)
        stage_id = beneficiary and beneficiary.id
    client = Client(app)
    client.log_in(trainer.email)
    for url in (
        "/cases/",
        f"/cases/{stage_id}",
        f"/cases/{stage_id}/edit",
        f"/cases/{stage_id}/history",
        f"/cases/{stage_id}/pathway/stages/new",
        f"/cases/{stage_id}/pathway/settings",
        f"/cases/{stage_id}/refer",
    ):
        html = client.text(url)
        assert page_problems(html) == [], url
    assert "Amina Yusuf" in client.text(f"/cases/{stage_id}")
