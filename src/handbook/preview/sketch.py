"""A planned slide drawn in HTML from the same plan and geometry as the deck: the layout's
background and title box, and each piece (slides/pieces.py) where the deck puts it, one CSS
pixel a point, in the bundled Carlito. What an author sees here is what the deck will hold:
the layout chosen, a split into "(2/3)", a shrink."""

from __future__ import annotations

import html

from handbook.slides.geometry import LayoutInfo, Rect
from handbook.slides.paint import resolve
from handbook.slides.pieces import Para, Piece, Run, pt
from handbook.slides.spec import Geometry, SlideSpec

LINE = 1.22  # Carlito's single line spacing, as the deck measures it
MONO = "'DejaVu Sans Mono', Consolas, monospace"
JUSTIFY = {"t": "flex-start", "ctr": "center", "b": "flex-end"}


def box(rect: Rect) -> str:
    return (f"left:{pt(rect.left):.1f}px;top:{pt(rect.top):.1f}px;"
            f"width:{pt(rect.width):.1f}px;height:{pt(rect.height):.1f}px")


def slide(spec: SlideSpec, info: LayoutInfo, geometry: Geometry, url) -> str:
    """One slide as an absolutely positioned <div>; URL maps a picture's path to its URL."""
    background = f"#{info.background}" if info.background else "#FFFFFF"
    parts = [_title(spec, info, geometry)]
    if spec.pieces:
        parts += [_piece(p, info, geometry, url) for p in spec.pieces]
    elif spec.lines and info.texts:
        paras = tuple(Para((Run(line, bold=i == 0),), 24 if i == 0 else 16)
                      for i, line in enumerate(spec.lines))
        parts.append(_text(Piece("lines", info.texts[0], paras), info,
                           f"#{info.text_colour}" if info.text_colour else None))
    return f'<div class="slide-page" style="background:{background}">{"".join(parts)}</div>'


def _title(spec: SlideSpec, info: LayoutInfo, geometry: Geometry) -> str:
    size = geometry.title_style.size_pt * (spec.title_scale if spec.kind not in
                                           ("title", "part", "chapter") else 1.25)
    colour = f"#{info.title_colour}" if info.title_colour else "inherit"
    return (f'<div class="slide-title" style="{box(info.title)};font-size:{size:.1f}px;'
            f'color:{colour}">{html.escape(spec.title)}</div>')


def _piece(piece: Piece, info: LayoutInfo, geometry: Geometry, url) -> str:
    if piece.role == "picture" and piece.image is not None:
        source = url(piece.image.path) or ""
        return (f'<img class="piece" style="{box(piece.rect)}" src="{html.escape(source)}" '
                f'alt="{html.escape(piece.image.alt)}">')
    if piece.role == "qr":
        from handbook.links import qr_svg_uri

        return (f'<img class="piece" style="{box(piece.rect)}" src="{qr_svg_uri(piece.link)}" '
                f'alt="QR code for {html.escape(piece.link or "")}">')
    if piece.role == "table" and piece.table is not None:
        return _table(piece, info)
    if piece.placeholder is not None:
        return _placeholder(piece, info, geometry)
    return _text(piece, info, resolve(piece.colour, info))


def _text(piece: Piece, info: LayoutInfo, colour: str | None) -> str:
    left, top, right, bottom = piece.margins
    style = [box(piece.rect), f"padding:{top}px {right}px {bottom}px {left}px",
             f"justify-content:{JUSTIFY[piece.anchor]}"]
    if piece.fill:
        style.append(f"background:#{resolve(piece.fill, info)}")
    if piece.shape == "ellipse":
        style.append("border-radius:50%")
    elif piece.shape == "roundRect":
        radius = 0.3 * min(pt(piece.rect.width), pt(piece.rect.height))
        style.append(f"border-radius:{radius:.0f}px")
    if colour:
        style.append(f"color:{colour if colour.startswith('#') else '#' + colour}")
    kind = " decorative" if piece.decorative else ""
    body = "".join(_para(p, i == 0) for i, p in enumerate(piece.paras))
    return f'<div class="piece{kind}" style="{";".join(style)}">{body}</div>'


def _para(para: Para, first: bool, scale: float = 1.0, indent: float | None = None) -> str:
    size = para.size * scale
    indent = para.indent if indent is None else indent
    style = [f"font-size:{size:.1f}px", f"line-height:{LINE * para.line:.2f}",
             f"text-align:{ {'l': 'left', 'ctr': 'center', 'r': 'right'}[para.align]}",
             f"margin-top:{0 if first else para.before * scale:.1f}px"]
    bullet = ""
    if para.bullet and para.bullet != "none":
        style.append(f"padding-left:{indent:.1f}px;text-indent:-{indent:.1f}px")
        bullet = f'<span class="bullet" style="width:{indent:.1f}px">{para.bullet}</span>'
    runs = "".join(_run(r) for r in para.runs)
    return f'<p style="{";".join(style)}">{bullet}{runs}</p>'


def _run(run: Run) -> str:
    style = []
    if run.bold:
        style.append("font-weight:bold")
    if run.italic:
        style.append("font-style:italic")
    if run.mono:
        style.append(f"font-family:{MONO};white-space:pre-wrap")
    if run.colour and run.colour.startswith("#"):
        style.append(f"color:{run.colour}")
    text = html.escape(run.text)
    if run.href and run.href.startswith(("http://", "https://", "mailto:")):
        text = f'<a href="{html.escape(run.href)}">{text}</a>'
    return f'<span style="{";".join(style)}">{text}</span>' if style else text


def _placeholder(piece: Piece, info: LayoutInfo, geometry: Geometry) -> str:
    """Bullets in the layout's body placeholder, at the template's sizes times the shrink."""
    body = []
    for index, para in enumerate(piece.paras):
        style = geometry.levels.get(para.level, geometry.levels[0])
        shown = Para(para.runs, style.size_pt, bullet="" if para.bullet == "none" else "•",
                     indent=max(style.indent_pt, 18), before=style.space_before_pt,
                     line=style.line_spacing)
        body.append(_para(shown, index == 0, piece.scale))
    colour = f"color:#{info.text_colour}" if info.text_colour else ""
    return (f'<div class="piece" style="{box(piece.rect)};padding:3.6px 7.2px;{colour}">'
            f'{"".join(body)}</div>')


def _table(piece: Piece, info: LayoutInfo) -> str:
    from handbook.model import plain

    table = piece.table
    size = piece.paras[0].size if piece.paras else 20
    widths = "".join(f'<col style="width:{pt(w):.1f}px">' for w in piece.widths)
    rows = []
    for index, row in enumerate((table.header, *table.rows)):
        tag = "th" if index == 0 else "td"
        height = pt(piece.heights[index]) if index < len(piece.heights) else 0
        cells = "".join(f"<{tag}>{html.escape(plain(c))}</{tag}>" for c in row)
        rows.append(f'<tr style="height:{height:.1f}px">{cells}</tr>')
    accent = resolve("accent1", info)
    return (f'<table class="piece" style="{box(piece.rect)};font-size:{size:.1f}px;'
            f'--head:#{accent}"><colgroup>{widths}</colgroup>{"".join(rows)}</table>')
