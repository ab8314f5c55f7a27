"""Supported locales, how a request's locale is chosen, and text direction."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from functools import cache
from pathlib import Path
from types import SimpleNamespace
from typing import Any
from weakref import WeakKeyDictionary

from babel import Locale
from babel.dates import get_date_format, parse_pattern
from babel.support import NullTranslations
from flask import Flask, current_app, has_request_context, request
from flask.globals import _cv_app
from flask_babel import (
    format_date,
    format_decimal,
    get_locale,
    get_translations,
    to_user_timezone,
)
from flask_login import current_user
from jinja2 import pass_eval_context
from jinja2.nodes import EvalContext
from markupsafe import Markup

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
    "app/pathways/vocabulary.py",
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
    from app.accounts.roles import STAFF_ROLES

    user = current_user._get_current_object()  # None outside a request
    return bool(user and user.is_authenticated and user.role in STAFF_ROLES)


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
    user = current_user._get_current_object()
    if user and user.is_authenticated:
        preferred = getattr(user, "preferred_locale", None)
        if preferred in offered:
            return preferred
    cookie = request.cookies.get(LOCALE_COOKIE)
    if cookie in offered:
        return cookie
    # Accept-Language uses hyphens (fa-AF); Babel's codes use underscores.
    by_header = {code.replace("_", "-"): code for code in offered}
    best = request.accept_languages.best_match(list(by_header), default=None)
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
    codes = [code for code in names if len(code) == 2 and code.isalpha()]
    codes += [code for code in _EXTRA_LANGUAGES if code in names and code not in codes]
    pairs = [(code, names[code][:1].upper() + names[code][1:]) for code in codes]
    return tuple(sorted(pairs, key=lambda pair: pair[1].casefold()))


def language_choices_for_forms(locale_code: str) -> list[tuple[str, str]]:
    """Language codes with their names in the given locale (CLDR), for profiles."""
    return list(_language_names(locale_code))


def language_name(code: str, locale_code: str) -> str:
    name = Locale.parse(locale_code).languages.get(code, code)
    return name[:1].upper() + name[1:]


def _babel_state() -> SimpleNamespace | None:
    """Flask-Babel's per-request state (chosen locale, forced locale), if there is one.

    Read through one context lookup: ``get_locale`` takes several, and a page asks for the
    locale a few hundred times (every label, date and translated string).
    """
    context = _cv_app.get(None)
    return None if context is None else context.g.__dict__.get("_flask_babel")


def current_locale() -> Locale | None:
    """The same as Flask-Babel's ``get_locale``, force_locale included, found faster."""
    state = _babel_state()
    locale = getattr(state, "babel_locale", None) if state is not None else None
    return locale if locale is not None else get_locale()


def request_catalogue() -> NullTranslations:
    """The catalogue of the locale in force, found once per request and locale.

    Kept beside the locale it belongs to, so that ``force_locale`` (a letter in the
    beneficiary's language) still switches catalogues.
    """
    state = _babel_state()
    if state is None:
        return get_translations()
    locale = getattr(state, "babel_locale", None)
    if locale is None:
        locale = get_locale()
    kept = getattr(state, "passerelle_catalogue", None)
    if kept is not None and kept[0] is locale:
        return kept[1]
    catalogue = get_translations()
    state.passerelle_catalogue = (locale, catalogue)
    return catalogue


# Formatted dates, by locale and format: a date formats the same way for everyone, and a
# list page formats one on every row. Emptied when it grows past the bound.
_formatted_dates: dict[tuple[Locale, str], dict[date, str]] = {}
_FORMATTED_DATES_BOUND = 20_000


def format_local_date(value: date | datetime, format: str = "medium") -> str:  # noqa: A002
    """Flask-Babel's ``dateformat`` (same result), each date formatted once per locale."""
    if isinstance(value, datetime):
        value = to_user_timezone(value).date()
    state = _babel_state()
    locale = getattr(state, "babel_locale", None) if state is not None else None
    if locale is None:
        locale = get_locale()
        if locale is None:
            return format_date(value, format)
    # This request's dates by format, kept beside the locale they belong to: finding them
    # in the shared table hashes and compares a Locale, which costs more than the lookup.
    kept = getattr(state, "passerelle_dates", None)
    if kept is None or kept[0] is not locale:
        kept = (locale, {})
        if state is not None:
            state.passerelle_dates = kept
    formatted = kept[1].get(format)
    if formatted is None:
        formatted = kept[1][format] = _formatted_dates.get((locale, format))
    if formatted is None:
        if len(_formatted_dates) > 100:
            _formatted_dates.clear()
        formatted = kept[1][format] = _formatted_dates[(locale, format)] = {}
    text = formatted.get(value)
    if text is None:
        if len(formatted) >= _FORMATTED_DATES_BOUND:
            formatted.clear()
        pattern = parse_pattern(get_date_format(format, locale=locale))
        text = formatted[value] = pattern.apply(value, locale)
    return text


# Whole numbers as the locale writes them (hours on a case page, counts in lists), each
# formatted once per locale. Emptied when it grows past the bound.
_formatted_numbers: dict[tuple[str, int], str] = {}
_FORMATTED_NUMBERS_BOUND = 20_000


def format_local_number(value: Any) -> str:
    """Flask-Babel's ``format_decimal`` (same result); whole numbers are remembered."""
    if type(value) is not int:
        return format_decimal(value)
    key = (str(current_locale()), value)
    text = _formatted_numbers.get(key)
    if text is None:
        if len(_formatted_numbers) >= _FORMATTED_NUMBERS_BOUND:
            _formatted_numbers.clear()
        text = _formatted_numbers[key] = format_decimal(value)
    return text


def _newstyle(eval_context: EvalContext, text: str, variables: dict[str, Any]) -> str:
    # As Jinja's "newstyle" gettext: the catalogue's text is trusted markup (as Jinja
    # treats it), variables are escaped, and it is always a format string.
    return (Markup(text) if eval_context.autoescape else text) % variables  # noqa: S704


# Strings that templates translate without variables, as they are shown, by catalogue:
# the same forty or so on every page, each worked out once.
_shown_strings: WeakKeyDictionary[NullTranslations, dict[tuple[str, bool], str]] = (
    WeakKeyDictionary()
)


@pass_eval_context
def _template_gettext(eval_context: EvalContext, message: str, **variables: Any) -> str:
    catalogue = request_catalogue()
    if variables:
        return _newstyle(eval_context, catalogue.ugettext(message), variables)
    shown = _shown_strings.get(catalogue)
    if shown is None:
        shown = _shown_strings[catalogue] = {}
    key = (message, eval_context.autoescape)
    text = shown.get(key)
    if text is None:
        text = shown[key] = _newstyle(eval_context, catalogue.ugettext(message), {})
    return text


@pass_eval_context
def _template_ngettext(
    eval_context: EvalContext, singular: str, plural: str, number: int, **variables: Any
) -> str:
    variables.setdefault("num", number)
    text = request_catalogue().ungettext(singular, plural, number)
    return _newstyle(eval_context, text, variables)


def install_template_gettext(app: Flask) -> None:
    """Templates translate through ``request_catalogue`` (same catalogues, fewer lookups).

    Jinja's i18n extension is installed for its syntax and message extraction; ``_``,
    ``gettext`` and ``ngettext`` are then replaced by functions with the same "newstyle"
    behaviour that take one call instead of three: a page translates fifty strings or more.
    """
    app.jinja_env.install_gettext_callables(
        gettext=lambda s: request_catalogue().ugettext(s),
        ngettext=lambda s, p, n: request_catalogue().ungettext(s, p, n),
        pgettext=lambda c, s: request_catalogue().upgettext(c, s),
        npgettext=lambda c, s, p, n: request_catalogue().unpgettext(c, s, p, n),
        newstyle=True,
    )
    app.jinja_env.globals.update(
        _=_template_gettext, gettext=_template_gettext, ngettext=_template_ngettext
    )
