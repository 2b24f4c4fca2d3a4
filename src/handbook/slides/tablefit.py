"""Column widths and row heights of a slide table, measured like body text (textfit)."""

from __future__ import annotations

from dataclasses import dataclass

from handbook.model import Inline, Table, plain
from handbook.slides.textfit import line_height_em, text_width_pt, wrapped_lines

TABLE_PT = 20
CELL_MARGIN_X_PT = 7.2
CELL_MARGIN_Y_PT = 5.0
MIN_COLUMN_PT = 80.0
MAX_COLUMN_PT = 420.0


@dataclass(frozen=True)
class TableLayout:
    widths: tuple[float, ...]  # points
    heights: tuple[float, ...]  # points: header row first


def column_count(table: Table) -> int:
    return max([len(table.header), *(len(r) for r in table.rows)])


def natural_width(table: Table, size: float = TABLE_PT) -> float:
    """The width the table's columns want at SIZE: each its longest text, within limits."""
    return sum(_wants(table, size))


def _wants(table: Table, size: float) -> list[float]:
    rows = [table.header, *table.rows]
    wants = []
    for c in range(column_count(table)):
        longest = max((text_width_pt(plain(r[c]), size, bold=i == 0) for i, r in enumerate(rows)
                       if c < len(r)), default=MIN_COLUMN_PT)
        scale = size / TABLE_PT
        wants.append(min(max(longest / 0.96 + 2 * CELL_MARGIN_X_PT, MIN_COLUMN_PT * scale),
                         MAX_COLUMN_PT * scale))
    return wants


def layout(table: Table, width_pt: float, size: float = TABLE_PT) -> TableLayout:
    """Widths shared out by each column's longest text; heights from the wrapped lines."""
    wants = _wants(table, size)
    widths = tuple(w * width_pt / sum(wants) for w in wants)
    rows = [table.header, *table.rows]
    heights = tuple(_row_height(row, widths, index == 0, size) for index, row in enumerate(rows))
    return TableLayout(widths, heights)


def _row_height(row: tuple[Inline, ...], widths: tuple[float, ...], bold: bool,
                size: float = TABLE_PT) -> float:
    lines = max((wrapped_lines(plain(cell), width - 2 * CELL_MARGIN_X_PT, size, bold)
                 for cell, width in zip(row, widths, strict=False)), default=1)
    return lines * size * line_height_em(bold) + 2 * CELL_MARGIN_Y_PT


def split_rows(table: Table, width_pt: float, height_pt: float, max_rows: int) -> list[Table]:
    """Tables of at most `max_rows` body rows that fit `height_pt`, header repeated on each."""
    measured = layout(table, width_pt)
    header_height, row_heights = measured.heights[0], measured.heights[1:]
    parts: list[Table] = []
    current: list[tuple[Inline, ...]] = []
    used = header_height
    for row, height in zip(table.rows, row_heights, strict=True):
        if current and (len(current) >= max_rows or used + height > height_pt):
            parts.append(Table(table.header, tuple(current), table.align))
            current, used = [], header_height
        current.append(row)
        used += height
    if current or not parts:
        parts.append(Table(table.header, tuple(current), table.align))
    if len(parts) > 1:  # evened out: 4 + 3 rows rather than 6 + 1
        per = -(-len(table.rows) // len(parts))
        even = [table.rows[i:i + per] for i in range(0, len(table.rows), per)]
        if len(even) == len(parts) and all(
                header_height + sum(_row_height(r, measured.widths, False) for r in rows)
                <= height_pt for rows in even):
            return [Table(table.header, tuple(rows), table.align) for rows in even]
    return parts
