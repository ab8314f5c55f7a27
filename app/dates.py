"""Today's date where the network works, and the range of dates anyone may enter."""

from __future__ import annotations

from datetime import date, datetime

from flask_babel import get_timezone

EARLIEST_YEAR = 1900
# Far enough ahead for any plan or due date; beyond it a date is a typing slip, and
# close enough to the end of the calendar that date arithmetic never overflows.
YEARS_AHEAD = 10


def local_today() -> date:
    return datetime.now(get_timezone()).date()


def latest_accepted_year(today: date) -> int:
    return today.year + YEARS_AHEAD


def is_accepted_date(value: date, today: date) -> bool:
    """Whether a date typed into a form or a query string is plausible at all."""
    return EARLIEST_YEAR <= value.year <= latest_accepted_year(today)
