"""Blind indexes: normalisation, domain separation, lookups, survival across rotation."""

from __future__ import annotations

from datetime import date

import pytest
from flask import Flask
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from app.crypto import (
    EMAIL,
    FAMILY_NAME,
    email_index,
    family_name_index,
    full_name_index,
    name_and_birth_date_index,
    normalise,
)
from app.crypto.blind_index import blind_index, normalise_email
from app.crypto.rotation import rotate_master_key
from app.extensions import db
from tests.crypto.models import CryptoPerson


@pytest.mark.parametrize(
    ("written", "expected"),
    [
        ("Amina  YÛSUF", "amina yusuf"),
        ("  amina\tyusuf\n", "amina yusuf"),
        ("Ａｍｉｎａ", "amina"),  # full-width letters (NFKC)
        ("Jean-Pierre O'Brien", "jean pierre obrien"),
        ("Zoë Çelik", "zoe celik"),
        ("İlkay", "ilkay"),
        ("Straße", "strasse"),
        ("Юсуф", "юсуф"),
        ("ኣሚና", "ኣሚና"),
    ],
)
def test_normalise(written: str, expected: str) -> None:
    assert normalise(written) == expected


@pytest.mark.parametrize(
    ("variant", "canonical"),
    [
        ("علی", "علي"),  # Persian yeh
        ("مصطفى", "مصطفي"),  # alef maksura
        ("کریم", "كريم"),  # keheh
        ("فاطمة", "فاطمه"),  # teh marbuta
        ("أحمد", "احمد"),  # alef with hamza above
        ("إبراهيم", "ابراهيم"),  # alef with hamza below
        ("آمنة", "امنه"),  # alef with madda
        ("مُحَمَّد", "محمد"),  # short-vowel marks
        ("محـــمد", "محمد"),  # tatweel
        ("مهرداد\u200cی", "مهردادي"),  # zero-width non-joiner
    ],
)
def test_normalise_folds_arabic_script_variants(variant: str, canonical: str) -> None:
    assert normalise(variant) == normalise(canonical)


def test_normalise_folds_arabic_and_persian_digits() -> None:
    assert normalise("٠١٢٣٤٥٦٧٨٩") == "0123456789"
    assert normalise("۰۱۲۳۴۵۶۷۸۹") == "0123456789"


def test_e_mail_keeps_accents_but_not_case() -> None:
    assert normalise_email(" Amina.Yusuf@Example.org ") == "amina.yusuf@example.org"
    assert normalise_email("josé@example.org") != normalise_email("jose@example.org")


def test_index_values(crypto_ctx: Flask) -> None:
    assert full_name_index("Amina", "YÛSUF") == full_name_index("amina ", " yusuf")
    assert full_name_index("Yusuf", "Amina") == full_name_index("Amina", "Yusuf")
    assert len(full_name_index("Amina", "Yusuf")) == 2
    assert len(family_name_index("Yusuf")) == 2
    assert len(email_index("a@example.org")) == 32
    born = date(2007, 5, 1)
    assert len(name_and_birth_date_index("Amina", "Yusuf", born)) == 3
    assert name_and_birth_date_index("Amina", "Yusuf", born) != name_and_birth_date_index(
        "Amina", "Yusuf", date(2007, 5, 2)
    )
    # Domains are separated: the same text gives unrelated values in two indexes.
    assert blind_index(EMAIL, "yusuf")[:2] != blind_index(FAMILY_NAME, "yusuf")


def test_lookup_through_the_index(crypto_ctx: Flask) -> None:
    amina = CryptoPerson(display_name="Amina", family_name="Yūsuf", email="Amina@Example.org")
    other = CryptoPerson(display_name="Bilal", family_name="Haddad", email="b@example.org")
    db.session.add_all([amina, other])
    db.session.commit()
    found = db.session.scalars(
        select(CryptoPerson).where(CryptoPerson.email.matches("amina@example.ORG "))
    ).all()
    assert [person.id for person in found] == [amina.id]
    candidates = db.session.scalars(
        select(CryptoPerson).where(CryptoPerson.family_name.matches("YUSUF"))
    ).all()
    # Name indexes are truncated: filter candidates after decrypting them.
    assert [p.id for p in candidates if normalise(p.family_name) == "yusuf"] == [amina.id]


def test_e_mail_index_is_unique(crypto_ctx: Flask) -> None:
    db.session.add(CryptoPerson(display_name="A", email="same@example.org"))
    db.session.add(CryptoPerson(display_name="B", email="SAME@example.org"))
    with pytest.raises(IntegrityError):
        db.session.commit()
    db.session.rollback()


def test_indexes_survive_rotation(crypto_ctx: Flask) -> None:
    before = email_index("amina@example.org")
    db.session.add(CryptoPerson(display_name="Amina", email="amina@example.org"))
    db.session.commit()
    rotate_master_key()
    crypto_ctx.extensions["passerelle.crypto"].index_keys.clear()
    assert email_index("amina@example.org") == before
    assert db.session.scalars(
        select(CryptoPerson).where(CryptoPerson.email.matches("amina@example.org"))
    ).one()
