"""Fenced code for print: highlighted by Pygments, its source kept for the document model.

PyMdown SuperFences finds fenced code anywhere a block can be (lists, quotes, boxes) and calls
`format_code` for each; the HTML goes into Python-Markdown's stash and the tree keeps a
placeholder. `md.handbook_code` maps that HTML back to (source, language), so the model reads
the code as written, not from its HTML.
"""

from __future__ import annotations

import html

CODE_STYLE = "default"  # Pygments' own style: dark enough on the light code background
OUTPUT_LANGUAGES = {"output", "out", "result", "stdout", "stderr", "console-output", "error",
                    "text-output"}


def format_code(source: str, language: str, class_name: str, options, md, **kwargs) -> str:
    """`<pre class="code" data-language="…"><code>` with Pygments' inline-styled spans."""
    from pygments import highlight
    from pygments.formatters import HtmlFormatter

    lexer = lexer_for(language)
    body = html.escape(source) if lexer is None else \
        highlight(source, lexer, HtmlFormatter(nowrap=True, noclasses=True, style=CODE_STYLE))
    classes = " ".join(["code", *(f"language-{language}" for _ in [0] if language),
                        *kwargs.get("classes", [])])
    ident = kwargs.get("id_value")
    attrs = f' id="{html.escape(ident)}"' if ident else ""
    options = options or {}
    marked = _line_numbers(str(options.get("hl_lines", "")))
    start = str(options.get("linenums", "")).split()[0] if options.get("linenums") else ""
    if start.isdigit():  # MkDocs' linenums="1": numbered lines, counted by the stylesheet
        classes += " numbered"
        attrs += f' style="counter-reset: line {int(start) - 1}"'
    title = options.get("title") or (kwargs.get("attrs") or {}).get("filename")
    lines = "".join(f'<span class="line{" marked" if number in marked else ""}">{line or " "}'
                    "</span>" for number, line in enumerate(body.rstrip("\n").split("\n"), 1))
    head = f'<span class="code-title">{html.escape(str(title))}</span>' if title else ""
    out = f'<pre class="{classes}"{attrs}><code>{head}{lines}</code></pre>'
    registry = getattr(md, "handbook_code", None)
    if registry is None:
        registry = md.handbook_code = {}
    registry[out] = (source.rstrip("\n"), language or None)
    return out


def lexer_for(language: str | None):
    """Pygments' lexer for LANGUAGE, or None (plain text) when it has none."""
    if not language or language.lower() in OUTPUT_LANGUAGES:
        return None
    from pygments.lexers import get_lexer_by_name
    from pygments.util import ClassNotFound

    try:
        return get_lexer_by_name(language, stripnl=False, ensurenl=False)
    except ClassNotFound:
        return None


def is_output(language: str | None) -> bool:
    """Code that shows what a program printed, not what to type."""
    return (language or "").lower() in OUTPUT_LANGUAGES


def _line_numbers(spec: str) -> set[int]:
    """MkDocs' hl_lines="1 3-5": the numbers of the lines to mark."""
    found: set[int] = set()
    for part in spec.split():
        low, _, high = part.partition("-")
        if low.isdigit() and (not high or high.isdigit()):
            found.update(range(int(low), int(high or low) + 1))
    return found
