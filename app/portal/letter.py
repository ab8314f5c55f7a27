"""The welcome letter: how a beneficiary opens their space, in their own language.

It carries the login code, the one-time activation code and a QR code (made here, with
segno) that opens the activation page. The PDF is drawn by WeasyPrint, whose text shaping
(HarfBuzz) writes Arabic and Ethiopic script correctly and right to left where needed.
"""

from __future__ import annotations

import io
from dataclasses import dataclass
from datetime import date

import segno
from flask import render_template, url_for
from flask_babel import force_locale
from markupsafe import Markup

from app.accounts.models import User
from app.cases.models import Beneficiary
from app.i18n import text_direction
from app.pdf import html_to_pdf


@dataclass(frozen=True, slots=True)
class Letter:
    locale: str
    direction: str
    body: Markup


def letter_locale(account: User) -> str:
    return account.preferred_locale or "en"


def qr_svg(url: str) -> Markup:
    qr = segno.make(url, error="m")
    buffer = io.BytesIO()
    qr.save(buffer, kind="svg", scale=4, border=2, xmldecl=False, svgns=True,
            title=None, svgclass="qr", lineclass=None)  # fmt: skip
    return Markup(buffer.getvalue().decode("utf-8"))  # noqa: S704 (segno's own SVG output)


def welcome_letter(beneficiary: Beneficiary, account: User, code: str, expires_on: date) -> Letter:
    locale = letter_locale(account)
    activation_url = url_for("portal.activate", code=code, _external=True)
    with force_locale(locale):
        body = render_template(
            "portal/_letter.html",
            beneficiary=beneficiary,
            account=account,
            code=code,
            expires_on=expires_on,
            activation_url=activation_url,
            login_url=url_for("portal.login", _external=True),
            activate_url=url_for("portal.enter_code", _external=True),
            qr=qr_svg(activation_url),
            organisation=beneficiary.organisation,
        )
    return Letter(locale, text_direction(locale), Markup(body))  # noqa: S704 (our template)


def letter_pdf(letter: Letter) -> bytes:
    with force_locale(letter.locale):
        document = render_template("portal/letter_document.html", letter=letter)
    return html_to_pdf(document, url_for("static", filename="", _external=True))
