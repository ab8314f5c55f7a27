"""The helpers templates use in place of Flask's and MarkupSafe's general ones."""

from __future__ import annotations

import uuid

import pytest
from flask import Flask, render_template_string, url_for
from markupsafe import Markup

from app.setup import isolate

CASE_ID = uuid.UUID("5f0c6c1e-2f55-4f0a-9d57-3c1f3f7f1a01")
STAGE_ID = uuid.UUID("0b7a1c9e-8d44-4c3e-a7f0-6f3d2b9a4e12")

LINKS = (
    ("core.index", {}),
    ("static", {"filename": "css/app.css"}),
    ("cases.case", {"beneficiary_id": CASE_ID}),
    ("cases.case", {"beneficiary_id": CASE_ID, "_anchor": "tasks"}),
    ("cases.caseload", {"page": 2, "q": "Amina Yusuf", "status": "all"}),
    (
        "pathways.move_stage",
        {"beneficiary_id": CASE_ID, "stage_id": STAGE_ID, "step": "complete"},
    ),
    ("cases.case", {"beneficiary_id": CASE_ID, "_external": True}),
)


@pytest.mark.parametrize(("endpoint", "values"), LINKS)
def test_template_links_are_the_ones_flask_builds(
    app: Flask, endpoint: str, values: dict[str, object]
) -> None:
    with app.test_request_context("/cases/"):
        expected = url_for(endpoint, **values)
        shown = render_template_string("{{ url_for(endpoint, **values) }}", **locals())
    assert shown == str(Markup.escape(expected))


def test_a_relative_endpoint_is_resolved_in_its_blueprint(app: Flask) -> None:
    with app.test_request_context(f"/cases/{CASE_ID}"):
        app.preprocess_request()
        shown = render_template_string("{{ url_for('.history', beneficiary_id=id) }}", id=CASE_ID)
    assert shown == f"/cases/{CASE_ID}/history"


def test_names_are_isolated_and_escaped(app: Flask) -> None:
    assert isolate("<Amina & Yusuf>") == "<bdi>&lt;Amina &amp; Yusuf&gt;</bdi>"
    assert isolate(Markup("<b>A</b>")) == "<bdi><b>A</b></bdi>"
    assert isolate("FR-2026-00042", "ltr") == '<bdi dir="ltr">FR-2026-00042</bdi>'
    assert isolate(("a", "b")) == "<bdi>(&#39;a&#39;, &#39;b&#39;)</bdi>"
