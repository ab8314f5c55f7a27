"""The welcome letter as PDF: Arabic shaped and right to left, Ethiopic script drawn with a
real font, checked by reading the PDF back and by turning it into an image."""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import pytest
from flask import Flask

from app.extensions import db
from app.portal import services
from app.portal.letter import letter_pdf, welcome_letter
from tests.casefiles import Office
from tests.factories import make_case

ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"
POPPLER = shutil.which("pdftoppm") and shutil.which("pdftotext") and shutil.which("pdffonts")
pytestmark = pytest.mark.skipif(not POPPLER, reason="poppler-utils is not installed")


def _letter(app: Flask, office: Office, locale: str, tmp_path: Path) -> Path:
    with app.test_request_context():
        beneficiary = make_case(office.trainer, preferred_language=locale)
        trainer = db.session.merge(office.trainer)
        issued = services.issue_access(
            db.session.merge(beneficiary), trainer, beneficiary.entered_on
        )
        letter = welcome_letter(beneficiary, issued.account, issued.code, issued.expires_on)
        assert letter.locale == locale
        pdf = tmp_path / f"letter-{locale}.pdf"
        pdf.write_bytes(letter_pdf(letter))
        db.session.rollback()
    ARTIFACTS.mkdir(exist_ok=True)
    subprocess.run(["pdftoppm", "-png", "-r", "50", "-singlefile", str(pdf),
                    str(ARTIFACTS / f"letter-{locale}")], check=True, timeout=60)  # fmt: skip
    assert (ARTIFACTS / f"letter-{locale}.png").stat().st_size > 10_000
    return pdf


def _words(pdf: Path) -> list[tuple[float, float, str]]:
    """(xMin, xMax, word) of each word, from poppler's layout."""
    xml = subprocess.run(["pdftotext", "-bbox", str(pdf), "-"], capture_output=True,
                         check=True, timeout=60).stdout.decode()  # fmt: skip
    return [
        (float(x_min), float(x_max), word)
        for x_min, x_max, word in re.findall(
            r'<word xMin="([\d.]+)" yMin="[\d.]+" xMax="([\d.]+)" yMax="[\d.]+">([^<]*)</word>', xml
        )
    ]


def _fonts(pdf: Path) -> str:
    return subprocess.run(["pdffonts", str(pdf)], capture_output=True, check=True,
                          timeout=60).stdout.decode()  # fmt: skip


def test_an_arabic_letter_runs_right_to_left(app: Flask, office: Office, tmp_path: Path) -> None:
    pdf = _letter(app, office, "ar", tmp_path)
    arabic = [(x_min, x_max) for x_min, x_max, word in _words(pdf)
              if re.search("[\u0600-\u06ff]", word)]  # fmt: skip
    assert len(arabic) > 30
    # A4 is 595 points wide: right-aligned lines end near the right margin.
    assert max(x_max for _x, x_max in arabic) > 500
    assert "Arabic" in _fonts(pdf)


def test_a_tigrinya_letter_uses_an_ethiopic_font(
    app: Flask, office: Office, tmp_path: Path
) -> None:
    pdf = _letter(app, office, "ti", tmp_path)
    words = " ".join(word for _a, _b, word in _words(pdf))
    assert re.search("[\u1200-\u137f]{3,}", words)
    assert "Ethiopic" in _fonts(pdf)


def test_an_english_letter_runs_left_to_right(app: Flask, office: Office, tmp_path: Path) -> None:
    pdf = _letter(app, office, "en", tmp_path)
    words = _words(pdf)
    assert min(x_min for x_min, _x, _w in words) < 80
    assert any(word == "Welcome" for _a, _b, word in words)
