"""Cost of the encryption layer against raw AES-256-GCM on the same data.

Run: .venv/bin/python bench/crypto.py

Targets: the layer adds at most 2x over raw AES-GCM per field; a page of 50 case
summaries (4 encrypted fields each, one data key per summary) decrypts in under 5 ms.
Uses a throw-away SQLite database in a temporary directory.
"""

from __future__ import annotations

import os
import secrets
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import date
from pathlib import Path

from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from sqlalchemy import select

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from app import create_app  # noqa: E402
from app.crypto import EncryptedRecord, encrypted_column  # noqa: E402
from app.crypto.keystore import forget_data_keys  # noqa: E402
from app.crypto.primitives import unwrap_key, wrap_key  # noqa: E402
from app.db import UUIDPrimaryKey  # noqa: E402
from app.extensions import db  # noqa: E402
from config.settings import load_settings  # noqa: E402

PAGE = 50
ROUNDS = 30
SAMPLE = {
    "display_name": "Amina Yusuf",
    "family_name": "Yusuf",
    "birth_date": date(2006, 3, 14),
    "situation": "Arrived in 2023; follows French classes (A2) and a pre-apprenticeship "
    "in catering; needs an interpreter for Tigrinya at appointments.",
}


class CaseSummary(EncryptedRecord, UUIDPrimaryKey, db.Model):
    __tablename__ = "bench_crypto_case_summaries"

    display_name = encrypted_column("text")
    family_name = encrypted_column("text")
    birth_date = encrypted_column("date")
    situation = encrypted_column("text")


def repeat_each(items: list[AESGCM], times: int) -> list[AESGCM]:
    return [item for item in items for _ in range(times)]


def timed(run: Callable[[], object]) -> int:
    start = time.perf_counter_ns()
    run()
    return time.perf_counter_ns() - start


def compare(
    raw: Callable[[], object], layer: Callable[[], object], prepare: Callable[[], object]
) -> tuple[float, float]:
    """Fastest time (µs) of each, measured in alternation so both see the same machine."""
    raw_times, layer_times = [], []
    for _ in range(ROUNDS):
        prepare()
        raw_times.append(timed(raw))
        prepare()
        layer_times.append(timed(layer))
    return min(raw_times) / 1000, min(layer_times) / 1000


def figures() -> list[tuple[str, float, float]]:
    summaries = [CaseSummary(**SAMPLE) for _ in range(PAGE)]
    db.session.add_all(summaries)
    db.session.commit()
    db.session.remove()
    forget_data_keys()
    page = db.session.scalars(select(CaseSummary)).all()
    fields = list(SAMPLE)

    # The same values, encrypted with plain AES-GCM: ready nonces, ciphertexts and
    # associated data, one data key per summary, as the physical limit.
    kek = AESGCM(secrets.token_bytes(32))
    data_keys = [secrets.token_bytes(32) for _ in range(PAGE)]
    wrapped = [wrap_key(kek, 1, "k", key) for key in data_keys]
    ciphers = [AESGCM(key) for key in data_keys]
    aad = (
        b"passerelle:field:v1\x00case_summaries\x00" + os.urandom(16) + b"name\x00" + os.urandom(17)
    )
    plaintexts = [
        v.isoformat().encode() if isinstance(v, date) else v.encode() for v in SAMPLE.values()
    ]
    stored = []
    for cipher in ciphers:
        for plaintext in plaintexts:
            nonce = os.urandom(12)
            stored.append((cipher, nonce, cipher.encrypt(nonce, plaintext, aad)))
    names = stored[:: len(fields)]
    situations = stored[len(fields) - 1 :: len(fields)]
    name = plaintexts[0]

    def raw_encrypt() -> None:
        for cipher in ciphers:
            cipher.encrypt(os.urandom(12), name, aad)

    def layer_encrypt() -> None:
        for summary in page:
            summary.display_name = "Amina Yusuf"

    def raw_names() -> None:
        for cipher, nonce, ciphertext in names:
            cipher.decrypt(nonce, ciphertext, aad)

    def layer_names() -> None:
        for summary in page:
            _ = summary.display_name

    def raw_situations() -> None:
        for cipher, nonce, ciphertext in situations:
            cipher.decrypt(nonce, ciphertext, aad)

    def layer_situations() -> None:
        for summary in page:
            _ = summary.situation

    def raw_page() -> None:
        for cipher, nonce, ciphertext in stored:
            cipher.decrypt(nonce, ciphertext, aad)

    def raw_page_cold() -> None:
        unwrapped = [AESGCM(unwrap_key(kek, 1, "k", blob)) for blob in wrapped]
        for cipher, (_, nonce, ciphertext) in zip(
            repeat_each(unwrapped, len(fields)), stored, strict=True
        ):
            cipher.decrypt(nonce, ciphertext, aad)

    def layer_page() -> None:
        for summary in page:
            for field in fields:
                getattr(summary, field)

    def forget_values() -> None:
        for summary in page:
            for field in fields:
                summary.__dict__.pop(f"_{field}_plaintext", None)

    def forget_everything() -> None:
        forget_data_keys()
        for summary in page:
            summary.forget_plaintext()

    # Records already shown once keep their key memo: the steady state of a page.
    layer_page()
    encrypt = compare(raw_encrypt, layer_encrypt, forget_values)
    decrypt = compare(raw_names, layer_names, forget_values)
    decrypt_long = compare(raw_situations, layer_situations, forget_values)
    warm = compare(raw_page, layer_page, forget_values)
    cold = compare(raw_page_cold, layer_page, forget_everything)
    return [
        ("encrypt one field (µs)", encrypt[0] / PAGE, encrypt[1] / PAGE),
        ("decrypt one field (µs)", decrypt[0] / PAGE, decrypt[1] / PAGE),
        ("decrypt one 150-character field (µs)", decrypt_long[0] / PAGE, decrypt_long[1] / PAGE),
        ("page of 50 x 4 fields, keys cached (ms)", warm[0] / 1000, warm[1] / 1000),
        ("page, cold: keys fetched + unwrapped (ms)", cold[0] / 1000, cold[1] / 1000),
    ]


def main() -> None:
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
            rows = figures()
            db.session.remove()
            for engine in db.engines.values():
                engine.dispose()
    print(f"{'':44} {'raw AES-GCM':>12} {'layer':>10} {'ratio':>7}")
    for label, raw_value, layer_value in rows:
        print(f"{label:44} {raw_value:12.3f} {layer_value:10.3f} {layer_value / raw_value:6.2f}x")
    print(
        "\nFastest of 30 alternating runs. Per-field rows: a name of 11 characters unless "
        "said\notherwise. Pages: name, family name, date of birth, 150 characters of "
        "situation.\nRaw: ready nonces, ciphertexts and AES-GCM objects, no database. "
        "Cold page: one\nkey-store query (SQLite) and 50 unwraps, then the 200 fields."
    )


if __name__ == "__main__":
    main()
