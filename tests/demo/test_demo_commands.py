"""Every bulk command on the full demo data set, seeded once for the module."""

from __future__ import annotations

import re

from flask import Flask
from sqlalchemy import func, select

from app.accounts.models import Organisation, User
from app.accounts.roles import Role
from app.cases.models import Beneficiary
from app.cases.services import CaseloadFilters, caseload
from app.crypto import DataKey, EncryptedRecord
from app.crypto.rotation import key_status
from app.extensions import db
from tests.dashboards.snapshot import summary_rows
from tests.helpers import run_command

SMALL_BATCH = "16"


def _demo_models() -> list[type[EncryptedRecord]]:
    return [
        mapper.class_
        for mapper in db.Model.registry.mappers
        if issubclass(mapper.class_, EncryptedRecord)
        and not mapper.class_.__tablename__.startswith("test_")
    ]


def _stored_values() -> int:
    """How many encrypted values the case data holds, counted in SQL."""
    total = 0
    for model in _demo_models():
        table = model.__table__  # type: ignore[attr-defined]
        for name in model.encrypted_fields():
            total += db.session.scalar(select(func.count(table.c[name])))
    return total


def _verified(app: Flask, *options: str) -> tuple[int, int]:
    """(data keys unwrapped, values read) by a successful ``keys verify``."""
    result = run_command(app, "keys", "verify", *options)
    assert "Everything decrypts." in result.output
    assert "FAILED" not in result.output
    keys = re.search(r"Data keys unwrapped: (\d+)", result.output)
    values = re.search(r"Encrypted values read: (\d+) \(0 erased", result.output)
    assert keys and values, result.output
    return int(keys[1]), int(values[1])


def _live_keys() -> int:
    return db.session.scalar(
        select(func.count()).select_from(DataKey).where(DataKey.wrapped_key.is_not(None))
    )


def test_seeding_again_adds_nothing(demo: Flask) -> None:
    with demo.app_context():
        before = db.session.scalar(select(func.count()).select_from(Beneficiary))
        values = _stored_values()
    assert before == 160
    run_command(demo, "seed-demo", "--if-empty")
    run_command(demo, "seed-demo")
    with demo.app_context():
        assert db.session.scalar(select(func.count()).select_from(Beneficiary)) == before
        assert _stored_values() == values


def test_verify_reads_every_value_of_the_demo_in_any_batch_size(demo: Flask) -> None:
    with demo.app_context():
        expected = (_live_keys(), _stored_values())
    assert expected[1] > 5000
    assert _verified(demo) == expected
    assert _verified(demo, "--batch-size", SMALL_BATCH) == expected


def test_rebuild_matches_the_summary_kept_up_to_date(demo: Flask) -> None:
    with demo.app_context():
        kept_up = summary_rows()
    assert len(kept_up["dashboard_beneficiaries"]) == 160
    assert all(kept_up.values()), "every summary table should have rows"
    run_command(demo, "dashboards", "rebuild")
    with demo.app_context():
        assert summary_rows() == kept_up
    batched = run_command(demo, "dashboards", "rebuild", "--batch-size", SMALL_BATCH)
    assert batched.output.count("beneficiaries rewritten") == 160 // int(SMALL_BATCH)
    with demo.app_context():
        assert summary_rows() == kept_up


def test_maintenance_analyse_runs_on_both_databases(demo: Flask) -> None:
    assert "Statistics refreshed." in run_command(demo, "maintenance", "analyse").output


def test_rotations_rewrap_every_key_and_everything_still_decrypts(demo: Flask) -> None:
    with demo.app_context():
        keys, values = _live_keys(), _stored_values()
    first = run_command(demo, "keys", "rotate", "--batch-size", "2")
    assert f"Re-wrapped {keys} data key(s)." in first.output
    assert len(re.findall(r"data key\(s\) re-wrapped", first.output)) == (keys + 1) // 2
    with demo.app_context():
        status = key_status()
    assert status.keys_per_version == {2: keys} and status.index_key_version == 2
    assert _verified(demo, "--batch-size", SMALL_BATCH) == (keys, values)

    second = run_command(demo, "keys", "rotate")
    assert f"Re-wrapped {keys} data key(s)." in second.output
    run_command(demo, "keys", "retire", "--version", "1")
    run_command(demo, "keys", "retire", "--version", "2")
    with demo.app_context():
        status = key_status()
    assert status.keys_per_version == {3: keys} and status.configured_versions == [3]
    assert _verified(demo) == (keys, values)
    with demo.app_context():
        # The blind-index root was re-wrapped too: a name search still finds her.
        coordinator = db.session.scalar(
            select(User)
            .join(Organisation)
            .where(Organisation.country_code == "FR", User.role == Role.COORDINATOR)
        )
        filters = CaseloadFilters(query="Amina Yusuf", status=None)
        found = caseload(coordinator, filters, 1).cases
        assert [case.given_names for case in found] == ["Amina"]
