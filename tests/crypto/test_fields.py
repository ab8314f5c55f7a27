"""Encrypted columns: round trips, binding to row and column, tampering, display."""

from __future__ import annotations

import logging
import uuid
from datetime import date

import pytest
from flask import Flask, render_template_string
from sqlalchemy import LargeBinary, literal, select
from sqlalchemy.exc import StatementError

from app.crypto import (
    DECRYPTION_FAILED,
    DecryptionError,
    MissingDataKeyError,
    decrypt_field,
    is_unreadable,
)
from app.crypto.fields import ciphertext_of
from app.extensions import db
from tests.crypto.models import CryptoNote, CryptoPerson

TEXTS = {
    "empty": "",
    "arabic": "أمينة يوسف، طالبة لجوء",
    "tigrinya": "ኣሚና ዩሱፍ ኣብ ኤርትራ ተወሊዳ",
    "cyrillic": "Амина Юсуф, Київ",
    "megabyte": "Notes. " * 150_000,
}


def _reload(person: CryptoPerson) -> CryptoPerson:
    """Commit, then read the row back in a fresh session and a fresh key cache."""
    db.session.commit()
    person_id = person.id
    db.session.remove()
    loaded = db.session.get(CryptoPerson, person_id)
    assert loaded is not None
    return loaded


def _tamper(person: CryptoPerson, name: str, value: bytes) -> CryptoPerson:
    """Store raw bytes in an encrypted column, bypassing the layer, and reload."""
    db.session.commit()
    table = CryptoPerson.__table__
    raw = literal(value, LargeBinary())  # bypasses the format check of the column type
    db.session.execute(table.update().where(table.c.id == person.id).values({name: raw}))
    return _reload(person)


@pytest.mark.parametrize("text", TEXTS.values(), ids=TEXTS.keys())
def test_text_round_trip(crypto_ctx: Flask, text: str) -> None:
    person = CryptoPerson(display_name=text)
    db.session.add(person)
    assert person.display_name == text
    assert _reload(person).display_name == text


def test_date_and_json_round_trip(crypto_ctx: Flask) -> None:
    details = {"languages": ["ti", "ar"], "needs": {"interpreter": True}, "note": "ዩሱፍ"}
    person = CryptoPerson(display_name="A", birth_date=date(2008, 2, 29), details=details)
    db.session.add(person)
    loaded = _reload(person)
    assert loaded.birth_date == date(2008, 2, 29)
    assert loaded.details == details
    assert loaded.nickname is None


def test_json_result_is_a_copy(crypto_ctx: Flask) -> None:
    person = CryptoPerson(display_name="A", details={"a": [1]})
    person.details["a"].append(2)  # type: ignore[index]
    assert person.details == {"a": [1]}


def test_values_are_stored_encrypted_with_a_fresh_nonce(crypto_ctx: Flask) -> None:
    person = CryptoPerson(display_name="Amina Yusuf")
    first = ciphertext_of(person, "display_name")
    person.display_name = "Amina Yusuf"
    second = ciphertext_of(person, "display_name")
    assert first is not None and second is not None
    assert first != second
    assert b"Amina" not in first
    assert first[0] == 1 and first[1:17] == person.data_key_id.bytes


def test_wrong_types_and_missing_values_are_refused(crypto_ctx: Flask) -> None:
    person = CryptoPerson(display_name="A")
    with pytest.raises(TypeError):
        person.display_name = None  # type: ignore[assignment]
    with pytest.raises(TypeError):
        person.display_name = 42  # type: ignore[assignment]
    with pytest.raises(TypeError):
        person.birth_date = "2001-01-01"  # type: ignore[assignment]
    with pytest.raises(TypeError):
        person.details = {1, 2}
    with pytest.raises(TypeError):
        person.display_name = DECRYPTION_FAILED  # type: ignore[assignment]


def test_the_record_id_exists_before_the_insert(crypto_ctx: Flask) -> None:
    person = CryptoPerson(display_name="A")
    assert isinstance(person.id, uuid.UUID)
    assert isinstance(person.data_key_id, uuid.UUID)
    db.session.add(person)
    assert _reload(person).display_name == "A"


def test_only_the_fields_read_are_decrypted(crypto_ctx: Flask) -> None:
    db.session.add(CryptoPerson(display_name="A", nickname="B", details={"x": 1}))
    db.session.commit()
    db.session.remove()
    person = db.session.scalars(select(CryptoPerson)).one()
    assert person.display_name == "A"
    assert "_display_name_plaintext" in person.__dict__
    assert "_nickname_plaintext" not in person.__dict__
    assert "_details_plaintext" not in person.__dict__


def test_ciphertext_swapped_between_rows_fails(crypto_ctx: Flask) -> None:
    amina = CryptoPerson(display_name="Amina")
    bilal = CryptoPerson(display_name="Bilal")
    db.session.add_all([amina, bilal])
    loaded = _tamper(bilal, "display_name", ciphertext_of(amina, "display_name"))  # type: ignore[arg-type]
    with pytest.raises(DecryptionError) as error:
        decrypt_field(loaded, "display_name")
    assert error.value.reason == "authentication"


def test_ciphertext_swapped_between_rows_with_one_key_fails(crypto_ctx: Flask) -> None:
    person = CryptoPerson(display_name="Amina")
    first = CryptoNote(person=person, body="first")
    second = CryptoNote(person=person, body="second")
    db.session.add_all([person, first, second])
    db.session.commit()
    table = CryptoNote.__table__
    db.session.execute(
        table.update().where(table.c.id == second.id).values(body=ciphertext_of(first, "body"))
    )
    db.session.commit()
    second_id = second.id
    db.session.remove()
    with pytest.raises(DecryptionError):
        decrypt_field(db.session.get(CryptoNote, second_id), "body")  # type: ignore[arg-type]


def test_ciphertext_swapped_between_columns_fails(crypto_ctx: Flask) -> None:
    person = CryptoPerson(display_name="Amina", nickname="Mina")
    db.session.add(person)
    loaded = _tamper(person, "nickname", ciphertext_of(person, "display_name"))  # type: ignore[arg-type]
    assert loaded.display_name == "Amina"
    with pytest.raises(DecryptionError):
        decrypt_field(loaded, "nickname")


@pytest.mark.parametrize("position", [0, 1, 17, 29, 40, -1], ids=lambda p: f"byte{p}")
def test_flipping_one_byte_fails(crypto_ctx: Flask, position: int) -> None:
    person = CryptoPerson(display_name="Amina Yusuf")
    db.session.add(person)
    stored = bytearray(ciphertext_of(person, "display_name"))  # type: ignore[arg-type]
    stored[position] ^= 0x01
    loaded = _tamper(person, "display_name", bytes(stored))
    with pytest.raises(DecryptionError):
        decrypt_field(loaded, "display_name")


@pytest.mark.parametrize("length", [0, 1, 20, 44, -1])
def test_truncated_value_fails(crypto_ctx: Flask, length: int) -> None:
    person = CryptoPerson(display_name="Amina Yusuf")
    db.session.add(person)
    stored = ciphertext_of(person, "display_name")
    assert stored is not None
    loaded = _tamper(person, "display_name", stored[:length])
    with pytest.raises(DecryptionError) as error:
        decrypt_field(loaded, "display_name")
    assert error.value.table == "test_crypto_people"
    assert error.value.column == "display_name"
    assert error.value.record_id == person.id


def test_the_column_type_refuses_malformed_bytes(crypto_ctx: Flask) -> None:
    person = CryptoPerson(display_name="A")
    db.session.add(person)
    person._display_name_ciphertext = b"plain text, not encrypted at all, no no no no"
    with pytest.raises(StatementError):
        db.session.flush()
    db.session.rollback()


def test_a_failed_read_renders_a_sentence_and_logs_no_data(
    crypto_ctx: Flask, caplog: pytest.LogCaptureFixture
) -> None:
    person = CryptoPerson(display_name="Amina Yusuf")
    db.session.add(person)
    stored = bytearray(ciphertext_of(person, "display_name"))  # type: ignore[arg-type]
    stored[-1] ^= 0xFF
    loaded = _tamper(person, "display_name", bytes(stored))
    with caplog.at_level(logging.WARNING, logger="passerelle.crypto"):
        value = loaded.display_name
        assert loaded.display_name is value  # cached: logged once
    assert is_unreadable(value)
    with crypto_ctx.test_request_context():
        assert str(value) == "This record could not be decrypted."
        html = render_template_string("<p>{{ name }}</p>", name=value)
    assert "This record could not be decrypted." in html
    [record] = caplog.records
    assert record.levelno == logging.WARNING
    assert "test_crypto_people" in record.getMessage()
    assert "display_name" in record.getMessage()
    assert str(person.id) in record.getMessage()
    assert "Amina" not in caplog.text


def test_a_record_can_use_its_subjects_key(crypto_ctx: Flask) -> None:
    person = CryptoPerson(display_name="Amina")
    note = CryptoNote(person=person, body="Met the employer.")
    db.session.add_all([person, note])
    body = ciphertext_of(note, "body")
    assert body is not None and body[1:17] == person.data_key_id.bytes
    db.session.commit()
    note_id = note.id
    db.session.remove()
    assert db.session.get(CryptoNote, note_id).body == "Met the employer."  # type: ignore[union-attr]


def test_a_record_without_its_subject_cannot_encrypt(crypto_ctx: Flask) -> None:
    with pytest.raises(MissingDataKeyError):
        CryptoNote(body="orphan")
