"""The dashboard summary as plain rows, to compare what was kept up to date with a rebuild."""

from __future__ import annotations

from sqlalchemy import select

from app.dashboards.models import (
    BeneficiaryFigures,
    CaseloadCell,
    CaseWorkerFact,
    FollowUpCell,
    FollowUpFact,
    PeopleCell,
    StageCell,
    StageFact,
)
from app.extensions import db

SUMMARY = (
    BeneficiaryFigures,
    StageFact,
    PeopleCell,
    StageCell,
    CaseWorkerFact,
    FollowUpFact,
    CaseloadCell,
    FollowUpCell,
)


def summary_rows() -> dict[str, list[tuple[str, ...]]]:
    """Every summary table's rows, as sorted tuples of strings."""
    return {
        table.name: sorted(
            tuple(str(value) for value in row) for row in db.session.execute(select(table))
        )
        for table in (model.__table__ for model in SUMMARY)
    }
