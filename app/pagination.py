"""Page numbers: read from a query string, and kept within the pages that exist."""

from __future__ import annotations

# Far beyond any real list, and small enough that (page - 1) * per_page fits any OFFSET.
MAX_PAGE_NUMBER = 100_000


def page_number_from(raw: str | None) -> int:
    """The page a query string asks for, from 1 to ``MAX_PAGE_NUMBER``.

    Only ASCII digits count: anything else ("", "0", "-2", "²", "1e9") is the first page,
    and a larger number is ``MAX_PAGE_NUMBER``, so that no query offset overflows.
    """
    if not raw or not raw.isascii() or not raw.isdigit():
        return 1
    significant = raw.lstrip("0")
    if len(significant) > len(str(MAX_PAGE_NUMBER)):
        return MAX_PAGE_NUMBER
    return min(max(int(raw), 1), MAX_PAGE_NUMBER)


def page_count(total: int, per_page: int) -> int:
    """How many pages ``total`` items fill; an empty list still has its one page."""
    return max(1, -(-total // per_page))


def page_within(page: int, total: int, per_page: int) -> int:
    """``page``, or the last page when it asks for one past the end."""
    return min(page, page_count(total, per_page))
