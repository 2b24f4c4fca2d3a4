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


def layout(table: Table, width_pt: float) -> TableLayout:
    """Widths shared out by each column's longest text; heights from the wrapped lines."""
    columns = column_count(table)
    rows = [table.header, *table.rows]
    wants = []
    for c in range(columns):
        longest = max((text_width_pt(plain(r[c]), TABLE_PT) for r in rows if c < len(r)),
                      default=MIN_COLUMN_PT)
        wants.append(min(max(longest + 2 * CELL_MARGIN_X_PT, MIN_COLUMN_PT), MAX_COLUMN_PT))
    widths = tuple(w * width_pt / sum(wants) for w in wants)
    heights = tuple(_row_height(row, widths, bold=index == 0) for index, row in enumerate(rows))
    return TableLayout(widths, heights)


def _row_height(row: tuple[Inline, ...], widths: tuple[float, ...], bold: bool) -> float:
    lines = max((wrapped_lines(plain(cell), width - 2 * CELL_MARGIN_X_PT, TABLE_PT, bold)
                 for cell, width in zip(row, widths, strict=False)), default=1)
    return lines * TABLE_PT * line_height_em(bold) + 2 * CELL_MARGIN_Y_PT


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
    return parts
