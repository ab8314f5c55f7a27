"""How complete each catalogue is, for translations/STATUS.md and the catalogue tests.

`flask translations status --write` rewrites translations/STATUS.md from the catalogues.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import click
from babel.messages.catalog import Catalog, Message
from babel.messages.pofile import read_po
from flask.cli import AppGroup

from app.i18n import BENEFICIARY_FACING_SOURCES, BENEFICIARY_LOCALES, STAFF_LOCALES, native_name
from config.settings import PROJECT_ROOT

TRANSLATIONS = PROJECT_ROOT / "translations"
TEMPLATE = TRANSLATIONS / "messages.pot"
STATUS_FILE = TRANSLATIONS / "STATUS.md"

# Languages a native speaker has reviewed, with the date of the review. None yet: every
# catalogue was written by the team and awaits review.
REVIEWED: dict[str, str] = {}


def load_catalogue(path: Path, locale: str | None = None) -> Catalog:
    with path.open("rb") as handle:
        return read_po(handle, locale=locale)


def is_beneficiary_facing(message: Message) -> bool:
    return any(path.startswith(BENEFICIARY_FACING_SOURCES) for path, _line in message.locations)


def is_translated(message: Message) -> bool:
    if message.fuzzy:
        return False
    if isinstance(message.string, tuple | list):
        return all(message.string)
    return bool(message.string)


@dataclass(frozen=True, slots=True)
class CatalogueStatus:
    locale: str
    staff_total: int
    staff_done: int
    beneficiary_total: int
    beneficiary_done: int
    fuzzy: int


def catalogue_status(locale: str) -> CatalogueStatus:
    template = load_catalogue(TEMPLATE)
    catalogue = load_catalogue(TRANSLATIONS / locale / "LC_MESSAGES" / "messages.po", locale)
    staff_total = staff_done = beneficiary_total = beneficiary_done = fuzzy = 0
    for source in template:
        if not source.id:
            continue
        message = catalogue.get(source.id)
        done = message is not None and is_translated(message)
        fuzzy += bool(message is not None and message.fuzzy)
        staff_total += 1
        staff_done += done
        if is_beneficiary_facing(source):
            beneficiary_total += 1
            beneficiary_done += done
    return CatalogueStatus(
        locale, staff_total, staff_done, beneficiary_total, beneficiary_done, fuzzy
    )


def _percent(done: int, total: int) -> str:
    return f"{100 * done // total if total else 100} % ({done}/{total})"


def status_markdown() -> str:
    lines = [
        "# Translation status",
        "",
        "Written by `flask translations status --write`. Staff languages must translate",
        "every message; the other languages every message beneficiaries can see (portal,",
        "log-in, activation, letters, error pages). No catalogue has yet been reviewed by a",
        "native speaker: reviewers, start with the beneficiary-facing messages.",
        "",
        "| language | code | audience | staff interface | beneficiary-facing | reviewed by a native speaker |",  # noqa: E501
        "| --- | --- | --- | --- | --- | --- |",
    ]
    for locale in BENEFICIARY_LOCALES:
        if locale == "en":
            continue
        status = catalogue_status(locale)
        audience = "staff and beneficiaries" if locale in STAFF_LOCALES else "beneficiaries"
        lines.append(
            f"| {native_name(locale)} | `{locale}` | {audience} | "
            f"{_percent(status.staff_done, status.staff_total)} | "
            f"{_percent(status.beneficiary_done, status.beneficiary_total)} | "
            f"{REVIEWED.get(locale, 'not yet')} |"
        )
    return "\n".join(lines) + "\n"


translations_cli = AppGroup("translations", help="Report on the translation catalogues.")


@translations_cli.command("status")
@click.option("--write", is_flag=True, help=f"Rewrite {STATUS_FILE.relative_to(PROJECT_ROOT)}.")
def status_command(write: bool) -> None:
    """Show how complete each catalogue is."""
    text = status_markdown()
    if write:
        STATUS_FILE.write_text(text, encoding="utf-8")
    click.echo(text)
