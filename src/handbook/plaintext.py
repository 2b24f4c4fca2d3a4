"""Speaker notes: everything a section says in the handbook, as plain text."""

from __future__ import annotations

from handbook.model import (
    Block,
    Callout,
    Code,
    DefinitionList,
    Image,
    ListBlock,
    Paragraph,
    Quote,
    Subheading,
    Table,
    plain,
)


def blocks_text(blocks: tuple[Block, ...]) -> str:
    """The blocks as readable plain text, blank lines between them."""
    return "\n\n".join(t for t in (block_text(b) for b in blocks) if t)


def block_text(block: Block) -> str:
    if isinstance(block, Paragraph):
        return _with_links(block.spans)
    if isinstance(block, ListBlock):
        return list_text(block)
    if isinstance(block, Table):
        return table_text(block)
    if isinstance(block, Image):
        return f"[{block.caption or block.alt}]"
    if isinstance(block, Quote):
        return "\n".join(f"“{line}”" if line else "" for line in
                         blocks_text(block.blocks).split("\n"))
    if isinstance(block, Callout):
        body = blocks_text(block.blocks)
        return f"{block.title.upper()}: {body}" if block.title else body
    if isinstance(block, Code):
        return block.text
    if isinstance(block, DefinitionList):
        return "\n".join(f"{plain(d.term)}: {' '.join(plain(x) for x in d.definitions)}"
                         for d in block.items)
    if isinstance(block, Subheading):
        return plain(block.spans).upper()
    return ""


def list_text(block: ListBlock, depth: int = 0) -> str:
    lines = []
    for number, item in enumerate(block.items, start=1):
        marker = f"{number}." if block.ordered else "-"
        lines.append(f"{'  ' * depth}{marker} {_with_links(item.spans)}")
        lines.extend(list_text(child, depth + 1) for child in item.children)
    return "\n".join(lines)


def table_text(table: Table) -> str:
    rows = [table.header, *table.rows]
    return "\n".join(" | ".join(plain(cell) for cell in row) for row in rows)


def _with_links(spans) -> str:
    """Plain text, with each external link's address after its text."""
    out = []
    for span in spans:
        out.append(span.text)
        if span.href and span.href.startswith("http") and span is _last_of_link(spans, span):
            out.append(f" ({span.href})")
    return " ".join("".join(out).split())


def _last_of_link(spans, span):
    same = [s for s in spans if s.href == span.href]
    return same[-1] if same else None
