"""What the per-locale caches give equals what Flask-Babel gives, in every language we ship."""

from __future__ import annotations

from datetime import UTC, date, datetime
from pathlib import Path
from types import SimpleNamespace

import flask_babel
from babel.messages.pofile import read_po
from flask import Flask, render_template_string
from flask_babel import force_locale
from markupsafe import Markup, escape

from app.accounts.roles import Role
from app.i18n import format_local_date, format_local_number, translated
from app.navigation import MENUS, main_menu
from app.vocabulary import VOCABULARY, StageKind

TRANSLATIONS = Path(__file__).resolve().parents[2] / "translations"
LOCALES = ("en", *sorted(path.parent.name for path in TRANSLATIONS.glob("*/LC_MESSAGES")))

SOME_DAY = date(2026, 3, 14)
LATE_EVENING_UTC = datetime(2026, 3, 14, 23, 30, tzinfo=UTC)  # already the 15th in Paris
DATE_FORMATS = ("short", "medium", "long", "full", "d MMM yyyy", "EEEE d MMMM", "yyyy-MM-dd")


def _messages() -> list[str]:
    with (TRANSLATIONS / "messages.pot").open("rb") as template:
        catalogue = read_po(template)
    return [message.id for message in catalogue if message.id and isinstance(message.id, str)]


def test_every_locale_we_ship_is_covered() -> None:
    assert len(LOCALES) == 15


def test_dates_are_the_ones_flask_babel_writes(app: Flask) -> None:
    with app.test_request_context("/"):
        for _ in range(2):  # the second round reads the cache
            for locale in LOCALES:
                with force_locale(locale):
                    for shape in DATE_FORMATS:
                        for value in (SOME_DAY, LATE_EVENING_UTC):
                            expected = flask_babel.format_date(value, shape)
                            assert format_local_date(value, shape) == expected, (locale, shape)


def test_numbers_are_the_ones_flask_babel_writes(app: Flask) -> None:
    with app.test_request_context("/"):
        for _ in range(2):
            for locale in LOCALES:
                with force_locale(locale):
                    for value in (0, 7, -42, 1234, 1234567, 12.5):
                        expected = flask_babel.format_decimal(value)
                        assert format_local_number(value) == expected, (locale, value)


def test_every_message_is_the_one_flask_babel_translates(app: Flask) -> None:
    messages = _messages()
    assert len(messages) > 500
    with app.test_request_context("/"):
        for locale in LOCALES:
            with force_locale(locale):
                for _ in range(2):
                    assert [translated(m) for m in messages] == [
                        flask_babel.gettext(m) for m in messages
                    ], locale


def test_every_label_and_menu_is_the_one_flask_babel_translates(app: Flask) -> None:
    with app.test_request_context("/"):
        for locale in LOCALES:
            with force_locale(locale):
                for _ in range(2):
                    for vocabulary, labels in VOCABULARY.items():
                        for member in vocabulary:
                            assert member.label == str(labels[member]), (locale, member)
                    for role in Role:
                        user = SimpleNamespace(role=role)
                        expected = tuple((endpoint, str(label)) for endpoint, label in MENUS[role])
                        assert main_menu(user) == expected, (locale, role)  # type: ignore[arg-type]


def test_a_forced_locale_switches_strings_labels_and_dates_and_back(app: Flask) -> None:
    page = "{{ _('Cancel') }}|{{ kind.label }}|{{ kind|label }}|{{ day|dateformat('long') }}"
    with app.test_request_context("/", headers={"Accept-Language": "fr"}):
        french = render_template_string(page, kind=StageKind.HOST_LANGUAGE, day=SOME_DAY)
        with force_locale("de"):
            german = render_template_string(page, kind=StageKind.HOST_LANGUAGE, day=SOME_DAY)
        again = render_template_string(page, kind=StageKind.HOST_LANGUAGE, day=SOME_DAY)
    assert french == again == "Annuler|Formation linguistique|Formation linguistique|14 mars 2026"
    assert german == "Abbrechen|Sprachkurs|Sprachkurs|14. März 2026"


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


def test_templates_translate_label_and_format_as_flask_babel_in_every_locale(app: Flask) -> None:
    """A page asks for its locale and catalogue once; what it shows stays Flask-Babel's."""
    messages = [m for m in _messages() if "%" not in m]  # newstyle gettext formats the rest
    members = [member for vocabulary in VOCABULARY for member in vocabulary]
    page = (
        "{% for m in messages %}{{ _(m) }}\n{% endfor %}"
        "{% for member in members %}{{ member|label }}\n{% endfor %}"
        "{% for shape in shapes %}{% for day in days %}{{ day|dateformat(shape) }}\n"
        "{% endfor %}{% endfor %}"
        "{% for n in numbers %}{{ n|format_number }}\n{% endfor %}"
    )
    days = (SOME_DAY, LATE_EVENING_UTC)
    numbers = (0, 7, -42, 1234, 1234567, 12.5)
    with app.test_request_context("/"):
        for locale in LOCALES:
            with force_locale(locale):
                # The catalogue's own text is trusted markup; values are escaped.
                expected = "".join(f"{flask_babel.gettext(m)}\n" for m in messages) + "".join(
                    f"{escape(text)}\n"
                    for text in (
                        *(str(VOCABULARY[type(member)][member]) for member in members),
                        *(flask_babel.format_date(d, s) for s in DATE_FORMATS for d in days),
                        *(flask_babel.format_decimal(n) for n in numbers),
                    )
                )
                for _ in range(2):  # the second round reads the caches
                    shown = render_template_string(
                        page,
                        messages=messages,
                        members=members,
                        shapes=DATE_FORMATS,
                        days=days,
                        numbers=numbers,
                    )
                    assert shown == expected, locale
