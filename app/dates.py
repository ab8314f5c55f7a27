"""Today's date where the network works, not where the server's clock happens to be."""

from __future__ import annotations

from datetime import date, datetime

from flask_babel import get_timezone


def local_today() -> date:
    return datetime.now(get_timezone()).date()
