"""Supported locales, how a request's locale is chosen, and text direction."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from functools import cache, lru_cache
from pathlib import Path
from typing import Any

from babel import Locale
from babel.support import NullTranslations, Translations
from flask import Flask, current_app, has_request_context, request
from flask_babel import (
    format_date,
    format_decimal,
    get_locale,
    get_translations,
    to_user_timezone,
)
from flask_login import current_user
from jinja2 import pass_context
from jinja2.runtime import Context

from app.accounts.roles import STAFF_ROLES

LOCALE_COOKIE = "passerelle_locale"

# Everything staff see is translated into these.
STAFF_LOCALES = ("en", "fr", "de", "it", "sv")
# Beneficiary-facing pages (portal, login, activation, letters, errors) add these.
# Their catalogues must translate at least the messages of BENEFICIARY_FACING_SOURCES.
BENEFICIARY_LOCALES = STAFF_LOCALES + (
    "ar",
    "fa_AF",
    "fa",
    "ps",
    "ti",
    "so",
    "uk",
    "ru",
    "tr",
    "es",
)

# Where the strings beneficiaries can see come from (paths as in the catalogue template).
BENEFICIARY_FACING_SOURCES = (
    "app/templates/",
    "app/accounts/",
    "app/portal/",
    "app/forms.py",
    "app/setup.py",
    "app/navigation.py",
    "app/vocabulary.py",
    "app/dates.py",
    "app/crypto/",
)

# CLDR names fa_AF "Persian (Afghanistan)"; the people who speak it call it Dari.
_NATIVE_NAME_OVERRIDES = {"fa_AF": "دری"}


@dataclass(frozen=True, slots=True)
class LanguageChoice:
    code: str
    native_name: str
    direction: str


@cache
def _translated_locales(translations_dir: str) -> frozenset[str]:
    root = Path(translations_dir)
    if not root.is_dir():
        return frozenset()
    return frozenset(p.name for p in root.iterdir() if (p / "LC_MESSAGES").is_dir())


def available_locales() -> tuple[str, ...]:
    """Locales offered to users: English plus every locale that has a catalogue."""
    return _available(current_app.config["BABEL_TRANSLATION_DIRECTORIES"])


@cache
def _available(translations_dir: str) -> tuple[str, ...]:
    present = _translated_locales(translations_dir)
    return tuple(code for code in BENEFICIARY_LOCALES if code == "en" or code in present)


@cache
def native_name(code: str) -> str:
    if code in _NATIVE_NAME_OVERRIDES:
        return _NATIVE_NAME_OVERRIDES[code]
    name = Locale.parse(code).get_display_name(code) or code
    return name[:1].upper() + name[1:]


@cache
def text_direction(code: str) -> str:
    return "rtl" if Locale.parse(code).text_direction == "rtl" else "ltr"


def _is_staff() -> bool:
    if not has_request_context():
        return False
    return bool(current_user.is_authenticated and current_user.role in STAFF_ROLES)


def offered_locales() -> tuple[str, ...]:
    """Staff work in the network's languages; everyone else may choose any language."""
    return _offered(current_app.config["BABEL_TRANSLATION_DIRECTORIES"], _is_staff())


@cache
def _offered(translations_dir: str, staff: bool) -> tuple[str, ...]:
    locales = _available(translations_dir)
    return tuple(code for code in locales if code in STAFF_LOCALES) if staff else locales


def language_choices() -> tuple[LanguageChoice, ...]:
    return _choices(offered_locales())


@cache
def _choices(locales: tuple[str, ...]) -> tuple[LanguageChoice, ...]:
    return tuple(LanguageChoice(c, native_name(c), text_direction(c)) for c in locales)


def is_supported(code: str | None) -> bool:
    return bool(code) and code in offered_locales()


def select_locale() -> str:
    """The user's saved preference, else the switcher's cookie, else Accept-Language."""
    if not has_request_context():
        return current_app.config["BABEL_DEFAULT_LOCALE"]
    offered = offered_locales()
    if current_user.is_authenticated:
        preferred = getattr(current_user, "preferred_locale", None)
        if preferred in offered:
            return preferred
    cookie = request.cookies.get(LOCALE_COOKIE)
    if cookie in offered:
        return cookie
    # Accept-Language uses hyphens (fa-AF); Babel's codes use underscores.
    by_header = {code.replace("_", "-"): code for code in offered}
    best = request.accept_languages.best_match(list(by_header))
    if best:
        return by_header[best]
    return current_app.config["BABEL_DEFAULT_LOCALE"]


# Codes in CLDR's territory list that are groupings or ISO's "exceptionally reserved"
# codes, not countries. Kosovo (XK) stays: it is user-assigned but used by the EU.
_NOT_COUNTRIES = frozenset(
    {"AC", "CP", "CQ", "DG", "EA", "EU", "EZ", "IC", "QO", "TA", "UN", "XA", "XB", "ZZ"}
)


@cache
def _country_names(locale_code: str) -> tuple[tuple[str, str], ...]:
    territories = Locale.parse(locale_code).territories
    pairs = [
        (code, name)
        for code, name in territories.items()
        if len(code) == 2 and code.isalpha() and code not in _NOT_COUNTRIES
    ]
    return tuple(sorted(pairs, key=lambda pair: pair[1].casefold()))


def country_choices(locale_code: str) -> list[tuple[str, str]]:
    """ISO 3166 alpha-2 codes with their names in the given locale (CLDR)."""
    return list(_country_names(locale_code))


def country_name(code: str, locale_code: str) -> str:
    return Locale.parse(locale_code).territories.get(code, code)


# ISO 639-1 codes cover most languages people bring; these are added because many
# beneficiaries speak them and they have no two-letter code (Dari is CLDR's fa_AF).
_EXTRA_LANGUAGES = ("fa_AF", "ckb", "tig", "kab", "bal", "fil", "mnk", "ff")


@cache
def _language_names(locale_code: str) -> tuple[tuple[str, str], ...]:
    names = Locale.parse(locale_code).languages
    codes = [code for code in names if isinstance(code, str) and len(code) == 2 and code.isalpha()]
    codes += [code for code in _EXTRA_LANGUAGES if code in names and code not in codes]
    pairs = [(code, names[code][:1].upper() + names[code][1:]) for code in codes]
    return tuple(sorted(pairs, key=lambda pair: pair[1].casefold()))


def language_choices_for_forms(locale_code: str) -> list[tuple[str, str]]:
    """Language codes with their names in the given locale (CLDR), for profiles."""
    return list(_language_names(locale_code))


def language_name(code: str, locale_code: str) -> str:
    name = Locale.parse(locale_code).languages.get(code, code)
    return name[:1].upper() + name[1:]


# A page translates fifty strings and formats dozens of dates and numbers, each through
# Flask-Babel's locale and catalogue look-ups. What a locale makes of a message, date or
# number never changes, so each is worked out once per locale, by Flask-Babel itself under
# the very locale of the key, and kept in a bounded cache. Keys hold the locale's code.
CACHE_SIZE = 8192

# Set for every template by the context processor (app.setup): the locale and catalogue
# the page is rendered in, asked of Flask-Babel once per render rather than once per
# string, label or date. A render inside ``force_locale`` gets the forced ones.
PAGE_LOCALE = "current_locale"
PAGE_TRANSLATIONS = "page_translations"


def locale_code() -> str:
    """The code of Flask-Babel's current locale, as the caches key it."""
    return str(get_locale())


def page_locale(context: Context) -> str:
    """The locale a template is rendered in, as the caches key it."""
    code = context.get(PAGE_LOCALE)
    return code if code is not None else locale_code()


def translated(message: str) -> str:
    """Flask-Babel's ``gettext`` of a message without variables, once per locale."""
    return _translation(locale_code(), message)


@lru_cache(maxsize=CACHE_SIZE)
def _translation(locale: str, message: str) -> str:
    return get_translations().gettext(message)


def format_local_date(value: date | datetime, format: str = "medium") -> str:  # noqa: A002
    """Flask-Babel's ``format_date`` (a datetime in the user's time zone), once per locale."""
    return _local_date(locale_code(), value, format)


@pass_context
def page_date(context: Context, value: date | datetime, format: str = "medium") -> str:  # noqa: A002
    """The ``dateformat`` filter: ``format_local_date`` in the page's locale."""
    return _local_date(page_locale(context), value, format)


def _local_date(locale: str, value: date | datetime, format: str) -> str:  # noqa: A002
    if isinstance(value, datetime):
        value = to_user_timezone(value).date()
    return _formatted_date(locale, value, format)


@lru_cache(maxsize=CACHE_SIZE)
def _formatted_date(locale: str, value: date, format: str) -> str:  # noqa: A002
    return format_date(value, format)


def format_local_number(value: Any) -> str:
    """Flask-Babel's ``format_decimal``; whole numbers are formatted once per locale."""
    if type(value) is not int:
        return format_decimal(value)
    return _formatted_number(locale_code(), value)


@pass_context
def page_number(context: Context, value: Any) -> str:
    """The ``format_number`` filter: ``format_local_number`` in the page's locale."""
    if type(value) is not int:
        return format_decimal(value)
    return _formatted_number(page_locale(context), value)


@lru_cache(maxsize=CACHE_SIZE)
def _formatted_number(locale: str, value: int) -> str:
    return format_decimal(value)


def _page_translations(context: Context) -> Translations | NullTranslations:
    translations = context.get(PAGE_TRANSLATIONS)
    return translations if translations is not None else get_translations()


# Jinja hands these the template's context (they are ``pass_context``), so a page reads
# its catalogue from there; a template rendered without Flask's context processors (a
# bare ``Environment.from_string``) asks Flask-Babel.
@pass_context
def _page_gettext(context: Context, message: str) -> str:
    return _page_translations(context).gettext(message)


@pass_context
def _page_ngettext(context: Context, singular: str, plural: str, n: int) -> str:
    return _page_translations(context).ngettext(singular, plural, n)


@pass_context
def _page_pgettext(context: Context, message_context: str, message: str) -> str:
    # Babel's stubs type pgettext's result as object; it is the translated str.
    return str(_page_translations(context).pgettext(message_context, message))


@pass_context
def _page_npgettext(
    context: Context, message_context: str, singular: str, plural: str, n: int
) -> str:
    return _page_translations(context).npgettext(message_context, singular, plural, n)


def install_template_gettext(app: Flask) -> None:
    """Templates translate with the catalogue of the locale they are rendered in.

    Jinja's "newstyle" gettext wraps these callables: variables are escaped and filled in
    after the look-up, so a look-up only reads the catalogue.
    """
    app.jinja_env.install_gettext_callables(  # type: ignore[attr-defined]  # added by Jinja's i18n extension
        gettext=_page_gettext,
        ngettext=_page_ngettext,
        pgettext=_page_pgettext,
        npgettext=_page_npgettext,
        newstyle=True,
    )


def page_language_context() -> dict[str, object]:
    """What every template needs to know of its language, asked of Flask-Babel once."""
    locale = str(get_locale() or current_app.config["BABEL_DEFAULT_LOCALE"])
    return {
        "html_lang": locale.replace("_", "-"),
        "html_dir": text_direction(locale),
        PAGE_LOCALE: locale,
        PAGE_TRANSLATIONS: get_translations(),
        "language_choices": language_choices(),
    }
