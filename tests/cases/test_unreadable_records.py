"""A damaged or erased record is shown as such, never as garbage text or an error page."""

from __future__ import annotations

from flask import Flask
from sqlalchemy import update

from app.cases.models import Beneficiary
from app.crypto import shred_data_key
from app.extensions import db
from tests.casefiles import Office


def test_a_tampered_name_shows_a_clear_message(app: Flask, office: Office, amina) -> None:
    with app.app_context():
        stored = db.session.get(Beneficiary, amina.id)
        ciphertext = bytearray(stored._family_name_ciphertext)
        ciphertext[-1] ^= 0x01
        table = Beneficiary.__table__
        db.session.execute(
            update(table).where(table.c.id == amina.id).values(family_name=bytes(ciphertext))
        )
        db.session.commit()
    client = office.client(app)
    page = client.get(f"/cases/{amina.id}")
    assert page.status_code == 200
    assert "This record could not be decrypted." in page.text
    assert "Amina" in page.text
    assert client.get("/cases/").status_code == 200


def test_an_erased_person_reads_as_erased_and_others_still_read(
    app: Flask, office: Office, amina
) -> None:
    from tests.factories import make_case

    with app.app_context():
        other = make_case(office.trainer, given_names="Olena", family_name="Kovalenko")
        shred_data_key(db.session.get(Beneficiary, amina.id).data_key_id)
    client = office.client(app)
    page = client.get(f"/cases/{amina.id}")
    assert page.status_code == 410
    assert "This case file was erased" in page.text
    assert "Yusuf" not in page.text
    assert "Olena Kovalenko" in client.text(f"/cases/{other.id}")
    caseload = client.text("/cases/?status=all")
    assert "This information has been erased." in caseload
    assert "Olena Kovalenko" in caseload
