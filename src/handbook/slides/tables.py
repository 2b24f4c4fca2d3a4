"""A designed slide's table: native, its header row bold and repeated on every part, columns
and rows as the composer measured them (media.table), the text at the size that fits."""

from __future__ import annotations

from handbook.model import plain
from handbook.slides import tablefit
from handbook.slides.pieces import Piece


def draw_table(slide, piece: Piece) -> None:
    from pptx.enum.text import MSO_ANCHOR, PP_ALIGN
    from pptx.util import Pt

    table = piece.table
    size = piece.paras[0].size if piece.paras else tablefit.TABLE_PT
    rows = [table.header, *table.rows]
    r = piece.rect
    shape = slide.shapes.add_table(len(rows), len(piece.widths), r.left, r.top, r.width,
                                   sum(piece.heights))
    shape.name = piece.name
    grid = shape.table
    grid.first_row = True
    for index, width in enumerate(piece.widths):
        grid.columns[index].width = width
    for row_index, row in enumerate(rows):
        grid.rows[row_index].height = piece.heights[row_index]
        for column in range(len(piece.widths)):
            cell = grid.cell(row_index, column)
            cell.text = plain(row[column]) if column < len(row) else ""
            cell.margin_top = cell.margin_bottom = Pt(tablefit.CELL_MARGIN_Y_PT)
            cell.vertical_anchor = MSO_ANCHOR.MIDDLE
            align = table.align[column] if column < len(table.align) else None
            for paragraph in cell.text_frame.paragraphs:
                if align in ("right", "center"):
                    paragraph.alignment = PP_ALIGN.RIGHT if align == "right" else PP_ALIGN.CENTER
                for run in paragraph.runs:
                    run.font.size = Pt(size)
                    run.font.bold = row_index == 0 or None
