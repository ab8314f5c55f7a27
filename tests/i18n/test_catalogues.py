"""The catalogues: current with the code, complete where they must be, free of errors."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from app.i18n import BENEFICIARY_LOCALES, STAFF_LOCALES
from app.i18n_status import (
    STATUS_FILE,
    TEMPLATE,
    TRANSLATIONS,
    catalogue_status,
    load_catalogue,
    status_markdown,
)

ROOT = Path(__file__).resolve().parents[2]
LOCALES = [code for code in BENEFICIARY_LOCALES if code != "en"]


def _ids(path: Path, locale: str | None = None) -> set[object]:
    return {message.id for message in load_catalogue(path, locale) if message.id}


def test_the_template_has_every_message_of_the_code(tmp_path: Path) -> None:
    fresh = tmp_path / "messages.pot"
    pybabel = Path(sys.executable).with_name("pybabel")
    subprocess.run(
        [str(pybabel), "-q", "extract", "-F", "babel.cfg", "-c", "Translators:", "-k", "_l",
         "-k", "lazy_gettext", "-k", "ngettext:1,2", "-o", str(fresh), "."],
        cwd=ROOT, check=True, timeout=120,
    )  # fmt: skip
    assert _ids(fresh) == _ids(TEMPLATE), "run `make translations`"


@pytest.mark.parametrize("locale", LOCALES)
def test_each_catalogue_follows_the_template(locale: str) -> None:
    path = TRANSLATIONS / locale / "LC_MESSAGES" / "messages.po"
    assert _ids(path, locale) == _ids(TEMPLATE), "run `make translations`"


@pytest.mark.parametrize("locale", LOCALES)
def test_required_messages_are_translated_and_none_is_fuzzy(locale: str) -> None:
    status = catalogue_status(locale)
    assert status.fuzzy == 0
    if locale in STAFF_LOCALES:
        assert status.staff_done == status.staff_total
    else:
        assert status.beneficiary_done == status.beneficiary_total


@pytest.mark.parametrize("locale", LOCALES)
def test_translations_keep_their_placeholders(locale: str) -> None:
    catalogue = load_catalogue(TRANSLATIONS / locale / "LC_MESSAGES" / "messages.po", locale)
    problems = [(message.id, str(error)) for message, errors in catalogue.check()
                for error in errors]  # fmt: skip
    assert problems == []


def test_the_status_page_is_current() -> None:
    assert STATUS_FILE.read_text(encoding="utf-8") == status_markdown(), (
        "run `flask translations status --write`"
    )
