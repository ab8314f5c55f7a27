from __future__ import annotations

import json
import shutil
from pathlib import Path
from typing import Any

import pytest

from app.cases.pathways.templates import (
    DATA_DIR,
    PathwayTemplate,
    TemplateError,
    TemplateStage,
    all_templates,
    load_templates,
    template_for_country,
)
from app.vocabulary import CefrLevel, HoursUnit, PathwayVariant, StageKind


def _stage(template: PathwayTemplate, kind: StageKind) -> TemplateStage:
    (stage,) = [stage for stage in template.stages if stage.kind is kind]
    return stage


def _template(country: str) -> PathwayTemplate:
    template = template_for_country(country)
    assert template is not None
    return template


def _valid() -> dict[str, Any]:
    return {
        "code": "xx_test",
        "country": "BE",
        "language": "nl",
        "scheme": "Inburgeringstraject",
        "authority": "Agentschap Integratie en Inburgering",
        "variants": ["standard"],
        "stages": [{"kind": "host_language", "title": "Nederlands als tweede taal"}],
    }


def _write(directory: Path, name: str, content: dict[str, Any] | str) -> Path:
    path = directory / name
    text = content if isinstance(content, str) else json.dumps(content, ensure_ascii=False)
    path.write_text(text, encoding="utf-8")
    return path


def test_the_four_national_templates_load() -> None:
    templates = all_templates()
    assert {t.country for t in templates} == {"FR", "DE", "IT", "SE"}
    assert [t.code for t in templates] == sorted(t.code for t in templates)
    for template in templates:
        assert template.stages
        assert all(isinstance(stage.kind, StageKind) for stage in template.stages)
        assert PathwayVariant.STANDARD in template.variants
    assert all_templates() is templates


def test_lookups_miss_quietly() -> None:
    assert template_for_country("ES") is None
    assert _template("fr").country == "FR"


def test_germany_has_the_600_unit_course_with_dtz_and_the_orientation_course() -> None:
    germany = _template("DE")
    assert germany.authority.endswith("(BAMF)")
    language = _stage(germany, StageKind.HOST_LANGUAGE)
    assert language.hours_planned == 600
    assert language.hours_unit is HoursUnit.TEACHING_UNIT
    assert "DTZ" in (language.certificate or "")
    assert language.target_levels == (CefrLevel.A2, CefrLevel.B1)
    orientation = _stage(germany, StageKind.CIVIC_ORIENTATION)
    assert orientation.title == "Orientierungskurs „Leben in Deutschland“"
    assert orientation.hours_planned == 100
    assert orientation.certificate == "Test „Leben in Deutschland“"
    assert set(germany.variants) == set(PathwayVariant)


def test_france_has_24_hours_of_civic_training_and_language_options() -> None:
    france = _template("FR")
    assert "OFII" in france.authority
    civic = _stage(france, StageKind.CIVIC_ORIENTATION)
    assert civic.title == "Formation civique"
    assert civic.hours_planned == 24
    assert civic.hours_unit is HoursUnit.HOUR
    language = _stage(france, StageKind.HOST_LANGUAGE)
    assert language.hours_planned is None
    assert language.hours_options == (100, 200, 400, 600)
    assert language.target_levels == (CefrLevel.A2,)
    assert france.stages[0].title == "Entretien personnalisé"
    assert france.duration_months == 12


def test_sweden_has_sfi_and_samhallsorientering() -> None:
    sweden = _template("SE")
    assert sweden.authority == "Arbetsförmedlingen"
    assert "SFI" in _stage(sweden, StageKind.HOST_LANGUAGE).title
    assert _stage(sweden, StageKind.CIVIC_ORIENTATION).title == "Samhällsorientering"
    assert _stage(sweden, StageKind.BUSINESS_CREATION).optional
    assert sweden.duration_months == 24


def test_italy_teaches_italian_and_notes_unaccompanied_minors() -> None:
    italy = _template("IT")
    assert "SAI" in italy.scheme
    assert _stage(italy, StageKind.HOST_LANGUAGE).title == "Insegnamento della lingua italiana"
    assert any("MSNA" in note for note in italy.notes)


def test_no_hours_are_invented() -> None:
    with_hours = {
        (t.country, s.kind)
        for t in all_templates()
        for s in t.stages
        if s.hours_planned is not None or s.hours_options
    }
    assert with_hours == {
        ("FR", StageKind.CIVIC_ORIENTATION),
        ("FR", StageKind.HOST_LANGUAGE),
        ("DE", StageKind.HOST_LANGUAGE),
        ("DE", StageKind.CIVIC_ORIENTATION),
    }


def test_an_adapted_copy_is_loaded_from_another_directory(tmp_path: Path) -> None:
    shutil.copy(DATA_DIR / "se_etablering.json", tmp_path)
    _write(tmp_path, "be.json", _valid())
    templates = all_templates(tmp_path)
    assert [t.code for t in templates] == ["se_etablering", "xx_test"]
    assert template_for_country("BE", tmp_path) is templates[1]
    assert template_for_country("BE") is None


@pytest.mark.parametrize(
    ("change", "problem"),
    [
        ({"stages": [{"kind": "language", "title": "X"}]}, "unknown code 'language'"),
        ({"country": "XX"}, "country 'XX'"),
        ({"country": "fr"}, "country 'fr'"),
        ({"scheme": None}, "missing 'scheme'"),
        ({"stages": [{"kind": "intake"}]}, "stage 1 is missing 'title'"),
        ({"variants": ["weekend"]}, "unknown code 'weekend'"),
        ({"stages": []}, "stages of the template is empty"),
        ({"hours": 10}, "unknown field(s): hours"),
        (
            {"stages": [{"kind": "intake", "title": "X", "hours_planned": "24"}]},
            "hours_planned of stage 1 must be a whole number",
        ),
        (
            {"stages": [{"kind": "intake", "title": "X", "hours_planned": 0}]},
            "greater than zero",
        ),
        (
            {
                "stages": [
                    {"kind": "intake", "title": "X", "hours_planned": 1, "hours_options": [1]}
                ]
            },
            "both hours_planned and hours_options",
        ),
        (
            {"stages": [{"kind": "host_language", "title": "X", "target_levels": ["a3"]}]},
            "unknown code 'a3'",
        ),
        ({"code": "Has Spaces"}, "code 'Has Spaces'"),
    ],
)
def test_a_broken_template_is_refused_naming_the_file_and_problem(
    tmp_path: Path, change: dict[str, Any], problem: str
) -> None:
    path = _write(tmp_path, "broken.json", _valid() | change)
    with pytest.raises(TemplateError) as caught:
        load_templates(tmp_path)
    assert caught.value.path == path
    assert problem in caught.value.problem
    assert "broken.json" in str(caught.value)


def test_invalid_json_is_refused_with_its_position(tmp_path: Path) -> None:
    path = _write(tmp_path, "broken.json", '{"code": "xx",\n  "country": }')
    with pytest.raises(TemplateError, match="invalid JSON at line 2") as caught:
        load_templates(tmp_path)
    assert caught.value.path == path


def test_a_duplicate_code_is_refused(tmp_path: Path) -> None:
    _write(tmp_path, "a.json", _valid())
    _write(tmp_path, "b.json", _valid() | {"country": "NL"})
    with pytest.raises(TemplateError, match=r"b\.json: duplicate code 'xx_test', also in a\.json"):
        load_templates(tmp_path)


def test_a_second_template_for_a_country_is_refused(tmp_path: Path) -> None:
    _write(tmp_path, "a.json", _valid())
    _write(tmp_path, "b.json", _valid() | {"code": "xx_other"})
    with pytest.raises(TemplateError, match="a second template for BE"):
        load_templates(tmp_path)


def test_a_missing_directory_is_refused(tmp_path: Path) -> None:
    with pytest.raises(TemplateError, match="does not exist"):
        load_templates(tmp_path / "nowhere")


def test_templates_are_immutable() -> None:
    template = _template("DE")
    with pytest.raises(AttributeError):
        template.code = "changed"  # type: ignore[misc]
