"""Every piece of text in a template is marked for translation.

Jinja statements, expressions and comments are removed, then HTML tags; whatever words are
left were typed straight into the template and would never be translated.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
TEMPLATES = sorted(ROOT.glob("app/**/templates/**/*.html"))
# Text that is the same in every language.
UNTRANSLATABLE = {"Passerelle", "—", "·", "–", "%"}

_JINJA = re.compile(r"{#.*?#}|{%.*?%}|{{.*?}}", re.DOTALL)
_TAGS = re.compile(r"<!--.*?-->|<script.*?</script>|<style.*?</style>|<[^>]+>", re.DOTALL)
_ENTITIES = re.compile(r"&[a-z]+;|&#\d+;")


_ATTRIBUTES = re.compile(r'\b(?:title|aria-label|placeholder|alt)="([^"]*)"')


def unmarked_text(source: str) -> list[str]:
    text = _ENTITIES.sub(" ", _TAGS.sub(" ", _JINJA.sub(" ", source)))
    for value in _ATTRIBUTES.findall(source):
        text += " " + _JINJA.sub(" ", value)
    words = [w for w in re.split(r"\s+", text) if w and w not in UNTRANSLATABLE]
    return [w for w in words if re.search(r"[^\W\d_]", w)]


def test_templates_are_found() -> None:
    assert len(TEMPLATES) >= 20


@pytest.mark.parametrize("template", TEMPLATES, ids=lambda p: str(p.relative_to(ROOT)))
def test_no_unmarked_text_in_templates(template: Path) -> None:
    assert unmarked_text(template.read_text(encoding="utf-8")) == []


def test_the_check_finds_unmarked_text() -> None:
    assert unmarked_text("<p>{{ _('Fine') }} Oops</p><!-- note -->") == ["Oops"]
    assert unmarked_text("<a title=\"{{ _('x') }}\">{% if a %}{{ b }}{% endif %}</a>") == []
    assert unmarked_text('<nav aria-label="Main menu"></nav>') == ["Main", "menu"]
