"""Cost of the encryption layer against raw AES-256-GCM on the same data.

Run: .venv/bin/python bench/crypto.py [--rounds 30]

Targets: the layer adds at most 2x over raw AES-GCM per field (layer total <= 2x raw); a
page of 50 case summaries (4 encrypted fields each, one data key per summary) decrypts
in under 5 ms. Uses a throw-away SQLite database in a temporary directory.

Both sides do the same job. Raw encrypt: a fresh nonce from ``os.urandom``, the str
encoded, AES-GCM with the exact associated data the layer binds (label, table, record
id, column, header). Raw decrypt: the layer's own stored ciphertext, nonce and body split
beforehand, the same associated data, decoded to str. Both use the same ready AES-GCM
objects (the layer caches one per data key). The layer is measured through the model
attribute, as the application uses it (descriptor, key memo, SQLAlchemy instrumentation
on write), and its primitives alone. Per-field rows run on records whose key the layer
has already looked up once; page rows start from records as a query returns them.

Figures are in bench/README.md.
"""

from __future__ import annotations

import argparse
import secrets
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import date
from os import urandom
from pathlib import Path

from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from sqlalchemy import select

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from app import create_app  # noqa: E402
from app.crypto import EncryptedRecord, encrypted_column  # noqa: E402
from app.crypto.fields import ciphertext_of, forget_decrypted_values  # noqa: E402
from app.crypto.keystore import (  # noqa: E402
    crypto_state,
    data_key_cipher,
    forget_data_keys,
    keystore_engine,
)
from app.crypto.models import DataKey  # noqa: E402
from app.crypto.primitives import (  # noqa: E402
    HEADER_BYTES,
    NONCE_BYTES,
    column_context,
    decrypt_value,
    encrypt_value,
    record_context,
    unwrap_key,
    wrap_key,
)
from app.db import UUIDPrimaryKey  # noqa: E402
from app.extensions import db  # noqa: E402
from config.settings import load_settings  # noqa: E402

PAGE = 50
SHORT = "Amina Yusuf"
LONG = (
    "Arrived in 2023; follows French classes (A2) and a pre-apprenticeship "
    "in catering; needs an interpreter for Tigrinya at appointments."
)
FAMILY_NAME = "Yusuf"
BIRTH_DATE = date(2006, 3, 14)
SAMPLE = {
    "display_name": SHORT,
    "family_name": FAMILY_NAME,
    "birth_date": BIRTH_DATE,
    "situation": LONG,
}
FIELDS = tuple(SAMPLE)


class CaseSummary(EncryptedRecord, UUIDPrimaryKey, db.Model):
    __tablename__ = "bench_crypto_case_summaries"

    display_name = encrypted_column("text")
    family_name = encrypted_column("text")
    birth_date = encrypted_column("date")
    situation = encrypted_column("text")


Timing = tuple[float, float]  # fastest, median (ns per run)


def timed(run: Callable[[], object]) -> int:
    start = time.perf_counter_ns()
    run()
    return time.perf_counter_ns() - start


def compare(
    raw: Callable[[], object],
    layer: Callable[[], object],
    prepare: Callable[[], object],
    rounds: int,
) -> tuple[Timing, Timing]:
    """Fastest and median time of each, measured in alternation on the same machine."""
    raw_times, layer_times = [], []
    for _ in range(rounds):
        prepare()
        raw_times.append(timed(raw))
        prepare()
        layer_times.append(timed(layer))
    return (
        (min(raw_times), statistics.median(raw_times)),
        (min(layer_times), statistics.median(layer_times)),
    )


def associated_data(summary: CaseSummary, field: str) -> bytes:
    """The associated data the layer binds a value of ``field`` of ``summary`` to."""
    header = b"\x01" + summary.data_key_id.bytes
    return (
        record_context(CaseSummary.__tablename__, summary.id.bytes) + column_context(field) + header
    )


def figures(rounds: int) -> list[tuple[str, float, Timing, Timing]]:
    summaries = [CaseSummary(**SAMPLE) for _ in range(PAGE)]
    db.session.add_all(summaries)
    db.session.commit()
    db.session.remove()
    forget_data_keys()
    page = db.session.scalars(select(CaseSummary)).all()
    for summary in page:  # looks every key up once, as a page shown earlier would
        summary.display_name  # noqa: B018

    ciphers = [data_key_cipher(summary.data_key_id.bytes) for summary in page]

    def stored(field: str) -> list[tuple[AESGCM, bytes, bytes, bytes]]:
        """(cipher, nonce, body, associated data) of the layer's own stored values."""
        rows = []
        for cipher, summary in zip(ciphers, page, strict=True):
            value = ciphertext_of(summary, field)
            rows.append(
                (
                    cipher,
                    value[HEADER_BYTES : HEADER_BYTES + NONCE_BYTES],
                    value[HEADER_BYTES + NONCE_BYTES :],
                    associated_data(summary, field),
                )
            )
        return rows

    names, situations = stored("display_name"), stored("situation")
    page_rows = list(zip(*(stored(field) for field in FIELDS), strict=True))
    name_ads = [row[3] for row in names]
    situation_ads = [row[3] for row in situations]
    contexts = [
        (
            cipher,
            b"\x01" + summary.data_key_id.bytes,
            record_context(CaseSummary.__tablename__, summary.id.bytes),
            ciphertext_of(summary, "display_name"),
        )
        for cipher, summary in zip(ciphers, page, strict=True)
    ]
    name_column = column_context("display_name")

    def raw_encrypt(text: str, ads: list[bytes]) -> Callable[[], None]:
        def run() -> None:
            for cipher, ad in zip(ciphers, ads):  # noqa: B905 - same length, hot loop
                cipher.encrypt(urandom(12), text.encode(), ad)

        return run

    def raw_decrypt(rows: list[tuple[AESGCM, bytes, bytes, bytes]]) -> Callable[[], None]:
        def run() -> None:
            for cipher, nonce, body, ad in rows:
                cipher.decrypt(nonce, body, ad).decode()

        return run

    def layer_set_names() -> None:
        for summary in page:
            summary.display_name = SHORT

    def layer_set_situations() -> None:
        for summary in page:
            summary.situation = LONG

    def layer_names() -> None:
        for summary in page:
            summary.display_name  # noqa: B018

    def layer_situations() -> None:
        for summary in page:
            summary.situation  # noqa: B018

    def primitive_encrypt() -> None:
        for cipher, header, record, _ in contexts:
            encrypt_value(cipher, header, record, name_column, SHORT.encode())

    def primitive_decrypt() -> None:
        for cipher, _, record, value in contexts:
            decrypt_value(cipher, record, name_column, value).decode()

    def raw_page() -> None:
        for name, family, birth, situation in page_rows:
            name[0].decrypt(name[1], name[2], name[3]).decode()
            family[0].decrypt(family[1], family[2], family[3]).decode()
            date.fromisoformat(birth[0].decrypt(birth[1], birth[2], birth[3]).decode())
            situation[0].decrypt(situation[1], situation[2], situation[3]).decode()

    # The same data keys, wrapped under a KEK of the raw side's own, for the cold page.
    kek = AESGCM(secrets.token_bytes(32))
    keyring = crypto_state().keyring
    wrapped = []
    with keystore_engine().connect() as connection:
        for summary in page:
            row = connection.execute(
                select(DataKey.__table__).where(DataKey.__table__.c.id == summary.data_key_id)
            ).one()
            key = unwrap_key(
                keyring.cipher(row.kek_version), row.kek_version, row.id, row.wrapped_key
            )
            wrapped.append((row.id, wrap_key(kek, 1, row.id, key)))

    def raw_page_cold() -> None:
        for (key_id, blob), row in zip(wrapped, page_rows):  # noqa: B905 - same length, hot loop
            cipher = AESGCM(unwrap_key(kek, 1, key_id, blob))
            name, family, birth, situation = row
            cipher.decrypt(name[1], name[2], name[3]).decode()
            cipher.decrypt(family[1], family[2], family[3]).decode()
            date.fromisoformat(cipher.decrypt(birth[1], birth[2], birth[3]).decode())
            cipher.decrypt(situation[1], situation[2], situation[3]).decode()

    def layer_page() -> None:
        for summary in page:
            summary.display_name  # noqa: B018
            summary.family_name  # noqa: B018
            summary.birth_date  # noqa: B018
            summary.situation  # noqa: B018

    def fresh_writes() -> None:
        """Records as loaded, nothing changed yet: a form about to be saved."""
        db.session.rollback()
        db.session.scalars(select(CaseSummary)).all()

    def further_writes() -> None:
        """Records as loaded with one field already written: the next fields of a form."""
        fresh_writes()
        for summary in page:
            summary.birth_date = BIRTH_DATE

    form_rows = [
        (name[0], name[3], family[3], birth[3], situation[3])
        for name, family, birth, situation in page_rows
    ]

    def raw_form() -> None:
        for cipher, name, family, birth, situation in form_rows:
            cipher.encrypt(urandom(12), SHORT.encode(), name)
            cipher.encrypt(urandom(12), FAMILY_NAME.encode(), family)
            cipher.encrypt(urandom(12), BIRTH_DATE.isoformat().encode(), birth)
            cipher.encrypt(urandom(12), LONG.encode(), situation)

    def layer_form() -> None:
        for summary in page:
            summary.display_name = SHORT
            summary.family_name = FAMILY_NAME
            summary.birth_date = BIRTH_DATE
            summary.situation = LONG

    def forget_values() -> None:
        """Records whose key the layer has looked up (through their date of birth)."""
        for summary in page:
            forget_decrypted_values(summary)
            summary.birth_date  # noqa: B018

    def fresh_records() -> None:
        """Records as a query returns them (no value or key memo), keys in the cache."""
        for summary in page:
            forget_decrypted_values(summary)

    def cold_records() -> None:
        forget_data_keys()
        fresh_records()

    encrypt = compare(raw_encrypt(SHORT, name_ads), layer_set_names, further_writes, rounds)
    encrypt_long = compare(
        raw_encrypt(LONG, situation_ads), layer_set_situations, further_writes, rounds
    )
    form = compare(raw_form, layer_form, fresh_writes, rounds)
    db.session.rollback()
    page = db.session.scalars(select(CaseSummary)).all()
    layer_page()
    decrypt = compare(raw_decrypt(names), layer_names, forget_values, rounds)
    decrypt_long = compare(raw_decrypt(situations), layer_situations, forget_values, rounds)
    alone_encrypt = compare(raw_encrypt(SHORT, name_ads), primitive_encrypt, forget_values, rounds)
    alone_decrypt = compare(raw_decrypt(names), primitive_decrypt, forget_values, rounds)
    warm = compare(raw_page, layer_page, fresh_records, rounds)
    cold = compare(raw_page_cold, layer_page, cold_records, rounds)
    per_field, per_page = 1000 * PAGE, 1_000_000
    return [
        ("encrypt, 11 characters (µs)", per_field, *encrypt),
        ("encrypt, 150 characters (µs)", per_field, *encrypt_long),
        ("decrypt, 11 characters (µs)", per_field, *decrypt),
        ("decrypt, 150 characters (µs)", per_field, *decrypt_long),
        ("primitives alone: encrypt, 11 chars (µs)", per_field, *alone_encrypt),
        ("primitives alone: decrypt, 11 chars (µs)", per_field, *alone_decrypt),
        ("50 records x 4 fields written, as loaded (ms)", per_page, *form),
        ("page of 50 x 4 fields, keys cached (ms)", per_page, *warm),
        ("page, cold: keys fetched + unwrapped (ms)", per_page, *cold),
    ]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=30)
    rounds = parser.parse_args().rounds
    with tempfile.TemporaryDirectory() as directory:
        settings = load_settings(
            {
                "PASSERELLE_ENV": "testing",
                "PASSERELLE_INSTANCE_PATH": directory,
                "SECRET_KEY": secrets.token_urlsafe(48),
                "DATABASE_URL": f"sqlite:///{directory}/bench.sqlite3",
            }
        )
        app = create_app(settings)
        with app.app_context():
            db.create_all()
            rows = figures(rounds)
            db.session.remove()
            for engine in db.engines.values():
                engine.dispose()
    print(f"{'':44} {'fastest: raw':>12} {'layer':>8} {'ratio':>6}   {'median: raw':>11} ", end="")
    print(f"{'layer':>8} {'ratio':>6}")
    for label, unit, (raw_min, raw_median), (layer_min, layer_median) in rows:
        print(
            f"{label:44} {raw_min / unit:12.3f} {layer_min / unit:8.3f} "
            f"{layer_min / raw_min:5.2f}x   {raw_median / unit:11.3f} "
            f"{layer_median / unit:8.3f} {layer_median / raw_median:5.2f}x"
        )
    print(
        f"\n{rounds} alternating runs over 50 records. Per-field writes: records as loaded "
        "with\nanother field already written; per-field reads: records whose key the layer "
        "has\nlooked up once. Pages and the 50-record write: name, family name, date of "
        "birth,\n150 characters of situation, on records as a query returns them. Cold "
        "page: one\nkey-store query (SQLite) and 50 unwraps (raw: 50 unwraps)."
    )


if __name__ == "__main__":
    main()
