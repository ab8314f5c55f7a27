"""Translations and dates through the per-request shortcuts read the same as Flask-Babel's."""

from __future__ import annotations

from datetime import UTC, date, datetime

import flask_babel
from flask import Flask, render_template_string
from flask_babel import force_locale
from markupsafe import Markup

from app.i18n import (
    BENEFICIARY_LOCALES,
    format_local_date,
    format_local_number,
    request_catalogue,
)
from app.vocabulary import StageKind

SOME_DAY = date(2026, 3, 14)
LATE_EVENING_UTC = datetime(2026, 3, 14, 23, 30, tzinfo=UTC)  # already the 15th in Paris


def test_dates_read_as_flask_babel_writes_them_in_every_language(app: Flask) -> None:
    with app.test_request_context("/"):
        for locale in BENEFICIARY_LOCALES:
            with force_locale(locale):
                for shape in ("short", "medium", "long", "full"):
                    for value in (SOME_DAY, LATE_EVENING_UTC):
                        expected = flask_babel.format_date(value, shape)
                        assert format_local_date(value, shape) == expected, (locale, shape)


def test_numbers_read_as_flask_babel_writes_them_in_every_language(app: Flask) -> None:
    with app.test_request_context("/"):
        for _ in range(2):  # the second round reads the remembered ones
            for locale in BENEFICIARY_LOCALES:
                with force_locale(locale):
                    for value in (0, 7, 1234, 1234567, 12.5):
                        expected = flask_babel.format_decimal(value)
                        assert format_local_number(value) == expected, (locale, value)


def test_a_forced_locale_switches_strings_labels_and_dates_and_back(app: Flask) -> None:
    page = "{{ _('Cancel') }}|{{ kind.label }}|{{ day|dateformat('long') }}"
    with app.test_request_context("/", headers={"Accept-Language": "fr"}):
        french = render_template_string(page, kind=StageKind.HOST_LANGUAGE, day=SOME_DAY)
        with force_locale("de"):
            german = render_template_string(page, kind=StageKind.HOST_LANGUAGE, day=SOME_DAY)
            assert request_catalogue().gettext("Cancel") == "Abbrechen"
        again = render_template_string(page, kind=StageKind.HOST_LANGUAGE, day=SOME_DAY)
    assert french == again == "Annuler|Formation linguistique|14 mars 2026"
    assert german == "Abbrechen|Sprachkurs|14. März 2026"


def test_template_translation_behaves_as_jinja_newstyle_gettext(app: Flask) -> None:
    """Variables are escaped, the number of ``ngettext`` is ``num``, ``%%`` is a format."""
    page = (
        "{{ _('Case %(number)s', number=name) }}|{{ gettext('Case %(number)s', number=safe) }}|"
        "{{ ngettext('%(num)d case found.', '%(num)d cases found.', 3) }}|{{ _('100%%') }}"
    )
    with app.test_request_context("/", headers={"Accept-Language": "fr"}):
        html = render_template_string(page, name="<b>Amina</b>", safe=Markup("<bdi>X</bdi>"))
        plain_text = app.jinja_env.overlay(autoescape=False)
        text = plain_text.from_string("{{ _('Case %(number)s', number=name) }}").render(name="<b>")
    assert html == "Dossier &lt;b&gt;Amina&lt;/b&gt;|Dossier <bdi>X</bdi>|3 dossiers trouvés.|100%"
    assert text == "Dossier <b>"  # a text template (an e-mail, say) is not escaped
