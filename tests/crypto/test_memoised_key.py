"""The per-record key memo (the fast read and write paths) keeps every binding.

Each test first reads or writes a field, so the record's key and the record part of the
associated data are memoised on the instance, then checks that a value moved, altered
or written under changed circumstances is still caught or encrypted correctly.
"""

from __future__ import annotations

import logging
import uuid

import pytest
from flask import Flask
from markupsafe import Markup
from sqlalchemy import update

from app.crypto import DECRYPTION_FAILED, decrypt_field, is_unreadable, new_data_key
from app.crypto.fields import ciphertext_of
from app.extensions import db
from tests.crypto.models import CryptoNote, CryptoPerson


def _memoised(record: CryptoPerson | CryptoNote) -> None:
    """Read one field, as a page does, so the record's key is memoised."""
    if isinstance(record, CryptoNote):
        assert not is_unreadable(record.body)
    else:
        assert not is_unreadable(record.display_name)


def test_a_value_copied_to_another_record_with_the_same_key_fails(crypto_ctx: Flask) -> None:
    person = CryptoPerson(display_name="Amina")
    first = CryptoNote(person=person, body="first")
    second = CryptoNote(person=person, body="second")
    db.session.add_all([person, first, second])
    db.session.flush()
    _memoised(second)
    second._body_ciphertext = ciphertext_of(first, "body")  # type: ignore[attr-defined]
    assert second.body is DECRYPTION_FAILED


def test_a_value_copied_to_another_column_of_the_record_fails(crypto_ctx: Flask) -> None:
    person = CryptoPerson(display_name="Amina", nickname="Mina")
    db.session.add(person)
    _memoised(person)
    person._nickname_ciphertext = ciphertext_of(person, "display_name")  # type: ignore[attr-defined]
    assert person.nickname is DECRYPTION_FAILED


@pytest.mark.parametrize("position", [0, 1, 16], ids=lambda p: f"byte{p}")
def test_an_altered_header_fails_on_the_fast_path(
    crypto_ctx: Flask, position: int, caplog: pytest.LogCaptureFixture
) -> None:
    person = CryptoPerson(display_name="Amina", nickname="Mina")
    db.session.add(person)
    _memoised(person)
    stored = bytearray(ciphertext_of(person, "nickname"))  # type: ignore[arg-type]
    stored[position] ^= 0x01
    person._nickname_ciphertext = bytes(stored)  # type: ignore[attr-defined]
    with caplog.at_level(logging.WARNING, logger="passerelle.crypto"):
        assert person.nickname is DECRYPTION_FAILED
    assert "Mina" not in caplog.text


def test_a_new_key_on_the_record_is_used_at_once(crypto_ctx: Flask) -> None:
    person = CryptoPerson(display_name="Amina")
    db.session.add(person)
    _memoised(person)
    person.data_key_id = new_data_key()
    person.nickname = "Mina"
    assert ciphertext_of(person, "nickname")[1:17] == person.data_key_id.bytes  # type: ignore[index]
    assert decrypt_field(person, "nickname") == "Mina"


def test_a_key_changed_in_the_database_is_used_after_a_reload(crypto_ctx: Flask) -> None:
    person = CryptoPerson(display_name="Amina")
    db.session.add(person)
    db.session.commit()
    person.nickname = "Mina"  # memoised for writing
    db.session.commit()
    other_key = new_data_key()
    table = CryptoPerson.__table__
    db.session.execute(update(table).where(table.c.id == person.id).values(data_key_id=other_key))
    db.session.commit()
    db.session.expire(person)  # the next access reloads the row
    person.nickname = "Mina again"
    assert ciphertext_of(person, "nickname")[1:17] == other_key.bytes  # type: ignore[index]
    assert decrypt_field(person, "nickname") == "Mina again"


def test_a_note_moved_to_another_subject_uses_the_new_key(crypto_ctx: Flask) -> None:
    amina, bilal = CryptoPerson(display_name="Amina"), CryptoPerson(display_name="Bilal")
    note = CryptoNote(person=amina, body="first")
    db.session.add_all([amina, bilal, note])
    _memoised(note)
    note.person = bilal
    note.body = "second"
    assert ciphertext_of(note, "body")[1:17] == bilal.data_key_id.bytes  # type: ignore[index]
    assert decrypt_field(note, "body") == "second"


def test_every_write_has_a_fresh_nonce_on_the_fast_path(crypto_ctx: Flask) -> None:
    person = CryptoPerson(display_name="Amina")
    _memoised(person)
    nonces = set()
    for _ in range(50):
        person.nickname = "Mina"
        nonces.add(ciphertext_of(person, "nickname")[17:29])  # type: ignore[index]
    assert len(nonces) == 50


def test_text_fields_take_str_subclasses_and_refuse_other_types(crypto_ctx: Flask) -> None:
    person = CryptoPerson(display_name=Markup("<b>Amina</b>"))
    db.session.add(person)
    db.session.commit()
    person_id = person.id
    db.session.remove()
    loaded = db.session.get(CryptoPerson, person_id)
    assert loaded is not None and loaded.display_name == "<b>Amina</b>"
    for wrong in (b"Amina", 42, uuid.uuid4()):
        with pytest.raises(TypeError):
            loaded.nickname = wrong  # type: ignore[assignment]


def test_an_unreadable_json_value_reads_as_a_placeholder(crypto_ctx: Flask) -> None:
    person = CryptoPerson(display_name="Amina", details={"a": 1})
    db.session.add(person)
    _memoised(person)
    person._details_ciphertext = ciphertext_of(person, "display_name")  # type: ignore[attr-defined]
    assert person.details is DECRYPTION_FAILED
