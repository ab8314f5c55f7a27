"""Page numbers in the caseload's query string: odd or huge ones show a real page."""

from __future__ import annotations

import pytest
from flask import Flask

from app.accounts.models import User
from app.cases.services import CaseloadFilters, caseload
from app.extensions import db
from app.pagination import MAX_PAGE_NUMBER, page_number_from
from tests.casefiles import Office
from tests.factories import make_case


@pytest.mark.parametrize(
    ("raw", "page"),
    [
        (None, 1),
        ("", 1),
        ("3", 3),
        ("003", 3),
        ("0", 1),
        ("-2", 1),
        ("²", 1),
        ("٣", 1),
        ("3 ", 1),
        ("1e9", 1),
        ("9223372036854775807", MAX_PAGE_NUMBER),
        ("9" * 5000, MAX_PAGE_NUMBER),
    ],
)
def test_a_page_number_is_ascii_digits_within_bounds(raw: str | None, page: int) -> None:
    assert page_number_from(raw) == page


@pytest.mark.parametrize(
    "page", ["²", "9223372036854775807", "99999999999999999999999", "-1", "0", "x", "1%00"]
)
def test_odd_page_numbers_show_the_caseload(app: Flask, office: Office, amina, page: str) -> None:
    client = office.client(app)
    response = client.get(f"/cases/?page={page}")
    assert response.status_code == 200
    assert amina.case_number in response.text


def test_a_page_past_the_end_is_the_last_page(app: Flask, office: Office) -> None:
    with app.app_context():
        numbers = [
            make_case(office.trainer, with_pathway=False, given_names=name).case_number
            for name in ("Amina", "Selam", "Olena")
        ]
        trainer = db.session.get(User, office.trainer.id)
        shown = caseload(trainer, CaseloadFilters(), page=MAX_PAGE_NUMBER, per_page=2)
        assert (shown.page, shown.pages, shown.total) == (2, 2, 3)
        assert len(shown.cases) == 1
        first = caseload(trainer, CaseloadFilters(), page=1, per_page=2)
        assert {c.case_number for c in [*first.cases, *shown.cases]} == set(numbers)
        found = caseload(trainer, CaseloadFilters(query="Yusuf"), page=MAX_PAGE_NUMBER, per_page=2)
        assert (found.page, found.pages, found.total, len(found.cases)) == (2, 2, 3, 1)
