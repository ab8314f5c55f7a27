"""Pathway templates for the national integration schemes, read from JSON files.

One file per scheme in `DATA_DIR` (`app/cases/pathways/data/`), at most one per country. An
administrator adapts a template by copying the directory, editing the copies and passing
that directory as `data_dir` to the functions below (or pointing the module-level
`DATA_DIR` at it at start-up). Every file is validated on load; any problem raises a
`TemplateError` that names the file.

    template = template_for_country("DE")
    for stage in template.stages: ...

A file holds: `code`, `country` (ISO 3166-1 alpha-2, upper case), `language` (of the
titles), `scheme`, `authority`, `variants` (PathwayVariant codes), optional
`duration_months` and `notes`, and `stages`, each with `kind` (a StageKind code) and
`title`, and optionally `provider`, `description` (for staff), `hours_planned` or
`hours_options` with `hours_unit` and `hours_note`, `certificate`, `target_levels` (CEFR
codes) and `optional`. Unknown keys are refused so that a misspelt field is not ignored.
"""

from __future__ import annotations

import enum
import functools
import json
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TypeVar

from babel import Locale

from app.vocabulary import CefrLevel, HoursUnit, PathwayVariant, StageKind

DATA_DIR = Path(__file__).parent / "data"

# Lengths of the columns the values are copied into (pathways.template_code, stages.*).
_MAX_CODE = 40
_MAX_TITLE = 200
_MAX_PROVIDER = 200
_MAX_CERTIFICATE = 100

_CODE = re.compile(r"[a-z][a-z0-9_]*")
_COUNTRY = re.compile(r"[A-Z]{2}")
_TEMPLATE_KEYS = {
    "code", "country", "language", "scheme", "authority", "variants",
    "duration_months", "notes", "stages",
}  # fmt: skip
_STAGE_KEYS = {
    "kind", "title", "provider", "description", "hours_planned", "hours_options",
    "hours_unit", "hours_note", "certificate", "target_levels", "optional",
}  # fmt: skip

_E = TypeVar("_E", bound=enum.StrEnum)
_T = TypeVar("_T")
_EXPECTED: dict[type, str] = {
    dict: "an object", list: "a list", str: "text", int: "a whole number", bool: "true or false"
}  # fmt: skip


class TemplateError(Exception):
    """A template file is missing, unreadable or invalid; `path` and `problem` say which."""

    def __init__(self, path: Path, problem: str) -> None:
        super().__init__(f"{path}: {problem}")
        self.path = path
        self.problem = problem


@dataclass(frozen=True, slots=True)
class TemplateStage:
    kind: StageKind
    title: str
    provider: str | None = None
    description: str = ""
    hours_planned: int | None = None
    hours_options: tuple[int, ...] = ()
    hours_unit: HoursUnit = HoursUnit.HOUR
    hours_note: str = ""
    certificate: str | None = None
    target_levels: tuple[CefrLevel, ...] = ()
    optional: bool = False


@dataclass(frozen=True, slots=True)
class PathwayTemplate:
    code: str
    country: str
    language: str
    scheme: str
    authority: str
    variants: tuple[PathwayVariant, ...]
    stages: tuple[TemplateStage, ...]
    duration_months: int | None = None
    notes: tuple[str, ...] = ()


def load_templates(data_dir: Path | None = None) -> tuple[PathwayTemplate, ...]:
    """Read and validate every `*.json` in `data_dir`, sorted by code; no caching."""
    directory = Path(data_dir or DATA_DIR)
    if not directory.is_dir():
        raise TemplateError(directory, "the template directory does not exist")
    templates: dict[str, tuple[PathwayTemplate, Path]] = {}
    countries: dict[str, Path] = {}
    for path in sorted(directory.glob("*.json")):
        template = load_template(path)
        if template.code in templates:
            other = templates[template.code][1].name
            raise TemplateError(path, f"duplicate code {template.code!r}, also in {other}")
        if template.country in countries:
            other = countries[template.country].name
            raise TemplateError(path, f"a second template for {template.country}, after {other}")
        templates[template.code] = (template, path)
        countries[template.country] = path
    return tuple(templates[code][0] for code in sorted(templates))


def load_template(path: Path) -> PathwayTemplate:
    """Read and validate one template file."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except OSError as error:
        raise TemplateError(path, f"cannot be read ({error.strerror})") from error
    except UnicodeDecodeError as error:
        raise TemplateError(path, "is not UTF-8 text") from error
    except json.JSONDecodeError as error:
        raise TemplateError(
            path, f"invalid JSON at line {error.lineno}, column {error.colno}: {error.msg}"
        ) from error
    return _Reader(path).template(data)


@functools.cache
def _cached(directory: Path) -> tuple[PathwayTemplate, ...]:
    return load_templates(directory)


def all_templates(data_dir: Path | None = None) -> tuple[PathwayTemplate, ...]:
    """Every template, loaded once per directory."""
    return _cached(Path(data_dir or DATA_DIR).resolve())


def template_for_country(country_code: str, data_dir: Path | None = None) -> PathwayTemplate | None:
    """The national scheme's template for an ISO alpha-2 country code, if there is one."""
    wanted = country_code.upper()
    return next((t for t in all_templates(data_dir) if t.country == wanted), None)


class _Reader:
    """Turns one file's parsed JSON into a template, raising TemplateError at the first fault."""

    def __init__(self, path: Path) -> None:
        self.path = path

    def fail(self, problem: str) -> TemplateError:
        return TemplateError(self.path, problem)

    def template(self, data: object) -> PathwayTemplate:
        where = "the template"
        obj = self.json_object(data, _TEMPLATE_KEYS, where)
        code = self.text(obj, "code", where, _MAX_CODE)
        if not _CODE.fullmatch(code):
            raise self.fail(f"code {code!r} must be lower-case letters, digits and '_'")
        country = self.text(obj, "country", where)
        if not _COUNTRY.fullmatch(country) or country not in Locale("en").territories:
            raise self.fail(f"country {country!r} is not an upper-case ISO 3166 alpha-2 code")
        language = self.text(obj, "language", where)
        if language not in Locale("en").languages:
            raise self.fail(f"language {language!r} is not an ISO 639 language code")
        stages = self.items(obj, "stages", where, required=True)
        if not stages:
            raise self.fail(f"stages of {where} is empty")
        notes = self.items(obj, "notes", where)
        return PathwayTemplate(
            code=code,
            country=country,
            language=language,
            scheme=self.text(obj, "scheme", where),
            authority=self.text(obj, "authority", where),
            variants=self.codes(obj, "variants", where, PathwayVariant, required=True),
            stages=tuple(self.stage(item, f"stage {n}") for n, item in enumerate(stages, 1)),
            duration_months=self.number(obj, "duration_months", where),
            notes=tuple(self.check(note, str, f"note {n}") for n, note in enumerate(notes, 1)),
        )

    def stage(self, data: object, where: str) -> TemplateStage:
        obj = self.json_object(data, _STAGE_KEYS, where)
        hours = self.number(obj, "hours_planned", where)
        options = tuple(
            self.positive(item, f"hours_options of {where}")
            for item in self.items(obj, "hours_options", where)
        )
        if hours is not None and options:
            raise self.fail(f"{where} has both hours_planned and hours_options; keep one")
        unit = self.optional_text(obj, "hours_unit", where)
        return TemplateStage(
            kind=self.member(self.text(obj, "kind", where), StageKind, f"kind of {where}"),
            title=self.text(obj, "title", where, _MAX_TITLE),
            provider=self.optional_text(obj, "provider", where, _MAX_PROVIDER),
            description=self.optional_text(obj, "description", where) or "",
            hours_planned=hours,
            hours_options=options,
            hours_unit=self.member(unit or "hour", HoursUnit, f"hours_unit of {where}"),
            hours_note=self.optional_text(obj, "hours_note", where) or "",
            certificate=self.optional_text(obj, "certificate", where, _MAX_CERTIFICATE),
            target_levels=self.codes(obj, "target_levels", where, CefrLevel, required=False),
            optional=self.check(obj.get("optional", False), bool, f"optional of {where}"),
        )

    def json_object(self, data: object, allowed: set[str], where: str) -> dict[str, Any]:
        obj: dict[str, Any] = self.check(data, dict, where)
        unknown = sorted(set(obj) - allowed)
        if unknown:
            raise self.fail(f"{where} has unknown field(s): {', '.join(unknown)}")
        return obj

    def check(self, value: object, kind: type[_T], what: str) -> _T:
        # bool is an int in Python, but a JSON true is never a number of hours.
        if not isinstance(value, kind) or (kind is int and isinstance(value, bool)):
            raise self.fail(f"{what} must be {_EXPECTED.get(kind, kind.__name__)}")
        return value

    def text(self, obj: dict[str, Any], key: str, where: str, max_length: int = 0) -> str:
        value = self.optional_text(obj, key, where, max_length)
        if value is None:
            raise self.fail(f"{where} is missing {key!r}")
        return value

    def optional_text(
        self, obj: dict[str, Any], key: str, where: str, max_length: int = 0
    ) -> str | None:
        if obj.get(key) is None:
            return None
        value = self.check(obj[key], str, f"{key} of {where}").strip()
        if not value:
            raise self.fail(f"{key} of {where} is empty")
        if max_length and len(value) > max_length:
            raise self.fail(f"{key} of {where} is longer than {max_length} characters")
        return value

    def positive(self, value: object, what: str) -> int:
        number = self.check(value, int, what)
        if number <= 0:
            raise self.fail(f"{what} must be greater than zero")
        return number

    def number(self, obj: dict[str, Any], key: str, where: str) -> int | None:
        if obj.get(key) is None:
            return None
        return self.positive(obj[key], f"{key} of {where}")

    def items(
        self, obj: dict[str, Any], key: str, where: str, *, required: bool = False
    ) -> list[Any]:
        if obj.get(key) is None:
            if required:
                raise self.fail(f"{where} is missing {key!r}")
            return []
        return self.check(obj[key], list, f"{key} of {where}")

    def codes(
        self, obj: dict[str, Any], key: str, where: str, enum_cls: type[_E], *, required: bool
    ) -> tuple[_E, ...]:
        values = self.items(obj, key, where, required=required)
        if required and not values:
            raise self.fail(f"{key} of {where} is empty")
        what = f"{key} of {where}"
        members = tuple(self.member(self.check(v, str, what), enum_cls, what) for v in values)
        if len(set(members)) != len(members):
            raise self.fail(f"{what} lists a code twice")
        return members

    def member(self, value: str, enum_cls: type[_E], what: str) -> _E:
        try:
            return enum_cls(value)
        except ValueError:
            known = ", ".join(member.value for member in enum_cls)
            raise self.fail(f"{what}: unknown code {value!r} (known: {known})") from None
