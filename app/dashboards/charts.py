"""Accessible bar charts drawn on the server as SVG: no script, no library from elsewhere.

Each chart has a <title> and <desc>, and the page shows the same figures as a table next to
it. Bars are horizontal and grow from the start edge of the page's direction: from the left
in left-to-right languages, from the right in right-to-left ones. Hidden counts draw no
bar; their marker is written where the bar would end.
"""

from __future__ import annotations

from collections.abc import Hashable
from dataclasses import dataclass

from markupsafe import Markup, escape

from app.dashboards.tables import Table, count_cell

WIDTH = 640
LABEL_WIDTH = 200
VALUE_ROOM = 70
BAR = 14
GAP = 4
GROUP_GAP = 12


@dataclass(frozen=True, slots=True)
class Series:
    column: str
    label: str


def bar_chart(
    table: Table,
    series: list[Series],
    *,
    chart_id: str,
    title: str,
    description: str,
    threshold: int,
    direction: str = "ltr",
    rows: list[tuple[Hashable, str]] | None = None,
) -> Markup:
    rows = rows if rows is not None else table.rows
    values = [
        table.value(row, s.column) if table.is_shown(row, s.column) else 0
        for row, _label in rows
        for s in series
    ]
    top = max([*values, 1])
    scale = (WIDTH - LABEL_WIDTH - VALUE_ROOM) / top
    rtl = direction == "rtl"
    legend_height = 24 if len(series) > 1 else 0
    group_height = len(series) * (BAR + GAP) + GROUP_GAP
    height = legend_height + len(rows) * group_height + 8
    parts = [
        Markup(
            '<svg class="chart" xmlns="http://www.w3.org/2000/svg" role="img" '
            'viewBox="0 0 {w} {h}" width="{w}" height="{h}" direction="{d}" '
            'aria-labelledby="{id}-title {id}-desc">'
        ).format(w=WIDTH, h=height, d=direction, id=chart_id),
        Markup('<title id="{}-title">{}</title>').format(chart_id, title),
        Markup('<desc id="{}-desc">{}</desc>').format(chart_id, description),
    ]

    def x_of(start: float, length: float = 0) -> float:
        """A position measured from the start edge, mirrored on right-to-left pages."""
        return WIDTH - start - length if rtl else start

    for index, s in enumerate(series):
        offset = index * 180
        parts.append(
            Markup(
                '<rect class="chart__bar chart__bar--{}" x="{}" y="4" width="12" height="12"/>'
            ).format(index, round(x_of(LABEL_WIDTH + offset, 12), 1))
        )
        parts.append(
            Markup(
                '<text class="chart__legend" x="{}" y="14" text-anchor="start">{}</text>'
            ).format(round(x_of(LABEL_WIDTH + offset + 18), 1), escape(s.label))
        )
    y = legend_height
    for row, label in rows:
        label_y = y + (len(series) * (BAR + GAP)) / 2 + 4
        parts.append(
            Markup('<text class="chart__label" x="{}" y="{}" text-anchor="start">{}</text>').format(
                x_of(4), round(label_y, 1), escape(_shorten(label))
            )
        )
        for index, s in enumerate(series):
            cell = count_cell(table, row, s.column, threshold)
            length = (cell.number or 0) * scale
            if length:
                parts.append(
                    Markup(
                        '<rect class="chart__bar chart__bar--{}" x="{}" y="{}" width="{}" '
                        'height="{}"/>'
                    ).format(index, round(x_of(LABEL_WIDTH, length), 1), y, round(length, 1), BAR)
                )
            parts.append(
                Markup(
                    '<text class="chart__value" x="{}" y="{}" text-anchor="start">{}</text>'
                ).format(round(x_of(LABEL_WIDTH + length + 4), 1), y + BAR - 3, cell.text)
            )
            y += BAR + GAP
        y += GROUP_GAP
    parts.append(Markup("</svg>"))
    return Markup("").join(parts)


def _shorten(label: str, limit: int = 30) -> str:
    return label if len(label) <= limit else label[: limit - 1] + "…"
