"""The current view as CSV or XLSX: the same suppressed figures as the page, nothing more."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator

from flask_babel import gettext as _
from openpyxl import Workbook
from openpyxl.utils import get_column_letter

from app.dashboards.builders import Dashboard
from app.dashboards.tables import TOTAL, Table, count_cell, derived_cell

Cell = str | int | float


def table_rows(table: Table, threshold: int) -> Iterator[list[Cell]]:
    """Header, then one line per row: counts as numbers, hidden ones as their marker."""
    yield [
        table.row_header,
        *(c.label for c in table.shown_columns),
        *(d.label for d in table.derived),
    ]
    labels = dict(table.rows)
    for row in table.all_rows():
        label = _("Total") if row == TOTAL else labels[row]
        cells: list[Cell] = [label]
        for column in table.shown_columns:
            shown = count_cell(table, row, column.key, threshold)
            cells.append(shown.text if shown.number is None else shown.number)
        for derived in table.derived:
            shown = derived_cell(table, row, derived)
            cells.append("" if shown.number is None else shown.number)
        yield cells


def _safe(value: Cell) -> Cell:
    """Keep spreadsheet programs from reading a label as a formula."""
    if isinstance(value, str) and value[:1] in ("=", "+", "-", "@"):
        return "'" + value
    return value


def to_csv(dashboard: Dashboard, heading: list[str]) -> str:
    out = io.StringIO()
    writer = csv.writer(out)
    for line in heading:
        writer.writerow([_safe(line)])
    for table in dashboard.tables:
        writer.writerow([])
        writer.writerow([_safe(table.title)])
        for row in table_rows(table, dashboard.threshold):
            writer.writerow([_safe(cell) for cell in row])
    return out.getvalue()


def to_xlsx(dashboard: Dashboard, heading: list[str]) -> bytes:
    workbook = Workbook()
    # A new workbook comes with one sheet: it carries the heading.
    about = workbook.worksheets[0]
    about.title = _("About")[:31]
    for line in heading:
        about.append([_safe(line)])
    for index, table in enumerate(dashboard.tables, start=1):
        sheet = workbook.create_sheet(f"{index} {table.title}"[:31].replace("/", "-"))
        sheet.append([_safe(table.title)])
        for row in table_rows(table, dashboard.threshold):
            sheet.append([_safe(cell) for cell in row])
        for column in range(1, sheet.max_column + 1):
            sheet.column_dimensions[get_column_letter(column)].width = 18
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()
