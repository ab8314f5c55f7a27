"""A list's row links are the very links ``url_for`` builds, one ``url_for`` per list."""

from __future__ import annotations

import uuid

import pytest
from flask import Flask, render_template_string, url_for

from app.navigation import row_links

ROUTES = (
    ("cases.case", "beneficiary_id", {}),
    ("cases.case", "beneficiary_id", {"_anchor": "tasks"}),
    ("cases.complete_task", "task_id", {"beneficiary_id": uuid.uuid4()}),
    ("pathways.move_stage", "stage_id", {"beneficiary_id": uuid.uuid4(), "step": "start"}),
    ("pathways.edit_stage", "stage_id", {"beneficiary_id": uuid.uuid4()}),
)


@pytest.mark.parametrize("base_url", ["http://localhost/", "https://example.org/passerelle/"])
@pytest.mark.parametrize(("endpoint", "parameter", "values"), ROUTES)
def test_each_row_gets_the_link_url_for_builds(
    app: Flask, base_url: str, endpoint: str, parameter: str, values: dict[str, object]
) -> None:
    with app.test_request_context("/", base_url=base_url):
        link = row_links(endpoint, parameter, **values)
        for row_id in (uuid.uuid4(), uuid.UUID(int=0), uuid.UUID(int=2**128 - 1)):
            assert link(row_id) == url_for(endpoint, **values, **{parameter: row_id})


def test_templates_link_rows_as_url_for_does(app: Flask) -> None:
    page = (
        "{% set case_link = row_links('cases.case', 'beneficiary_id', _anchor='tasks') %}"
        "{% for row_id in ids %}{{ case_link(row_id) }}|"
        "{{ url_for('cases.case', beneficiary_id=row_id, _anchor='tasks') }}\n{% endfor %}"
    )
    with app.test_request_context("/"):
        shown = render_template_string(page, ids=[uuid.uuid4() for _ in range(3)])
    pairs = [line.split("|") for line in shown.splitlines()]
    assert len(pairs) == 3
    assert all(ours == theirs and theirs.endswith("#tasks") for ours, theirs in pairs)
