"""The helpers templates use to isolate names and codes inside translated text."""

from __future__ import annotations

from flask import Flask
from markupsafe import Markup

from app.setup import isolate


def test_names_are_isolated_and_escaped(app: Flask) -> None:
    assert isolate("<Amina & Yusuf>") == "<bdi>&lt;Amina &amp; Yusuf&gt;</bdi>"
    assert isolate(Markup("<b>A</b>")) == "<bdi><b>A</b></bdi>"
    assert isolate("FR-2026-00042", "ltr") == '<bdi dir="ltr">FR-2026-00042</bdi>'
    assert isolate(("a", "b")) == "<bdi>(&#39;a&#39;, &#39;b&#39;)</bdi>"
