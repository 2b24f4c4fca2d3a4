"""Speaker notes: what a section says in the handbook, as plain text a trainer can read aloud.

Tables become rows of readable text, figures their caption, boxes their text without a
markup label; a link is its text (the address is on the slide, as a QR code, and in print).
Boxes for the trainer (`::: notes`, `!!! trainer`) are left out here: `trainer_text` has them.
"""

from __future__ import annotations

from handbook.model import (
    Block,
    Callout,
    Code,
    DefinitionList,
    Image,
    Inline,
    ListBlock,
    Paragraph,
    Quote,
    Subheading,
    Table,
    inner_blocks,
    plain,
)

# boxes whose title is only a label ("In short", "Want to know more?"): their text says it all
UNLABELLED = {"summary", "abstract", "tldr", "more", "seealso", "further", "reading"}


def blocks_text(blocks: tuple[Block, ...]) -> str:
    """The blocks as readable plain text, blank lines between them."""
    return "\n\n".join(t for t in (block_text(b) for b in blocks) if t)


def block_text(block: Block) -> str:
    if isinstance(block, Paragraph):
        return plain(block.spans)
    if isinstance(block, ListBlock):
        return list_text(block)
    if isinstance(block, Table):
        return table_text(block)
    if isinstance(block, Image):
        return block.caption or block.alt
    if isinstance(block, Quote):
        return "\n".join(f"“{line}”" if line else "" for line in
                         blocks_text(block.blocks).split("\n"))
    if isinstance(block, Callout):
        return callout_text(block)
    if isinstance(block, Code):
        return block.text
    if isinstance(block, DefinitionList):
        return "\n".join(f"{plain(d.term)}: {' '.join(plain(x) for x in d.definitions)}"
                         for d in block.items)
    if isinstance(block, Subheading):
        return plain(block.spans)
    return ""


def callout_text(callout: Callout) -> str:
    """A box's text, after its title where the title says more than the kind of box."""
    if callout.for_trainer:
        return ""
    body = blocks_text(callout.blocks)
    if not callout.title or callout.kind in UNLABELLED or not body:
        return body
    joiner = "\n" if body.startswith(("- ", "1. ")) else " "
    return f"{callout.title}:{joiner}{body}"


def trainer_text(blocks: tuple[Block, ...], skip: frozenset[str] = frozenset()) -> str:
    """The text of the boxes for the trainer among BLOCKS (and in the boxes, lists and quotes
    they hold, except boxes of the kinds SKIP)."""
    return "\n\n".join(t for t in (blocks_text(box.blocks) for box in trainer_boxes(blocks, skip))
                       if t)


def trainer_boxes(blocks: tuple[Block, ...], skip: frozenset[str] = frozenset()) -> list[Callout]:
    found: list[Callout] = []
    for block in blocks:
        if isinstance(block, Callout) and block.for_trainer:
            found.append(block)
        elif not (isinstance(block, Callout) and block.kind in skip):
            found.extend(trainer_boxes(inner_blocks(block), skip))
    return found


def list_text(block: ListBlock, depth: int = 0) -> str:
    lines = []
    for number, item in enumerate(block.items, start=1):
        marker = f"{number}." if block.ordered else "-"
        lines.append(f"{'  ' * depth}{marker} {plain(item.spans)}")
        lines.extend(list_text(child, depth + 1) for child in item.children)
    return "\n".join(lines)


def table_text(table: Table) -> str:
    """One line per row: "1956: Dartmouth workshop …", or with more columns
    "Spam filter – What the AI does: Sorts mail; Kind of AI: Machine learning"."""
    return "\n".join(f"- {row_text(table.header, row)}" for row in table.rows)


def row_text(header: tuple[Inline, ...], row: tuple[Inline, ...]) -> str:
    cells = [plain(cell) for cell in row]
    names = [plain(cell) for cell in header]
    if len(cells) <= 2:
        return ": ".join(c for c in cells if c)
    rest = [f"{name}: {cell}" if name else cell
            for name, cell in zip(names[1:], cells[1:], strict=False) if cell]
    return f"{cells[0]} – {'; '.join(rest)}" if cells[0] else "; ".join(rest)
