"""The history page names every action and field in the reader's language, never a code."""

from __future__ import annotations

from dataclasses import fields

from flask import Flask

from app.cases.display import field_label
from app.cases.history import CASE_ACTION_LABELS, CaseAction
from app.cases.pathways.models import AssessmentPoint
from app.cases.pathways.services import PathwaySettings, StageData
from app.cases.services import _field_values
from app.vocabulary import LanguageSkill
from tests.factories import case_data


def test_every_action_has_a_label() -> None:
    assert set(CASE_ACTION_LABELS) == set(CaseAction)


def test_every_field_a_history_entry_can_name_has_a_label(app: Flask) -> None:
    names = set(_field_values(case_data()))
    names |= {field.name for field in fields(StageData)}
    names |= {field.name for field in fields(PathwaySettings)}
    names |= {
        f"{point.value}_{skill.value}" for point in AssessmentPoint for skill in LanguageSkill
    }
    names |= {"contact", "address", "preferred_locale", "purpose", "organisation_id", "template"}
    with app.test_request_context():
        unlabelled = sorted(name for name in names if field_label(name) == name)
        assert unlabelled == []
        assert field_label("achieved_speaking") == "Achieved: Speaking"


def test_field_labels_follow_the_readers_language(app: Flask) -> None:
    with app.test_request_context(headers={"Accept-Language": "fr"}):
        assert field_label("given_names") == "Prénoms"
    with app.test_request_context(headers={"Accept-Language": "de"}):
        assert field_label("given_names") == "Vornamen"
        assert field_label("title") == "Titel"
