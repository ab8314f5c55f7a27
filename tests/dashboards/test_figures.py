"""Figures against hand-computed expectations (see conftest.py), then with suppression."""

from __future__ import annotations

from datetime import date

import pytest
from flask import Flask

from app.dashboards.builders import build_dashboard, percentile
from app.dashboards.queries.scope import Breakdown, Filters, Scope
from app.dashboards.suppression import Suppressed
from app.dashboards.tables import TOTAL
from tests.dashboards.conftest import Network


def _dashboard(app: Flask, network: Network, today: date, **changes: object):
    scope = Scope((network.lyon.id, network.koeln.id), network=True)
    filters = Filters(scope=scope, **changes)  # type: ignore[arg-type]
    with app.test_request_context():
        return build_dashboard(filters, today, "en")


@pytest.fixture
def no_threshold(app: Flask, monkeypatch: pytest.MonkeyPatch) -> None:
    """Threshold 1: nothing is hidden, so raw figures can be checked."""
    monkeypatch.setitem(app.config, "PASSERELLE_SUPPRESSION_THRESHOLD", 1)


def test_outcomes_by_organisation(app, network, today, no_threshold) -> None:
    dashboard = _dashboard(app, network, today, breakdown=Breakdown.ORGANISATION)
    outcomes = dashboard.table("outcomes")
    lyon = outcomes.counts[network.lyon.id]
    assert (lyon["people"], lyon["employed"], lyon["employed_6"], lyon["employed_12"]) == (
        6, 4, 3, 4,
    )  # fmt: skip
    assert (lyon["qualified"], lyon["business"], lyon["followed_12"]) == (1, 1, 6)
    assert outcomes.counts[network.koeln.id]["people"] == 2
    assert outcomes.counts[TOTAL]["people"] == 8
    assert outcomes.suppressed == {}


def test_outcomes_by_target_group(app, network, today, no_threshold) -> None:
    outcomes = _dashboard(app, network, today, breakdown=Breakdown.TARGET_GROUP).table("outcomes")
    # Köln's two cases are women born in 2001 (the factory's defaults): young people.
    assert outcomes.counts["woman"]["people"] == 6
    assert outcomes.counts["woman"]["employed"] == 4
    assert outcomes.counts["disability"]["people"] == 1
    assert outcomes.counts["young_person"]["people"] == 3


def test_filters_narrow_every_figure(app, network, today, no_threshold) -> None:
    dashboard = _dashboard(
        app, network, today, organisation_id=network.koeln.id, breakdown=Breakdown.NONE
    )
    assert dashboard.table("outcomes").counts[TOTAL]["people"] == 2
    assert dashboard.table("outcomes").counts[TOTAL]["employed"] == 0
    later = _dashboard(app, network, today, date_from=date(2025, 1, 1))
    assert later.table("outcomes").counts[TOTAL]["people"] == 0


def test_funnel_statuses_durations_and_interruptions(app, network, today, no_threshold) -> None:
    dashboard = _dashboard(app, network, today)
    funnel = dashboard.table("funnel").counts
    assert funnel["employment"]["started"] == 4
    assert funnel["vocational_training"]["completed"] == 1
    assert funnel["host_language"]["interrupted"] == 1
    durations = dashboard.table("durations")
    # Vocational training 2024-02-01 to 2024-06-30: 150 days.
    assert durations.counts["vocational_training"]["count"] == 1
    assert percentile(durations.extra["vocational_training"], 0.5) == 150
    interruptions = dashboard.table("interruptions").counts
    assert interruptions["host_language"]["childcare"] == 1
    # The language course started 10 days after the business stage ended.
    waits = dashboard.table("waits")
    assert waits.extra["host_language"] == {10: 1}


def test_caseload_counts_open_cases_per_worker(app, network, today, no_threshold) -> None:
    caseload = _dashboard(app, network, today).table("caseload")
    assert caseload.counts[network.lyon.id]["workers"] == 1
    assert caseload.counts[network.lyon.id]["cases"] == 6


def test_small_counts_are_hidden_with_their_neighbours(app, network, today) -> None:
    outcomes = _dashboard(app, network, today, breakdown=Breakdown.ORGANISATION).table("outcomes")
    assert outcomes.suppressed[(network.koeln.id, "people")] is Suppressed.PRIMARY
    assert outcomes.suppressed[(network.lyon.id, "employed")] is Suppressed.PRIMARY
    # Lyon's 6 would give Köln's 2 away from the total of 8: one of them is hidden too.
    assert (network.lyon.id, "people") in outcomes.suppressed or (
        TOTAL,
        "people",
    ) in outcomes.suppressed
    for derived in outcomes.derived:
        assert outcomes.derived_value(network.koeln.id, derived) is None


def test_percentile_matches_percentile_cont() -> None:
    assert percentile({1: 1, 2: 1, 3: 1, 4: 1}, 0.5) == 2.5
    assert percentile({10: 3}, 0.25) == 10
    assert percentile({}, 0.5) is None
