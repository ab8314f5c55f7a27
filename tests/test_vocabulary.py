from __future__ import annotations

import enum
from collections.abc import Iterator

import pytest
from flask import Flask
from flask_babel import Babel, LazyString

from app.vocabulary import (
    VOCABULARY,
    CefrLevel,
    Intensity,
    Labelled,
    NaceSection,
    StageKind,
    choices,
    levels_gained,
)


@pytest.fixture
def babel_app() -> Iterator[Flask]:
    """A bare application with Flask-Babel, inside a request, so lazy labels can render."""
    babel_app = Flask(__name__)
    Babel(babel_app)
    with babel_app.test_request_context():
        yield babel_app


def test_every_labelled_enum_is_registered() -> None:
    assert set(Labelled.__subclasses__()) == set(VOCABULARY)


@pytest.mark.parametrize("enum_cls", list(VOCABULARY), ids=lambda cls: cls.__name__)
def test_every_member_has_a_lazy_label_that_renders(
    babel_app: Flask, enum_cls: type[enum.Enum]
) -> None:
    labels = VOCABULARY[enum_cls]
    assert set(labels) == set(enum_cls)
    for member in enum_cls:
        assert isinstance(labels[member], LazyString)
        assert member.label == str(labels[member])
        assert member.label.strip()


@pytest.mark.parametrize("enum_cls", list(VOCABULARY), ids=lambda cls: cls.__name__)
def test_codes_are_stable_and_fit_their_columns(enum_cls: type[enum.Enum]) -> None:
    for member in enum_cls:
        if enum_cls is Intensity:
            assert isinstance(member.value, int)
        elif enum_cls is NaceSection:
            assert member.value == member.name
        else:
            assert member.value == member.value.lower()
            assert len(member.value) <= 32


def test_every_stage_kind_has_an_explanation(babel_app: Flask) -> None:
    explanations = {kind.explanation for kind in StageKind}
    assert len(explanations) == len(StageKind)
    assert all(text.endswith(".") for text in explanations)


def test_stage_kinds_cover_the_whole_pathway() -> None:
    assert [kind.value for kind in StageKind] == [
        "intake",
        "host_language",
        "civic_orientation",
        "social_support",
        "vocational_training",
        "work_placement",
        "employment",
        "business_creation",
        "exit_follow_up",
    ]


def test_nace_has_the_21_sections() -> None:
    assert "".join(NaceSection) == "ABCDEFGHIJKLMNOPQRSTU"


def test_cefr_ranks_are_ordered() -> None:
    assert [level.rank for level in CefrLevel] == list(range(8))
    assert CefrLevel.LITERACY.rank == 0
    assert CefrLevel.A1.rank == 2
    assert CefrLevel.C2.rank == 7


def test_cefr_levels_compare_by_rank_not_by_code() -> None:
    # As strings, "literacy" > "c2" and "pre_a1" > "b2".
    assert CefrLevel.LITERACY < CefrLevel.PRE_A1 < CefrLevel.A1 < CefrLevel.C2
    assert CefrLevel.B2 >= CefrLevel.PRE_A1
    assert max(CefrLevel.PRE_A1, CefrLevel.B1, CefrLevel.LITERACY) is CefrLevel.B1
    assert sorted([CefrLevel.C1, CefrLevel.LITERACY, CefrLevel.A2]) == [
        CefrLevel.LITERACY,
        CefrLevel.A2,
        CefrLevel.C1,
    ]
    assert CefrLevel("b1") == "b1"


def test_levels_gained() -> None:
    assert levels_gained(CefrLevel.A1, CefrLevel.B1) == 2
    assert levels_gained(CefrLevel.LITERACY, CefrLevel.A1) == 2
    assert levels_gained(CefrLevel.A2, CefrLevel.A2) == 0
    assert levels_gained(CefrLevel.B1, CefrLevel.A2) == -1


def test_cefr_labels_are_the_usual_names(babel_app: Flask) -> None:
    assert CefrLevel.PRE_A1.label == "Pre-A1"
    assert CefrLevel.B2.label == "B2"
    assert CefrLevel.LITERACY.label == "Literacy"


def test_intensity_helpers() -> None:
    assert [int(level) for level in Intensity] == [100, 75, 50, 25]
    assert Intensity(75) is Intensity.THREE_QUARTERS
    assert Intensity.HALF.fraction == 0.5
    assert Intensity.QUARTER.scale(600) == 150
    assert Intensity.FULL.scale(24) == 24


def test_choices_keep_codes_and_lazy_labels(babel_app: Flask) -> None:
    pairs = choices(CefrLevel)
    assert [code for code, _ in pairs] == [level.value for level in CefrLevel]
    assert all(isinstance(label, LazyString) for _, label in pairs)
    assert str(pairs[1][1]) == "Pre-A1"
    assert choices(Intensity)[0][0] == 100
