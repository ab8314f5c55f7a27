"""Data keys and master keys: independence, shredding, rotation, retirement, start-up."""

from __future__ import annotations

import base64
import json
import secrets
import stat
import uuid
from collections.abc import Callable

import pytest
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from flask import Flask
from sqlalchemy import event, select

from app.crypto import (
    DataKey,
    DataKeyNotFoundError,
    DataKeyShreddedError,
    ErasedValueError,
    MasterKeyError,
    MasterKeyInUseError,
    MasterKeyMismatchError,
    MasterKeyMissingError,
    check_master_keys,
    decrypt_field,
    is_shredded,
    is_unreadable,
    shred_data_key,
)
from app.crypto.keystore import forget_data_keys, key_cache, keystore_engine, preload_data_keys
from app.crypto.rotation import key_status, retire_master_key, rotate_master_key
from app.extensions import db
from tests.crypto.conftest import SettingsFactory
from tests.crypto.models import CryptoNote, CryptoPerson


class RotationInterruptedError(Exception):
    pass


def _people(count: int) -> list[CryptoPerson]:
    people = [CryptoPerson(display_name=f"Person {n}", nickname=f"P{n}") for n in range(count)]
    db.session.add_all(people)
    db.session.commit()
    return people


def _all_decrypt(people: list[CryptoPerson]) -> bool:
    """Read every person again, in a fresh session and key cache."""
    ids = {person.id: decrypt_field(person, "display_name") for person in people}
    db.session.remove()
    db.session.info.clear()
    forget_data_keys()
    loaded = db.session.scalars(select(CryptoPerson).where(CryptoPerson.id.in_(ids))).all()
    return len(loaded) == len(ids) and all(
        decrypt_field(person, "display_name") == ids[person.id] for person in loaded
    )


def test_a_data_key_is_committed_apart_from_the_case_data(crypto_ctx: Flask) -> None:
    person = CryptoPerson(display_name="Amina")
    db.session.add(person)
    db.session.rollback()
    stored = db.session.get(DataKey, person.data_key_id)
    assert stored is not None and stored.kek_version == 1
    assert stored.wrapped_key is not None and len(stored.wrapped_key) == 60


def test_shredding_erases_one_subject_only(crypto_ctx: Flask) -> None:
    amina = CryptoPerson(display_name="Amina", email="amina@example.org")
    bilal = CryptoPerson(display_name="Bilal")
    note = CryptoNote(person=amina, body="Psychologist's notes")
    db.session.add_all([amina, bilal, note])
    db.session.commit()
    assert shred_data_key(amina.data_key_id) is True
    assert shred_data_key(amina.data_key_id) is False
    ids = (amina.id, bilal.id, note.id)
    db.session.remove()
    with crypto_ctx.app_context():  # a later request, with its own key cache
        amina, bilal = db.session.get(CryptoPerson, ids[0]), db.session.get(CryptoPerson, ids[1])
        note = db.session.get(CryptoNote, ids[2])
        assert amina is not None and bilal is not None and note is not None
        assert bilal.display_name == "Bilal"
        with pytest.raises(ErasedValueError):
            decrypt_field(amina, "display_name")
        with pytest.raises(ErasedValueError):
            decrypt_field(note, "body")
        assert is_unreadable(amina.display_name) and is_unreadable(note.body)
        assert is_shredded(amina.data_key_id)
        with crypto_ctx.test_request_context():
            assert str(amina.email) == "This information has been erased."
        stored = db.session.get(DataKey, amina.data_key_id)
        assert stored is not None
        assert stored.wrapped_key is None and stored.shredded_at is not None


def test_shredding_erases_at_once_what_was_already_read(crypto_ctx: Flask) -> None:
    amina = CryptoPerson(display_name="Amina")
    bilal = CryptoPerson(display_name="Bilal")
    note = CryptoNote(person=amina, body="Psychologist's notes")
    db.session.add_all([amina, bilal, note])
    db.session.commit()
    assert (amina.display_name, note.body, bilal.display_name) == (
        "Amina",
        "Psychologist's notes",
        "Bilal",
    )
    shred_data_key(amina.data_key_id)
    # Same request: what was read before the shredding is not shown again.
    assert is_unreadable(amina.display_name) and is_unreadable(note.body)
    assert bilal.display_name == "Bilal"


def test_shredding_an_unknown_key_is_an_error(crypto_ctx: Flask) -> None:
    with pytest.raises(DataKeyNotFoundError):
        shred_data_key(uuid.uuid4())


def test_key_file_is_private_and_versioned(crypto_app: Flask) -> None:
    path = crypto_app.config["PASSERELLE_SETTINGS"].master_key_file
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    document = json.loads(path.read_text())
    assert document["active"] == 1
    assert len(base64.b64decode(document["keys"]["1"])) == 32


def test_rotation_round_trip_through_the_cli(crypto_ctx: Flask) -> None:
    people = _people(5)
    runner = crypto_ctx.test_cli_runner()
    result = runner.invoke(args=["keys", "rotate", "--batch-size", "2"])
    assert result.exit_code == 0, result.output
    assert "Added master key version 2" in result.output
    assert "Re-wrapped 5 data key(s)" in result.output
    status = runner.invoke(args=["keys", "status"])
    assert "version 2: 5 data key(s)" in status.output
    assert "version 1:" not in status.output
    assert _all_decrypt(people)
    verify = runner.invoke(args=["keys", "verify"])
    assert verify.exit_code == 0, verify.output
    assert "Encrypted values read: 10" in verify.output
    retire = runner.invoke(args=["keys", "retire", "--version", "1"])
    assert retire.exit_code == 0, retire.output
    path = crypto_ctx.config["PASSERELLE_SETTINGS"].master_key_file
    assert set(json.loads(path.read_text())["keys"]) == {"2"}
    assert _all_decrypt(people)
    assert key_status().checked_versions == [2]


def test_a_restarted_application_reads_rotated_keys(
    crypto_app: Flask, crypto_apps: Callable[..., Flask], crypto_settings_for: SettingsFactory
) -> None:
    with crypto_app.app_context():
        people = _people(3)
        rotate_master_key()
        retire_master_key(1)
    with crypto_apps(crypto_settings_for()).app_context():
        assert _all_decrypt(people)


def test_an_interrupted_rotation_resumes(crypto_ctx: Flask) -> None:
    people = _people(7)

    def stop_after_first_batch(done: int) -> None:
        raise RotationInterruptedError

    with pytest.raises(RotationInterruptedError):
        rotate_master_key(batch_size=3, on_batch=stop_after_first_batch)
    status = key_status()
    assert status.active_version == 2
    assert status.keys_per_version == {1: 4, 2: 3}
    assert _all_decrypt(people)
    with pytest.raises(MasterKeyInUseError):
        retire_master_key(1)

    result = rotate_master_key(batch_size=3)
    assert not result.new_version and result.target_version == 2
    assert result.rewrapped == 4
    assert key_status().keys_per_version == {2: 7}
    assert _all_decrypt(people)


def test_the_active_version_cannot_be_retired(crypto_ctx: Flask) -> None:
    _people(1)
    with pytest.raises(MasterKeyInUseError):
        retire_master_key(1)


def test_shredded_keys_do_not_block_retirement(crypto_ctx: Flask) -> None:
    gone, kept = _people(2)
    shred_data_key(gone.data_key_id)
    rotate_master_key()
    retire_master_key(1)
    status = key_status()
    assert status.keys_per_version == {2: 1} and status.shredded == 1
    assert _all_decrypt([kept])


def test_verify_reports_failures_without_contents(crypto_ctx: Flask) -> None:
    person, other = _people(2)
    table = CryptoPerson.__table__
    stolen = db.session.execute(select(table.c.nickname).where(table.c.id == other.id)).scalar_one()
    db.session.execute(table.update().where(table.c.id == person.id).values(nickname=stolen))
    db.session.commit()
    result = crypto_ctx.test_cli_runner().invoke(args=["keys", "verify"])
    assert result.exit_code == 1
    assert f"test_crypto_people.nickname {person.id}: authentication" in result.output
    assert "Person" not in result.output and "P1" not in result.output


def test_a_wrong_master_key_is_refused_at_start_up(
    crypto_app: Flask, crypto_apps: Callable[..., Flask], crypto_settings_for: SettingsFactory
) -> None:
    with crypto_app.app_context():
        _people(1)
    wrong = base64.b64encode(secrets.token_bytes(32)).decode()
    with pytest.raises(MasterKeyMismatchError) as error:
        crypto_apps(crypto_settings_for(PASSERELLE_MASTER_KEY=wrong))
    message = str(error.value)
    assert "Master key version 1" in message and "does not match" in message
    assert "\n" not in message and wrong not in message


def test_a_missing_master_key_version_is_refused_at_start_up(
    crypto_app: Flask, crypto_apps: Callable[..., Flask], crypto_settings_for: SettingsFactory
) -> None:
    settings = crypto_app.config["PASSERELLE_SETTINGS"]
    first_version = json.loads(settings.master_key_file.read_text())["keys"]["1"]
    with crypto_app.app_context():
        _people(1)
        rotate_master_key()
    with pytest.raises(MasterKeyMissingError, match="version 2"):
        crypto_apps(crypto_settings_for(PASSERELLE_MASTER_KEY=first_version))


def test_the_first_start_records_check_values(
    crypto_apps: Callable[..., Flask], crypto_settings_for: SettingsFactory
) -> None:
    key = base64.b64encode(secrets.token_bytes(32)).decode()
    app = crypto_apps(crypto_settings_for(PASSERELLE_MASTER_KEY=key))
    with app.app_context():
        db.create_all()
        assert check_master_keys() is True  # tables exist now, the store is empty
        assert key_status().checked_versions == [1]
    crypto_apps(crypto_settings_for(PASSERELLE_MASTER_KEY=key))  # same key: accepted
    other = base64.b64encode(secrets.token_bytes(32)).decode()
    with pytest.raises(MasterKeyMismatchError):
        crypto_apps(crypto_settings_for(PASSERELLE_MASTER_KEY=other))


def test_a_malformed_master_key_is_refused(
    crypto_apps: Callable[..., Flask], crypto_settings_for: SettingsFactory
) -> None:
    with pytest.raises(MasterKeyError, match="base64|32 bytes"):
        crypto_apps(crypto_settings_for(PASSERELLE_MASTER_KEY="c2hvcnQ="))


def test_rotation_with_an_environment_key_explains_what_to_do(
    crypto_apps: Callable[..., Flask], crypto_settings_for: SettingsFactory
) -> None:
    old, new = (base64.b64encode(secrets.token_bytes(32)).decode() for _ in range(2))
    app = crypto_apps(crypto_settings_for(PASSERELLE_MASTER_KEY=old))
    with app.app_context():
        db.create_all()
        people = _people(2)
        result = app.test_cli_runner().invoke(args=["keys", "rotate"])
        assert result.exit_code == 0, result.output
        assert "PASSERELLE_MASTER_KEY" in result.output
        assert key_status().keys_per_version == {1: 2}
    keyring = json.dumps({"active": 2, "keys": {"1": old, "2": new}})
    app = crypto_apps(crypto_settings_for(PASSERELLE_MASTER_KEY=keyring))
    with app.app_context():
        result = app.test_cli_runner().invoke(args=["keys", "rotate"])
        assert "Re-wrapped 2 data key(s)" in result.output
        assert key_status().keys_per_version == {2: 2}
        assert _all_decrypt(people)


def test_a_sqlite_key_store_overwrites_deleted_keys(crypto_ctx: Flask) -> None:
    engine = db.engines["keystore"]
    if engine.dialect.name != "sqlite":
        pytest.skip("secure_delete is a SQLite setting")
    with engine.connect() as connection:
        assert connection.exec_driver_sql("PRAGMA secure_delete").scalar() == 1


def test_status_lists_versions_and_shredded_keys(crypto_ctx: Flask) -> None:
    gone, _ = _people(2)
    shred_data_key(gone.data_key_id)
    output = crypto_ctx.test_cli_runner().invoke(args=["keys", "status"]).output
    assert "Active version: 1" in output
    assert "version 1: 1 data key(s)" in output
    assert "Shredded data keys: 1" in output


def test_many_keys_are_read_in_one_query(crypto_ctx: Flask) -> None:
    people = _people(3)
    gone = people[2]
    shred_data_key(gone.data_key_id)
    unknown = uuid.uuid4()
    forget_data_keys()
    selects: list[str] = []

    def record(connection: object, cursor: object, statement: str, *args: object) -> None:
        if statement.lstrip().upper().startswith("SELECT"):
            selects.append(statement)

    engine = keystore_engine()
    event.listen(engine, "before_cursor_execute", record)
    try:
        preload_data_keys([person.data_key_id for person in people] + [unknown])
    finally:
        event.remove(engine, "before_cursor_execute", record)
    assert len(selects) == 1 and "data_keys" in selects[0]
    cache = key_cache()
    assert isinstance(cache[people[0].data_key_id.bytes], AESGCM)
    assert isinstance(cache[people[1].data_key_id.bytes], AESGCM)
    assert isinstance(cache[gone.data_key_id.bytes], DataKeyShreddedError)
    assert isinstance(cache[unknown.bytes], DataKeyNotFoundError)
