"""The batched key commands, through the CLI, with batches smaller than the data."""

from __future__ import annotations

import re

from click.testing import Result
from flask import Flask
from sqlalchemy import select

from app.crypto import DataKey, shred_data_key
from app.crypto.rotation import key_status
from app.extensions import db
from tests.crypto.models import CryptoNote, CryptoPerson
from tests.helpers import statements_on_main_database


def _people_with_notes(count: int) -> list[CryptoPerson]:
    """``count`` people with two values each, and a one-value note about each of them."""
    people = [CryptoPerson(display_name=f"Person {n}", nickname=f"P{n}") for n in range(count)]
    notes = [CryptoNote(person=person, body=f"Note {n}") for n, person in enumerate(people)]
    db.session.add_all([*people, *notes])
    db.session.commit()
    return people


def _verify(app: Flask, *options: str) -> Result:
    return app.test_cli_runner().invoke(args=["keys", "verify", *options])


def _values_read(result: Result) -> tuple[int, int]:
    """(values read, of which erased) from the verify command's output."""
    found = re.search(r"Encrypted values read: (\d+) \((\d+) erased", result.output)
    assert found, result.output
    return int(found[1]), int(found[2])


def test_verify_reads_every_value_once_over_many_batches(crypto_ctx: Flask) -> None:
    _people_with_notes(7)
    for batch_size in ("2", "3", "500"):
        result = _verify(crypto_ctx, "--batch-size", batch_size)
        assert result.exit_code == 0, result.output
        assert _values_read(result) == (7 * 2 + 7, 0), batch_size
        assert "Data keys unwrapped: 7" in result.output
        assert "Everything decrypts." in result.output


def test_verify_reports_a_failure_in_the_last_batch_once(crypto_ctx: Flask) -> None:
    people = _people_with_notes(7)
    last, other = max(people, key=lambda person: person.id), people[0]
    if last is other:
        other = people[1]
    table = CryptoPerson.__table__
    stolen = db.session.execute(select(table.c.nickname).where(table.c.id == other.id)).scalar_one()
    db.session.execute(table.update().where(table.c.id == last.id).values(nickname=stolen))
    db.session.commit()
    result = _verify(crypto_ctx, "--batch-size", "2")
    assert result.exit_code == 1
    assert result.output.count(f"test_crypto_people.nickname {last.id}") == 1
    assert result.output.count("FAILED test_crypto") == 1
    assert _values_read(result) == (21, 0)


def test_verify_counts_shredded_subjects_as_erased_across_batches(crypto_ctx: Flask) -> None:
    people = _people_with_notes(5)
    for person in people[:3]:
        shred_data_key(person.data_key_id)
    result = _verify(crypto_ctx, "--batch-size", "2")
    assert result.exit_code == 0, result.output
    assert _values_read(result) == (15, 9)
    assert "Data keys unwrapped: 2" in result.output


def test_verify_needs_no_query_per_record(crypto_ctx: Flask) -> None:
    """A page's notes load their people, and their keys, with one query for all of them."""
    _people_with_notes(3)
    with statements_on_main_database(crypto_ctx) as few:
        assert _verify(crypto_ctx, "--batch-size", "100").exit_code == 0
    _people_with_notes(30)
    with statements_on_main_database(crypto_ctx) as many:
        result = _verify(crypto_ctx, "--batch-size", "100")
    assert result.exit_code == 0, result.output
    assert _values_read(result) == (33 * 3, 0)
    assert len(many) == len(few)


def test_rotate_rewraps_every_key_once_over_many_batches(crypto_ctx: Flask) -> None:
    _people_with_notes(7)
    before = {key.id: key.wrapped_key for key in db.session.scalars(select(DataKey))}
    db.session.remove()
    result = crypto_ctx.test_cli_runner().invoke(args=["keys", "rotate", "--batch-size", "2"])
    assert result.exit_code == 0, result.output
    progress = re.findall(r"(\d+) data key\(s\) re-wrapped", result.output)
    assert progress == ["2", "4", "6", "7"]
    assert "Re-wrapped 7 data key(s)." in result.output
    after = {key.id: key for key in db.session.scalars(select(DataKey))}
    assert after.keys() == before.keys()
    assert all(key.kek_version == 2 and key.rewrapped_at is not None for key in after.values())
    assert all(after[key_id].wrapped_key != wrapped for key_id, wrapped in before.items())
    assert key_status().keys_per_version == {2: 7}
    verify = _verify(crypto_ctx, "--batch-size", "2")
    assert verify.exit_code == 0, verify.output
    assert _values_read(verify) == (21, 0)
