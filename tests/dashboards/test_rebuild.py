"""`flask dashboards rebuild` through the CLI, in one transaction or in small batches."""

from __future__ import annotations

import re
import uuid

from flask import Flask
from sqlalchemy import delete, func, select, update

from app.cases.models import Beneficiary
from app.dashboards.models import BeneficiaryFigures, PeopleCell, StageFact
from app.extensions import db
from tests.dashboards.conftest import Network
from tests.dashboards.snapshot import summary_rows


def _rebuild(app: Flask, *options: str) -> str:
    result = app.test_cli_runner().invoke(args=["dashboards", "rebuild", *options])
    assert result.exit_code == 0, result.output
    assert "Dashboard summary rebuilt" in result.output
    return result.output


def test_a_rebuild_in_small_batches_equals_the_summary_kept_up_to_date(
    app: Flask, network: Network
) -> None:
    with app.app_context():
        kept_up = summary_rows()
        assert len(kept_up["dashboard_beneficiaries"]) == 8
    output = _rebuild(app, "--batch-size", "3")
    assert re.findall(r"(\d+) beneficiaries rewritten", output) == ["3", "6", "8"]
    with app.app_context():
        assert summary_rows() == kept_up
    assert "rewritten" not in _rebuild(app)
    with app.app_context():
        assert summary_rows() == kept_up


def test_a_rebuild_in_batches_repairs_a_summary_gone_wrong(app: Flask, network: Network) -> None:
    """Missing rows, wrong cells and the rows of a beneficiary since deleted are all fixed."""
    with app.app_context():
        kept_up = summary_rows()
        first, second = db.session.scalars(
            select(Beneficiary.id).order_by(Beneficiary.id).limit(2)
        ).all()
        db.session.execute(delete(StageFact).where(StageFact.beneficiary_id == first))
        db.session.execute(
            delete(BeneficiaryFigures).where(BeneficiaryFigures.beneficiary_id == second)
        )
        db.session.execute(update(PeopleCell).values(people=PeopleCell.people + 5))
        ghost = (
            db.session.execute(
                select(BeneficiaryFigures.__table__).where(
                    BeneficiaryFigures.beneficiary_id != second
                )
            )
            .mappings()
            .first()
        )
        assert ghost is not None
        orphan = dict(ghost, beneficiary_id=uuid.uuid4())
        db.session.execute(BeneficiaryFigures.__table__.insert().values(**orphan))
        db.session.commit()
        assert summary_rows() != kept_up
    _rebuild(app, "--batch-size", "2")
    with app.app_context():
        assert summary_rows() == kept_up
        assert db.session.scalar(select(func.count()).select_from(BeneficiaryFigures)) == 8
